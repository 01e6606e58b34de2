# Shared by the shell tests (sourced after RG is set).
#
# DAMAGED: a prefix for a command that reads a damaged or hostile run file
# (`expect 2 PATTERN $DAMAGED "$RG" metrics cut.h5`). In the sanitizer build, HDF5
# leaks on some of its error paths, and LeakSanitizer names those frames
# (tests/fuzz/lsan.supp) only when it unwinds through the library, which makes every
# allocation several times slower: tests/sanitizer.cmake gives those options in
# RG_ASAN_DAMAGED, and only such commands take them. Elsewhere it is a plain `env`.
# shellcheck disable=SC2034
DAMAGED="env ${RG_ASAN_DAMAGED:+ASAN_OPTIONS=$RG_ASAN_DAMAGED}"

# limit SECONDS: the guard of one command against hangs (`timeout "$(limit 60)" ...`),
# three times longer for the sanitizer build (build/asan), whose code runs several
# times slower and slower still on a busy machine, as tests/sanitizer.cmake does for
# the tests' own timeouts.
limit() {
    case $RG in
    */asan/*) echo $(($1 * 3)) ;;
    *) echo "$1" ;;
    esac
}

# The checks of the shell tests: counters, `expect`, `one_line`, `check` and
# `finish` (prints the counts; its status is the test's).
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
    echo "FAIL: $*"
    fail=$((fail + 1))
}

# expect STATUS PATTERN COMMAND...: run COMMAND with no input, check its exit status
# and that its output (stdout and stderr) matches the extended regular expression
# PATTERN. A hang fails: COMMAND gets at most EXPECT_LIMIT seconds (600 unless the
# test sets it; `limit` scales it for the sanitizer build).
expect() {
    want=$1 pattern=$2
    shift 2
    out=$(timeout "$(limit "${EXPECT_LIMIT:-600}")" "$@" 2>&1 </dev/null)
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

# one_line STATUS PATTERN COMMAND...: bad input gives exactly one line on stderr.
one_line() {
    want=$1 pattern=$2
    shift 2
    err=$("$@" 2>&1 >/dev/null)
    got=$?
    lines=$(printf '%s\n' "$err" | wc -l)
    if [ "$got" -ne "$want" ] || [ "$lines" -ne 1 ] ||
        ! printf '%s\n' "$err" | grep -Eq -- "$pattern"; then
        bad "expected status $want and one line /$pattern/: $* -> status $got: $err"
    else
        ok
    fi
}

# check NAME CONDITION...: a plain assertion.
check() {
    name=$1
    shift
    if "$@"; then ok; else bad "$name"; fi
}

finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
