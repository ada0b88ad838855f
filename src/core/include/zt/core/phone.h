// File: phone.h
//
// Mainland China mobile numbers: 11 digits, the first 1, the second 3-9 (13x-19x). Input
// may carry the country code and separators as people write them; the value is always the
// bare 11 digits.
//
//   auto m = zt::MobileNumber::Parse("+86 138-1234-5678");
//   m->value() == "13812345678";  zt::MaskPhone(m->value()) == "138****5678";
//
// Fixed-line numbers and numbers of other countries are not MobileNumbers.
#pragma once

#include <compare>
#include <string>
#include <string_view>
#include <utility>

#include "zt/core/error.h"

namespace zt {

class MobileNumber {
 public:
  // Accepts the 11 digits with an optional leading "+86" or "86" (or "+86" written
  // "0086"), and ignores spaces and hyphens anywhere. kInvalidArgument with key
  // "phone.format" (one FieldError, pointer "") for anything else.
  static Result<MobileNumber> Parse(std::string_view text);

  // The 11 digits.
  const std::string& value() const { return value_; }
  // E.164 form, "+8613812345678".
  std::string e164() const { return "+86" + value_; }

  friend bool operator==(const MobileNumber& a, const MobileNumber& b) {
    return a.value_ == b.value_;
  }
  friend auto operator<=>(const MobileNumber& a, const MobileNumber& b) {
    return a.value_ <=> b.value_;
  }

 private:
  explicit MobileNumber(std::string value) : value_(std::move(value)) {}
  std::string value_;
};

// For display and logs: "138****5678". A parseable number is masked in its normalised
// 11-digit form; any other text keeps its first 3 and last 4 characters with '*' for each
// character between, and a text of 7 characters or fewer is masked completely. Counts UTF-8
// characters and never splits one.
std::string MaskPhone(std::string_view text);

}  // namespace zt
