# Shared by the analysis command tests: a working folder, counters and the checks.
# The caller calls work_in first and prints the counts at the end.
. "$SRC/tests/lib.sh"

# work_in DIR: the test's own empty folder (made if needed) as the working folder,
# and the counters at zero.
work_in() {
    pass=0
    fail=0
    mkdir -p "$1" && cd "$1" || exit 1
    rm -rf ./*
}
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

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
    else ok; fi
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
    else ok; fi
}
