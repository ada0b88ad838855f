#include "zt/core/credit_code.h"

#include <array>

namespace zt {
namespace {

constexpr std::size_t kLength = 18;
// GB 32100-2015 character set; a character's value is its index (0-30).
constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
// W_i = 3^i mod 31.
constexpr std::array<int, 17> kCreditWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                                29, 25, 13, 8,  24, 10, 30, 28};
// GB 11714-1997 weights for the first 8 characters.
constexpr std::array<int, 8> kOrganizationWeights = {3, 7, 9, 10, 5, 8, 4, 2};

char ToUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// The value (0-30) of a credit code character, or -1 outside the set.
int CreditValue(char c) {
  const std::size_t pos = kCharset.find(ToUpper(c));
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

// The value of an organisation code character: '0'-'9' are 0-9, 'A'-'Z' are 10-35; -1 else.
int OrganizationValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return -1;
}

// Assumes every character is in the set.
char CreditCheckCharOf(std::string_view first17) {
  int sum = 0;
  for (std::size_t i = 0; i < kCreditWeights.size(); ++i) {
    sum += CreditValue(first17[i]) * kCreditWeights[i];
  }
  const int check = (31 - sum % 31) % 31;
  return kCharset[static_cast<std::size_t>(check)];
}

// Assumes every character is a digit or an uppercase letter.
char OrganizationCheckCharOf(std::string_view first8) {
  int sum = 0;
  for (std::size_t i = 0; i < kOrganizationWeights.size(); ++i) {
    sum += OrganizationValue(first8[i]) * kOrganizationWeights[i];
  }
  const int check = 11 - sum % 11;
  if (check == 10) return 'X';
  if (check == 11) return '0';
  return static_cast<char>('0' + check);
}

std::unexpected<Error> CreditLengthError(std::size_t expected, std::size_t got) {
  return FieldFail(
      "", "credit_code.length",
      "expected " + std::to_string(expected) + " characters, got " + std::to_string(got));
}

std::unexpected<Error> CreditCharactersError() {
  return FieldFail("", "credit_code.characters",
                   "a credit code uses only 0-9 and the letters A-Y except I, O, S, V");
}

std::unexpected<Error> OrganizationLengthError(std::size_t expected, std::size_t got) {
  return FieldFail(
      "", "organization_code.length",
      "expected " + std::to_string(expected) + " characters, got " + std::to_string(got));
}

bool AllCreditChars(std::string_view text) {
  for (char c : text) {
    if (CreditValue(c) < 0) return false;
  }
  return true;
}

bool AllOrganizationChars(std::string_view text) {
  for (char c : text) {
    if (OrganizationValue(c) < 0) return false;
  }
  return true;
}

}  // namespace

Result<CreditCode> CreditCode::Parse(std::string_view text) {
  if (text.size() != kLength) return CreditLengthError(kLength, text.size());
  if (!AllCreditChars(text)) return CreditCharactersError();
  std::string value(text);
  for (char& c : value) c = ToUpper(c);
  if (CreditCheckCharOf(std::string_view(value).substr(0, 17)) != value[17]) {
    return FieldFail("", "credit_code.check_digit",
                     "the 18th character does not match the first 17");
  }
  return CreditCode(std::move(value));
}

bool CreditCode::organization_code_valid() const {
  return ValidateOrganizationCode(organization_code()).has_value();
}

Result<char> CreditCodeCheckChar(std::string_view first17) {
  if (first17.size() != 17) return CreditLengthError(17, first17.size());
  if (!AllCreditChars(first17)) return CreditCharactersError();
  return CreditCheckCharOf(first17);
}

Result<char> OrganizationCodeCheckChar(std::string_view first8) {
  if (first8.size() != 8) return OrganizationLengthError(8, first8.size());
  if (!AllOrganizationChars(first8)) {
    return FieldFail("", "organization_code.characters",
                     "an organisation code uses digits and uppercase letters");
  }
  return OrganizationCheckCharOf(first8);
}

Status ValidateOrganizationCode(std::string_view code) {
  if (code.size() != 9) return OrganizationLengthError(9, code.size());
  ZT_ASSIGN_OR_RETURN(char expected, OrganizationCodeCheckChar(code.substr(0, 8)));
  const char given = code[8];
  if (!(given >= '0' && given <= '9') && given != 'X') {
    return FieldFail("", "organization_code.characters",
                     "an organisation code's check character is a digit or X");
  }
  if (given != expected) {
    return FieldFail("", "organization_code.check_digit",
                     "the 9th character does not match the first 8");
  }
  return Ok();
}

}  // namespace zt
