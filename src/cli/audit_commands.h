// The signed checkpoints of the audit chain (AUD-03, docs/cli.md, docs/security.md):
//   zhengtong audit checkpoint-key --key-dir DIR      a new SM2 key, sealed under the KEK
//   zhengtong audit checkpoint --key-dir DIR [--out DIR] [--db URL]
//   zhengtong audit verify --checkpoints DIR --public-key PEM [--db URL]
//   zhengtong audit verify-proof --proof FILE --checkpoint FILE [--checkpoint FILE]
//                                --public-key PEM     (offline: no database)
// `checkpoint-key` and `verify-proof` need no database; the others run once the store is open.
// main.cc adds the options to its `audit` command and runs them.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "zt/core/time.h"
#include "zt/service/store.h"

namespace zt::cli {

struct AuditCommands {
  CLI::App* checkpoint_key = nullptr;
  CLI::App* checkpoint = nullptr;
  CLI::App* verify = nullptr;
  CLI::App* verify_proof = nullptr;
  std::string proof_file;
  std::vector<std::string> checkpoint_files;
  std::string key_dir;
  std::string out_dir;
  std::string checkpoints_dir;
  std::string public_key_file;
};

void AddAuditCommands(CLI::App& audit, CLI::App& verify, std::string& db, AuditCommands& c);

// `audit checkpoint-key` and `audit verify-proof`: before any database is opened. nullopt when
// neither was chosen. verify-proof: 0 the proof holds against the signed checkpoint(s); 1 it
// does not, or a file is malformed or its signature fails; 2 missing options.
std::optional<int> RunAuditOfflineCommands(const AuditCommands& c);

// `audit checkpoint`, and `audit verify` with --checkpoints. nullopt when neither was chosen
// (a plain `audit verify` stays main.cc's). Exit 0 ok; 1 the chain or a checkpoint does not
// match, or a checkpoint file is malformed; 2 missing options; 3 no key-encryption key.
std::optional<int> RunAuditCommands(const AuditCommands& c, service::Store& store,
                                    const Clock& clock);

// AUD-04: automatic checkpoints while serving (`serve --checkpoint-key-dir DIR
// --checkpoint-dir DIR`, docs/security.md): a thread ticks the scheduler every second.
struct ServerCheckpointOptions {
  std::string key_dir;
  std::string out_dir;
  std::int64_t every_events = 10'000;
  std::int64_t every_seconds = 600;
  std::int64_t grace_seconds = 1800;
};

class ServerCheckpoints {
 public:
  ServerCheckpoints();
  ~ServerCheckpoints();
  // False while checkpoints have failed beyond the grace period; true when not configured.
  bool WritesAllowed() const;

 private:
  friend std::optional<int> StartServerCheckpoints(const ServerCheckpointOptions&, service::Store&,
                                                   const Clock&, ServerCheckpoints&);
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

void AddServerCheckpointOptions(CLI::App& serve, ServerCheckpointOptions& options);
// Starts the checkpoints when --checkpoint-key-dir was given; an exit code when the options or
// the key are wrong, nullopt otherwise.
std::optional<int> StartServerCheckpoints(const ServerCheckpointOptions& options,
                                          service::Store& store, const Clock& clock,
                                          ServerCheckpoints& out);

}  // namespace zt::cli
