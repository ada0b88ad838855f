// File: item_csv.h
//
// A department's items as CSV for spreadsheets (UX §3.3: UTF-8 with BOM, CRLF, RFC 4180,
// formula guard) and back. The columns, in this order:
//   code,name,type,department_id,region_code,statutory_limit_wd,promised_limit_wd,
//   case_kind,online,materials
// `type` and `case_kind` are the stable names (licensing, promised, ...), `online` is
// true/false, `materials` is "name|required;name|optional" with '\' escaping '|', ';' and
// '\' inside a name (material notes are not carried). Pure; the service checks the store.
//
//   std::string csv = FormatItemsCsv(items, /*bom=*/true);
//   ParsedItemsCsv parsed = ParseItemsCsv(csv);   // parsed.errors empty → parsed.items
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "zt/catalog/item.h"

namespace zt::catalog {

// The header row's column names, in order.
const std::vector<std::string>& ItemCsvColumns();

// The header and one row per item (ids, status, versions and times are not exported).
std::string FormatItemsCsv(const std::vector<ServiceItem>& items, bool bom);

// "申请表|required;照片|optional", and back. ParseMaterials fails with
// item.csv_materials for an entry without "|required" or "|optional" or with an empty name.
std::string FormatMaterials(const std::vector<Material>& materials);
Result<std::vector<Material>> ParseMaterials(std::string_view text);

// One problem with one row. `row` is the 1-based line of the file (the header is row 1),
// `field` the column name ("" for the whole row), `key` a message key.
struct CsvRowError {
  int row = 0;
  std::string field;
  std::string key;
  std::string message;
};

struct ParsedItemsCsv {
  std::vector<ServiceItem> items;   // drafts, one per data row that parsed
  std::vector<int> rows;            // the file row of each entry of `items`
  std::vector<CsvRowError> errors;  // every problem found; the file is refused unless empty
};

// Parses and checks the file on its own: the header (csv.header, row 1), the column count of
// each row (csv.column_count), numbers (csv.number), type and case_kind names, online
// (csv.boolean), materials, catalog::Validate (item.code_format,
// item.promised_exceeds_statutory, ...) and codes repeated within the file
// (item.code_duplicate_in_file). Unparseable CSV is one error at row 0 (csv.malformed); an
// empty file (no header) is csv.header. Rows that are entirely blank are skipped.
ParsedItemsCsv ParseItemsCsv(std::string_view text);

}  // namespace zt::catalog
