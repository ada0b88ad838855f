// The operator's command line for staff accounts (docs/cli.md, docs/security.md "Account
// administration"):
//   zhengtong accounts list [--role ROLE]
//   zhengtong accounts create --username U --name NAME --role ROLE --region CODE [--department ID]
//   zhengtong accounts disable USERNAME [--reason TEXT]
//   zhengtong accounts enable USERNAME [--reason TEXT]
//   zhengtong accounts disable-inactive [--days 90]
// The operator bootstraps the first administrators here: no grant check, and every event
// names the operator (the OS user running the command). `create` prints the one-time initial
// password, which must be changed at the first login.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "zt/core/time.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::cli {

struct AccountCommands {
  CLI::App* list = nullptr;
  CLI::App* create = nullptr;
  CLI::App* disable = nullptr;
  CLI::App* enable = nullptr;
  CLI::App* disable_inactive = nullptr;
  std::string role;
  std::string username;
  std::string display_name;
  std::string region;
  std::string department;
  std::string reason;
  int days = 90;
};

void AddAccountCommands(CLI::App& app, std::string& db, AccountCommands& c);

// Runs the chosen command; nullopt when none was chosen. Exit 0 on success, 1 on a refusal or
// bad input, 4 when the database is unavailable (docs/cli.md exit codes).
std::optional<int> RunAccountCommands(const AccountCommands& c, service::Store& store,
                                      service::Crypto& crypto, const Clock& clock);

}  // namespace zt::cli
