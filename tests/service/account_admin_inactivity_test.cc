// Account administration on a real store (SQLite or PostgreSQL): AUTH-09 with an injected
// clock (staff accounts unused for 90 days are disabled by the sweep, citizens and recently
// used accounts are not, re-enabling counts as use) and the one rule of who manages whom
// (accounts::CheckGrant), each with its negative control.
#include <algorithm>

#include <gtest/gtest.h>

#include "store_test_db.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/seed/seed.h"
#include "zt/service/account_admin_service.h"
#include "zt/service/account_service.h"

namespace zt::service {
namespace {

using accounts::Actor;
using accounts::Role;

constexpr const char* kPassword = "correct horse battery";
constexpr auto kDay = std::chrono::milliseconds(std::chrono::days(1));

class AccountAdminInactivityTest : public ::testing::Test {
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
    ASSERT_TRUE((*tx)->Commit().has_value());
  }

  AccountRecord Staff(const std::string& username, Role role, const std::string& region,
                      const std::string& department = "") {
    auto a = accounts_.CreateStaff(
        {username, username, role, region, DepartmentId(department), kPassword}, std::nullopt,
        ctx_);
    EXPECT_TRUE(a.has_value()) << a.error().ToString();
    return *a;
  }

  AccountRecord Account(const AccountId& id) {
    auto tx = store_->Begin();
    auto found = (*tx)->FindAccount(id);
    EXPECT_TRUE(found.has_value() && found->has_value());
    return **found;
  }

  std::vector<std::string> Sweep(int days = 90) {
    auto disabled = admin_.DisableInactive(days, "os:test", ctx_);
    EXPECT_TRUE(disabled.has_value()) << disabled.error().ToString();
    std::vector<std::string> names;
    for (const auto& a : *disabled) names.push_back(a.username);
    std::sort(names.begin(), names.end());
    return names;
  }

  std::unique_ptr<testing::StoreTestDatabase> db_ =
      testing::CreateTestDatabaseOrThrow(ZT_TEST_BACKEND);
  std::unique_ptr<Store> store_ = testing::OpenMigratedOrThrow(*db_);
  crypto::OpenSslCrypto crypto_;
  SimulatedClock clock_{*ParseInstant("2025-03-01T10:00:00+08:00")};
  AccountService accounts_{*store_, crypto_, clock_, /*staff_second_factor_required=*/false};
  AccountAdminService admin_{*store_, crypto_, clock_};
  RequestContext ctx_{"r-test", "127.0.0.1"};
};

TEST_F(AccountAdminInactivityTest, StaffUnusedForNinetyDaysAreDisabledAndTheRestAreNot) {
  AccountRecord idle = Staff("idle-clerk", Role::kWindowClerk, "440802", "440802-scj");
  AccountRecord busy = Staff("busy-clerk", Role::kWindowClerk, "440802", "440802-scj");
  auto citizen =
      accounts_.RegisterCitizen({seed::DemoIdNumber("440802", *ParseDate("1985-06-15"), 7),
                                 "陈晓明", "13807591234", kPassword},
                                ctx_);
  ASSERT_TRUE(citizen.has_value()) << citizen.error().ToString();

  clock_.Advance(50 * kDay);
  ASSERT_TRUE(accounts_.Login("busy-clerk", kPassword, ctx_).has_value());
  clock_.Advance(10 * kDay);  // day 60
  AccountRecord fresh = Staff("fresh-clerk", Role::kWindowClerk, "440802", "440802-scj");

  // Negative control: on day 89 nobody has been idle for 90 days.
  clock_.Advance(29 * kDay);
  EXPECT_TRUE(Sweep().empty());
  EXPECT_FALSE(Account(idle.id).disabled);

  // Day 100: only the account created on day 0 and never used since is disabled.
  clock_.Advance(11 * kDay);
  EXPECT_EQ(Sweep(), std::vector<std::string>{"idle-clerk"});
  EXPECT_TRUE(Account(idle.id).disabled);
  EXPECT_FALSE(Account(busy.id).disabled);
  EXPECT_FALSE(Account(fresh.id).disabled);
  // Day 191: the login of day 50 and the creation of day 60 are more than 90 days old.
  clock_.Advance(91 * kDay);
  EXPECT_EQ(Sweep(), (std::vector<std::string>{"busy-clerk", "fresh-clerk"}));
  EXPECT_TRUE(Account(busy.id).disabled);
  EXPECT_FALSE(Account(citizen->id).disabled);  // citizens are not swept

  // A disabled account cannot log in.
  auto refused = accounts_.Login("idle-clerk", kPassword, ctx_);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().key(), "auth.invalid_credentials");

  // Re-enabling counts as use: the next sweep leaves it alone; the event names the operator.
  auto enabled =
      admin_.SetDisabled({std::nullopt, "os:root"}, idle.id, std::nullopt, false, "back", ctx_);
  ASSERT_TRUE(enabled.has_value()) << enabled.error().ToString();
  EXPECT_TRUE(Sweep().empty());
  EXPECT_TRUE(accounts_.Login("idle-clerk", kPassword, ctx_).has_value());
  auto tx = store_->Begin();
  auto events = (*tx)->ListEventsFor("account", idle.id.value());
  ASSERT_TRUE(events.has_value());
  int disabled_events = 0;
  bool enabled_by_operator = false;
  for (const auto& e : *events) {
    if (e.event.action == "account.disabled") {
      ++disabled_events;
      EXPECT_EQ(e.event.actor_role, "system");
      EXPECT_NE(std::find(e.event.details.begin(), e.event.details.end(),
                          std::pair<std::string, std::string>{"reason", "inactive"}),
                e.event.details.end());
    }
    if (e.event.action == "account.enabled") {
      enabled_by_operator = std::find(e.event.details.begin(), e.event.details.end(),
                                      std::pair<std::string, std::string>{"operator", "os:root"}) !=
                            e.event.details.end();
    }
  }
  EXPECT_EQ(disabled_events, 1);
  EXPECT_TRUE(enabled_by_operator);
}

TEST_F(AccountAdminInactivityTest, TheSweepRefusesANonsenseNumberOfDays) {
  Staff("idle-clerk", Role::kWindowClerk, "440802", "440802-scj");
  clock_.Advance(400 * kDay);
  for (int days : {0, -1, 3651}) {
    auto r = admin_.DisableInactive(days, "os:test", ctx_);
    ASSERT_FALSE(r.has_value()) << days;
    EXPECT_EQ(r.error().key(), "inactivity.days");
  }
  EXPECT_EQ(Sweep(365), std::vector<std::string>{"idle-clerk"});
}

// The one rule: an administrator manages the accounts they could have created.
TEST_F(AccountAdminInactivityTest, AdministratorsManageExactlyWhomTheyCouldCreate) {
  Actor sys = AccountService::ActorOf(Staff("sys", Role::kSystemAdmin, "440800"));
  Actor sec = AccountService::ActorOf(Staff("sec", Role::kSecurityAdmin, "440800"));
  Actor dept =
      AccountService::ActorOf(Staff("dept", Role::kDepartmentAdmin, "440802", "440802-scj"));
  AccountRecord audit = Staff("audit", Role::kAuditAdmin, "440800");
  AccountRecord clerk = Staff("clerk", Role::kWindowClerk, "440802", "440802-scj");
  AccountRecord xs_clerk = Staff("xs-clerk", Role::kWindowClerk, "440803", "440803-scj");

  struct Case {
    const Actor* by;
    const AccountRecord* target;
    const char* key;  // "" when allowed
  };
  AccountRecord sys_record = Account(sys.account_id);
  for (const Case& c : std::vector<Case>{{&sys, &clerk, ""},
                                         {&sys, &audit, "account.grant_not_allowed"},
                                         {&sec, &audit, ""},
                                         {&sec, &clerk, "account.grant_not_allowed"},
                                         {&sec, &sys_record, ""},
                                         {&sys, &sys_record, "account.self"},
                                         {&dept, &clerk, ""},
                                         {&dept, &xs_clerk, "account.not_found"}}) {
    SCOPED_TRACE(c.by->display_name + " -> " + c.target->username);
    auto current = Account(c.target->id);
    auto r = admin_.SetDisabled({*c.by, ""}, c.target->id, current.version, true, "", ctx_);
    if (std::string(c.key).empty()) {
      ASSERT_TRUE(r.has_value()) << r.error().ToString();
      EXPECT_TRUE(Account(c.target->id).disabled);
      ASSERT_TRUE(
          admin_.SetDisabled({*c.by, ""}, c.target->id, r->version, false, "", ctx_).has_value());
    } else {
      ASSERT_FALSE(r.has_value());
      EXPECT_EQ(r.error().key(), c.key);
      EXPECT_FALSE(Account(c.target->id).disabled);
    }
  }
}

}  // namespace
}  // namespace zt::service
