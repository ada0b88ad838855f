#include "catalogue_commands.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include <unistd.h>

#include "zt/core/csv.h"
#include "zt/document/xlsx.h"
#include "zt/service/catalog_service.h"

namespace zt::cli {
namespace {

bool LooksLikeZip(std::string_view bytes) {
  return bytes.starts_with(std::string_view("PK\x03\x04", 4));
}

// Progress on stderr: a redrawn line on a terminal, a plain line per quarter otherwise.
class Progress {
 public:
  void operator()(std::string_view stage, int done, int total) {
    const int percent = total > 0 ? done * 100 / total : 100;
    if (isatty(fileno(stderr)) != 0) {
      std::fprintf(stderr, "\ritems import: %-14.*s %7d/%-7d %3d%%", static_cast<int>(stage.size()),
                   stage.data(), done, total, percent);
      if (done == total) std::fprintf(stderr, "\n");
    } else if (stage != stage_ || percent / 25 != percent_ / 25 || done == total) {
      std::fprintf(stderr, "items import: %.*s %d/%d\n", static_cast<int>(stage.size()),
                   stage.data(), done, total);
    }
    stage_ = std::string(stage);
    percent_ = percent;
  }

 private:
  std::string stage_;
  int percent_ = -1;
};

// The first sheet as the CSV text the importer reads (cells as CellText gives them: IDs and
// codes written as text stay text), so a workbook goes through the CSV rules unchanged.
Result<std::string> XlsxAsCsv(std::string_view bytes, Progress& progress) {
  progress("reading workbook", 0, 1);
  ZT_ASSIGN_OR_RETURN(auto sheet, document::ReadXlsx(bytes));
  progress("reading workbook", 1, 1);
  std::string csv;
  const int rows = static_cast<int>(sheet.rows.size());
  for (int r = 0; r < rows; ++r) {
    std::vector<std::string> fields;
    for (const auto& cell : sheet.rows[static_cast<std::size_t>(r)]) {
      fields.push_back(document::CellText(cell));
    }
    csv += CsvLine(fields);
    if ((r + 1) % 5000 == 0 || r + 1 == rows) progress("converting rows", r + 1, rows);
  }
  return csv;
}

}  // namespace

void AddCatalogueCommands(CLI::App& items, std::string& db, CatalogueCommands& c) {
  c.import = items.add_subcommand(
      "import",
      "Import a department's full item records from CSV or XLSX (the export's columns); "
      "rejected rows on stdout, nothing imported unless every row is good");
  c.import->add_option("FILE", c.file, "CSV (UTF-8, BOM optional) or XLSX workbook (first sheet)")
      ->required();
  c.import->add_option("--db", db, "Database")->capture_default_str();
  c.import->add_option("--department", c.department, "Department id")->required();
}

std::optional<int> RunCatalogueCommands(const CatalogueCommands& c, service::Store& store,
                                        service::Crypto& crypto, const Clock& clock) {
  if (c.import == nullptr || !*c.import) return std::nullopt;
  std::ifstream in(c.file, std::ios::binary);
  if (!in) {
    std::cerr << "items import: cannot read " << c.file << "\n";
    return 1;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  Progress progress;
  if (LooksLikeZip(text)) {
    auto csv = XlsxAsCsv(text, progress);
    if (!csv) {
      std::cerr << "items import: " << csv.error().ToString() << "\n";
      return 1;
    }
    text = std::move(*csv);
  }
  // An operator on the server imports as the department's own administrator would.
  accounts::Actor actor;
  actor.account_id = AccountId("cli-operator");
  actor.role = accounts::Role::kDepartmentAdmin;
  actor.department_id = DepartmentId(c.department);
  {
    auto tx = store.Begin();
    if (!tx) {
      std::cerr << "items import: " << tx.error().ToString() << "\n";
      return 1;
    }
    auto department = (*tx)->FindDepartment(actor.department_id);
    if (!department || !*department) {
      std::cerr << "items import: no department " << c.department << "\n";
      return 1;
    }
    actor.region_code = (*department)->region_code;
  }
  service::CatalogService catalog(store, crypto, clock);
  auto outcome = catalog.ImportCsv(
      actor, text, {"cli-items-import", "local"},
      [&](std::string_view stage, int done, int total) { progress(stage, done, total); });
  if (!outcome) {
    std::cerr << "items import: " << outcome.error().ToString() << "\n";
    return 1;
  }
  if (!outcome->errors.empty()) {
    std::cout << CsvLine({"row", "field", "key", "message"});
    for (const auto& e : outcome->errors) {
      std::cout << CsvLine({std::to_string(e.row), e.field, e.key, e.message});
    }
    std::cerr << "items import: " << outcome->errors.size() << " problems; nothing was imported\n";
    return 1;
  }
  std::cerr << "items import: " << outcome->created.size() << " created, "
            << outcome->updated.size() << " updated (drafts or new versions), "
            << outcome->unchanged << " unchanged\n";
  return 0;
}

}  // namespace zt::cli
