#!/bin/sh
# scripts/install-deps.sh as a fresh machine sees it: apt-get, dpkg-query and id are
# replaced by stand-ins that record their calls and report packages as missing,
# so no package is touched. Checks: as root it runs apt-get update then one
# apt-get install --no-install-recommends of exactly the missing packages (the
# build set for `make demo`, more with --test); without root it prints that same
# command, names no sudo and exits 1; Ubuntu gets chromium-browser; a
# distribution without apt is told what to install; nothing missing, nothing done.
# Every package named for this distribution is a real package (known to dpkg or
# apt-cache).
# Usage: test_install_deps.sh SCRIPT WORK_DIR
set -eu
SCRIPT=$1 WORK=$2
rm -rf "$WORK"
mkdir -p "$WORK/bin"
fail() { echo "FAIL: $*" >&2; exit 1; }
LOG=$WORK/calls

# dpkg-query: packages in $INSTALLED are installed, the others are not.
cat >"$WORK/bin/dpkg-query" <<'EOF'
#!/bin/sh
for last; do :; done
for p in $INSTALLED; do [ "$p" = "$last" ] && { printf 'install ok installed'; exit 0; }; done
exit 1
EOF
cat >"$WORK/bin/apt-get" <<'EOF'
#!/bin/sh
echo "apt-get $*" >>"$LOG"
EOF
cat >"$WORK/bin/id" <<'EOF'
#!/bin/sh
echo "$FAKE_UID"
EOF
chmod +x "$WORK/bin/"*
printf 'ID=debian\nVERSION_ID="12"\n' >"$WORK/debian"
printf 'ID=ubuntu\nID_LIKE=debian\nVERSION_ID="24.04"\n' >"$WORK/ubuntu"
printf 'ID=fedora\nVERSION_ID=40\n' >"$WORK/fedora"

# run OS UID INSTALLED ARGS...: stdout+stderr in $WORK/out, status in $status
run() {
    os=$1 uid=$2 installed=$3
    shift 3
    : >"$LOG"
    status=0
    env PATH="$WORK/bin:$PATH" LOG="$LOG" FAKE_UID="$uid" INSTALLED="$installed" \
        RG_OS_RELEASE="$WORK/$os" sh "$SCRIPT" "$@" >"$WORK/out" 2>&1 || status=$?
}

build=$(RG_OS_RELEASE="$WORK/debian" sh "$SCRIPT" --list)
all=$(RG_OS_RELEASE="$WORK/debian" sh "$SCRIPT" --list --test)
ubuntu=$(RG_OS_RELEASE="$WORK/ubuntu" sh "$SCRIPT" --list --test)
for p in gcc cmake libhdf5-dev libgsl-dev libconfig-dev librandom123-dev; do
    echo " $build " | grep -q " $p " || fail "--list lacks $p"
done
for p in chromium clang-format r-base-core r-cran-hdf5r python3-pandas openmpi-bin; do
    echo " $build " | grep -q " $p " && fail "the build set has $p (only the tests need it)"
    echo " $all " | grep -q " $p " || fail "--list --test lacks $p"
done
echo " $ubuntu " | grep -q " chromium-browser " || fail "Ubuntu: no chromium-browser"
echo " $ubuntu " | grep -q " chromium " && fail "Ubuntu: chromium is not a deb there"

# As root on a machine with none of the packages: update, then one install.
run debian 0 ""
[ "$status" -eq 0 ] || { cat "$WORK/out"; fail "root install exited $status"; }
[ "$(sed -n 1p "$LOG")" = "apt-get update -qq" ] || fail "first call: $(sed -n 1p "$LOG")"
[ "$(sed -n 2p "$LOG")" = "apt-get install -y -qq --no-install-recommends $(echo $build)" ] ||
    fail "install call: $(sed -n 2p "$LOG")"
[ "$(wc -l <"$LOG")" -eq 2 ] || fail "more than two apt-get calls"
run debian 0 "" --test
grep -q "install .*clang-format.*r-cran-survival.*chromium" "$LOG" ||
    fail "--test does not install the test packages: $(cat "$LOG")"

# Only what is missing.
run debian 0 "$(echo "$build" | sed 's/libconfig-dev//')"
[ "$(sed -n 2p "$LOG")" = "apt-get install -y -qq --no-install-recommends libconfig-dev" ] ||
    fail "one missing package: $(sed -n 2p "$LOG")"
run debian 0 "$build"
[ "$status" -eq 0 ] && [ ! -s "$LOG" ] || fail "nothing missing, yet apt-get ran"

# Not root: the same command to run as root, no sudo, status 1, nothing run.
run debian 1000 ""
[ "$status" -eq 1 ] || fail "non-root exited $status"
[ ! -s "$LOG" ] || fail "non-root ran apt-get"
grep -qx "  apt-get update && apt-get install -y --no-install-recommends $(echo $build)" \
    "$WORK/out" || { cat "$WORK/out"; fail "non-root message lacks the command"; }
grep -q "sudo apt-get" "$WORK/out" && fail "the command assumes sudo"

# Another distribution: say what is needed.
run fedora 0 ""
[ "$status" -eq 1 ] && [ ! -s "$LOG" ] || fail "fedora: status $status"
grep -q "librandom123-dev" "$WORK/out" && grep -q "package manager" "$WORK/out" ||
    fail "fedora: no list of packages"

# Options.
run debian 0 "" --frobnicate
[ "$status" -eq 2 ] || fail "unknown option exited $status"
run debian 0 "" --help
[ "$status" -eq 0 ] && grep -q -- "--test" "$WORK/out" || fail "--help"

# Every name is a real package of this machine's distribution.
for p in $all; do
    dpkg-query -W "$p" >/dev/null 2>&1 || apt-cache show "$p" >/dev/null 2>&1 ||
        fail "$p is not a package here"
done
echo "install-deps test passed"
