// File: xlsx.h
//
// Spreadsheets for export and import (catalogue, licences, indicators). A cell is empty, text
// or a number, exactly as declared: text is written as a text cell with the "@" format, so an
// 18-digit ID number, a credit code or an item code with leading zeros stays text in Excel
// and WPS and comes back unchanged.
//
//   Sheet sheet{.name = "事项", .rows = {{"编码", "名称"}, {"0012", "社会保障卡申领"}}};
//   Result<std::string> bytes = WriteXlsx(sheet);
//   Result<Sheet> back = ReadXlsx(*bytes);
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "zt/core/error.h"

namespace zt::document {

// std::monostate = empty cell.
using Cell = std::variant<std::monostate, std::string, double>;

struct Sheet {
  std::string name = "Sheet1";  // 1–31 characters, none of []:*?/\ (Excel's rule)
  std::vector<std::vector<Cell>> rows;
  std::vector<double> column_widths;  // in characters; empty = default widths
  int header_rows = 1;                // rows written bold and frozen at the top
};

// Text of a cell for importers: text as is, numbers without a trailing ".0" (12 → "12",
// 1.5 → "1.5"), empty → "".
std::string CellText(const Cell& cell);

// inline constexpr content type for HTTP responses.
inline constexpr const char* kXlsxContentType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// One workbook with one sheet, or several (names must differ). Keys: xlsx.sheet_name,
// xlsx.too_large (more than 1,048,576 rows or 16,384 columns, or a text over 32,767
// characters), xlsx.invalid_utf8; kInternal xlsx.write_failed.
Result<std::string> WriteXlsx(const Sheet& sheet);
Result<std::string> WriteXlsx(const std::vector<Sheet>& sheets);

// Limits against hostile uploads (zip bombs, huge sheets). Exceeding one answers
// kInvalidArgument xlsx.too_large.
struct XlsxReadLimits {
  std::size_t max_compressed_bytes = 64u << 20;     // the upload itself
  std::size_t max_uncompressed_bytes = 256u << 20;  // all parts read, inflated
  std::size_t max_entries = 10'000;                 // files in the zip
  std::size_t max_cells = 10'000'000;
};

// Reads the first sheet, or the sheet named `sheet_name`. Shared strings, inline strings,
// numbers, booleans (as 1/0), formula results (their cached values) and error cells (as
// their text, e.g. "#N/A") are read; styles are ignored. Empty rows and cells in between
// come back as empty cells. Keys: xlsx.not_xlsx (not a zip, or no workbook in it),
// xlsx.malformed (a part that is not well-formed XML or refers to a missing part),
// xlsx.sheet_not_found, xlsx.too_large.
Result<Sheet> ReadXlsx(std::string_view bytes, std::optional<std::string_view> sheet_name = {},
                       const XlsxReadLimits& limits = {});

}  // namespace zt::document
