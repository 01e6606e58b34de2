#!/bin/sh
# Installation: `make install PREFIX=...` into a temporary prefix (a build of its
# own, configured for that prefix), the installed layout, the shared library's
# SONAME, every public header on its own, an outside program built against the
# installed tree with find_package (shared and static) and with pkg-config (shared
# and static), all of them and the installed program giving the same run, then
# `make uninstall` leaving nothing behind.
# Usage: test_install.sh SOURCE_DIR WORK_DIR C_COMPILER
set -eu
SRC=$1 WORK=$2 CC=$3
rm -rf "$WORK"
mkdir -p "$WORK"
PREFIX=$WORK/prefix
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "--- $*"; }

step "make install PREFIX=$PREFIX"
make -s -C "$SRC" install PREFIX="$PREFIX" BUILD="$WORK/build" SKIP_DEPS=1 JOBS=2 \
    CMAKE_FLAGS="-DCMAKE_C_COMPILER=$CC -DRG_SANITIZER_SUITE=OFF -DRG_SLOW_TESTS=OFF" \
    >"$WORK/install.log" 2>&1 || { cat "$WORK/install.log"; fail "make install"; }

step "layout"
LIBDIR=$(dirname "$(find "$PREFIX" -name libreintegra.a)")
[ -d "$LIBDIR" ] || fail "no libreintegra.a under $PREFIX"
for f in bin/reintegra include/reintegra/run.h include/reintegra/install_dirs.h \
         share/reintegra/scenarios/baseline.cfg share/reintegra/scenarios/sweeps/example.cfg \
         share/reintegra/scenarios/calibration/bjs2012.cfg \
         share/reintegra/data/targets/bjs_2012_cohort.csv share/man/man1/reintegra.1 \
         share/bash-completion/completions/reintegra share/zsh/site-functions/_reintegra; do
    [ -f "$PREFIX/$f" ] || fail "$f is not installed"
done
for f in libreintegra.so libreintegra.so.0.1 cmake/reintegra/reintegraConfig.cmake \
         cmake/reintegra/reintegraConfigVersion.cmake pkgconfig/reintegra.pc; do
    [ -e "$LIBDIR/$f" ] || fail "$LIBDIR/$f is not installed"
done
soname=$(objdump -p "$LIBDIR/libreintegra.so" | awk '$1 == "SONAME" {print $2}')
[ "$soname" = libreintegra.so.0.1 ] || fail "SONAME is '$soname'"
grep -q "RG_INSTALL_SCENARIOS_DIR \"$PREFIX/share/reintegra/scenarios\"" \
    "$PREFIX/include/reintegra/install_dirs.h" || fail "install_dirs.h does not name $PREFIX"

step "a scenario in any folder inherits an installed one"
mkdir -p "$WORK/elsewhere"
printf 'inherit = "ban_the_box.cfg";\nrun: { agents = 500; months = 12; };\n' > "$WORK/elsewhere/mine.cfg"
(cd "$WORK/elsewhere" && "$PREFIX/bin/reintegra" check mine.cfg) | grep -q '"ban_the_box", 500 agents' ||
    fail "inherit = \"ban_the_box.cfg\" is not found among the installed scenarios"
"$PREFIX/bin/reintegra" help --man | cmp -s - "$PREFIX/share/man/man1/reintegra.1" ||
    fail "the installed man page is not the program's"

step "every public header compiles on its own"
export PKG_CONFIG_PATH="$LIBDIR/pkgconfig"
CFLAGS=$(pkg-config --cflags reintegra)
for h in "$PREFIX"/include/reintegra/*.h; do
    # shellcheck disable=SC2086
    printf '#include <reintegra/%s>\n' "$(basename "$h")" |
        "$CC" -std=c11 -Wall -Wextra -Werror $CFLAGS -fsyntax-only -x c - ||
        fail "reintegra/$(basename "$h") does not compile alone"
done

step "find_package(reintegra)"
cmake -S "$SRC/tests/install/consumer" -B "$WORK/consumer" -DCMAKE_C_COMPILER="$CC" \
      -DCMAKE_PREFIX_PATH="$PREFIX" >"$WORK/consumer.log" 2>&1 &&
    cmake --build "$WORK/consumer" >>"$WORK/consumer.log" 2>&1 ||
    { cat "$WORK/consumer.log"; fail "the find_package consumer does not build"; }

step "pkg-config reintegra"
[ "$(pkg-config --modversion reintegra)" = "$("$PREFIX/bin/reintegra" --version | awk 'NR == 1 {print $2}')" ] ||
    fail "pkg-config's version is not the program's"
[ "$(pkg-config --variable=scenariosdir reintegra)" = "$PREFIX/share/reintegra/scenarios" ] ||
    fail "pkg-config's scenariosdir"
# shellcheck disable=SC2046
"$CC" -std=c11 -Wall -Wextra -Werror "$SRC/tests/install/consumer/main.c" \
    $(pkg-config --cflags --libs reintegra) -Wl,-rpath,"$LIBDIR" -o "$WORK/pc_shared" ||
    fail "the pkg-config consumer (shared) does not build"
# shellcheck disable=SC2046
"$CC" -std=c11 -Wall -Wextra -Werror "$SRC/tests/install/consumer/main.c" \
    $(pkg-config --cflags reintegra) \
    $(pkg-config --static --libs reintegra | sed 's/-lreintegra\b/-l:libreintegra.a/') \
    -o "$WORK/pc_static" || fail "the pkg-config consumer (static) does not build"
ldd "$WORK/pc_static" | grep -q libreintegra && fail "pc_static links libreintegra.so"
ldd "$WORK/pc_shared" | grep -q "$LIBDIR/libreintegra.so.0.1" ||
    fail "pc_shared does not use the installed libreintegra.so.0.1"
ldd "$WORK/consumer/consumer_shared" | grep -q "$LIBDIR/libreintegra.so.0.1" ||
    fail "consumer_shared does not use the installed libreintegra.so.0.1"

step "the same run from the installed program and the four consumers"
cd "$WORK"
"$PREFIX/bin/reintegra" run "$PREFIX/share/reintegra/scenarios/ban_the_box.cfg" -q \
    --set run.agents=1500 --set run.months=12 --threads 1 -o cli.h5
"$PREFIX/bin/reintegra" summarize cli.h5 --json | grep -v '"file"' >cli.json
grep -q '"scenario": "ban_the_box"' cli.json ||
    fail "the installed program did not run the installed ban_the_box.cfg"
for prog in consumer/consumer_shared consumer/consumer_static pc_shared pc_static; do
    out=$(basename "$prog").h5
    ./"$prog" "$out" >/dev/null || fail "$prog failed"
    "$PREFIX/bin/reintegra" summarize "$out" --json | grep -v '"file"' >"$out.json"
    cmp -s cli.json "$out.json" || { diff cli.json "$out.json"; fail "$prog differs"; }
done
"$PREFIX/bin/reintegra" sweep "$PREFIX/share/reintegra/scenarios/sweeps/example.cfg" \
    -o sweep --dry-run >/dev/null || fail "the installed example sweep does not resolve its base"

step "make uninstall"
make -s -C "$SRC" uninstall BUILD="$WORK/build" >/dev/null || fail "make uninstall"
left=$(find "$PREFIX" -type f -o -type l)
[ -z "$left" ] || fail "make uninstall left: $left"
for d in include/reintegra share/reintegra; do
    [ ! -e "$PREFIX/$d" ] || fail "make uninstall left $d"
done
echo "install test passed"
