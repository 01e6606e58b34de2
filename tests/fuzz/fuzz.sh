#!/bin/sh
# Build the libFuzzer targets with clang under ASan and UBSan and run each on a
# seed corpus (the project's scenarios; small run files made by REINTEGRA).
#
#   fuzz.sh SOURCE_DIR FUZZ_BUILD_DIR REINTEGRA SECONDS [RUNS]
#
# Each target runs for SECONDS (or, with RUNS, for that many inputs beyond its
# corpus). Exit status 0: no finding; 1: a crash, sanitizer report or hang (the
# input is kept in FUZZ_BUILD_DIR/findings); 77: no clang with libFuzzer here.
set -u
SECONDS_EACH=$4 RUNS=${5:-}
mkdir -p "$2" || exit 1
SRC=$(cd "$1" && pwd) BUILD=$(cd "$2" && pwd) RG=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
JOBS=${JOBS:-2}

command -v clang >/dev/null 2>&1 || { echo "no clang: fuzzing skipped"; exit 77; }
probe=$(mktemp -d)
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' > "$probe/p.c"
if ! clang -fsanitize=fuzzer,address "$probe/p.c" -o "$probe/p" 2>/dev/null; then
    rm -rf "$probe"
    echo "clang has no libFuzzer here (Debian: libclang-rt-14-dev): fuzzing skipped"
    exit 77
fi
rm -rf "$probe"

cmake -S "$SRC" -B "$BUILD" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DRG_FUZZ=ON -DRG_SANITIZER_SUITE=OFF -DRG_SLOW_TESTS=OFF >"$BUILD.log" 2>&1 &&
    cmake --build "$BUILD" -j "$JOBS" --target fuzz_config fuzz_runfile >>"$BUILD.log" 2>&1 ||
    { tail -30 "$BUILD.log"; echo "the fuzz build failed"; exit 1; }

# Seed corpora: every scenario and hostile input; run files of small runs.
corpus=$BUILD/corpus
rm -rf "$corpus" && mkdir -p "$corpus/config" "$corpus/runfile" "$BUILD/findings"
cp "$SRC"/scenarios/*.cfg "$corpus/config/"
for f in "$SRC"/tests/reliability/data/*.cfg "$SRC"/tests/fuzz/regressions/config/*; do
    [ -f "$f" ] && cp "$f" "$corpus/config/extra-$(basename "$f")"
done
for settings in "run.agents=60 run.months=13" \
    "run.agents=40 run.months=25 output.compression=0 output.trajectory_fraction=0.2"; do
    n=$(ls "$corpus/runfile" | wc -l)
    set --
    for s in $settings; do set -- "$@" --set "$s"; done
    "$RG" run "$SRC/scenarios/baseline.cfg" -q -o "$corpus/runfile/seed$n.h5" "$@" ||
        { echo "cannot make the run-file corpus"; exit 1; }
done
for gz in "$SRC"/tests/fuzz/regressions/runfile/*.h5.gz; do
    [ -f "$gz" ] && gzip -dc "$gz" > "$corpus/runfile/extra-$(basename "$gz" .gz)"
done

status=0
cd "$BUILD/findings" || exit 1
for target in config runfile; do
    limit="-max_total_time=$SECONDS_EACH"
    if [ -n "$RUNS" ]; then
        limit="-runs=$((RUNS + $(ls "$corpus/$target" | wc -l)))"
    fi
    len=4096
    [ $target = runfile ] && len=$(($(wc -c < "$corpus/runfile/seed0.h5") * 2))
    start=$(date +%s)
    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1:fast_unwind_on_malloc=0 \
        LSAN_OPTIONS=suppressions=$SRC/tests/fuzz/lsan.supp:print_suppressions=0 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$BUILD/fuzz_$target" $limit -max_len="$len" -timeout=20 -rss_limit_mb=4096 \
        -print_final_stats=1 -artifact_prefix="$BUILD/findings/$target-" \
        "$corpus/$target" >"$BUILD/fuzz_$target.log" 2>&1
    st=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$BUILD/fuzz_$target.log")
    echo "fuzz_$target: ${runs:-?} inputs in $(($(date +%s) - start)) s, status $st" \
        "(corpus of $(ls "$corpus/$target" | wc -l) seeds)"
    if [ $st -ne 0 ]; then
        status=1
        grep -E "ERROR|SUMMARY|runtime error|Test unit written|timeout" "$BUILD/fuzz_$target.log" |
            head -20
    fi
done
exit $status
