// document::ReadXlsx (uploads: the hotline import, catalogue sheets) under small limits, so
// that zip bombs are refused quickly: never crashes; a refusal carries an xlsx.* key.
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "zt/document/xlsx.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  zt::document::XlsxReadLimits limits;
  limits.max_uncompressed_bytes = 4u << 20;
  limits.max_entries = 200;
  limits.max_cells = 100'000;
  auto sheet = zt::document::ReadXlsx(bytes, std::nullopt, limits);
  if (!sheet) {
    zt::fuzz::Check(sheet.error().key().starts_with("xlsx."), "refusal without an xlsx key");
    return 0;
  }
  std::size_t cells = 0;
  for (const auto& row : sheet->rows) {
    cells += row.size();
    for (const auto& cell : row) (void)zt::document::CellText(cell);
  }
  zt::fuzz::Check(cells <= limits.max_cells, "more cells than the limit");
  return 0;
}
