# Shared by the analysis command tests: a working folder; the checks are
# tests/lib.sh's. The caller calls work_in first and `finish` at the end.
. "$SRC/tests/lib.sh"

# work_in DIR: the test's own empty folder (made if needed) as the working folder,
# and the counters at zero.
work_in() {
    pass=0
    fail=0
    mkdir -p "$1" && cd "$1" || exit 1
    rm -rf ./*
}
