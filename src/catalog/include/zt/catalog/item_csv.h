// File: item_csv.h
//
// A department's items as CSV for spreadsheets (UX §3.3: UTF-8 with BOM, CRLF, RFC 4180,
// formula guard) and back, with EVERY element of the item record so that export → edit in
// Excel/WPS → import gives the edited record (docs/catalogue.md "Export and import"). The
// columns, in this order (ItemCsvColumns):
//
//   code,name,type,department_id,region_code,statutory_limit_wd,promised_limit_wd,
//   case_kind,online,materials,tier,parent_code,implementing_body,
//   implementing_body_credit_code,legal_basis,conditions,situations,situation_materials,
//   online_depth,onsite_visits,fees,channels,windows,one_window,tolerance,
//   notification_commitment
//
// Names (type, case_kind, tier, online_depth) are the stable English ones; booleans are
// written true/false and read as true/false in any case, 1/0 (a spreadsheet's boolean cell) or
// 是/否; parent_code is the 实施编码 of the 主项/子项 above ("" none). A list goes in one
// cell: entries separated by ';', the fields of an entry by '|', and '\' escapes ';', '|'
// and '\' inside a field (ASCII characters, so a clerk types them in any input method):
//
//   materials            name|required|secondary|trust_grade|licence_type_code|shared_data|note
//                        (required/optional; main/secondary; trailing fields may be left out:
//                        "申请表|required;照片|optional" is still valid)
//   legal_basis          law|article|text
//   situations           name|description
//   situation_materials  situation name|<the material fields as in materials>
//   fees                 name|standard|basis
//   channels, windows    one value per entry
//
// The first ten columns alone (the older core layout) are still read; the elements then take
// their defaults. Pure; the service checks the file against the store.
//
//   std::string csv = FormatItemsCsv(items, parent_codes, /*bom=*/true);
//   ParsedItemsCsv parsed = ParseItemsCsv(csv);   // parsed.errors empty → parsed.items
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "zt/catalog/item.h"

namespace zt::catalog {

// The header row's column names, in order: the full layout, and the older core layout.
const std::vector<std::string>& ItemCsvColumns();
const std::vector<std::string>& ItemCsvCoreColumns();

// The header and one row per item (ids, status, versions and times are not exported).
// `parent_codes` maps an item id to its code, for the parent_code column.
std::string FormatItemsCsv(const std::vector<ServiceItem>& items,
                           const std::map<std::string, std::string>& parent_codes, bool bom);
std::string FormatItemsCsv(const std::vector<ServiceItem>& items, bool bom);
// One item's cells in ItemCsvColumns order (what an unchanged row looks like).
std::vector<std::string> ItemCsvCells(const ServiceItem& item, std::string_view parent_code);

// "申请表|required;照片|optional|secondary|C", and back. ParseMaterials fails with
// item.csv_materials for an entry without "required"/"optional", an empty name, a third field
// other than main/secondary or more than seven fields.
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
  std::vector<ServiceItem> items;  // one per data row that parsed
  std::vector<int> rows;           // the file row of each entry of `items`
  // The parent_code cell of each entry of `items` ("" none); elements.parent_id is left empty
  // for the service to resolve against the store and the file.
  std::vector<std::string> parent_codes;
  bool full_layout = true;          // false: the older core columns only
  std::vector<CsvRowError> errors;  // every problem found; the file is refused unless empty
};

// Parses and checks the file on its own: the header (csv.header, row 1), the column count of
// each row (csv.column_count), numbers (csv.number), the names (item.type_unknown,
// item.case_kind_unknown, item.tier_unknown, item.online_depth_unknown), booleans
// (csv.boolean), the lists (item.csv_materials, item.csv_list: an entry with the wrong
// number of fields; item.csv_situation_unknown: a situation material naming no situation of
// the row; item.csv_situation_repeated), catalog::Validate (item.code_format,
// item.promised_exceeds_statutory, item.credit_code_invalid, ...) and codes repeated within
// the file (item.code_duplicate_in_file). Unparseable CSV is one error at row 0
// (csv.malformed); an empty file (no header) is csv.header. Blank rows are skipped.
ParsedItemsCsv ParseItemsCsv(std::string_view text);

}  // namespace zt::catalog
