# Compiles through ccache when it is installed (scripts/run.sh installs it): a rebuild of what
# was built before, in any build folder with the same flags, takes seconds. The precompiled
# headers (CLI11, doctest) need ccache's pch sloppiness; GDPR_CCACHE=OFF compiles directly.
option(GDPR_CCACHE "Compile through ccache when it is installed" ON)
find_program(GDPR_CCACHE_PROGRAM ccache)
if(GDPR_CCACHE AND GDPR_CCACHE_PROGRAM AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(launcher env CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
      ${GDPR_CCACHE_PROGRAM})
  set(CMAKE_C_COMPILER_LAUNCHER ${launcher})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${launcher})
endif()
