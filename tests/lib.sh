# Shared by the shell tests (sourced after RG is set).
#
# DAMAGED: a prefix for a command that reads a damaged or hostile run file
# (`expect 2 PATTERN $DAMAGED "$RG" metrics cut.h5`). In the sanitizer build, HDF5
# leaks on some of its error paths, and LeakSanitizer names those frames
# (tests/fuzz/lsan.supp) only when it unwinds through the library, which makes every
# allocation several times slower: tests/sanitizer.cmake gives those options in
# RG_ASAN_DAMAGED, and only such commands take them. Elsewhere it is a plain `env`.
# shellcheck disable=SC2034
DAMAGED="env ${RG_ASAN_DAMAGED:+ASAN_OPTIONS=$RG_ASAN_DAMAGED}"

# limit SECONDS: the guard of one command against hangs (`timeout "$(limit 60)" ...`),
# three times longer for the sanitizer build (build/asan), whose code runs several
# times slower and slower still on a busy machine, as tests/sanitizer.cmake does for
# the tests' own timeouts.
limit() {
    case $RG in
    */asan/*) echo $(($1 * 3)) ;;
    *) echo "$1" ;;
    esac
}
