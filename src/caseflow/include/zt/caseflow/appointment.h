// File: appointment.h
//
// Appointments (预约办, docs/appointments.md): halls in a region, windows in a hall (serving
// one department, or 综合窗口/一窗 serving every department of the hall's region), time slots
// with a capacity, and bookings of a slot for an item. Pure rules: what a booking's status is
// at an instant (a booking not checked in by its slot's end is a no-show), who may change it,
// and the checks on new halls, windows and slots. The service keeps the records.
//
//   auto status = caseflow::BookingStatusAt(booking, now);   // "booked" | "no_show" | ...
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"
#include "zt/core/ids.h"
#include "zt/core/time.h"

namespace zt::caseflow {

struct Hall {
  std::string id;
  std::string name;  // "湛江市政务服务中心"
  std::string region_code;
  std::string address;
};

struct Window {
  std::string id;
  std::string hall_id;
  std::string name;  // "3号窗口"
  // 综合窗口 (一窗): accepts for every department of the hall's region; department_id empty.
  bool comprehensive = false;
  DepartmentId department_id;  // the department a departmental window serves
  // Items a departmental window serves; empty means every item of its department.
  std::vector<ItemId> item_ids;
};

struct Slot {
  std::string id;
  std::string window_id;
  std::string hall_id;
  std::string region_code;  // the hall's
  Date day;
  Instant starts_at{};
  Instant ends_at{};
  int capacity = 1;
  int booked = 0;  // active bookings (booked or checked in); never above capacity
};

struct Booking {
  std::string id;
  std::string code;  // shown to the citizen and the window: "YY-20261123-0007"
  std::string slot_id;
  std::string window_id;
  std::string hall_id;
  std::string region_code;     // the hall's
  DepartmentId department_id;  // the item's department
  ItemId item_id;
  std::string item_name;
  CaseId case_id;  // the citizen's application it is for; empty when none yet
  AccountId citizen_account;
  std::string applicant_name;
  std::string applicant_id_number;
  Date day;
  Instant starts_at{};
  Instant ends_at{};
  std::string state = "booked";  // stored: "booked" | "checked_in" | "cancelled"
  Instant booked_at{};
  std::optional<Instant> checked_in_at;
  std::optional<Instant> cancelled_at;
  AccountId checked_in_by;
  std::int64_t version = 1;
};

// The booking's status at `now`: the stored state, except that a booking still "booked" at or
// after its slot's end is a "no_show".
std::string BookingStatusAt(const Booking& b, Instant now);

// Whether a citizen may still cancel or move the booking: booked, and the slot not begun.
// kFailedPrecondition "appointment.not_changeable" otherwise.
Status CheckChangeable(const Booking& b, Instant now);
// Whether the window may check the citizen in now: booked, on the slot's day, before the
// slot's end. kFailedPrecondition "appointment.already_checked_in", "appointment.cancelled",
// "appointment.no_show" (the slot ended), "appointment.not_today".
Status CheckCheckIn(const Booking& b, Instant now);
// Whether a slot may be booked now: it has not begun. kFailedPrecondition
// "appointment.slot_past". (Capacity is enforced by the store's conditional update.)
Status CheckBookable(const Slot& s, Instant now);

// Whether the window serves the item (of that department).
bool WindowServes(const Window& w, const DepartmentId& item_department, const ItemId& item);

// Checks of new records; field errors with JSON pointers, kInvalidArgument.
Status ValidateHall(const Hall& h);
Status ValidateWindow(const Window& w);
// A day's slots: from `first` to `last` ("HH:MM", China Standard Time) in `minutes` steps,
// each with `capacity` (1..500). `minutes` 5..240.
struct SlotPlan {
  Date day;
  std::string first = "09:00";
  std::string last = "12:00";  // the end of the last slot
  int minutes = 30;
  int capacity = 5;
};
Result<std::vector<std::pair<Instant, Instant>>> PlanSlots(const SlotPlan& plan);

}  // namespace zt::caseflow
