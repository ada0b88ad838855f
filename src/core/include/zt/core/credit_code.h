// File: credit_code.h
//
// 统一社会信用代码 (the unified social credit code of a legal person or other organisation),
// GB 32100-2015: 18 characters from the 31-character set 0-9 A-H J-N P-R T U W-Y (no I, O,
// S, V, Z).
//   position 1      登记管理部门代码 (1 机构编制, 5 民政, 9 市场监管, Y 其他, ...)
//   position 2      机构类别代码
//   positions 3-8   登记管理机关行政区划码 (GB/T 2260)
//   positions 9-17  主体标识码: the GB 11714 组织机构代码, its own check character at 17
//   position 18     check character: weights 3^i mod 31, C = 31 - (S mod 31), 31 -> 0
//
//   auto code = zt::CreditCode::Parse("91350100M000100Y43");
//   code->organization_code() == "M000100Y4";  code->organization_code_valid() == true;
//
// Decision on the embedded organisation code check (STANDARDS.md §14.3-14.4): Parse enforces
// the 18th character only. The GB 11714 check of positions 9-17 is reported by
// organization_code_valid() but not enforced, because codes really issued (early pilots,
// some 个体工商户 codes whose 主体标识码 is not a registered 组织机构代码) can fail it, and
// refusing a registered organisation's own code is worse than flagging it. The 18th
// character already catches any single-character typo. Callers that need the strict
// check (e.g. matching against the 组织机构代码 register) call organization_code_valid().
// Known real codes that fail even the 18th character (the Fujian pilot
// 91350100M0001TGQXM) are refused; admitting them needs an allow-list at the service layer.
#pragma once

#include <compare>
#include <string>
#include <string_view>
#include <utility>

#include "zt/core/error.h"

namespace zt {

class CreditCode {
 public:
  // Parses an 18-character code. Lowercase letters are accepted and stored in uppercase;
  // nothing else is normalised (no spaces are stripped).
  // kInvalidArgument, one FieldError with pointer "" (prefix it with WithPointerPrefix),
  // key, checked in this order:
  //   "credit_code.length"       not 18 characters;
  //   "credit_code.characters"   a character outside the 31-character set (I, O, S, V, Z,
  //                              punctuation, ...);
  //   "credit_code.check_digit"  the 18th character does not match the first 17.
  static Result<CreditCode> Parse(std::string_view text);

  // The 18 characters, uppercase.
  const std::string& value() const { return value_; }
  // Positions 9-17: the embedded GB 11714 organisation code (9 characters).
  std::string organization_code() const { return value_.substr(8, 9); }
  // Positions 3-8: the registering authority's region code (not checked against the table).
  std::string region_prefix() const { return value_.substr(2, 6); }
  // Whether organization_code() passes its own GB 11714 check (see the decision above).
  bool organization_code_valid() const;

  friend bool operator==(const CreditCode& a, const CreditCode& b) { return a.value_ == b.value_; }
  friend auto operator<=>(const CreditCode& a, const CreditCode& b) {
    return a.value_ <=> b.value_;
  }

 private:
  explicit CreditCode(std::string value) : value_(std::move(value)) {}
  std::string value_;
};

// The 18th (check) character for the first 17 characters of a code; for tests and seed data.
// Lowercase letters are accepted. kInvalidArgument "credit_code.length" unless exactly 17
// characters, "credit_code.characters" for a character outside the 31-character set.
Result<char> CreditCodeCheckChar(std::string_view first17);

// The 9th (check) character of a GB 11714-1997 organisation code from its first 8 characters
// (digits and uppercase letters): '0'-'9' or 'X'. kInvalidArgument "organization_code.length"
// unless exactly 8 characters, "organization_code.characters" otherwise.
Result<char> OrganizationCodeCheckChar(std::string_view first8);

// Validates a 9-character organisation code (an optional hyphen before the check
// character, as printed on old certificates, is not accepted: pass the 9 characters).
// kInvalidArgument "organization_code.length", "organization_code.characters" or
// "organization_code.check_digit".
Status ValidateOrganizationCode(std::string_view code);

}  // namespace zt
