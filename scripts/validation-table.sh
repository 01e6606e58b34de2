#!/bin/sh
# Print the validation table of docs/validation.md: the baseline (100,000 agents)
# against the BJS 2012 cohort. Usage: scripts/validation-table.sh [BUILD_DIR]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
RG_SOURCE_DIR=$here "$build/tests/test_bjs2012" "$here/data/targets/bjs_2012_cohort.csv" \
    "$here/data/targets/bjs_2005_monthly_first_year.csv" |
    grep -v ' passed, '
