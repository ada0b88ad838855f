// Shared by the fuzz harnesses (INP-01, docs/testing.md "Fuzzing"). A harness reports a
// finding by aborting: libFuzzer then saves the input as a crash, and the replay test of
// the g++ build fails.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace zt::fuzz {

// Aborts with `what` and the start of the offending input when `ok` is false.
inline void Check(bool ok, std::string_view what, std::string_view input = {}) {
  if (ok) return;
  const int shown = static_cast<int>(input.size() < 300 ? input.size() : 300);
  std::fprintf(stderr, "fuzz finding: %.*s\ninput (first 300 bytes): %.*s\n",
               static_cast<int>(what.size()), what.empty() ? "" : what.data(), shown,
               input.empty() ? "" : input.data());
  std::abort();
}

}  // namespace zt::fuzz
