// The PostgreSQL driver: libpq, text-format parameters with explicit type OIDs, one
// statement per round trip (PQexecParams).

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <libpq-fe.h>

#include "sql.h"

namespace zt::store::internal {
namespace {

constexpr std::string_view kBeginReadCommitted = "BEGIN ISOLATION LEVEL READ COMMITTED";
constexpr std::string_view kBeginSnapshot = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
constexpr std::string_view kCommit = "COMMIT";
constexpr std::string_view kRollback = "ROLLBACK";
// Session settings applied at connect. synchronous_commit=on is the default; setting it
// makes a server configured otherwise unable to weaken our durability. lock_timeout
// mirrors SQLite's busy timeout: a writer waiting longer than 5 s gets kUnavailable.
constexpr std::string_view kSessionSetup =
    "SET synchronous_commit TO on; SET lock_timeout TO '5s'; "
    "SET application_name TO 'zhengtong'";

constexpr std::string_view kDurabilitySettings =
    "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', "
    "'full_page_writes', 'data_checksums', 'data_sync_retry') ORDER BY name";

constexpr unsigned kTextOid = 25;
constexpr unsigned kInt8Oid = 20;

Error ErrorForState(std::string_view op, std::string_view sqlstate) {
  std::string detail = std::string(op) + ": SQLSTATE " + std::string(sqlstate);
  if (sqlstate == "23505") {
    return Error(ErrorCode::kAlreadyExists, "store.duplicate",
                 std::string(op) + ": a record with this key already exists");
  }
  // 08: connection exceptions; 53: insufficient resources (disk full, too many
  // connections); 57P01-57P03: server shutting down or starting; 55P03: lock timeout;
  // 40001/40P01: serialization failure or deadlock, which a retry resolves.
  if (sqlstate.starts_with("08") || sqlstate.starts_with("53") || sqlstate.starts_with("57P") ||
      sqlstate == "55P03" || sqlstate == "40001" || sqlstate == "40P01") {
    return Error(ErrorCode::kUnavailable, "store.unavailable", detail);
  }
  return Error(ErrorCode::kInternal, "store.internal", detail);
}

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() override { PQfinish(conn_); }

  using Connection::Run;
  Dialect dialect() const override { return Dialect::kPostgres; }
  bool NeedsStatementSavepoints() const override { return true; }
  bool healthy() const override { return healthy_ && PQstatus(conn_) == CONNECTION_OK; }

  Status Setup() {
    // Server notices ("relation already exists, skipping") would go to stderr; the store
    // reports through its return values only.
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
    if (PQsetClientEncoding(conn_, "UTF8") != 0) {
      return std::unexpected(Error(ErrorCode::kUnavailable, "store.unavailable",
                                   "OpenPostgresStore: cannot set client encoding"));
    }
    return RunScript("OpenPostgresStore", kSessionSetup);
  }

  Result<QueryResult> Run(std::string_view op, std::string_view sql,
                          std::span<const Param> params) override {
    std::vector<std::string> texts;
    std::vector<const char*> values;
    std::vector<unsigned> types;
    texts.reserve(params.size());
    for (const Param& p : params) {
      texts.push_back(p.AsText());
      types.push_back(p.kind() == Param::Kind::kInt    ? kInt8Oid
                      : p.kind() == Param::Kind::kText ? kTextOid
                                                       : 0);  // NULL: inferred
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      values.push_back(params[i].kind() == Param::Kind::kNull ? nullptr : texts[i].c_str());
    }
    std::string text(sql);  // libpq wants NUL-terminated text
    ResultPtr res(PQexecParams(conn_, text.c_str(), static_cast<int>(params.size()), types.data(),
                               values.data(), nullptr, nullptr, 0));
    ZT_RETURN_IF_ERROR(Check(op, res.get()));
    QueryResult out;
    int nrows = PQntuples(res.get()), ncols = PQnfields(res.get());
    out.rows.reserve(nrows);
    for (int r = 0; r < nrows; ++r) {
      Row row(ncols);
      for (int c = 0; c < ncols; ++c) {
        if (PQgetisnull(res.get(), r, c)) continue;
        row[c] = std::string(PQgetvalue(res.get(), r, c), PQgetlength(res.get(), r, c));
      }
      out.rows.push_back(std::move(row));
    }
    const char* tuples = PQcmdTuples(res.get());
    std::from_chars(tuples, tuples + std::strlen(tuples), out.affected);
    return out;
  }

  Status RunScript(std::string_view op, std::string_view sql) override {
    std::string text(sql);
    // PQexec runs every statement of the script and returns the last result; an error stops
    // the script and is what comes back.
    ResultPtr res(PQexec(conn_, text.c_str()));
    return Check(op, res.get());
  }

  // Server-wide settings (fsync, full_page_writes, data_checksums, data_sync_retry) and this
  // session's synchronous_commit, as the live server reports them.
  Result<std::vector<std::pair<std::string, std::string>>> ReadDurabilitySettings() override {
    ZT_ASSIGN_OR_RETURN(QueryResult r, Run("ReadDurabilitySettings", kDurabilitySettings));
    std::vector<std::pair<std::string, std::string>> out;
    for (const Row& row : r.rows) {
      if (row.size() != 2 || !row[0] || !row[1]) continue;
      out.emplace_back("postgresql." + *row[0], *row[1]);
    }
    return out;
  }

  Status BeginWrite() override { return RunScript("Begin", kBeginReadCommitted); }
  Status BeginSnapshot() override { return RunScript("VerifyChain", kBeginSnapshot); }

  Status Commit() override {
    std::string text(kCommit);
    ResultPtr res(PQexec(conn_, text.c_str()));
    if (res == nullptr || PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
      // The outcome of a COMMIT whose reply was lost is unknown; the caller may retry with
      // its idempotency key. Check() marks the connection unhealthy.
      return Check("Commit", res.get());
    }
    // COMMIT of a transaction that already failed "succeeds" with the tag ROLLBACK.
    if (std::string_view(PQcmdStatus(res.get())) == "ROLLBACK") {
      return std::unexpected(Error(ErrorCode::kAborted, "store.rolled_back",
                                   "Commit: the transaction had failed and was rolled back"));
    }
    return Ok();
  }

  void Rollback() override {
    if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return;
    std::string text(kRollback);
    ResultPtr res(PQexec(conn_, text.c_str()));
    if (res == nullptr || PQresultStatus(res.get()) != PGRES_COMMAND_OK) healthy_ = false;
  }

 private:
  Status Check(std::string_view op, PGresult* res) {
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) return Ok();
    if (PQstatus(conn_) != CONNECTION_OK) {
      healthy_ = false;
      return std::unexpected(Error(ErrorCode::kUnavailable, "store.unavailable",
                                   std::string(op) + ": connection to PostgreSQL lost"));
    }
    // An error without a SQLSTATE was made by libpq itself, not by the server: the connection
    // broke (a server killed mid-statement), which a retry on a fresh connection resolves.
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    if (state == nullptr) healthy_ = false;
    Error e = ErrorForState(op, state ? state : "08006");
    return std::unexpected(std::move(e));
  }

  PGconn* conn_;
  bool healthy_ = true;
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenPostgresConnection(const std::string& conninfo) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    // PQerrorMessage may echo host names or the conninfo; keep details generic.
    PQfinish(conn);
    return std::unexpected(Error(ErrorCode::kUnavailable, "store.unavailable",
                                 "OpenPostgresStore: cannot connect to PostgreSQL"));
  }
  auto c = std::make_unique<PgConnection>(conn);
  ZT_RETURN_IF_ERROR(c->Setup());
  return std::unique_ptr<Connection>(std::move(c));
}

}  // namespace zt::store::internal
