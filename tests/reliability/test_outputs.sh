#!/bin/sh
# Writing outputs when things go wrong: two writers of one file, a symbolic link
# planted at the temporary name, outputs that name an input or a folder, a full
# disk (a 256 KiB tmpfs, as root; said and left out otherwise) and stdout that
# cannot be written. Nothing is overwritten that should not be, nothing damaged is
# left under a final name, and every failure is one line and a non-zero status.
# Usage: test_outputs.sh REINTEGRA SOURCE_DIR (run in a scratch folder).
. "$(dirname "$0")/lib.sh"
cp "$DATA/baseline.cfg" .
small="--set run.agents=300 --set run.months=12"
"$RG" run baseline.cfg -q -o small.h5 $small || echo "FAIL: the small run"

# Two runs with the same -o: the second is refused while the first writes; the
# first's file is whole. The first is stopped while it writes (SIGSTOP once its
# .partial is there), so the second meets it writing however fast the first runs.
"$RG" run baseline.cfg -q -o same.h5 --threads 1 --set run.agents=20000 --set run.months=36 &
first=$!
n=0
until [ -e same.h5.partial ] || [ $n -ge 1200 ]; do
    sleep 0.05
    n=$((n + 1))
done
kill -STOP $first
expect 2 "^reintegra: same.h5: another process is writing this output \(same.h5.partial is in use\)" \
    "$RG" run baseline.cfg -q -o same.h5 $small
kill -CONT $first
wait $first
check "the first writer ends with status 0" [ $? -eq 0 ]
expect 0 "same.h5: ok" "$RG" verify same.h5
expect 0 "20000 agents" "$RG" summarize same.h5
# A .partial left by a killed run (no process holds it) is replaced.
echo "left by a killed run" > stale.h5.partial
expect 0 "" "$RG" run baseline.cfg -q -o stale.h5 $small
check "the stale .partial is gone" test ! -e stale.h5.partial
expect 0 "stale.h5: ok" "$RG" verify stale.h5

# A symbolic link at the temporary name is never followed.
echo "important data" > victim.txt
mkdir shared && ln -s ../victim.txt shared/out.h5.partial
expect 2 "shared/out.h5.partial: cannot create the output file: the name exists and is a symbolic link" \
    "$RG" run baseline.cfg -q -o shared/out.h5 $small
check "the link's target is untouched" grep -qx "important data" victim.txt
check "no output under the final name" test ! -e shared/out.h5

# Outputs that name an input, or a folder, are refused before anything runs.
printf 'inherit = "baseline.cfg";\nrun: { months = 12; agents = 300; };\n' > child.cfg
cp baseline.cfg baseline.keep && cp child.cfg child.keep && cp small.h5 small.keep
expect 2 "child.cfg: is the scenario file; refusing to overwrite an input" \
    "$RG" run child.cfg -q -o child.cfg
expect 2 "baseline.cfg: is a scenario file that the scenario inherits; refusing to overwrite an input" \
    "$RG" run child.cfg -q -o baseline.cfg
expect 2 "small.h5: is one of the input files; refusing to overwrite it" \
    "$RG" report small.h5 -o small.h5
expect 2 "small.h5: is one of the input files; refusing to overwrite it" \
    "$RG" metrics small.h5 --csv small.h5
expect 2 "small.h5: is one of the input files; refusing to overwrite it" \
    "$RG" compare small.h5 small.h5 --csv ./small.h5
mkdir folder.h5
expect 2 "folder.h5: is a folder; expected the name of a file" "$RG" run baseline.cfg -q -o folder.h5
check "the inputs are unchanged" \
    sh -c 'cmp -s baseline.cfg baseline.keep && cmp -s child.cfg child.keep && cmp -s small.h5 small.keep'

# Output to stdout that cannot be written is a failure (status 1), not a success.
if [ -w /dev/full ]; then
    expect 1 "^reintegra: cannot write the output: No space left on device" \
        sh -c "\"$RG\" summarize small.h5 --json > /dev/full"
    expect 1 "cannot write the output" sh -c "\"$RG\" metrics small.h5 > /dev/full"
    expect 1 "cannot write the output" sh -c "\"$RG\" params > /dev/full"
else
    echo "no writable /dev/full here: the stdout checks are left out"
fi

# A full disk: one line, status 1, no crash, and nothing under the final names.
disk=$(pwd)/disk
mkdir "$disk"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=256k tmpfs "$disk" 2>/dev/null; then
    trap 'umount "$disk" 2>/dev/null' EXIT
    expect 1 "^reintegra: .*disk/big.h5.partial: .*the disk is full" \
        "$RG" run baseline.cfg -q -o "$disk/big.h5" --set run.agents=20000 --set run.months=24
    check "no run file left on the full disk" sh -c "! ls \"$disk\" | grep -q big.h5"
    # Fill what is left, then ask for a report and a CSV there.
    head -c 1000000 /dev/zero > "$disk/filler" 2>/dev/null
    expect 1 "report.html" "$RG" report small.h5 -o "$disk/report.html"
    expect 1 "metrics.csv" "$RG" metrics small.h5 --csv "$disk/metrics.csv"
    check "no truncated report or CSV left" sh -c "[ \"\$(ls \"$disk\")\" = filler ]"
    rm -f "$disk/filler"
    printf 'base = "%s/baseline.cfg";\nset = ["run.agents=20000", "run.months=24"];\n' "$(pwd)" > full.cfg
    printf 'design = "grid";\nparameters = ({ name = "offending.base_rate"; values = [0.1, 0.12]; });\n' >> full.cfg
    out=$(timeout "$(limit 120)" "$RG" sweep full.cfg -o "$disk/sweep" -q 2>&1)
    st=$?
    check "a sweep on a full disk ends with 1 or 2 + its failed tasks (status $st)" [ "$st" -ne 0 -a "$st" -lt 128 ]
    check "it says so in one line: $out" [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ]
    umount "$disk"
else
    echo "not root, or no tmpfs: the full-disk checks are left out"
fi

finish
