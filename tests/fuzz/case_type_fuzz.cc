// caseflow::ParseCaseType: a case-type TOML file (data/case_types/) parses to a validated
// type or fails with an Error; toml++ exceptions must not escape.
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "zt/caseflow/case_type_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto type = zt::caseflow::ParseCaseType(text, "fuzz.toml");
  if (!type) zt::fuzz::Check(!type.error().key().empty(), "error without a key", text);
  return 0;
}
