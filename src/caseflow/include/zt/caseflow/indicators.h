// File: indicators.h
//
// Case-level indicators (办件口径) of applications, as zt::Indicator values with their
// numerators, denominators and formulas. Pure: the caller hands in one CaseFacts per case
// (ApplicationService::CaseIndicators gathers them in the caller's scope) and the calendar.
// The indicator registry (src/indicators) can call CaseIndicators directly.
//
//   auto figures = caseflow::CaseIndicators(facts, calendar::WorkingCalendar::China());
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "zt/calendar/calendar.h"
#include "zt/core/indicator.h"
#include "zt/core/time.h"

namespace zt::caseflow {

// What the indicators need of one application.
struct CaseFacts {
  std::string state;    // "concluded", ...
  std::string outcome;  // "approved", "passed_up", ...
  std::string channel;  // "online" | "window" | "kiosk" | "mobile"
  std::optional<Instant> accepted_at;
  std::optional<Instant> concluded_at;
  std::optional<Date> promised_deadline;
  // In-person steps of the applicant (跑动): filing at a window or kiosk, bringing 补正 or
  // 容缺 materials to a clerk. 0 for a case handled entirely online.
  int visits = 0;
  // Accepted at a 一窗 front desk (综合窗口) rather than the department's own desk.
  bool front_desk = false;
  // 通办 (service/appointment_store.h CaseAcceptance::tongban): "" | "city" | "province" |
  // "cross_province".
  std::string tongban;
};

// Keys (all "case." prefixed):
//   conclusion_rate    办结率      accepted cases concluded ÷ accepted cases
//   on_time_rate       按时办结率  concluded on or before the promised deadline ÷ concluded
//   instant_share      即办件比例  concluded the day they were accepted ÷ concluded
//   average_working_days  平均办理工作日  Σ working days from acceptance to conclusion ÷ concluded
//   p90_working_days   90%分位办理工作日  nearest-rank 90th percentile of those days
//   fully_online       全程网办件数  concluded cases filed online or by mobile with no visit
//   visits_per_case    件均跑动次数  Σ visits ÷ cases filed
//   one_window_share   一窗受理占比  accepted at a 一窗 front desk ÷ accepted cases
//   tongban_city       市内通办件数  cases filed in one district for an item of another
//                                    district of the same city
//   tongban_province   省内通办件数  ... of another city of the same province
//   tongban_cross_province 跨省通办件数 ... of another province
// Percentages are rounded half-up to one decimal; nullopt when the denominator is 0.
// Errors: calendar.year_not_covered when a conclusion lies in a year without holiday data.
Result<std::vector<Indicator>> CaseIndicators(const std::vector<CaseFacts>& cases,
                                              const calendar::WorkingCalendar& cal);

}  // namespace zt::caseflow
