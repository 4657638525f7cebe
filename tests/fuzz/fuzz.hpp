// Shared by the fuzz targets. Each target defines LLVMFuzzerTestOneInput; under clang with
// GDPR_FUZZ=ON it is linked with libFuzzer, otherwise with replay_main.cpp, which feeds it every
// file of the seed corpus and of the regressions folder (so CTest replays them in every build).
//
// A target may let gdpr::Error escape its callee (that is the clear error a user sees) but
// nothing else: any other exception, a sanitizer report or a failed FUZZ_CHECK is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "gdpr/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace gdpr::fuzz {

[[noreturn]] inline void fail(const char* file, int line, const char* what) {
  std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", file, line, what);
  std::abort();
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// What CSV cells read back as once written: themselves, or with the ' that keeps a spreadsheet
// from running them as a formula (SPEC §9).
inline std::vector<std::string> as_written(std::vector<std::string> cells) {
  for (auto& c : cells) {
    if (runs_as_formula(c)) c.insert(0, 1, '\'');
  }
  return cells;
}

}  // namespace gdpr::fuzz

#define FUZZ_CHECK(cond) \
  do {                   \
    if (!(cond)) ::gdpr::fuzz::fail(__FILE__, __LINE__, #cond); \
  } while (false)
