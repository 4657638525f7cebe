# GDPR_SANITIZE=ON builds everything with AddressSanitizer and UndefinedBehaviorSanitizer;
# any report aborts the process, so a finding fails the test that caused it.
option(GDPR_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(GDPR_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# GDPR_FUZZ=ON (clang only) instruments everything for libFuzzer, with ASan and UBSan, and turns
# the targets in tests/fuzz into fuzzers (build them with `--target fuzz_all`; run tests/fuzz/run.sh).
option(GDPR_FUZZ "Build the libFuzzer targets in tests/fuzz (needs clang)" OFF)
if(GDPR_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "GDPR_FUZZ needs clang: configure with CC=clang CXX=clang++ (Debian: clang, libclang-rt-14-dev)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
