// File: appointment_store.h
//
// The appointments area's port (预约办, docs/appointments.md), reached from a unit of work as
// uow.appointments(): halls, windows, slots, bookings, and two records of the in-person side of
// applications: the visits (跑动) made on a case, and where and by whom a case was accepted
// (一窗 front desk, 通办 across regions).
//
//   ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
//   ZT_ASSIGN_OR_RETURN(bool taken, tx->appointments().TakeSeat(slot_id));  // false: full
//
// Errors as the store port (store.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zt/caseflow/appointment.h"
#include "zt/core/error.h"
#include "zt/core/ids.h"
#include "zt/core/time.h"

namespace zt::service {

// One in-person step of an applicant on a case (跑动). Several steps on the same day are one
// trip: the indicator counts distinct days (docs/appointments.md).
struct VisitRecord {
  std::string id;
  CaseId case_id;
  std::string kind;  // "filing" | "check_in" | "materials" | "collection" | "acceptance"
  Instant at{};
  Date day;
  std::string region_code;  // where the visit happened (the clerk's or the hall's region)
  std::string booking_id;   // for a check-in
  AccountId actor_id;       // the clerk, or empty for a kiosk
};

// Where a case was accepted, when that is not simply the item's own department desk: by a
// 一窗 front desk, and/or in another region than the item's (通办).
struct CaseAcceptance {
  CaseId case_id;
  std::string accepting_region;  // the front desk's region
  std::string item_region;       // the case's (the item's) region
  bool front_desk = false;       // accepted at a comprehensive window (一窗)
  // "" (same region), "city" (市内通办: both in one prefecture), "province" (省内通办),
  // "cross_province" (跨省通办).
  std::string tongban;
  AccountId accepted_by;
  Instant at{};
};

class AppointmentStore {
 public:
  virtual ~AppointmentStore() = default;

  virtual Status InsertHall(const caseflow::Hall& hall) = 0;
  virtual Result<std::optional<caseflow::Hall>> FindHall(std::string_view id) = 0;
  // Halls inside a region prefix ('' for all), by region and name.
  virtual Result<std::vector<caseflow::Hall>> ListHalls(std::string_view region_prefix) = 0;

  virtual Status InsertWindow(const caseflow::Window& window) = 0;
  virtual Result<std::optional<caseflow::Window>> FindWindow(std::string_view id) = 0;
  virtual Result<std::vector<caseflow::Window>> ListWindows(std::string_view hall_id) = 0;

  virtual Status InsertSlot(const caseflow::Slot& slot) = 0;  // kAlreadyExists: same start
  virtual Result<std::optional<caseflow::Slot>> FindSlot(std::string_view id) = 0;
  // Slots of the windows listed, starting in [from, to), by start.
  virtual Result<std::vector<caseflow::Slot>> ListSlots(const std::vector<std::string>& window_ids,
                                                        Instant from, Instant to) = 0;
  // Takes one seat of the slot if one is left, atomically (a conditional UPDATE, so two
  // racing transactions never both take the last seat). False when the slot is full.
  virtual Result<bool> TakeSeat(std::string_view slot_id) = 0;
  virtual Status ReleaseSeat(std::string_view slot_id) = 0;

  virtual Status InsertBooking(const caseflow::Booking& booking) = 0;
  // As UpdateCase: the stored version must equal expected_version (kAborted otherwise).
  virtual Status UpdateBooking(const caseflow::Booking& booking, std::int64_t expected_version) = 0;
  virtual Result<std::optional<caseflow::Booking>> FindBooking(std::string_view id) = 0;
  virtual Result<std::vector<caseflow::Booking>> ListBookingsOf(const AccountId& citizen) = 0;
  // Bookings at the given windows starting in [from, to), by start.
  virtual Result<std::vector<caseflow::Booking>> ListBookingsAt(
      const std::vector<std::string>& window_ids, Instant from, Instant to) = 0;
  // Bookings of halls inside a region prefix, slots starting in [from, to).
  virtual Result<std::vector<caseflow::Booking>> ListBookingsIn(std::string_view region_prefix,
                                                                Instant from, Instant to) = 0;

  virtual Status InsertVisit(const VisitRecord& visit) = 0;
  virtual Result<std::vector<VisitRecord>> ListVisitsFor(const CaseId& case_id) = 0;

  virtual Status PutAcceptance(const CaseAcceptance& acceptance) = 0;  // insert or replace
  virtual Result<std::optional<CaseAcceptance>> FindAcceptance(const CaseId& case_id) = 0;
  // Acceptances made in a region prefix (the front desks there), for 通办 and 一窗 figures.
  virtual Result<std::vector<CaseAcceptance>> ListAcceptancesIn(std::string_view region_prefix) = 0;
};

}  // namespace zt::service
