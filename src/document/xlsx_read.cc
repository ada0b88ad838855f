// XLSX reading with libzip and pugixml. Uploads are hostile until proven otherwise: the
// zip's own size fields are not trusted (ZipReader counts inflated bytes), cell references
// are bounded by Excel's grid, and pugixml expands no DTD entities.
#include <charconv>
#include <pugixml.hpp>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "text.h"
#include "zip_archive.h"
#include "zt/document/xlsx.h"

namespace zt::document {
namespace {

using internal::ZipReader;

constexpr std::size_t kMaxRows = 1'048'576;
constexpr std::size_t kMaxColumns = 16'384;

std::unexpected<Error> Malformed(std::string detail) {
  return Fail(ErrorCode::kInvalidArgument, "xlsx.malformed", std::move(detail));
}

std::unexpected<Error> TooLarge(std::string detail) {
  return Fail(ErrorCode::kInvalidArgument, "xlsx.too_large", std::move(detail));
}

// Reads and parses one XML part within the remaining byte budget.
Result<pugi::xml_document> ParsePart(const ZipReader& zip, const std::string& name,
                                     std::size_t& budget) {
  ZT_ASSIGN_OR_RETURN(std::string content, zip.Read(name, budget));
  pugi::xml_document xml;
  const pugi::xml_parse_result parsed =
      xml.load_buffer(content.data(), content.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    return Malformed(
        fmt::format("part {} is not well-formed XML ({})", name, parsed.description()));
  }
  return xml;
}

// Element names without their namespace prefix ("x:sheetData" → "sheetData"): some writers
// prefix the SpreadsheetML namespace.
std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node Child(const pugi::xml_node& parent, std::string_view local) {
  for (pugi::xml_node child : parent.children()) {
    if (LocalName(child) == local) return child;
  }
  return {};
}

// The relationship id of a <sheet>: the attribute "r:id" under whatever prefix.
std::string_view RelationshipId(const pugi::xml_node& sheet) {
  for (pugi::xml_attribute attribute : sheet.attributes()) {
    std::string_view name = attribute.name();
    if (name.size() > 3 && name.ends_with(":id")) return attribute.value();
  }
  return {};
}

// Resolves a relationship target against the folder of the part that holds it.
std::string ResolveTarget(std::string_view base_folder, std::string_view target) {
  if (target.starts_with('/')) return std::string(target.substr(1));
  std::string path(base_folder);
  while (target.starts_with("../")) {
    target.remove_prefix(3);
    const auto slash = path.find_last_of('/', path.empty() ? 0 : path.size() - 2);
    path = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  }
  return path + std::string(target);
}

struct Relationships {
  std::unordered_map<std::string, std::string> target_by_id;
  std::unordered_map<std::string, std::string> target_by_type_suffix;
};

Result<Relationships> ReadRelationships(const ZipReader& zip, const std::string& rels_part,
                                        std::string_view base_folder, std::size_t& budget) {
  Relationships rels;
  if (!zip.Has(rels_part)) return rels;
  ZT_ASSIGN_OR_RETURN(pugi::xml_document xml, ParsePart(zip, rels_part, budget));
  for (pugi::xml_node rel : Child(xml, "Relationships").children()) {
    if (LocalName(rel) != "Relationship") continue;
    const std::string target = ResolveTarget(base_folder, rel.attribute("Target").value());
    rels.target_by_id[rel.attribute("Id").value()] = target;
    std::string_view type = rel.attribute("Type").value();
    const auto slash = type.find_last_of('/');
    rels.target_by_type_suffix[std::string(type.substr(slash + 1))] = target;
  }
  return rels;
}

// OOXML escapes characters XML cannot carry as _xHHHH_ ("_x000D_" is a carriage return).
std::string DecodeEscapes(std::string_view text) {
  if (text.find("_x") == std::string_view::npos) return std::string(text);
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '_' && i + 6 < text.size() && text[i + 1] == 'x' && text[i + 6] == '_') {
      unsigned value = 0;
      const auto [end, ec] = std::from_chars(text.data() + i + 2, text.data() + i + 6, value, 16);
      if (ec == std::errc() && end == text.data() + i + 6) {
        // Encode the code point (BMP only: four hex digits) as UTF-8.
        if (value < 0x80) {
          out += static_cast<char>(value);
        } else if (value < 0x800) {
          out += static_cast<char>(0xC0 | (value >> 6));
          out += static_cast<char>(0x80 | (value & 0x3F));
        } else {
          out += static_cast<char>(0xE0 | (value >> 12));
          out += static_cast<char>(0x80 | ((value >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (value & 0x3F));
        }
        i += 7;
        continue;
      }
    }
    out += text[i++];
  }
  return out;
}

// The text of a shared-string item or inline string: its <t>, or the <t> of each rich-text
// run <r>; phonetic guides (<rPh>) are not part of the value.
std::string RichText(const pugi::xml_node& item) {
  std::string text;
  for (pugi::xml_node child : item.children()) {
    if (LocalName(child) == "t") {
      text += child.text().get();
    } else if (LocalName(child) == "r") {
      text += Child(child, "t").text().get();
    }
  }
  return DecodeEscapes(text);
}

// "BC12" → column 54 (0-based), row 11 (0-based).
bool ParseReference(std::string_view ref, std::size_t& column, std::size_t& row) {
  std::size_t i = 0;
  std::size_t col = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') {
    col = col * 26 + static_cast<std::size_t>(ref[i] - 'A' + 1);
    if (col > kMaxColumns) return false;
    ++i;
  }
  if (i == 0 || i == ref.size()) return false;
  std::size_t r = 0;
  const auto [end, ec] = std::from_chars(ref.data() + i, ref.data() + ref.size(), r);
  if (ec != std::errc() || end != ref.data() + ref.size() || r == 0 || r > kMaxRows) {
    return false;
  }
  column = col - 1;
  row = r - 1;
  return true;
}

Result<Cell> ReadCell(const pugi::xml_node& c, const std::vector<std::string>& shared,
                      std::string_view where) {
  std::string_view type = c.attribute("t").value();
  const pugi::xml_node value = Child(c, "v");
  if (type == "inlineStr") return Cell(RichText(Child(c, "is")));
  if (!value) return Cell{};
  std::string_view v = value.text().get();
  if (type == "s") {
    std::size_t index = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), index);
    if (ec != std::errc() || end != v.data() + v.size() || index >= shared.size()) {
      return Malformed(fmt::format("cell {} refers to a missing shared string", where));
    }
    return Cell(shared[index]);
  }
  if (type == "str" || type == "e" || type == "d") return Cell(DecodeEscapes(v));
  if (type == "b") return Cell(v == "1" ? 1.0 : 0.0);
  if (!type.empty() && type != "n") {
    return Malformed(fmt::format("cell {} has an unknown type {}", where, type));
  }
  // Numbers: trim the spaces some writers leave, then the whole value must parse.
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  double number = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), number);
  if (ec != std::errc() || end != v.data() + v.size()) {
    return Malformed(fmt::format("cell {} holds {} where a number belongs", where, v));
  }
  return Cell(number);
}

}  // namespace

Result<Sheet> ReadXlsx(std::string_view bytes, std::optional<std::string_view> sheet_name,
                       const XlsxReadLimits& limits) {
  if (bytes.size() > limits.max_compressed_bytes) {
    return TooLarge(fmt::format("the file has {} bytes, more than {}", bytes.size(),
                                limits.max_compressed_bytes));
  }
  ZT_ASSIGN_OR_RETURN(const ZipReader zip, ZipReader::Open(bytes, limits.max_entries));
  std::size_t budget = limits.max_uncompressed_bytes;

  // The package names its workbook; files from every writer we know use xl/workbook.xml.
  ZT_ASSIGN_OR_RETURN(const Relationships package,
                      ReadRelationships(zip, "_rels/.rels", "", budget));
  std::string workbook_part = "xl/workbook.xml";
  if (auto it = package.target_by_type_suffix.find("officeDocument");
      it != package.target_by_type_suffix.end()) {
    workbook_part = it->second;
  }
  if (!zip.Has(workbook_part)) {
    return Fail(ErrorCode::kInvalidArgument, "xlsx.not_xlsx",
                "the file is a zip but holds no spreadsheet workbook");
  }
  const std::string folder = workbook_part.substr(0, workbook_part.find_last_of('/') + 1);
  const std::string rels_part =
      folder + "_rels/" + workbook_part.substr(workbook_part.find_last_of('/') + 1) + ".rels";
  ZT_ASSIGN_OR_RETURN(const Relationships workbook_rels,
                      ReadRelationships(zip, rels_part, folder, budget));
  ZT_ASSIGN_OR_RETURN(const pugi::xml_document workbook, ParsePart(zip, workbook_part, budget));

  Sheet sheet;
  sheet.header_rows = 0;  // styles are not read, so nothing is known about headers
  std::string sheet_part;
  const pugi::xml_node sheets = Child(Child(workbook, "workbook"), "sheets");
  for (pugi::xml_node s : sheets.children()) {
    if (LocalName(s) != "sheet") continue;
    const std::string_view name = s.attribute("name").value();
    if (sheet_name && *sheet_name != name) continue;
    auto it = workbook_rels.target_by_id.find(std::string(RelationshipId(s)));
    if (it == workbook_rels.target_by_id.end()) {
      return Malformed(fmt::format("sheet {} has no part", name));
    }
    sheet.name = std::string(name);
    sheet_part = it->second;
    break;
  }
  if (sheet_part.empty()) {
    return Fail(ErrorCode::kNotFound, "xlsx.sheet_not_found",
                sheet_name ? fmt::format("the workbook has no sheet named {}", *sheet_name)
                           : std::string("the workbook has no sheets"));
  }

  std::vector<std::string> shared;
  if (auto it = workbook_rels.target_by_type_suffix.find("sharedStrings");
      it != workbook_rels.target_by_type_suffix.end() && zip.Has(it->second)) {
    ZT_ASSIGN_OR_RETURN(const pugi::xml_document sst, ParsePart(zip, it->second, budget));
    for (pugi::xml_node si : Child(sst, "sst").children()) {
      if (LocalName(si) == "si") shared.push_back(RichText(si));
    }
  }

  ZT_ASSIGN_OR_RETURN(const pugi::xml_document sheet_xml, ParsePart(zip, sheet_part, budget));
  const pugi::xml_node data = Child(Child(sheet_xml, "worksheet"), "sheetData");
  std::size_t cells = 0;
  std::size_t next_row = 0;
  for (pugi::xml_node row : data.children()) {
    if (LocalName(row) != "row") continue;
    std::size_t row_index = next_row;
    if (const pugi::xml_attribute r = row.attribute("r")) {
      std::string_view text = r.value();
      std::size_t number = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (ec != std::errc() || end != text.data() + text.size() || number == 0 ||
          number > kMaxRows || number - 1 < next_row) {
        return Malformed(fmt::format("row number {} is out of order or range", text));
      }
      row_index = number - 1;
    }
    next_row = row_index + 1;
    std::vector<Cell> values;
    std::size_t next_column = 0;
    for (pugi::xml_node c : row.children()) {
      if (LocalName(c) != "c") continue;
      std::size_t column = next_column;
      std::string_view ref = c.attribute("r").value();
      if (!ref.empty()) {
        std::size_t ref_row = 0;
        if (!ParseReference(ref, column, ref_row) || ref_row != row_index || column < next_column) {
          return Malformed(fmt::format("cell reference {} is out of order or range", ref));
        }
      }
      if (column >= kMaxColumns) return Malformed("a row has more than 16,384 columns");
      next_column = column + 1;
      ZT_ASSIGN_OR_RETURN(Cell cell, ReadCell(c, shared, ref));
      if (std::holds_alternative<std::monostate>(cell)) continue;
      cells += column + 1 - values.size();
      if (cells + sheet.rows.size() > limits.max_cells) {
        return TooLarge(fmt::format("the sheet has more than {} cells", limits.max_cells));
      }
      values.resize(column + 1);
      values[column] = std::move(cell);
    }
    if (values.empty()) continue;  // styled but empty rows are not data
    if (row_index + 1 > limits.max_cells) return TooLarge("the sheet has too many rows");
    sheet.rows.resize(row_index + 1);
    sheet.rows[row_index] = std::move(values);
  }
  return sheet;
}

}  // namespace zt::document
