// Which live durability settings production accepts (RELIABILITY.md REL-06). The drivers
// read the raw values (Connection::ReadDurabilitySettings); this file judges them.

#include <string>
#include <utility>
#include <vector>

#include "sql.h"
#include "zt/store/open.h"

namespace zt::store::internal {

namespace {

struct Rule {
  std::string_view name;
  std::string_view required;
  bool (*safe)(std::string_view value);
};

constexpr Rule kRules[] = {
    {"sqlite.journal_mode", "wal", [](std::string_view v) { return v == "wal"; }},
    // pragma synchronous reads back as 0 off, 1 normal, 2 full, 3 extra; the driver reports
    // NORMAL with its own WAL fsync before each acknowledgement (group commit) as full.
    {"sqlite.synchronous", "full (2) or extra (3)",
     [](std::string_view v) { return v == "2" || v == "3" || v == "2 (group commit)"; }},
    {"sqlite.foreign_keys", "on (1)", [](std::string_view v) { return v == "1"; }},
    {"postgresql.fsync", "on", [](std::string_view v) { return v == "on"; }},
    {"postgresql.full_page_writes", "on", [](std::string_view v) { return v == "on"; }},
    {"postgresql.data_checksums", "on", [](std::string_view v) { return v == "on"; }},
    {"postgresql.data_sync_retry", "off", [](std::string_view v) { return v == "off"; }},
    // local and the remote_* levels all wait for the local WAL flush; only off does not.
    {"postgresql.synchronous_commit", "on, local, remote_write or remote_apply",
     [](std::string_view v) { return v != "off"; }},
};

}  // namespace

Result<std::vector<DurabilitySetting>> JudgeDurability(Connection& conn) {
  ZT_ASSIGN_OR_RETURN(auto raw, conn.ReadDurabilitySettings());
  std::vector<DurabilitySetting> out;
  for (const Rule& rule : kRules) {
    bool found = false;
    for (const auto& [name, value] : raw) {
      if (name != rule.name) continue;
      found = true;
      out.push_back({name, value, std::string(rule.required), rule.safe(value)});
    }
    // A setting the dialect has must be read; one it lacks is not reported at all.
    bool dialect_has =
        rule.name.starts_with(conn.dialect() == Dialect::kSqlite ? "sqlite." : "postgresql.");
    if (!found && dialect_has) {
      out.push_back({std::string(rule.name), "(unreadable)", std::string(rule.required), false});
    }
  }
  return out;
}

}  // namespace zt::store::internal
