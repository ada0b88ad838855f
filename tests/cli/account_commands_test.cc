// `zhengtong accounts …` (docs/cli.md): the operator bootstraps the first administrators with
// a one-time initial password, disables and re-enables accounts without a grant check, and
// every event names the operator; bad input exits 1 and writes nothing.
#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "store_test_db.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/service/account_service.h"

namespace zt {
namespace {

struct Run {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

Run Zhengtong(const std::string& args) {
  const char* env = std::getenv("ZT_BINARY");
  std::string command = std::string(env ? env : ZT_DEFAULT_BINARY) + " " + args + " 2>&1";
  Run run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buffer;
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) run.out += buffer.data();
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

TEST(AccountCommandsTest, TheOperatorBootstrapsAndDisablesAccountsAndIsNamed) {
  auto db = testing::StoreTestDatabase::Create("sqlite");
  ASSERT_TRUE(db.has_value());
  std::string url = (*db)->Url();
  ASSERT_EQ(Zhengtong("migrate --db " + url).exit_code, 0);

  auto created = Zhengtong("accounts create --db " + url +
                           " --username first-sys --name 系统管理员 --role system_admin "
                           "--region 440800");
  ASSERT_EQ(created.exit_code, 0) << created.out;
  const std::string marker = "change it at the first login): ";
  auto at = created.out.find(marker);
  ASSERT_NE(at, std::string::npos) << created.out;
  std::string password = created.out.substr(at + marker.size());
  password = password.substr(0, password.find('\n'));
  EXPECT_GE(password.size(), 10u);

  // Negative controls: a citizen, an unknown role and an unknown account are refused (exit 1).
  EXPECT_EQ(Zhengtong("accounts create --db " + url +
                      " --username c --name c --role citizen --region 440800")
                .exit_code,
            1);
  EXPECT_EQ(Zhengtong("accounts create --db " + url +
                      " --username c --name c --role root --region 440800")
                .exit_code,
            1);
  EXPECT_EQ(Zhengtong("accounts disable nobody --db " + url).exit_code, 1);

  auto store = (*db)->Open();
  ASSERT_TRUE(store.has_value());
  crypto::OpenSslCrypto crypto;
  SimulatedClock clock(Instant{
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now())});
  service::AccountService accounts(**store, crypto, clock, false);
  service::RequestContext ctx{"cli-test", "127.0.0.1"};
  auto session = accounts.Login("first-sys", password, ctx);
  ASSERT_TRUE(session.has_value()) << session.error().ToString();
  EXPECT_TRUE(session->account.must_change_password);

  auto disabled = Zhengtong("accounts disable first-sys --reason 离职 --db " + url);
  ASSERT_EQ(disabled.exit_code, 0) << disabled.out;
  EXPECT_NE(disabled.out.find("disabled"), std::string::npos);
  EXPECT_FALSE(accounts.Authenticate(session->token).has_value());  // its session ended
  EXPECT_FALSE(accounts.Login("first-sys", password, ctx).has_value());
  ASSERT_EQ(Zhengtong("accounts enable first-sys --db " + url).exit_code, 0);
  EXPECT_TRUE(accounts.Login("first-sys", password, ctx).has_value());

  auto listed = Zhengtong("accounts list --db " + url);
  EXPECT_EQ(listed.exit_code, 0);
  EXPECT_NE(listed.out.find("first-sys\tsystem_admin\t440800"), std::string::npos) << listed.out;
  auto swept = Zhengtong("accounts disable-inactive --days 90 --db " + url);
  EXPECT_EQ(swept.exit_code, 0);
  EXPECT_NE(swept.out.find("disabled 0 account(s)"), std::string::npos) << swept.out;

  auto tx = (*store)->Begin();
  ASSERT_TRUE(tx.has_value());
  auto user = (*tx)->FindAccountByUsername("first-sys");
  ASSERT_TRUE(user.has_value() && user->has_value());
  auto events = (*tx)->ListEventsFor("account", (*user)->id.value());
  ASSERT_TRUE(events.has_value());
  int named = 0;
  for (const auto& e : *events) {
    if (e.event.action != "account.created" && e.event.action != "account.disabled" &&
        e.event.action != "account.enabled") {
      continue;
    }
    for (const auto& [name, value] : e.event.details) {
      if (name == "operator" && value.starts_with("os:")) ++named;
    }
  }
  EXPECT_EQ(named, 3);
}

}  // namespace
}  // namespace zt
