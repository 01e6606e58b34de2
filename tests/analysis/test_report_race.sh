#!/bin/sh
# The report's section on race gaps by channel: shown for a file written by
# `reintegra decompose` (its figures those of `reintegra metrics`), absent for a run
# without /race_decomposition, and a damaged table refused (one line, exit status 2,
# no report).
# Usage: test_report_race.sh REINTEGRA SOURCE_DIR H5_TAMPER
set -u
RG=$1
SRC=$2
TAMPER=$3
. "$SRC/tests/analysis/lib.sh"
work_in report_race

BASE="$SRC/scenarios/baseline.cfg"
SMALL="--set run.agents=2000 --set run.months=36"
# shellcheck disable=SC2086
"$RG" decompose "$BASE" -q -o dec.h5 $SMALL || bad "decompose"
# shellcheck disable=SC2086
"$RG" run "$BASE" -q -o plain.h5 $SMALL || bad "run"

# A decomposition file: the section, linked from the navigation, in words.
expect 0 "" "$RG" report dec.h5 -o dec.html
grep -q '<section id="race-gaps">' dec.html && ok || bad "no race-gaps section"
grep -q 'href="#race-gaps"' dec.html && ok || bad "no link to the race-gaps section"
text=$(sed 's/<[^>]*>/ /g' dec.html)
for phrase in "Policing and supervision by place" "Employers' taste-based discrimination" \
    "Jobs by place" "Housing by place" "The rest of segregation" "Residual" \
    "assumed +: their sizes" "measured: the Quillian" "Rearrested within 3 years: white [0-9.]+%, black [0-9.]+%"; do
    printf '%s\n' "$text" | grep -Eq -- "$phrase" && ok || bad "the section lacks /$phrase/"
done
printf '%s\n' "$text" |
    grep -Eq "Black people are rearrested within 3 years [0-9.]+ percentage points (more|less) often than white people" &&
    ok || bad "no sentence on the black-white rearrest gap"

# Its figures are the file's: the gap and two rows as `metrics` prints them (two
# decimals there, one here).
"$RG" metrics dec.h5 > metrics.txt 2>&1 || bad "metrics"
for row in gap policing residual; do
    want=$(awk -v r="$row" '$1 == r && NF == 5 { print $2, $3, $4, $5 }' metrics.txt)
    label=$row
    [ "$row" = gap ] && label="The gap"
    [ "$row" = policing ] && label="Policing and supervision by place"
    [ "$row" = residual ] && label="Residual"
    got=$(tr -d '\n' < dec.html | sed 's/<tr>/\n<tr>/g' | grep "<th scope=\"row\">$label</th>" |
        grep -o '<td>[-+][0-9.]*</td>' | sed 's/<[^>]*>//g' | tr '\n' ' ')
    if [ -n "$want" ] && echo "$want $got" | awk 'NF == 8 {
        for (k = 1; k <= 4; k++) if ($k - $(k + 4) > 0.051 || $(k + 4) - $k > 0.051) exit 1
        exit 0 } { exit 1 }'; then ok; else bad "row $row: report '$got', metrics '$want'"; fi
done

# A run without the table: no section, no link, no error.
expect 0 "" "$RG" report plain.h5 -o plain.html
grep -q 'race-gaps' plain.html && bad "race-gaps section in a report without the table" || ok

# A damaged table: one line naming the file, exit status 2, no report written.
cp dec.h5 shrunk.h5
"$TAMPER" shrunk.h5 --shrink race_decomposition/gap || bad "h5_tamper --shrink"
one_line 2 "shrunk.h5: /race_decomposition/gap has 1 values; expected 28" \
    "$RG" report shrunk.h5 -o shrunk.html
[ ! -e shrunk.html ] && ok || bad "a report was written from a damaged table"
cp dec.h5 nolevel.h5
"$TAMPER" nolevel.h5 --delete race_decomposition/level || bad "h5_tamper --delete"
one_line 2 "nolevel.h5: /race_decomposition is incomplete" "$RG" report nolevel.h5 -o nolevel.html
[ ! -e nolevel.html ] && ok || bad "a report was written from an incomplete table"

finish
