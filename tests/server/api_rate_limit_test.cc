// The general API rate limit (RATE-01, docs/security.md "Rate limits") over HTTP against the
// real `zhengtong serve`, configured with ZT_API_RATE=10/90s (one token back every 9 s, so a
// burst of a few seconds sees no refill): the 11th request of a client is 429 api.rate_limited
// with Retry-After; a logged-in client is counted by its account, not the shared address; a
// refused request writes nothing; spoofed X-Forwarded-For and made-up cookies buy no fresh
// bucket; health checks are exempt; after Retry-After seconds the client is served again.
// Negative control: the harness's default (limit off) serves the same burst in full.
#include <cstdlib>
#include <thread>

#include <gtest/gtest.h>

#include "http_session.h"
#include "server_process.h"
#include "store_test_db.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/service/account_service.h"

namespace zt::testing {
namespace {

namespace json = boost::json;

constexpr const char* kCitizenId = "11010519491231002X";
constexpr const char* kCitizenPassword = "correct horse battery";

class ApiRateLimitTest : public ::testing::Test {
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
    auto citizen = accounts.RegisterCitizen({kCitizenId, "陈晓明", "13807591234", kCitizenPassword},
                                            {"setup", "127.0.0.1"});
    ASSERT_TRUE(citizen.has_value()) << citizen.error().ToString();
  }

  std::int64_t Events() {
    auto store = db_->Open();
    EXPECT_TRUE(store.has_value());
    return (*store)->VerifyChain()->entries;
  }

  static void ExpectLimited(const HttpResult& r) {
    ASSERT_EQ(r.status, 429) << r.body;
    EXPECT_EQ(r.Header("content-type"), "application/problem+json");
    EXPECT_EQ(std::string(r.Json().at("key").as_string()), "api.rate_limited");
    std::string retry_after = r.Header("retry-after");
    ASSERT_FALSE(retry_after.empty());
    EXPECT_GE(std::stoi(retry_after), 1);
    EXPECT_LE(std::stoi(retry_after), 9);
  }

  std::unique_ptr<StoreTestDatabase> db_;
};

std::string Registration(const char* id_number) {
  return json::serialize(json::object{{"id_number", id_number},
                                      {"name", "林小红"},
                                      {"phone", "13907591111"},
                                      {"password", kCitizenPassword}});
}

TEST_F(ApiRateLimitTest, TheEleventhRequestOfAClientIs429AndOtherClientsAreServed) {
  ::setenv("ZT_API_RATE", "10/90s", 1);
  ServerProcess server(ZhengtongBinary(), db_->Url());
  ::unsetenv("ZT_API_RATE");
  std::uint16_t port = server.port();

  // From the address: the login and the first request with its cookie (not yet known to be a
  // session), then eight anonymous reads: ten served.
  Session citizen = Login(port, kCitizenId, kCitizenPassword);
  ASSERT_EQ(Http(port, "GET", "/api/v1/session", "", citizen.With()).status, 200);
  for (int i = 0; i < 8; ++i) {
    ASSERT_EQ(Http(port, "GET", "/api/v1/regions").status, 200) << i;
  }
  ExpectLimited(Http(port, "GET", "/api/v1/regions"));
  // Neither a spoofed forwarding header nor a made-up cookie gives a fresh bucket.
  ExpectLimited(Http(port, "GET", "/api/v1/regions", "", {{"X-Forwarded-For", "203.0.113.5"}}));
  ExpectLimited(Http(port, "GET", "/api/v1/regions", "", {{"Cookie", "zt_session=made-up"}}));
  // Health checks are exempt.
  EXPECT_EQ(Http(port, "GET", "/healthz").status, 200);
  EXPECT_EQ(Http(port, "GET", "/readyz").status, 200);

  // A refused request writes nothing: the registration is not stored, no event appended.
  std::int64_t before = Events();
  ExpectLimited(Http(port, "POST", "/api/v1/citizens", Registration("440802198505052418")));
  EXPECT_EQ(Events(), before);

  // The logged-in citizen shares the address but is counted by account: ten more served.
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(Http(port, "GET", "/api/v1/session", "", citizen.With()).status, 200) << i;
  }
  auto limited = Http(port, "GET", "/api/v1/session", "", citizen.With());
  ExpectLimited(limited);
  // Its refused state-changing request leaves no record either (no request.refused).
  before = Events();
  ExpectLimited(Http(port, "DELETE", "/api/v1/session", "", citizen.With()));
  EXPECT_EQ(Events(), before);
  EXPECT_EQ(Http(port, "GET", "/api/v1/regions").status, 429);  // the address is still empty

  // After Retry-After the client is served again.
  std::this_thread::sleep_for(std::chrono::seconds(std::stoi(limited.Header("retry-after"))));
  EXPECT_EQ(Http(port, "GET", "/api/v1/session", "", citizen.With()).status, 200);
}

TEST_F(ApiRateLimitTest, NegativeControlWithTheLimitOffTheSameBurstIsServed) {
  ServerProcess server(ZhengtongBinary(), db_->Url());  // the harness turns the limit off
  for (int i = 0; i < 40; ++i) {
    ASSERT_EQ(Http(server.port(), "GET", "/api/v1/regions").status, 200) << i;
  }
}

TEST_F(ApiRateLimitTest, AMalformedLimitStopsTheServerFromStarting) {
  std::string command = "timeout 30 " + ZhengtongBinary() + " serve --db '" + db_->Url() +
                        "' --port 0 --api-rate 10/fortnight >/dev/null 2>&1";
  int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 3);  // the configuration error's exit code (docs/cli.md)
}

}  // namespace
}  // namespace zt::testing
