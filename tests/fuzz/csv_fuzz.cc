// core::ParseCsv (RFC 4180 with BOM): any bytes parse or fail with an Error; a parsed
// table formats back (CsvLine) and parses to the same cells once unguarded (CsvUnguard).
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "zt/core/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto table = zt::ParseCsv(text);
  if (!table) {
    zt::fuzz::Check(!table.error().key().empty(), "csv error without a message key", text);
    return 0;
  }
  // A row of one empty field is written as a blank line, which ParseCsv skips (csv.h):
  // it cannot round-trip, and no importer reads it as data.
  std::erase_if(*table, [](const auto& row) { return row.size() == 1 && row[0].empty(); });
  std::string again;
  for (const auto& row : *table) again += zt::CsvLine(row);
  auto reparsed = zt::ParseCsv(again);
  zt::fuzz::Check(reparsed.has_value(), "formatted CSV does not parse again", text);
  zt::fuzz::Check(reparsed->size() == table->size(), "CSV round trip changed the rows", text);
  for (std::size_t r = 0; r < table->size(); ++r) {
    const auto& before = (*table)[r];
    const auto& after = (*reparsed)[r];
    zt::fuzz::Check(before.size() == after.size(), "CSV round trip changed a row", text);
    for (std::size_t c = 0; c < before.size(); ++c) {
      // The formula guard adds an apostrophe that CsvUnguard removes; a cell that already
      // starts with one before = + - @ cannot round-trip (csv.h says so).
      const std::string& cell = before[c];
      bool ambiguous = cell.size() >= 2 && cell[0] == '\'' &&
                       std::string_view("=+-@").find(cell[1]) != std::string_view::npos;
      if (!ambiguous) {
        zt::fuzz::Check(zt::CsvUnguard(after[c]) == cell, "CSV round trip changed a cell", text);
      }
    }
  }
  return 0;
}
