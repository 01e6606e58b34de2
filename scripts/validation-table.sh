#!/bin/sh
# Print the tables of docs/validation.md.
#   scripts/validation-table.sh [BUILD_DIR]        part 1: the baseline (100,000 agents,
#                                                  seed 1) against the fit's targets
#   scripts/validation-table.sh long [BUILD_DIR]   part 2: 120 months (seed 7) against the
#                                                  out-of-sample figures, and the long-run curve
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
if [ "${1:-}" = long ]; then
    build=${2:-$here/build}
    RG_SOURCE_DIR=$here "$build/tests/test_long_run" "$here/data/targets/bjs_long_horizon.csv" |
        grep -v ' passed, '
    exit 0
fi
build=${1:-$here/build}
RG_SOURCE_DIR=$here "$build/tests/test_bjs2012" "$here/data/targets/bjs_2012_cohort.csv" \
    "$here/data/targets/bjs_2005_monthly_first_year.csv" \
    "$here/data/targets/bjs_2012_cohort_composition.csv" |
    grep -v ' passed, '
