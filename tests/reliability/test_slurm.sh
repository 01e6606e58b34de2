#!/bin/sh
# The cluster guide's Slurm scripts (scripts/slurm/sweep.sbatch and merge.sbatch)
# on a real Slurm: a one-node cluster (munged, slurmctld, slurmd from a minimal
# slurm.conf naming this host, in a scratch folder of its own), an 8-share array on
# a fresh folder with every share starting at once, then the merge with
# afterany. Every share must end with status 0 and every task be done exactly
# once. Needs root and Debian's slurm-wlm and munge; otherwise skipped (77). The
# daemons it starts are stopped when it ends, whatever the outcome.
# Usage: test_slurm.sh REINTEGRA SOURCE_DIR (run in a scratch folder).
. "$(dirname "$0")/lib.sh"

skip() {
    echo "skipped: $*"
    exit 77
}
[ "$(id -u)" -eq 0 ] || skip "a one-node Slurm cluster needs root"
for p in munged slurmctld slurmd sbatch squeue scontrol python3; do
    command -v $p >/dev/null 2>&1 || skip "$p is missing (Debian: slurm-wlm, munge)"
done

# The cluster's files: short paths (munge's socket), away from the build folder.
C=$(mktemp -d /tmp/rg-slurm.XXXXXX) || exit 1
chmod 755 "$C" # munged wants every folder above its socket open to all
pids=""
stop_cluster() {
    [ -n "${jobs_submitted:-}" ] && scancel $jobs_submitted 2>/dev/null
    for p in $pids; do kill "$p" 2>/dev/null; done
    for p in $pids; do
        n=0
        while kill -0 "$p" 2>/dev/null && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
        kill -9 "$p" 2>/dev/null
    done
    rm -rf "$C"
}
trap stop_cluster EXIT
trap 'exit 1' INT TERM

# Two free ports, so that this cluster meets no other.
set -- $(python3 -c 'import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
ctld_port=$1 d_port=$2
host=$(hostname -s)
mkdir "$C/state" "$C/spool"
head -c 1024 /dev/urandom > "$C/munge.key" && chmod 400 "$C/munge.key"
cat > "$C/slurm.conf" <<EOF
ClusterName=rgtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$C/munge.sock
StateSaveLocation=$C/state
SlurmdSpoolDir=$C/spool
SlurmctldPidFile=$C/slurmctld.pid
SlurmdPidFile=$C/slurmd.pid
SlurmctldLogFile=$C/slurmctld.log
SlurmdLogFile=$C/slurmd.log
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MinJobAge=600
ReturnToService=2
SlurmdParameters=config_overrides
NodeName=$host NodeAddr=127.0.0.1 CPUs=8 RealMemory=4000 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$C/slurm.conf"

# The node claims 8 processors (config_overrides), so that all 8 shares start at
# once, as on a cluster: the race the sweep's set-up must survive.
munged -F --key-file="$C/munge.key" --socket="$C/munge.sock" --pid-file="$C/munged.pid" \
    --seed-file="$C/munged.seed" --log-file="$C/munged.log" > "$C/munged.out" 2>&1 &
pids="$!"
n=0
until [ -S "$C/munge.sock" ] || [ $n -ge 100 ]; do sleep 0.1; n=$((n + 1)); done
if [ ! -S "$C/munge.sock" ]; then
    tail -n 3 "$C/munged.out"
    skip "munged did not start here (its log above)"
fi
slurmctld -D -c -f "$SLURM_CONF" > "$C/slurmctld.out" 2>&1 &
pids="$pids $!"
slurmd -D -f "$SLURM_CONF" > "$C/slurmd.out" 2>&1 &
pids="$pids $!"
n=0
idle() { timeout 5 sinfo -h -o %T 2>/dev/null | grep -qx idle; }
until idle || [ $n -ge 60 ]; do sleep 0.5; n=$((n + 1)); done
if ! idle; then
    tail -n 5 "$C"/*.out "$C"/*.log 2>/dev/null
    skip "the one-node Slurm cluster did not start here (its logs above)"
fi

# The guide's scripts, as they are, on the example sweep (40 tasks); only the size
# of the array and of each share's request fit this node.
export SWEEP="$SRC/scenarios/sweeps/example.cfg" OUT="$(pwd)/example-sweep" REINTEGRA="$RG"
mkdir logs
array=$(sbatch --parsable --array=0-7 --cpus-per-task=1 --mem=200M "$SRC/scripts/slurm/sweep.sbatch")
merge=$(sbatch --parsable --dependency="afterany:$array" --mem=200M "$SRC/scripts/slurm/merge.sbatch")
jobs_submitted="$array $merge"
n=0
while [ -n "$(squeue -h -j "$array,$merge" 2>/dev/null)" ] && [ $n -lt 600 ]; do
    sleep 0.5
    n=$((n + 1))
done
check "the array and the merge ended within 5 minutes" [ $n -lt 600 ]

states=$(scontrol -o show job "$array" | sed -n 's/.*ArrayTaskId=\([0-9]*\).* JobState=\([A-Z]*\).* ExitCode=\([0-9:]*\).*/\1 \2 \3/p' | sort -n)
echo "$states" | sed 's/^/share /'
check "8 shares ran" [ "$(echo "$states" | grep -c .)" -eq 8 ]
check "every share completed with status 0" [ "$(echo "$states" | grep -c ' COMPLETED 0:0$')" -eq 8 ]
check "the merge completed with status 0" \
    sh -c "scontrol -o show job $merge | grep -q 'JobState=COMPLETED.*ExitCode=0:0'"
check "the merge indexed 40 of 40 tasks as done" \
    grep -q "example-sweep: 40 tasks: 40 done, 0 failed, 0 not run" logs/merge-$merge.out
done_lines=$(cat example-sweep/manifest-*.tsv | grep -c '	done	')
done_tasks=$(cat example-sweep/manifest-*.tsv | grep '	done	' | cut -f1 | sort -u | wc -l)
check "each task done exactly once ($done_lines lines, $done_tasks tasks)" \
    [ "$done_lines" -eq 40 -a "$done_tasks" -eq 40 ]
check "no task file left unfinished" sh -c "! ls example-sweep/tasks | grep -q partial"
check "the merge's sensitivity table" test -s example-sweep/prcc_return_to_prison_y1.csv
check "the shares said nothing on stderr but Slurm's own notes" \
    sh -c "! grep -h -v '^srun: ' logs/sweep-*.out | grep -q ."

# Two shares lose a task each (their files removed); --missing names those shares,
# and the array submitted again with only them (a list: --array=2,5) redoes them.
rm example-sweep/tasks/task-000010.h5 example-sweep/tasks/task-000026.h5
missing=$("$RG" sweep "$SWEEP" -o "$OUT" --missing --shares 8 2>/dev/null)
check "--missing --shares 8 names shares 2 and 5 (got '$missing')" [ "$missing" = "2,5" ]
again=$(sbatch --parsable --array="$missing" --export=ALL,SHARES=8 --cpus-per-task=1 --mem=200M \
    "$SRC/scripts/slurm/sweep.sbatch")
merge2=$(sbatch --parsable --dependency="afterany:$again" --mem=200M "$SRC/scripts/slurm/merge.sbatch")
jobs_submitted="$jobs_submitted $again $merge2"
n=0
while [ -n "$(squeue -h -j "$again,$merge2" 2>/dev/null)" ] && [ $n -lt 600 ]; do
    sleep 0.5
    n=$((n + 1))
done
states=$(scontrol -o show job "$again" | sed -n 's/.*ArrayTaskId=\([0-9]*\).* JobState=\([A-Z]*\).* ExitCode=\([0-9:]*\).*/\1 \2 \3/p' | sort -n)
echo "$states" | sed 's/^/again: share /'
check "shares 2 and 5 ran again with status 0" \
    [ "$(echo "$states" | tr '\n' ' ')" = "2 COMPLETED 0:0 5 COMPLETED 0:0 " ]
check "the second merge indexed 40 of 40 tasks as done" \
    grep -q "example-sweep: 40 tasks: 40 done, 0 failed, 0 not run" logs/merge-$merge2.out
check "nothing is missing now" [ -z "$("$RG" sweep "$SWEEP" -o "$OUT" --missing -q)" ]
[ "$fail" -eq 0 ] || { tail -n 3 logs/*.out; tail -n 5 "$C/slurmctld.log"; }

finish
