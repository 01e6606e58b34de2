#!/bin/sh
# Inputs that fuzzing found to crash, hang or leak (tests/fuzz/regressions): each
# reader gets through them with status 0, or 2 and one line naming the file. In the
# sanitizer build this runs under ASan, UBSan and LeakSanitizer (with
# tests/fuzz/lsan.supp). Usage: test_regressions.sh REINTEGRA SOURCE_DIR
set -u
RG=$1 SRC=$2
REG=$SRC/tests/fuzz/regressions
. "$SRC/tests/lib.sh"
pass=0 fail=0
work=fuzz-regressions
rm -rf "$work" && mkdir "$work" && cd "$work" || exit 1

# reads FILE COMMAND...: status 0, or 2 with one line "reintegra: FILE...".
reads() {
    f=$1
    shift
    timeout "$(limit 60)" "$@" > out 2> err
    st=$?
    if [ $st -eq 0 ] || { [ $st -eq 2 ] && [ "$(wc -l < err)" -eq 1 ] &&
        grep -q "^reintegra: .*$(basename "$f")" err; }; then
        pass=$((pass + 1))
    else
        echo "FAIL (status $st): $*"
        head -c 2000 err
        fail=$((fail + 1))
    fi
}

for f in "$REG"/config/*; do
    reads "$f" "$RG" check "$f"
done
for gz in "$REG"/runfile/*.h5.gz; do
    f=$(basename "$gz" .gz)
    gzip -dc "$gz" > "$f"
    for cmd in verify summarize metrics; do reads "$f" "$RG" $cmd "$f"; done
    reads "$f" "$RG" report "$f" -o report.html
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
