#include "zt/rating/indicators.h"

namespace zt::rating {

std::optional<double> MeanHalfUp(std::int64_t sum, std::int64_t count) {
  if (count <= 0) return std::nullopt;
  // tenths = round_half_up(10 sum / count), symmetric for negative sums.
  std::int64_t scaled = 10 * (sum < 0 ? -sum : sum);
  std::int64_t tenths = (2 * scaled + count) / (2 * count);
  return static_cast<double>(sum < 0 ? -tenths : tenths) / 10.0;
}

std::vector<Indicator> ComputeIndicators(const std::vector<RatingFact>& ratings,
                                         const std::vector<RectificationFact>& rectifications,
                                         const RatingPolicy& policy) {
  std::int64_t total = static_cast<std::int64_t>(ratings.size());
  std::int64_t satisfied = 0, bad = 0, explicit_ratings = 0, rerated = 0, uplift_sum = 0;
  int satisfied_floor = policy.basic_counts_as_satisfied ? Score(Level::kBasicallySatisfied)
                                                         : Score(Level::kSatisfied);
  for (const auto& r : ratings) {
    if (Score(r.level) >= satisfied_floor) ++satisfied;
    if (IsBad(r.level)) ++bad;
    if (!r.is_default) ++explicit_ratings;
    if (r.rerating) {
      ++rerated;
      uplift_sum += Score(*r.rerating) - Score(r.level);
    }
  }
  std::int64_t cases = static_cast<std::int64_t>(rectifications.size());
  std::int64_t replied = 0, on_time = 0, called_back = 0;
  for (const auto& c : rectifications) {
    if (c.replied_on) {
      ++replied;
      if (*c.replied_on <= c.due) ++on_time;
    }
    if (c.called_back) ++called_back;
  }
  std::string satisfied_words =
      policy.basic_counts_as_satisfied ? "(非常满意 + 满意 + 基本满意)" : "(非常满意 + 满意)";
  std::vector<Indicator> out;
  out.push_back(
      {"satisfaction_rate", "满意率", PercentHalfUp(satisfied, total),
       static_cast<double>(satisfied), total,
       "满意率 = " + satisfied_words + " 首次评价数 ÷ 首次评价数 (含默认评价); STANDARDS.md §5.2"});
  out.push_back({"bad_rate", "差评率", PercentHalfUp(bad, total), static_cast<double>(bad), total,
                 "差评率 = (不满意 + 非常不满意) 首次评价数 ÷ 首次评价数; STANDARDS.md §5.2"});
  out.push_back({"explicit_rate", "主动评价率", PercentHalfUp(explicit_ratings, total),
                 static_cast<double>(explicit_ratings), total,
                 "主动评价率 = 评价人主动作出的首次评价数 ÷ 首次评价数 (其余为 7 日后默认评价)"});
  out.push_back({"rectification_rate", "差评整改率", PercentHalfUp(replied, cases),
                 static_cast<double>(replied), cases,
                 "差评整改率 = 已整改并反馈的差评工单 ÷ 差评工单; STANDARDS.md §5.2"});
  out.push_back({"on_time_rectification_rate", "按时整改率", PercentHalfUp(on_time, cases),
                 static_cast<double>(on_time), cases,
                 "按时整改率 = 在整改期限 (" + std::to_string(policy.rectification_limit_wd) +
                     " 个工作日) 内反馈的差评工单 ÷ 差评工单; STANDARDS.md §5.2"});
  out.push_back({"call_back_rate", "回访率", PercentHalfUp(called_back, cases),
                 static_cast<double>(called_back), cases,
                 "回访率 = 已回访的差评工单 ÷ 差评工单 (实名差评应 100% 回访); STANDARDS.md §5.2"});
  out.push_back(
      {"rerating_uplift", "整改后回评提升", MeanHalfUp(uplift_sum, rerated),
       static_cast<double>(uplift_sum), rerated,
       "整改后回评提升 = Σ(回评分 − 首评分) ÷ 回评件数, 以分计 (非常满意 5 … 非常不满意 1)"});
  return out;
}

}  // namespace zt::rating
