// REL-06: `zhengtong serve --production` refuses to start when a durability setting of the
// live database is unsafe, and names the setting; with safe settings it serves. Each unsafe
// setting is flipped alone. SQLite settings come from the store URL; PostgreSQL ones from a
// private server started with that one setting changed (scripts/pg_test_server.sh with
// ZT_PG_EXTRA_OPTIONS / ZT_PG_NO_CHECKSUMS), built as the pg variant of this file.

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "reliability_support.h"

namespace zt::testing {
namespace {

struct Outcome {
  int exit_code = -1;
  std::string out;  // stdout and stderr
};

Outcome Shell(const std::string& command) {
  Outcome run;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buffer;
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) run.out += buffer.data();
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// Runs the server in production mode for at most three seconds: a refusal exits at once
// with code 3; a server that starts is stopped by `timeout` (exit code 124). Production also
// needs a personal-data key, which `data_key_env` gives ("" to leave it out).
Outcome ServeProduction(const std::string& db_url,
                        const std::string& data_key_env = "ZT_DATA_KEY=durability-guard-test-key") {
  return Shell(data_key_env + " timeout -s TERM 3 " + std::string(ZT_DEFAULT_BINARY) +
               " serve --production --db '" + db_url + "' --port 0");
}

#if defined(ZT_GUARD_BACKEND_SQLITE)

class SqliteDurabilityGuardTest : public ::testing::Test {
 protected:
  std::string Url(const std::string& settings) {
    return "sqlite:" + (dir_.path() / "zt.db").string() + settings;
  }
  TempDir dir_;
};

TEST_F(SqliteDurabilityGuardTest, SafeDefaultsServe) {
  Outcome r = ServeProduction(Url(""));
  EXPECT_EQ(r.exit_code, 124) << r.out;  // still serving when timeout stopped it
  EXPECT_NE(r.out.find("serving http://"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("refusing"), std::string::npos) << r.out;
}

TEST_F(SqliteDurabilityGuardTest, WithoutAPersonalDataKeyProductionIsRefused) {
  Outcome r = ServeProduction(Url(""), "env -u ZT_DATA_KEY -u ZT_DATA_KEY_FILE");
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find("no personal-data key; set ZT_DATA_KEY"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("serving http://"), std::string::npos) << r.out;
  Outcome short_key = ServeProduction(Url(""), "ZT_DATA_KEY=short");
  EXPECT_EQ(short_key.exit_code, 3) << short_key.out;
  EXPECT_NE(short_key.out.find("(ZT_DATA_KEY) needs at least 16 characters"), std::string::npos)
      << short_key.out;
}

TEST_F(SqliteDurabilityGuardTest, SynchronousNormalIsRefusedByName) {
  Outcome r = ServeProduction(Url("?synchronous=normal"));
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find("sqlite.synchronous is 1"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("serving http://"), std::string::npos) << r.out;
}

TEST_F(SqliteDurabilityGuardTest, SynchronousOffIsRefusedByName) {
  Outcome r = ServeProduction(Url("?synchronous=off"));
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find("sqlite.synchronous is 0"), std::string::npos) << r.out;
}

TEST_F(SqliteDurabilityGuardTest, JournalModeOtherThanWalIsRefusedByName) {
  Outcome r = ServeProduction(Url("?journal_mode=delete"));
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find("sqlite.journal_mode is delete"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("sqlite.synchronous"), std::string::npos) << "only the flipped setting";
}

TEST_F(SqliteDurabilityGuardTest, ForeignKeysOffIsRefusedByName) {
  Outcome r = ServeProduction(Url("?foreign_keys=off"));
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find("sqlite.foreign_keys is 0"), std::string::npos) << r.out;
}

// Without --production the same weak settings are allowed (throw-away databases).
TEST_F(SqliteDurabilityGuardTest, WithoutProductionWeakSettingsServe) {
  Outcome r = Shell("timeout -s TERM 3 " + std::string(ZT_DEFAULT_BINARY) + " serve --db '" +
                    Url("?synchronous=normal") + "' --port 0");
  EXPECT_EQ(r.exit_code, 124) << r.out;
  EXPECT_NE(r.out.find("serving http://"), std::string::npos) << r.out;
}

TEST_F(SqliteDurabilityGuardTest, UnknownSettingInTheUrlIsAConfigurationError) {
  Outcome r = ServeProduction(Url("?synchronous=sometimes"));
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find("store.url"), std::string::npos) << r.out;
}

#else  // PostgreSQL

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// "host=H port=P dbname=zt user=zt" → "postgresql://zt@/zt?host=H&port=P".
std::string UrlFromConninfo(const std::string& conninfo) {
  std::istringstream in(conninfo);
  std::string word, host, port;
  while (in >> word) {
    if (word.starts_with("host=")) host = word.substr(5);
    if (word.starts_with("port=")) port = word.substr(5);
  }
  return "postgresql://zt@/zt?host=" + host + "&port=" + port;
}

// `serve --production` also refuses a role that can change the audit (AUD-03,
// tests/audit/pg_privilege_test.cc), so a server that must start connects as an application
// role with the grants of docs/security.md; the owner migrates the schema first.
std::string ApplicationRoleUrl(const std::string& conninfo) {
  std::string owner_url = UrlFromConninfo(conninfo);
  Outcome migrated = Shell(std::string(ZT_DEFAULT_BINARY) + " migrate --db '" + owner_url + "'");
  EXPECT_EQ(migrated.exit_code, 0) << migrated.out;
  TempDir dir;
  std::ofstream((dir.path() / "grants.sql").string())
      << "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'zt_guard_app') THEN "
         "CREATE ROLE zt_guard_app LOGIN; END IF; END $$;\n"
         "GRANT USAGE ON SCHEMA public TO zt_guard_app;\n"
         "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO zt_guard_app;\n"
         "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO zt_guard_app;\n"
         "REVOKE UPDATE, DELETE, TRUNCATE ON events FROM zt_guard_app;\n";
  Outcome granted = Shell("psql -X -q -v ON_ERROR_STOP=1 '" + conninfo + "' -f " +
                          (dir.path() / "grants.sql").string());
  EXPECT_EQ(granted.exit_code, 0) << granted.out;
  std::string url = owner_url;
  return url.replace(url.find("://zt@"), 6, "://zt_guard_app@");
}

// A private server with one setting changed, stopped and removed at destruction.
class PrivatePgServer {
 public:
  PrivatePgServer(const std::string& env) {
    started_ = Shell(env + " " + std::string(ZT_PG_SCRIPT) + " start " + dir_.path().string());
    url_ = UrlFromConninfo(ReadFile((dir_.path() / "conninfo").string()));
  }
  ~PrivatePgServer() { Shell(std::string(ZT_PG_SCRIPT) + " stop " + dir_.path().string()); }
  std::string conninfo() const { return ReadFile((dir_.path() / "conninfo").string()); }
  const Outcome& started() const { return started_; }
  const std::string& url() const { return url_; }

 private:
  TempDir dir_;
  Outcome started_;
  std::string url_;
};

void ExpectRefused(const std::string& env, const std::string& named) {
  PrivatePgServer server(env);
  ASSERT_EQ(server.started().exit_code, 0) << server.started().out;
  Outcome r = ServeProduction(server.url());
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find(named), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("serving http://"), std::string::npos) << r.out;
}

TEST(PgDurabilityGuardTest, FixtureServerWithSafeSettingsServes) {
  const char* pg = std::getenv("ZT_TEST_PG");
  ASSERT_NE(pg, nullptr);
  std::string conninfo =
      std::string(pg).starts_with("file:") ? ReadFile(std::string(pg).substr(5)) : std::string(pg);
  Outcome r = ServeProduction(ApplicationRoleUrl(conninfo));
  EXPECT_EQ(r.exit_code, 124) << r.out;
  EXPECT_NE(r.out.find("serving http://"), std::string::npos) << r.out;
}

TEST(PgDurabilityGuardTest, FsyncOffIsRefusedByName) {
  ExpectRefused("ZT_PG_EXTRA_OPTIONS='-c fsync=off'", "postgresql.fsync is off");
}

TEST(PgDurabilityGuardTest, FullPageWritesOffIsRefusedByName) {
  ExpectRefused("ZT_PG_EXTRA_OPTIONS='-c full_page_writes=off'",
                "postgresql.full_page_writes is off");
}

TEST(PgDurabilityGuardTest, DataSyncRetryOnIsRefusedByName) {
  ExpectRefused("ZT_PG_EXTRA_OPTIONS='-c data_sync_retry=on'", "postgresql.data_sync_retry is on");
}

TEST(PgDurabilityGuardTest, ClusterWithoutChecksumsIsRefusedByName) {
  ExpectRefused("ZT_PG_NO_CHECKSUMS=1", "postgresql.data_checksums is off");
}

// synchronous_commit=off on the server cannot weaken the store: every session sets it on,
// and the guard reads the session's value, so such a server is accepted.
TEST(PgDurabilityGuardTest, ServerSynchronousCommitOffIsOverriddenPerSession) {
  PrivatePgServer server("ZT_PG_EXTRA_OPTIONS='-c synchronous_commit=off'");
  ASSERT_EQ(server.started().exit_code, 0) << server.started().out;
  Outcome r = ServeProduction(ApplicationRoleUrl(server.conninfo()));
  EXPECT_EQ(r.exit_code, 124) << r.out;
  EXPECT_EQ(r.out.find("refusing"), std::string::npos) << r.out;
}

#endif

}  // namespace
}  // namespace zt::testing
