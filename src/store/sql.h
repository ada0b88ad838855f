// Private to the store module: the minimal SQL connection the one UnitOfWork
// implementation runs on. Two drivers implement it (sqlite_connection.cc, pg_connection.cc);
// everything dialect-specific (transaction verbs, savepoints, error classification, how a
// parameter is bound) lives behind it. Statements use positional parameters $1..$n in both
// dialects. A Connection is used by one thread at a time (the pool hands it out).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "zt/core/error.h"

namespace zt::store::internal {

enum class Dialect { kSqlite, kPostgres };

// One bound parameter: NULL, a 64-bit integer or text. Typed so that PostgreSQL infers
// nothing (text is OID 25, integers OID 20) and SQLite binds integers as integers.
class Param {
 public:
  enum class Kind { kNull, kInt, kText };

  static Param Null() { return Param(); }
  Param(std::int64_t v) : kind_(Kind::kInt), int_(v) {}              // NOLINT: implicit by design
  Param(int v) : kind_(Kind::kInt), int_(v) {}                       // NOLINT
  Param(bool v) : kind_(Kind::kInt), int_(v ? 1 : 0) {}              // NOLINT
  Param(std::string v) : kind_(Kind::kText), text_(std::move(v)) {}  // NOLINT
  Param(std::string_view v) : kind_(Kind::kText), text_(v) {}        // NOLINT
  Param(const char* v) : kind_(Kind::kText), text_(v) {}             // NOLINT

  Kind kind() const { return kind_; }
  std::int64_t int_value() const { return int_; }
  const std::string& text() const { return text_; }
  // Text form for drivers that send everything as text (libpq text format).
  std::string AsText() const { return kind_ == Kind::kInt ? std::to_string(int_) : text_; }

 private:
  Param() = default;
  Kind kind_ = Kind::kNull;
  std::int64_t int_ = 0;
  std::string text_;
};

using Row = std::vector<std::optional<std::string>>;

struct QueryResult {
  std::vector<Row> rows;
  std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;

  // Runs one statement with parameters $1..$n bound from `params`. `op` names the caller's
  // operation for error details ("InsertAccount"); SQL text never appears in an error.
  // Errors: kAlreadyExists (unique violation), kUnavailable (busy, lock timeout, lost
  // connection, disk full), kInternal (anything else).
  virtual Result<QueryResult> Run(std::string_view op, std::string_view sql,
                                  std::span<const Param> params) = 0;
  Result<QueryResult> Run(std::string_view op, std::string_view sql,
                          std::initializer_list<Param> params = {}) {
    return Run(op, sql, std::span<const Param>(params.begin(), params.size()));
  }
  // Runs several parameterless statements (migrations).
  virtual Status RunScript(std::string_view op, std::string_view sql) = 0;

  // A write transaction (SQLite: BEGIN IMMEDIATE, so the write lock is taken up front and
  // a read-then-write can never deadlock on lock upgrade; PostgreSQL: READ COMMITTED).
  virtual Status BeginWrite() = 0;
  // A read-only transaction over one consistent snapshot (VerifyChain).
  virtual Status BeginSnapshot() = 0;
  // Durable once ok. Errors as Run; kAborted if the server had already rolled back.
  virtual Status Commit() = 0;
  // Best effort; a failure marks the connection unhealthy.
  virtual void Rollback() = 0;

  // Group commit (SQLite): Commit() made the transaction visible but durable only once this
  // returns ok; it waits until one fsync of the WAL covers everything this connection
  // committed or could have read since its last BeginWrite, doing that fsync itself if no
  // other connection is. Call it after giving up the writer slot, so that the writers
  // queued behind share the fsync. kUnavailable (and durability_lost) if a sync failed.
  // Drivers whose Commit() is already durable return Ok at once.
  virtual Status AwaitDurable() { return Ok(); }

  // Statement-level atomicity. In SQLite a failed statement leaves the transaction usable;
  // in PostgreSQL it poisons it. Writes that may fail with an expected error (duplicate
  // key) run inside a savepoint so both dialects behave the same afterwards.
  virtual bool NeedsStatementSavepoints() const = 0;

  // False once the connection saw an error that makes it unfit for reuse (lost socket,
  // failed rollback). The pool drops unhealthy connections.
  virtual bool healthy() const = 0;

  // True once a sync (fsync) failed or a COMMIT ended in an I/O error: what reached the
  // disk is unknown, and a later sync may succeed without covering the lost pages (the
  // PostgreSQL fsync lesson of 2018). The pool then halts the whole store: no further unit
  // of work is begun, so nothing more is acknowledged until a restart.
  virtual bool durability_lost() const { return false; }

  // The settings that decide whether an acknowledged commit survives a crash or power loss,
  // read from this live connection (durability.cc).
  virtual Result<std::vector<std::pair<std::string, std::string>>> ReadDurabilitySettings() = 0;
};

// SQLite durability settings. The defaults are the only ones `serve --production` accepts;
// weaker ones exist for throw-away databases and for the power-loss test's negative control,
// and are chosen in the store URL ("sqlite:x.db?synchronous=normal").
struct SqliteSettings {
  std::string journal_mode = "wal";  // wal | delete | truncate | persist
  std::string synchronous = "full";  // off | normal | full | extra
  bool foreign_keys = true;
  // With WAL and synchronous full or extra: commit with synchronous=NORMAL (no fsync inside
  // the write lock) and fsync the WAL once for every commit that waits (AwaitDurable) before
  // acknowledging any of them. "group_commit=off" in the URL fsyncs inside each COMMIT.
  bool group_commit = true;
  bool GroupCommitActive() const {
    return group_commit && journal_mode == "wal" &&
           (synchronous == "full" || synchronous == "extra");
  }
};

// What the connections of one SQLite store share for group commit (sqlite_connection.cc).
class WalSyncGroup;
std::shared_ptr<WalSyncGroup> MakeWalSyncGroup();
// Commits and WAL fsyncs made through the group so far (figures for the benchmark).
struct WalSyncCounts {
  std::int64_t commits = 0;
  std::int64_t syncs = 0;
};
WalSyncCounts CountsOf(const WalSyncGroup& group);

// Splits "path?key=value&..." into the path and its settings. kInvalidArgument (key
// "store.url") for an unknown key or value.
Result<std::pair<std::string, SqliteSettings>> ParseSqliteUrlPath(
    const std::string& path_and_query);

// Opens a SQLite database file (created if missing) with WAL, synchronous=FULL,
// foreign_keys=ON and a 5 s busy timeout. kUnavailable if it cannot be opened,
// kInternal if a durability setting does not take.
// `group` is shared by the connections of one store; required when
// settings.GroupCommitActive().
Result<std::unique_ptr<Connection>> OpenSqliteConnection(
    const std::string& path, const SqliteSettings& settings = {},
    std::shared_ptr<WalSyncGroup> group = nullptr);

}  // namespace zt::store::internal

namespace zt::store {
struct DurabilitySetting;
}

namespace zt::store::internal {

// Reads the connection's durability settings and judges each against what production
// needs (durability.cc).
Result<std::vector<DurabilitySetting>> JudgeDurability(Connection& conn);

// Connects to PostgreSQL (key=value conninfo or a postgresql:// URI) with client encoding
// UTF8, synchronous_commit=on and a 5 s lock timeout. kUnavailable if it cannot connect.
Result<std::unique_ptr<Connection>> OpenPostgresConnection(const std::string& conninfo);

}  // namespace zt::store::internal
