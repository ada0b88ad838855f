// Set-up steps of a benchmark either work or end the program with the reason: a benchmark
// asserts nothing, but it must not print figures for work it did not do.
#pragma once

#include <cstdlib>
#include <iostream>
#include <utility>

#include "zt/core/error.h"

namespace zt::bench {

template <class T>
T Must(Result<T> r, const char* what) {
  if (!r) {
    std::cerr << what << ": " << r.error().ToString() << "\n";
    std::exit(1);
  }
  return std::move(*r);
}

inline void MustOk(Status s, const char* what) {
  if (!s) {
    std::cerr << what << ": " << s.error().ToString() << "\n";
    std::exit(1);
  }
}

}  // namespace zt::bench
