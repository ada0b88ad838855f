// Formulas evaluated over counters and items, with hand-computed expectations; rounding;
// the counter key of an event; the split of a period into months and days.
#include "zt/indicators/evaluate.h"

#include <gtest/gtest.h>

#include "zt/catalog/indicators.h"

namespace zt::indicators {
namespace {

const Value& Find(const std::vector<Value>& all, std::string_view id) {
  for (const auto& v : all) {
    if (v.id == id) return v;
  }
  throw std::runtime_error("missing " + std::string(id));
}

CounterRow Row(std::string action, std::int64_t n, std::string on_time = "",
               std::string channel = "online", std::string kind = "promised", std::int64_t wd = 0) {
  return {action, channel, kind, on_time, "", n, wd};
}

TEST(EvaluateTest, CaseFormulasOverCountersByHand) {
  std::vector<CounterRow> rows = {
      Row("application.submitted", 7, "", "online"),
      Row("application.submitted", 3, "", "window"),
      Row("application.accepted", 8),
      Row("application.not_accepted", 2),
      Row("application.concluded", 4, "yes", "online", "promised", 9),
      Row("application.concluded", 1, "no", "window", "promised", 12),
      Row("application.handled_instantly", 1, "yes", "window", "instant", 0),
      Row("application.approved", 5),
      Row("application.denied", 1),
  };
  auto all = EvaluateAll(DefaultRegistry(), rows, {});
  EXPECT_EQ(Find(all, "case.submitted").value, 10.0);
  // 即办 both accepts and concludes: 6 ÷ (8 + 1) = 66.66…%
  const Value& conclusion = Find(all, "case.conclusion_rate");
  EXPECT_EQ(conclusion.numerator, 6);
  EXPECT_EQ(conclusion.denominator, 9);
  EXPECT_EQ(conclusion.value, 66.7);
  EXPECT_EQ(Find(all, "case.on_time_rate").value, 83.3);       // 5 ÷ 6 = 83.33…
  EXPECT_EQ(Find(all, "case.instant_share").value, 16.7);      // 1 ÷ 6 = 16.66…
  EXPECT_EQ(Find(all, "case.online_rate").value, 70.0);        // 7 ÷ 10
  EXPECT_EQ(Find(all, "case.not_accepted_rate").value, 18.2);  // 2 ÷ (9 + 2) = 18.18…
  EXPECT_EQ(Find(all, "case.approval_rate").value, 83.3);      // 5 ÷ 6
  const Value& days = Find(all, "case.avg_working_days");      // 21 ÷ 6 = 3.5
  EXPECT_EQ(days.numerator, 21);
  EXPECT_EQ(days.value, 3.5);
  EXPECT_EQ(days.formula,
            "(sum(working_days of application.concluded) + sum(working_days of "
            "application.handled_instantly)) ÷ (count(application.concluded) + "
            "count(application.handled_instantly))");
}

TEST(EvaluateTest, NoCasesIsNoValueNotZero) {
  auto all = EvaluateAll(DefaultRegistry(), {}, {});
  EXPECT_FALSE(Find(all, "case.conclusion_rate").value.has_value());
  EXPECT_EQ(Find(all, "case.concluded").value, 0.0);  // a count of nothing is 0
}

TEST(EvaluateTest, RoundsHalfUpToOneDecimal) {
  EXPECT_EQ(RoundValue(Rounding::kPercentHalfUp1, 1, 8), 12.5);      // exactly 12.5
  EXPECT_EQ(RoundValue(Rounding::kPercentHalfUp1, 1, 16), 6.3);      // 6.25 → 6.3, not 6.2
  EXPECT_EQ(RoundValue(Rounding::kPercentHalfUp1, 100, 272), 36.8);  // STANDARDS §16: not 36.7
  EXPECT_EQ(RoundValue(Rounding::kPercentHalfUp1, 2, 3), 66.7);
  EXPECT_EQ(RoundValue(Rounding::kDecimalHalfUp1, 5, 4), 1.3);      // 1.25 → 1.3
  EXPECT_EQ(RoundValue(Rounding::kDecimalHalfUp1, 0.125, 1), 0.1);  // fractional path
  EXPECT_EQ(RoundValue(Rounding::kPercentHalfUp1, 0.375, 3), 12.5);
  EXPECT_FALSE(RoundValue(Rounding::kPercentHalfUp1, 0, 0).has_value());
  EXPECT_EQ(RoundValue(Rounding::kCount, 42, 0), 42.0);
}

catalog::ServiceItem Item(int statutory, int promised, bool online,
                          catalog::CaseKind kind = catalog::CaseKind::kPromised) {
  catalog::ServiceItem item;
  item.statutory_limit_wd = statutory;
  item.promised_limit_wd = promised;
  item.online = online;
  item.case_kind = kind;
  return item;
}

TEST(EvaluateTest, ItemFormulasAgreeWithTheCatalogue) {
  std::vector<catalog::ServiceItem> items = {Item(20, 5, true), Item(20, 10, false),
                                             Item(0, 0, true, catalog::CaseKind::kInstant),
                                             Item(30, 1, true), Item(16, 15, true)};
  auto ours = EvaluateAll(DefaultRegistry(), {}, items);
  auto theirs = catalog::CatalogIndicators(items);
  ASSERT_EQ(theirs.size(), 4u);
  for (const auto& figure : theirs) {
    const Value& v = Find(ours, "item." + figure.key);
    EXPECT_EQ(v.value, figure.value) << figure.key;
    EXPECT_EQ(v.numerator, figure.numerator) << figure.key;
    EXPECT_EQ(v.denominator, figure.denominator) << figure.key;
  }
  EXPECT_EQ(Find(ours, "item.online_rate").value, 80.0);  // 4 ÷ 5
}

TEST(FactsTest, ConcludedEventKeyCarriesOnTimeAndWorkingDays) {
  const auto& cal = calendar::WorkingCalendar::China();
  CaseEventInput in;
  in.action = "application.concluded";
  in.at = *ParseInstant("2025-10-09T09:00:00+08:00");
  in.region_code = "440802";
  in.department_id = "440802-scj";
  in.channel = "window";
  in.promised_limit_wd = 1;
  in.accepted_at = *ParseInstant("2025-09-30T10:00:00+08:00");
  in.promised_deadline = *ParseDate("2025-10-09");
  CounterKey key = DeriveCounterKey(in, cal);
  EXPECT_EQ(key.day, "2025-10-09");
  EXPECT_EQ(key.on_time, "yes");
  EXPECT_EQ(key.case_kind, "promised");
  EXPECT_EQ(key.working_days, 1);  // 10-01..10-08 is the National Day holiday
  in.promised_deadline = *ParseDate("2025-10-08");
  EXPECT_EQ(DeriveCounterKey(in, cal).on_time, "no");
  in.action = "application.accepted";
  in.at = *ParseInstant("2025-12-31T23:30:00+08:00");
  in.promised_limit_wd = 0;
  key = DeriveCounterKey(in, cal);
  EXPECT_EQ(key.day, "2025-12-31");  // the CST day, though it is still 12-31 15:30 UTC
  EXPECT_EQ(key.on_time, "");
  EXPECT_EQ(key.case_kind, "instant");
}

// One counter row with the newer dimensions: 一窗 on acceptances, 通办 on submissions,
// trips, in_person and the days bucket on conclusions.
CounterRow Concluded(std::int64_t n, std::int64_t days, std::int64_t visits, std::string channel,
                     std::string in_person) {
  CounterRow row = Row("application.concluded", n, "yes", std::move(channel), "promised", n * days);
  row.days_taken = days;
  row.visits = visits;
  row.in_person = std::move(in_person);
  return row;
}

TEST(EvaluateTest, WindowTongbanVisitsOnlineAndPercentileByHand) {
  CounterRow desk = Row("application.accepted", 3);
  desk.front_desk = "yes";
  CounterRow own = Row("application.accepted", 5);
  own.front_desk = "no";
  CounterRow city = Row("application.submitted", 2, "", "window");
  city.tongban = "city";
  CounterRow cross = Row("application.submitted", 1, "", "window");
  cross.tongban = "cross_province";
  std::vector<CounterRow> rows = {
      desk, own, city, cross, Row("application.submitted", 9),
      // 10 concluded: 4 online without a visit (1 day), 2 mobile without (2 days), 3 at the
      // window (3 trips each, 5 days), 1 online with one trip (20 days).
      Concluded(4, 1, 0, "online", "no"), Concluded(2, 2, 0, "mobile", "no"),
      Concluded(3, 5, 9, "window", "yes"), Concluded(1, 20, 1, "online", "yes")};
  auto all = EvaluateAll(DefaultRegistry(), rows, {});
  EXPECT_EQ(Find(all, "case.one_window_share").value, 37.5);  // 3 ÷ 8
  EXPECT_EQ(Find(all, "case.tongban_city").value, 2.0);
  EXPECT_EQ(Find(all, "case.tongban_province").value, 0.0);
  EXPECT_EQ(Find(all, "case.tongban_cross_province").value, 1.0);
  const Value& visits = Find(all, "case.visits_per_case");  // 10 trips ÷ 10 concluded
  EXPECT_EQ(visits.numerator, 10);
  EXPECT_EQ(visits.denominator, 10);
  EXPECT_EQ(visits.value, 1.0);
  EXPECT_EQ(Find(all, "case.fully_online").value, 6.0);
  EXPECT_EQ(Find(all, "case.fully_online_share").value, 60.0);  // 6 ÷ 10
  // Nearest rank: the 9th of 10 sorted values (1,1,1,1,2,2,5,5,5,20) is 5.
  const Value& p90 = Find(all, "case.p90_working_days");
  EXPECT_EQ(p90.value, 5.0);
  EXPECT_EQ(p90.denominator, 10);
  EXPECT_EQ(p90.formula,
            "p90(days_taken of count(application.concluded) + "
            "count(application.handled_instantly))");
  // One more slow case moves the 90th percentile to the slow bucket: rank ⌈9.9⌉ = 10 of 11.
  rows.push_back(Concluded(1, 20, 0, "online", "no"));
  EXPECT_EQ(Find(EvaluateAll(DefaultRegistry(), rows, {}), "case.p90_working_days").value, 20.0);
  EXPECT_FALSE(Find(EvaluateAll(DefaultRegistry(), {}, {}), "case.p90_working_days").value);
}

TEST(EvaluateTest, VisitsPerCaseRoundsToTwoDecimals) {
  EXPECT_EQ(RoundValue(Rounding::kDecimalHalfUp2, 1, 8), 0.13);  // 0.125 → 0.13
  EXPECT_EQ(RoundValue(Rounding::kDecimalHalfUp2, 2, 3), 0.67);
  EXPECT_FALSE(RoundValue(Rounding::kDecimalHalfUp2, 0, 0).has_value());
  EXPECT_EQ(NearestRankPercentile({{3, 1}}, 90), 3);
  EXPECT_EQ(NearestRankPercentile({{7, 9}, {1, 1}}, 90), 7);
  EXPECT_FALSE(NearestRankPercentile({}, 90).has_value());
}

TEST(FactsTest, NewerDimensionsFollowTheEvent) {
  const auto& cal = calendar::WorkingCalendar::China();
  CaseEventInput in;
  in.action = "application.submitted";
  in.at = *ParseInstant("2025-10-09T09:00:00+08:00");
  in.region_code = "440802";
  in.channel = "window";
  in.promised_limit_wd = 5;
  in.item_id = "it_1";
  in.front_desk = true;
  in.tongban = "city";
  in.filed_region = "440803";
  in.trips = 2;
  CounterKey key = DeriveCounterKey(in, cal);
  EXPECT_EQ(key.level, "county");
  EXPECT_EQ(key.item_id, "it_1");
  EXPECT_EQ(key.tongban, "city");
  EXPECT_EQ(key.filed_region, "440803");
  EXPECT_EQ(key.front_desk, "");  // 一窗 is settled at acceptance
  EXPECT_EQ(key.in_person, "");
  EXPECT_EQ(key.days_taken, -1);
  EXPECT_EQ(key.visits, 0);
  in.action = "application.accepted";
  EXPECT_EQ(DeriveCounterKey(in, cal).front_desk, "yes");
  in.action = "application.concluded";
  in.accepted_at = *ParseInstant("2025-09-30T10:00:00+08:00");
  in.region_code = "440800";
  key = DeriveCounterKey(in, cal);
  EXPECT_EQ(key.level, "city");
  EXPECT_EQ(key.in_person, "yes");
  EXPECT_EQ(key.visits, 2);
  EXPECT_EQ(key.days_taken, 1);
  in.trips = 0;
  in.tongban.clear();
  key = DeriveCounterKey(in, cal);
  EXPECT_EQ(key.in_person, "no");
  EXPECT_EQ(key.filed_region, "");  // only a 通办 case counts in the region it was filed in
}

TEST(FactsTest, SplitsPeriodsIntoMonthsAndDays) {
  auto split = SplitPeriod(*ParseDate("2026-01-15"), *ParseDate("2026-04-10"));
  ASSERT_TRUE(split.month_range.has_value());
  EXPECT_EQ(split.month_range->first, "2026-02");
  EXPECT_EQ(split.month_range->second, "2026-03");
  ASSERT_EQ(split.day_ranges.size(), 2u);
  EXPECT_EQ(split.day_ranges[0], (std::pair<std::string, std::string>{"2026-01-15", "2026-01-31"}));
  EXPECT_EQ(split.day_ranges[1], (std::pair<std::string, std::string>{"2026-04-01", "2026-04-10"}));
  auto year = SplitPeriod(*ParseDate("2026-01-01"), *ParseDate("2026-12-31"));
  EXPECT_EQ(year.month_range->first, "2026-01");
  EXPECT_EQ(year.month_range->second, "2026-12");
  EXPECT_TRUE(year.day_ranges.empty());
  auto inside = SplitPeriod(*ParseDate("2026-02-03"), *ParseDate("2026-02-27"));
  EXPECT_FALSE(inside.month_range.has_value());
  ASSERT_EQ(inside.day_ranges.size(), 1u);
  EXPECT_TRUE(SplitPeriod(*ParseDate("2026-02-03"), *ParseDate("2026-02-01")).day_ranges.empty());
}

}  // namespace
}  // namespace zt::indicators
