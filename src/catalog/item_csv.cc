#include "zt/catalog/item_csv.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <set>

#include "zt/core/csv.h"

namespace zt::catalog {
namespace {

constexpr std::size_t kCoreColumns = 10;

// A list cell: entries separated by ';', fields by '|', '\' escaping either and itself.
using Entry = std::vector<std::string>;

std::string Escape(std::string_view field) {
  std::string out;
  for (char c : field) {
    if (c == '\\' || c == '|' || c == ';') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string JoinList(const std::vector<Entry>& entries) {
  std::string out;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) out.push_back(';');
    for (std::size_t f = 0; f < entries[i].size(); ++f) {
      if (f > 0) out.push_back('|');
      out += Escape(entries[i][f]);
    }
  }
  return out;
}

// Entries that are wholly empty (a trailing ';', "a;;b") are dropped.
std::vector<Entry> SplitList(std::string_view text) {
  std::vector<Entry> entries(1, Entry(1));
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      entries.back().back().push_back(text[++i]);
    } else if (c == '|') {
      entries.back().emplace_back();
    } else if (c == ';') {
      entries.emplace_back(1);
    } else {
      entries.back().back().push_back(c);
    }
  }
  std::erase_if(entries, [](const Entry& e) { return e.size() == 1 && e[0].empty(); });
  return entries;
}

// A material's fields, trailing defaults left out so simple lists stay "name|required".
Entry MaterialFields(const Material& m) {
  Entry e{m.name,
          m.required ? "required" : "optional",
          m.secondary ? "secondary" : "main",
          m.trust_grade,
          m.licence_type_code,
          m.shared_data,
          m.note};
  while (e.size() > 2 && (e.back().empty() || (e.size() == 3 && e.back() == "main"))) e.pop_back();
  return e;
}

Result<Material> MaterialFrom(const Entry& e, std::size_t from, std::string_view column) {
  const std::size_t n = e.size() - from;
  auto bad = [&] {
    return FieldFail(std::string("/") + std::string(column), "item.csv_materials",
                     "a material is name|required or optional[|main or secondary|grade|licence "
                     "type|shared data|note]");
  };
  if (n < 2 || n > 7 || e[from].empty()) return bad();
  Material m;
  m.name = e[from];
  const std::string& required = e[from + 1];
  if (required != "required" && required != "optional") return bad();
  m.required = required == "required";
  if (n > 2) {
    const std::string& kind = e[from + 2];
    if (!kind.empty() && kind != "main" && kind != "secondary") return bad();
    m.secondary = kind == "secondary";
  }
  if (n > 3) m.trust_grade = e[from + 3];
  if (n > 4) m.licence_type_code = e[from + 4];
  if (n > 5) m.shared_data = e[from + 5];
  if (n > 6) m.note = e[from + 6];
  return m;
}

// The CSV column a Validate pointer belongs to ("/elements/fees/2/name" → "fees").
std::string ColumnOf(std::string_view pointer) {
  if (pointer.starts_with("/")) pointer.remove_prefix(1);
  std::string first(pointer.substr(0, pointer.find('/')));
  if (first != "elements") return first;
  std::string_view rest = pointer.substr(std::min(pointer.size(), first.size() + 1));
  std::string element(rest.substr(0, rest.find('/')));
  if (element == "parent_id") return "parent_code";
  if (element == "situations" && rest.find("/materials") != std::string_view::npos) {
    return "situation_materials";
  }
  return element;
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
                                                    "materials",
                                                    "tier",
                                                    "parent_code",
                                                    "implementing_body",
                                                    "implementing_body_credit_code",
                                                    "legal_basis",
                                                    "conditions",
                                                    "situations",
                                                    "situation_materials",
                                                    "online_depth",
                                                    "onsite_visits",
                                                    "fees",
                                                    "channels",
                                                    "windows",
                                                    "one_window",
                                                    "tolerance",
                                                    "notification_commitment"};
  return kColumns;
}

const std::vector<std::string>& ItemCsvCoreColumns() {
  static const std::vector<std::string> kCore(ItemCsvColumns().begin(),
                                              ItemCsvColumns().begin() + kCoreColumns);
  return kCore;
}

std::string FormatMaterials(const std::vector<Material>& materials) {
  std::vector<Entry> entries;
  for (const Material& m : materials) entries.push_back(MaterialFields(m));
  return JoinList(entries);
}

Result<std::vector<Material>> ParseMaterials(std::string_view text) {
  std::vector<Material> out;
  for (const Entry& e : SplitList(text)) {
    ZT_ASSIGN_OR_RETURN(auto m, MaterialFrom(e, 0, "materials"));
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<std::string> ItemCsvCells(const ServiceItem& item, std::string_view parent_code) {
  const ItemElements& e = item.elements;
  std::vector<Entry> bases, situations, situation_materials, fees, channels, windows;
  for (const auto& b : e.legal_basis) bases.push_back({b.law, b.article, b.text});
  for (const auto& s : e.situations) {
    situations.push_back({s.name, s.description});
    for (const auto& m : s.materials) {
      Entry fields = MaterialFields(m);
      fields.insert(fields.begin(), s.name);
      situation_materials.push_back(std::move(fields));
    }
  }
  for (const auto& f : e.fees) fees.push_back({f.name, f.standard, f.basis});
  for (const auto& c : e.channels) channels.push_back({c});
  for (const auto& w : e.windows) windows.push_back({w});
  auto boolean = [](bool b) { return std::string(b ? "true" : "false"); };
  return {item.code,
          item.name,
          std::string(ItemTypeName(item.type)),
          item.department_id.value(),
          item.region_code,
          std::to_string(item.statutory_limit_wd),
          std::to_string(item.promised_limit_wd),
          std::string(CaseKindName(item.case_kind)),
          boolean(item.online),
          FormatMaterials(item.materials),
          std::string(ItemTierName(e.tier)),
          std::string(parent_code),
          e.implementing_body,
          e.implementing_body_credit_code,
          JoinList(bases),
          e.conditions,
          JoinList(situations),
          JoinList(situation_materials),
          std::string(OnlineDepthName(e.online_depth)),
          std::to_string(e.onsite_visits),
          JoinList(fees),
          JoinList(channels),
          JoinList(windows),
          boolean(e.one_window),
          boolean(e.tolerance),
          boolean(e.notification_commitment)};
}

std::string FormatItemsCsv(const std::vector<ServiceItem>& items,
                           const std::map<std::string, std::string>& parent_codes, bool bom) {
  std::string out = bom ? std::string(CsvBom()) : std::string();
  out += CsvLine(ItemCsvColumns());
  for (const ServiceItem& item : items) {
    std::string parent;
    if (!item.elements.parent_id.empty()) {
      auto it = parent_codes.find(item.elements.parent_id.value());
      parent = it == parent_codes.end() ? "" : it->second;
    }
    out += CsvLine(ItemCsvCells(item, parent));
  }
  return out;
}

std::string FormatItemsCsv(const std::vector<ServiceItem>& items, bool bom) {
  std::map<std::string, std::string> codes;
  for (const ServiceItem& item : items) codes[item.id.value()] = item.code;
  return FormatItemsCsv(items, codes, bom);
}

ParsedItemsCsv ParseItemsCsv(std::string_view text) {
  ParsedItemsCsv out;
  auto rows = ParseCsv(text);
  if (!rows) {
    out.errors.push_back({0, "", "csv.malformed", rows.error().detail()});
    return out;
  }
  const auto& columns = ItemCsvColumns();
  if (rows->empty() || ((*rows)[0] != columns && (*rows)[0] != ItemCsvCoreColumns())) {
    std::string expected;
    for (const auto& c : columns) expected += (expected.empty() ? "" : ",") + c;
    out.errors.push_back({1, "", "csv.header", "the first row must be: " + expected});
    return out;
  }
  out.full_layout = (*rows)[0] == columns;
  const std::size_t width = out.full_layout ? columns.size() : kCoreColumns;
  std::map<std::string, int> first_row_of_code;
  // Row numbers count parsed rows; blank lines are dropped by ParseCsv, so a file with blank
  // lines reports the data row's position among non-blank rows.
  for (std::size_t r = 1; r < rows->size(); ++r) {
    const int row = static_cast<int>(r) + 1;
    const auto& raw = (*rows)[r];
    if (raw.size() != width) {
      out.errors.push_back(
          {row, "", "csv.column_count",
           "expected " + std::to_string(width) + " columns, found " + std::to_string(raw.size())});
      continue;
    }
    std::vector<std::string> f;
    for (const auto& cell : raw) f.push_back(CsvUnguard(cell));
    f.resize(columns.size());  // the core layout: the elements' cells are empty
    std::size_t errors_before = out.errors.size();
    auto add = [&](std::string field, std::string key, std::string message) {
      out.errors.push_back({row, std::move(field), std::move(key), std::move(message)});
    };
    ServiceItem item;
    ItemElements& e = item.elements;
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
    // Spreadsheets turn true/false into boolean cells (TRUE/FALSE, or 1/0 in the XLSX file),
    // so those spellings and 是/否 read the same.
    auto boolean = [&](const std::string& column, const std::string& v, bool& into) {
      std::string lower = v;
      for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      if (lower == "true" || lower == "1" || v == "是") {
        into = true;
      } else if (lower == "false" || lower == "0" || v == "否") {
        into = false;
      } else {
        add(column, "csv.boolean", column + " must be true or false");
      }
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
    boolean("online", f[8], item.online);
    if (auto m = ParseMaterials(f[9])) {
      item.materials = std::move(*m);
    } else {
      add("materials", m.error().key(), m.error().detail());
    }
    std::string parent_code;
    if (out.full_layout) {
      // A list cell whose entries must have between `min` and `max` fields.
      auto list = [&](const std::string& column, std::size_t min, std::size_t max,
                      const std::function<void(const Entry&)>& take) {
        for (const Entry& entry : SplitList(f[static_cast<std::size_t>(
                 std::find(columns.begin(), columns.end(), column) - columns.begin())])) {
          if (entry.size() < min || entry.size() > max) {
            add(column, "item.csv_list",
                column + ": an entry has " + std::to_string(entry.size()) + " fields, expected " +
                    std::to_string(min) + (min == max ? "" : " to " + std::to_string(max)));
            return;
          }
          Entry padded = entry;
          padded.resize(max);
          take(padded);
        }
      };
      if (auto t = ParseItemTier(f[10])) {
        e.tier = *t;
      } else {
        add("tier", "item.tier_unknown", t.error().detail());
      }
      parent_code = f[11];
      e.implementing_body = f[12];
      e.implementing_body_credit_code = f[13];
      list("legal_basis", 1, 3, [&](const Entry& x) {
        e.legal_basis.push_back({x[0], x[1], x[2]});
      });
      e.conditions = f[15];
      std::set<std::string> situation_names;
      list("situations", 1, 2, [&](const Entry& x) {
        if (!situation_names.insert(x[0]).second) {
          add("situations", "item.csv_situation_repeated",
              "situation " + x[0] + " is listed twice");
        }
        e.situations.push_back({x[0], x[1], {}});
      });
      for (const Entry& x : SplitList(f[17])) {
        auto m = x.size() >= 2 ? MaterialFrom(x, 1, "situation_materials")
                               : FieldFail("/situation_materials", "item.csv_materials",
                                           "a situation material starts with its situation");
        if (!m) {
          add("situation_materials", m.error().key(), "situation_materials: " + m.error().detail());
          break;
        }
        auto s = std::find_if(e.situations.begin(), e.situations.end(),
                              [&](const Situation& s) { return s.name == x[0]; });
        if (s == e.situations.end()) {
          add("situation_materials", "item.csv_situation_unknown",
              "no situation named " + x[0] + " in the situations column");
          break;
        }
        s->materials.push_back(std::move(*m));
      }
      if (auto d = ParseOnlineDepth(f[18])) {
        e.online_depth = *d;
      } else {
        add("online_depth", "item.online_depth_unknown", d.error().detail());
      }
      number("onsite_visits", f[19], e.onsite_visits);
      list("fees", 1, 3, [&](const Entry& x) { e.fees.push_back({x[0], x[1], x[2]}); });
      list("channels", 1, 1, [&](const Entry& x) { e.channels.push_back(x[0]); });
      list("windows", 1, 1, [&](const Entry& x) { e.windows.push_back(x[0]); });
      boolean("one_window", f[23], e.one_window);
      boolean("tolerance", f[24], e.tolerance);
      boolean("notification_commitment", f[25], e.notification_commitment);
    }
    // The parent is resolved by the service; a placeholder lets Validate check the tier rules.
    if (!parent_code.empty()) e.parent_id = ItemId("csv-parent:" + parent_code);
    if (auto valid = Validate(item); !valid) {
      for (const auto& fe : valid.error().fields()) {
        std::string column = ColumnOf(fe.pointer);
        // Limit rules are meaningless when a limit did not parse or the kind is unknown.
        bool limit_rule = column == "promised_limit_wd" || column == "statutory_limit_wd";
        if (limit_rule && (!numbers_ok || !kind_ok)) continue;
        add(column, fe.key, fe.detail);
      }
    }
    e.parent_id = ItemId();
    if (!parent_code.empty() && parent_code == item.code) {
      add("parent_code", "item.parent_self", "an item is not its own parent");
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
      out.parent_codes.push_back(std::move(parent_code));
    }
  }
  return out;
}

}  // namespace zt::catalog
