#!/bin/sh
# Layers: the engine knows no model. The engine (sim/engine and its headers)
# includes only the engine's headers; the models (models/ and their headers)
# include only the engine's and the models' headers. Usage: test_layers.sh SRC
src=${1:-.}
engine="error registry params param_uncertainty agents run module rng allocate config output
build_info schema install_dirs threads"
models="$engine population offending justice employment family housing health stigma mentors
peers programme"
status=0

# check FILE ALLOWED: every reintegra/ header FILE includes must be in ALLOWED.
check() {
    for h in $(sed -n 's|^#include "reintegra/\([a-z_0-9]*\)\.h".*|\1|p' "$1"); do
        case " $(echo $2) " in
        *" $h "*) ;;
        *)
            echo "$1 includes reintegra/$h.h, which is above its layer"
            status=1
            ;;
        esac
    done
}

for name in $engine; do
    [ -f "$src/include/reintegra/$name.h" ] && check "$src/include/reintegra/$name.h" "$engine"
done
for f in "$src"/sim/engine/*.c; do check "$f" "$engine"; done
for name in $models; do
    [ -f "$src/include/reintegra/$name.h" ] && check "$src/include/reintegra/$name.h" "$models"
done
for f in "$src"/models/*.c "$src"/models/policies/*.c; do check "$f" "$models"; done
[ $status = 0 ] && echo "layers: the engine includes no model header; the models no header above them"
exit $status
