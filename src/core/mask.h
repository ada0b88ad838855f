// Private to core: masking personal identifiers for display.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace zt::internal {

// Keeps the first `keep_front` and the last `keep_back` UTF-8 characters of `text` and
// replaces each character between them with one '*'. A text with no more than
// keep_front + keep_back characters is masked completely. Bytes that are not valid UTF-8
// lead bytes are counted as characters of their own, so no input can make this read out of
// bounds.
inline std::string MaskMiddle(std::string_view text, std::size_t keep_front,
                              std::size_t keep_back) {
  auto is_continuation = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; };
  std::vector<std::size_t> starts;  // byte offset where each character begins
  for (std::size_t i = 0; i < text.size();) {
    starts.push_back(i);
    ++i;
    for (int extra = 0; extra < 3 && i < text.size() && is_continuation(text[i]); ++extra) ++i;
  }
  const std::size_t count = starts.size();
  if (count <= keep_front + keep_back) return std::string(count, '*');
  const std::size_t front_end = starts[keep_front];
  const std::size_t back_begin = keep_back == 0 ? text.size() : starts[count - keep_back];
  std::string out(text.substr(0, front_end));
  out.append(count - keep_front - keep_back, '*');
  out.append(text.substr(back_begin));
  return out;
}

}  // namespace zt::internal
