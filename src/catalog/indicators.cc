#include "zt/catalog/indicators.h"

#include <cmath>

namespace zt::catalog {

std::vector<Indicator> CatalogIndicators(std::span<const ServiceItem> items) {
  std::int64_t total = 0, online = 0, instant = 0, limited = 0, statutory = 0, saved = 0;
  double ratio_sum = 0;
  for (const ServiceItem& item : items) {
    ++total;
    online += item.online ? 1 : 0;
    instant += item.case_kind == CaseKind::kInstant ? 1 : 0;
    if (item.statutory_limit_wd > 0) {
      ++limited;
      statutory += item.statutory_limit_wd;
      saved += item.statutory_limit_wd - item.promised_limit_wd;
      ratio_sum += static_cast<double>(item.statutory_limit_wd - item.promised_limit_wd) /
                   item.statutory_limit_wd;
    }
  }
  std::vector<Indicator> out;
  out.push_back({"online_rate", "网上可办率", PercentHalfUp(online, total),
                 static_cast<double>(online), total,
                 "事项口径: items that can be applied for online ÷ items"});
  out.push_back({"instant_rate", "即办件比例", PercentHalfUp(instant, total),
                 static_cast<double>(instant), total,
                 "事项口径: 即办件 items (case_kind instant) ÷ items"});
  out.push_back({"time_compression_rate", "承诺时限压缩率（合计）", PercentHalfUp(saved, statutory),
                 static_cast<double>(saved), statutory,
                 "事项口径: Σ(statutory − promised working days) ÷ Σ statutory working days, "
                 "over items with a statutory limit"});
  Indicator mean{"time_compression_mean_rate",
                 "承诺时限压缩率（逐项平均）",
                 std::nullopt,
                 std::round(ratio_sum * 1e6) / 1e6,
                 limited,
                 "事项口径: mean over items with a statutory limit of (statutory − promised) ÷ "
                 "statutory; numerator is the sum of the per-item ratios"};
  if (limited > 0) {
    // Half-up to one decimal of 100 × mean; the epsilon absorbs binary noise such as
    // 0.1249999… for an exact 12.5.
    mean.value = std::floor(1000.0 * ratio_sum / limited + 0.5 + 1e-9) / 10.0;
  }
  out.push_back(std::move(mean));
  return out;
}

}  // namespace zt::catalog
