// Account administration over HTTP on the real binary (SQLite and PostgreSQL; AZ-04, AUTH-09,
// docs/security.md "Account administration"): every grant rule of accounts::CheckGrant through
// the routes, each with its negative control — a system administrator grants none of the three
// administrators, a security administrator grants system and audit administrators but not their
// own role, a district administrator creates nothing at city level, nobody administers their
// own account — and every refusal is a 403/404 with an access.denied record and nothing
// written. A disabled account's live session is refused at once and it cannot log in; a
// second-factor reset needs a reason and makes the account enrol again; changes need If-Match.
#include <algorithm>

#include <gtest/gtest.h>

#include "http_session.h"
#include "server_process.h"
#include "store_test_db.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/seed/seed.h"
#include "zt/service/totp.h"

namespace zt::testing {
namespace {

namespace json = boost::json;
using accounts::Role;

std::string Key(const HttpResult& r) {
  if (!r.Json().is_object() || !r.Json().as_object().contains("key")) return "";
  return std::string(r.Json().at("key").as_string());
}

std::string CodeNow(const std::string& base32) {
  crypto::OpenSslCrypto crypto;
  auto secret = service::Base32Decode(base32);
  EXPECT_TRUE(secret.has_value());
  Instant now{
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now())};
  auto code = service::TotpCode(crypto, *secret, service::TotpStep(now));
  EXPECT_TRUE(code.has_value());
  return *code;
}

class AccountAdminHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = StoreTestDatabase::Create(ZT_TEST_BACKEND);
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
    auto store = db_->Open();
    ASSERT_TRUE(store.has_value());
    store_ = std::move(*store);
    ASSERT_TRUE(store_->Migrate().has_value());
    auto tx = store_->Begin();
    ASSERT_TRUE(tx.has_value());
    for (const auto& r : std::vector<service::Region>{{"440800", "湛江市", "440000", "prefecture"},
                                                      {"440802", "赤坎区", "440800", "county"},
                                                      {"440803", "霞山区", "440800", "county"}}) {
      ASSERT_TRUE((*tx)->PutRegion(r).has_value());
    }
    for (const auto& [id, region, n] :
         {std::tuple{"440802-scj", "440802", 1}, std::tuple{"440803-scj", "440803", 2}}) {
      ASSERT_TRUE((*tx)
                      ->PutDepartment({DepartmentId(id), "市场监督管理局", "市场监管局", region,
                                       seed::GovernmentCreditCode(region, n)})
                      .has_value());
    }
    ASSERT_TRUE((*tx)->Commit().has_value());
    ASSERT_TRUE(
        CreateStaff(*store_, {{"sysadmin", Role::kSystemAdmin, "440800", ""},
                              {"secadmin", Role::kSecurityAdmin, "440800", ""},
                              {"auditadmin", Role::kAuditAdmin, "440800", ""},
                              {"ck-sysadmin", Role::kSystemAdmin, "440802", ""},
                              {"dept-admin", Role::kDepartmentAdmin, "440802", "440802-scj"},
                              {"clerk", Role::kWindowClerk, "440802", "440802-scj"},
                              {"xs-clerk", Role::kWindowClerk, "440803", "440803-scj"}})
            .has_value());
    server_ = std::make_unique<ServerProcess>(ZhengtongBinary(), db_->Url());
  }

  std::uint16_t port() const { return server_->port(); }

  Session As(const std::string& user) {
    auto found = sessions_.find(user);
    if (found != sessions_.end()) return found->second;
    Session s = FirstStaffLogin(port(), user);
    sessions_[user] = s;
    return s;
  }

  std::string IdOf(const std::string& username) {
    auto tx = store_->Begin();
    auto found = (*tx)->FindAccountByUsername(username);
    EXPECT_TRUE(found.has_value() && found->has_value()) << username;
    return found.has_value() && found->has_value() ? (*found)->id.value() : "";
  }

  service::AccountRecord Account(const std::string& username) {
    auto tx = store_->Begin();
    auto found = (*tx)->FindAccountByUsername(username);
    EXPECT_TRUE(found.has_value() && found->has_value()) << username;
    return **found;
  }

  int Denials(const std::string& object_id) {
    auto tx = store_->Begin();
    auto events = (*tx)->ListEventsFor("account", object_id);
    EXPECT_TRUE(events.has_value());
    return static_cast<int>(std::count_if(events->begin(), events->end(), [](const auto& e) {
      return e.event.action == "access.denied" && e.event.result == "denied";
    }));
  }

  HttpResult Create(const std::string& by, const std::string& username, const std::string& role,
                    const std::string& region, const std::string& department = "") {
    json::object body{{"username", username},
                      {"display_name", username},
                      {"role", role},
                      {"region_code", region}};
    if (!department.empty()) body["department_id"] = department;
    return Http(port(), "POST", "/api/v1/admin/accounts", json::serialize(body), As(by).With());
  }

  HttpResult Act(const std::string& by, const std::string& method, const std::string& path,
                 const json::object& body, std::optional<std::int64_t> version) {
    Headers h;
    if (version) h.push_back({"If-Match", "\"" + std::to_string(*version) + "\""});
    return Http(port(), method, path, json::serialize(body), As(by).With(h));
  }

  // Expects a refusal with `status` and `key`, one more access.denied on `object`, and nothing
  // created.
  void ExpectCreateRefused(const std::string& by, const std::string& username,
                           const std::string& role, const std::string& region,
                           const std::string& department, int status, const std::string& key) {
    SCOPED_TRACE(by + " creates " + role + " " + region);
    // Roles that manage nobody are refused before the request is read (object "").
    int before = Denials(username) + Denials("");
    auto r = Create(by, username, role, region, department);
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(Key(r), key);
    EXPECT_EQ(Denials(username) + Denials(""), before + 1);
    auto tx = store_->Begin();
    auto found = (*tx)->FindAccountByUsername(username);
    ASSERT_TRUE(found.has_value());
    EXPECT_FALSE(found->has_value()) << "the refused account was created";
  }

  std::unique_ptr<StoreTestDatabase> db_;
  std::unique_ptr<service::Store> store_;
  std::unique_ptr<ServerProcess> server_;
  std::map<std::string, Session> sessions_;
};

TEST_F(AccountAdminHttpTest, OnlyTheSecurityAdministratorGrantsTheAdministratorRoles) {
  // The system administrator grants none of the three administrators.
  ExpectCreateRefused("sysadmin", "new-sec", "security_admin", "440800", "", 403,
                      "account.grant_not_allowed");
  ExpectCreateRefused("sysadmin", "new-audit", "audit_admin", "440800", "", 403,
                      "account.grant_not_allowed");
  ExpectCreateRefused("sysadmin", "new-sys", "system_admin", "440800", "", 403,
                      "account.grant_not_allowed");
  // Nor may the security administrator grant their own role, nor operational roles.
  ExpectCreateRefused("secadmin", "new-sec", "security_admin", "440800", "", 403,
                      "account.grant_not_allowed");
  ExpectCreateRefused("secadmin", "new-clerk", "window_clerk", "440802", "440802-scj", 403,
                      "account.grant_not_allowed");
  // Audit administrators and clerks create nothing.
  ExpectCreateRefused("auditadmin", "new-clerk", "window_clerk", "440802", "440802-scj", 403,
                      "account.admin_only");
  ExpectCreateRefused("clerk", "new-clerk", "window_clerk", "440802", "440802-scj", 403,
                      "account.admin_only");

  // Negative controls: each administrator grants what is theirs.
  auto audit = Create("secadmin", "new-audit", "audit_admin", "440800");
  ASSERT_EQ(audit.status, 201) << audit.body;
  EXPECT_EQ(audit.Json().at("role").as_string(), "audit_admin");
  EXPECT_EQ(audit.Header("cache-control"), "no-store");
  std::string initial(audit.Json().at("initial_password").as_string());
  EXPECT_GE(initial.size(), 10u);
  auto clerk = Create("sysadmin", "new-clerk", "window_clerk", "440802", "440802-scj");
  ASSERT_EQ(clerk.status, 201) << clerk.body;
  EXPECT_TRUE(clerk.Json().at("must_change_password").as_bool());

  // The initial password works once and must be changed first (AUTH-08).
  Session first = Login(port(), "new-audit", initial);
  auto blocked = Http(port(), "GET", "/api/v1/audit/events", "", first.With());
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(Key(blocked), "auth.password_change_required");

  // One role per account: the system administrator cannot turn the audit administrator into a
  // security administrator (or anything), the security administrator cannot grant
  // security_admin to them either; moving them to system_admin leaves them one role.
  std::string audit_id(audit.Json().at("id").as_string());
  std::int64_t version = audit.Json().at("version").as_int64();
  int before = Denials(audit_id);
  auto by_sys = Act("sysadmin", "PATCH", "/api/v1/admin/accounts/" + audit_id,
                    {{"role", "security_admin"}}, version);
  EXPECT_EQ(by_sys.status, 403) << by_sys.body;
  EXPECT_EQ(Key(by_sys), "account.grant_not_allowed");
  auto by_sec = Act("secadmin", "PATCH", "/api/v1/admin/accounts/" + audit_id,
                    {{"role", "security_admin"}}, version);
  EXPECT_EQ(by_sec.status, 403) << by_sec.body;
  EXPECT_EQ(Key(by_sec), "account.grant_not_allowed");
  EXPECT_EQ(Denials(audit_id), before + 2);
  EXPECT_EQ(Account("new-audit").role, Role::kAuditAdmin);
  auto moved = Act("secadmin", "PATCH", "/api/v1/admin/accounts/" + audit_id,
                   {{"role", "system_admin"}}, version);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.Json().at("role").as_string(), "system_admin");
  EXPECT_EQ(moved.Header("etag"), "\"" + std::to_string(version + 1) + "\"");
  EXPECT_EQ(Account("new-audit").role, Role::kSystemAdmin);
}

TEST_F(AccountAdminHttpTest, ADistrictAdministratorCreatesNothingAboveTheDistrict) {
  ExpectCreateRefused("ck-sysadmin", "city-manager", "bureau_manager", "440800", "", 403,
                      "account.grant_out_of_scope");
  ExpectCreateRefused("ck-sysadmin", "xs-reviewer", "reviewer", "440803", "440803-scj", 403,
                      "account.grant_out_of_scope");
  // A department administrator creates clerks of their own department only.
  ExpectCreateRefused("dept-admin", "other-dept", "window_clerk", "440802", "440803-scj", 403,
                      "account.grant_out_of_scope");
  ExpectCreateRefused("dept-admin", "ck-manager", "bureau_manager", "440802", "", 403,
                      "account.grant_not_allowed");
  // Negative controls.
  auto district = Create("ck-sysadmin", "ck-manager", "bureau_manager", "440802");
  EXPECT_EQ(district.status, 201) << district.body;
  auto own = Create("dept-admin", "ck-reviewer", "reviewer", "440802", "440802-scj");
  EXPECT_EQ(own.status, 201) << own.body;

  // The district administrator neither sees nor changes a city-level account (404, audited).
  std::string clerk_id = IdOf("xs-clerk");
  int before = Denials(clerk_id);
  auto hidden =
      Http(port(), "GET", "/api/v1/admin/accounts/" + clerk_id, "", As("ck-sysadmin").With());
  EXPECT_EQ(hidden.status, 404) << hidden.body;
  EXPECT_EQ(Key(hidden), "account.not_found");
  auto moved = Act("ck-sysadmin", "PATCH", "/api/v1/admin/accounts/" + clerk_id,
                   {{"region_code", "440802"}, {"department_id", "440802-scj"}}, 1);
  EXPECT_EQ(moved.status, 404) << moved.body;
  EXPECT_EQ(Denials(clerk_id), before + 2);
  EXPECT_EQ(Account("xs-clerk").region_code, "440803");
  // Nor may the district administrator move its own clerk up to the city.
  std::string ck_clerk = IdOf("clerk");
  auto up = Act("ck-sysadmin", "PATCH", "/api/v1/admin/accounts/" + ck_clerk,
                {{"role", "bureau_manager"}, {"region_code", "440800"}}, 1);
  EXPECT_EQ(up.status, 403) << up.body;
  EXPECT_EQ(Key(up), "account.grant_out_of_scope");
  EXPECT_EQ(Account("clerk").role, Role::kWindowClerk);

  // The list shows exactly the accounts one manages, with the phone masked.
  auto listed = Http(port(), "GET", "/api/v1/admin/accounts", "", As("ck-sysadmin").With());
  ASSERT_EQ(listed.status, 200) << listed.body;
  std::vector<std::string> names;
  json::value listed_json = listed.Json();
  for (const auto& item : listed_json.at("items").as_array()) {
    names.emplace_back(item.at("username").as_string());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"ck-manager", "ck-reviewer", "clerk", "dept-admin"}));
  auto dept_list = Http(port(), "GET", "/api/v1/admin/accounts", "", As("dept-admin").With());
  ASSERT_EQ(dept_list.status, 200);
  EXPECT_EQ(dept_list.Json().at("items").as_array().size(), 2u);  // clerk, ck-reviewer
  auto none = Http(port(), "GET", "/api/v1/admin/accounts", "", As("auditadmin").With());
  EXPECT_EQ(none.status, 403);
  EXPECT_EQ(Key(none), "account.admin_only");
}

TEST_F(AccountAdminHttpTest, NobodyAdministersTheirOwnAccount) {
  for (const auto& [user, role] :
       {std::pair{"sysadmin", "bureau_manager"}, std::pair{"secadmin", "system_admin"},
        std::pair{"dept-admin", "reviewer"}}) {
    SCOPED_TRACE(user);
    As(user);  // the first login changes the version; read it afterwards
    std::string id = IdOf(user);
    std::int64_t version = Account(user).version;
    int before = Denials(id);
    auto r = Act(user, "PATCH", "/api/v1/admin/accounts/" + id, {{"role", role}}, version);
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(Key(r), "account.self");
    auto d = Act(user, "POST", "/api/v1/admin/accounts/" + id + "/disable", {}, version);
    EXPECT_EQ(d.status, 403) << d.body;
    EXPECT_EQ(Denials(id), before + 2);
    EXPECT_FALSE(Account(user).disabled);
    EXPECT_EQ(Account(user).version, version);
  }
  // Negative control: the security administrator does change the system administrator.
  std::string sys = IdOf("sysadmin");
  auto r = Act("secadmin", "PATCH", "/api/v1/admin/accounts/" + sys,
               {{"display_name", "系统管理员"}}, Account("sysadmin").version);
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(AccountAdminHttpTest, ADisabledAccountsLiveSessionIsRefusedAndItCannotLogIn) {
  Session clerk = As("clerk");
  ASSERT_EQ(Http(port(), "GET", "/api/v1/session", "", clerk.With()).status, 200);
  std::string id = IdOf("clerk");
  std::int64_t version = Account("clerk").version;
  // If-Match is required, and a stale one is refused, both without effect.
  auto missing = Act("sysadmin", "POST", "/api/v1/admin/accounts/" + id + "/disable",
                     {{"reason", "离职"}}, std::nullopt);
  EXPECT_EQ(missing.status, 428) << missing.body;
  auto stale = Act("sysadmin", "POST", "/api/v1/admin/accounts/" + id + "/disable",
                   {{"reason", "离职"}}, version - 1);
  EXPECT_EQ(stale.status, 412) << stale.body;
  EXPECT_EQ(Http(port(), "GET", "/api/v1/session", "", clerk.With()).status, 200);
  EXPECT_FALSE(Account("clerk").disabled);

  auto disabled = Act("sysadmin", "POST", "/api/v1/admin/accounts/" + id + "/disable",
                      {{"reason", "离职"}}, version);
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_TRUE(disabled.Json().at("disabled").as_bool());
  // AUTH-09: the live session ends with the same request, and logging in fails as for any
  // wrong password (no enumeration).
  auto after = Http(port(), "GET", "/api/v1/session", "", clerk.With());
  EXPECT_EQ(after.status, 401) << after.body;
  auto work = Http(port(), "GET", "/api/v1/applications", "", clerk.With());
  EXPECT_EQ(work.status, 401);
  auto login =
      Http(port(), "POST", "/api/v1/session",
           json::serialize(json::object{{"username", "clerk"}, {"password", kNewPassword}}));
  EXPECT_EQ(login.status, 401);
  EXPECT_EQ(Key(login), "auth.invalid_credentials");

  // Negative control: re-enabled, the same password logs in again.
  auto enabled = Act("sysadmin", "POST", "/api/v1/admin/accounts/" + id + "/enable", {},
                     disabled.Json().at("version").as_int64());
  ASSERT_EQ(enabled.status, 200) << enabled.body;
  Session again = Login(port(), "clerk", kNewPassword);
  EXPECT_EQ(Http(port(), "GET", "/api/v1/session", "", again.With()).status, 200);

  std::string sysadmin = IdOf("sysadmin");
  auto tx = store_->Begin();
  auto events = (*tx)->ListEventsFor("account", id);
  ASSERT_TRUE(events.has_value());
  bool recorded = std::any_of(events->begin(), events->end(), [&](const auto& e) {
    return e.event.action == "account.disabled" && e.event.actor_id.value() == sysadmin;
  });
  EXPECT_TRUE(recorded);
}

TEST_F(AccountAdminHttpTest, ASecondFactorResetNeedsAReasonAndTheAccountEnrolsAgain) {
  Session clerk = As("clerk");
  auto begin = Http(port(), "POST", "/api/v1/session/totp", "", clerk.With());
  ASSERT_EQ(begin.status, 201) << begin.body;
  std::string secret(begin.Json().at("secret").as_string());
  auto confirm = Http(port(), "POST", "/api/v1/session/totp/confirm",
                      json::serialize(json::object{{"code", CodeNow(secret)}}), clerk.With());
  ASSERT_EQ(confirm.status, 204) << confirm.body;
  auto again = Http(port(), "POST", "/api/v1/session/totp", "", clerk.With());
  EXPECT_EQ(again.status, 409);  // enrolled: no second enrolment without a reset
  ASSERT_TRUE(Account("clerk").totp_enabled);

  std::string id = IdOf("clerk");
  std::int64_t version = Account("clerk").version;
  std::string path = "/api/v1/admin/accounts/" + id + "/second-factor/reset";
  for (const json::object& body :
       {json::object{}, json::object{{"reason", ""}}, json::object{{"reason", "丢"}}}) {
    auto r = Act("sysadmin", "POST", path, body, version);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_FALSE(Key(r).empty()) << r.body;
  }
  EXPECT_TRUE(Account("clerk").totp_enabled);
  // Only who manages the account may reset it.
  auto by_sec = Act("secadmin", "POST", path, {{"reason", "手机丢失"}}, version);
  EXPECT_EQ(by_sec.status, 403);
  EXPECT_TRUE(Account("clerk").totp_enabled);

  auto reset = Act("sysadmin", "POST", path, {{"reason", "手机丢失，本人到场核验"}}, version);
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_FALSE(reset.Json().at("totp_enabled").as_bool());
  EXPECT_FALSE(Account("clerk").totp_enabled);
  EXPECT_TRUE(Account("clerk").totp_secret.empty());
  // Every session ended; the next login needs no code, and enrolment starts again.
  EXPECT_EQ(Http(port(), "GET", "/api/v1/session", "", clerk.With()).status, 401);
  Session fresh = Login(port(), "clerk", kNewPassword);
  auto me = Http(port(), "GET", "/api/v1/session", "", fresh.With());
  ASSERT_EQ(me.status, 200);
  EXPECT_FALSE(me.Json().at("account").at("totp_enabled").as_bool());
  auto enrol = Http(port(), "POST", "/api/v1/session/totp", "", fresh.With());
  EXPECT_EQ(enrol.status, 201) << enrol.body;

  auto tx = store_->Begin();
  auto events = (*tx)->ListEventsFor("account", id);
  ASSERT_TRUE(events.has_value());
  auto it = std::find_if(events->begin(), events->end(), [](const auto& e) {
    return e.event.action == "account.second_factor_reset";
  });
  ASSERT_NE(it, events->end());
  EXPECT_NE(std::find(it->event.details.begin(), it->event.details.end(),
                      std::pair<std::string, std::string>{"reason", "手机丢失，本人到场核验"}),
            it->event.details.end());
}

}  // namespace
}  // namespace zt::testing
