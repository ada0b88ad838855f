// AUD-03 at start: `zhengtong serve --production` refuses to run as a database role that can
// change the audit (UPDATE, DELETE or TRUNCATE on `events`, owning it, or a superuser),
// naming the table and the privilege, and starts as a role with the grants docs/security.md
// gives operators. PostgreSQL only; on SQLite (no roles) the check finds nothing.
#include <array>
#include <cstdio>
#include <random>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "store_test_db.h"
#include "zt/store/open.h"
#include "zt/store/pg_privileges.h"

namespace zt::testing {
namespace {

std::vector<std::string> Findings(const std::string& url) {
  std::vector<std::string> out;
  auto store = store::OpenStore(url);
  EXPECT_TRUE(store.has_value()) << (store ? "" : store.error().ToString());
  if (!store) return out;
  auto found = store::CheckAuditPrivileges(**store);
  EXPECT_TRUE(found.has_value()) << (found ? "" : found.error().ToString());
  for (const auto& f : found.value_or(std::vector<store::AuditPrivilege>{})) {
    out.push_back(f.table + ":" + f.privilege);
  }
  return out;
}

class AuditPrivilegeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = StoreTestDatabase::Create(ZT_TEST_BACKEND);
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
    auto store = db_->Open();
    ASSERT_TRUE(store.has_value());
    ASSERT_TRUE((*store)->Migrate().has_value());
  }

  void TearDown() override {
    if (!app_role_.empty()) {
      (void)db_->ExecRaw("DROP OWNED BY " + app_role_ + "; DROP ROLE IF EXISTS " + app_role_);
    }
  }

  // The application role exactly as docs/security.md tells operators to make it; returns the
  // URL that connects as it.
  std::string CreateApplicationRole() {
    std::mt19937_64 random(std::random_device{}());
    app_role_ = "zt_app_" + std::to_string(random() % 1'000'000'000);
    std::string url = db_->Url();  // postgresql://owner@host:port/db?options=-csearch_path%3Ds
    std::size_t at = url.find('@'), scheme = url.find("://") + 3;
    schema_ = url.substr(url.find("%3D") + 3);
    auto made = db_->ExecRaw(
        "CREATE ROLE " + app_role_ + " LOGIN; GRANT USAGE ON SCHEMA " + schema_ + " TO " +
        app_role_ + "; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema_ +
        " TO " + app_role_ + "; GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + schema_ +
        " TO " + app_role_ + "; REVOKE UPDATE, DELETE, TRUNCATE ON " + schema_ + ".events FROM " +
        app_role_);
    EXPECT_TRUE(made.has_value()) << made.error().ToString();
    return url.substr(0, scheme) + app_role_ + url.substr(at);
  }

  std::unique_ptr<StoreTestDatabase> db_;
  std::string app_role_;
  std::string schema_;
};

#ifndef ZT_TEST_DATABASE_ROLES
// Compiled into the SQLite build only, so the PostgreSQL build has nothing to skip.
TEST_F(AuditPrivilegeTest, OnSqliteThereAreNoRolesAndNothingIsFound) {
  ASSERT_EQ(db_->backend(), "sqlite");
  EXPECT_TRUE(Findings(db_->Url()).empty());
}
#else
struct Outcome {
  int exit_code = -1;
  std::string out;
};

// Serves in production mode for at most five seconds: a refusal exits 3 at once; a server that
// starts is stopped by `timeout` (124).
Outcome ServeProduction(const std::string& url) {
  std::string command = "ZT_DATA_KEY=pg-privilege-test-key-0123 timeout -s TERM 5 " +
                        std::string(ZT_DEFAULT_BINARY) + " serve --production --db '" + url +
                        "' --port 0 2>&1";
  Outcome run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buffer;
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) run.out += buffer.data();
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// The fixture connects as the superuser that owns the tables: everything is named.
TEST_F(AuditPrivilegeTest, TheOwnerAndSuperuserIsRefusedNamingTableAndPrivilege) {
  std::vector<std::string> found = Findings(db_->Url());
  EXPECT_EQ(found, (std::vector<std::string>{"events:UPDATE", "events:DELETE", "events:TRUNCATE",
                                             "events:OWNER", "events:SUPERUSER"}));
  Outcome r = ServeProduction(db_->Url());
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find("has UPDATE on the audit table events"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("has TRUNCATE on the audit table events"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("owns the audit table events"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("serving http://"), std::string::npos) << r.out;
}

TEST_F(AuditPrivilegeTest, ARoleThatMayUpdateDeleteOrTruncateTheEventsIsRefusedByName) {
  std::string url = CreateApplicationRole();
  int refused = 0;
  for (const char* privilege : {"UPDATE", "DELETE", "TRUNCATE"}) {
    ASSERT_TRUE(db_->ExecRaw(std::string("GRANT ") + privilege + " ON " + schema_ + ".events TO " +
                             app_role_));
    EXPECT_EQ(Findings(url), (std::vector<std::string>{std::string("events:") + privilege}));
    Outcome r = ServeProduction(url);
    EXPECT_EQ(r.exit_code, 3) << r.out;
    EXPECT_NE(r.out.find("the database role " + app_role_ + " has " + privilege +
                         " on the audit table events"),
              std::string::npos)
        << r.out;
    EXPECT_EQ(r.out.find("serving http://"), std::string::npos) << r.out;
    refused += r.exit_code == 3;
    ASSERT_TRUE(db_->ExecRaw(std::string("REVOKE ") + privilege + " ON " + schema_ +
                             ".events FROM " + app_role_));
  }
  std::cout << "[figures] AUD-03 start check: " << refused
            << " of 3 single forbidden privileges refused by name" << std::endl;
}

TEST_F(AuditPrivilegeTest, TheDocumentedGrantsStart) {
  std::string url = CreateApplicationRole();
  EXPECT_TRUE(Findings(url).empty());
  Outcome r = ServeProduction(url);
  EXPECT_EQ(r.exit_code, 124) << r.out;  // still serving when timeout stopped it
  EXPECT_NE(r.out.find("serving http://"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("refusing"), std::string::npos) << r.out;
}
#endif

}  // namespace
}  // namespace zt::testing
