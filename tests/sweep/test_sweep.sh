#!/bin/sh
# The sweep command: bad input stops before any task with FILE:LINE and status 2; a
# sweep writes its tasks, manifest and index; a sweep killed with SIGKILL and run
# again completes with every task exactly once and the results of an uninterrupted
# sweep; Slurm array shares and --merge; a failed task is recorded and the sweep
# goes on. Usage: test_sweep.sh REINTEGRA SOURCE_DIR
set -u
RG=$1
SRC=$2
pass=0
fail=0
W=sweep_cli.d
rm -rf "$W"
mkdir -p "$W"
cd "$W" || exit 1

ok() { pass=$((pass + 1)); }
bad() {
    echo "FAIL: $*"
    fail=$((fail + 1))
}

# expect STATUS PATTERN COMMAND...: exit status and output (stdout and stderr).
expect() {
    want=$1 pattern=$2
    shift 2
    out=$("$@" 2>&1)
    got=$?
    if [ "$got" -ne "$want" ]; then
        bad "status $got, expected $want: $*"
        echo "$out" | head -5
    elif ! printf '%s\n' "$out" | grep -Eq -- "$pattern"; then
        bad "output lacks /$pattern/: $*"
        echo "$out" | head -5
    else
        ok
    fi
}

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

# --- a failed task is recorded; the sweep goes on; a re-run retries it -----------------
"$RG" sweep grid.cfg -o failing --task-range 0:1 -q # creates the folder
mkdir -p failing/tasks/task-000003.h5.partial # the task cannot create its file
expect 3 "1 task\(s\) failed" "$RG" sweep grid.cfg -o failing
grep -q "^3	1	1	12	failed	.*cannot create the output file" failing/manifest.tsv && ok ||
    bad "the failed task is not in the manifest with its error"
n=$(grep -c "	done	" failing/manifest.tsv)
[ "$n" -eq 11 ] && ok || bad "failing: $n tasks done, expected 11"
expect 0 "12 done, 0 failed" sh -c "rmdir failing/tasks/task-000003.h5.partial && $RG sweep grid.cfg -o failing"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
