// The signed checkpoints of the audit chain (AUD-03, docs/cli.md, docs/security.md):
//   zhengtong audit checkpoint-key --key-dir DIR      a new SM2 key, sealed under the KEK
//   zhengtong audit checkpoint --key-dir DIR [--out DIR] [--db URL]
//   zhengtong audit verify --checkpoints DIR --public-key PEM [--db URL]
// `checkpoint-key` needs no database; the others run once the store is open. main.cc adds
// the options to its `audit` command and runs them.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "zt/core/time.h"
#include "zt/service/store.h"

namespace zt::cli {

struct AuditCommands {
  CLI::App* checkpoint_key = nullptr;
  CLI::App* checkpoint = nullptr;
  CLI::App* verify = nullptr;
  std::string key_dir;
  std::string out_dir;
  std::string checkpoints_dir;
  std::string public_key_file;
};

void AddAuditCommands(CLI::App& audit, CLI::App& verify, std::string& db, AuditCommands& c);

// `audit checkpoint-key`: before any database is opened. nullopt when not chosen.
std::optional<int> RunAuditOfflineCommands(const AuditCommands& c);

// `audit checkpoint`, and `audit verify` with --checkpoints. nullopt when neither was chosen
// (a plain `audit verify` stays main.cc's). Exit 0 ok; 1 the chain or a checkpoint does not
// match, or a checkpoint file is malformed; 2 missing options; 3 no key-encryption key.
std::optional<int> RunAuditCommands(const AuditCommands& c, service::Store& store,
                                    const Clock& clock);

}  // namespace zt::cli
