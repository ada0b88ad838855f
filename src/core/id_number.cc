#include "zt/core/id_number.h"

#include <algorithm>
#include <array>

#include "mask.h"

namespace zt {
namespace {

constexpr std::size_t kLength = 18;
constexpr std::size_t kLegacyLength = 15;
constexpr int kEarliestBirthYear = 1900;  // nobody born earlier is alive to apply
constexpr int kLatestBirthYear = 2100;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view text) { return std::all_of(text.begin(), text.end(), IsDigit); }

int DigitsValue(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

// GB 11643-1999 / ISO 7064 MOD 11-2: weights W_i = 2^(17-i) mod 11; check = (12 - S mod 11)
// mod 11, written "10X98765432"[S mod 11]. Assumes 17 digits.
char CheckCharOf(std::string_view first17) {
  static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                   3, 7, 9,  10, 5, 8, 4, 2};
  static constexpr std::string_view kCheckChars = "10X98765432";
  int sum = 0;
  for (std::size_t i = 0; i < kWeights.size(); ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheckChars[static_cast<std::size_t>(sum % 11)];
}

std::unexpected<Error> LengthError(std::size_t expected, std::size_t got) {
  return FieldFail(
      "", "id_number.length",
      "an ID number has " + std::to_string(expected) + " characters, got " + std::to_string(got));
}

// The birth date written as "YYYYMMDD" (digits already checked).
Result<Date> BirthDateAt(std::string_view yyyymmdd) {
  const int year = DigitsValue(yyyymmdd.substr(0, 4));
  const int month = DigitsValue(yyyymmdd.substr(4, 2));
  const int day = DigitsValue(yyyymmdd.substr(6, 2));
  auto date = Date::FromYmd(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  if (!date || year < kEarliestBirthYear || year > kLatestBirthYear) {
    return FieldFail("", "id_number.birth_date",
                     "the birth date " + std::string(yyyymmdd) + " does not exist or is outside " +
                         std::to_string(kEarliestBirthYear) + "-" +
                         std::to_string(kLatestBirthYear));
  }
  return date;
}

// Whether the first digits name a province-level division of GB/T 2260 (11 Beijing ... 65
// Xinjiang, 71 Taiwan), a residence permit of Hong Kong, Macao or Taiwan residents (81, 82,
// 83), or a foreigner's permanent residence number (9, then the issuing province's code).
bool KnownProvincePrefix(std::string_view digits) {
  auto province = [](int code) {
    return (code >= 11 && code <= 15) || (code >= 21 && code <= 23) || (code >= 31 && code <= 37) ||
           (code >= 41 && code <= 46) || (code >= 50 && code <= 54) || (code >= 61 && code <= 65) ||
           code == 71;
  };
  const int first_two = DigitsValue(digits.substr(0, 2));
  if (digits[0] == '9') return province(DigitsValue(digits.substr(1, 2)));
  return province(first_two) || first_two == 81 || first_two == 82 || first_two == 83;
}

}  // namespace

Result<IdNumber> IdNumber::Parse(std::string_view text, Date today) {
  ZT_ASSIGN_OR_RETURN(IdNumber id, Parse(text));
  if (id.birth_date() > today) {
    return FieldFail("", "id_number.birth_date",
                     "the birth date " + id.birth_date().ToString() + " lies in the future");
  }
  return id;
}

Result<IdNumber> IdNumber::Parse(std::string_view text) {
  if (text.size() == kLegacyLength && AllDigits(text)) {
    return FieldFail("", "id_number.legacy_15_digit",
                     "a 15-digit first-generation ID number; the 18-digit number is required");
  }
  if (text.size() != kLength) return LengthError(kLength, text.size());
  const std::string_view first17 = text.substr(0, 17);
  const char last = text[17];
  if (!AllDigits(first17) || !(IsDigit(last) || last == 'X' || last == 'x')) {
    return FieldFail("", "id_number.characters",
                     "an ID number is 17 digits followed by a digit or X");
  }
  if (!KnownProvincePrefix(text)) {
    return FieldFail(
        "", "id_number.region",
        "the first digits " + std::string(text.substr(0, 2)) + " name no province (GB/T 2260)");
  }
  ZT_ASSIGN_OR_RETURN(Date birth_date, BirthDateAt(text.substr(6, 8)));
  const char expected = CheckCharOf(first17);
  const char given = last == 'x' ? 'X' : last;
  if (given != expected) {
    return FieldFail("", "id_number.check_digit",
                     "the check character does not match the other 17 digits");
  }
  std::string value(first17);
  value.push_back(given);
  return IdNumber(std::move(value), birth_date);
}

bool IdNumber::is_male() const { return (value_[16] - '0') % 2 == 1; }

Result<char> IdNumberCheckChar(std::string_view first17) {
  if (first17.size() != 17) return LengthError(17, first17.size());
  if (!AllDigits(first17)) {
    return FieldFail("", "id_number.characters", "the first 17 characters must be digits");
  }
  return CheckCharOf(first17);
}

Result<IdNumber> ConvertLegacyIdNumber(std::string_view fifteen) {
  if (fifteen.size() != kLegacyLength) return LengthError(kLegacyLength, fifteen.size());
  if (!AllDigits(fifteen)) {
    return FieldFail("", "id_number.characters", "a 15-digit ID number has digits only");
  }
  // GB 11643-1999 conversion: the two-digit year is 19YY; append the MOD 11-2 check.
  std::string first17 = std::string(fifteen.substr(0, 6)) + "19" + std::string(fifteen.substr(6));
  std::string full = first17 + CheckCharOf(first17);
  return IdNumber::Parse(full);
}

std::string MaskIdNumber(std::string_view text) {
  if (auto id = IdNumber::Parse(text)) return internal::MaskMiddle(id->value(), 6, 4);
  return internal::MaskMiddle(text, 6, 4);
}

}  // namespace zt
