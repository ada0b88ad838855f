// catalog::ParseItemsCsv (the catalogue import file): never crashes; every problem is a row
// error with a message key; the items that parsed are valid drafts.
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "zt/catalog/item_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  zt::catalog::ParsedItemsCsv parsed = zt::catalog::ParseItemsCsv(text);
  zt::fuzz::Check(parsed.items.size() == parsed.rows.size(), "items and rows differ", text);
  for (const auto& e : parsed.errors) {
    zt::fuzz::Check(!e.key.empty(), "row error without a message key", text);
  }
  return 0;
}
