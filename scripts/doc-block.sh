#!/bin/sh
# A generated block inside a hand-written document: the lines between
#   <!-- BEGIN generated: TAG -->   and   <!-- END generated: TAG -->
# are the output of COMMAND. `check` fails (status 1) when they differ; `update`
# rewrites them (make docs).
# usage: doc-block.sh check|update FILE TAG COMMAND...
set -u
mode=$1 file=$2 tag=$3
shift 3
begin="<!-- BEGIN generated: $tag -->"
end="<!-- END generated: $tag -->"
grep -qxF -- "$begin" "$file" && grep -qxF -- "$end" "$file" ||
    { echo "$file: no block '$tag' (expected the lines $begin and $end)"; exit 1; }
tmp=$(mktemp) || exit 1
trap 'rm -f "$tmp" "$tmp.block" "$tmp.new"' EXIT
"$@" > "$tmp" || { echo "$*: failed"; exit 1; }
awk -v b="$begin" -v e="$end" '$0 == e { on = 0 } on { print } $0 == b { on = 1 }' "$file" > "$tmp.block"
case $mode in
check)
    diff -u "$tmp.block" "$tmp" ||
        { echo "$file: the block '$tag' is stale: run make docs"; exit 1; } ;;
update)
    awk -v b="$begin" -v e="$end" -v gen="$tmp" '
        $0 == e { while ((getline line < gen) > 0) print line; on = 0 }
        !on { print }
        $0 == b { on = 1 }' "$file" > "$tmp.new" && cat "$tmp.new" > "$file" ;;
*) echo "usage: doc-block.sh check|update FILE TAG COMMAND..."; exit 2 ;;
esac
