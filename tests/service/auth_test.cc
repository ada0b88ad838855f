// Accounts on a real store (SQLite or PostgreSQL, chosen at build time): login lockout,
// the TOTP second factor for staff, and access.denied events for refusals by scope or role.
#include <algorithm>
#include <stdexcept>

#include <gtest/gtest.h>

#include "store_test_db.h"
#include "zt/calendar/calendar.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/seed/seed.h"
#include "zt/service/account_service.h"
#include "zt/service/application_service.h"
#include "zt/service/catalog_service.h"
#include "zt/service/totp.h"

namespace zt::service {
namespace {

using accounts::Actor;
using accounts::Role;

constexpr const char* kPassword = "correct horse battery";
constexpr const char* kWrong = "wrong horse battery";

class AuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto tx = store_->Begin();
    ASSERT_TRUE(tx.has_value());
    for (const auto& r : std::vector<Region>{{"440800", "湛江市", "440000", "prefecture"},
                                             {"440802", "赤坎区", "440800", "county"},
                                             {"440803", "霞山区", "440800", "county"}}) {
      ASSERT_TRUE((*tx)->PutRegion(r).has_value());
    }
    ASSERT_TRUE(
        (*tx)
            ->PutDepartment({DepartmentId("440802-scj"), "赤坎区市场监督管理局", "市场监管局",
                             "440802", seed::GovernmentCreditCode("440802", 1)})
            .has_value());
    ASSERT_TRUE(
        (*tx)
            ->PutDepartment({DepartmentId("440803-scj"), "霞山区市场监督管理局", "市场监管局",
                             "440803", seed::GovernmentCreditCode("440803", 2)})
            .has_value());
    ASSERT_TRUE((*tx)->Commit().has_value());
    clerk_ = Staff("ck-clerk", Role::kWindowClerk, "440802", "440802-scj");
  }

  Actor Staff(const std::string& username, Role role, const std::string& region,
              const std::string& department) {
    auto a = accounts_.CreateStaff(
        {username, username, role, region, DepartmentId(department), kPassword}, std::nullopt,
        ctx_);
    EXPECT_TRUE(a.has_value()) << a.error().ToString();
    return AccountService::ActorOf(*a);
  }

  std::vector<EventRecord> Events(const std::string& type, const std::string& id) {
    auto tx = store_->Begin();
    EXPECT_TRUE(tx.has_value());
    auto events = (*tx)->ListEventsFor(type, id);
    EXPECT_TRUE(events.has_value());
    return *events;
  }

  int CountAction(const std::vector<EventRecord>& events, std::string_view action) {
    return static_cast<int>(std::count_if(events.begin(), events.end(),
                                          [&](const auto& e) { return e.event.action == action; }));
  }

  AccountRecord Account(const AccountId& id) {
    auto tx = store_->Begin();
    auto found = (*tx)->FindAccount(id);
    EXPECT_TRUE(found.has_value() && found->has_value());
    return **found;
  }

  std::string CodeAt(const std::string& base32, Instant t) {
    auto secret = Base32Decode(base32);
    EXPECT_TRUE(secret.has_value());
    auto code = TotpCode(crypto_, *secret, TotpStep(t));
    EXPECT_TRUE(code.has_value());
    return *code;
  }

  // Enrols and confirms TOTP for the clerk; returns the base32 secret.
  std::string EnrolClerk() {
    auto enrolment = accounts_.BeginTotpEnrolment(clerk_.account_id, ctx_);
    EXPECT_TRUE(enrolment.has_value()) << enrolment.error().ToString();
    auto confirmed = accounts_.ConfirmTotp(clerk_.account_id,
                                           CodeAt(enrolment->secret_base32, clock_.Now()), ctx_);
    EXPECT_TRUE(confirmed.has_value()) << confirmed.error().ToString();
    return enrolment->secret_base32;
  }

  static void ExpectInvalidCredentials(const Result<Session>& r) {
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code(), ErrorCode::kUnauthenticated);
    EXPECT_EQ(r.error().key(), "auth.invalid_credentials");
  }

  std::unique_ptr<testing::StoreTestDatabase> db_ =
      testing::CreateTestDatabaseOrThrow(ZT_TEST_BACKEND);
  std::unique_ptr<Store> store_ = testing::OpenMigratedOrThrow(*db_);
  crypto::OpenSslCrypto crypto_;
  SimulatedClock clock_{*ParseInstant("2025-09-30T10:00:00+08:00")};
  AccountService accounts_{*store_, crypto_, clock_};
  CatalogService catalog_{*store_, crypto_, clock_};
  ApplicationService apps_{*store_, crypto_, clock_, calendar::WorkingCalendar::China()};
  RequestContext ctx_{"req-auth", "192.0.2.7"};
  Actor clerk_;
};

TEST_F(AuthTest, FiveFailuresLockTheAccountAndTheRightPasswordIsRefusedLikeAWrongOne) {
  for (int i = 0; i < kMaxFailedLogins; ++i) {
    ExpectInvalidCredentials(accounts_.Login("ck-clerk", kWrong, ctx_));
  }
  auto wrong = accounts_.Login("ck-clerk", kWrong, ctx_);
  auto right = accounts_.Login("ck-clerk", kPassword, ctx_);
  ExpectInvalidCredentials(wrong);
  ExpectInvalidCredentials(right);
  // Indistinguishable: same code, key, detail and fields.
  EXPECT_EQ(right.error().ToString(), wrong.error().ToString());
  auto unknown = accounts_.Login("nobody", kPassword, ctx_);
  EXPECT_EQ(right.error().ToString(), unknown.error().ToString());

  auto events = Events("account", clerk_.account_id.value());
  EXPECT_EQ(CountAction(events, "account.locked"), 1);
  EXPECT_EQ(CountAction(events, "account.login_failed"), kMaxFailedLogins + 2);
  EXPECT_EQ(CountAction(events, "account.login"), 0);
  for (const auto& e : events) {
    if (e.event.action == "account.locked") {
      EXPECT_EQ(e.event.result, "denied");
      EXPECT_EQ(e.event.source_ip, "192.0.2.7");
      EXPECT_EQ(e.event.request_id, "req-auth");
    }
  }
  EXPECT_EQ(Account(clerk_.account_id).locked_until,
            clock_.Now() + std::chrono::duration_cast<std::chrono::milliseconds>(kLockoutDuration));
}

TEST_F(AuthTest, LockoutExpiresAfterFifteenMinutes) {
  for (int i = 0; i < kMaxFailedLogins; ++i) (void)accounts_.Login("ck-clerk", kWrong, ctx_);
  clock_.Advance(kLockoutDuration - std::chrono::seconds(1));
  ExpectInvalidCredentials(accounts_.Login("ck-clerk", kPassword, ctx_));
  clock_.Advance(std::chrono::seconds(1));
  auto session = accounts_.Login("ck-clerk", kPassword, ctx_);
  ASSERT_TRUE(session.has_value()) << session.error().ToString();
  EXPECT_EQ(Account(clerk_.account_id).failed_logins, 0);
}

TEST_F(AuthTest, AttemptsDuringTheLockoutDoNotExtendIt) {
  for (int i = 0; i < kMaxFailedLogins; ++i) (void)accounts_.Login("ck-clerk", kWrong, ctx_);
  clock_.Advance(std::chrono::minutes(10));
  for (int i = 0; i < 3; ++i) (void)accounts_.Login("ck-clerk", kWrong, ctx_);
  clock_.Advance(std::chrono::minutes(5));
  EXPECT_TRUE(accounts_.Login("ck-clerk", kPassword, ctx_).has_value());
}

TEST_F(AuthTest, ASuccessResetsTheCount) {
  for (int i = 0; i < kMaxFailedLogins - 1; ++i) (void)accounts_.Login("ck-clerk", kWrong, ctx_);
  EXPECT_EQ(Account(clerk_.account_id).failed_logins, kMaxFailedLogins - 1);
  ASSERT_TRUE(accounts_.Login("ck-clerk", kPassword, ctx_).has_value());
  EXPECT_EQ(Account(clerk_.account_id).failed_logins, 0);
  for (int i = 0; i < kMaxFailedLogins - 1; ++i) (void)accounts_.Login("ck-clerk", kWrong, ctx_);
  EXPECT_TRUE(accounts_.Login("ck-clerk", kPassword, ctx_).has_value());
}

TEST_F(AuthTest, TotpEnrolmentNeedsTheCurrentCode) {
  auto enrolment = accounts_.BeginTotpEnrolment(clerk_.account_id, ctx_);
  ASSERT_TRUE(enrolment.has_value()) << enrolment.error().ToString();
  EXPECT_EQ(enrolment->secret_base32.size(), 32u);  // 160 bits
  EXPECT_TRUE(enrolment->otpauth_uri.starts_with("otpauth://totp/zhengtong:ck-clerk?secret=" +
                                                 enrolment->secret_base32));
  // Not yet enabled: the password alone still logs in.
  EXPECT_TRUE(accounts_.Login("ck-clerk", kPassword, ctx_).has_value());
  std::string stale = CodeAt(enrolment->secret_base32, clock_.Now() - std::chrono::minutes(2));
  auto wrong = accounts_.ConfirmTotp(clerk_.account_id, stale, ctx_);
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().key(), "totp.code_wrong");
  EXPECT_FALSE(Account(clerk_.account_id).totp_enabled);
  ASSERT_TRUE(
      accounts_.ConfirmTotp(clerk_.account_id, CodeAt(enrolment->secret_base32, clock_.Now()), ctx_)
          .has_value());
  EXPECT_TRUE(Account(clerk_.account_id).totp_enabled);
  auto again = accounts_.BeginTotpEnrolment(clerk_.account_id, ctx_);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().key(), "totp.already_enabled");
  // The secret appears in no event.
  for (const auto& e : Events("account", clerk_.account_id.value())) {
    for (const auto& [k, v] : e.event.details) {
      EXPECT_EQ(v.find(enrolment->secret_base32), std::string::npos) << e.event.action;
    }
  }
}

TEST_F(AuthTest, ConfirmWithoutEnrolmentAndCitizensAreRefused) {
  auto confirm = accounts_.ConfirmTotp(clerk_.account_id, "123456", ctx_);
  ASSERT_FALSE(confirm.has_value());
  EXPECT_EQ(confirm.error().key(), "totp.not_started");
  std::string id = seed::DemoIdNumber("440802", *ParseDate("1985-06-15"), 123);
  auto citizen = accounts_.RegisterCitizen({id, "陈晓明", "13807591234", kPassword}, ctx_);
  ASSERT_TRUE(citizen.has_value());
  auto begun = accounts_.BeginTotpEnrolment(citizen->id, ctx_);
  ASSERT_FALSE(begun.has_value());
  EXPECT_EQ(begun.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(begun.error().key(), "totp.staff_only");
}

TEST_F(AuthTest, TotpLoginNeedsTheCodeAndAcceptsEachCodeOnce) {
  std::string secret = EnrolClerk();
  clock_.Advance(std::chrono::seconds(30));  // the enrolment code's step is used up

  auto missing = accounts_.Login("ck-clerk", kPassword, ctx_);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(missing.error().key(), "auth.second_factor_required");

  std::string code = CodeAt(secret, clock_.Now());
  std::string wrong_code = code == "000000" ? "111111" : "000000";
  ExpectInvalidCredentials(accounts_.Login("ck-clerk", kPassword, wrong_code, ctx_));
  // A wrong password with the right code says no more than a wrong code.
  auto wrong_password = accounts_.Login("ck-clerk", kWrong, code, ctx_);
  ExpectInvalidCredentials(wrong_password);

  auto ok = accounts_.Login("ck-clerk", kPassword, code, ctx_);
  ASSERT_TRUE(ok.has_value()) << ok.error().ToString();
  EXPECT_EQ(Account(clerk_.account_id).totp_last_step, TotpStep(clock_.Now()));
  EXPECT_EQ(Account(clerk_.account_id).failed_logins, 0);

  // The same code again, still inside its window: refused and logged as reuse.
  clock_.Advance(std::chrono::seconds(20));
  ExpectInvalidCredentials(accounts_.Login("ck-clerk", kPassword, code, ctx_));
  auto events = Events("account", clerk_.account_id.value());
  EXPECT_EQ(CountAction(events, "account.totp_reused"), 1);
  EXPECT_EQ(CountAction(events, "account.totp_enabled"), 1);

  // The previous step's code is still accepted (clock skew) once the next step begins...
  clock_.Advance(std::chrono::seconds(30));
  std::string next = CodeAt(secret, clock_.Now());
  EXPECT_TRUE(accounts_.Login("ck-clerk", kPassword, next, ctx_).has_value());
}

TEST_F(AuthTest, WrongTotpCodesCountTowardsTheLockout) {
  std::string secret = EnrolClerk();
  clock_.Advance(std::chrono::seconds(30));
  std::string code = CodeAt(secret, clock_.Now());
  std::string wrong_code = code == "000000" ? "111111" : "000000";
  for (int i = 0; i < kMaxFailedLogins; ++i) {
    ExpectInvalidCredentials(accounts_.Login("ck-clerk", kPassword, wrong_code, ctx_));
  }
  ExpectInvalidCredentials(accounts_.Login("ck-clerk", kPassword, code, ctx_));
  EXPECT_EQ(CountAction(Events("account", clerk_.account_id.value()), "account.locked"), 1);
}

// AUTH-05: under the default policy a staff login without TOTP opens a session marked for
// enrolment only (the edge refuses everything else, SecondFactorHttpTest); enrolling clears the
// mark on the same session; citizens and the relaxed policy are never marked.
TEST_F(AuthTest, StaffWithoutTotpGetAnEnrolmentOnlySession) {
  auto session = accounts_.Login("ck-clerk", kPassword, ctx_);
  ASSERT_TRUE(session.has_value()) << session.error().ToString();
  EXPECT_TRUE(session->second_factor_enrolment_required);
  auto again = accounts_.Authenticate(session->token);
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->second_factor_enrolment_required);
  auto events = Events("account", clerk_.account_id.value());
  ASSERT_FALSE(events.empty());
  const EventDraft& login = events.back().event;
  EXPECT_EQ(login.action, "account.login");
  EXPECT_NE(std::find(login.details.begin(), login.details.end(),
                      std::pair<std::string, std::string>{"second_factor", "enrolment_required"}),
            login.details.end());

  EnrolClerk();
  auto enrolled = accounts_.Authenticate(session->token);
  ASSERT_TRUE(enrolled.has_value());
  EXPECT_FALSE(enrolled->second_factor_enrolment_required);

  for (Role role : {Role::kSystemAdmin, Role::kSecurityAdmin, Role::kAuditAdmin,
                    Role::kBureauManager, Role::kHotlineAgent, Role::kFrontDeskClerk}) {
    std::string name = "staff-" + std::string(accounts::RoleName(role));
    bool departmental = accounts::IsDepartmentalRole(role);
    Staff(name, role, "440802", departmental ? "440802-scj" : "");
    auto staff = accounts_.Login(name, kPassword, ctx_);
    ASSERT_TRUE(staff.has_value()) << name;
    EXPECT_TRUE(staff->second_factor_enrolment_required) << name;
  }
  std::string id = seed::DemoIdNumber("440802", *ParseDate("1985-06-15"), 123);
  ASSERT_TRUE(
      accounts_.RegisterCitizen({id, "陈晓明", "13807591234", kPassword}, ctx_).has_value());
  auto citizen = accounts_.Login(id, kPassword, ctx_);
  ASSERT_TRUE(citizen.has_value());
  EXPECT_FALSE(citizen->second_factor_enrolment_required);

  AccountService relaxed(*store_, crypto_, clock_, /*staff_second_factor_required=*/false);
  Staff("relaxed-clerk", Role::kWindowClerk, "440802", "440802-scj");
  auto password_only = relaxed.Login("relaxed-clerk", kPassword, ctx_);
  ASSERT_TRUE(password_only.has_value());
  EXPECT_FALSE(password_only->second_factor_enrolment_required);
}

// SES-03 with the injected clock: staff sessions end after 15 idle minutes, citizens' after 30;
// one second before the limit is still served, one second after is not; 12 h absolute.
TEST_F(AuthTest, StaffIdleFifteenMinutesCitizensThirtyAndTwelveHoursAbsolute) {
  using std::chrono::minutes;
  using std::chrono::seconds;
  auto staff = accounts_.Login("ck-clerk", kPassword, ctx_);
  ASSERT_TRUE(staff.has_value());
  clock_.Advance(minutes(15) - seconds(1));
  EXPECT_TRUE(accounts_.Authenticate(staff->token).has_value());  // refreshes last-seen
  clock_.Advance(minutes(15) + seconds(1));
  auto idle = accounts_.Authenticate(staff->token);
  ASSERT_FALSE(idle.has_value());
  EXPECT_EQ(idle.error().key(), "auth.session_expired");

  std::string id = seed::DemoIdNumber("440802", *ParseDate("1985-06-15"), 123);
  ASSERT_TRUE(
      accounts_.RegisterCitizen({id, "陈晓明", "13807591234", kPassword}, ctx_).has_value());
  auto citizen = accounts_.Login(id, kPassword, ctx_);
  ASSERT_TRUE(citizen.has_value());
  clock_.Advance(minutes(30) - seconds(1));
  EXPECT_TRUE(accounts_.Authenticate(citizen->token).has_value());
  clock_.Advance(minutes(30) + seconds(1));
  EXPECT_FALSE(accounts_.Authenticate(citizen->token).has_value());

  // Absolute: a staff session used every 14 minutes is served until 12 h and not after.
  auto busy = accounts_.Login("ck-clerk", kPassword, ctx_);
  ASSERT_TRUE(busy.has_value());
  Instant start = clock_.Now();
  while (clock_.Now() + minutes(14) < start + kAbsoluteTimeout) {
    clock_.Advance(minutes(14));
    ASSERT_TRUE(accounts_.Authenticate(busy->token).has_value()) << FormatInstant(clock_.Now());
  }
  clock_.Set(start + kAbsoluteTimeout - seconds(1));
  EXPECT_TRUE(accounts_.Authenticate(busy->token).has_value());
  clock_.Set(start + kAbsoluteTimeout + seconds(1));
  EXPECT_FALSE(accounts_.Authenticate(busy->token).has_value());
}

// AZ-04 (等保 8.1.5): the security administrator grants the system and audit administrator
// roles, the system administrator the operational roles, a department administrator clerks and
// reviewers of their own department; nobody grants beyond their region or department; the audit
// administrator grants nothing. Every refusal writes nothing but an access.denied event.
TEST_F(AuthTest, ThreeAdministratorsAreSeparatedAndNobodyGrantsBeyondTheirScope) {
  Actor sysadmin = Staff("sysadmin", Role::kSystemAdmin, "440800", "");
  Actor secadmin = Staff("secadmin", Role::kSecurityAdmin, "440800", "");
  Actor auditadmin = Staff("auditadmin", Role::kAuditAdmin, "440800", "");
  Actor xs_sysadmin = Staff("xs-sysadmin", Role::kSystemAdmin, "440803", "");
  Actor dept_admin = Staff("ck-admin", Role::kDepartmentAdmin, "440802", "440802-scj");
  Actor manager = Staff("manager", Role::kBureauManager, "440800", "");
  struct Grant {
    const Actor* by;
    Role role;
    const char* region;
    const char* department;
    const char* refused;  // the message key, "" when granted
  };
  const std::vector<Grant> grants = {
      {&sysadmin, Role::kWindowClerk, "440802", "440802-scj", ""},
      {&sysadmin, Role::kBureauManager, "440800", "", ""},
      {&sysadmin, Role::kAuditAdmin, "440800", "", "account.grant_not_allowed"},
      {&sysadmin, Role::kSecurityAdmin, "440800", "", "account.grant_not_allowed"},
      {&sysadmin, Role::kSystemAdmin, "440800", "", "account.grant_not_allowed"},
      {&sysadmin, Role::kCitizen, "440800", "", "account.grant_not_allowed"},
      {&secadmin, Role::kAuditAdmin, "440800", "", ""},
      {&secadmin, Role::kSystemAdmin, "440802", "", ""},
      {&secadmin, Role::kSecurityAdmin, "440800", "", "account.grant_not_allowed"},
      {&secadmin, Role::kWindowClerk, "440802", "440802-scj", "account.grant_not_allowed"},
      {&auditadmin, Role::kWindowClerk, "440802", "440802-scj", "account.grant_not_allowed"},
      {&auditadmin, Role::kAuditAdmin, "440800", "", "account.grant_not_allowed"},
      {&dept_admin, Role::kReviewer, "440802", "440802-scj", ""},
      {&dept_admin, Role::kBureauManager, "440802", "", "account.grant_not_allowed"},
      {&dept_admin, Role::kDepartmentAdmin, "440802", "440802-scj", "account.grant_not_allowed"},
      {&dept_admin, Role::kWindowClerk, "440803", "440803-scj", "account.grant_out_of_scope"},
      {&dept_admin, Role::kWindowClerk, "440802", "440803-scj", "account.grant_out_of_scope"},
      {&xs_sysadmin, Role::kBureauManager, "440800", "", "account.grant_out_of_scope"},
      {&xs_sysadmin, Role::kWindowClerk, "440803", "440802-scj", "account.grant_out_of_scope"},
      {&manager, Role::kWindowClerk, "440802", "440802-scj", "account.grant_not_allowed"},
      {&clerk_, Role::kWindowClerk, "440802", "440802-scj", "account.grant_not_allowed"},
  };
  int n = 0;
  for (const auto& g : grants) {
    std::string username = "granted-" + std::to_string(n++);
    SCOPED_TRACE(username + " by " + std::string(accounts::RoleName(g.by->role)) + " as " +
                 std::string(accounts::RoleName(g.role)));
    RequestContext grant_ctx{"req-" + username, "198.51.100.9"};
    auto created = accounts_.CreateStaff(
        {username, username, g.role, g.region, DepartmentId(g.department), kPassword}, *g.by,
        grant_ctx);
    std::optional<AccountRecord> stored;
    {
      auto tx = store_->Begin();
      ASSERT_TRUE(tx.has_value());
      auto found = (*tx)->FindAccountByUsername(username);
      ASSERT_TRUE(found.has_value());
      stored = *found;
    }
    auto events = Events("account", username);
    if (std::string_view(g.refused).empty()) {
      ASSERT_TRUE(created.has_value()) << created.error().ToString();
      ASSERT_TRUE(stored.has_value());
      EXPECT_EQ(stored->role, g.role);  // one role per account
      EXPECT_EQ(CountAction(events, "access.denied"), 0);
      continue;
    }
    ASSERT_FALSE(created.has_value());
    EXPECT_EQ(created.error().code(), ErrorCode::kPermissionDenied);
    EXPECT_EQ(created.error().key(), g.refused);
    EXPECT_FALSE(stored.has_value()) << "nothing written";
    ASSERT_EQ(CountAction(events, "access.denied"), 1);
    const EventDraft& denied = events.back().event;
    EXPECT_EQ(denied.actor_id, g.by->account_id);
    EXPECT_EQ(denied.result, "denied");
    EXPECT_EQ(denied.request_id, grant_ctx.request_id);
  }

  // No account holds two of the three: an administrator's username cannot be created again
  // with another of the roles, and the account keeps its one role.
  auto twice = accounts_.CreateStaff(
      {"auditadmin", "auditadmin", Role::kSystemAdmin, "440800", DepartmentId(), kPassword},
      secadmin, ctx_);
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(Account(auditadmin.account_id).role, Role::kAuditAdmin);
  for (Role r : {Role::kSystemAdmin, Role::kSecurityAdmin, Role::kAuditAdmin}) {
    EXPECT_TRUE(accounts::IsSeparatedAdminRole(r));
  }
  EXPECT_FALSE(accounts::IsSeparatedAdminRole(Role::kBureauManager));
}

TEST_F(AuthTest, RefusalsByScopeOrRoleAreAuditedAsAccessDenied) {
  Actor admin = Staff("ck-admin", Role::kDepartmentAdmin, "440802", "440802-scj");
  Actor xiashan = Staff("xs-clerk", Role::kWindowClerk, "440803", "440803-scj");
  catalog::ServiceItem item;
  item.code = "440802-scj-1";
  item.name = "食品经营许可";
  item.department_id = DepartmentId("440802-scj");
  item.region_code = "440802";
  item.statutory_limit_wd = 20;
  item.promised_limit_wd = 1;
  item.materials = {{"申请表", true, ""}};
  auto created = catalog_.Create(admin, item, ctx_);
  ASSERT_TRUE(created.has_value()) << created.error().ToString();

  // A clerk may not publish: kPermissionDenied, audited on the item.
  RequestContext clerk_ctx{"req-publish", "198.51.100.4"};
  auto publish =
      catalog_.PublishInitialLoad(clerk_, created->item.id, 1, "test fixture", clerk_ctx);
  ASSERT_FALSE(publish.has_value());
  EXPECT_EQ(publish.error().code(), ErrorCode::kPermissionDenied);
  auto item_events = Events("item", created->item.id.value());
  ASSERT_EQ(CountAction(item_events, "access.denied"), 1);
  const EventDraft& denied = item_events.back().event;
  EXPECT_EQ(denied.action, "access.denied");
  EXPECT_EQ(denied.result, "denied");
  EXPECT_EQ(denied.actor_id, clerk_.account_id);
  EXPECT_EQ(denied.actor_role, "window_clerk");
  EXPECT_EQ(denied.actor_region, "440802");
  EXPECT_EQ(denied.request_id, "req-publish");
  EXPECT_EQ(denied.source_ip, "198.51.100.4");

  auto published = catalog_.PublishInitialLoad(admin, created->item.id, 1, "test fixture", ctx_);
  ASSERT_TRUE(published.has_value()) << published.error().ToString();
  std::string id_number = seed::DemoIdNumber("440802", *ParseDate("1985-06-15"), 123);
  auto citizen = accounts_.RegisterCitizen({id_number, "陈晓明", "13807591234", kPassword}, ctx_);
  ASSERT_TRUE(citizen.has_value());
  SubmitRequest request;
  request.item_id = created->item.id;
  request.request_fingerprint = "fp";
  auto submitted = apps_.Submit(AccountService::ActorOf(*citizen), request, ctx_);
  ASSERT_TRUE(submitted.has_value()) << submitted.error().ToString();
  CaseId case_id = submitted->record.id;

  // Another district's clerk: 404 (existence not revealed), audited on the application.
  RequestContext xs_ctx{"req-peek", "203.0.113.9"};
  auto peek = apps_.Get(xiashan, case_id, xs_ctx);
  ASSERT_FALSE(peek.has_value());
  EXPECT_EQ(peek.error().code(), ErrorCode::kNotFound);
  auto act = apps_.Act(xiashan, case_id, {"accept", {}}, 1, xs_ctx);
  ASSERT_FALSE(act.has_value());
  EXPECT_EQ(act.error().code(), ErrorCode::kNotFound);
  auto case_events = Events("application", case_id.value());
  EXPECT_EQ(CountAction(case_events, "access.denied"), 2);
  for (const auto& e : case_events) {
    if (e.event.action != "access.denied") continue;
    EXPECT_EQ(e.event.actor_id, xiashan.account_id);
    EXPECT_EQ(e.event.actor_region, "440803");
    EXPECT_EQ(e.event.request_id, "req-peek");
    EXPECT_EQ(e.event.source_ip, "203.0.113.9");
    EXPECT_EQ(e.event.result, "denied");
    for (const auto& [k, v] : e.event.details) {
      EXPECT_EQ(v.find(id_number), std::string::npos);  // no ID numbers in the log
    }
  }
  // The application itself is unchanged.
  auto tx = store_->Begin();
  auto found = (*tx)->FindCase(case_id);
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->version, 1);
}

}  // namespace
}  // namespace zt::service
