# Shared by the reliability tests (sourced): RG (the program), SRC (the source
# tree), TAMPER (a helper that rewrites a root attribute), DATA (the hostile
# inputs), and `expect`, `check`, `no_raw_controls`, `finish`.
set -u
RG=$1
SRC=$2
TAMPER=${3:-}
DATA=$SRC/tests/reliability/data
. "$SRC/tests/lib.sh"
pass=0
fail=0
# A fresh scratch folder of the test's own.
work=reliability-$(basename "$0" .sh)
rm -rf "$work" && mkdir "$work" && cd "$work" || exit 1

# expect STATUS PATTERN COMMAND...: run COMMAND (at most 60 s: a hang fails), check
# its exit status and that its output (stdout and stderr) matches the extended
# regular expression PATTERN.
expect() {
    want=$1 pattern=$2
    shift 2
    out=$(timeout "$(limit 60)" "$@" 2>&1 </dev/null)
    got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL (status $got, expected $want): $*"
        echo "$out" | head -5
        fail=$((fail + 1))
    elif ! printf '%s\n' "$out" | grep -Eq -- "$pattern"; then
        echo "FAIL (output lacks /$pattern/): $*"
        echo "$out" | head -5
        fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
}

# check NAME CONDITION...: a plain assertion.
check() {
    name=$1
    shift
    if "$@"; then
        pass=$((pass + 1))
    else
        echo "FAIL: $name"
        fail=$((fail + 1))
    fi
}

# Does FILE hold no raw control character other than newline?
no_raw_controls() {
    ! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$1"
}

finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
