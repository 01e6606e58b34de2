#!/bin/sh
# `reintegra compare --uncertainty`: with every uncertainty at zero (--spread 0) the
# noise-plus-parameters interval is the noise-alone interval; a parameter given a
# wide range and a strong effect on a contrast is its top driver; bad input gets
# one line and exit status 2; a second call resumes without running anything.
# Usage: test_uncertainty.sh REINTEGRA SOURCE_DIR PYTHON
set -u
RG=$1
SRC=$2
PY=${3:-python3}
W=uncertainty_cli.d
rm -rf "$W"
mkdir -p "$W"
cd "$W" || exit 1
fail() {
    echo "FAIL: $*"
    exit 1
}
SET="--set run.agents=400 --set run.months=12 --quiet"
"$RG" run "$SRC/scenarios/baseline.cfg" --replicates 2 -o base.h5 $SET || fail "baseline runs"
"$RG" run "$SRC/scenarios/cbt.cfg" --replicates 2 -o cbt.h5 $SET || fail "cbt runs"

# 1. No uncertainty: every set is the files' parameters, so the two intervals agree
# (to 1e-9 of the interval's width: the bisection of the mixture's quantiles stops
# at 1e-13 of its bracket).
"$RG" compare base-r*.h5 cbt-r*.h5 --uncertainty 3 --spread 0 -o zero --csv zero.csv \
    --quiet >zero.txt || fail "spread 0: $(cat zero.txt)"
"$PY" - zero.csv <<'PY' || fail "spread 0: the intervals differ"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) >= 10, len(rows)
for r in rows:
    lo, hi = float(r["noise_lower"]), float(r["noise_upper"])
    tol = 1e-9 * max(hi - lo, 1e-300) + 1e-12 * max(1, abs(lo), abs(hi))
    for a, b in (("noise_lower", "total_lower"), ("noise_upper", "total_upper")):
        assert abs(float(r[a]) - float(r[b])) <= tol, (r["metric"], r[a], r[b])
    assert r["sets"] == "3" and r["driver1"] == "", r
print(len(rows), "contrasts: both intervals agree")
PY

# With one replicate each the noise interval's method, "unpaired, one replicate
# (normal)", holds a comma: the CSV quotes it and every row keeps its columns.
"$RG" compare base-r1.h5 cbt-r1.h5 --uncertainty 3 --spread 0 -o one --csv one.csv \
    --quiet >one.txt || fail "one replicate: $(cat one.txt)"
"$PY" - one.csv <<'PY' || fail "one replicate: the CSV's columns shift"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert len(rows) > 1 and all(len(r) == len(rows[0]) for r in rows), [len(r) for r in rows]
head = rows[0]
methods = {r[head.index("noise_method")] for r in rows[1:]}
assert methods == {"unpaired, one replicate (normal)"}, methods
assert all(r[head.index("base")] == "baseline" for r in rows[1:])
PY

# The same as a Slurm job array of three tasks (shares of the 12 runs, one across
# the scenarios' boundary), then the command outside the array: the same numbers.
for id in 0 1 2; do
    SLURM_ARRAY_TASK_ID=$id SLURM_ARRAY_TASK_COUNT=3 "$RG" compare base-r*.h5 cbt-r*.h5 \
        --uncertainty 3 --spread 0 -o zero_slurm --quiet >share.txt ||
        fail "array task $id: $(cat share.txt)"
    grep -q "finished here (0 failed)" share.txt || fail "array task $id: $(cat share.txt)"
done
"$RG" compare base-r*.h5 cbt-r*.h5 --uncertainty 3 --spread 0 -o zero_slurm --csv slurm.csv \
    --quiet >/dev/null || fail "after the array"
cmp -s zero.csv slurm.csv || fail "the array's analysis differs from the single process's"

# 2. A wide range on the programme's own effect (CBT's hazard ratio, which the base
# does not use) drives the contrast of rearrest within a year, against two
# assumptions at their declared ranges.
"$RG" compare base-r*.h5 cbt-r*.h5 --uncertainty 12 -o wide --quiet --json wide.json --csv wide.csv \
    --vary offending.rr_homeless,offending.stigma_effect \
    --range cbt.hazard_ratio=0.2:1 >wide.txt || fail "wide range: $(cat wide.txt)"
grep -q "drivers (PRCC): cbt.hazard_ratio" wide.txt || fail "no drivers in $(cat wide.txt)"
"$PY" - wide.json <<'PY' || fail "cbt.hazard_ratio is not the top driver"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["sets"] == 12 and d["driver_method"] == "PRCC", d["sets"]
by = {c["metric"]: c for c in d["contrasts"]}
for m in ("rearrest_1y",):
    top = by[m]["drivers"][0]
    assert top["parameter"] == "cbt.hazard_ratio" and top["rcc"] > 0.8, (m, by[m]["drivers"])
    t, n = by[m]["total"], by[m]["noise"]
    assert t["upper"] - t["lower"] >= n["upper"] - n["lower"], (m, t, n)
print("cbt.hazard_ratio drives the contrasts")
PY
# Again: the runs are done, nothing runs, the same numbers.
"$RG" compare base-r*.h5 cbt-r*.h5 --uncertainty 12 -o wide --quiet --json again.json \
    --vary offending.rr_homeless,offending.stigma_effect \
    --range cbt.hazard_ratio=0.2:1 >/dev/null || fail "resume"
cmp -s wide.json again.json || fail "a second call gives other numbers"

# The report shows both intervals and the drivers from the CSV.
"$RG" report base-r*.h5 cbt-r*.h5 -o report.html --uncertainty wide.csv || fail "report"
grep -q '<section id="uncertainty">' report.html && grep -q 'id="psa-forest"' report.html &&
    grep -q '<td>cbt.hazard_ratio +0\.[89]' report.html || fail "the report lacks the uncertainty"
"$RG" report base-r*.h5 -o bad.html --uncertainty base-r1.h5 2>err.txt
[ $? -eq 2 ] && grep -q "not the CSV of" err.txt || fail "report of a bad CSV: $(cat err.txt)"

# A calibration's ABC posterior (PREFIX.h5 of `reintegra calibrate`, the layout of
# docs/guides/calibration.md) gives the fitted parameters their distribution.
"$PY" - <<'PY' || fail "cannot write a posterior"
import h5py, numpy as np
# (as the writer does: HDF5 1.10's format and fixed-length strings, which readers ask for)
with h5py.File("cal.h5", "w", libver=("v110", "v110")) as f:
    f.attrs["format"] = np.bytes_("reintegra-calibration")
    f["parameter_names"] = np.array([b"offending.base_rate", b"offending.decay_power"], dtype="S64")
    f["posterior"] = np.array([[0.09, 0.6], [0.10, 0.62], [0.11, 0.58], [0.095, 0.61]])
PY
"$RG" compare base-r*.h5 cbt-r*.h5 --uncertainty 4 --posterior cal.h5 --dry-run \
    --vary offending.base_rate,offending.decay_power,offending.rr_homeless -o post >post.txt ||
    fail "posterior: $(cat post.txt)"
# (the fitted value shown is the registry's default, whatever the latest fit gave)
fitted=$("$RG" params offending | awk '$1 == "offending.base_rate" { print $3 }')
grep -q "offending.base_rate  *fitted  *$fitted  *posterior" post.txt &&
    grep -q "offending.rr_homeless  *assumed .*log-uniform 0.8 to 3.2" post.txt ||
    fail "the plan does not show the posterior: $(cat post.txt)"
[ ! -e post ] || fail "--dry-run ran something"
"$RG" compare base-r*.h5 cbt-r*.h5 --uncertainty 4 --vary offending.base_rate -o post \
    --dry-run 2>err.txt && fail "a fitted parameter without a posterior was varied"
grep -q "offending.base_rate has no uncertainty (fitted" err.txt || fail "$(cat err.txt)"

# 3. Bad input: one line, exit status 2.
bad() {
    expect=$1
    shift
    "$RG" compare base-r*.h5 cbt-r*.h5 "$@" -o bad >out.txt 2>err.txt
    rc=$?
    [ $rc -eq 2 ] || fail "$* exited $rc, expected 2: $(cat err.txt)"
    [ "$(wc -l <err.txt)" -eq 1 ] || fail "$*: expected one line, got $(cat err.txt)"
    grep -q -- "$expect" err.txt || fail "$*: expected '$expect' in $(cat err.txt)"
    [ ! -e bad/scenario-1 ] || fail "$*: something ran"
}
bad "unknown parameter offending.base_rat; did you mean offending.base_rate?" \
    --uncertainty 5 --vary offending.base_rat
bad "expected a whole number from 3 to 100000; got 2" --uncertainty 2
bad "expected a whole number from 3 to 100000; got 100001" --uncertainty 100001
bad "expected a whole number from 3 to 100000; got many" --uncertainty many
bad "expected NAME=LO:HI" --uncertainty 5 --range offending.base_rate=0.1
bad "inside the parameter's range" --uncertainty 5 --range offending.base_rate=0.1:7
bad "differs between the scenarios" --uncertainty 5 --vary cbt.enrol_window_months
bad "has no uncertainty" --uncertainty 5 --vary cbt.start_month
bad "not a real or integer model parameter" --uncertainty 5 --vary run.agents
bad "expected a number from 0 to 1" --uncertainty 5 --spread 2
bad "not a calibration" --uncertainty 5 --posterior base-r1.h5
"$RG" compare base-r*.h5 --uncertainty 5 -o bad 2>err.txt
[ $? -eq 2 ] && grep -q "one scenario" err.txt || fail "one scenario: $(cat err.txt)"
echo "compare --uncertainty: intervals, drivers, resumption and bad input"
