// The catalogue's import on the command line (docs/catalogue.md "Export and import"):
//   zhengtong items import FILE --department D [--db URL]
// imports a department's full item records from the CSV that `items export` writes or from
// the first sheet of an XLSX workbook (recognised by its ZIP signature, not its name), as the
// department's administrator would through the API: every row checked, nothing written
// unless every row is good, progress on stderr (reading the workbook, checking and writing
// rows), the rejected rows as CSV (row,field,key,message) on stdout.
// main.cc adds the command under `items` and runs it once the store is open.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "zt/core/time.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::cli {

struct CatalogueCommands {
  CLI::App* import = nullptr;
  std::string file;
  std::string department;
};

void AddCatalogueCommands(CLI::App& items, std::string& db, CatalogueCommands& c);

// Runs the chosen command; nullopt when none was chosen. Exit code 0 when the file was
// imported, 1 when rows were rejected (nothing imported) or the import failed.
std::optional<int> RunCatalogueCommands(const CatalogueCommands& c, service::Store& store,
                                        service::Crypto& crypto, const Clock& clock);

}  // namespace zt::cli
