// The login rate limit over HTTP against the real `zhengtong serve` process: after ten
// failed logins from one address within a minute the next attempt gets 429 problem+json
// "auth.rate_limited" with Retry-After, and writes no event.
#include <gtest/gtest.h>

#include "server_process.h"
#include "store_test_db.h"
#include "zt/store/open.h"

namespace zt::testing {
namespace {

namespace json = boost::json;

TEST(RateLimitHttpTest, EleventhFailedLoginFromOneAddressGets429WithRetryAfter) {
  auto db = StoreTestDatabase::Create(ZT_TEST_BACKEND);
  ASSERT_TRUE(db.has_value()) << db.error().ToString();
  std::string url = (*db)->Url();
  {
    auto store = (*db)->Open();
    ASSERT_TRUE(store.has_value());
    ASSERT_TRUE((*store)->Migrate().has_value());
  }
  ServerProcess server(ZhengtongBinary(), url);
  std::string body = json::serialize(json::object{{"username", "nobody"}, {"password", "x"}});
  for (int i = 0; i < 10; ++i) {
    auto r = Http(server.port(), "POST", "/api/v1/session", body);
    ASSERT_EQ(r.status, 401) << i << " " << r.body;
    EXPECT_EQ(r.Header("retry-after"), "");
  }
  std::int64_t events_before = 0;
  {
    auto store = (*db)->Open();
    ASSERT_TRUE(store.has_value());
    events_before = (*store)->VerifyChain()->entries;
  }
  auto limited = Http(server.port(), "POST", "/api/v1/session", body);
  ASSERT_EQ(limited.status, 429) << limited.body;
  EXPECT_EQ(limited.Header("content-type"), "application/problem+json");
  EXPECT_EQ(std::string(limited.Json().at("key").as_string()), "auth.rate_limited");
  std::string retry_after = limited.Header("retry-after");
  ASSERT_FALSE(retry_after.empty());
  int seconds = std::stoi(retry_after);
  EXPECT_GE(seconds, 1);
  EXPECT_LE(seconds, 60);
  {
    auto store = (*db)->Open();
    ASSERT_TRUE(store.has_value());
    EXPECT_EQ((*store)->VerifyChain()->entries, events_before);  // refused before the service
  }
  // Other routes are not limited.
  EXPECT_EQ(Http(server.port(), "GET", "/healthz").status, 200);
}

}  // namespace
}  // namespace zt::testing
