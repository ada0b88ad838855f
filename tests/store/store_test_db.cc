#include "store_test_db.h"

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include "zt/store/open.h"

namespace zt::testing {
namespace {

class SqliteTestDatabase final : public StoreTestDatabase {
 public:
  explicit SqliteTestDatabase(std::filesystem::path dir) : dir_(std::move(dir)) {}
  ~SqliteTestDatabase() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  Result<std::unique_ptr<service::Store>> Open() override { return store::OpenSqliteStore(path()); }
  Status ExecRaw(std::string_view sql) override {
    sqlite3* db = nullptr;
    if (sqlite3_open(path().c_str(), &db) != SQLITE_OK) {
      sqlite3_close(db);
      return Fail(ErrorCode::kUnavailable, "test.sqlite_open", path());
    }
    sqlite3_busy_timeout(db, 5000);
    char* msg = nullptr;
    int rc = sqlite3_exec(db, std::string(sql).c_str(), nullptr, nullptr, &msg);
    std::string detail = msg ? msg : "";
    sqlite3_free(msg);
    sqlite3_close(db);
    if (rc != SQLITE_OK) return Fail(ErrorCode::kInternal, "test.sqlite_exec", detail);
    return Ok();
  }
  std::string_view backend() const override { return "sqlite"; }
  std::string Url() const override { return "sqlite:" + path(); }

 private:
  std::string path() const { return (dir_ / "zt.db").string(); }
  std::filesystem::path dir_;
};

class PostgresTestDatabase final : public StoreTestDatabase {
 public:
  PostgresTestDatabase(std::string base, std::string schema)
      : base_(std::move(base)), schema_(std::move(schema)) {}
  ~PostgresTestDatabase() override { (void)Exec(base_, "DROP SCHEMA " + schema_ + " CASCADE"); }

  Result<std::unique_ptr<service::Store>> Open() override {
    return store::OpenPostgresStore(ConninfoWithSchema());
  }
  Status ExecRaw(std::string_view sql) override {
    return Exec(ConninfoWithSchema(), std::string(sql));
  }
  std::string_view backend() const override { return "postgres"; }
  // A URL for zhengtong's OpenStore, over loopback TCP (the fixture listens there too).
  std::string Url() const override {
    std::string user = "zt", port = "5432", dbname = "zt";
    char* err = nullptr;
    if (PQconninfoOption* options = PQconninfoParse(base_.c_str(), &err)) {
      for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
        if (o->val == nullptr) continue;
        std::string_view key = o->keyword;
        if (key == "user") user = o->val;
        if (key == "port") port = o->val;
        if (key == "dbname") dbname = o->val;
      }
      PQconninfoFree(options);
    }
    PQfreemem(err);
    return "postgresql://" + user + "@127.0.0.1:" + port + "/" + dbname +
           "?options=-csearch_path%3D" + schema_;
  }

  static Status Exec(const std::string& conninfo, const std::string& sql) {
    PGconn* conn = PQconnectdb(conninfo.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(conn);
      PQfinish(conn);
      return Fail(ErrorCode::kUnavailable, "test.pg_connect", msg);
    }
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    PGresult* res = PQexec(conn, sql.c_str());
    ExecStatusType st = PQresultStatus(res);
    std::string msg = PQresultErrorMessage(res);
    PQclear(res);
    PQfinish(conn);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      return Fail(ErrorCode::kInternal, "test.pg_exec", msg);
    }
    return Ok();
  }

 private:
  std::string ConninfoWithSchema() const {
    if (base_.starts_with("postgres://") || base_.starts_with("postgresql://")) {
      return base_ + (base_.find('?') == std::string::npos ? "?" : "&") +
             "options=-csearch_path%3D" + schema_;
    }
    return base_ + " options='-csearch_path=" + schema_ + "'";
  }
  std::string base_;
  std::string schema_;
};

std::string RandomSuffix() {
  std::random_device rd;
  std::uniform_int_distribution<unsigned> dist(0, 0xFFFFFF);
  std::ostringstream out;
  out << std::hex << dist(rd);
  return out.str();
}

}  // namespace

std::optional<std::string> PgTestConninfo() {
  const char* env = std::getenv("ZT_TEST_PG");
  if (env == nullptr || *env == '\0') return std::nullopt;
  std::string value(env);
  if (!value.starts_with("file:")) return value;
  std::ifstream in(value.substr(5));
  std::string line;
  std::getline(in, line);
  return line;  // empty if the file is missing: the connection attempt then fails loudly
}

Result<std::unique_ptr<StoreTestDatabase>> StoreTestDatabase::Create(std::string_view backend) {
  static std::atomic<int> counter{0};
  int n = counter.fetch_add(1);
  if (backend == "sqlite") {
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("zt-store-test-" + std::to_string(::getpid()) +
                                                  "-" + std::to_string(n) + "-" + RandomSuffix());
    std::filesystem::create_directories(dir);
    return std::unique_ptr<StoreTestDatabase>(new SqliteTestDatabase(dir));
  }
  if (backend == "postgres") {
    std::optional<std::string> base = PgTestConninfo();
    if (!base) {
      return Fail(ErrorCode::kFailedPrecondition, "test.no_pg",
                  "ZT_TEST_PG is not set; run through `ctest -L pg`, which starts a server");
    }
    std::string schema =
        "zt_test_" + std::to_string(::getpid()) + "_" + std::to_string(n) + "_" + RandomSuffix();
    ZT_RETURN_IF_ERROR(PostgresTestDatabase::Exec(*base, "CREATE SCHEMA " + schema));
    return std::unique_ptr<StoreTestDatabase>(new PostgresTestDatabase(*base, schema));
  }
  return Fail(ErrorCode::kInvalidArgument, "test.backend", std::string(backend));
}

std::unique_ptr<StoreTestDatabase> CreateTestDatabaseOrThrow(std::string_view backend) {
  auto db = StoreTestDatabase::Create(backend);
  if (!db) throw std::runtime_error(db.error().ToString());
  return std::move(*db);
}

std::unique_ptr<service::Store> OpenMigratedOrThrow(StoreTestDatabase& db) {
  auto store = db.Open();
  if (!store) throw std::runtime_error(store.error().ToString());
  auto migrated = (*store)->Migrate();
  if (!migrated) throw std::runtime_error(migrated.error().ToString());
  return std::move(*store);
}

}  // namespace zt::testing
