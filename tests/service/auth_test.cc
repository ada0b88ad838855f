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
  auto publish = catalog_.Publish(clerk_, created->item.id, 1, clerk_ctx);
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

  auto published = catalog_.Publish(admin, created->item.id, 1, ctx_);
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
