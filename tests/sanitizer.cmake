# The suite again under AddressSanitizer and UndefinedBehaviorSanitizer, in a build
# of its own (build/asan: Debug, no slow tests, no recursion). sanitizer_build
# configures and builds it; then one test per label runs that label's tests there
# (sanitizer_unit, sanitizer_cli, ...), and the longest tests run alone
# (sanitizer_sweep_cli, ...: RG_ASAN_ALONE), so that ctest shows progress as each
# ends and spreads them over its jobs. Included from tests/CMakeLists.txt.
if(RG_SANITIZE)
  # In the sanitizer build itself: sanitized code runs several times slower (the
  # sweep test, a minute in a release build, takes 5 to 10 under load), so the
  # timeouts of the tests defined in this folder, guards against hangs, triple.
  get_property(rg_tests DIRECTORY PROPERTY TESTS)
  foreach(t IN LISTS rg_tests)
    get_test_property(${t} TIMEOUT rg_timeout)
    if(rg_timeout)
      math(EXPR rg_timeout "3 * ${rg_timeout}")
      set_tests_properties(${t} PROPERTIES TIMEOUT ${rg_timeout})
    endif()
  endforeach()
  # Tests that read damaged run files: HDF5 leaks on some of its error paths, and
  # LeakSanitizer names those frames (tests/fuzz/lsan.supp) only when it unwinds
  # through the library, which makes every allocation several times slower: 12
  # frames reach the suppressed ones (H5O_protect is the 9th) at half the cost of
  # the default 30. Tests that read nothing else unwind so throughout; the others
  # only in the commands they mark $DAMAGED (tests/lib.sh; analysis_cli and
  # analysis_story_cli, in tests/analysis, set the same there).
  set_tests_properties(reliability_run_files fuzz_regressions
                       PROPERTIES ENVIRONMENT "${RG_ASAN_DAMAGED_FILES}")
  set_tests_properties(reliability_sweeps PROPERTIES ENVIRONMENT "${RG_ASAN_DAMAGED_COMMANDS}")
  # Nothing runs the benchmarks here but cli_bench's rg_bench at a tiny size.
  set_target_properties(rg_bench_sweep rg_bench_explore rg_bench_rng PROPERTIES EXCLUDE_FROM_ALL ON)
  return()
endif()
if(NOT RG_SANITIZER_SUITE)
  return()
endif()

set(RG_ASAN_DIR ${CMAKE_BINARY_DIR}/asan)
# Every test of the sanitizer build carries one of these labels, or python or docs
# (not run there); sanitizer_build fails when one does not.
set(RG_ASAN_LABELS unit statistical invariance validation mpi cli)
# Tests that run as a shard of their own (sanitizer_<test>) and not in their
# label's: the longest, so that the rest of their label runs beside them and the
# two jobs of `ctest -j2` end together.
set(RG_ASAN_ALONE sweep_cli uncertainty_cli analysis_cli reliability_run_files)
# Rough minutes under the sanitizers, so that ctest starts the long ones first.
set(RG_ASAN_COST_unit 2)
set(RG_ASAN_COST_statistical 3)
set(RG_ASAN_COST_invariance 2)
set(RG_ASAN_COST_validation 1)
set(RG_ASAN_COST_mpi 1)
set(RG_ASAN_COST_cli 4)
set(RG_ASAN_COST_sweep_cli 5)
set(RG_ASAN_COST_uncertainty_cli 3)
set(RG_ASAN_COST_analysis_cli 2)
set(RG_ASAN_COST_reliability_run_files 2)
string(REPLACE ";" "|" rg_alone "^(${RG_ASAN_ALONE})$")

add_test(NAME sanitizer_build
         COMMAND ${CMAKE_COMMAND} -DSRC=${RG_SRC} -DDIR=${RG_ASAN_DIR}
                 "-DLABELS=${RG_ASAN_LABELS}" -P ${CMAKE_CURRENT_SOURCE_DIR}/sanitizer_build.cmake)
set_tests_properties(sanitizer_build PROPERTIES LABELS sanitizer FIXTURES_SETUP sanitizer
                     TIMEOUT 1500 COST 1000)
foreach(shard IN LISTS RG_ASAN_LABELS RG_ASAN_ALONE)
  if(shard IN_LIST RG_ASAN_ALONE)
    set(rg_select -R "^${shard}$")
  else()
    set(rg_select -L "^${shard}$" -E "${rg_alone}")
  endif()
  add_test(NAME sanitizer_${shard}
           COMMAND ${CMAKE_CTEST_COMMAND} --output-on-failure --no-tests=error ${rg_select}
           WORKING_DIRECTORY ${RG_ASAN_DIR})
  set_tests_properties(sanitizer_${shard} PROPERTIES LABELS sanitizer
                       FIXTURES_REQUIRED sanitizer TIMEOUT 3600 COST ${RG_ASAN_COST_${shard}}
                       ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1;UBSAN_OPTIONS=print_stacktrace=1;LSAN_OPTIONS=suppressions=${RG_SRC}/tests/fuzz/lsan.supp:print_suppressions=0")
endforeach()
