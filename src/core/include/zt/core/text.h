// File: text.h
//
// Small text helpers the validators share.
#pragma once

#include <cstddef>
#include <string_view>

namespace zt {

// The number of Unicode code points in UTF-8 `text` (a name's length as people count it:
// "食品经营许可" is 6, not 18). Continuation bytes are not counted.
inline std::size_t Utf8Length(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

// True when `text` is well-formed UTF-8: no overlong forms, no UTF-16 surrogates, nothing
// past U+10FFFF. NUL is valid UTF-8; callers that cannot store it check for it themselves.
bool IsValidUtf8(std::string_view text);

}  // namespace zt
