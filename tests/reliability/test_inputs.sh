#!/bin/sh
# Hostile and unlucky scenario files: every one gets one line naming the file (and
# line) and exit status 2; nothing wraps, blocks, or runs something else than
# what was written. Usage: test_inputs.sh REINTEGRA SOURCE_DIR (run in a scratch
# folder).
. "$(dirname "$0")/lib.sh"

# Integer literals past 32 bits are read as written (libconfig would wrap them).
expect 2 "int_past_32_bits.cfg:2: run.agents: 4294967596 is out of range; expected an integer from 1 to 2000000000" \
    "$RG" run "$DATA/int_past_32_bits.cfg" -q -o never.h5
expect 2 "hex_past_32_bits.cfg:2: run.agents: 4294967596 is out of range" \
    "$RG" check "$DATA/hex_past_32_bits.cfg"
printf 'run: { agents = 300; months = 12; seed = 4294967297; };\n' > seed64.cfg
expect 0 "seed = 4294967297L;" "$RG" check seed64.cfg --print
expect 0 "seed 4294967297" "$RG" run seed64.cfg -o seed64.h5
printf 'run: { agents = 300; seed = 99999999999999999999; };\n' > seed_huge.cfg
expect 2 "seed_huge.cfg:1: 99999999999999999999: does not fit a 64-bit integer" "$RG" check seed_huge.cfg
printf 'run: { seed = 0xFFFFFFFFFFFFFFFFL; };\n' > hex_huge.cfg
expect 2 "hex_huge.cfg:1: 0xFFFFFFFFFFFFFFFFL: does not fit a 64-bit integer" "$RG" check hex_huge.cfg
printf 'run: { agents = 300L; months = 12; };\n' > suffix.cfg
expect 0 "300 agents" "$RG" check suffix.cfg
# The sweep file's seed too.
cp "$DATA/sweep_seed_past_32_bits.cfg" "$DATA/baseline.cfg" .
expect 0 "seeds 4294967297 to 4294967297" "$RG" sweep sweep_seed_past_32_bits.cfg -o bigseed.d --dry-run

# An inherit path longer than PATH_MAX is refused, not cut to another file.
expect 2 "inherit_longer_than_path_max.cfg:1: inherit: .*longer than the system allows" \
    "$RG" check "$DATA/inherit_longer_than_path_max.cfg"

# Only regular files: FIFOs and devices never block, /proc files get our prefix.
mkfifo fifo.cfg
printf 'inherit = "fifo.cfg";\n' > inherits_fifo.cfg
expect 2 "^reintegra: .*fifo.cfg: is a FIFO; expected a regular file" "$RG" check fifo.cfg
expect 2 "^reintegra: inherits_fifo.cfg:1: inherit: .*is a FIFO" "$RG" run inherits_fifo.cfg -q
expect 2 "^reintegra: .*is a device; expected a regular file" "$RG" check /dev/zero
expect 2 "^reintegra: /proc/self/status" "$RG" check /proc/self/status
expect 2 "^reintegra: .*fifo.cfg: is a FIFO" "$RG" sweep fifo.cfg --dry-run
printf 'base = "fifo.cfg";\nparameters = ({ name = "offending.base_rate"; min = 0.1; max = 0.2; steps = 2; });\n' > sweep_fifo.cfg
expect 2 "is a FIFO" "$RG" sweep sweep_fifo.cfg --dry-run
expect 2 "@include: not supported" sh -c "printf '@include \"fifo.cfg\"\n' > inc.cfg; \"$RG\" check inc.cfg"

# Size, NUL bytes: bounded before libconfig sees them.
head -c 1100000 /dev/zero | tr '\0' ' ' > big.cfg
expect 2 "big.cfg: the file is larger than 1048576 bytes" "$RG" check big.cfg
printf 'run: { agents = 300; };\000months = 5;\n' > nul.cfg
expect 2 "nul.cfg: holds a NUL byte" "$RG" check nul.cfg
{ printf 'run: { name = "'; head -c 70000 /dev/zero | tr '\0' 'x'; printf '"; };\n'; } > longstr.cfg
expect 2 "longstr.cfg:1: a string of more than 65536 characters" "$RG" check longstr.cfg

# Problems between parameters are placed where the user set the values.
printf 'inherit = "%s";\nrun: { months = 12;\n  agents = 5; };\n' "$DATA/baseline.cfg" > few.cfg
expect 2 "^reintegra: few.cfg:3: population.neighbourhoods \(40\) exceeds run.agents \(5\)" "$RG" check few.cfg
expect 2 "^reintegra: --set run.agents: population.neighbourhoods" \
    "$RG" run few.cfg -q --set run.agents=7
expect 2 "^reintegra: --set family.staying_support: family.staying_support" \
    "$RG" check few.cfg --set run.agents=500 --set family.staying_support=0.99

# Control characters from input are escaped in messages and in summarize.
expect 0 "" "$RG" run "$DATA/terminal_escapes_in_name.cfg" -q -o esc.h5
"$RG" summarize esc.h5 > esc.txt 2>&1
check "summarize escapes control characters" no_raw_controls esc.txt
check "summarize shows the escapes" grep -q 'ok\\x1b\]2;pwned-title\\x07' esc.txt
"$RG" check "$DATA/baseline.cfg" --set "run.bogus$(printf '\033')[31m=1" > esc_msg.txt 2>&1
check "messages escape control characters" no_raw_controls esc_msg.txt

# Memory is estimated before anything is allocated.
expect 2 "a run of 2000000000 people .* needs about [0-9.]+ GB of memory; this machine has [0-9.]+ [GM]B available" \
    "$RG" check "$DATA/baseline.cfg" --set run.agents=2000000000
expect 2 "needs about [0-9.]+ GB of memory" "$RG" run "$DATA/baseline.cfg" -q --set run.agents=2000000000

# Targets CSV: fields are parsed exactly; an empty or malformed cell is a
# FILE:LINE error, never a shift of the values after it.
printf 'base = "%s/baseline.cfg";\nparameters = ( { name = "offending.base_rate"; min = 0.01; max = 0.5; } );\ntargets = ( { file = "targets.csv"; } );\n' "$DATA" > cal.cfg
printf 'measure,group,year1,year2,year3\narrest,all,36.8,,61.5\n' > targets.csv
expect 2 "^reintegra: cal.cfg:3: targets: targets.csv:2: column 4 is empty; expected a number" \
    "$RG" calibrate cal.cfg -q
printf 'measure,group,year1,year2\narrest,all,36.8,5x\n' > targets.csv
expect 2 "targets.csv:2: column 4: '5x' is not a number" "$RG" calibrate cal.cfg -q
printf 'measure,group,year1,year2\narrest,all,36.8,nan\n' > targets.csv
expect 2 "targets.csv:2: column 4: 'nan' is not a number" "$RG" calibrate cal.cfg -q
printf 'measure,group,year1\n"arrest,all,36.8\n' > targets.csv
expect 2 "targets.csv:2: not a CSV line .*an unclosed quote" "$RG" calibrate cal.cfg -q
mkfifo targets_fifo.csv
sed 's/targets.csv/targets_fifo.csv/' cal.cfg > cal_fifo.cfg
expect 2 "targets_fifo.csv: is a FIFO; expected a regular file" "$RG" calibrate cal_fifo.cfg -q

finish
