// The command line of the 12345 hotline (docs/hotline.md):
//   zhengtong hotline import FILE [--region R] [--batch N]
// imports historical work orders from a CSV file of any size, or from the first sheet of an
// XLSX workbook (recognised by its ZIP signature, not its name): validated per row, written
// in batched transactions, progress on stderr, the rejected rows as CSV on stdout.
// main.cc adds the command and runs it once the store is open.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "zt/calendar/calendar.h"
#include "zt/core/time.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::cli {

struct HotlineCommands {
  CLI::App* import = nullptr;
  std::string file;
  std::string region = "440800";  // the hotline centre's area
  int batch = 5000;
};

void AddHotlineCommands(CLI::App& app, std::string& db, HotlineCommands& c);

// Runs the chosen command; nullopt when none was chosen. Exit code 0 when every row was
// imported, 1 when some were rejected (listed on stdout) or the import failed.
std::optional<int> RunHotlineCommands(const HotlineCommands& c, service::Store& store,
                                      service::Crypto& crypto, const Clock& clock,
                                      const calendar::WorkingCalendar& calendar);

}  // namespace zt::cli
