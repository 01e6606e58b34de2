#!/bin/sh
# The R library (analysis/R) against the program's own figures. Skipped (status
# 77, which ctest reports as skipped) when R, hdf5r or survival is missing.
# Usage: test_r.sh REINTEGRA SOURCE_DIR WORK_DIR
set -eu
if ! command -v Rscript >/dev/null 2>&1; then
    echo "SKIP: Rscript is not installed (Debian: r-base-core)"
    exit 77
fi
if ! Rscript -e 'ok <- sapply(c("hdf5r", "survival"), requireNamespace, quietly = TRUE)
                 quit(status = if (all(ok)) 0 else 1)' >/dev/null 2>&1; then
    echo "SKIP: the R packages hdf5r and survival are needed (Debian: r-cran-hdf5r r-cran-survival)"
    exit 77
fi
rm -rf "$3"
mkdir -p "$3"
cd "$3"
exec Rscript "$2/tests/r/test_reintegra.R" "$1" "$2"
