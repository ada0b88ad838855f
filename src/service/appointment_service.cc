#include "zt/service/appointment_service.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "zt/core/id_number.h"
#include "zt/core/region_code.h"
#include "zt/service/audit.h"
#include "zt/service/catalog_service.h"

namespace zt::service {
namespace {

using accounts::Role;
using caseflow::Booking;

auto NotFound() {
  return Fail(ErrorCode::kNotFound, "appointment.not_found", "no such appointment");
}

bool RegionWithin(std::string_view outer, std::string_view inner) {
  auto a = RegionCode::Parse(outer);
  auto b = RegionCode::Parse(inner);
  return a && b && a->Contains(*b);
}

EventDraft BookingEvent(Instant at, std::string action, const Booking& b,
                        const accounts::Actor& actor, const RequestContext& ctx) {
  EventDraft e = ActorEvent(at, std::move(action), "appointment", b.id, actor, ctx);
  e.details.push_back({"code", b.code});
  e.details.push_back({"slot_id", b.slot_id});
  e.details.push_back({"item_id", b.item_id.value()});
  e.details.push_back({"state", b.state});
  e.details.push_back({"version", std::to_string(b.version)});
  return e;
}

EventDraft SetupEvent(Instant at, std::string action, std::string_view type, std::string_view id,
                      const accounts::Actor& actor, const RequestContext& ctx) {
  return ActorEvent(at, std::move(action), std::string(type), std::string(id), actor, ctx);
}

Status RequireManager(const accounts::Actor& actor, std::string_view region) {
  if (actor.role != Role::kBureauManager) {
    return Fail(ErrorCode::kPermissionDenied, "appointment.manage_not_allowed",
                "halls, windows and slots are set up by the bureau");
  }
  if (!RegionWithin(actor.region_code, region)) {
    return Fail(ErrorCode::kPermissionDenied, "appointment.manage_not_allowed",
                "the hall lies outside the manager's region");
  }
  return Ok();
}

// Start of `day` and of the day after, China Standard Time, as instants.
std::pair<Instant, Instant> DayRange(Date day, int days = 1) {
  Instant start = std::chrono::time_point_cast<std::chrono::milliseconds>(day.sys_days()) -
                  std::chrono::hours(8);
  return {start, start + std::chrono::days(days)};
}

// The windows that serve the item: its department's windows and the 一窗 windows of the
// halls whose region contains the item's.
struct Serving {
  std::vector<caseflow::Window> windows;
  std::vector<caseflow::Hall> halls;
};

Result<Serving> WindowsServing(UnitOfWork& tx, const catalog::ServiceItem& item) {
  Serving out;
  ZT_ASSIGN_OR_RETURN(auto halls, tx.appointments().ListHalls(""));
  for (const auto& hall : halls) {
    bool hall_covers = RegionWithin(hall.region_code, item.region_code);
    ZT_ASSIGN_OR_RETURN(auto windows, tx.appointments().ListWindows(hall.id));
    bool any = false;
    for (auto& w : windows) {
      bool serves =
          w.comprehensive ? hall_covers : caseflow::WindowServes(w, item.department_id, item.id);
      if (!serves) continue;
      out.windows.push_back(std::move(w));
      any = true;
    }
    if (any) out.halls.push_back(hall);
  }
  return out;
}

}  // namespace

// ---- setup -------------------------------------------------------------------------------

Result<caseflow::Hall> AppointmentService::CreateHall(const accounts::Actor& manager,
                                                      caseflow::Hall hall,
                                                      const RequestContext& ctx) {
  ZT_RETURN_IF_ERROR(caseflow::ValidateHall(hall));
  ZT_RETURN_IF_ERROR(RequireManager(manager, hall.region_code));
  hall.id = NewId(crypto_, "h_");
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_RETURN_IF_ERROR(tx->appointments().InsertHall(hall));
  auto e = SetupEvent(clock_.Now(), "appointment.hall_created", "hall", hall.id, manager, ctx);
  e.details.push_back({"name", hall.name});
  e.details.push_back({"region_code", hall.region_code});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return hall;
}

Result<caseflow::Window> AppointmentService::AddWindow(const accounts::Actor& manager,
                                                       caseflow::Window window,
                                                       const RequestContext& ctx) {
  ZT_RETURN_IF_ERROR(caseflow::ValidateWindow(window));
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto hall, tx->appointments().FindHall(window.hall_id));
  if (!hall) return FieldFail("/hall_id", "appointment.hall_not_found", "no such hall");
  ZT_RETURN_IF_ERROR(RequireManager(manager, hall->region_code));
  if (!window.comprehensive) {
    ZT_ASSIGN_OR_RETURN(auto department, tx->FindDepartment(window.department_id));
    if (!department || !RegionWithin(hall->region_code, department->region_code)) {
      return FieldFail("/department_id", "window.department",
                       "the department must lie in the hall's region");
    }
  }
  window.id = NewId(crypto_, "w_");
  ZT_RETURN_IF_ERROR(tx->appointments().InsertWindow(window));
  auto e = SetupEvent(clock_.Now(), "appointment.window_added", "window", window.id, manager, ctx);
  e.details.push_back({"hall_id", window.hall_id});
  e.details.push_back({"name", window.name});
  e.details.push_back({"comprehensive", window.comprehensive ? "true" : "false"});
  e.details.push_back({"department_id", window.department_id.value()});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return window;
}

Result<std::vector<caseflow::Slot>> AppointmentService::OpenSlots(const accounts::Actor& manager,
                                                                  std::string_view window_id,
                                                                  const caseflow::SlotPlan& plan,
                                                                  const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto times, caseflow::PlanSlots(plan));
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto window, tx->appointments().FindWindow(window_id));
  if (!window) return FieldFail("/window_id", "appointment.window_not_found", "no such window");
  ZT_ASSIGN_OR_RETURN(auto hall, tx->appointments().FindHall(window->hall_id));
  if (!hall) return FieldFail("/window_id", "appointment.window_not_found", "no such window");
  ZT_RETURN_IF_ERROR(RequireManager(manager, hall->region_code));
  auto [from, to] = DayRange(plan.day);
  ZT_ASSIGN_OR_RETURN(auto existing, tx->appointments().ListSlots({window->id}, from, to));
  std::set<Instant> taken;
  for (const auto& s : existing) taken.insert(s.starts_at);
  std::vector<caseflow::Slot> out;
  for (const auto& [start, end] : times) {
    if (taken.contains(start)) continue;
    caseflow::Slot s;
    s.id = NewId(crypto_, "s_");
    s.window_id = window->id;
    s.hall_id = hall->id;
    s.region_code = hall->region_code;
    s.day = plan.day;
    s.starts_at = start;
    s.ends_at = end;
    s.capacity = plan.capacity;
    ZT_RETURN_IF_ERROR(tx->appointments().InsertSlot(s));
    out.push_back(std::move(s));
  }
  auto e = SetupEvent(clock_.Now(), "appointment.slots_opened", "window", window->id, manager, ctx);
  e.details.push_back({"day", plan.day.ToString()});
  e.details.push_back({"slots", std::to_string(out.size())});
  e.details.push_back({"capacity", std::to_string(plan.capacity)});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return out;
}

// ---- public reads ------------------------------------------------------------------------

Result<std::vector<HallView>> AppointmentService::Halls(std::string_view region_code) {
  std::string prefix;
  if (!region_code.empty()) {
    if (!RegionCode::Parse(region_code)) {
      return FieldFail("region", "region.format", "not a region code");
    }
    prefix = RegionScopePrefix(region_code);
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto halls, tx->appointments().ListHalls(prefix));
  std::vector<HallView> out;
  for (auto& h : halls) {
    HallView v;
    ZT_ASSIGN_OR_RETURN(v.windows, tx->appointments().ListWindows(h.id));
    v.hall = std::move(h);
    out.push_back(std::move(v));
  }
  return out;
}

Result<std::vector<SlotView>> AppointmentService::SlotsFor(const ItemId& item_id, Date day,
                                                           int days) {
  days = std::clamp(days, 1, 31);
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto item, tx->FindItem(item_id));
  if (!item || item->status != catalog::ItemStatus::kPublished) {
    return FieldFail("item_id", "item.not_found", "no published item with this id");
  }
  ZT_ASSIGN_OR_RETURN(auto serving, WindowsServing(*tx, *item));
  std::vector<std::string> ids;
  for (const auto& w : serving.windows) ids.push_back(w.id);
  auto [from, to] = DayRange(day, days);
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto slots, tx->appointments().ListSlots(ids, std::max(from, now), to));
  std::vector<SlotView> out;
  for (auto& s : slots) {
    SlotView v;
    for (const auto& w : serving.windows) {
      if (w.id == s.window_id) {
        v.window_name = w.name;
        v.comprehensive = w.comprehensive;
      }
    }
    for (const auto& h : serving.halls) {
      if (h.id == s.hall_id) v.hall_name = h.name;
    }
    v.remaining = s.capacity - s.booked;
    v.slot = std::move(s);
    out.push_back(std::move(v));
  }
  return out;
}

// ---- bookings ----------------------------------------------------------------------------

Result<BookingView> AppointmentService::ViewOf(UnitOfWork& tx, Booking b,
                                               const accounts::Actor* actor) {
  BookingView v;
  v.status = caseflow::BookingStatusAt(b, clock_.Now());
  ZT_ASSIGN_OR_RETURN(auto window, tx.appointments().FindWindow(b.window_id));
  if (window) v.window_name = window->name;
  ZT_ASSIGN_OR_RETURN(auto hall, tx.appointments().FindHall(b.hall_id));
  if (hall) v.hall_name = hall->name;
  if (!b.case_id.empty()) {
    ZT_ASSIGN_OR_RETURN(auto c, tx.FindCase(b.case_id));
    if (c) v.receipt_no = c->receipt_no;
  }
  v.masked = !(actor && actor->role == Role::kCitizen && actor->account_id == b.citizen_account);
  if (v.masked) b.applicant_id_number = MaskIdNumber(b.applicant_id_number);
  v.booking = std::move(b);
  return v;
}

bool AppointmentService::StaffServes(const accounts::Actor& staff, const Booking& b) const {
  switch (staff.role) {
    case Role::kWindowClerk:
      return accounts::CanSeeDepartmentRecord(staff, b.region_code, b.department_id);
    case Role::kFrontDeskClerk:
    case Role::kBureauManager:
      return RegionWithin(staff.region_code, b.region_code);
    default:
      return false;
  }
}

Result<BookingView> AppointmentService::Book(const accounts::Actor& citizen,
                                             const BookRequest& request,
                                             const RequestContext& ctx) {
  if (citizen.role != Role::kCitizen) {
    return Fail(ErrorCode::kPermissionDenied, "appointment.citizens_only",
                "citizens book appointments for themselves");
  }
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto slot, tx->appointments().FindSlot(request.slot_id));
  if (!slot) return FieldFail("/slot_id", "appointment.slot_not_found", "no such slot");
  ZT_ASSIGN_OR_RETURN(auto item, tx->FindItem(request.item_id));
  if (!item || item->status != catalog::ItemStatus::kPublished) {
    return FieldFail("/item_id", "item.not_found", "no published item with this id");
  }
  ZT_ASSIGN_OR_RETURN(auto window, tx->appointments().FindWindow(slot->window_id));
  if (!window) return FieldFail("/slot_id", "appointment.slot_not_found", "no such slot");
  bool serves = window->comprehensive
                    ? RegionWithin(slot->region_code, item->region_code)
                    : caseflow::WindowServes(*window, item->department_id, item->id);
  if (!serves) {
    return FieldFail("/slot_id", "appointment.window_not_serving",
                     "this window does not handle the item");
  }
  if (!request.case_id.empty()) {
    ZT_ASSIGN_OR_RETURN(auto c, tx->FindCase(request.case_id));
    if (!c || c->applicant_account != citizen.account_id || c->item_id != item->id) {
      return FieldFail("/case_id", "application.not_found",
                       "no application of yours for this item");
    }
  }
  ZT_RETURN_IF_ERROR(caseflow::CheckBookable(*slot, now));
  ZT_ASSIGN_OR_RETURN(auto mine, tx->appointments().ListBookingsOf(citizen.account_id));
  for (const auto& b : mine) {
    if (b.item_id == item->id && b.day == slot->day && b.state != "cancelled") {
      return Fail(ErrorCode::kFailedPrecondition, "appointment.already_booked",
                  "you already hold a booking for this item on that day");
    }
  }
  ZT_ASSIGN_OR_RETURN(bool seated, tx->appointments().TakeSeat(slot->id));
  if (!seated) {
    return Fail(ErrorCode::kFailedPrecondition, "appointment.slot_full",
                "the slot is fully booked; choose another");
  }
  ZT_ASSIGN_OR_RETURN(auto account, tx->FindAccount(citizen.account_id));
  if (!account) return Fail(ErrorCode::kUnauthenticated, "auth.session_expired", "log in again");
  Booking b;
  b.id = NewId(crypto_, "b_");
  ZT_ASSIGN_OR_RETURN(std::int64_t seq, tx->NextSequence("booking:" + slot->day.ToString()));
  char code[48];
  std::snprintf(code, sizeof code, "YY-%04d%02u%02u-%04lld", slot->day.year(), slot->day.month(),
                slot->day.day(), static_cast<long long>(seq));
  b.code = code;
  b.slot_id = slot->id;
  b.window_id = slot->window_id;
  b.hall_id = slot->hall_id;
  b.region_code = slot->region_code;
  b.department_id = item->department_id;
  b.item_id = item->id;
  b.item_name = item->name;
  b.case_id = request.case_id;
  b.citizen_account = citizen.account_id;
  b.applicant_name = account->display_name;
  b.applicant_id_number = account->id_number;
  b.day = slot->day;
  b.starts_at = slot->starts_at;
  b.ends_at = slot->ends_at;
  b.booked_at = now;
  ZT_RETURN_IF_ERROR(tx->appointments().InsertBooking(b));
  ZT_RETURN_IF_ERROR(tx->AppendEvent(BookingEvent(now, "appointment.booked", b, citizen, ctx)));
  ZT_ASSIGN_OR_RETURN(auto view, ViewOf(*tx, b, &citizen));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return view;
}

Result<BookingView> AppointmentService::Change(const accounts::Actor& citizen,
                                               std::string_view booking_id,
                                               std::string_view slot_id, std::int64_t if_match,
                                               const RequestContext& ctx) {
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->appointments().FindBooking(booking_id));
  if (!found || citizen.role != Role::kCitizen || found->citizen_account != citizen.account_id) {
    return AuditDenied(store_, clock_, citizen, "appointment", booking_id, ctx, NotFound(), tx);
  }
  if (found->version != if_match) {
    return Fail(ErrorCode::kAborted, "version.stale",
                "the booking has changed since it was read (version " +
                    std::to_string(found->version) + ")");
  }
  ZT_RETURN_IF_ERROR(caseflow::CheckChangeable(*found, now));
  ZT_ASSIGN_OR_RETURN(auto slot, tx->appointments().FindSlot(slot_id));
  if (!slot) return FieldFail("/slot_id", "appointment.slot_not_found", "no such slot");
  if (slot->id == found->slot_id) {
    return FieldFail("/slot_id", "appointment.same_slot", "the booking is in this slot already");
  }
  ZT_ASSIGN_OR_RETURN(auto item, tx->FindItem(found->item_id));
  ZT_ASSIGN_OR_RETURN(auto window, tx->appointments().FindWindow(slot->window_id));
  if (!item || !window) return FieldFail("/slot_id", "appointment.slot_not_found", "no such slot");
  bool serves = window->comprehensive
                    ? RegionWithin(slot->region_code, item->region_code)
                    : caseflow::WindowServes(*window, item->department_id, item->id);
  if (!serves) {
    return FieldFail("/slot_id", "appointment.window_not_serving",
                     "this window does not handle the item");
  }
  ZT_RETURN_IF_ERROR(caseflow::CheckBookable(*slot, now));
  ZT_ASSIGN_OR_RETURN(bool seated, tx->appointments().TakeSeat(slot->id));
  if (!seated) {
    return Fail(ErrorCode::kFailedPrecondition, "appointment.slot_full",
                "the slot is fully booked; choose another");
  }
  ZT_RETURN_IF_ERROR(tx->appointments().ReleaseSeat(found->slot_id));
  Booking b = *found;
  b.slot_id = slot->id;
  b.window_id = slot->window_id;
  b.hall_id = slot->hall_id;
  b.region_code = slot->region_code;
  b.day = slot->day;
  b.starts_at = slot->starts_at;
  b.ends_at = slot->ends_at;
  b.version = found->version + 1;
  ZT_RETURN_IF_ERROR(tx->appointments().UpdateBooking(b, found->version));
  auto e = BookingEvent(now, "appointment.changed", b, citizen, ctx);
  e.details.push_back({"from_slot_id", found->slot_id});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_ASSIGN_OR_RETURN(auto view, ViewOf(*tx, b, &citizen));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return view;
}

Result<BookingView> AppointmentService::Cancel(const accounts::Actor& citizen,
                                               std::string_view booking_id, std::int64_t if_match,
                                               const RequestContext& ctx) {
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->appointments().FindBooking(booking_id));
  if (!found || citizen.role != Role::kCitizen || found->citizen_account != citizen.account_id) {
    return AuditDenied(store_, clock_, citizen, "appointment", booking_id, ctx, NotFound(), tx);
  }
  if (found->version != if_match) {
    return Fail(ErrorCode::kAborted, "version.stale",
                "the booking has changed since it was read (version " +
                    std::to_string(found->version) + ")");
  }
  ZT_RETURN_IF_ERROR(caseflow::CheckChangeable(*found, now));
  ZT_RETURN_IF_ERROR(tx->appointments().ReleaseSeat(found->slot_id));
  Booking b = *found;
  b.state = "cancelled";
  b.cancelled_at = now;
  b.version = found->version + 1;
  ZT_RETURN_IF_ERROR(tx->appointments().UpdateBooking(b, found->version));
  ZT_RETURN_IF_ERROR(tx->AppendEvent(BookingEvent(now, "appointment.cancelled", b, citizen, ctx)));
  ZT_ASSIGN_OR_RETURN(auto view, ViewOf(*tx, b, &citizen));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return view;
}

Result<BookingView> AppointmentService::CheckIn(const accounts::Actor& staff,
                                                std::string_view booking_id, std::int64_t if_match,
                                                const RequestContext& ctx) {
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->appointments().FindBooking(booking_id));
  if (!found || !StaffServes(staff, *found)) {
    return AuditDenied(store_, clock_, staff, "appointment", booking_id, ctx, NotFound(), tx);
  }
  if (!accounts::IsWindowRole(staff.role)) {
    return AuditDenied(store_, clock_, staff, "appointment", booking_id, ctx,
                       Fail(ErrorCode::kPermissionDenied, "appointment.check_in_not_allowed",
                            "people are checked in at the window"),
                       tx);
  }
  if (found->version != if_match) {
    return Fail(ErrorCode::kAborted, "version.stale",
                "the booking has changed since it was read (version " +
                    std::to_string(found->version) + ")");
  }
  ZT_RETURN_IF_ERROR(caseflow::CheckCheckIn(*found, now));
  Booking b = *found;
  b.state = "checked_in";
  b.checked_in_at = now;
  b.checked_in_by = staff.account_id;
  b.version = found->version + 1;
  ZT_RETURN_IF_ERROR(tx->appointments().UpdateBooking(b, found->version));
  ZT_RETURN_IF_ERROR(tx->AppendEvent(BookingEvent(now, "appointment.checked_in", b, staff, ctx)));
  if (!b.case_id.empty()) {
    // The applicant came in for the case: one visit (跑动) on it.
    VisitRecord v;
    v.id = NewId(crypto_, "v_");
    v.case_id = b.case_id;
    v.kind = "check_in";
    v.at = now;
    v.day = CivilDateCst(now);
    v.region_code = b.region_code;
    v.booking_id = b.id;
    v.actor_id = staff.account_id;
    ZT_RETURN_IF_ERROR(tx->appointments().InsertVisit(v));
  }
  ZT_ASSIGN_OR_RETURN(auto view, ViewOf(*tx, b, &staff));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return view;
}

Result<BookingView> AppointmentService::Get(const accounts::Actor& actor,
                                            std::string_view booking_id,
                                            const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->appointments().FindBooking(booking_id));
  bool visible = found && (actor.role == Role::kCitizen ? found->citizen_account == actor.account_id
                                                        : StaffServes(actor, *found));
  if (!visible) {
    return AuditDenied(store_, clock_, actor, "appointment", booking_id, ctx, NotFound(), tx);
  }
  return ViewOf(*tx, std::move(*found), &actor);
}

Result<std::vector<BookingView>> AppointmentService::List(const accounts::Actor& actor,
                                                          std::optional<Date> day) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  std::vector<Booking> rows;
  if (actor.role == Role::kCitizen) {
    ZT_ASSIGN_OR_RETURN(rows, tx->appointments().ListBookingsOf(actor.account_id));
    if (day) {
      std::erase_if(rows, [&](const Booking& b) { return b.day != *day; });
    }
  } else if (actor.role == Role::kWindowClerk || actor.role == Role::kFrontDeskClerk ||
             actor.role == Role::kBureauManager) {
    auto [from, to] = DayRange(day.value_or(CivilDateCst(clock_.Now())));
    ZT_ASSIGN_OR_RETURN(
        rows, tx->appointments().ListBookingsIn(RegionScopePrefix(actor.region_code), from, to));
    std::erase_if(rows, [&](const Booking& b) { return !StaffServes(actor, b); });
  } else {
    return Fail(ErrorCode::kPermissionDenied, "appointment.list_not_allowed",
                "this role handles no appointments");
  }
  std::vector<BookingView> out;
  for (auto& b : rows) {
    ZT_ASSIGN_OR_RETURN(auto v, ViewOf(*tx, std::move(b), &actor));
    out.push_back(std::move(v));
  }
  return out;
}

Result<AppointmentFigures> AppointmentService::Figures(const accounts::Actor& manager,
                                                       std::string_view region_code, Date from,
                                                       Date to) {
  if (manager.role != Role::kBureauManager) {
    return Fail(ErrorCode::kPermissionDenied, "stats.not_allowed",
                "appointment figures are for bureau managers");
  }
  std::string region = region_code.empty() ? manager.region_code : std::string(region_code);
  if (!RegionCode::Parse(region)) return FieldFail("region", "region.format", "not a region code");
  if (!RegionWithin(manager.region_code, region)) {
    return Fail(ErrorCode::kPermissionDenied, "stats.out_of_scope",
                "the region lies outside the manager's");
  }
  if (to < from) return FieldFail("to", "range.order", "to is before from");
  std::string prefix = RegionScopePrefix(region);
  AppointmentFigures out;
  out.region_code = region;
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  // 预约办 items: published items of the region that at least one window of its halls serves.
  ZT_ASSIGN_OR_RETURN(auto halls, tx->appointments().ListHalls(prefix));
  std::vector<caseflow::Window> windows;
  std::vector<std::string> comprehensive_regions;
  for (const auto& h : halls) {
    ZT_ASSIGN_OR_RETURN(auto ws, tx->appointments().ListWindows(h.id));
    for (auto& w : ws) {
      if (w.comprehensive) comprehensive_regions.push_back(h.region_code);
      windows.push_back(std::move(w));
    }
  }
  ItemQuery query;
  query.region_prefix = prefix;
  query.status = catalog::ItemStatus::kPublished;
  query.limit = 1000;
  for (query.offset = 0;; query.offset += query.limit) {
    ZT_ASSIGN_OR_RETURN(auto page, tx->ListItems(query));
    for (const auto& item : page.items) {
      bool bookable =
          std::any_of(comprehensive_regions.begin(), comprehensive_regions.end(),
                      [&](const std::string& r) { return RegionWithin(r, item.region_code); });
      bookable =
          bookable || std::any_of(windows.begin(), windows.end(), [&](const auto& w) {
            return !w.comprehensive && caseflow::WindowServes(w, item.department_id, item.id);
          });
      if (bookable) ++out.bookable_items;
    }
    if (static_cast<int>(page.items.size()) < query.limit) break;
  }
  auto range_from = DayRange(from).first;
  auto range_to = DayRange(to).second;
  ZT_ASSIGN_OR_RETURN(auto bookings,
                      tx->appointments().ListBookingsIn(prefix, range_from, range_to));
  Instant now = clock_.Now();
  for (const auto& b : bookings) {
    std::string status = caseflow::BookingStatusAt(b, now);
    if (status == "cancelled") {
      ++out.cancelled;
      continue;
    }
    ++out.bookings;
    if (status == "checked_in") ++out.checked_in;
    if (status == "no_show") ++out.no_show;
    if (status == "booked") ++out.waiting;
  }
  return out;
}

// ---- the in-person side of applications ---------------------------------------------------

namespace presence {

std::string TongbanKind(std::string_view accepting_region, std::string_view item_region) {
  if (accepting_region.empty() || item_region.empty()) return "";
  if (RegionWithin(accepting_region, item_region) || RegionWithin(item_region, accepting_region)) {
    return "";
  }
  if (accepting_region.substr(0, 2) != item_region.substr(0, 2)) return "cross_province";
  if (accepting_region.substr(0, 4) == item_region.substr(0, 4)) return "city";
  return "province";
}

Result<bool> FrontDeskReaches(UnitOfWork& tx, const accounts::Actor& actor,
                              const caseflow::ApplicationCase& c) {
  if (actor.role != Role::kFrontDeskClerk) return false;
  if (RegionWithin(actor.region_code, c.region_code)) return true;
  ZT_ASSIGN_OR_RETURN(auto acceptance, tx.appointments().FindAcceptance(c.id));
  return acceptance && RegionWithin(actor.region_code, acceptance->accepting_region);
}

accounts::Actor ActingFor(const accounts::Actor& actor, const caseflow::ApplicationCase& c) {
  accounts::Actor acting = actor;
  if (actor.role == Role::kFrontDeskClerk) acting.region_code = c.region_code;
  return acting;
}

namespace {

Status PutVisit(UnitOfWork& tx, Crypto& crypto, const accounts::Actor& actor,
                const caseflow::ApplicationCase& c, std::string kind, Instant now) {
  VisitRecord v;
  v.id = NewId(crypto, "v_");
  v.case_id = c.id;
  v.kind = std::move(kind);
  v.at = now;
  v.day = CivilDateCst(now);
  v.region_code = actor.region_code.empty() ? c.region_code : actor.region_code;
  v.actor_id = actor.account_id;
  return tx.appointments().InsertVisit(v);
}

Status PutFrontDeskAcceptance(UnitOfWork& tx, const accounts::Actor& actor,
                              const caseflow::ApplicationCase& c, Instant now) {
  ZT_ASSIGN_OR_RETURN(auto existing, tx.appointments().FindAcceptance(c.id));
  CaseAcceptance a;
  a.case_id = c.id;
  // A 通办 case keeps the region it was filed in, whoever accepts it afterwards.
  a.accepting_region = existing ? existing->accepting_region : actor.region_code;
  a.item_region = c.region_code;
  a.front_desk = true;
  a.tongban = TongbanKind(a.accepting_region, c.region_code);
  a.accepted_by = actor.account_id;
  a.at = now;
  return tx.appointments().PutAcceptance(a);
}

}  // namespace

Status RecordFiling(UnitOfWork& tx, Crypto& crypto, const accounts::Actor& actor,
                    const caseflow::ApplicationCase& c, Instant now) {
  if (c.channel == "window" || c.channel == "kiosk") {
    ZT_RETURN_IF_ERROR(PutVisit(tx, crypto, actor, c, "filing", now));
  }
  if (actor.role == Role::kFrontDeskClerk) {
    ZT_RETURN_IF_ERROR(PutFrontDeskAcceptance(tx, actor, c, now));
  }
  return Ok();
}

Status RecordStep(UnitOfWork& tx, Crypto& crypto, const accounts::Actor& actor,
                  const caseflow::ApplicationCase& after, const caseflow::Command& command,
                  Instant now) {
  if (!accounts::IsWindowRole(actor.role)) return Ok();
  const std::string& t = command.transition;
  bool acceptance = t == "accept" || t == "accept_with_tolerance" || t == "handle_instantly";
  if (acceptance && actor.role == Role::kFrontDeskClerk) {
    ZT_RETURN_IF_ERROR(PutFrontDeskAcceptance(tx, actor, after, now));
  }
  if (acceptance && (after.channel == "window" || after.channel == "kiosk")) {
    return PutVisit(tx, crypto, actor, after, "acceptance", now);
  }
  if (t == "supply_correction" || t == "supply_materials") {
    return PutVisit(tx, crypto, actor, after, "materials", now);
  }
  auto delivery = command.fields.find("delivery");
  if (t == "conclude" && delivery != command.fields.end() && delivery->second == "window") {
    return PutVisit(tx, crypto, actor, after, "collection", now);
  }
  return Ok();
}

int TripsOf(const std::vector<VisitRecord>& visits) {
  std::set<Date> days;
  for (const auto& v : visits) days.insert(v.day);
  return static_cast<int>(days.size());
}

}  // namespace presence

}  // namespace zt::service
