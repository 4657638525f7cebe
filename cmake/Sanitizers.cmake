# GDPR_SANITIZE=ON builds everything with AddressSanitizer and UndefinedBehaviorSanitizer;
# any report aborts the process, so a finding fails the test that caused it.
option(GDPR_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(GDPR_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
