#!/bin/sh
# The sweep command: bad input stops before any task with FILE:LINE and status 2; a
# sweep writes its tasks, manifest and index; a sweep killed with SIGKILL and run
# again completes with every task exactly once and the results of an uninterrupted
# sweep; Slurm array shares and --merge; --set; task lists, --missing and --shares;
# a failed task is recorded and the sweep goes on; the progress bar of sweep, run
# and calibrate on a terminal and not in a pipe. Usage: test_sweep.sh REINTEGRA SOURCE_DIR
set -u
RG=$1
SRC=$2
. "$SRC/tests/lib.sh"
W=sweep_cli.d
rm -rf "$W"
mkdir -p "$W"
cd "$W" || exit 1

# Columns of a manifest that a task's results decide (not its wall time).
results() { grep -v '^#' "$1" | grep -v '^task' | cut -f1-5,7- | sort -n; }

cat > base.cfg <<'CFG'
run: { agents = 1000; months = 24; };
output: { events = false; trajectory_fraction = 0.0; };
CFG

# --- bad input: one FILE:LINE line, status 2, nothing written ------------------
bad_sweep() { # NAME BODY
    printf 'base = "base.cfg";\n%s\n' "$2" > "$1"
}
bad_sweep unknown.cfg 'design = "lhs"; points = 10;
parameters = ( { name = "offending.base_rat"; min = 0.01; max = 0.05; } );'
expect 2 "^reintegra: unknown.cfg:3: offending.base_rat: unknown parameter; did you mean offending.base_rate\?" "$RG" sweep unknown.cfg -o never
bad_sweep inverted.cfg 'design = "lhs"; points = 10;
parameters = (
  { name = "offending.base_rate"; min = 0.05; max = 0.01; } );'
expect 2 "^reintegra: inverted.cfg:4: offending.base_rate: the range \[0.05, 0.01\] is inverted; expected min < max" "$RG" sweep inverted.cfg -o never
bad_sweep empty.cfg 'design = "sobol"; points = 10;
parameters = ( { name = "offending.base_rate"; min = 0.05; max = 0.05; } );'
expect 2 "^reintegra: empty.cfg:3: offending.base_rate: the range \[0.05, 0.05\] is empty" "$RG" sweep empty.cfg -o never
bad_sweep emptyvalues.cfg 'parameters = ( { name = "offending.base_rate"; values = []; } );'
expect 2 "^reintegra: emptyvalues.cfg:2: offending.base_rate: values is empty" "$RG" sweep emptyvalues.cfg -o never
bad_sweep range.cfg 'parameters = ( { name = "offending.base_rate"; values = [0.1, 7.0]; } );'
expect 2 "^reintegra: range.cfg:2: offending.base_rate: value 7 is outside the parameter's range" "$RG" sweep range.cfg -o never
bad_sweep small_saltelli.cfg 'design = "saltelli";
points = 4;
parameters = ( { name = "offending.base_rate"; min = 0.01; max = 0.05; },
               { name = "justice.supervision_share"; min = 0.1; max = 0.9; } );'
expect 2 "^reintegra: small_saltelli.cfg:3: points: 4 base samples are too few for Sobol indices" "$RG" sweep small_saltelli.cfg -o never
bad_sweep small_lhs.cfg 'design = "lhs"; points = 3;
parameters = ( { name = "offending.base_rate"; min = 0.01; max = 0.05; },
               { name = "justice.supervision_share"; min = 0.1; max = 0.9; } );'
expect 2 "^reintegra: small_lhs.cfg:2: points: 3 is too few for partial rank correlations of 2 parameters; expected at least 4" "$RG" sweep small_lhs.cfg -o never
bad_sweep type.cfg 'parameters = ( { name = "output.events"; values = [0, 1]; } );'
expect 2 "^reintegra: type.cfg:2: output.events: a boolean parameter cannot be swept" "$RG" sweep type.cfg -o never
bad_sweep design.cfg 'design = "random";
parameters = ( { name = "offending.base_rate"; min = 0.01; max = 0.05; } );'
expect 2 "^reintegra: design.cfg:2: design: \"random\" is not a design" "$RG" sweep design.cfg -o never
bad_sweep key.cfg 'replicate = 3;
parameters = ( { name = "offending.base_rate"; values = [0.1]; } );'
expect 2 "^reintegra: key.cfg:2: replicate: unknown sweep key" "$RG" sweep key.cfg -o never
bad_sweep steps.cfg 'parameters = ( { name = "offending.base_rate"; min = 0.01; max = 0.05; } );'
expect 2 "^reintegra: steps.cfg:2: offending.base_rate: a grid range needs steps" "$RG" sweep steps.cfg -o never
expect 2 "cannot open 'missing.cfg'" "$RG" sweep missing.cfg -o never
expect 2 "expected one sweep file" "$RG" sweep
expect 2 "unknown option" "$RG" sweep unknown.cfg --frobnicate
expect 0 "usage: reintegra sweep" "$RG" sweep --help
expect 0 "usage: reintegra sensitivity" "$RG" sensitivity --help
[ -e never ] && bad "a bad sweep created its output folder" || ok

# --- a grid sweep: tasks, manifest, index ------------------------------------
cat > grid.cfg <<'CFG'
base = "base.cfg";
design = "grid";
replicates = 2;
seed = 11;
parameters = (
  { name = "offending.base_rate"; values = [0.02, 0.05]; },
  { name = "justice.supervision_share"; min = 0.2; max = 0.8; steps = 3; }
);
CFG
expect 0 "12 tasks \(this process: 0 to 11\)|tasks 0 to 11" "$RG" sweep grid.cfg -o grid --dry-run
expect 0 "grid: 12 tasks: 12 done, 0 failed, 0 not run" "$RG" sweep grid.cfg -o grid --threads 1
n=$(ls grid/tasks | grep -c '^task-[0-9]*\.h5$')
[ "$n" -eq 12 ] && ok || bad "grid: $n task files, expected 12"
n=$(grep -c "	done	" grid/manifest.tsv)
[ "$n" -eq 12 ] && ok || bad "grid: $n done lines in the manifest, expected 12"
# Task 7 = point 3, replicate 1: base rate 0.05, supervision 0.2, seed 12.
expect 0 "base_rate = 0.05;" sh -c "h5dump -d /config grid/tasks/task-000007.h5"
expect 0 "supervision_share = 0.2;" sh -c "h5dump -d /config grid/tasks/task-000007.h5"
expect 0 "seed = 12;" sh -c "h5dump -d /config grid/tasks/task-000007.h5"
expect 0 "done, 0 failed, 0 not run" "$RG" sweep grid.cfg -o grid
expect 0 "partial rank correlation of arrest_y1" "$RG" sensitivity grid --metric arrest_y1 --bootstrap 100
expect 0 "^metric,method,parameter,index,estimate,lower,upper,p_value" "$RG" sensitivity grid/index.h5 --metric prison_end --csv - --bootstrap 50
expect 2 "no metric 'arrest_y9'; expected one of" "$RG" sensitivity grid --metric arrest_y9
expect 2 "--metric NAME is needed" "$RG" sensitivity grid
# The same folder for a different sweep: refused before any task.
sed 's/seed = 11/seed = 12/' grid.cfg > other.cfg
expect 2 "^reintegra: grid/sweep.cfg:1: grid holds a different sweep than other.cfg" "$RG" sweep other.cfg -o grid
expect 2 "holds no sweep to resume" "$RG" sweep grid.cfg -o fresh --resume
mkdir -p notempty && touch notempty/x
expect 2 "notempty: the output folder is not empty and holds no sweep" "$RG" sweep grid.cfg -o notempty

# --- --set over the base: reaches every task, checked as run --set, recorded -------------
expect 0 "^--set over the base: run.agents=300 run.months=12" "$RG" sweep grid.cfg -o set --set run.agents=300 --set run.months=12 --dry-run
expect 0 "set: 12 tasks: 12 done, 0 failed, 0 not run" "$RG" sweep grid.cfg -o set --set run.agents=300 --set run.months=12 --threads 1
for k in 000000 000011; do
    expect 0 '"agents": 300,' "$RG" summarize set/tasks/task-$k.h5 --json
    expect 0 '"months": 12,' "$RG" summarize set/tasks/task-$k.h5 --json
done
[ "$(cat set/set.txt)" = "$(printf 'run.agents=300\nrun.months=12')" ] && ok || bad "set.txt: $(cat set/set.txt)"
expect 0 "run.agents=300" sh -c "h5dump -a set set/index.h5"
# The same errors as run --set, before any task and without a folder.
for a in run.agnts=300 run.agents=abc run.agents=0 agents; do
    want=$("$RG" run base.cfg --set "$a" -o never.h5 2>&1)
    expect 2 "^$(printf '%s' "$want" | sed 's/[][\\.*^$?()|+{}]/\\&/g')\$" "$RG" sweep grid.cfg -o never --set "$a"
done
want=$("$RG" run base.cfg --set population.neighbourhoods=40 --set run.agents=5 -o never.h5 2>&1)
expect 2 "^$(printf '%s' "$want" | sed 's/[][\\.*^$?()|+{}]/\\&/g')\$" "$RG" sweep grid.cfg -o never --set population.neighbourhoods=40 --set run.agents=5
[ -e never ] && bad "a refused --set created the output folder" || ok
# Resuming or merging with other settings is refused, naming both.
expect 2 "^reintegra: set/set.txt:1: the sweep in set was started with --set run.agents=300 --set run.months=12, this command has --set run.agents=400 --set run.months=12; expected the same --set options" "$RG" sweep grid.cfg -o set --set run.agents=400 --set run.months=12 --resume
expect 2 "started with --set run.agents=300 --set run.months=12, this command has no --set" "$RG" sweep grid.cfg -o set --merge
expect 2 "this command has no --set" "$RG" sweep grid.cfg -o set
expect 0 "set: 12 tasks: 12 done, 0 failed, 0 not run" "$RG" sweep grid.cfg -o set --set run.agents=300 --set run.months=12 --resume
expect 2 "the sweep in grid was started with no --set, this command has --set run.agents=300" "$RG" sweep grid.cfg -o grid --set run.agents=300

# --- killed with SIGKILL part-way, then resumed ------------------------------------
cat > long.cfg <<'CFG'
base = "base.cfg";
design = "lhs";
points = 15;
replicates = 2;
set = ["run.agents=5000", "run.months=36"];
parameters = ( { name = "offending.base_rate"; min = 0.02; max = 0.06; },
               { name = "justice.supervision_share"; min = 0.3; max = 0.9; } );
CFG
"$RG" sweep long.cfg -o whole -q --threads 1 || bad "uninterrupted sweep failed"
"$RG" sweep long.cfg -o killed -q --threads 1 &
pid=$!
i=0
while [ $i -lt 600 ]; do
    n=$(grep -c "	done	" killed/manifest.tsv 2>/dev/null)
    [ "${n:-0}" -ge 4 ] && break
    sleep 0.02
    i=$((i + 1))
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
before=$(grep -c "	done	" killed/manifest.tsv)
[ "$before" -lt 30 ] && ok || bad "the sweep finished before it was killed ($before tasks)"
[ -e killed/index.h5 ] && bad "a killed sweep left an index" || ok
expect 0 "killed: 30 tasks: 30 done, 0 failed, 0 not run" "$RG" sweep long.cfg -o killed --resume --threads 1
n=$(ls killed/tasks | grep -c '^task-[0-9]*\.h5$')
[ "$n" -eq 30 ] && ok || bad "resumed: $n task files, expected 30"
n=$(ls killed/tasks | grep -c 'partial')
[ "$n" -eq 0 ] && ok || bad "resumed: $n .partial files left"
n=$(grep -c "	done	" killed/manifest.tsv)
u=$(grep "	done	" killed/manifest.tsv | cut -f1 | sort -u | wc -l)
[ "$n" -eq 30 ] && [ "$u" -eq 30 ] && ok || bad "resumed: manifest has $n done lines for $u tasks"
if [ "$(results whole/manifest.tsv)" = "$(results killed/manifest.tsv)" ]; then ok; else
    bad "resumed sweep differs from the uninterrupted one"
fi

# --- Slurm array shares, then --merge ------------------------------------------------
for id in 0 1 2; do
    out=$(SLURM_ARRAY_TASK_ID=$id SLURM_ARRAY_TASK_COUNT=3 SLURM_ARRAY_TASK_MIN=0 \
        "$RG" sweep grid.cfg -o slurm --threads 1 2>&1)
    st=$?
    [ $st -eq 0 ] && ok || bad "Slurm share $id: status $st: $out"
    printf '%s\n' "$out" | grep -q "tasks $((id * 4)) to $((id * 4 + 3)) of 12 finished here" &&
        ok || bad "Slurm share $id: $out"
done
[ -e slurm/index.h5 ] && bad "a Slurm share wrote the index" || ok
expect 0 "slurm: 12 tasks: 12 done, 0 failed, 0 not run" "$RG" sweep grid.cfg -o slurm --merge
[ "$(results grid/manifest.tsv)" = "$(cat slurm/manifest-*.tsv | grep -v '^#' | grep -v '^task' | cut -f1-5,7- | sort -n)" ] &&
    ok || bad "Slurm shares differ from the single sweep"
expect 2 "SLURM_ARRAY_TASK_ID=5 is outside the array" env SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_COUNT=3 "$RG" sweep grid.cfg -o slurm
expect 0 "tasks 2 to 4 of 12" "$RG" sweep grid.cfg -o range --task-range 2:5
expect 2 "--task-range 5:2: expected A:B" "$RG" sweep grid.cfg -o range --task-range 5:2

# --- lists of tasks (Slurm's --array syntax), --missing, --shares --------------------------
# The small tasks of the --set sweep above, whose manifest they must reproduce.
LS="--set run.agents=300 --set run.months=12"
for l in "7,,12" ",1" "1," ""; do
    expect 2 "^reintegra: --tasks ?$l: (an empty element|the list is empty)" "$RG" sweep grid.cfg -o list $LS --tasks "$l"
done
expect 2 "^reintegra: --tasks 5-3: the range 5-3 is inverted; expected A-B with A <= B" "$RG" sweep grid.cfg -o list $LS --tasks 5-3
expect 2 "^reintegra: --tasks a: 'a' is not a number or a range" "$RG" sweep grid.cfg -o list $LS --tasks a
expect 2 "^reintegra: --tasks 1-x: '1-x' is not a number or a range" "$RG" sweep grid.cfg -o list $LS --tasks 1-x
expect 2 "^reintegra: --tasks 0-4:0: the step of 0-4:0 is 0" "$RG" sweep grid.cfg -o list $LS --tasks 0-4:0
expect 2 "^reintegra: --tasks 3,12: 12 is beyond the last, 11; expected numbers from 0 to 11" "$RG" sweep grid.cfg -o list $LS --tasks 3,12
expect 2 "^reintegra: --tasks 0-9%2: '%' limits how many array tasks" "$RG" sweep grid.cfg -o list $LS --tasks 0-9%2
expect 2 "give --tasks or --task-range, not both" "$RG" sweep grid.cfg -o list $LS --tasks 1 --task-range 0:2
[ -e list ] && bad "a refused --tasks created the output folder" || ok
expect 0 "tasks 1,3-5,8-11:3 \(6\) finished here \(0 failed\)" "$RG" sweep grid.cfg -o list $LS --tasks 1,3-5,8-11:3 --threads 1
n=$(ls list/tasks | grep -c '^task-[0-9]*\.h5$')
[ "$n" -eq 6 ] && ok || bad "--tasks 1,3-5,8-11:3: $n task files, expected 6"
expect 0 "^0,2,6-7,9-10\$" sh -c "$RG sweep grid.cfg -o list $LS --missing 2>/dev/null"
expect 0 "6 of 12 tasks not done" "$RG" sweep grid.cfg -o list $LS --missing
# Shares of an array of 4 (tasks 0-2, 3-5, 6-8, 9-11): 0, 2 and 3 hold tasks not done.
expect 0 "^0,2-3\$" sh -c "$RG sweep grid.cfg -o list $LS --missing --shares 4 -q"
# A sparse array submitted again with those shares' IDs runs exactly them.
for id in 0 2 3; do
    expect 0 "tasks $((id * 3)) to $((id * 3 + 2)) of 12 finished here" env SLURM_ARRAY_TASK_ID=$id \
        SLURM_ARRAY_TASK_COUNT=3 SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=3 "$RG" sweep grid.cfg -o list $LS --shares 4 --threads 1
done
expect 0 "0 of 12 tasks not done" "$RG" sweep grid.cfg -o list $LS --missing
[ -z "$("$RG" sweep grid.cfg -o list $LS --missing -q)" ] && ok || bad "--missing printed a list for a finished sweep"
# (A share's manifest also records the tasks of its range that --tasks had done.)
[ "$(results set/manifest.tsv)" = "$(cat list/manifest-*.tsv | grep -v '^#' | grep -v '^task' | cut -f1-5,7- | sort -n | uniq)" ] &&
    ok || bad "the tasks run by --tasks and --shares differ from the single sweep"
# Without --shares an irregular list of IDs does not say which share to run.
expect 2 "SLURM_ARRAY_TASK_ID=3: the array is a list of IDs \(3 IDs from 0\), which does not say how the sweep is shared; expected --shares N" \
    env SLURM_ARRAY_TASK_ID=3 SLURM_ARRAY_TASK_COUNT=3 SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=3 "$RG" sweep grid.cfg -o list
expect 2 "SLURM_ARRAY_TASK_ID=4 is not a share of --shares 4; expected array IDs from 0 to 3" \
    env SLURM_ARRAY_TASK_ID=4 SLURM_ARRAY_TASK_COUNT=2 "$RG" sweep grid.cfg -o list $LS --shares 4
expect 2 "^reintegra: --shares 4: for an array task of a Slurm job" "$RG" sweep grid.cfg -o list $LS --shares 4
expect 2 "^reintegra: --shares 0: expected a whole number from 1" "$RG" sweep grid.cfg -o list $LS --shares 0
expect 2 "holds no sweep" "$RG" sweep grid.cfg -o nowhere --missing

# --- progress: one bar with elapsed and remaining time on a terminal, nothing in a pipe -----
if script -qc true /dev/null >/dev/null 2>&1; then
    out=$(script -qc "$RG sweep grid.cfg -o bar --threads 1 --set run.agents=200 --set run.months=12" /dev/null | tr '\r' '\n')
    printf '%s\n' "$out" | grep -Eq '\] 6/12 tasks done, 0 failed, [0-9]+:[0-9]{2} elapsed, [0-9]+:[0-9]{2} left' &&
        ok || bad "no bar with the time left on a terminal: $out"
    printf '%s\n' "$out" | grep -Eq '\] 12/12 tasks done, 0 failed, [0-9]+:[0-9]{2} elapsed' && ok || bad "no final bar: $out"
    out=$(script -qc "$RG sweep grid.cfg -o bar2 --threads 1 --tasks 2-5 --set run.agents=200 --set run.months=12" /dev/null | tr '\r' '\n')
    printf '%s\n' "$out" | grep -Eq '\] 2/4 tasks done, 0 failed, [0-9:]+ elapsed, [0-9:]+ left' && ok || bad "--tasks: no bar: $out"
    out=$(script -qc "$RG run base.cfg -o bar.h5 --threads 1" /dev/null | tr '\r' '\n')
    printf '%s\n' "$out" | grep -Eq '\] 12/24 months, [0-9:]+ elapsed, [0-9:]+ left' && ok || bad "run: no bar: $out"
    # calibrate: the same bar for ABC draws; a Nelder-Mead fit shows the time elapsed.
    for m in abc nm; do
        {
            [ $m = abc ] && echo 'method = "abc-rejection"; abc_draws = 6; abc_accept = 0.5;'
            [ $m = nm ] && echo 'max_evaluations = 8;'
            echo 'base = "base.cfg"; seed = 3;'
            echo 'parameters = ( { name = "offending.base_rate"; min = 0.05; max = 0.3; } );'
            echo "targets = ( { file = \"$SRC/data/targets/bjs_2012_cohort.csv\"; rows = [\"arrest:all\"]; } );"
        } > cal_$m.cfg
    done
    out=$(script -qc "$RG calibrate cal_abc.cfg -o cal_abc --threads 1" /dev/null | tr '\r' '\n')
    printf '%s\n' "$out" | grep -Eq '\] 3/6 draws, [0-9:]+ elapsed, [0-9:]+ left' && ok || bad "calibrate: no bar: $out"
    out=$(script -qc "$RG calibrate cal_nm.cfg -o cal_nm --threads 1" /dev/null | tr '\r' '\n')
    printf '%s\n' "$out" | grep -Eq 'round 0, iteration 1, [0-9]+ evaluations, .*, [0-9:]+ elapsed' && ok || bad "calibrate: no time: $out"
    out=$("$RG" calibrate cal_abc.cfg -o cal_abc2 --threads 1 2>&1)
    printf '%s' "$out" | grep -q "$(printf '\r')" && bad "calibrate: a bar in a pipe: $out" || ok
fi
out=$("$RG" sweep grid.cfg -o bar3 --threads 1 --set run.agents=200 --set run.months=12 2>&1)
printf '%s' "$out" | grep -q "$(printf '\r')" && bad "a bar in a pipe: $out" || ok

# --- a failed task is recorded; the sweep goes on; a re-run retries it -----------------
"$RG" sweep grid.cfg -o failing --task-range 0:1 -q # creates the folder
mkdir -p failing/tasks/task-000003.h5.partial # the task cannot create its file
expect 3 "1 task\(s\) failed" "$RG" sweep grid.cfg -o failing
grep -q "^3	1	1	12	failed	.*cannot create the output file" failing/manifest.tsv && ok ||
    bad "the failed task is not in the manifest with its error"
n=$(grep -c "	done	" failing/manifest.tsv)
[ "$n" -eq 11 ] && ok || bad "failing: $n tasks done, expected 11"
expect 0 "12 done, 0 failed" sh -c "rmdir failing/tasks/task-000003.h5.partial && $RG sweep grid.cfg -o failing"

finish
