#!/bin/sh
# A sweep run alone and under `mpirun -np 3` (rank 0 hands out tasks, two workers)
# gives identical task files, bit for bit apart from the attributes that record
# when, where and how fast a file was written. Exit 77 (skipped) without mpirun,
# without MPI in this build, or without h5py.
# Usage: test_sweep_mpi.sh REINTEGRA SOURCE_DIR HAVE_MPI PYTHON
set -u
RG=$1
SRC=$2
HAVE_MPI=$3
PY=${4:-python3}
command -v mpirun >/dev/null 2>&1 || { echo "no mpirun: skipped"; exit 77; }
[ "$HAVE_MPI" = 1 ] || { echo "this build has no MPI: skipped"; exit 77; }
"$PY" -c "import h5py" 2>/dev/null || { echo "no h5py: skipped"; exit 77; }
W=sweep_mpi.d
rm -rf "$W"
mkdir -p "$W"
cd "$W" || exit 1
cat > base.cfg <<'CFG'
run: { agents = 1500; months = 24; };
CFG
cat > mpi.cfg <<'CFG'
base = "base.cfg";
design = "sobol";
points = 5;
replicates = 2;
parameters = ( { name = "offending.base_rate"; min = 0.02; max = 0.06; },
               { name = "run.agents"; min = 500; max = 2000; } );
CFG
ROOT=""
[ "$(id -u)" -eq 0 ] && ROOT="--allow-run-as-root"
"$RG" sweep mpi.cfg -o serial -q --threads 2 || { echo "FAIL: serial sweep"; exit 1; }
mpirun $ROOT --oversubscribe -np 3 "$RG" sweep mpi.cfg -o parallel --threads 1 ||
    { echo "FAIL: mpirun sweep"; exit 1; }
"$PY" "$SRC/tests/sweep/compare_sweeps.py" serial parallel || exit 1
# A second mpirun resumes: nothing is left to run.
out=$(mpirun $ROOT --oversubscribe -np 2 "$RG" sweep mpi.cfg -o parallel --threads 1 2>&1) ||
    { echo "FAIL: mpirun resume: $out"; exit 1; }
printf '%s\n' "$out" | grep -q "10 tasks: 10 done, 0 failed, 0 not run" ||
    { echo "FAIL: mpirun resume: $out"; exit 1; }
n=$(grep -c "	done	" parallel/manifest.tsv)
[ "$n" -eq 10 ] || { echo "FAIL: $n done lines in the MPI manifest, expected 10"; exit 1; }
echo "serial and mpirun -np 3 sweeps agree"
