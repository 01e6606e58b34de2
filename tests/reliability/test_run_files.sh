#!/bin/sh
# Damaged and hostile run files: every reader (summarize, metrics, compare, report,
# verify, sweep --merge) gives one line and exit status 2, never a crash, a hang or
# a wrong number. Usage: test_run_files.sh REINTEGRA SOURCE_DIR
. "$(dirname "$0")/lib.sh"

# Files of schema version 1 that crashed libhdf5 (flipped bytes read through
# variable-length attributes), declared 3e8 agents or 2^31-1 months, or stored a
# dataset in /etc/shadow: refused before HDF5 parses them.
for gz in "$DATA"/old_schema_*.h5.gz; do
    f=$(basename "$gz" .gz)
    gzip -dc "$gz" > "$f"
    for cmd in summarize metrics verify; do
        expect 2 "^reintegra: $f: an HDF5 file without checksums" "$RG" $cmd "$f"
    done
    expect 2 "^reintegra: $f: an HDF5 file without checksums" "$RG" report "$f" -o never.html
done
check "no report from a damaged file" test ! -e never.html

# A good file, then the same with one byte changed at 80 places spread over it
# (the fuzz target fuzz_runfile tries many more): whatever the place, every reader
# exits 0 with the same numbers as from the good file, or 2 with one line.
# `verify` reads everything: it finds every change that matters.
"$RG" run "$DATA/baseline.cfg" -q -o good.h5 --set run.agents=1500 --set run.months=24 \
    --set output.trajectory_fraction=0.05 || echo "FAIL: the good run"
expect 0 "good.h5: ok \(run file, schema version 2" "$RG" verify good.h5
"$RG" summarize good.h5 --json | grep -v '"file"' > good.json
"$RG" metrics good.h5 > good.metrics
size=$(wc -c < good.h5)
flips=0 wrong=0 crashes=0 caught=0
offset=7
step=$((size / 80 | 1))
while [ "$offset" -lt "$size" ]; do
    cp good.h5 flip.h5
    printf '\377' | dd of=flip.h5 bs=1 seek="$offset" conv=notrunc 2>/dev/null
    flips=$((flips + 1))
    for cmd in summarize metrics; do
        if [ $cmd = summarize ]; then
            timeout "$(limit 20)" "$RG" summarize flip.h5 --json > out 2> err
        else
            timeout "$(limit 20)" "$RG" metrics flip.h5 > out 2> err
        fi
        st=$?
        if [ $st -eq 0 ]; then
            [ $cmd = summarize ] && grep -v '"file"' out > out2 && mv out2 out
            [ $cmd = summarize ] && want=good.json || want=good.metrics
            if ! sed 's/flip\.h5/good.h5/' out | cmp -s - "$want"; then
                wrong=$((wrong + 1))
                echo "FAIL: byte $offset changed: $cmd printed other numbers with status 0"
            fi
        elif [ $st -eq 2 ] && [ "$(wc -l < err)" -eq 1 ] && grep -q "^reintegra: flip.h5: " err; then
            caught=$((caught + 1))
        else
            crashes=$((crashes + 1))
            echo "FAIL: byte $offset changed: $cmd exited $st: $(head -c 300 err)"
        fi
    done
    timeout "$(limit 20)" "$RG" verify flip.h5 > /dev/null 2> err
    st=$?
    [ $st -eq 0 ] || [ $st -eq 2 ] || {
        crashes=$((crashes + 1))
        echo "FAIL: byte $offset changed: verify exited $st"
    }
    offset=$((offset + step))
done
echo "changed $flips single bytes: $caught refusals by summarize/metrics, $wrong wrong results, $crashes crashes"
check "no wrong result from a damaged file" [ "$wrong" -eq 0 ]
check "no crash on a damaged file" [ "$crashes" -eq 0 ]
check "damage was seen" [ "$caught" -gt 0 ]

# Truncated: every prefix length class.
for keep in 8 100 2048 $((size / 2)) $((size - 1)); do
    head -c "$keep" good.h5 > cut.h5
    expect 2 "^reintegra: cut.h5: " "$RG" summarize cut.h5
    expect 2 "^reintegra: cut.h5: " "$RG" verify cut.h5
done

# The checksum of the root attributes and /config: another value is damage.
cp good.h5 tampered.h5
"$TAMPER" tampered.h5 seed 77 || echo "FAIL: h5_tamper"
expect 2 "tampered.h5: damaged: the root attributes or /config do not match their checksum" \
    "$RG" summarize tampered.h5

# Not regular files, never blocking.
mkfifo fifo.h5
expect 2 "^reintegra: fifo.h5: not a regular file" "$RG" summarize fifo.h5
expect 2 "^reintegra: fifo.h5: not a regular file" "$RG" verify fifo.h5
expect 2 "^reintegra: /dev/zero: not a regular file" "$RG" metrics /dev/zero

# `verify` names each file and exits 2 when one is damaged.
expect 2 "good.h5: ok" "$RG" verify good.h5 cut.h5
expect 2 "^reintegra: cut.h5: " "$RG" verify good.h5 cut.h5

finish
