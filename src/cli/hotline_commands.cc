#include "hotline_commands.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "zt/core/csv.h"
#include "zt/document/xlsx.h"
#include "zt/service/hotline_service.h"

namespace zt::cli {
namespace {

// Records parsed and imported at a time: bounds the memory a million-row file needs.
constexpr std::size_t kRecordsPerChunk = 50000;

// An XLSX workbook is a ZIP archive: recognised by its content, whatever the file is called.
bool LooksLikeZip(std::string_view bytes) {
  return bytes.starts_with(std::string_view("PK\x03\x04", 4));
}

// The first sheet as the CSV text the importer reads, so that an XLSX file goes through the
// same parsing, validation and per-row report as a CSV file. Cells are taken as CellText
// gives them: text cells unchanged (leading zeros, long digit strings), whole numbers
// without ".0" (an 11-digit phone typed as a number reads back as its digits). Rows are
// padded to the header's width; empty rows at the end (Excel leaves them) are dropped.
Result<std::string> XlsxAsCsv(std::string_view bytes) {
  // The operator's own file on the server: larger than an upload may be, still bounded.
  document::XlsxReadLimits limits;
  limits.max_compressed_bytes = std::size_t{1} << 30;
  limits.max_uncompressed_bytes = std::size_t{8} << 30;
  limits.max_cells = 40'000'000;
  ZT_ASSIGN_OR_RETURN(auto sheet, document::ReadXlsx(bytes, std::nullopt, limits));
  auto empty = [](const std::vector<document::Cell>& row) {
    for (const auto& cell : row) {
      if (!document::CellText(cell).empty()) return false;
    }
    return true;
  };
  while (!sheet.rows.empty() && empty(sheet.rows.back())) sheet.rows.pop_back();
  if (sheet.rows.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "hotline.import_header", "the sheet is empty");
  }
  const std::size_t width = sheet.rows.front().size();
  std::string csv;
  for (const auto& row : sheet.rows) {
    for (std::size_t i = 0; i < std::max(width, row.size()); ++i) {
      if (i > 0) csv += ',';
      if (i < row.size()) csv += CsvField(document::CellText(row[i]));
    }
    csv += '\n';
  }
  return csv;
}

}  // namespace

void AddHotlineCommands(CLI::App& app, std::string& db, HotlineCommands& c) {
  auto* hotline = app.add_subcommand("hotline", "The 12345 hotline");
  hotline->require_subcommand(1);
  c.import = hotline->add_subcommand(
      "import",
      "Import historical work orders from CSV or XLSX (docs/hotline.md); rejected rows on "
      "stdout");
  c.import
      ->add_option("FILE", c.file, "CSV file (UTF-8, header row) or XLSX workbook (first sheet)")
      ->required();
  c.import->add_option("--db", db, "Database")->capture_default_str();
  c.import->add_option("--region", c.region, "The hotline centre's area")->capture_default_str();
  c.import->add_option("--batch", c.batch, "Rows per transaction")->capture_default_str();
}

std::optional<int> RunHotlineCommands(const HotlineCommands& c, service::Store& store,
                                      service::Crypto& crypto, const Clock& clock,
                                      const calendar::WorkingCalendar& calendar) {
  if (c.import == nullptr || !*c.import) return std::nullopt;
  std::ifstream in(c.file, std::ios::binary);
  if (!in) {
    std::cerr << "hotline import: cannot read " << c.file << "\n";
    return 1;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (LooksLikeZip(text)) {
    auto csv = XlsxAsCsv(text);
    if (!csv) {
      std::cerr << "hotline import: " << csv.error().ToString() << "\n";
      return 1;
    }
    text = std::move(*csv);
  }
  std::string_view data(text);
  if (data.starts_with(CsvBom())) data.remove_prefix(CsvBom().size());
  std::size_t header_end = data.find('\n');
  if (header_end == std::string_view::npos) {
    std::cerr << "hotline import: no header row\n";
    return 1;
  }
  const std::string header(data.substr(0, header_end + 1));
  data.remove_prefix(header_end + 1);

  // An operator on the server imports as the centre's supervisor would.
  accounts::Actor operator_actor;
  operator_actor.role = accounts::Role::kHotlineSupervisor;
  operator_actor.region_code = c.region;
  operator_actor.display_name = "cli";
  service::HotlineService hotline(store, crypto, clock, calendar);
  const auto started = std::chrono::steady_clock::now();
  const std::size_t total_bytes = data.size();
  std::size_t done_bytes = 0;
  std::int64_t rows = 0, imported = 0, rejected = 0, next_row = 1;
  std::cout << "row,pointer,key,detail\n";
  for (std::string_view chunk : service::SplitCsvRecords(data, kRecordsPerChunk)) {
    auto parsed = service::ParseImportCsv(header + std::string(chunk), next_row);
    if (!parsed) {
      std::cerr << "\nhotline import: " << parsed.error().ToString() << "\n";
      return 1;
    }
    next_row += static_cast<std::int64_t>(parsed->size());
    const std::int64_t before = rows;
    auto report = hotline.Import(
        operator_actor, *parsed, c.batch,
        [&](std::int64_t done, std::int64_t) {
          double seconds =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
          std::int64_t so_far = before + done;
          std::fprintf(stderr, "\rhotline import: %lld rows (%.0f%%), %.0f rows/s   ",
                       static_cast<long long>(so_far),
                       100.0 * static_cast<double>(done_bytes + chunk.size()) /
                           static_cast<double>(total_bytes == 0 ? 1 : total_bytes),
                       seconds > 0 ? static_cast<double>(so_far) / seconds : 0.0);
        },
        {"cli-hotline-import", ""});
    if (!report) {
      std::cerr << "\nhotline import: " << report.error().ToString() << "\n";
      return 1;
    }
    rows += report->rows;
    imported += report->imported;
    rejected += report->error_count;
    for (const auto& e : report->errors) {
      std::cout << e.row << "," << CsvField(e.pointer) << "," << CsvField(e.key) << ","
                << CsvField(e.detail) << "\n";
    }
    done_bytes += chunk.size();
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::fprintf(stderr, "\nhotline import: %lld rows, %lld imported, %lld rejected in %.1f s\n",
               static_cast<long long>(rows), static_cast<long long>(imported),
               static_cast<long long>(rejected), seconds);
  return rejected == 0 ? 0 : 1;
}

}  // namespace zt::cli
