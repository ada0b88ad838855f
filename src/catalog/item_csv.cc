#include "zt/catalog/item_csv.h"

#include <charconv>
#include <map>

#include "zt/core/csv.h"

namespace zt::catalog {
namespace {

std::string EscapeMaterialName(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == '\\' || c == '|' || c == ';') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// The field's column name for a pointer from Validate ("/promised_limit_wd" → the same;
// "/materials/3/name" → "materials").
std::string ColumnOf(std::string_view pointer) {
  if (pointer.starts_with("/")) pointer.remove_prefix(1);
  return std::string(pointer.substr(0, pointer.find('/')));
}

}  // namespace

const std::vector<std::string>& ItemCsvColumns() {
  static const std::vector<std::string> kColumns = {"code",
                                                    "name",
                                                    "type",
                                                    "department_id",
                                                    "region_code",
                                                    "statutory_limit_wd",
                                                    "promised_limit_wd",
                                                    "case_kind",
                                                    "online",
                                                    "materials"};
  return kColumns;
}

std::string FormatMaterials(const std::vector<Material>& materials) {
  std::string out;
  for (std::size_t i = 0; i < materials.size(); ++i) {
    if (i > 0) out.push_back(';');
    out += EscapeMaterialName(materials[i].name);
    out += materials[i].required ? "|required" : "|optional";
  }
  return out;
}

Result<std::vector<Material>> ParseMaterials(std::string_view text) {
  std::vector<Material> out;
  if (text.empty()) return out;
  std::vector<std::vector<std::string>> entries(1);
  entries.back().emplace_back();
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      entries.back().back().push_back(text[++i]);
    } else if (c == '|') {
      entries.back().emplace_back();
    } else if (c == ';') {
      entries.emplace_back();
      entries.back().emplace_back();
    } else {
      entries.back().back().push_back(c);
    }
  }
  for (const auto& e : entries) {
    if (e.size() != 2 || e[0].empty() || (e[1] != "required" && e[1] != "optional")) {
      return FieldFail("/materials", "item.csv_materials",
                       "materials are \"name|required;name|optional\"");
    }
    out.push_back({e[0], e[1] == "required", ""});
  }
  return out;
}

std::string FormatItemsCsv(const std::vector<ServiceItem>& items, bool bom) {
  std::string out = bom ? std::string(CsvBom()) : std::string();
  out += CsvLine(ItemCsvColumns());
  for (const ServiceItem& item : items) {
    out += CsvLine({item.code, item.name, std::string(ItemTypeName(item.type)),
                    item.department_id.value(), item.region_code,
                    std::to_string(item.statutory_limit_wd), std::to_string(item.promised_limit_wd),
                    std::string(CaseKindName(item.case_kind)), item.online ? "true" : "false",
                    FormatMaterials(item.materials)});
  }
  return out;
}

ParsedItemsCsv ParseItemsCsv(std::string_view text) {
  ParsedItemsCsv out;
  auto rows = ParseCsv(text);
  if (!rows) {
    out.errors.push_back({0, "", "csv.malformed", rows.error().detail()});
    return out;
  }
  const auto& columns = ItemCsvColumns();
  if (rows->empty() || (*rows)[0] != columns) {
    std::string expected;
    for (const auto& c : columns) expected += (expected.empty() ? "" : ",") + c;
    out.errors.push_back({1, "", "csv.header", "the first row must be: " + expected});
    return out;
  }
  std::map<std::string, int> first_row_of_code;
  // Row numbers count parsed rows; blank lines are dropped by ParseCsv, so a file with blank
  // lines reports the data row's position among non-blank rows.
  for (std::size_t r = 1; r < rows->size(); ++r) {
    const int row = static_cast<int>(r) + 1;
    const auto& raw = (*rows)[r];
    if (raw.size() != columns.size()) {
      out.errors.push_back({row, "", "csv.column_count",
                            "expected " + std::to_string(columns.size()) + " columns, found " +
                                std::to_string(raw.size())});
      continue;
    }
    std::vector<std::string> f;
    for (const auto& cell : raw) f.push_back(CsvUnguard(cell));
    std::size_t errors_before = out.errors.size();
    auto add = [&](std::string field, std::string key, std::string message) {
      out.errors.push_back({row, std::move(field), std::move(key), std::move(message)});
    };
    ServiceItem item;
    item.code = f[0];
    item.name = f[1];
    if (auto t = ParseItemType(f[2])) {
      item.type = *t;
    } else {
      add("type", "item.type_unknown", t.error().detail());
    }
    item.department_id = DepartmentId(f[3]);
    item.region_code = f[4];
    auto number = [&](const std::string& column, const std::string& v, int& into) {
      auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), into);
      if (v.empty() || ec != std::errc{} || ptr != v.data() + v.size()) {
        add(column, "csv.number", column + " must be a whole number, not \"" + v + "\"");
        return false;
      }
      return true;
    };
    bool numbers_ok = number("statutory_limit_wd", f[5], item.statutory_limit_wd);
    numbers_ok = number("promised_limit_wd", f[6], item.promised_limit_wd) && numbers_ok;
    bool kind_ok = true;
    if (auto k = ParseCaseKind(f[7])) {
      item.case_kind = *k;
    } else {
      kind_ok = false;
      add("case_kind", "item.case_kind_unknown", k.error().detail());
    }
    if (f[8] == "true") {
      item.online = true;
    } else if (f[8] == "false") {
      item.online = false;
    } else {
      add("online", "csv.boolean", "online must be true or false");
    }
    if (auto m = ParseMaterials(f[9])) {
      item.materials = std::move(*m);
    } else {
      add("materials", m.error().key(), m.error().detail());
    }
    if (auto valid = Validate(item); !valid) {
      for (const auto& fe : valid.error().fields()) {
        std::string column = ColumnOf(fe.pointer);
        // Limit rules are meaningless when a limit did not parse or the kind is unknown.
        bool limit_rule = column == "promised_limit_wd" || column == "statutory_limit_wd";
        if (limit_rule && (!numbers_ok || !kind_ok)) continue;
        add(column, fe.key, fe.detail);
      }
    }
    if (!item.code.empty()) {
      auto [it, inserted] = first_row_of_code.emplace(item.code, row);
      if (!inserted) {
        add("code", "item.code_duplicate_in_file",
            "code " + item.code + " is also on row " + std::to_string(it->second));
      }
    }
    if (out.errors.size() == errors_before) {
      out.items.push_back(std::move(item));
      out.rows.push_back(row);
    }
  }
  return out;
}

}  // namespace zt::catalog
