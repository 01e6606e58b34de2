#!/bin/sh
# The analysis commands: replicates, metrics, compare (paired and unpaired, a run
# with itself), report, CSV, demo, and bad input (one line, exit status 2).
# Usage: test_analysis_cli.sh REINTEGRA SOURCE_DIR H5_TAMPER
set -u
RG=$1
SRC=$2
TAMPER=$3
. "$SRC/tests/analysis/lib.sh"
work_in analysis_cli

for cmd in metrics compare report demo; do
    expect 0 "usage: reintegra $cmd" "$RG" "$cmd" --help
done

BASE="$SRC/scenarios/baseline.cfg"
SMALL="--set run.agents=2000 --set run.months=36 --set output.trajectory_fraction=0.02"
# shellcheck disable=SC2086
"$RG" run "$BASE" -q --replicates 3 -o base.h5 $SMALL || bad "run --replicates"
# shellcheck disable=SC2086
"$RG" run "$BASE" -q --replicates 3 -o fewer.h5 $SMALL --set justice.arrest_probability=0.4 \
    --set run.name=fewer_arrests || bad "run fewer"
# shellcheck disable=SC2086
"$RG" run "$BASE" -q --replicates 3 --seed 101 -o other_seeds.h5 $SMALL \
    --set run.name=other_seeds || bad "run other seeds"
for r in 1 2 3; do
    [ -s base-r$r.h5 ] && [ ! -e base-r$r.h5.partial ] && ok || bad "no base-r$r.h5"
done
[ ! -e base.h5 ] && ok || bad "base.h5 written besides the replicates"
expect 0 "seed 2" "$RG" summarize base-r2.h5
expect 0 "seed 103" "$RG" summarize other_seeds-r3.h5
expect 2 "expected a whole number from 1 to 1000" "$RG" run "$BASE" --replicates 0

# Metrics across replicates.
expect 0 "3 replicates of 2000 people \(seeds 1, 2, 3\)" "$RG" metrics base-r1.h5 base-r2.h5 base-r3.h5
expect 0 "rearrested within 1 year \(%\) +[0-9.]+ \[[0-9.]+, [0-9.]+\]" "$RG" metrics base-r*.h5
expect 0 "gap: black minus white" "$RG" metrics base-r*.h5 --groups
expect 0 "women" "$RG" metrics base-r*.h5 --group female --csv metrics.csv
head -1 metrics.csv | grep -q '^scenario,replicates,group,metric,unit,estimate,lower,upper,method$' &&
    ok || bad "metrics.csv header"
grep -q '^baseline,3,all,rearrest_1y,%,' metrics.csv && ok || bad "metrics.csv row"
expect 0 "normal within the run" "$RG" metrics base-r1.h5
expect 2 "unknown group: nobody" "$RG" metrics base-r1.h5 --group nobody

# A run compared with itself: zero differences, zero-width paired intervals.
expect 0 "paired by seed" "$RG" compare base-r*.h5 base-r*.h5 --csv self.csv
rows=$(awk -F, 'NR > 1 && $3 != "trial" && $8 != "" {
    n++; if ($8 != 0 || $9 != 0 || $10 != 0 || $11 !~ /^paired/) bad++ }
    END { print n + 0, bad + 0 }' self.csv)
case $rows in
"0 "*) bad "self-compare CSV has no rows" ;;
*" 0") ok ;;
*) bad "self-compare: nonzero differences or intervals ($rows)"; head -5 self.csv ;;
esac

# A policy with the same seeds: paired; with other seeds: Welch.
expect 0 "paired by seed" "$RG" compare base-r*.h5 fewer-r*.h5 --csv contrasts.csv
awk -F, '$1 == "baseline" && $3 == "all" && $4 == "rearrest_1y" { exit !($8 < 0 && $10 < 0) }' \
    contrasts.csv && ok || bad "fewer arrests should lower rearrest with an interval below 0"
expect 0 "Welch" "$RG" compare base-r*.h5 other_seeds-r*.h5
# The same seeds in files of another version of the random streams: not paired.
for r in 1 2 3; do
    cp fewer-r$r.h5 streams1-r$r.h5 && "$TAMPER" streams1-r$r.h5 streams_version 1 ||
        bad "h5_tamper streams_version"
done
expect 0 "unpaired \(same seeds, but files of different versions of the random streams" \
    "$RG" compare base-r*.h5 streams1-r*.h5
expect 0 "\"streams_version\": 2" "$RG" summarize base-r1.h5 --json
expect 2 "replicates of one scenario" "$RG" compare base-r1.h5 base-r2.h5

# The report and CSV files.
expect 0 "" "$RG" report base-r*.h5 fewer-r*.h5 -o report.html --csv rep
grep -q "<svg" report.html && grep -q "fewer_arrests" report.html && ok || bad "report content"
[ -s rep-metrics.csv ] && [ -s rep-contrasts.csv ] && ok || bad "report --csv files"
# Answers first: "What changes" is the first section, and says in words that fewer
# arrests clearly lower rearrest (the interval is below zero, as compare says above).
first=$(grep -o '<section id="[a-z-]*"' report.html | head -1)
[ "$first" = '<section id="changes"' ] && ok || bad "the report does not open with what changes: $first"
sed 's/<[^>]*>//g' report.html | grep -Eq "^rearrested within 3 years -[0-9.]+ percentage points \[-[0-9.]+, -[0-9.]+\]: lower than in baseline" &&
    ok || bad "the report does not say that rearrest within 3 years is clearly lower"
grep -q 'id="difference-rearrest"' report.html && ok || bad "no difference-over-time chart"
expect 2 "expected -o REPORT.html" "$RG" report base-r1.h5
expect 2 "no such scenario" "$RG" report base-r1.h5 -o x.html --base nothing

# Bad input: one clear line and exit status 2, never a crash.
echo "not a run" > garbage.h5
one_line 2 "garbage.h5: not an HDF5 file" $DAMAGED "$RG" compare base-r1.h5 garbage.h5
cp base-r1.h5 unfinished.h5.partial
one_line 2 "unfinished run" $DAMAGED "$RG" metrics unfinished.h5.partial
one_line 2 "cannot open" $DAMAGED "$RG" report missing.h5 -o x.html
head -c 4000 base-r1.h5 > truncated.h5
one_line 2 "truncated.h5: " $DAMAGED "$RG" metrics truncated.h5
size=$(wc -c < base-r1.h5)
head -c $((size - 5000)) base-r1.h5 > cut.h5
one_line 2 "cut.h5: " $DAMAGED "$RG" metrics cut.h5
cp base-r1.h5 corrupted.h5
printf 'CORRUPTCORRUPTCORRUPTCORRUPTCORRUPTCORRUPT' |
    dd of=corrupted.h5 bs=1 seek=800 conv=notrunc 2>/dev/null
one_line 2 "corrupted.h5: " $DAMAGED "$RG" metrics corrupted.h5
cp base-r1.h5 schema3.h5
"$TAMPER" schema3.h5 schema_version 3 || bad "h5_tamper"
one_line 2 "schema3.h5: schema version 3; this build reads version 2" $DAMAGED "$RG" compare base-r1.h5 schema3.h5
"$RG" run "$BASE" -q -o short.h5 --set run.agents=500 --set run.months=24 || bad "short run"
one_line 2 "different horizons" "$RG" compare base-r1.h5 short.h5
"$RG" run "$BASE" -q -o noagents.h5 --set run.agents=500 --set run.months=36 \
    --set output.agents=false || bad "run without agents"
one_line 2 "noagents.h5: /agents/sex is missing" $DAMAGED "$RG" metrics noagents.h5
# Corruption anywhere in the metadata gives a status of 0 or 2, never a crash.
crashes=0
for off in 0 64 300 700 1500 2600 4000 6000 9000 14000 20000; do
    cp base-r1.h5 fuzz.h5
    printf '\377\377\377\377\377\377\377\377\000\000\000\000\377\377' |
        dd of=fuzz.h5 bs=1 seek=$off conv=notrunc 2>/dev/null
    $DAMAGED "$RG" metrics fuzz.h5 >/dev/null 2>&1
    st=$?
    [ "$st" -eq 0 ] || [ "$st" -eq 2 ] || { crashes=$((crashes + 1)); echo "offset $off: status $st"; }
done
[ "$crashes" -eq 0 ] && ok || bad "$crashes corrupted files crashed the reader"

# The demo, with the baseline and a stand-in second scenario.
mkdir -p scenarios
cp "$BASE" scenarios/baseline.cfg
cp "$SRC/tests/analysis/data/mentoring.cfg" scenarios/mentoring.cfg
expect 0 "difference" "$RG" demo --scenarios scenarios -o demo --agents 2000 --months 36 \
    --replicates 2 --threads 2
for f in report.html metrics.csv contrasts.csv baseline-r1.h5 mentoring-r2.h5; do
    [ -s "demo/$f" ] && ok || bad "demo/$f missing"
done
one_line 2 "demo: cannot open 'nowhere/baseline.cfg'" "$RG" demo --scenarios nowhere -q
expect 2 "expected a positive whole number" "$RG" demo --agents 0

finish
