// File: appointment_service.h
//
// Appointments (预约办, docs/appointments.md): halls, windows (departmental or 综合窗口/一窗),
// slots with a capacity, and a citizen's bookings: book, change, cancel; the window checks
// people in; a booking not checked in by its slot's end is a no-show. A slot's capacity is
// never exceeded, even by racing bookings (AppointmentStore::TakeSeat).
//
// Also the in-person side of applications that ApplicationService records inside its own
// transactions (namespace presence): visits (跑动), the 一窗 front desk and 通办.
//
//   AppointmentService appointments(store, crypto, clock);
//   auto booking = appointments.Book(citizen, {slot_id, item_id, case_id}, ctx);
//   appointments.CheckIn(clerk, booking->booking.id, booking->booking.version, ctx);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zt/accounts/roles.h"
#include "zt/caseflow/application.h"
#include "zt/caseflow/appointment.h"
#include "zt/caseflow/case_type.h"
#include "zt/core/error.h"
#include "zt/service/appointment_store.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::service {

struct HallView {
  caseflow::Hall hall;
  std::vector<caseflow::Window> windows;
};

struct SlotView {
  caseflow::Slot slot;
  std::string window_name;
  std::string hall_name;
  bool comprehensive = false;  // at a 一窗 window
  int remaining = 0;
};

struct BookingView {
  caseflow::Booking booking;
  std::string status;  // caseflow::BookingStatusAt: booked | checked_in | cancelled | no_show
  std::string window_name;
  std::string hall_name;
  std::string receipt_no;  // of the linked application, if any
  bool masked = true;      // the applicant's ID number masked for this caller
};

struct BookRequest {
  std::string slot_id;
  ItemId item_id;
  CaseId case_id;  // optional: the citizen's own application this visit is for
};

// Appointment figures of a region (预约办).
struct AppointmentFigures {
  std::string region_code;
  std::int64_t bookable_items = 0;  // published items a window of the region's halls serves
  std::int64_t bookings = 0;        // bookings of slots in [from, to) (cancelled excluded)
  std::int64_t checked_in = 0;
  std::int64_t no_show = 0;
  std::int64_t cancelled = 0;
  std::int64_t waiting = 0;  // booked, slot not yet over
};

class AppointmentService {
 public:
  AppointmentService(Store& store, Crypto& crypto, const Clock& clock)
      : store_(store), crypto_(crypto), clock_(clock) {}

  // Managing halls, windows and slots: bureau managers, inside their region.
  // kPermissionDenied "appointment.manage_not_allowed"; field errors of ValidateHall/Window.
  Result<caseflow::Hall> CreateHall(const accounts::Actor& manager, caseflow::Hall hall,
                                    const RequestContext& ctx);
  // A departmental window's department must lie in the hall's region ("window.department").
  Result<caseflow::Window> AddWindow(const accounts::Actor& manager, caseflow::Window window,
                                     const RequestContext& ctx);
  // Opens a day's slots at a window (caseflow::PlanSlots); existing starts are skipped.
  Result<std::vector<caseflow::Slot>> OpenSlots(const accounts::Actor& manager,
                                                std::string_view window_id,
                                                const caseflow::SlotPlan& plan,
                                                const RequestContext& ctx);

  // Halls in a region prefix (empty: all) with their windows. Public.
  Result<std::vector<HallView>> Halls(std::string_view region_code);
  // Slots not yet begun from `day` to `day + days - 1` at windows that serve the published
  // item (its department's windows and the 一窗 windows of halls in the item's region). Public.
  Result<std::vector<SlotView>> SlotsFor(const ItemId& item_id, Date day, int days = 7);

  // A citizen books a slot for an item (and optionally their own application). Errors, nothing
  // written: kPermissionDenied "appointment.citizens_only"; kInvalidArgument "/slot_id"
  // "appointment.slot_not_found", "/item_id" "item.not_found", "/case_id"
  // "application.not_found", "appointment.window_not_serving"; kFailedPrecondition
  // "appointment.slot_past", "appointment.slot_full", "appointment.already_booked" (an active
  // booking for the same item on the same day).
  Result<BookingView> Book(const accounts::Actor& citizen, const BookRequest& request,
                           const RequestContext& ctx);
  // Moves the booking to another slot serving the item: the old seat is released and the new
  // one taken in one transaction. kAborted "version.stale"; as Book; "appointment.not_changeable".
  Result<BookingView> Change(const accounts::Actor& citizen, std::string_view booking_id,
                             std::string_view slot_id, std::int64_t if_match,
                             const RequestContext& ctx);
  Result<BookingView> Cancel(const accounts::Actor& citizen, std::string_view booking_id,
                             std::int64_t if_match, const RequestContext& ctx);
  // The window checks the citizen in: window clerks of the booked item's department, or the
  // 一窗 front desk, inside the hall's region. Records a visit (跑动) on the linked case.
  Result<BookingView> CheckIn(const accounts::Actor& staff, std::string_view booking_id,
                              std::int64_t if_match, const RequestContext& ctx);

  // kNotFound "appointment.not_found" when absent or not the caller's to see (audited).
  Result<BookingView> Get(const accounts::Actor& actor, std::string_view booking_id,
                          const RequestContext& ctx = {});
  // Citizens: their own bookings, newest first. Window staff: the bookings of `day` at the
  // windows they serve (their department's, or every window of their region's halls for the
  // front desk); bureau managers every booking of that day in their region.
  Result<std::vector<BookingView>> List(const accounts::Actor& actor, std::optional<Date> day);
  // Bureau managers, inside their region; slots starting in [from, to].
  Result<AppointmentFigures> Figures(const accounts::Actor& manager, std::string_view region_code,
                                     Date from, Date to);

 private:
  Result<BookingView> ViewOf(UnitOfWork& tx, caseflow::Booking b, const accounts::Actor* actor);
  bool StaffServes(const accounts::Actor& staff, const caseflow::Booking& b) const;

  Store& store_;
  Crypto& crypto_;
  const Clock& clock_;
};

// The in-person side of applications, recorded by ApplicationService in its transactions.
namespace presence {

// 通办 kind of a case filed in `accepting_region` for an item of `item_region`: "" (one is
// inside the other), "city" (市内通办: same prefecture), "province" (省内), "cross_province"
// (跨省通办).
std::string TongbanKind(std::string_view accepting_region, std::string_view item_region);

// Whether a 一窗 front desk reaches the case: its region lies inside the desk's, or the case
// was filed at a front desk inside the desk's region (通办). False for other roles.
Result<bool> FrontDeskReaches(UnitOfWork& tx, const accounts::Actor& actor,
                              const caseflow::ApplicationCase& c);
// The actor as the case engine should judge it: a front desk acting on a 通办 case it reaches
// acts in the case's region (the receiving desk accepts on the item region's behalf).
accounts::Actor ActingFor(const accounts::Actor& actor, const caseflow::ApplicationCase& c);

// After a case was filed: a visit when filed in person (window, kiosk); the acceptance record
// when a front desk filed it (一窗, and 通办 when outside the item's region).
Status RecordFiling(UnitOfWork& tx, Crypto& crypto, const accounts::Actor& actor,
                    const caseflow::ApplicationCase& c, Instant now);
// After a transition: the visit of the in-person steps a window role takes with the applicant
// at the counter (acceptance of a case filed in person, materials brought for 补正 or 容缺,
// the certificate collected at the window: conclude with delivery "window"), and the
// acceptance record when the front desk accepted.
Status RecordStep(UnitOfWork& tx, Crypto& crypto, const accounts::Actor& actor,
                  const caseflow::ApplicationCase& after, const caseflow::Command& command,
                  Instant now);
// 跑动次数 of a case: its visits on distinct days (several steps in one trip count once).
int TripsOf(const std::vector<VisitRecord>& visits);

}  // namespace presence

}  // namespace zt::service
