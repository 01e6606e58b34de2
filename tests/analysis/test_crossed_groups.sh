#!/bin/sh
# Race and sex crossed (white_men, black_men, ...): in metrics and compare, people
# rearrested that add up to the race group's, rates between the men's and the women's,
# and an unknown crossed group refused (one line, exit status 2).
# Usage: test_crossed_groups.sh REINTEGRA SOURCE_DIR
set -u
RG=$1
SRC=$2
. "$SRC/tests/analysis/lib.sh"
work_in crossed_groups

SMALL="--set run.agents=3000 --set run.months=36"
# shellcheck disable=SC2086
"$RG" run "$SRC/scenarios/baseline.cfg" -q --replicates 2 -o base.h5 $SMALL || bad "run"
# shellcheck disable=SC2086
"$RG" run "$SRC/scenarios/baseline.cfg" -q --replicates 2 -o fewer.h5 $SMALL \
    --set justice.arrest_probability=0.4 --set run.name=fewer_arrests || bad "run fewer"

expect 0 "^black men" "$RG" metrics base-r1.h5 --group black_men
expect 0 "^Hispanic women" "$RG" metrics base-r*.h5 --group hispanic_women
expect 0 "black men" "$RG" compare base-r*.h5 fewer-r*.h5 --group black_men
expect 0 "" "$RG" metrics base-r1.h5 --csv metrics.csv
for g in white_men black_men hispanic_men white_women black_women hispanic_women; do
    grep -q "^baseline,1,$g,rearrest_3y,%," metrics.csv && ok || bad "metrics.csv lacks $g"
done

# value GROUP METRIC: the estimate in metrics.csv.
value() { awk -F, -v g="$1" -v m="$2" '$3 == g && $4 == m { print $6 }' metrics.csv; }
for race in white black hispanic; do
    for m in people_rearrested; do
        sum=$(awk -v a="$(value "${race}_men" $m)" -v b="$(value "${race}_women" $m)" \
            'BEGIN { print a + b }')
        [ "$sum" = "$(value "$race" $m)" ] && ok ||
            bad "$m: ${race} men + women = $sum, ${race}: $(value "$race" $m)"
    done
    for m in rearrest_1y rearrest_3y employment_rate; do
        awk -v a="$(value "${race}_men" $m)" -v b="$(value "${race}_women" $m)" \
            -v x="$(value "$race" $m)" 'BEGIN {
                lo = a < b ? a : b; hi = a < b ? b : a
                exit !(a != "" && x >= lo - 1e-9 && x <= hi + 1e-9) }' && ok ||
            bad "$m of $race people is not between the men's and the women's"
    done
done

one_line 2 "unknown group: black_man" "$RG" metrics base-r1.h5 --group black_man

finish
