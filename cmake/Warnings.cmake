# Strict warnings for our own targets: gdpr_warnings(<target>).
# (-Wnull-dereference is left out: GCC 12 reports false positives inside libstdc++ at -O2.)
function(gdpr_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
                                           -Wformat=2 -Wimplicit-fallthrough)
  if(GDPR_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
