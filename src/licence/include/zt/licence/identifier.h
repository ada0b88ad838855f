// File: identifier.h
//
// 证照标识, the standard licence identifier (STANDARDS.md §6.2):
//
//   1.2.156.3005.2 . 类型代码 . 颁发机构代码 . 流水号 . 版本号 . 校验位
//
// The check character is ISO/IEC 7064 MOD 37,36 (hybrid) over the concatenation of the four
// middle parts without dots, alphabet 0-9A-Z. It catches every single-character substitution
// and every transposition of two adjacent characters.
//
//   auto id = zt::licence::LicenceId::Make("11100000000013338W050", "114408000070000000",
//                                           "2026000001", "001");
//   id->text();  // "1.2.156.3005.2.11100000000013338W050.114408000070000000.2026000001.001.X"
//   zt::licence::LicenceId::Parse(id->text());  // ok; a changed character fails
#pragma once

#include <string>
#include <string_view>

#include "zt/core/error.h"

namespace zt::licence {

inline constexpr std::string_view kLicenceRoot = "1.2.156.3005.2";

// The MOD 37,36 check character of `body` (characters 0-9A-Z only); '\0' if `body` has any
// other character or is empty.
char CheckCharacter(std::string_view body);

class LicenceId {
 public:
  // Builds an identifier from its parts, computing the check character. Type and issuer
  // codes: 1..32 of 0-9A-Z; serial 1..40 of 0-9A-Z; version exactly 3 digits.
  // kInvalidArgument "licence_id.format" naming the part.
  static Result<LicenceId> Make(std::string_view type_code, std::string_view issuer_code,
                                std::string_view serial, std::string_view version);
  // Parses a full identifier. Keys: "licence_id.format" (shape, root, parts, characters),
  // "licence_id.check_character" (the check character does not match).
  static Result<LicenceId> Parse(std::string_view text);

  const std::string& text() const { return text_; }
  const std::string& type_code() const { return type_code_; }
  const std::string& issuer_code() const { return issuer_code_; }
  const std::string& serial() const { return serial_; }
  const std::string& version() const { return version_; }
  char check() const { return text_.back(); }

 private:
  std::string text_, type_code_, issuer_code_, serial_, version_;
};

}  // namespace zt::licence
