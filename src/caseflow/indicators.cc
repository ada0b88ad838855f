#include "zt/caseflow/indicators.h"

#include <algorithm>
#include <cmath>

namespace zt::caseflow {
namespace {

// Rounded half-up to one decimal; nullopt for 0 ÷ 0.
std::optional<double> MeanTenths(std::int64_t sum, std::int64_t count) {
  if (count == 0) return std::nullopt;
  std::int64_t tenths = (20 * sum + count) / (2 * count);
  return static_cast<double>(tenths) / 10.0;
}

}  // namespace

Result<std::vector<Indicator>> CaseIndicators(const std::vector<CaseFacts>& cases,
                                              const calendar::WorkingCalendar& cal) {
  std::int64_t accepted = 0, concluded = 0, on_time = 0, instant = 0, fully_online = 0;
  std::int64_t days_total = 0, visits = 0, front_desk = 0;
  std::int64_t tongban_city = 0, tongban_province = 0, tongban_cross = 0;
  std::vector<int> days_taken;
  for (const auto& c : cases) {
    visits += c.visits;
    if (c.tongban == "city") ++tongban_city;
    if (c.tongban == "province") ++tongban_province;
    if (c.tongban == "cross_province") ++tongban_cross;
    if (!c.accepted_at) continue;
    ++accepted;
    if (c.front_desk) ++front_desk;
    if (c.state != "concluded" || !c.concluded_at) continue;
    ++concluded;
    Date from = CivilDateCst(*c.accepted_at);
    Date to = CivilDateCst(*c.concluded_at);
    ZT_ASSIGN_OR_RETURN(int days, cal.WorkingDaysBetween(from, to));
    days_taken.push_back(days);
    days_total += days;
    if (c.promised_deadline && to <= *c.promised_deadline) ++on_time;
    if (from == to) ++instant;
    if ((c.channel == "online" || c.channel == "mobile") && c.visits == 0) ++fully_online;
  }
  std::optional<double> p90;
  if (!days_taken.empty()) {
    std::sort(days_taken.begin(), days_taken.end());
    // Nearest rank: the smallest value with at least 90% of the cases at or below it.
    std::size_t rank = (days_taken.size() * 9 + 9) / 10;
    p90 = days_taken[rank - 1];
  }
  auto n = static_cast<std::int64_t>(cases.size());
  std::vector<Indicator> out;
  out.push_back({"case.conclusion_rate", "办结率", PercentHalfUp(concluded, accepted),
                 static_cast<double>(concluded), accepted,
                 "办件口径: 已办结件数 ÷ 已受理件数 × 100%"});
  out.push_back({"case.on_time_rate", "按时办结率", PercentHalfUp(on_time, concluded),
                 static_cast<double>(on_time), concluded,
                 "办件口径: 承诺时限内办结件数 ÷ 已办结件数 × 100%"});
  out.push_back({"case.instant_share", "即办件比例", PercentHalfUp(instant, concluded),
                 static_cast<double>(instant), concluded,
                 "办件口径: 受理当日办结件数 ÷ 已办结件数 × 100%"});
  out.push_back({"case.average_working_days", "平均办理工作日", MeanTenths(days_total, concluded),
                 static_cast<double>(days_total), concluded,
                 "Σ(受理至办结的工作日) ÷ 已办结件数，保留一位小数"});
  out.push_back({"case.p90_working_days", "90%分位办理工作日",
                 p90 ? std::optional<double>(*p90) : std::nullopt,
                 p90 ? static_cast<double>(*p90) : 0.0, concluded,
                 "已办结件受理至办结工作日的第90百分位（最近秩法）"});
  out.push_back({"case.fully_online", "全程网办件数", static_cast<double>(fully_online),
                 static_cast<double>(fully_online), concluded,
                 "网上或移动端申请、全程未到现场（跑动 0 次）的已办结件数"});
  std::optional<double> per_case;
  if (n > 0) per_case = std::floor(100.0 * visits / n + 0.5) / 100.0;
  out.push_back(
      {"case.visits_per_case", "件均跑动次数", per_case, static_cast<double>(visits), n,
       "Σ 申请人到现场的趟数（窗口或自助终端申请、预约签到、到窗口补交材料或领证；同一天多个"
       "环节算一趟）÷ 申请件数，保留两位小数"});
  out.push_back({"case.one_window_share", "一窗受理占比", PercentHalfUp(front_desk, accepted),
                 static_cast<double>(front_desk), accepted,
                 "办件口径: 综合窗口（一窗）受理件数 ÷ 已受理件数 × 100%"});
  out.push_back({"case.tongban_city", "市内通办件数", static_cast<double>(tongban_city),
                 static_cast<double>(tongban_city), n,
                 "在本市一区县收件、由本市另一区县实施的申请件数（收件地与实施地各计一次，"
                 "上级合计不重复）"});
  out.push_back({"case.tongban_province", "省内通办件数", static_cast<double>(tongban_province),
                 static_cast<double>(tongban_province), n,
                 "在本省一市收件、由本省另一市实施的申请件数"});
  out.push_back({"case.tongban_cross_province", "跨省通办件数", static_cast<double>(tongban_cross),
                 static_cast<double>(tongban_cross), n, "在一省收件、由另一省实施的申请件数"});
  return out;
}

}  // namespace zt::caseflow
