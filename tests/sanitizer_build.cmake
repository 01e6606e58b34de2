# Configure and build the sanitizer build (cmake -P, from the sanitizer_build test),
# then check that each of its tests carries one of LABELS (or python or docs,
# which it does not run), so that the sanitizer_<label> tests run them all.
# Arguments: -DSRC=source -DDIR=build folder "-DLABELS=unit;cli;..."
function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed:\n${out}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

run("configuring the sanitizer build" ${CMAKE_COMMAND} -S ${SRC} -B ${DIR}
    -DCMAKE_BUILD_TYPE=Debug -DRG_SANITIZE=ON -DRG_SANITIZER_SUITE=OFF -DRG_SLOW_TESTS=OFF)
run("building the sanitizer build" ${CMAKE_COMMAND} --build ${DIR} -j 2)
message(STATUS "sanitizer build ready in ${DIR}")

string(REPLACE ";" "|" any "^(${LABELS}|python|docs)$")
run("listing the sanitizer build's tests" ${CMAKE_CTEST_COMMAND} --test-dir ${DIR} -N -LE "${any}")
if(out MATCHES "Test +#[0-9]+: ")
  message(FATAL_ERROR "tests of the sanitizer build that no sanitizer_<label> test runs "
                      "(give them one of the labels ${LABELS}, or add theirs to "
                      "RG_ASAN_LABELS in tests/sanitizer.cmake):\n${out}")
endif()
