// The command line of electronic licences (docs/licences.md):
//   zhengtong licence verify FILE [--keys KEYS.json] [--status-list LIST.json ...] [--db URL]
//   zhengtong licence issue-pending [--db URL]
//   zhengtong licence rotate-key [--algorithm SM2-SM3|Ed25519] [--db URL]
//   zhengtong licence import --type CODE FILE [--batch N] [--db URL]
// `verify` with --keys needs no database (offline); the others run once the store is open.
// main.cc adds the commands and runs them.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "zt/core/time.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::cli {

struct LicenceCommands {
  CLI::App* verify = nullptr;
  CLI::App* issue_pending = nullptr;
  CLI::App* rotate_key = nullptr;
  CLI::App* import = nullptr;
  std::string file;
  std::string keys_file;
  std::vector<std::string> status_lists;
  std::string algorithm = "SM2-SM3";
  std::string type_code;
  int batch = 1000;
};

void AddLicenceCommands(CLI::App& app, std::string& db, LicenceCommands& c);

// `licence verify --keys`: offline, before any database is opened. nullopt when not chosen.
std::optional<int> RunLicenceOfflineCommands(const LicenceCommands& c, const Clock& clock);

// The commands that need the store. nullopt when none was chosen. Exit 0 ok; 1 not valid,
// rows rejected or failed; 3 no key-encryption key where signing is needed.
std::optional<int> RunLicenceCommands(const LicenceCommands& c, service::Store& store,
                                      service::Crypto& crypto, const Clock& clock);

}  // namespace zt::cli
