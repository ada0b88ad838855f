// The SQLite driver: sqlite3 C API, one database handle per Connection, prepared
// statements cached per handle (the same few dozen statements run all day).

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <sqlite3.h>

#include "sql.h"

namespace zt::store::internal {

// Group commit. Each COMMIT runs with synchronous=NORMAL: SQLite appends the transaction's
// frames to the WAL and makes them visible without an fsync, and the writer lock passes to
// the next writer. A commit is acknowledged only after an fsync of the WAL that began after
// its COMMIT returned: on Linux fsync covers every write to the file made before it, through
// any descriptor, so one fsync makes every commit numbered up to `committed` (read when it
// starts) durable. Whoever waits first while no fsync runs does it (the leader); those who
// arrive during it wait for the next one, which covers all of them. The WAL is append-only
// between checkpoints, and a checkpoint in NORMAL mode fsyncs the WAL before copying it and
// the database after, so frames are never overwritten before they are durable.
class WalSyncGroup {
 public:
  // Called right after a COMMIT returned ok, still holding the writer slot (so numbers
  // follow the order of the frames in the WAL). Returns the commit's number.
  std::uint64_t NoteCommit() {
    std::lock_guard lock(mu_);
    return ++committed_;
  }
  // The number of the last commit a transaction beginning now may read.
  std::uint64_t LastCommit() {
    std::lock_guard lock(mu_);
    return committed_;
  }
  // Waits until commit `n` is durable, running `sync` as the leader when no fsync is under
  // way. False if a sync failed (now or earlier): from then on nothing is durable for sure.
  template <class Sync>
  bool AwaitSynced(std::uint64_t n, Sync&& sync) {
    std::unique_lock lock(mu_);
    for (;;) {
      if (failed_) return false;
      if (synced_ >= n) return true;
      if (!syncing_) {
        syncing_ = true;
        std::uint64_t goal = committed_;
        lock.unlock();
        bool ok = sync();
        lock.lock();
        syncing_ = false;
        ++syncs_;
        if (ok) {
          synced_ = std::max(synced_, goal);
        } else {
          failed_ = true;
        }
        done_.notify_all();
        continue;
      }
      done_.wait(lock);
    }
  }
  bool failed() const {
    std::lock_guard lock(mu_);
    return failed_;
  }
  WalSyncCounts Counts() const {
    std::lock_guard lock(mu_);
    return {static_cast<std::int64_t>(committed_) - 1, syncs_};
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable done_;
  // Commit 1 stands for whatever the WAL held at open (a crashed process may have left
  // frames that were never synced): the first wait syncs them too.
  std::uint64_t committed_ = 1;  // guarded by mu_
  std::uint64_t synced_ = 0;     // every commit up to this number is durable
  bool syncing_ = false;
  bool failed_ = false;
  std::int64_t syncs_ = 0;
};

std::shared_ptr<WalSyncGroup> MakeWalSyncGroup() { return std::make_shared<WalSyncGroup>(); }
WalSyncCounts CountsOf(const WalSyncGroup& group) { return group.Counts(); }

namespace {

constexpr std::string_view kBeginImmediate = "BEGIN IMMEDIATE";
constexpr std::string_view kBeginDeferred = "BEGIN DEFERRED";
constexpr std::string_view kCommit = "COMMIT";
constexpr std::string_view kRollback = "ROLLBACK";
constexpr int kBusyTimeoutMs = 5000;
// How sqlite.synchronous reads back under group commit (durability.cc accepts it).
constexpr std::string_view kGroupCommitSynchronous = "2 (group commit)";

// Durability and integrity settings (RELIABILITY.md D1), applied to every connection.
// By default WAL lets VerifyChain and readers run beside the writer and synchronous=FULL
// fsyncs the WAL at every commit, so a commit survives power loss, not only a process
// crash. Weaker settings come only from the store URL (SqliteSettings) and are refused by
// `serve --production`.
// With group commit the connection commits at NORMAL and the WAL fsync is ours
// (WalSyncGroup).
std::string EffectiveSynchronous(const SqliteSettings& settings) {
  return settings.GroupCommitActive() ? "normal" : settings.synchronous;
}
std::string ConnectionSetup(const SqliteSettings& settings) {
  return "PRAGMA journal_mode=" + settings.journal_mode +
         ";PRAGMA synchronous=" + EffectiveSynchronous(settings) +
         ";PRAGMA foreign_keys=" + (settings.foreign_keys ? "ON" : "OFF") +
         ";PRAGMA trusted_schema=OFF;";
}
// pragma synchronous reads back as a number.
std::string_view SynchronousNumber(std::string_view name) {
  if (name == "off") return "0";
  if (name == "normal") return "1";
  if (name == "full") return "2";
  return "3";  // extra
}
constexpr std::string_view kCheckSettings =
    "SELECT (SELECT journal_mode FROM pragma_journal_mode), "
    "(SELECT synchronous FROM pragma_synchronous), "
    "(SELECT foreign_keys FROM pragma_foreign_keys)";

Error ErrorFor(std::string_view op, int code) {
  std::string detail = std::string(op) + ": " + sqlite3_errstr(code);
  switch (code & 0xff) {
    case SQLITE_CONSTRAINT:
      if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return Error(ErrorCode::kAlreadyExists, "store.duplicate",
                     std::string(op) + ": a record with this key already exists");
      }
      return Error(ErrorCode::kInternal, "store.constraint", detail);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error(ErrorCode::kUnavailable, "store.busy", detail);
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_NOMEM:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL:
      return Error(ErrorCode::kUnavailable, "store.unavailable", detail);
    default:
      return Error(ErrorCode::kInternal, "store.internal", detail);
  }
}

// strpos(haystack, needle): the 1-based byte position of needle in haystack, 0 if absent.
// PostgreSQL has it built in; registering it here lets both dialects share the SQL text.
void StrposFunction(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  const char* h = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  int hn = sqlite3_value_bytes(argv[0]);
  const char* n = reinterpret_cast<const char*>(sqlite3_value_text(argv[1]));
  int nn = sqlite3_value_bytes(argv[1]);
  std::string_view hay(h ? h : "", h ? hn : 0), needle(n ? n : "", n ? nn : 0);
  std::size_t pos = hay.find(needle);
  sqlite3_result_int64(ctx,
                       pos == std::string_view::npos ? 0 : static_cast<sqlite3_int64>(pos) + 1);
}

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(sqlite3* db, SqliteSettings settings, std::shared_ptr<WalSyncGroup> group)
      : db_(db), settings_(std::move(settings)), group_(std::move(group)) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  using Connection::Run;
  Dialect dialect() const override { return Dialect::kSqlite; }
  bool NeedsStatementSavepoints() const override { return false; }
  bool healthy() const override { return healthy_ && !durability_lost_; }
  bool durability_lost() const override { return durability_lost_; }

  Result<std::vector<std::pair<std::string, std::string>>> ReadDurabilitySettings() override {
    ZT_ASSIGN_OR_RETURN(QueryResult r, Run("ReadDurabilitySettings", kCheckSettings, {}));
    if (r.rows.size() != 1 || r.rows[0].size() != 3) {
      return std::unexpected(Error(ErrorCode::kInternal, "store.internal",
                                   "ReadDurabilitySettings: unexpected pragma answer"));
    }
    std::string synchronous = r.rows[0][1].value_or("");
    // NORMAL plus our own WAL fsync before every acknowledgement is as durable as FULL.
    if (group_ != nullptr && synchronous == "1") synchronous = kGroupCommitSynchronous;
    return std::vector<std::pair<std::string, std::string>>{
        {"sqlite.journal_mode", r.rows[0][0].value_or("")},
        {"sqlite.synchronous", synchronous},
        {"sqlite.foreign_keys", r.rows[0][2].value_or("")}};
  }

  Status Setup() {
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    ZT_RETURN_IF_ERROR(RunScript("OpenSqliteStore", ConnectionSetup(settings_)));
    if (sqlite3_create_function_v2(db_, "strpos", 2,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                   StrposFunction, nullptr, nullptr, nullptr) != SQLITE_OK) {
      return std::unexpected(
          Error(ErrorCode::kInternal, "store.internal", "OpenSqliteStore: cannot register strpos"));
    }
    ZT_ASSIGN_OR_RETURN(QueryResult r, Run("OpenSqliteStore", kCheckSettings, {}));
    // A file on a file system without WAL support would stay in another journal mode;
    // refuse it rather than run with weaker guarantees than asked for.
    if (r.rows.size() != 1 || r.rows[0][0] != settings_.journal_mode ||
        r.rows[0][1] != SynchronousNumber(EffectiveSynchronous(settings_)) ||
        r.rows[0][2] != (settings_.foreign_keys ? "1" : "0")) {
      return std::unexpected(
          Error(ErrorCode::kInternal, "store.durability",
                "OpenSqliteStore: the journal_mode, synchronous or foreign_keys setting "
                "did not take effect"));
    }
    return Ok();
  }

  Result<QueryResult> Run(std::string_view op, std::string_view sql,
                          std::span<const Param> params) override {
    ZT_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(op, sql));
    // Statements are reset after use; clear old bindings so an unused $n reads NULL.
    sqlite3_clear_bindings(stmt);
    int count = sqlite3_bind_parameter_count(stmt);
    for (int i = 1; i <= count; ++i) {
      const char* name = sqlite3_bind_parameter_name(stmt, i);
      int n = 0;
      if (name == nullptr || name[0] != '$' ||
          std::from_chars(name + 1, name + std::strlen(name), n).ec != std::errc() || n < 1 ||
          static_cast<std::size_t>(n) > params.size()) {
        sqlite3_reset(stmt);
        return std::unexpected(Error(ErrorCode::kInternal, "store.internal",
                                     std::string(op) + ": statement parameter not supplied"));
      }
      const Param& p = params[n - 1];
      int rc = SQLITE_OK;
      switch (p.kind()) {
        case Param::Kind::kNull:
          rc = sqlite3_bind_null(stmt, i);
          break;
        case Param::Kind::kInt:
          rc = sqlite3_bind_int64(stmt, i, p.int_value());
          break;
        case Param::Kind::kText:
          rc = sqlite3_bind_text64(stmt, i, p.text().data(), p.text().size(), SQLITE_STATIC,
                                   SQLITE_UTF8);
          break;
      }
      if (rc != SQLITE_OK) {
        sqlite3_reset(stmt);
        return std::unexpected(ErrorFor(op, rc));
      }
    }
    QueryResult result;
    int columns = sqlite3_column_count(stmt);
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_ROW) {
        Row row(columns);
        for (int c = 0; c < columns; ++c) {
          if (sqlite3_column_type(stmt, c) == SQLITE_NULL) continue;
          const unsigned char* text = sqlite3_column_text(stmt, c);
          row[c] = std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(stmt, c));
        }
        result.rows.push_back(std::move(row));
        continue;
      }
      if (rc == SQLITE_DONE) break;
      int code = sqlite3_extended_errcode(db_);
      sqlite3_reset(stmt);  // releases the statement's locks
      NoteIoError(op, code == SQLITE_OK ? rc : code);
      return std::unexpected(ErrorFor(op, code == SQLITE_OK ? rc : code));
    }
    result.affected = sqlite3_changes64(db_);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);  // the bound text pointed into `params`
    return result;
  }

  Status RunScript(std::string_view op, std::string_view sql) override {
    std::string text(sql);
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
      NoteIoError(op, sqlite3_extended_errcode(db_));
      return std::unexpected(ErrorFor(op, sqlite3_extended_errcode(db_)));
    }
    return Ok();
  }

  Status BeginWrite() override {
    // After a failed shared fsync nothing is begun: what is on disk is unknown.
    if (group_ != nullptr && group_->failed()) {
      durability_lost_ = true;
      return std::unexpected(Error(ErrorCode::kUnavailable, "store.unavailable",
                                   "Begin: an earlier sync of the write-ahead log failed"));
    }
    ZT_RETURN_IF_ERROR(Simple("Begin", kBeginImmediate));
    // Under the write lock every earlier commit is visible to us; we may not answer before
    // they are durable (no reading of writes a power loss could still take back).
    if (group_ != nullptr) await_ = group_->LastCommit();
    return Ok();
  }
  Status BeginSnapshot() override { return Simple("VerifyChain", kBeginDeferred); }
  Status Commit() override {
    Status s = Simple("Commit", kCommit);
    // A failed COMMIT (busy, I/O error) leaves the transaction open; the caller rolls back.
    if (s && group_ != nullptr) await_ = group_->NoteCommit();
    return s;
  }
  Status AwaitDurable() override {
    if (group_ == nullptr || await_ == 0) return Ok();
    std::uint64_t n = std::exchange(await_, 0);
    if (group_->AwaitSynced(n, [&] { return SyncWal(); })) return Ok();
    durability_lost_ = true;
    return std::unexpected(Error(ErrorCode::kUnavailable, "store.unavailable",
                                 "Commit: the write-ahead log could not be synced to disk"));
  }
  void Rollback() override {
    if (sqlite3_get_autocommit(db_)) return;  // nothing open (SQLite may have rolled back)
    if (!Simple("Rollback", kRollback)) healthy_ = false;
  }

 private:
  // A failed fsync anywhere, or any I/O error while committing (the WAL frames may be half
  // written and a later fsync may not cover them), leaves the disk in an unknown state.
  // Disk full (SQLITE_FULL) is not such a case: the commit is refused before anything is
  // synced, and writes may resume once space is freed.
  void NoteIoError(std::string_view op, int code) {
    if (code == SQLITE_IOERR_FSYNC || code == SQLITE_IOERR_DIR_FSYNC ||
        (op == "Commit" && (code & 0xff) == SQLITE_IOERR)) {
      durability_lost_ = true;
    }
  }

  // fsync of the WAL through this connection's own handle (and so through the VFS, which
  // the fault tests replace). The handle is open: this connection has just used the WAL.
  bool SyncWal() {
    sqlite3_file* wal = nullptr;
    if (sqlite3_file_control(db_, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal) != SQLITE_OK ||
        wal == nullptr || wal->pMethods == nullptr) {
      return false;
    }
    int flags = SQLITE_SYNC_NORMAL | (settings_.synchronous == "extra" ? SQLITE_SYNC_FULL : 0);
    return wal->pMethods->xSync(wal, flags) == SQLITE_OK;
  }

  Status Simple(std::string_view op, std::string_view sql) {
    auto r = Run(op, sql, {});
    if (!r) return std::unexpected(r.error());
    return Ok();
  }

  Result<sqlite3_stmt*> Prepare(std::string_view op, std::string_view sql) {
    auto it = statements_.find(sql);
    if (it != statements_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return std::unexpected(ErrorFor(op, sqlite3_extended_errcode(db_)));
    statements_.emplace(std::string(sql), stmt);
    return stmt;
  }

  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  sqlite3* db_;
  SqliteSettings settings_;
  std::shared_ptr<WalSyncGroup> group_;  // null without group commit
  std::uint64_t await_ = 0;              // the commit AwaitDurable waits for; 0: none
  bool durability_lost_ = false;
  std::unordered_map<std::string, sqlite3_stmt*, Hash, std::equal_to<>> statements_;
  bool healthy_ = true;
};

}  // namespace

Result<std::pair<std::string, SqliteSettings>> ParseSqliteUrlPath(
    const std::string& path_and_query) {
  std::size_t question = path_and_query.find('?');
  std::pair<std::string, SqliteSettings> out{path_and_query.substr(0, question), {}};
  if (question == std::string::npos) return out;
  auto bad = [](std::string_view what) -> Result<std::pair<std::string, SqliteSettings>> {
    return std::unexpected(
        Error(ErrorCode::kInvalidArgument, "store.url", "OpenSqliteStore: " + std::string(what)));
  };
  std::string_view query(path_and_query);
  query.remove_prefix(question + 1);
  while (!query.empty()) {
    std::string_view pair = query.substr(0, query.find('&'));
    query.remove_prefix(std::min(query.size(), pair.size() + 1));
    std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) return bad("a setting needs key=value");
    std::string_view key = pair.substr(0, eq), value = pair.substr(eq + 1);
    auto one_of = [&](std::initializer_list<std::string_view> allowed) {
      for (std::string_view a : allowed)
        if (a == value) return true;
      return false;
    };
    if (key == "synchronous" && one_of({"off", "normal", "full", "extra"})) {
      out.second.synchronous = std::string(value);
    } else if (key == "journal_mode" && one_of({"wal", "delete", "truncate", "persist"})) {
      out.second.journal_mode = std::string(value);
    } else if (key == "foreign_keys" && one_of({"on", "off"})) {
      out.second.foreign_keys = value == "on";
    } else if (key == "group_commit" && one_of({"on", "off"})) {
      out.second.group_commit = value == "on";
    } else {
      return bad(
          "unknown setting or value (synchronous, journal_mode, foreign_keys, group_commit)");
    }
  }
  return out;
}

Result<std::unique_ptr<Connection>> OpenSqliteConnection(const std::string& path,
                                                         const SqliteSettings& settings,
                                                         std::shared_ptr<WalSyncGroup> group) {
  if (settings.GroupCommitActive() != (group != nullptr)) {
    return std::unexpected(Error(ErrorCode::kInternal, "store.internal",
                                 "OpenSqliteStore: group commit needs its shared sync group"));
  }
  std::error_code ec;
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);  // open reports failure
  sqlite3* db = nullptr;
  // NOMUTEX: a connection is only ever used by one thread at a time (the pool's contract).
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_close_v2(db);
    return std::unexpected(Error(ErrorCode::kUnavailable, "store.unavailable",
                                 std::string("OpenSqliteStore: ") + sqlite3_errstr(rc)));
  }
  auto conn = std::make_unique<SqliteConnection>(db, settings, std::move(group));
  ZT_RETURN_IF_ERROR(conn->Setup());
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace zt::store::internal
