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
