// SMS one-time codes (AUTH-06) over HTTP against the real `zhengtong serve`, with the
// development adapter writing messages to ZT_SMS_OUTBOX (the test reads the codes there):
// a code logs in once, a replay is refused, five wrong tries kill a code, an unknown number
// gets the same answer as a known one, asking again within 60 s is 429 with Retry-After for
// both, no code reaches the server's log, and without an outbox SMS login is 503.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>

#include "http_session.h"
#include "server_process.h"
#include "store_test_db.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/service/account_service.h"

namespace zt::testing {
namespace {

namespace json = boost::json;

constexpr const char* kPhone = "13807591234";
constexpr const char* kSecondPhone = "13807595678";
constexpr const char* kUnknownPhone = "13907590000";

class SmsLoginHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = StoreTestDatabase::Create(ZT_TEST_BACKEND);
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
    auto store = db_->Open();
    ASSERT_TRUE(store.has_value());
    ASSERT_TRUE((*store)->Migrate().has_value());
    crypto::OpenSslCrypto crypto;
    SimulatedClock clock(*ParseInstant("2025-09-30T10:00:00+08:00"));
    service::AccountService accounts(**store, crypto, clock);
    for (auto [id, phone] :
         {std::pair{"11010519491231002X", kPhone}, std::pair{"440802199001011238", kSecondPhone}}) {
      auto citizen = accounts.RegisterCitizen({id, "陈晓明", phone, "correct horse battery"},
                                              {"setup", "127.0.0.1"});
      ASSERT_TRUE(citizen.has_value()) << citizen.error().ToString();
    }
    outbox_ = std::filesystem::temp_directory_path() /
              ("zt-sms-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(outbox_);
  }
  void TearDown() override { std::filesystem::remove_all(outbox_); }

  // The code of the last message to `phone` in the outbox, "" when none.
  std::string LastCode(const std::string& phone) {
    std::ifstream in(outbox_ / (phone + ".txt"));
    std::string line, code;
    std::smatch m;
    while (std::getline(in, line)) {
      if (std::regex_search(line, m, std::regex("([0-9]{6})"))) code = m[1];
    }
    return code;
  }

  static HttpResult AskCode(std::uint16_t port, const std::string& phone) {
    return Http(port, "POST", "/api/v1/session/sms-code",
                json::serialize(json::object{{"phone", phone}}));
  }
  static HttpResult LogIn(std::uint16_t port, const std::string& phone, const std::string& code) {
    return Http(port, "POST", "/api/v1/session/sms",
                json::serialize(json::object{{"phone", phone}, {"code", code}}));
  }
  static void ExpectInvalid(const HttpResult& r) {
    ASSERT_EQ(r.status, 401) << r.body;
    EXPECT_EQ(std::string(r.Json().at("key").as_string()), "sms.code_invalid");
  }

  std::unique_ptr<StoreTestDatabase> db_;
  std::filesystem::path outbox_;
};

TEST_F(SmsLoginHttpTest, ACodeLogsInOnceAndTheAnswersTellNothingAboutTheNumber) {
  ::setenv("ZT_SMS_OUTBOX", outbox_.c_str(), 1);
  ServerProcess server(ZhengtongBinary(), db_->Url());
  ::unsetenv("ZT_SMS_OUTBOX");
  std::uint16_t port = server.port();

  auto known = AskCode(port, kPhone);
  auto unknown = AskCode(port, kUnknownPhone);
  ASSERT_EQ(known.status, 202) << known.body;
  ASSERT_EQ(unknown.status, 202) << unknown.body;
  EXPECT_EQ(known.body, unknown.body);
  EXPECT_EQ(known.Json().at("resend_after").as_int64(), 60);
  EXPECT_EQ(known.Json().at("expires_in").as_int64(), 300);
  EXPECT_FALSE(std::filesystem::exists(outbox_ / (std::string(kUnknownPhone) + ".txt")));
  std::string code = LastCode(kPhone);
  ASSERT_EQ(code.size(), 6u);

  // Asking again within a minute: 429 with Retry-After, for both numbers alike.
  for (const char* phone : {kPhone, kUnknownPhone}) {
    auto again = AskCode(port, phone);
    ASSERT_EQ(again.status, 429) << again.body;
    EXPECT_EQ(std::string(again.Json().at("key").as_string()), "sms.rate_limited");
    int retry = std::stoi(again.Header("retry-after"));
    EXPECT_GE(retry, 1);
    EXPECT_LE(retry, 60);
  }

  auto login = LogIn(port, kPhone, code);
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(std::string(login.Json().at("account").at("role").as_string()), "citizen");
  std::string set_cookie = login.Header("set-cookie");
  ASSERT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  Session session{set_cookie.substr(0, set_cookie.find(';')),
                  std::string(login.Json().at("csrf_token").as_string())};
  EXPECT_EQ(Http(port, "GET", "/api/v1/session", "", session.With()).status, 200);
  ExpectInvalid(LogIn(port, kPhone, code));         // the code is used
  ExpectInvalid(LogIn(port, kUnknownPhone, code));  // no code opens an unknown number

  // Five wrong tries kill the second citizen's code: the right one is refused after them.
  ASSERT_EQ(AskCode(port, kSecondPhone).status, 202);
  std::string second = LastCode(kSecondPhone);
  ASSERT_EQ(second.size(), 6u);
  std::string wrong = second == "000000" ? "000001" : "000000";
  for (int i = 0; i < 5; ++i) ExpectInvalid(LogIn(port, kSecondPhone, wrong));
  ExpectInvalid(LogIn(port, kSecondPhone, second));

  // Malformed input: field errors, nothing else.
  auto bad = AskCode(port, "12345");
  ASSERT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(std::string(bad.Json().at("errors").at(0).at("pointer").as_string()), "/phone");

  // Neither code is in the server's log (access log and errors).
  std::ifstream log(server.log_path());
  std::stringstream text;
  text << log.rdbuf();
  EXPECT_EQ(text.str().find(code), std::string::npos);
  EXPECT_EQ(text.str().find(second), std::string::npos);
}

TEST_F(SmsLoginHttpTest, WithoutAnOutboxSmsLoginIsUnavailable) {
  ServerProcess server(ZhengtongBinary(), db_->Url());
  auto asked = AskCode(server.port(), kPhone);
  ASSERT_EQ(asked.status, 503) << asked.body;
  EXPECT_EQ(std::string(asked.Json().at("key").as_string()), "sms.unavailable");
  EXPECT_EQ(LogIn(server.port(), kPhone, "123456").status, 503);
}

TEST_F(SmsLoginHttpTest, ProductionRefusesTheFileOutboxByName) {
  std::filesystem::create_directories(outbox_);
  std::string err = (outbox_ / "serve.err").string();
  std::string command = "ZT_SMS_OUTBOX='" + outbox_.string() + "' timeout 30 " + ZhengtongBinary() +
                        " serve --production --db '" + db_->Url() + "' --port 0 >/dev/null 2>'" +
                        err + "'";
  int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 3);
  std::ifstream in(err);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("sms_outbox"), std::string::npos) << text.str();
}

}  // namespace
}  // namespace zt::testing
