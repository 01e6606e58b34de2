#!/bin/sh
# `compare --uncertainty` alone and under `mpirun -np 3` (rank 0 hands out each
# scenario's runs, two workers) gives identical CSV and JSON files and identical
# run files (apart from the attributes that record when, where and how fast a file
# was written). Exit 77 (skipped) without mpirun, MPI in this build, or h5py.
# Usage: test_uncertainty_mpi.sh REINTEGRA SOURCE_DIR HAVE_MPI PYTHON
set -u
RG=$1
SRC=$2
HAVE_MPI=$3
PY=${4:-python3}
command -v mpirun >/dev/null 2>&1 || { echo "no mpirun: skipped"; exit 77; }
[ "$HAVE_MPI" = 1 ] || { echo "this build has no MPI: skipped"; exit 77; }
"$PY" -c "import h5py" 2>/dev/null || { echo "no h5py: skipped"; exit 77; }
W=uncertainty_mpi.d
rm -rf "$W"
mkdir -p "$W"
cd "$W" || exit 1
fail() {
    echo "FAIL: $*"
    exit 1
}
SET="--set run.agents=300 --set run.months=12 --quiet"
"$RG" run "$SRC/scenarios/baseline.cfg" --replicates 2 -o base.h5 $SET || fail "baseline runs"
"$RG" run "$SRC/scenarios/cbt.cfg" --replicates 2 -o cbt.h5 $SET || fail "cbt runs"
ARGS="--uncertainty 4 --vary offending.rr_homeless,justice.sentence_months \
      --range cbt.hazard_ratio=0.2:1 --quiet"
"$RG" compare base-r*.h5 cbt-r*.h5 $ARGS -o serial --csv serial.csv --json serial.json \
    >serial.txt || fail "serial: $(cat serial.txt)"
ROOT=""
[ "$(id -u)" -eq 0 ] && ROOT="--allow-run-as-root"
mpirun $ROOT --oversubscribe -np 3 "$RG" compare base-r*.h5 cbt-r*.h5 $ARGS --threads 1 \
    -o parallel --csv parallel.csv --json parallel.json >parallel.txt ||
    fail "mpirun: $(cat parallel.txt)"
cmp serial.csv parallel.csv || fail "the CSV files differ"
cmp serial.json parallel.json || fail "the JSON files differ"
cmp serial.txt parallel.txt || fail "the printed tables differ"
for s in 1 2; do
    "$PY" "$SRC/tests/sweep/compare_sweeps.py" serial/scenario-$s parallel/scenario-$s ||
        fail "scenario $s: the run files differ"
done
echo "serial and mpirun -np 3 uncertainty analyses agree"
