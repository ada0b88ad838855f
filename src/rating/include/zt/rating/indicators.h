// File: indicators.h
//
// The rating indicators (docs/ratings.md defines each with its source), computed from plain
// facts about ratings and rectification cases that the caller has already filtered by
// department, item, window and period. Every value carries its numerator and denominator.
//
//   std::vector<zt::Indicator> v = rating::ComputeIndicators(ratings, rectifications, policy);
//   // v[0]: satisfaction_rate 满意率 = satisfied first ratings ÷ first ratings
#pragma once

#include <optional>
#include <vector>

#include "zt/core/indicator.h"
#include "zt/core/time.h"
#include "zt/rating/rating.h"

namespace zt::rating {

// One case's first rating (explicit or default) and, if any, its re-rating.
struct RatingFact {
  Level level = Level::kBasicallySatisfied;
  bool is_default = false;
  std::optional<Level> rerating;
};

// One rectification case as the indicators need it.
struct RectificationFact {
  Date due;                        // RectificationDue
  std::optional<Date> replied_on;  // civil day (CST) of the reply
  bool called_back = false;
};

// In this order: satisfaction_rate 满意率, bad_rate 差评率, explicit_rate 主动评价率,
// rectification_rate 差评整改率, on_time_rectification_rate 按时整改率, call_back_rate 回访率,
// rerating_uplift 整改后回评提升 (mean score points, not a percent).
std::vector<Indicator> ComputeIndicators(const std::vector<RatingFact>& ratings,
                                         const std::vector<RectificationFact>& rectifications,
                                         const RatingPolicy& policy);

// Mean rounded half-up to one decimal of sum ÷ count (sum may be negative); nullopt for 0.
std::optional<double> MeanHalfUp(std::int64_t sum, std::int64_t count);

}  // namespace zt::rating
