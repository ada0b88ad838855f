// The ground shared by the scenario runners (application, work order, rating) and the
// case-engine tests: a fresh store of the build's backend (SQLite or PostgreSQL, ZT_TEST_BACKEND),
// migrated, with the two districts of two_districts.h, the account service and a simulated
// clock; the people and items they create; and the commands every runner understands:
//   at 2025-09-30T10:00+08:00                      set the clock (seconds optional)
//   advance 3 working-days | advance 2 days | advance 3 hours
//   expect ok | expect error <code> <key>          how the last action ended
//   as <actor> <transition> [key=value …]          the runner's Act
//   expect …                                       the runner's Expect, after the two above
// StoreScenarioFixture<TestBase> (TestBase: ::testing::Test or ::testing::TestWithParam) is the
// ground alone; ScenarioRunner adds reading a scenario file through those commands.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "scenario_text.h"
#include "store_test_db.h"
#include "two_districts.h"
#include "zt/calendar/calendar.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/seed/seed.h"
#include "zt/service/account_service.h"
#include "zt/service/catalog_service.h"

namespace zt::testing {

inline constexpr const char* kScenarioPassword = "correct horse battery";

template <typename TestBase>
class StoreScenarioFixture : public TestBase {
 protected:
  // `start`: the clock's first instant, "2025-09-30T10:00:00+08:00".
  explicit StoreScenarioFixture(std::string_view start) : clock_(*ParseInstant(start)) {}

  // Derived fixtures call this first and return when it failed (HasFatalFailure()).
  void SetUp() override {
    auto db = StoreTestDatabase::Create(ZT_TEST_BACKEND);
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
    auto store = db_->Open();
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    store_ = std::move(*store);
    ASSERT_TRUE(store_->Migrate().has_value());
    accounts_ = std::make_unique<service::AccountService>(*store_, crypto_, clock_);
    auto seeded = PutTwoDistricts(*store_);
    ASSERT_TRUE(seeded.has_value()) << seeded.error().ToString();
  }

  accounts::Actor Staff(const std::string& username, accounts::Role role, const std::string& region,
                        const std::string& department) {
    auto a = accounts_->CreateStaff(
        {username, username, role, region, DepartmentId(department), kScenarioPassword},
        std::nullopt, ctx_);
    EXPECT_TRUE(a.has_value()) << a.error().ToString();
    return service::AccountService::ActorOf(*a);
  }

  // A citizen of 赤坎 born 1985-06-15 with that serial in the ID number.
  accounts::Actor Citizen(int serial, const std::string& name, const std::string& phone) {
    std::string id = seed::DemoIdNumber("440802", *ParseDate("1985-06-15"), serial);
    auto c = accounts_->RegisterCitizen({id, name, phone, kScenarioPassword}, ctx_);
    EXPECT_TRUE(c.has_value()) << c.error().ToString();
    return service::AccountService::ActorOf(*c);
  }

  // `item` created by `admin` and published at once (an initial load, no second reviewer).
  Result<service::ItemView> PublishItem(service::CatalogService& catalog,
                                        const accounts::Actor& admin,
                                        const catalog::ServiceItem& item) {
    ZT_ASSIGN_OR_RETURN(auto created, catalog.Create(admin, item, ctx_));
    return catalog.PublishInitialLoad(admin, created.item.id, created.item.version, "test fixture",
                                      ctx_);
  }

  // The actor a scenario calls `name`; nullptr (after a test failure) when there is none.
  const accounts::Actor* ActorNamed(const std::string& name, const std::string& where) {
    auto found = actors_.find(name);
    if (found != actors_.end()) return &found->second;
    ADD_FAILURE() << where << ": unknown actor " << name;
    return nullptr;
  }

  // Entries in the event log, whose chain must be intact.
  std::int64_t EventCount() {
    auto report = store_->VerifyChain();
    EXPECT_TRUE(report.has_value() && report->intact);
    return report.has_value() ? report->entries : -1;
  }

  // `at …` and `advance …`: nullopt when `w` is neither, else whether the scenario goes on.
  std::optional<bool> RunClockCommand(const std::vector<std::string>& w, const std::string& where) {
    if (w[0] == "at" && w.size() == 2) {
      std::string text = w[1];
      if (text.size() > 16 && text[16] != ':') text.insert(16, ":00");  // seconds are optional
      auto t = ParseInstant(text);
      if (!t) {
        ADD_FAILURE() << where << ": " << t.error().ToString();
        return false;
      }
      clock_.Set(*t);
      return true;
    }
    if (w[0] != "advance" || w.size() != 3) return std::nullopt;
    int n = std::stoi(w[1]);
    if (w[2] == "days") {
      clock_.Advance(std::chrono::days(n));
      return true;
    }
    if (w[2] == "hours") {
      clock_.Advance(std::chrono::hours(n));
      return true;
    }
    Date today = CivilDateCst(clock_.Now());
    auto next = calendar::WorkingCalendar::China().AddWorkingDays(today, n);
    if (!next || w[2] != "working-days") {
      ADD_FAILURE() << where << ": cannot advance";
      return false;
    }
    clock_.Advance(std::chrono::days(next->days_since_epoch() - today.days_since_epoch()));
    return true;
  }

  // `expect ok` and `expect error <code> <key>` against last_error_: nullopt when `w` is
  // neither, else true (a mismatch is a test failure, and the scenario goes on).
  std::optional<bool> ExpectLastOutcome(const std::vector<std::string>& w,
                                        const std::string& where) {
    if (w.size() == 2 && w[1] == "ok") {
      EXPECT_FALSE(last_error_.has_value()) << where << ": " << last_error_->ToString();
      return true;
    }
    if (w.size() != 4 || w[1] != "error") return std::nullopt;
    if (!last_error_) {
      ADD_FAILURE() << where << ": the last action succeeded";
      return true;
    }
    EXPECT_EQ(std::string(ErrorCodeName(last_error_->code())), w[2]) << where;
    EXPECT_EQ(last_error_->key(), w[3]) << where << ": " << last_error_->ToString();
    return true;
  }

  std::unique_ptr<StoreTestDatabase> db_;
  std::unique_ptr<service::Store> store_;
  crypto::OpenSslCrypto crypto_;
  SimulatedClock clock_;
  std::unique_ptr<service::AccountService> accounts_;
  service::RequestContext ctx_{"req-scenario", "127.0.0.1"};
  std::map<std::string, accounts::Actor> actors_;  // by the name scenarios use
  std::optional<Error> last_error_;                // of the last action
};

// A runner of tests/scenarios/<case type>/*.scenario: the parameter is the file, which
// RunScenario() reads line by line through the commands above and the runner's own.
class ScenarioRunner : public StoreScenarioFixture<::testing::TestWithParam<std::string>> {
 protected:
  using StoreScenarioFixture::StoreScenarioFixture;

  // `as <actor> <transition> key=value…`; returns false (after a test failure) when the
  // scenario cannot go on.
  virtual bool Act(const std::string& actor, const std::string& transition,
                   const std::map<std::string, std::string>& fields, const std::string& where) = 0;
  // `expect …` beyond ok/error.
  virtual bool Expect(const std::vector<std::string>& w, const std::string& where) = 0;
  // The runner's further commands ("item", "default_ratings"): nullopt when `w` is none.
  virtual std::optional<bool> RunOwnCommand(const std::vector<std::string>&, const std::string&) {
    return std::nullopt;
  }

  void RunScenario() {
    RunScenarioFile(GetParam(), [this](const std::vector<std::string>& w,
                                       const std::string& where) { return RunLine(w, where); });
  }

 private:
  bool RunLine(const std::vector<std::string>& w, const std::string& where) {
    if (auto own = RunOwnCommand(w, where)) return *own;
    if (auto clock = RunClockCommand(w, where)) return *clock;
    if (w[0] == "as" && w.size() >= 3) {
      auto fields = ScenarioFields(w, 3, where);
      if (!fields) return false;
      return Act(w[1], w[2], *fields, where);
    }
    if (w[0] == "expect" && w.size() >= 2) {
      if (auto outcome = ExpectLastOutcome(w, where)) return *outcome;
      return Expect(w, where);
    }
    ADD_FAILURE() << where << ": unknown command";
    return false;
  }
};

}  // namespace zt::testing
