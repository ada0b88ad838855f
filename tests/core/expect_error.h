// Test helpers for zt::Result / zt::Status: assert the specific error, never just "failed".
#pragma once

#include <string_view>

#include <gtest/gtest.h>

#include "zt/core/error.h"

namespace zt::testing {

// Succeeds when `result` is an error with `code` and `key`.
template <class T>
::testing::AssertionResult FailsWith(const std::expected<T, Error>& result, ErrorCode code,
                                     std::string_view key) {
  if (result) return ::testing::AssertionFailure() << "succeeded; expected " << key;
  if (result.error().code() != code || result.error().key() != key) {
    return ::testing::AssertionFailure() << "failed with " << result.error().ToString()
                                         << "; expected " << ErrorCodeName(code) << ": " << key;
  }
  return ::testing::AssertionSuccess();
}

// FailsWith kInvalidArgument and `key`, carrying exactly one FieldError with pointer "" and
// the same key (so callers can prefix the pointer).
template <class T>
::testing::AssertionResult FailsOnField(const std::expected<T, Error>& result,
                                        std::string_view key) {
  auto basic = FailsWith(result, ErrorCode::kInvalidArgument, key);
  if (!basic) return basic;
  const auto& fields = result.error().fields();
  if (fields.size() != 1 || !fields[0].pointer.empty() || fields[0].key != key) {
    return ::testing::AssertionFailure() << "field errors wrong: " << result.error().ToString();
  }
  return ::testing::AssertionSuccess();
}

}  // namespace zt::testing
