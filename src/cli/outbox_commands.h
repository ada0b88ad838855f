// The command line of the notification outbox (docs/materials.md):
//   zhengtong outbox deliver [--limit N]
// hands every due pending message to the local outbox notifier (the default adapter) with
// retries and backoff, and prints how many were sent, are retrying and failed for good.
// The server runs the same delivery in a background worker every 30 seconds.
// main.cc adds the command and runs it once the store is open.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "zt/core/time.h"
#include "zt/service/store.h"

namespace zt::cli {

struct OutboxCommands {
  CLI::App* deliver = nullptr;
  int limit = 1000;
};

void AddOutboxCommands(CLI::App& app, std::string& db, OutboxCommands& c);

// Runs the chosen command; nullopt when none was chosen. Exit code 0 when nothing failed for
// good in this run, 1 otherwise.
std::optional<int> RunOutboxCommands(const OutboxCommands& c, service::Store& store,
                                     const Clock& clock);

}  // namespace zt::cli
