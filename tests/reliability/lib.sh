# Shared by the reliability tests (sourced): RG (the program), SRC (the source
# tree), TAMPER (a helper that rewrites a root attribute), DATA (the hostile
# inputs), `no_raw_controls`, and tests/lib.sh's checks with a 60 s limit per command.
set -u
RG=$1
SRC=$2
TAMPER=${3:-}
DATA=$SRC/tests/reliability/data
. "$SRC/tests/lib.sh"
EXPECT_LIMIT=60 # a hang of any one command fails at once
# A fresh scratch folder of the test's own.
work=reliability-$(basename "$0" .sh)
rm -rf "$work" && mkdir "$work" && cd "$work" || exit 1

# Does FILE hold no raw control character other than newline?
no_raw_controls() {
    ! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$1"
}
