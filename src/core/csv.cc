#include "zt/core/csv.h"

namespace zt {
namespace {

bool StartsFormula(std::string_view v) {
  return !v.empty() &&
         (v.front() == '=' || v.front() == '+' || v.front() == '-' || v.front() == '@');
}

Error Malformed(int line, std::string_view what) {
  return Error(ErrorCode::kInvalidArgument, "csv.malformed",
               "line " + std::to_string(line) + ": " + std::string(what));
}

}  // namespace

std::string_view CsvBom() { return "\xEF\xBB\xBF"; }

std::string CsvField(std::string_view value) {
  std::string cell;
  if (StartsFormula(value)) cell.push_back('\'');
  cell.append(value);
  if (cell.find_first_of("\",\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

std::string CsvLine(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line.push_back(',');
    line += CsvField(fields[i]);
  }
  line += "\r\n";
  return line;
}

std::string CsvUnguard(std::string_view cell) {
  if (cell.size() >= 2 && cell.front() == '\'' && StartsFormula(cell.substr(1))) {
    return std::string(cell.substr(1));
  }
  return std::string(cell);
}

Result<std::vector<std::vector<std::string>>> ParseCsv(std::string_view text) {
  if (text.starts_with(CsvBom())) text.remove_prefix(CsvBom().size());
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;      // inside a quoted field
  bool was_quoted = false;  // the current field was quoted (and closed)
  bool any = false;         // the current line has content
  int line = 1;
  auto end_field = [&] {
    row.push_back(std::move(field));
    field.clear();
    was_quoted = false;
  };
  auto end_row = [&] {
    if (any) {
      end_field();
      rows.push_back(std::move(row));
    }
    row.clear();
    field.clear();
    was_quoted = false;
    any = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
          was_quoted = true;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == ',') {
      any = true;
      end_field();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_row();
      ++line;
    } else if (c == '"') {
      if (!field.empty() || was_quoted) return std::unexpected(Malformed(line, "stray quote"));
      quoted = true;
      any = true;
    } else {
      if (was_quoted) return std::unexpected(Malformed(line, "text after a closing quote"));
      field.push_back(c);
      any = true;
    }
  }
  if (quoted) return std::unexpected(Malformed(line, "unterminated quoted field"));
  end_row();
  return rows;
}

}  // namespace zt
