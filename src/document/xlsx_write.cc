// XLSX writing with libxlsxwriter. Version 1.1.4 (Debian 12) writes only to a file, so the
// workbook goes to a private temporary file that is read back and removed.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "text.h"
#include "zt/core/text.h"
#include "zt/document/xlsx.h"

namespace zt::document {
namespace {

// Excel's built-in number format 49 is "@", text.
constexpr uint8_t kTextFormatIndex = 49;
constexpr std::size_t kMaxCellChars = 32'767;  // Excel's limit
// Above this many cells, rows are streamed to disk (constant memory, inline strings) instead
// of being held with a shared-string table.
constexpr std::size_t kConstantMemoryCells = 200'000;

std::unexpected<Error> WriteFailed(std::string detail) {
  return Fail(ErrorCode::kInternal, "xlsx.write_failed", std::move(detail));
}

Status ValidateSheet(const Sheet& sheet, std::size_t index) {
  const std::string pointer = fmt::format("/sheets/{}", index);
  if (sheet.name.empty() || Utf8Length(sheet.name) > 31 ||
      sheet.name.find_first_of("[]:*?/\\") != std::string::npos || sheet.name.front() == '\'' ||
      sheet.name.back() == '\'' || !internal::IsValidUtf8(sheet.name)) {
    return FieldFail(pointer + "/name", "xlsx.sheet_name",
                     "a sheet name has 1–31 characters, none of []:*?/\\, and no outer quote");
  }
  if (sheet.rows.size() > LXW_ROW_MAX) {
    return FieldFail(pointer, "xlsx.too_large",
                     fmt::format("{} rows exceed {}", sheet.rows.size(), LXW_ROW_MAX));
  }
  if (sheet.header_rows < 0) {
    return FieldFail(pointer + "/header_rows", "xlsx.header_rows", "header_rows is negative");
  }
  for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
    if (sheet.rows[r].size() > LXW_COL_MAX) {
      return FieldFail(fmt::format("{}/rows/{}", pointer, r), "xlsx.too_large",
                       fmt::format("{} columns exceed {}", sheet.rows[r].size(), LXW_COL_MAX));
    }
    for (std::size_t c = 0; c < sheet.rows[r].size(); ++c) {
      const auto* text = std::get_if<std::string>(&sheet.rows[r][c]);
      if (text == nullptr) {
        const auto* number = std::get_if<double>(&sheet.rows[r][c]);
        if (number != nullptr && !std::isfinite(*number)) {
          return FieldFail(fmt::format("{}/rows/{}/{}", pointer, r, c), "xlsx.not_finite",
                           "a number cell must be finite");
        }
        continue;
      }
      if (!internal::IsValidUtf8(*text)) {
        return FieldFail(fmt::format("{}/rows/{}/{}", pointer, r, c), "xlsx.invalid_utf8",
                         "text is not valid UTF-8");
      }
      if (Utf8Length(*text) > kMaxCellChars) {
        return FieldFail(fmt::format("{}/rows/{}/{}", pointer, r, c), "xlsx.too_large",
                         "a cell holds at most 32,767 characters");
      }
    }
  }
  return Ok();
}

// A private temporary file path, created empty (mkstemp) so no other process can claim it.
Result<std::filesystem::path> MakeTempFile() {
  std::error_code ec;
  auto dir = std::filesystem::temp_directory_path(ec);
  if (ec) return WriteFailed("no temporary directory");
  std::string pattern = (dir / "zt-xlsx-XXXXXX").string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) return WriteFailed("cannot create a temporary file");
  ::close(fd);
  return std::filesystem::path(pattern);
}

// Removes the file when the write ends, however it ends.
struct RemoveOnExit {
  std::filesystem::path path;
  ~RemoveOnExit() {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
  }
};

// XML 1.0 cannot carry most control characters; they are dropped rather than refused.
std::string ControlCharsRemoved(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += c;
  }
  return out;
}

}  // namespace

std::string CellText(const Cell& cell) {
  if (const auto* text = std::get_if<std::string>(&cell)) return *text;
  if (const auto* number = std::get_if<double>(&cell)) {
    if (std::isfinite(*number) && *number == std::floor(*number) && std::abs(*number) < 1e15) {
      return fmt::format("{}", static_cast<long long>(*number));
    }
    return fmt::format("{}", *number);  // shortest form that reads back to the same double
  }
  return "";
}

Result<std::string> WriteXlsx(const Sheet& sheet) { return WriteXlsx(std::vector<Sheet>{sheet}); }

Result<std::string> WriteXlsx(const std::vector<Sheet>& sheets) {
  if (sheets.empty()) {
    return FieldFail("/sheets", "xlsx.no_sheets", "a workbook needs at least one sheet");
  }
  std::set<std::string> names;
  std::size_t cells = 0;
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    ZT_RETURN_IF_ERROR(ValidateSheet(sheets[i], i));
    if (!names.insert(sheets[i].name).second) {
      return FieldFail(fmt::format("/sheets/{}/name", i), "xlsx.sheet_name",
                       "two sheets have the same name");
    }
    for (const auto& row : sheets[i].rows) cells += row.size();
  }

  ZT_ASSIGN_OR_RETURN(const std::filesystem::path path, MakeTempFile());
  RemoveOnExit cleanup{path};
  lxw_workbook_options options{};
  options.constant_memory = cells > kConstantMemoryCells ? LXW_TRUE : LXW_FALSE;
  lxw_workbook* workbook = workbook_new_opt(path.c_str(), &options);
  if (workbook == nullptr) return WriteFailed("libxlsxwriter could not start a workbook");

  // Format 49 ("@") is Excel's text format: a cell keeps "0012" or "44080219900101001X" when
  // edited.
  lxw_format* text_format = workbook_add_format(workbook);
  format_set_num_format_index(text_format, kTextFormatIndex);
  lxw_format* header_format = workbook_add_format(workbook);
  format_set_num_format_index(header_format, kTextFormatIndex);
  format_set_bold(header_format);
  format_set_bg_color(header_format, 0xEDEDED);

  lxw_error failure = LXW_NO_ERROR;
  for (const Sheet& sheet : sheets) {
    lxw_worksheet* worksheet = workbook_add_worksheet(workbook, sheet.name.c_str());
    if (worksheet == nullptr) {
      failure = LXW_ERROR_MEMORY_MALLOC_FAILED;
      break;
    }
    for (std::size_t c = 0; c < sheet.column_widths.size() && c < LXW_COL_MAX; ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      worksheet_set_column(worksheet, col, col, sheet.column_widths[c], nullptr);
    }
    if (sheet.header_rows > 0 && static_cast<std::size_t>(sheet.header_rows) <= sheet.rows.size()) {
      worksheet_freeze_panes(worksheet, static_cast<lxw_row_t>(sheet.header_rows), 0);
    }
    for (std::size_t r = 0; r < sheet.rows.size() && failure == LXW_NO_ERROR; ++r) {
      const auto row = static_cast<lxw_row_t>(r);
      lxw_format* format = static_cast<int>(r) < sheet.header_rows ? header_format : text_format;
      for (std::size_t c = 0; c < sheet.rows[r].size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        const Cell& cell = sheet.rows[r][c];
        lxw_error e = LXW_NO_ERROR;
        if (const auto* text = std::get_if<std::string>(&cell)) {
          const std::string clean = ControlCharsRemoved(*text);
          // libxlsxwriter copies the string, so `clean` may go out of scope after the call.
          e = worksheet_write_string(worksheet, row, col, clean.c_str(), format);
        } else if (const auto* number = std::get_if<double>(&cell)) {
          e = worksheet_write_number(worksheet, row, col, *number,
                                     format == header_format ? header_format : nullptr);
        }
        if (e != LXW_NO_ERROR) {
          failure = e;
          break;
        }
      }
    }
    if (failure != LXW_NO_ERROR) break;
  }
  const lxw_error closed = workbook_close(workbook);  // frees the workbook in every case
  if (failure != LXW_NO_ERROR || closed != LXW_NO_ERROR) {
    return WriteFailed(
        fmt::format("libxlsxwriter: {}", lxw_strerror(failure != LXW_NO_ERROR ? failure : closed)));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) return WriteFailed("cannot read the workbook back");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace zt::document
