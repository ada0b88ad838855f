// Text helpers shared by the renderers (internal to the document module).
#pragma once

#include <string>
#include <string_view>

namespace zt::document::internal {

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points past
// U+10FFFF).
bool IsValidUtf8(std::string_view text);

// Escapes &, <, >, " and ' for XML text and attributes, and drops the control characters
// XML 1.0 forbids (all below U+0020 except tab, newline and carriage return).
std::string XmlEscape(std::string_view text);

}  // namespace zt::document::internal
