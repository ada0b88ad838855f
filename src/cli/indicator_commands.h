// The command line of indicators and the annual report (docs/cli.md):
//   zhengtong indicators [--region R] [--department D] [--from D] [--to D] [--csv] [--check]
//   zhengtong report generate --region R --year Y --format html|json|docx|pdf --out FILE
// main.cc adds them and runs them once the store is open.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "zt/calendar/calendar.h"
#include "zt/core/time.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::cli {

struct IndicatorCommands {
  CLI::App* indicators = nullptr;
  CLI::App* report_generate = nullptr;
  std::string region = "440800";
  std::string department;
  std::string from;
  std::string to;
  bool csv = false;
  bool check = false;
  int year = 0;
  std::string format = "html";
  std::string out;
};

// Adds `indicators` to `app` and `generate` to the existing `report` command.
void AddIndicatorCommands(CLI::App& app, CLI::App& report, std::string& db, IndicatorCommands& c);

// Runs the chosen command; nullopt when neither was chosen. Returns the exit code.
std::optional<int> RunIndicatorCommands(const IndicatorCommands& c, service::Store& store,
                                        service::Crypto& crypto, const Clock& clock,
                                        const calendar::WorkingCalendar& calendar);

}  // namespace zt::cli
