#!/bin/sh
# Sweeps in unlucky hands: a merge of a folder without the sweep, damaged task
# files on --resume, many processes setting up one folder at once (as the shares of
# a Slurm array do), a set-up killed half-way, absurd Slurm variables, and the
# sensitivity analysis of degenerate and too small designs. Usage: test_sweeps.sh
# REINTEGRA SOURCE_DIR (run in a scratch folder).
. "$(dirname "$0")/lib.sh"
# One thread per run: several processes run at once here.
export OMP_NUM_THREADS=1
cp "$DATA/baseline.cfg" "$DATA/merge_without_sweep.cfg" "$DATA/sweep_metric_ranks_equal_parameter.cfg" .

# --merge of a folder that holds no such sweep: one line, not a crash.
expect 2 "^reintegra: nowhere: holds no sweep \(no fingerprint file\)" \
    "$RG" sweep merge_without_sweep.cfg -o nowhere --merge
mkdir other && echo "someone's file" > other/notes.txt
expect 2 "other: the output folder is not empty and holds no sweep" \
    "$RG" sweep merge_without_sweep.cfg -o other -q
expect 2 "^reintegra: other: holds no sweep" "$RG" sweep merge_without_sweep.cfg -o other --merge

# Absurd Slurm array variables are refused, never wrapped into no work and status 0.
for env in "SLURM_ARRAY_TASK_ID=99999999999999999999 SLURM_ARRAY_TASK_COUNT=8" \
    "SLURM_ARRAY_TASK_ID=9223372036854775807 SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=9223372036854775807" \
    "SLURM_ARRAY_TASK_ID=-1 SLURM_ARRAY_TASK_COUNT=8" "SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=8 SLURM_ARRAY_TASK_STEP=0" \
    "SLURM_ARRAY_TASK_ID=1x SLURM_ARRAY_TASK_COUNT=8"; do
    expect 2 "^reintegra: SLURM_ARRAY_TASK_\*: expected whole numbers from 0 to 1000000000" \
        env $env "$RG" sweep merge_without_sweep.cfg -o absurd
done
check "absurd Slurm variables created nothing" test ! -e absurd
expect 0 "this array task's share is empty" \
    env SLURM_ARRAY_TASK_ID=0 SLURM_ARRAY_TASK_COUNT=100 "$RG" sweep merge_without_sweep.cfg -o many

# Eight shares of an array set one folder up at once: each runs its share once.
i=0 pids=
while [ $i -lt 8 ]; do
    SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_COUNT=8 SLURM_ARRAY_TASK_MIN=0 \
        "$RG" sweep merge_without_sweep.cfg -o together -q > share$i.out 2>&1 &
    pids="$pids $!"
    i=$((i + 1))
done
failed=0
for pid in $pids; do wait "$pid" || failed=$((failed + 1)); done
check "every share started together ends with status 0" [ "$failed" -eq 0 ]
[ "$failed" -eq 0 ] || cat share*.out
expect 0 "together: 12 tasks: 12 done, 0 failed, 0 not run" "$RG" sweep merge_without_sweep.cfg -o together --merge
done_lines=$(cat together/manifest-*.tsv | grep -c '	done	')
done_tasks=$(cat together/manifest-*.tsv | grep '	done	' | cut -f1 | sort -u | wc -l)
check "each task done exactly once ($done_lines lines, $done_tasks tasks)" \
    [ "$done_lines" -eq 12 -a "$done_tasks" -eq 12 ]

# A set-up killed half-way (its files written, the fingerprint not) is finished by
# the next start, not refused.
mkdir -p halfway/tasks && cp merge_without_sweep.cfg halfway/sweep.cfg
: > halfway/.lock && : > halfway/design.tsv.tmp.12345
expect 0 "halfway: 12 tasks: 12 done, 0 failed" "$RG" sweep merge_without_sweep.cfg -o halfway

# A second process on the same tasks is refused while the first runs them.
sed "s/run.agents=300/run.agents=2000/" merge_without_sweep.cfg > slower.cfg
"$RG" sweep slower.cfg -o busy -q & first=$!
n=0
until grep -q '	done	' busy/manifest.tsv 2>/dev/null || [ $n -ge 1200 ]; do
    sleep 0.05
    n=$((n + 1))
done
expect 2 "busy: another reintegra process is running tasks of this sweep" \
    "$RG" sweep slower.cfg -o busy -q
wait $first
check "the first sweep ends with status 0" [ $? -eq 0 ]

# --resume verifies each task recorded as done: damaged files are run again and
# never indexed.
expect 0 "12 done" "$RG" sweep merge_without_sweep.cfg -o damaged
head -c 64 /dev/zero | tr '\0' '\377' |
    dd of=damaged/tasks/task-000003.h5 bs=1 seek=20000 conv=notrunc 2>/dev/null
head -c 4000 damaged/tasks/task-000005.h5 > cut && mv cut damaged/tasks/task-000005.h5
expect 2 "damaged" $DAMAGED "$RG" verify damaged/tasks/task-000003.h5
expect 0 "damaged: 12 tasks: 12 done, 0 failed, 0 not run" $DAMAGED "$RG" sweep merge_without_sweep.cfg -o damaged --resume
expect 0 "task-000003.h5: ok" "$RG" verify damaged/tasks/task-000003.h5 damaged/tasks/task-000005.h5
"$RG" sweep merge_without_sweep.cfg -o intact -q
# The same numbers (the files differ only in their time stamps).
for t in 000003 000005; do
    for g in summary agents trajectories events config; do
        check "re-run task $t: /$g is the intact sweep's" \
            h5diff -q damaged/tasks/task-$t.h5 intact/tasks/task-$t.h5 /$g /$g
    done
done
"$RG" sensitivity damaged --metric arrest_y1 --csv damaged.csv > /dev/null
"$RG" sensitivity intact --metric arrest_y1 --csv intact.csv > /dev/null
check "the index after re-running damaged tasks equals the intact one" cmp -s damaged.csv intact.csv

# A metric whose ranks equal a parameter's: PRCC +1 with a note, not NaN.
# (Smaller runs than the reported case: the same defect, in a fifth of the time.)
sed -e 's/run.agents=2000/run.agents=1000/' -e 's/run.months=36/run.months=13/' \
    -e 's/replicates = 2/replicates = 1/' sweep_metric_ranks_equal_parameter.cfg > ranks.cfg
"$RG" sweep ranks.cfg -o ranks -q || echo "FAIL: the ranks sweep"
expect 0 "offending.base_rate +1.000 +\[ 1.000,  1.000\]" "$RG" sensitivity ranks --metric arrest_y1
expect 0 "note: the output's ranks equal those of offending.base_rate: its PRCC is \+1" \
    "$RG" sensitivity ranks --metric arrest_y1
expect 0 "warning: the output's ranks equal" "$RG" sensitivity ranks --metric arrest_y1 --csv -
expect 2 "is the sweep's index; refusing to overwrite an input" \
    "$RG" sensitivity ranks --metric arrest_y1 --csv ranks/index.h5

# Sobol indices of too small a Saltelli design: said, not silently printed.
sed -e 's/"lhs"/"saltelli"/' -e 's/points = 6/points = 8/' -e 's/replicates = 2/replicates = 1/' \
    merge_without_sweep.cfg > saltelli8.cfg
"$RG" sweep saltelli8.cfg -o saltelli8 -q || echo "FAIL: the Saltelli sweep"
expect 0 "note: 8 base samples are too few for Sobol indices to mean anything" \
    "$RG" sensitivity saltelli8 --metric arrest_y1

finish
