#include "zt/licence/identifier.h"

#include <vector>

namespace zt::licence {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

int ValueOf(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return -1;
}

bool IsCodePart(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max) return false;
  for (char c : s) {
    if (ValueOf(c) < 0) return false;
  }
  return true;
}

auto FormatFail(std::string detail) {
  return FieldFail("", "licence_id.format", std::move(detail));
}

}  // namespace

char CheckCharacter(std::string_view body) {
  if (body.empty()) return '\0';
  // ISO/IEC 7064 hybrid system, M = 36, M + 1 = 37.
  int p = 36;
  for (char c : body) {
    int v = ValueOf(c);
    if (v < 0) return '\0';
    int s = (p + v) % 36;
    if (s == 0) s = 36;
    p = (2 * s) % 37;
  }
  return kAlphabet[(37 - p) % 36];
}

Result<LicenceId> LicenceId::Make(std::string_view type_code, std::string_view issuer_code,
                                  std::string_view serial, std::string_view version) {
  if (!IsCodePart(type_code, 32)) return FormatFail("the type code needs 1 to 32 of 0-9A-Z");
  if (!IsCodePart(issuer_code, 32)) return FormatFail("the issuer code needs 1 to 32 of 0-9A-Z");
  if (!IsCodePart(serial, 40)) return FormatFail("the serial needs 1 to 40 of 0-9A-Z");
  if (version.size() != 3 || ValueOf(version[0]) < 0 || ValueOf(version[0]) > 9 ||
      ValueOf(version[1]) < 0 || ValueOf(version[1]) > 9 || ValueOf(version[2]) < 0 ||
      ValueOf(version[2]) > 9) {
    return FormatFail("the version needs exactly 3 digits");
  }
  LicenceId id;
  id.type_code_ = type_code;
  id.issuer_code_ = issuer_code;
  id.serial_ = serial;
  id.version_ = version;
  std::string body = id.type_code_ + id.issuer_code_ + id.serial_ + id.version_;
  id.text_ = std::string(kLicenceRoot) + "." + id.type_code_ + "." + id.issuer_code_ + "." +
             id.serial_ + "." + id.version_ + "." + CheckCharacter(body);
  return id;
}

Result<LicenceId> LicenceId::Parse(std::string_view text) {
  if (text.size() > 200) return FormatFail("a licence identifier has at most 200 characters");
  if (!text.starts_with(kLicenceRoot) || text.size() <= kLicenceRoot.size() ||
      text[kLicenceRoot.size()] != '.') {
    return FormatFail("a licence identifier starts with 1.2.156.3005.2.");
  }
  std::vector<std::string_view> parts;
  std::string_view rest = text.substr(kLicenceRoot.size() + 1);
  while (true) {
    std::size_t dot = rest.find('.');
    parts.push_back(rest.substr(0, dot));
    if (dot == std::string_view::npos) break;
    rest = rest.substr(dot + 1);
  }
  if (parts.size() != 5) {
    return FormatFail("a licence identifier has type, issuer, serial, version and check parts");
  }
  if (parts[4].size() != 1 || ValueOf(parts[4][0]) < 0) {
    return FormatFail("the check part is one character of 0-9A-Z");
  }
  ZT_ASSIGN_OR_RETURN(LicenceId id, Make(parts[0], parts[1], parts[2], parts[3]));
  if (id.check() != parts[4][0]) {
    return FieldFail("", "licence_id.check_character",
                     "the check character does not match (MOD 37,36)");
  }
  return id;
}

}  // namespace zt::licence
