// The indicators on a real store (SQLite or PostgreSQL, chosen at build time): after a
// generated history of applications, the counters kept as events were written equal a
// recomputation from the event log, the values agree with the cases, drill-down lists the
// records behind a number, a frozen period stays frozen, and scope holds.
#include "zt/service/indicator_service.h"

#include <algorithm>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "store_test_db.h"
#include "two_districts.h"
#include "zt/calendar/calendar.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/seed/seed.h"
#include "zt/service/account_service.h"
#include "zt/service/application_service.h"
#include "zt/service/appointment_service.h"
#include "zt/service/catalog_service.h"

namespace zt::service {
namespace {

using accounts::Actor;
using accounts::Role;

constexpr const char* kPassword = "correct horse battery";

Instant At(const char* rfc3339) { return *ParseInstant(rfc3339); }
Date Day(const char* text) { return *ParseDate(text); }

const indicators::Value& Find(const IndicatorValues& all, std::string_view id) {
  for (const auto& v : all.values) {
    if (v.id == id) return v;
  }
  throw std::runtime_error("missing " + std::string(id));
}

class IndicatorServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto seeded = testing::PutTwoDistricts(*store_);
    ASSERT_TRUE(seeded.has_value()) << seeded.error().ToString();
    for (const char* district : {"440802", "440803"}) {
      std::string dept = std::string(district) + "-scj";
      admins_.push_back(
          Staff(std::string("adm-") + district, Role::kDepartmentAdmin, district, dept));
      clerks_.push_back(Staff(std::string("clk-") + district, Role::kWindowClerk, district, dept));
      reviewers_.push_back(Staff(std::string("rev-") + district, Role::kReviewer, district, dept));
      desks_.push_back(Staff(std::string("desk-") + district, Role::kFrontDeskClerk, district, ""));
    }
    manager_ = Staff("zj-manager", Role::kBureauManager, "440800", "");
    auto citizen = accounts_.RegisterCitizen(
        {seed::DemoIdNumber("440802", Day("1985-06-15"), 123), "陈晓明", "13807591234", kPassword},
        ctx_);
    ASSERT_TRUE(citizen.has_value()) << citizen.error().ToString();
    citizen_ = AccountService::ActorOf(*citizen);
  }

  Actor Staff(const std::string& username, Role role, const std::string& region,
              const std::string& department) {
    auto a = accounts_.CreateStaff(
        {username, username, role, region, DepartmentId(department), kPassword}, std::nullopt,
        ctx_);
    EXPECT_TRUE(a.has_value()) << a.error().ToString();
    return AccountService::ActorOf(*a);
  }

  ItemView Publish(int district, int statutory, int promised, bool online) {
    catalog::ServiceItem item;
    std::string region = district == 0 ? "440802" : "440803";
    item.code = region + "-scj-" + std::to_string(++item_counter_);
    item.name = "食品经营许可";
    item.department_id = DepartmentId(region + "-scj");
    item.region_code = region;
    item.statutory_limit_wd = statutory;
    item.promised_limit_wd = promised;
    item.online = online;
    item.materials = {{"申请表", true, ""}};
    auto created = catalog_.Create(admins_[district], item, ctx_);
    EXPECT_TRUE(created.has_value()) << created.error().ToString();
    auto published = catalog_.PublishInitialLoad(admins_[district], created->item.id,
                                                 created->item.version, "test fixture", ctx_);
    EXPECT_TRUE(published.has_value()) << published.error().ToString();
    return *published;
  }

  // Acts and returns the new version, or 0 when the transition was refused.
  std::int64_t Act(const Actor& actor, const CaseId& id, std::string transition,
                   std::int64_t version, std::map<std::string, std::string> fields = {}) {
    auto r = apps_.Act(actor, id, {std::move(transition), std::move(fields)}, version, ctx_);
    return r ? r->record.version : 0;
  }

  // A seeded random history over 2025-11 .. 2026-02 in both districts: submissions online
  // and at the window, acceptances, refusals, decisions, conclusions on and after their
  // deadlines, withdrawals; walk-ins filed at a 一窗 front desk, some for the other district's
  // items (市内通办), online cases accepted by a front desk, certificates collected at the
  // window (visits on several days).
  void GenerateHistory(int cases) {
    std::mt19937 rng(20261122);
    std::vector<ItemView> items = {Publish(0, 20, 5, true), Publish(0, 10, 1, false),
                                   Publish(1, 20, 3, true), Publish(1, 15, 10, true)};
    Instant t = At("2025-11-03T09:00:00+08:00");
    for (int i = 0; i < cases; ++i) {
      t += std::chrono::hours(5 + rng() % 40);
      clock_.Set(t);
      const ItemView& item = items[rng() % items.size()];
      int district = item.item.region_code == "440802" ? 0 : 1;
      SubmitRequest request;
      request.item_id = item.item.id;
      // Items applied for in person, and a third of the others, are filed at the window.
      bool window = !item.item.online || rng() % 3 == 0;
      request.channel = window ? "window" : "online";
      if (window) request.applicant = Applicant{"陈晓明", citizen_.id_number, "13807591234"};
      request.request_fingerprint = "fp" + std::to_string(i);
      // Who files and who accepts: the department's clerk, the district's front desk, or
      // (通办) the other district's front desk, which then takes the front-desk steps.
      int desk_roll = static_cast<int>(rng() % 6);
      const Actor* filer = window ? &clerks_[district] : &citizen_;
      const Actor* acceptor = &clerks_[district];
      if (window && desk_roll <= 1) filer = acceptor = &desks_[district];
      if (window && desk_roll == 2) filer = acceptor = &desks_[1 - district];
      if (!window && desk_roll == 0) acceptor = &desks_[district];
      auto submitted = apps_.Submit(*filer, request, ctx_);
      ASSERT_TRUE(submitted.has_value()) << submitted.error().ToString();
      CaseId id = submitted->record.id;
      std::int64_t v = 1;
      int fate = static_cast<int>(rng() % 10);
      clock_.Advance(std::chrono::hours(2 + rng() % 30));
      if (fate == 0) {
        Act(*acceptor, id, "not_accept", v, {{"note", "材料不符"}});
        continue;
      }
      if (fate == 1 && !window) {
        ASSERT_NE(Act(citizen_, id, "withdraw", v), 0);
        continue;
      }
      v = Act(*acceptor, id, "accept", v);
      ASSERT_NE(v, 0);
      if (fate == 2) continue;  // still open
      clock_.Advance(std::chrono::hours(24 * (1 + rng() % 12)));
      v = fate == 3 ? Act(reviewers_[district], id, "deny", v, {{"note", "不符合条件"}})
                    : Act(reviewers_[district], id, "approve", v);
      ASSERT_NE(v, 0);
      if (fate == 4) continue;  // decided, not concluded
      clock_.Advance(std::chrono::hours(1 + rng() % 20));
      // Half of the certificates are collected at the window: one more trip.
      std::map<std::string, std::string> delivery;
      if (rng() % 2 == 0) delivery["delivery"] = "window";
      ASSERT_NE(Act(*acceptor, id, "conclude", v, delivery), 0);
    }
  }

  std::unique_ptr<testing::StoreTestDatabase> db_ =
      testing::CreateTestDatabaseOrThrow(ZT_TEST_BACKEND);
  std::unique_ptr<Store> store_ = testing::OpenMigratedOrThrow(*db_);
  crypto::OpenSslCrypto crypto_;
  SimulatedClock clock_{At("2025-11-01T10:00:00+08:00")};
  AccountService accounts_{*store_, crypto_, clock_};
  CatalogService catalog_{*store_, crypto_, clock_};
  ApplicationService apps_{*store_, crypto_, clock_, calendar::WorkingCalendar::China()};
  IndicatorService indicators_{*store_, clock_};
  RequestContext ctx_{"req-test", "127.0.0.1"};
  std::vector<Actor> admins_, clerks_, reviewers_, desks_;
  Actor manager_, citizen_;
  int item_counter_ = 0;
};

TEST_F(IndicatorServiceTest, IncrementalCountersEqualTheRecomputation) {
  GenerateHistory(80);
  auto check = indicators_.CheckCounters(manager_, false, ctx_);
  ASSERT_TRUE(check.has_value()) << check.error().ToString();
  EXPECT_TRUE(check->equal) << check->first_difference;
  EXPECT_GT(check->stored_rows, 50);
  EXPECT_EQ(check->stored_rows, check->recomputed_rows);

  // A counter changed behind the store's back is found, and the repair restores it.
  ASSERT_TRUE(db_->ExecRaw("UPDATE indicator_counters SET n = n + 1 WHERE grain = 'month' AND "
                           "action = 'application.accepted'")
                  .has_value());
  check = indicators_.CheckCounters(manager_, true, ctx_);
  ASSERT_TRUE(check.has_value());
  EXPECT_FALSE(check->equal);
  EXPECT_NE(check->first_difference.find("application.accepted"), std::string::npos);
  check = indicators_.CheckCounters(manager_, false, ctx_);
  EXPECT_TRUE(check->equal) << check->first_difference;
}

TEST_F(IndicatorServiceTest, ValuesAgreeWithTheCasesThemselves) {
  GenerateHistory(80);
  clock_.Set(At("2026-06-01T10:00:00+08:00"));
  auto values = indicators_.Values(manager_, {"440800", "", Day("2025-01-01"), Day("2026-12-31")});
  ASSERT_TRUE(values.has_value()) << values.error().ToString();
  // The bureau's per-department figures count the same cases from the case rows.
  auto stats = apps_.DepartmentStats(manager_, "440800");
  ASSERT_TRUE(stats.has_value()) << stats.error().ToString();
  std::int64_t submitted = 0, accepted = 0, concluded = 0, on_time = 0, days = 0;
  for (const auto& f : *stats) {
    submitted += f.submitted;
    accepted += f.accepted;
    concluded += f.concluded;
    on_time += f.concluded_on_time;
    days += f.working_days_total;
  }
  ASSERT_GT(concluded, 10);
  EXPECT_EQ(Find(*values, "case.submitted").numerator, submitted);
  EXPECT_EQ(Find(*values, "case.accepted").numerator, accepted);
  EXPECT_EQ(Find(*values, "case.concluded").numerator, concluded);
  const auto& on_time_rate = Find(*values, "case.on_time_rate");
  EXPECT_EQ(on_time_rate.numerator, on_time);
  EXPECT_EQ(on_time_rate.denominator, concluded);
  EXPECT_EQ(on_time_rate.value,
            indicators::RoundValue(indicators::Rounding::kPercentHalfUp1, on_time, concluded));
  EXPECT_EQ(Find(*values, "case.avg_working_days").numerator, days);
  EXPECT_EQ(Find(*values, "item.published").value, 4.0);
  EXPECT_EQ(Find(*values, "item.online_rate").value, 75.0);  // 3 of 4 items

  // A period with partial months (daily rows at the ends) adds up with its complement.
  auto first = indicators_.Values(manager_, {"440800", "", Day("2025-11-01"), Day("2025-12-17")});
  auto second = indicators_.Values(manager_, {"440800", "", Day("2025-12-18"), Day("2026-06-01")});
  ASSERT_TRUE(first && second);
  EXPECT_EQ(Find(*first, "case.submitted").numerator + Find(*second, "case.submitted").numerator,
            submitted);
  EXPECT_GT(Find(*first, "case.submitted").numerator, 0);

  // Months and districts add up to the whole.
  auto by_month = indicators_.Breakdown(
      manager_, {"440800", "", Day("2025-11-01"), Day("2026-06-01")}, "month");
  ASSERT_TRUE(by_month.has_value()) << by_month.error().ToString();
  EXPECT_EQ(by_month->front().key, "2025-11");
  double month_sum = 0;
  for (const auto& g : *by_month) {
    for (const auto& v : g.values) {
      if (v.id == "case.submitted") month_sum += v.numerator;
    }
  }
  EXPECT_EQ(month_sum, submitted);
  auto by_region = indicators_.Breakdown(
      manager_, {"440800", "", Day("2025-11-01"), Day("2026-06-01")}, "region");
  ASSERT_TRUE(by_region.has_value());
  ASSERT_EQ(by_region->size(), 2u);
  EXPECT_EQ((*by_region)[0].label, "赤坎区");
}

// 一窗, 通办, visits, 全程网办 and p90 from the counters equal the same figures computed case by
// case from the records (acceptances, visits, the calendar); and the item and level scopes.
TEST_F(IndicatorServiceTest, NewerCaseFiguresAgreeWithTheCasesThemselves) {
  GenerateHistory(80);
  clock_.Set(At("2026-06-01T10:00:00+08:00"));
  struct Expected {
    std::int64_t accepted = 0, front_desk = 0, tongban = 0, concluded = 0, trips = 0;
    std::int64_t fully_online = 0;
    std::vector<int> days;
  };
  std::map<std::string, Expected> by_region;  // "440800", "440802", "440803"
  std::map<std::string, std::int64_t> by_item;
  const auto& cal = calendar::WorkingCalendar::China();
  {
    auto tx = store_->Begin();
    ASSERT_TRUE(tx.has_value());
    CaseQuery query;
    query.region_prefix = "4408";
    query.limit = 1000;
    auto cases = (*tx)->ListCases(query);
    ASSERT_TRUE(cases.has_value());
    for (const auto& c : cases->items) {
      ++by_item[c.item_id.value()];
      auto acceptance = (*tx)->appointments().FindAcceptance(c.id);
      auto visits = (*tx)->appointments().ListVisitsFor(c.id);
      ASSERT_TRUE(acceptance.has_value() && visits.has_value());
      std::set<std::string> regions = {"440800", c.region_code};
      bool tongban = *acceptance && !(*acceptance)->tongban.empty();
      if (tongban) regions.insert((*acceptance)->accepting_region);
      for (const auto& region : regions) {
        Expected& e = by_region[region];
        if (tongban) ++e.tongban;
        if (!c.accepted_at) continue;
        ++e.accepted;
        if (*acceptance) ++e.front_desk;
        if (c.state != "concluded") continue;
        ++e.concluded;
        int trips = presence::TripsOf(*visits);
        e.trips += trips;
        if (c.channel == "online" && trips == 0) ++e.fully_online;
        auto days =
            cal.WorkingDaysBetween(CivilDateCst(*c.accepted_at), CivilDateCst(*c.concluded_at));
        ASSERT_TRUE(days.has_value());
        e.days.push_back(*days);
      }
    }
  }
  ASSERT_GT(by_region["440800"].front_desk, 5);
  ASSERT_GT(by_region["440800"].tongban, 2);
  ASSERT_GT(by_region["440800"].trips, 5);
  ASSERT_GT(by_region["440800"].fully_online, 2);
  for (const char* region : {"440800", "440802", "440803"}) {
    SCOPED_TRACE(region);
    const Expected& e = by_region[region];
    auto values = indicators_.Values(manager_, {region, "", Day("2025-01-01"), Day("2026-12-31")});
    ASSERT_TRUE(values.has_value()) << values.error().ToString();
    const auto& window = Find(*values, "case.one_window_share");
    EXPECT_EQ(window.numerator, e.front_desk);
    EXPECT_EQ(window.denominator, e.accepted);
    EXPECT_EQ(Find(*values, "case.tongban_city").value, static_cast<double>(e.tongban));
    const auto& visits = Find(*values, "case.visits_per_case");
    EXPECT_EQ(visits.numerator, e.trips);
    EXPECT_EQ(visits.denominator, e.concluded);
    EXPECT_EQ(visits.value,
              indicators::RoundValue(indicators::Rounding::kDecimalHalfUp2, e.trips, e.concluded));
    EXPECT_EQ(Find(*values, "case.fully_online").value, static_cast<double>(e.fully_online));
    EXPECT_EQ(Find(*values, "case.fully_online_share").numerator, e.fully_online);
    std::vector<int> days = e.days;
    std::sort(days.begin(), days.end());
    ASSERT_FALSE(days.empty());
    EXPECT_EQ(Find(*values, "case.p90_working_days").value, days[(days.size() * 9 + 9) / 10 - 1]);
  }

  // One item's figures are its cases; the level of both districts is county.
  ValueQuery q{"440800", "", Day("2025-01-01"), Day("2026-12-31")};
  for (const auto& [item_id, cases] : by_item) {
    ValueQuery one = q;
    one.item_id = item_id;
    auto values = indicators_.Values(manager_, one);
    ASSERT_TRUE(values.has_value()) << values.error().ToString();
    EXPECT_EQ(Find(*values, "case.submitted").numerator, cases) << item_id;
    EXPECT_EQ(Find(*values, "item.published").value, 1.0) << item_id;
    auto records = indicators_.Records(manager_, "case.submitted", "numerator", one, 1000);
    ASSERT_TRUE(records.has_value());
    EXPECT_EQ(static_cast<std::int64_t>(records->size()), cases);
  }
  ValueQuery county = q;
  county.level = "county";
  ValueQuery city = q;
  city.level = "city";
  auto all = indicators_.Values(manager_, q);
  auto counties = indicators_.Values(manager_, county);
  auto cities = indicators_.Values(manager_, city);
  ASSERT_TRUE(all && counties && cities);
  EXPECT_EQ(Find(*counties, "case.submitted").numerator, Find(*all, "case.submitted").numerator);
  EXPECT_EQ(Find(*cities, "case.submitted").numerator, 0);

  // The drill-down of the new figures lists exactly the counted records.
  for (const char* id : {"case.one_window_share", "case.tongban_city", "case.fully_online"}) {
    const auto& v = Find(*all, id);
    auto num = indicators_.Records(manager_, id, "numerator", q, 1000);
    ASSERT_TRUE(num.has_value()) << id;
    EXPECT_EQ(static_cast<double>(num->size()), v.numerator) << id;
  }
  // An item's figures are not frozen apart from the rest.
  clock_.Set(At("2027-01-02T10:00:00+08:00"));
  ValueQuery one = q;
  one.item_id = by_item.begin()->first;
  EXPECT_EQ(indicators_.Freeze(manager_, one, ctx_).error().key(), "indicator.item_frozen");
}

TEST_F(IndicatorServiceTest, DrillDownListsTheRecordsBehindTheNumber) {
  GenerateHistory(40);
  ValueQuery q{"440800", "", Day("2025-01-01"), Day("2026-12-31")};
  auto values = indicators_.Values(manager_, q);
  ASSERT_TRUE(values.has_value());
  for (const char* id : {"case.on_time_rate", "case.online_rate", "case.conclusion_rate"}) {
    const auto& v = Find(*values, id);
    auto num = indicators_.Records(manager_, id, "numerator", q, 1000);
    auto den = indicators_.Records(manager_, id, "denominator", q, 1000);
    ASSERT_TRUE(num && den) << id;
    EXPECT_EQ(static_cast<double>(num->size()), v.numerator) << id;
    EXPECT_EQ(static_cast<std::int64_t>(den->size()), v.denominator) << id;
  }
  auto items = indicators_.Records(manager_, "item.online_rate", "numerator", q);
  ASSERT_TRUE(items.has_value());
  EXPECT_EQ(items->size(), 3u);
  EXPECT_EQ(indicators_.Records(manager_, "case.nothing", "numerator", q).error().key(),
            "indicator.not_found");
  EXPECT_EQ(indicators_.Records(manager_, "case.submitted", "denominator", q).error().key(),
            "indicator.part");
}

TEST_F(IndicatorServiceTest, FrozenPeriodDoesNotMoveWithLaterEvents) {
  GenerateHistory(30);
  ValueQuery q{"440800", "", Day("2025-11-01"), Day("2025-11-30")};
  clock_.Set(At("2025-11-30T18:00:00+08:00"));  // the month has not ended yet
  auto open = indicators_.Freeze(manager_, q, ctx_);
  ASSERT_FALSE(open.has_value());
  EXPECT_EQ(open.error().key(), "indicator.period_open");
  clock_.Set(At("2026-03-01T09:00:00+08:00"));
  auto frozen = indicators_.Freeze(manager_, q, ctx_);
  ASSERT_TRUE(frozen.has_value()) << frozen.error().ToString();
  double submitted = Find(*frozen, "case.submitted").numerator;
  ASSERT_GT(submitted, 0);
  auto twice = indicators_.Freeze(manager_, q, ctx_);
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().key(), "indicator.already_frozen");

  // A late entry dated inside the frozen month and a newly published item.
  clock_.Set(At("2025-11-20T10:00:00+08:00"));
  ItemView item = Publish(0, 20, 5, true);
  SubmitRequest late;
  late.item_id = item.item.id;
  late.request_fingerprint = "late";
  ASSERT_TRUE(apps_.Submit(citizen_, late, ctx_).has_value());
  clock_.Set(At("2026-03-02T09:00:00+08:00"));

  auto again = indicators_.Values(manager_, q);
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->frozen);
  EXPECT_EQ(Find(*again, "case.submitted").numerator, submitted);
  EXPECT_EQ(Find(*again, "item.published").value, 4.0);
  EXPECT_EQ(Find(*again, "case.on_time_rate").formula, Find(*frozen, "case.on_time_rate").formula);
  // The live figures of another scope moved.
  auto live = indicators_.Values(manager_, {"440802", "", q.from, q.to});
  ASSERT_TRUE(live.has_value());
  EXPECT_FALSE(live->frozen);
  EXPECT_EQ(Find(*live, "item.published").value, 3.0);
}

TEST_F(IndicatorServiceTest, ScopeFollowsTheRoles) {
  GenerateHistory(30);
  ValueQuery own{"440802", "440802-scj", Day("2025-01-01"), Day("2026-12-31")};
  auto clerk = indicators_.Values(clerks_[0], {"440802", "", own.from, own.to});
  ASSERT_TRUE(clerk.has_value()) << clerk.error().ToString();
  EXPECT_EQ(clerk->department_id, "440802-scj");  // narrowed to the clerk's department
  auto manager = indicators_.Values(manager_, own);
  ASSERT_TRUE(manager.has_value());
  EXPECT_EQ(Find(*clerk, "case.submitted").numerator, Find(*manager, "case.submitted").numerator);
  auto whole = indicators_.Values(manager_, {"440800", "", own.from, own.to});
  EXPECT_LT(Find(*clerk, "case.submitted").numerator, Find(*whole, "case.submitted").numerator);

  EXPECT_EQ(indicators_.Values(clerks_[0], {"440803", "", own.from, own.to}).error().key(),
            "indicator.out_of_scope");
  EXPECT_EQ(
      indicators_.Values(clerks_[0], {"440802", "440803-scj", own.from, own.to}).error().key(),
      "indicator.out_of_scope");
  EXPECT_EQ(indicators_.Values(citizen_, own).error().key(), "indicator.not_allowed");
  EXPECT_EQ(indicators_.Values(manager_, {"440000", "", own.from, own.to}).error().key(),
            "indicator.out_of_scope");
  EXPECT_EQ(indicators_.Values(manager_, {"440800", "", own.to, own.from}).error().key(),
            "indicator.period");
}

}  // namespace
}  // namespace zt::service
