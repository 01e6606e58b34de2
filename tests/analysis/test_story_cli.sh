#!/bin/sh
# `reintegra story`: one life, picks from a group, two lives side by side, JSON,
# the sentences against the event log (read with h5py), and bad input (one line,
# exit status 2).
# Usage: test_story_cli.sh REINTEGRA SOURCE_DIR PYTHON
set -u
RG=$1
SRC=$2
PY=${3:-python3}
. "$SRC/tests/analysis/lib.sh"
work_in story_cli

SMALL="--set run.agents=2000 --set run.months=36 --set output.trajectory_fraction=0.1 --seed 5"
# shellcheck disable=SC2086
"$RG" run "$SRC/scenarios/baseline.cfg" -q -o base.h5 $SMALL || bad "run baseline"
# shellcheck disable=SC2086
"$RG" run "$SRC/scenarios/ban_the_box.cfg" -q -o btb.h5 $SMALL || bad "run ban_the_box"
# shellcheck disable=SC2086
"$RG" run "$SRC/scenarios/baseline.cfg" -q -o seed6.h5 $SMALL --seed 6 || bad "run seed 6"
# shellcheck disable=SC2086
"$RG" run "$SRC/scenarios/baseline.cfg" -q -o bigger.h5 $SMALL --set run.agents=2500 ||
    bad "run 2500"
# shellcheck disable=SC2086
"$RG" run "$SRC/scenarios/baseline.cfg" -q -o noevents.h5 $SMALL --set output.events=false ||
    bad "run without events"

expect 0 "usage: reintegra story" "$RG" story --help
expect 0 "^Person 10: a" "$RG" story base.h5 --agent 10
expect 0 "^After 36 months: " "$RG" story base.h5 --agent 10
expect 0 "3 people of group female" "$RG" story base.h5 --pick 3 --group female
n=$("$RG" story base.h5 --pick 3 --group female | grep -c "^Person [0-9]*: a.*woman")
[ "$n" -eq 3 ] && ok || bad "--pick 3 --group female told $n women"
"$RG" story base.h5 --pick 5 --group black >a.txt && "$RG" story base.h5 --pick 5 --group black >b.txt
cmp -s a.txt b.txt && ok || bad "picks are not reproducible"
# The same seed picks the same people in another scenario.
"$RG" story btb.h5 --pick 5 --group black | grep "^Person" | cut -d: -f1 >c.txt
grep "^Person" a.txt | cut -d: -f1 | cmp -s - c.txt && ok || bad "the same seed, other people"
expect 0 "Where they part: " "$RG" story base.h5 --pick 2 --group black --compare btb.h5
expect 0 "^At the end:" "$RG" story base.h5 --agent 3 --compare btb.h5
expect 0 "Month 1 \(both\): was released" "$RG" story base.h5 --agent 3 --compare btb.h5
"$RG" story base.h5 --pick 2 --compare btb.h5 --json >story.json || bad "story --json"
"$PY" -c "
import json, sys
d = json.load(open('story.json'))
assert d['seed'] == 5 and len(d['people']) == 2, d.keys()
for p in d['people']:
    assert p['lines'][0]['text'].startswith('Person %d: ' % p['id'])
    assert 'text' in p['compare'] and 'diverged' in p['compare']
" && ok || bad "story --json is not the JSON expected"

# Every arrest of the event log is told as an arrest in its month (months since
# release), for the first 20 people arrested; read with h5py.
"$PY" - <<'PY' >arrests.txt || bad "reading the event log with h5py"
import h5py, numpy as np
with h5py.File("base.h5", "r") as f:
    agent, month, kind = (f["events/" + c][:] for c in ("agent", "month", "type"))
    release = f["agents/release_month"][:]
ids = sorted(set(agent[kind == 3].tolist()))[:20]
for i in ids:
    months = sorted(set((month[(agent == i) & (kind == 3)] - release[i] + 1).tolist()))
    print(i, " ".join(str(m) for m in months))
PY
[ "$(wc -l <arrests.txt)" -eq 20 ] && ok || bad "fewer than 20 people arrested"
missing=0
while read -r id months; do
    "$RG" story base.h5 --agent "$id" >life.txt || missing=$((missing + 1))
    for m in $months; do
        grep -Eq "^Month $m: .*arrested" life.txt || {
            missing=$((missing + 1))
            echo "person $id: no arrest told in month $m"
        }
    done
    told=$(grep -Ec "^Month [0-9]+: .*arrested" life.txt)
    [ "$told" -eq "$(echo "$months" | wc -w)" ] || {
        missing=$((missing + 1))
        echo "person $id: arrests told in $told months, the log has $months"
    }
done <arrests.txt
[ "$missing" -eq 0 ] && ok || bad "$missing arrests differ between the story and the event log"

# The report's three lives: three people in both scenarios; a run without its
# event log leaves the section one line saying so.
"$RG" report base.h5 btb.h5 -o report.html || bad "report"
[ "$(grep -c '<div class="life">' report.html)" -eq 3 ] && ok || bad "the report lacks three lives"
"$RG" report base.h5 noevents.h5 -o report2.html || bad "report without events"
grep -q "No lives to tell: noevents.h5: the run was written without its event log" report2.html &&
    ok || bad "the report does not say why it tells no lives"

# Bad input: one line, status 2.
one_line 2 "nothere.h5: cannot open" $DAMAGED "$RG" story nothere.h5
one_line 2 "no person 2000: the run has 2000 people" "$RG" story base.h5 --agent 2000
one_line 2 "unknown group: nope; expected one of: all, male" "$RG" story base.h5 --group nope
one_line 2 "unknown group: gap_black_white" "$RG" story base.h5 --group gap_black_white
one_line 2 "seed 5 and seed6.h5 seed 6: only runs with the same seed" \
    "$RG" story base.h5 --compare seed6.h5
one_line 2 "2000 people and bigger.h5 2500" "$RG" story base.h5 --compare bigger.h5
one_line 2 "nobody of group record_cleared .*only in runs with Fresh Start" \
    "$RG" story base.h5 --group record_cleared
one_line 2 "without its event log .* --set output.events=true" "$RG" story noevents.h5
one_line 2 "without its event log" "$RG" story base.h5 --compare noevents.h5
head -c 5000 base.h5 >cut.h5
one_line 2 "cut.h5: damaged" $DAMAGED "$RG" story cut.h5
# Damage anywhere in the file (metadata or the chunks of the event log, attributes
# and trajectories) gives a status of 0 or 2 and at most one line, never a crash.
size=$(wc -c <base.h5)
crashes=0
for k in $(seq 0 39); do
    cp base.h5 fuzz.h5
    printf '\377\377\377\377\377\377\377\377\000\000\000\000\377\377' |
        dd of=fuzz.h5 bs=1 seek=$((k * size / 40)) conv=notrunc 2>/dev/null
    $DAMAGED "$RG" story fuzz.h5 --pick 3 --compare btb.h5 >/dev/null 2>err.txt
    st=$?
    if { [ "$st" -ne 0 ] && [ "$st" -ne 2 ]; } || [ "$(wc -l <err.txt)" -gt 1 ]; then
        crashes=$((crashes + 1))
        echo "offset $((k * size / 40)): status $st: $(head -3 err.txt)"
    fi
done
[ "$crashes" -eq 0 ] && ok || bad "$crashes damaged files crashed story or said more than a line"
expect 2 "--agent and --pick exclude each other" "$RG" story base.h5 --agent 1 --pick 2
expect 2 "--pick: expected 1 to 100" "$RG" story base.h5 --pick 0
expect 2 "expected a run file" "$RG" story
expect 2 "second run" "$RG" story base.h5 btb.h5

finish
