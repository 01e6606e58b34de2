# Installation (included at the end of CMakeLists.txt): the program with its man
# page and shell completions, libreintegra
# static and shared (one set of position-independent objects), the public headers,
# the shipped scenarios and target data, a CMake package (find_package(reintegra))
# and a pkg-config file (reintegra.pc).
#
#   cmake -S . -B build -DCMAKE_INSTALL_PREFIX=/opt/reintegra && cmake --build build
#   cmake --install build                     (or: make install PREFIX=/opt/reintegra)
#
# The prefix is chosen when configuring: the installed data folder is written into
# reintegra/install_dirs.h, which the library and its users can include.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(RG_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/reintegra)
set(RG_INSTALL_DATADIR ${CMAKE_INSTALL_DATADIR}/reintegra)
set(RG_INSTALL_FULL_DATADIR ${CMAKE_INSTALL_FULL_DATADIR}/reintegra)
configure_file(${CMAKE_CURRENT_LIST_DIR}/install_dirs.h.in
               ${CMAKE_BINARY_DIR}/generated/reintegra/install_dirs.h @ONLY)

# The shared library: the static library's objects, compiled once as PIC. Without
# semantic interposition (no call inside the library may be replaced by another
# library's function of the same name) the compiler inlines as it does without PIC.
set_target_properties(reintegra PROPERTIES POSITION_INDEPENDENT_CODE ON EXPORT_NAME
                                           reintegra_static)
include(CheckCCompilerFlag)
check_c_compiler_flag(-fno-semantic-interposition RG_HAVE_NO_SEMANTIC_INTERPOSITION)
if(RG_HAVE_NO_SEMANTIC_INTERPOSITION)
  target_compile_options(reintegra PRIVATE -fno-semantic-interposition)
endif()
add_library(reintegra_shared SHARED $<TARGET_OBJECTS:reintegra>)
set_target_properties(reintegra_shared PROPERTIES
  OUTPUT_NAME reintegra EXPORT_NAME reintegra
  VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
get_target_property(RG_LIB_LINKS reintegra LINK_LIBRARIES)
get_target_property(RG_LIB_DEFINITIONS reintegra INTERFACE_COMPILE_DEFINITIONS)
# The public headers need GSL's and Random123's; the rest is private to the .so.
target_link_libraries(reintegra_shared PUBLIC GSL::gsl PRIVATE ${RG_LIB_LINKS})
target_compile_definitions(reintegra_shared PUBLIC ${RG_LIB_DEFINITIONS})
target_include_directories(reintegra_shared
  PUBLIC $<BUILD_INTERFACE:${CMAKE_SOURCE_DIR}/include>
         $<BUILD_INTERFACE:${CMAKE_BINARY_DIR}/generated>
         $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
target_include_directories(reintegra_shared SYSTEM PUBLIC ${RANDOM123_INCLUDE_DIR})
target_include_directories(reintegra INTERFACE $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)

install(TARGETS reintegra_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The man page and the shell completions (generated from the --help texts).
install(FILES ${CMAKE_SOURCE_DIR}/docs/reintegra.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${CMAKE_SOURCE_DIR}/completions/reintegra.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME reintegra)
install(FILES ${CMAKE_SOURCE_DIR}/completions/_reintegra
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)
install(TARGETS reintegra reintegra_shared EXPORT reintegra-targets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/include/reintegra
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.h")
install(FILES ${CMAKE_BINARY_DIR}/generated/reintegra/install_dirs.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/reintegra)
# Scenarios and targets keep their relative places (calibration files name
# ../../data/targets/...).
install(DIRECTORY ${CMAKE_SOURCE_DIR}/scenarios DESTINATION ${RG_INSTALL_DATADIR}
        FILES_MATCHING PATTERN "*.cfg")
install(DIRECTORY ${CMAKE_SOURCE_DIR}/data/targets DESTINATION ${RG_INSTALL_DATADIR}/data
        FILES_MATCHING PATTERN "*.csv")

install(EXPORT reintegra-targets NAMESPACE reintegra:: DESTINATION ${RG_INSTALL_CMAKEDIR})
# Optional dependencies the package must find again (reintegraConfig.cmake, reintegra.pc).
set(RG_PKG_WITH_MPI OFF)
set(RG_PKG_WITH_MHD OFF)
set(RG_PC_LIBS_PRIVATE "")
set(RG_PC_REQUIRES_PRIVATE "libconfig hdf5 zlib libdeflate libisal")
if(MPI_C_FOUND)
  set(RG_PKG_WITH_MPI ON)
  string(APPEND RG_PC_REQUIRES_PRIVATE " ompi-c")
endif()
if(MHD_FOUND)
  set(RG_PKG_WITH_MHD ON)
  # Not Requires.private: libmicrohttpd's own .pc drags in GnuTLS's static
  # dependencies, which a shared libmicrohttpd does not need.
  set(RG_PC_LIBS_PRIVATE "-lmicrohttpd ")
endif()
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/reintegraConfig.cmake.in
  ${CMAKE_BINARY_DIR}/reintegraConfig.cmake INSTALL_DESTINATION ${RG_INSTALL_CMAKEDIR}
  PATH_VARS RG_INSTALL_DATADIR CMAKE_INSTALL_INCLUDEDIR)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/reintegraConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/reintegraConfig.cmake
              ${CMAKE_BINARY_DIR}/reintegraConfigVersion.cmake
        DESTINATION ${RG_INSTALL_CMAKEDIR})

# pkg-config: the public definitions, and Random123's folder when it is not a
# default one.
set(RG_PC_CFLAGS "")
foreach(def IN LISTS RG_LIB_DEFINITIONS)
  string(APPEND RG_PC_CFLAGS " -D${def}")
endforeach()
if(NOT RANDOM123_INCLUDE_DIR STREQUAL "/usr/include")
  string(APPEND RG_PC_CFLAGS " -I${RANDOM123_INCLUDE_DIR}")
endif()
configure_file(${CMAKE_CURRENT_LIST_DIR}/reintegra.pc.in ${CMAKE_BINARY_DIR}/reintegra.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/reintegra.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# `cmake --install --prefix` elsewhere copies the files, but the program and the
# headers still name the configured prefix: say so.
install(CODE "
  if(NOT CMAKE_INSTALL_PREFIX STREQUAL \"${CMAKE_INSTALL_PREFIX}\")
    message(WARNING \"installing into \${CMAKE_INSTALL_PREFIX}, but reintegra was \"
            \"configured for ${CMAKE_INSTALL_PREFIX} (its data folder in install_dirs.h): \"
            \"configure with -DCMAKE_INSTALL_PREFIX=\${CMAKE_INSTALL_PREFIX} (make install \"
            \"PREFIX=...) instead\")
  endif()")
