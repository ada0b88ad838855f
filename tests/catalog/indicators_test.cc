#include "zt/catalog/indicators.h"

#include <stdexcept>

#include <gtest/gtest.h>

namespace zt::catalog {
namespace {

ServiceItem Item(int statutory, int promised, bool online, CaseKind kind = CaseKind::kPromised) {
  ServiceItem item;
  item.statutory_limit_wd = statutory;
  item.promised_limit_wd = promised;
  item.online = online;
  item.case_kind = kind;
  return item;
}

const Indicator& Find(const std::vector<Indicator>& all, std::string_view key) {
  for (const auto& i : all) {
    if (i.key == key) return i;
  }
  throw std::runtime_error("no indicator " + std::string(key));
}

TEST(IndicatorsTest, HandComputedValues) {
  // statutory/promised: 20/5, 10/10, 0/3 (no statutory limit), 8/0 instant.
  std::vector<ServiceItem> items = {Item(20, 5, true), Item(10, 10, true), Item(0, 3, false),
                                    Item(8, 0, true, CaseKind::kInstant)};
  auto all = CatalogIndicators(items);
  ASSERT_EQ(all.size(), 4u);
  const auto& online = Find(all, "online_rate");  // 3 ÷ 4 = 75.0%
  EXPECT_EQ(online.numerator, 3);
  EXPECT_EQ(online.denominator, 4);
  EXPECT_EQ(online.value, 75.0);
  const auto& instant = Find(all, "instant_rate");  // 1 ÷ 4 = 25.0%
  EXPECT_EQ(instant.value, 25.0);
  // Σ(statutory − promised) = 15 + 0 + 8 = 23; Σ statutory = 38; 23/38 = 60.526…% → 60.5
  const auto& sum = Find(all, "time_compression_rate");
  EXPECT_EQ(sum.numerator, 23);
  EXPECT_EQ(sum.denominator, 38);
  EXPECT_EQ(sum.value, 60.5);
  // Per item: 0.75, 0, 1 → mean 1.75 / 3 = 58.333…% → 58.3
  const auto& mean = Find(all, "time_compression_mean_rate");
  EXPECT_DOUBLE_EQ(mean.numerator, 1.75);
  EXPECT_EQ(mean.denominator, 3);
  EXPECT_EQ(mean.value, 58.3);
  EXPECT_NE(mean.formula.find("事项口径"), std::string::npos);
}

TEST(IndicatorsTest, RoundsHalfUp) {
  EXPECT_EQ(PercentHalfUp(1, 8), 12.5);  // exactly 12.5
  EXPECT_EQ(PercentHalfUp(1, 16), 6.3);  // 6.25 → 6.3
  EXPECT_EQ(PercentHalfUp(2, 3), 66.7);  // 66.666…
  EXPECT_EQ(PercentHalfUp(1, 3), 33.3);  // 33.333…
  EXPECT_EQ(PercentHalfUp(0, 5), 0.0);
  // Mean of ratios half-up: 1/16 and 1/16 → 6.25% → 6.3.
  auto all = CatalogIndicators(std::vector<ServiceItem>{Item(16, 15, true), Item(16, 15, true)});
  EXPECT_EQ(Find(all, "time_compression_mean_rate").value, 6.3);
}

TEST(IndicatorsTest, NothingToDivideByIsNull) {
  auto none = CatalogIndicators(std::vector<ServiceItem>{});
  for (const auto& i : none) {
    EXPECT_FALSE(i.value.has_value()) << i.key;
    EXPECT_EQ(i.denominator, 0);
  }
  // Items without statutory limits: rates exist, compression is null.
  auto unlimited = CatalogIndicators(std::vector<ServiceItem>{Item(0, 1, true)});
  EXPECT_EQ(Find(unlimited, "online_rate").value, 100.0);
  EXPECT_FALSE(Find(unlimited, "time_compression_rate").value.has_value());
  EXPECT_FALSE(Find(unlimited, "time_compression_mean_rate").value.has_value());
}

}  // namespace
}  // namespace zt::catalog
