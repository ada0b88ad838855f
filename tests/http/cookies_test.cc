#include "zt/http/cookies.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace zt::http {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST(CookiesTest, ParsesCookieHeader) {
  EXPECT_THAT(ParseCookies("zt_session=abc123; theme=\"dark\";bad; =x; lang=en"),
              ElementsAre(Pair("zt_session", "abc123"), Pair("theme", "dark"), Pair("lang", "en")));
  Request req;
  req.add_header("Cookie", "a=1");
  req.add_header("cookie", "zt_session=tok");
  EXPECT_EQ(GetCookie(req, "zt_session"), "tok");
  EXPECT_EQ(GetCookie(req, "a"), "1");
  EXPECT_EQ(GetCookie(req, "none"), std::nullopt);
}

TEST(CookiesTest, BuildsHardenedSetCookie) {
  EXPECT_EQ(BuildSetCookie("zt_session", "tok", {.max_age = std::chrono::hours(8)}),
            "zt_session=tok; Path=/; Max-Age=28800; HttpOnly; SameSite=Strict");
  EXPECT_EQ(BuildSetCookie("zt_session", "t;o k", {.secure = true}),
            "zt_session=tok; Path=/; HttpOnly; SameSite=Strict; Secure");
  EXPECT_EQ(BuildClearCookie("zt_session"),
            "zt_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
}

}  // namespace
}  // namespace zt::http
