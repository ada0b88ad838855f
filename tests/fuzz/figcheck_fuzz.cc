// figcheck::CheckReport over any text: never crashes; findings quote a sentence of the text.
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "zt/figcheck/figcheck.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto result = zt::figcheck::CheckReport(text);
  if (!result) {
    zt::fuzz::Check(!result.error().key().empty(), "error without a key", text);
    return 0;
  }
  for (const auto& f : result->findings) {
    zt::fuzz::Check(f.paragraph >= 1, "finding without a paragraph", text);
    zt::fuzz::Check(!f.explanation_en.empty(), "finding without an explanation", text);
  }
  for (const auto& sentence : zt::figcheck::SplitSentences(text)) {
    for (const auto& n : zt::figcheck::ExtractNumbers(sentence)) {
      zt::fuzz::Check(n.begin <= n.end && n.end <= sentence.size(), "number outside sentence",
                      text);
    }
  }
  return 0;
}
