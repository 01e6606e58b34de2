#!/bin/sh
# The man page and the shell completions, which are generated from the commands'
# --help texts: the man page renders without warnings, the bash completion
# completes commands, each command's options, parameter names after --set and the
# right kind of file, and the zsh script is valid zsh. Usage: test_completion.sh
# REINTEGRA SOURCE_DIR (run in an empty folder).
set -u
RG=$1
SRC=$2
fail=0
check() { # check WHAT EXPECTED ACTUAL
    if [ "$2" != "$3" ]; then
        echo "FAIL $1: expected [$2], got [$3]"
        fail=1
    fi
}

# The man page renders with no warnings, and has a section for every command.
warnings=$(groff -man -Tutf8 -ww -z "$SRC/docs/reintegra.1" 2>&1)
check "groff warnings" "" "$warnings"
for c in $("$RG" help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }'); do
    grep -qx ".SS $c" "$SRC/docs/reintegra.1" || { echo "FAIL man page lacks $c"; fail=1; }
done

# `help COMMAND` is the command's --help; unknown shells and commands are refused.
"$RG" help sweep > help.txt && "$RG" sweep --help > sweep.txt && cmp -s help.txt sweep.txt ||
    { echo "FAIL help sweep differs from sweep --help"; fail=1; }
"$RG" completion fish > /dev/null 2>&1
check "completion fish status" 2 $?
"$RG" help nosuch > /dev/null 2>&1
check "help nosuch status" 2 $?
"$RG" --version | grep -q '^MPI: ' || { echo "FAIL --version does not say whether MPI is in"; fail=1; }

# bash: complete WORDS... (the last word is the one being completed).
mkdir -p dir && touch a.cfg b.h5 c.txt
complete_words() {
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1));
             _reintegra; [ ${#COMPREPLY[@]} -eq 0 ] ||
             printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' \
        sh "$SRC/completions/reintegra.bash" "$@"
}
check "commands" "report run " "$(complete_words reintegra r)"
check "run options" "--seed --set " "$(complete_words reintegra run --se)"
check "sweep options" "--task-range --tasks --threads " "$(complete_words reintegra sweep --t)"
check "--set names" "run.agents= " "$(complete_words reintegra run a.cfg --set run.ag)"
check "scenario files" "a.cfg dir " "$(complete_words reintegra run '')"
check "run files" "b.h5 dir " "$(complete_words reintegra metrics '')"
# Options named only in prose are not offered (`mpirun -np N` in sweep --help).
check "no prose options" "" "$(complete_words reintegra sweep -n)"

# zsh, where it is installed: the script parses.
if command -v zsh > /dev/null 2>&1; then
    zsh -n "$SRC/completions/_reintegra" || { echo "FAIL _reintegra is not valid zsh"; fail=1; }
else
    echo "zsh not installed: its script's syntax not checked"
fi
[ $fail -eq 0 ] && echo "man page and completions: ok"
exit $fail
