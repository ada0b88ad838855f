#include "http_session.h"

#include <boost/json.hpp>

#include <gtest/gtest.h>

#include "zt/crypto/openssl_crypto.h"
#include "zt/service/account_service.h"

namespace zt::testing {

namespace json = boost::json;

Status CreateStaff(service::Store& store, const std::vector<StaffSpec>& staff) {
  crypto::OpenSslCrypto crypto;
  SimulatedClock clock(*ParseInstant("2025-09-30T10:00:00+08:00"));
  service::AccountService accounts(store, crypto, clock);
  service::RequestContext ctx{"setup", "127.0.0.1"};
  for (const auto& s : staff) {
    ZT_RETURN_IF_ERROR(accounts.CreateStaff(
        {s.username, s.username, s.role, s.region, DepartmentId(s.department), kInitialPassword},
        std::nullopt, ctx));
  }
  return Ok();
}

Session Login(std::uint16_t port, const std::string& user, const std::string& password,
              int expect) {
  auto r = Http(port, "POST", "/api/v1/session",
                json::serialize(json::object{{"username", user}, {"password", password}}));
  EXPECT_EQ(r.status, expect) << r.body;
  Session s;
  std::string set_cookie = r.Header("set-cookie");
  s.cookie = set_cookie.substr(0, set_cookie.find(';'));
  if (r.status == 200) s.csrf = std::string(r.Json().at("csrf_token").as_string());
  return s;
}

Session FirstStaffLogin(std::uint16_t port, const std::string& user) {
  Session first = Login(port, user, kInitialPassword);
  auto blocked = Http(port, "GET", "/api/v1/applications", "", first.With());
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(blocked.Json().at("key").as_string(), "auth.password_change_required");
  auto changed = Http(port, "POST", "/api/v1/session/password",
                      json::serialize(json::object{{"old_password", kInitialPassword},
                                                   {"new_password", kNewPassword}}),
                      first.With());
  EXPECT_EQ(changed.status, 204) << changed.body;
  return Login(port, user, kNewPassword);
}

}  // namespace zt::testing
