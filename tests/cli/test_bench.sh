#!/bin/sh
# rg_bench at a tiny size: a row per thread count, and with --output full the write's
# seconds (timed by the run) and its share of the run; bad arguments: the usage, exit 2.
# The figures themselves are measured with `make bench`, never checked here.
set -u
BENCH=$1
fail() { echo "FAIL: $*"; exit 1; }
out=$("$BENCH" --agents 3000 --months 4 --threads 1,2 --reps 1 --output full) ||
    fail "rg_bench exited $?"
printf '%s\n' "$out"
printf '%s\n' "$out" | grep -q 'write (s) *share *file (MiB)' || fail "no write and share columns"
# threads, init, run, rate, speed-up, busy, +output, write, share, file
printf '%s\n' "$out" | awk '$1 == "1" || $1 == "2" {
        rows++
        if (NF != 10 || $8 + 0 <= 0 || $8 + 0 >= $7 + 0 || $9 !~ /%$/ || $10 + 0 <= 0) bad = 1
    }
    END { exit !(rows == 2 && !bad) }' || fail "rows without a positive write below the run's time"
for args in "--agents 0" "--months" "--reps 0" "--threads 0" "--threads 1,x" "--nonsense"; do
    # shellcheck disable=SC2086
    "$BENCH" $args >/dev/null 2>err.txt
    rc=$?
    [ "$rc" -eq 2 ] && grep -q '^usage: rg_bench' err.txt || fail "rg_bench $args: exit $rc"
done
echo "rg_bench: ok"
