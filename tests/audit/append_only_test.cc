// AUD-03 (RELIABILITY.md): the audit tables cannot be changed through the application's
// database role.
//  - PostgreSQL: the application connects as a role with SELECT and INSERT on `events` only
//    (docs/security.md "Append-only under the database role"); its UPDATE, DELETE and
//    TRUNCATE, and its attempts to disable or drop the trigger, are refused with
//    insufficient_privilege (42501) even before the trigger runs, while the store works
//    normally as that role. As the owner the trigger still refuses UPDATE, DELETE and
//    TRUNCATE (P0001), and the negative control shows the grants are what stop the
//    application role: given UPDATE, with the owner's trigger dropped, its UPDATE succeeds.
//  - SQLite: the RAISE(ABORT) triggers refuse UPDATE, DELETE and a whole-table DELETE.
#include <chrono>
#include <random>

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include "store_test_db.h"
#include "zt/service/audit_store.h"
#include "zt/service/store.h"
#include "zt/store/open.h"

namespace zt::testing {
namespace {

// Appends `n` events through a unit of work of `store`.
void AppendEvents(service::Store& store, int n) {
  for (int i = 0; i < n; ++i) {
    auto tx = store.Begin();
    ASSERT_TRUE(tx.has_value()) << tx.error().ToString();
    service::EventDraft e;
    e.at = Instant(std::chrono::milliseconds(1'700'000'000'000 + i));
    e.action = "test.appended";
    e.object_type = "test";
    e.object_id = std::to_string(i);
    e.actor_id = AccountId("tester");
    e.actor_role = "system_admin";
    e.actor_region = "440800";
    e.request_id = "aud03-" + std::to_string(i);
    e.source_ip = "192.0.2.1";
    auto appended = (*tx)->AppendEvent(e);
    ASSERT_TRUE(appended.has_value()) << appended.error().ToString();
    ASSERT_TRUE((*tx)->Commit().has_value());
  }
}

std::int64_t ChainEntries(service::Store& store) {
  auto report = store.VerifyChain();
  EXPECT_TRUE(report.has_value());
  EXPECT_TRUE(report.has_value() && report->intact);
  return report.has_value() ? report->entries : -1;
}

#ifdef ZT_TEST_DATABASE_ROLES
// One statement on its own connection; returns the SQLSTATE ("" on success).
std::string SqlState(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    return "connect: " + msg;
  }
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  PGresult* res = PQexec(conn, sql.c_str());
  ExecStatusType st = PQresultStatus(res);
  const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
  std::string out = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? "" : (state ? state : "?");
  PQclear(res);
  PQfinish(conn);
  return out;
}
#endif

class AppendOnlyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = StoreTestDatabase::Create(ZT_TEST_BACKEND);
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
    auto store = db_->Open();
    ASSERT_TRUE(store.has_value());
    owner_store_ = std::move(*store);
    ASSERT_TRUE(owner_store_->Migrate().has_value());
    AppendEvents(*owner_store_, 3);
  }

  void TearDown() override {
    if (!app_role_.empty()) {
      (void)db_->ExecRaw("DROP OWNED BY " + app_role_ + "; DROP ROLE IF EXISTS " + app_role_);
    }
  }

  // PostgreSQL: creates the application role as docs/security.md tells administrators to,
  // and returns the store URL that connects as it.
  std::string CreateApplicationRole() {
    std::mt19937_64 random(std::random_device{}());
    app_role_ = "zt_app_" + std::to_string(random() % 1'000'000'000);
    std::string url = db_->Url();  // postgresql://owner@host:port/db?options=-csearch_path%3Ds
    std::size_t at = url.find('@'), scheme = url.find("://") + 3;
    std::string schema = url.substr(url.find("%3D") + 3);
    std::string grants =
        "CREATE ROLE " + app_role_ + " LOGIN; GRANT USAGE ON SCHEMA " + schema + " TO " +
        app_role_ + "; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema +
        " TO " + app_role_ + "; GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + schema + " TO " +
        app_role_ + "; REVOKE UPDATE, DELETE, TRUNCATE ON " + schema + ".events FROM " + app_role_;
    auto made = db_->ExecRaw(grants);
    EXPECT_TRUE(made.has_value()) << made.error().ToString();
    return url.substr(0, scheme) + app_role_ + url.substr(at);
  }

  std::unique_ptr<StoreTestDatabase> db_;
  std::unique_ptr<service::Store> owner_store_;
  std::string app_role_;
};

// Database roles are PostgreSQL's: this case is compiled into the PostgreSQL build only, so the
// SQLite suite neither runs nor skips it (SQLite's guard is the trigger test below).
#ifdef ZT_TEST_DATABASE_ROLES
TEST_F(AppendOnlyTest, TheApplicationRoleCanAppendButNeverChangeTheAuditTables) {
  std::string app_url = CreateApplicationRole();
  // The store works as the application role: it appends, and the chain head moves.
  auto app_store = store::OpenStore(app_url);
  ASSERT_TRUE(app_store.has_value()) << app_store.error().ToString();
  ASSERT_TRUE((*app_store)->Migrate().has_value());  // nothing pending: reads the version only
  AppendEvents(**app_store, 2);
  EXPECT_EQ(ChainEntries(**app_store), 5);

  const char* kRefused[] = {
      "UPDATE events SET action = 'x' WHERE seq = 1",
      "UPDATE events SET hash = hash",
      "DELETE FROM events WHERE seq = 5",
      "DELETE FROM events",
      "TRUNCATE events",
      "ALTER TABLE events DISABLE TRIGGER ALL",
      "DROP TRIGGER events_no_update_delete ON events",
      "DROP TABLE events",
      "ALTER TABLE events RENAME TO events_old",
  };
  int refused = 0;
  for (const char* sql : kRefused) {
    std::string state = SqlState(app_url, sql);
    EXPECT_EQ(state, "42501") << sql;  // insufficient_privilege
    refused += state == "42501";
  }
  // As the owner the trigger refuses (raise_exception).
  std::string owner_url = db_->Url();
  for (const char* sql : {"UPDATE events SET action = 'x' WHERE seq = 1",
                          "DELETE FROM events WHERE seq = 5", "TRUNCATE events"}) {
    EXPECT_EQ(SqlState(owner_url, sql), "P0001") << sql;
  }
  EXPECT_EQ(ChainEntries(**app_store), 5);
  std::cout << "[figures] AUD-03 pg: " << refused << " of " << std::size(kRefused)
            << " statements of the application role refused (42501)" << std::endl;

  // Negative control: grant UPDATE and drop the trigger as the owner; now it goes through.
  ASSERT_TRUE(db_->ExecRaw("GRANT UPDATE ON events TO " + app_role_ +
                           "; DROP TRIGGER events_no_update_delete ON events")
                  .has_value());
  EXPECT_EQ(SqlState(app_url, "UPDATE events SET action = 'x' WHERE seq = 1"), "");
  auto report = (*app_store)->VerifyChain();
  ASSERT_TRUE(report.has_value());
  EXPECT_FALSE(report->intact);
  EXPECT_EQ(report->first_bad_seq, 1);
}
#endif

TEST_F(AppendOnlyTest, TriggersRefuseEveryChangeOfTheEventLog) {
  // Both stores; on SQLite these are the RAISE(ABORT) triggers, on PostgreSQL the trigger
  // function, here run by the owner.
  const char* kChanges[] = {
      "UPDATE events SET action = 'x' WHERE seq = 1",
      "UPDATE events SET details = '{}'",
      "DELETE FROM events WHERE seq = 3",
      "DELETE FROM events",
  };
  for (const char* sql : kChanges) {
    auto result = db_->ExecRaw(sql);
    EXPECT_FALSE(result.has_value()) << sql;
    if (!result.has_value()) {
      EXPECT_NE(result.error().detail().find("append-only"), std::string::npos)
          << sql << ": " << result.error().detail();
    }
  }
  EXPECT_EQ(ChainEntries(*owner_store_), 3);
  // The negative control: without the triggers the same change goes through and the chain
  // check names the entry.
  ASSERT_TRUE(db_->ExecRaw(db_->backend() == "postgres"
                               ? "DROP TRIGGER events_no_update_delete ON events"
                               : "DROP TRIGGER events_no_update")
                  .has_value());
  EXPECT_TRUE(db_->ExecRaw("UPDATE events SET action = 'x' WHERE seq = 2").has_value());
  auto report = owner_store_->VerifyChain();
  ASSERT_TRUE(report.has_value());
  EXPECT_FALSE(report->intact);
  EXPECT_EQ(report->first_bad_seq, 2);
}

}  // namespace
}  // namespace zt::testing
