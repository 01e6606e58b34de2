# The live explorer (`reintegra explore`): its sources, its web page embedded at
# build time, and the web server when libmicrohttpd is installed (Debian:
# libmicrohttpd-dev). Without it the program builds and `explore` says so.
option(RG_EXPLORE_SERVER "Build the explorer's web server (needs libmicrohttpd)" ON)
if(RG_EXPLORE_SERVER)
  pkg_check_modules(MHD QUIET IMPORTED_TARGET libmicrohttpd)
endif()

set(RG_EXPLORE_DIR ${CMAKE_SOURCE_DIR}/sim/workflows/explore)
set(RG_EXPLORE_WEB_FILES index.html explore.css explore.js)
list(TRANSFORM RG_EXPLORE_WEB_FILES PREPEND ${RG_EXPLORE_DIR}/web/ OUTPUT_VARIABLE RG_EXPLORE_WEB)
string(REPLACE ";" "|" RG_EXPLORE_WEB_LIST "index.html;explore.css;explore.js")
set(RG_EXPLORE_ASSETS_C ${CMAKE_BINARY_DIR}/generated/explore_assets.c)
add_custom_command(
  OUTPUT ${RG_EXPLORE_ASSETS_C}
  COMMAND ${CMAKE_COMMAND} -DOUT=${RG_EXPLORE_ASSETS_C} -DDIR=${RG_EXPLORE_DIR}/web
          -DFILES=${RG_EXPLORE_WEB_LIST} -P ${CMAKE_SOURCE_DIR}/cmake/embed_assets.cmake
  DEPENDS ${RG_EXPLORE_WEB} ${CMAKE_SOURCE_DIR}/cmake/embed_assets.cmake
  COMMENT "Embedding the explorer's web page"
  VERBATIM)

file(GLOB RG_EXPLORE_SOURCES CONFIGURE_DEPENDS ${RG_EXPLORE_DIR}/*.c)
target_sources(reintegra PRIVATE ${RG_EXPLORE_SOURCES} ${RG_EXPLORE_ASSETS_C})
find_package(Threads REQUIRED)
target_link_libraries(reintegra PUBLIC Threads::Threads)
if(MHD_FOUND)
  message(STATUS "Explorer web server: yes (libmicrohttpd ${MHD_VERSION})")
  target_compile_definitions(reintegra PRIVATE RG_HAVE_MHD)
  target_link_libraries(reintegra PUBLIC PkgConfig::MHD)
else()
  message(STATUS "Explorer web server: no (install libmicrohttpd-dev for reintegra explore)")
endif()

# The explorer's benchmark: seconds per /api/run request (docs/performance.md).
add_executable(rg_bench_explore bench/bench_explore.c)
target_compile_options(rg_bench_explore PRIVATE ${RG_WARNINGS})
target_link_libraries(rg_bench_explore PRIVATE reintegra)
target_compile_definitions(rg_bench_explore PRIVATE RG_SCENARIOS_DIR="${CMAKE_SOURCE_DIR}/scenarios")
