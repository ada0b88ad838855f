// File: id_number.h
//
// 公民身份号码 (the resident identity card number), GB 11643-1999: 6-digit address code
// (GB/T 2260 county at first registration), 8-digit birth date YYYYMMDD, 3-digit sequence
// number (odd = male, even = female) and an ISO 7064 MOD 11-2 check character ('0'-'9' or
// 'X'). An IdNumber always holds a well-formed number whose check character is right.
//
//   auto id = zt::IdNumber::Parse("11010519491231002x");   // stored as ...002X
//   id->birth_date().ToString() == "1949-12-31";  id->is_male() == false;
//   zt::MaskIdNumber(id->value()) == "110105********002X";
//
// Only the province (first two digits) is checked; the rest of the address code is not
// checked against the region table: codes change over time and the
// residence-permit numbers of Hong Kong, Macao and Taiwan residents (810000, 820000,
// 830000) and the 2023 foreigners' permanent residence numbers (leading 9) use the same
// layout and check. Whether the birth date lies in the future is the caller's question (it
// needs "today", which domain code is given, not read).
//
// Legacy 15-digit numbers (GB 11643-1989, no check character) are refused by Parse with
// "id_number.legacy_15_digit": they carry no check, and first-generation cards stopped being
// valid on 2013-01-01. Data migration can convert them explicitly with
// ConvertLegacyIdNumber.
#pragma once

#include <compare>
#include <string>
#include <string_view>
#include <utility>

#include "zt/core/error.h"
#include "zt/core/time.h"

namespace zt {

class IdNumber {
 public:
  // Parses an 18-character number. A lowercase 'x' check character is accepted and stored
  // as 'X'; nothing else is normalised (no spaces are stripped).
  // kInvalidArgument, one FieldError with pointer "" (prefix it with WithPointerPrefix),
  // key, checked in this order:
  //   "id_number.legacy_15_digit"  15 digits: a first-generation number (see above);
  //   "id_number.length"           not 18 characters;
  //   "id_number.characters"       not 17 digits followed by a digit or X;
  //   "id_number.region"           the first two digits name no province (GB/T 2260), nor a
  //                                residence permit (81-83) or permanent residence (9 + code);
  //   "id_number.birth_date"       positions 7-14 are not a real date in 1900..2100;
  //   "id_number.check_digit"      the check character does not match (MOD 11-2).
  static Result<IdNumber> Parse(std::string_view text);
  // Parse, and "id_number.birth_date" also for a birth date after `today` (the caller's
  // civil date, from its Clock).
  static Result<IdNumber> Parse(std::string_view text, Date today);

  // The 18 characters, check character uppercase.
  const std::string& value() const { return value_; }
  Date birth_date() const { return birth_date_; }
  // The sequence number (17th digit) is odd for men and even for women.
  bool is_male() const;
  // The 6-digit address code (地址码). Not necessarily a current region code.
  std::string region_prefix() const { return value_.substr(0, 6); }

  friend bool operator==(const IdNumber& a, const IdNumber& b) { return a.value_ == b.value_; }
  friend auto operator<=>(const IdNumber& a, const IdNumber& b) { return a.value_ <=> b.value_; }

 private:
  IdNumber(std::string value, Date birth_date)
      : value_(std::move(value)), birth_date_(birth_date) {}
  std::string value_;
  Date birth_date_;
};

// The MOD 11-2 check character ('0'-'9' or 'X') for the first 17 digits of a number; for
// tests and seed data. kInvalidArgument "id_number.length" unless exactly 17 characters,
// "id_number.characters" unless all digits.
Result<char> IdNumberCheckChar(std::string_view first17);

// Converts a legacy 15-digit number (6-digit address, YYMMDD born 19YY, 3-digit sequence) to
// the 18-digit form by inserting "19" and appending the check character, then parses it.
// kInvalidArgument "id_number.length" unless 15 characters, "id_number.characters" unless all
// digits, "id_number.birth_date" if the date does not exist.
Result<IdNumber> ConvertLegacyIdNumber(std::string_view fifteen);

// For display and logs: the first 6 and last 4 characters kept, every character between
// them replaced by '*' ("440802********123X"). A valid number is masked in its normalised
// form (uppercase X). Works on any text: it counts UTF-8 characters, never splits one, and
// masks a text of 10 characters or fewer completely.
std::string MaskIdNumber(std::string_view text);

}  // namespace zt
