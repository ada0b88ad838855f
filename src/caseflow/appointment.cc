#include "zt/caseflow/appointment.h"

#include <algorithm>
#include <chrono>

#include "zt/core/region_code.h"
#include "zt/core/text.h"

namespace zt::caseflow {
namespace {

// "HH:MM" as minutes after midnight; nullopt when malformed.
std::optional<int> MinutesOf(std::string_view hhmm) {
  if (hhmm.size() != 5 || hhmm[2] != ':') return std::nullopt;
  for (std::size_t i : {0u, 1u, 3u, 4u}) {
    if (hhmm[i] < '0' || hhmm[i] > '9') return std::nullopt;
  }
  int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
  int m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

// Midnight China Standard Time (UTC+8) of `day` as an instant.
Instant CstMidnight(Date day) {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(day.sys_days()) -
         std::chrono::hours(8);
}

}  // namespace

std::string BookingStatusAt(const Booking& b, Instant now) {
  if (b.state == "booked" && now >= b.ends_at) return "no_show";
  return b.state;
}

Status CheckChangeable(const Booking& b, Instant now) {
  if (b.state != "booked" || now >= b.starts_at) {
    return Fail(ErrorCode::kFailedPrecondition, "appointment.not_changeable",
                "only a booking whose slot has not begun may be changed or cancelled");
  }
  return Ok();
}

Status CheckCheckIn(const Booking& b, Instant now) {
  if (b.state == "checked_in") {
    return Fail(ErrorCode::kFailedPrecondition, "appointment.already_checked_in",
                "the citizen has checked in already");
  }
  if (b.state == "cancelled") {
    return Fail(ErrorCode::kFailedPrecondition, "appointment.cancelled",
                "the booking was cancelled");
  }
  if (now >= b.ends_at) {
    return Fail(ErrorCode::kFailedPrecondition, "appointment.no_show",
                "the slot has ended: the booking counts as a no-show");
  }
  if (CivilDateCst(now) != b.day) {
    return Fail(ErrorCode::kFailedPrecondition, "appointment.not_today",
                "check-in is on the booked day only");
  }
  return Ok();
}

Status CheckBookable(const Slot& s, Instant now) {
  if (now >= s.starts_at) {
    return Fail(ErrorCode::kFailedPrecondition, "appointment.slot_past",
                "the slot has begun or is over");
  }
  return Ok();
}

bool WindowServes(const Window& w, const DepartmentId& item_department, const ItemId& item) {
  if (w.comprehensive) return true;
  if (w.department_id != item_department) return false;
  return w.item_ids.empty() ||
         std::find(w.item_ids.begin(), w.item_ids.end(), item) != w.item_ids.end();
}

Status ValidateHall(const Hall& h) {
  std::vector<FieldError> errors;
  if (h.name.empty() || Utf8Length(h.name) > 100) {
    errors.push_back({"/name", "hall.name_length", "a hall's name needs 1 to 100 characters"});
  }
  if (!RegionCode::Parse(h.region_code)) {
    errors.push_back({"/region_code", "region.format", "not a region code"});
  }
  if (Utf8Length(h.address) > 200) {
    errors.push_back({"/address", "hall.address_length", "an address has at most 200 characters"});
  }
  if (errors.empty()) return Ok();
  std::string key = errors.front().key;
  return Fail(ErrorCode::kInvalidArgument, key, "the hall has invalid fields", std::move(errors));
}

Status ValidateWindow(const Window& w) {
  std::vector<FieldError> errors;
  if (w.name.empty() || Utf8Length(w.name) > 50) {
    errors.push_back({"/name", "window.name_length", "a window's name needs 1 to 50 characters"});
  }
  if (w.comprehensive && !w.department_id.empty()) {
    errors.push_back({"/department_id", "window.comprehensive_department",
                      "a comprehensive window (一窗) serves every department: leave it empty"});
  }
  if (!w.comprehensive && w.department_id.empty()) {
    errors.push_back({"/department_id", "window.department_required",
                      "a departmental window names its department"});
  }
  if (w.comprehensive && !w.item_ids.empty()) {
    errors.push_back({"/item_ids", "window.comprehensive_items",
                      "a comprehensive window serves every item: list none"});
  }
  if (errors.empty()) return Ok();
  std::string key = errors.front().key;
  return Fail(ErrorCode::kInvalidArgument, key, "the window has invalid fields", std::move(errors));
}

Result<std::vector<std::pair<Instant, Instant>>> PlanSlots(const SlotPlan& plan) {
  std::vector<FieldError> errors;
  auto first = MinutesOf(plan.first);
  auto last = MinutesOf(plan.last);
  if (!first) errors.push_back({"/first", "slot.time_format", "first is HH:MM"});
  if (!last) errors.push_back({"/last", "slot.time_format", "last is HH:MM"});
  if (plan.minutes < 5 || plan.minutes > 240) {
    errors.push_back({"/minutes", "slot.minutes", "a slot lasts 5 to 240 minutes"});
  }
  if (plan.capacity < 1 || plan.capacity > 500) {
    errors.push_back({"/capacity", "slot.capacity", "a slot's capacity is 1 to 500"});
  }
  if (first && last && *last - *first < plan.minutes) {
    errors.push_back({"/last", "slot.range", "the day's range holds no slot"});
  }
  if (!errors.empty()) {
    std::string key = errors.front().key;
    return Fail(ErrorCode::kInvalidArgument, key, "the slot plan has invalid fields",
                std::move(errors));
  }
  std::vector<std::pair<Instant, Instant>> out;
  Instant midnight = CstMidnight(plan.day);
  for (int m = *first; m + plan.minutes <= *last; m += plan.minutes) {
    out.emplace_back(midnight + std::chrono::minutes(m),
                     midnight + std::chrono::minutes(m + plan.minutes));
  }
  return out;
}

}  // namespace zt::caseflow
