#include "zt/core/phone.h"

#include "mask.h"

namespace zt {

Result<MobileNumber> MobileNumber::Parse(std::string_view text) {
  auto bad = [&] {
    return FieldFail("", "phone.format",
                     "expected an 11-digit mainland mobile number such as 13812345678");
  };
  std::string digits;
  bool plus = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '-') continue;
    if (c == '+' && digits.empty() && !plus) {
      plus = true;
      continue;
    }
    if (c < '0' || c > '9') return bad();
    digits.push_back(c);
  }
  // Country code: "+86", "86" or "0086" before the 11 digits.
  if (digits.size() == 15 && !plus && digits.starts_with("0086")) {
    digits.erase(0, 4);
  } else if (digits.size() == 13 && digits.starts_with("86")) {
    digits.erase(0, 2);
  } else if (plus) {
    return bad();  // "+" with another country code, or without one
  }
  if (digits.size() != 11 || digits[0] != '1' || digits[1] < '3') return bad();
  return MobileNumber(std::move(digits));
}

std::string MaskPhone(std::string_view text) {
  if (auto number = MobileNumber::Parse(text)) return internal::MaskMiddle(number->value(), 3, 4);
  return internal::MaskMiddle(text, 3, 4);
}

}  // namespace zt
