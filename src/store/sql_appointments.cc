#include "sql_appointments.h"

#include <algorithm>
#include <boost/json.hpp>

#include "personal_data.h"

namespace zt::store::internal {
namespace {

namespace json = boost::json;

constexpr std::string_view kInsertHall =
    "INSERT INTO appointment_halls (id, name, region_code, address) VALUES ($1, $2, $3, $4)";
constexpr std::string_view kHallColumns =
    "SELECT id, name, region_code, address FROM appointment_halls ";
// $1/$2: region range ('' = all).
constexpr std::string_view kHallsIn =
    "WHERE ($1 = '' OR (region_code >= $1 AND region_code < $2)) ORDER BY region_code, name, id";

constexpr std::string_view kInsertWindow =
    "INSERT INTO appointment_windows (id, hall_id, name, comprehensive, department_id, item_ids) "
    "VALUES ($1, $2, $3, $4, $5, $6)";
constexpr std::string_view kWindowColumns =
    "SELECT id, hall_id, name, comprehensive, department_id, item_ids FROM appointment_windows ";

constexpr std::string_view kInsertSlot =
    "INSERT INTO appointment_slots (id, window_id, hall_id, region_code, day, starts_at, ends_at, "
    "capacity, booked) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
constexpr std::string_view kSlotColumns =
    "SELECT id, window_id, hall_id, region_code, day, starts_at, ends_at, capacity, booked "
    "FROM appointment_slots ";
// The seat is taken only while one is left: under concurrent transactions the row lock (PG)
// or the single writer (SQLite) makes the check and the increment one step.
constexpr std::string_view kTakeSeat =
    "UPDATE appointment_slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity";
constexpr std::string_view kReleaseSeat =
    "UPDATE appointment_slots SET booked = booked - 1 WHERE id = $1 AND booked > 0";

constexpr std::string_view kInsertBooking =
    "INSERT INTO appointment_bookings (id, code, slot_id, window_id, hall_id, region_code, "
    "department_id, item_id, item_name, case_id, citizen_account, applicant_name, "
    "applicant_id_number, day, starts_at, ends_at, state, booked_at, checked_in_at, "
    "cancelled_at, checked_in_by, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
    "$12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)";
constexpr std::string_view kUpdateBooking =
    "UPDATE appointment_bookings SET slot_id = $2, window_id = $3, hall_id = $4, region_code = $5, "
    "case_id = $6, day = $7, starts_at = $8, ends_at = $9, state = $10, checked_in_at = $11, "
    "cancelled_at = $12, checked_in_by = $13, version = $14 WHERE id = $1 AND version = $15";
constexpr std::string_view kBookingExists = "SELECT 1 FROM appointment_bookings WHERE id = $1";
constexpr std::string_view kBookingColumns =
    "SELECT id, code, slot_id, window_id, hall_id, region_code, department_id, item_id, "
    "item_name, case_id, citizen_account, applicant_name, applicant_id_number, day, starts_at, "
    "ends_at, state, booked_at, checked_in_at, cancelled_at, checked_in_by, version "
    "FROM appointment_bookings ";

constexpr std::string_view kInsertVisit =
    "INSERT INTO case_visits (id, case_id, kind, at, day, region_code, booking_id, actor_id) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
constexpr std::string_view kVisitsFor =
    "SELECT id, case_id, kind, at, day, region_code, booking_id, actor_id FROM case_visits "
    "WHERE case_id = $1 ORDER BY at, id";

constexpr std::string_view kDeleteAcceptance = "DELETE FROM case_acceptances WHERE case_id = $1";
constexpr std::string_view kInsertAcceptance =
    "INSERT INTO case_acceptances (case_id, accepting_region, item_region, front_desk, tongban, "
    "accepted_by, at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
constexpr std::string_view kAcceptanceColumns =
    "SELECT case_id, accepting_region, item_region, front_desk, tongban, accepted_by, at "
    "FROM case_acceptances ";

std::string ItemIdsJson(const std::vector<ItemId>& ids) {
  json::array a;
  for (const auto& id : ids) a.emplace_back(id.value());
  return json::serialize(a);
}

Result<std::vector<ItemId>> ItemIdsFromJson(const std::string& text) {
  std::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return Corrupt("appointment_windows");
  std::vector<ItemId> out;
  for (const auto& e : v.as_array()) {
    if (!e.is_string()) return Corrupt("appointment_windows");
    out.emplace_back(std::string(e.as_string()));
  }
  return out;
}

Result<caseflow::Hall> DecodeHall(const Row& row) {
  RowReader r(row);
  caseflow::Hall h;
  h.id = r.Text();
  h.name = r.Text();
  h.region_code = r.Text();
  h.address = r.Text();
  if (!r.ok()) return Corrupt("appointment_halls");
  return h;
}

Result<caseflow::Window> DecodeWindow(const Row& row) {
  RowReader r(row);
  caseflow::Window w;
  w.id = r.Text();
  w.hall_id = r.Text();
  w.name = r.Text();
  w.comprehensive = r.Bool();
  w.department_id = DepartmentId(r.Text());
  std::string items = r.Text();
  if (!r.ok()) return Corrupt("appointment_windows");
  ZT_ASSIGN_OR_RETURN(w.item_ids, ItemIdsFromJson(items));
  return w;
}

Result<caseflow::Slot> DecodeSlot(const Row& row) {
  RowReader r(row);
  caseflow::Slot s;
  s.id = r.Text();
  s.window_id = r.Text();
  s.hall_id = r.Text();
  s.region_code = r.Text();
  std::optional<Date> day = r.OptDate();
  s.starts_at = r.At();
  s.ends_at = r.At();
  s.capacity = static_cast<int>(r.Int());
  s.booked = static_cast<int>(r.Int());
  if (!r.ok() || !day) return Corrupt("appointment_slots");
  s.day = *day;
  return s;
}

Result<caseflow::Booking> DecodeBooking(const Row& row) {
  RowReader r(row);
  caseflow::Booking b;
  b.id = r.Text();
  b.code = r.Text();
  b.slot_id = r.Text();
  b.window_id = r.Text();
  b.hall_id = r.Text();
  b.region_code = r.Text();
  b.department_id = DepartmentId(r.Text());
  b.item_id = ItemId(r.Text());
  b.item_name = r.Text();
  b.case_id = CaseId(r.Text());
  b.citizen_account = AccountId(r.Text());
  b.applicant_name = r.Text();
  ZT_ASSIGN_OR_RETURN(b.applicant_id_number, OpenField(r.Text()));
  std::optional<Date> day = r.OptDate();
  b.starts_at = r.At();
  b.ends_at = r.At();
  b.state = r.Text();
  b.booked_at = r.At();
  b.checked_in_at = r.OptAt();
  b.cancelled_at = r.OptAt();
  b.checked_in_by = AccountId(r.Text());
  b.version = r.Int();
  if (!r.ok() || !day) return Corrupt("appointment_bookings");
  b.day = *day;
  return b;
}

Result<service::VisitRecord> DecodeVisit(const Row& row) {
  RowReader r(row);
  service::VisitRecord v;
  v.id = r.Text();
  v.case_id = CaseId(r.Text());
  v.kind = r.Text();
  v.at = r.At();
  std::optional<Date> day = r.OptDate();
  v.region_code = r.Text();
  v.booking_id = r.Text();
  v.actor_id = AccountId(r.Text());
  if (!r.ok() || !day) return Corrupt("case_visits");
  v.day = *day;
  return v;
}

Result<service::CaseAcceptance> DecodeAcceptance(const Row& row) {
  RowReader r(row);
  service::CaseAcceptance a;
  a.case_id = CaseId(r.Text());
  a.accepting_region = r.Text();
  a.item_region = r.Text();
  a.front_desk = r.Bool();
  a.tongban = r.Text();
  a.accepted_by = AccountId(r.Text());
  a.at = r.At();
  if (!r.ok()) return Corrupt("case_acceptances");
  return a;
}

template <class T>
void SortByStart(std::vector<T>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const T& a, const T& b) {
    if (a.starts_at != b.starts_at) return a.starts_at < b.starts_at;
    return a.id < b.id;
  });
}

}  // namespace

Status SqlAppointmentStore::InsertHall(const caseflow::Hall& h) {
  return Guard("InsertHall", [&]() -> Status {
    ZT_ASSIGN_OR_RETURN(
        auto r, sql_.Write("InsertHall", kInsertHall, {h.id, h.name, h.region_code, h.address}));
    (void)r;
    return Ok();
  });
}

Result<std::optional<caseflow::Hall>> SqlAppointmentStore::FindHall(std::string_view id) {
  std::string sql = std::string(kHallColumns) + "WHERE id = $1";
  ZT_ASSIGN_OR_RETURN(auto r, sql_.Read("FindHall", sql, {id}));
  return DecodeOne<caseflow::Hall>(r, DecodeHall);
}

Result<std::vector<caseflow::Hall>> SqlAppointmentStore::ListHalls(std::string_view region_prefix) {
  ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(region_prefix));
  std::string sql = std::string(kHallColumns) + std::string(kHallsIn);
  ZT_ASSIGN_OR_RETURN(auto r, sql_.Read("ListHalls", sql, {region_prefix, upper}));
  return Decode<caseflow::Hall>(r, DecodeHall);
}

Status SqlAppointmentStore::InsertWindow(const caseflow::Window& w) {
  return Guard("InsertWindow", [&]() -> Status {
    ZT_ASSIGN_OR_RETURN(auto r, sql_.Write("InsertWindow", kInsertWindow,
                                           {w.id, w.hall_id, w.name, w.comprehensive,
                                            w.department_id.value(), ItemIdsJson(w.item_ids)}));
    (void)r;
    return Ok();
  });
}

Result<std::optional<caseflow::Window>> SqlAppointmentStore::FindWindow(std::string_view id) {
  return Guard("FindWindow", [&]() -> Result<std::optional<caseflow::Window>> {
    std::string sql = std::string(kWindowColumns) + "WHERE id = $1";
    ZT_ASSIGN_OR_RETURN(auto r, sql_.Read("FindWindow", sql, {id}));
    return DecodeOne<caseflow::Window>(r, DecodeWindow);
  });
}

Result<std::vector<caseflow::Window>> SqlAppointmentStore::ListWindows(std::string_view hall_id) {
  return Guard("ListWindows", [&]() -> Result<std::vector<caseflow::Window>> {
    std::string sql = std::string(kWindowColumns) + "WHERE hall_id = $1 ORDER BY name, id";
    ZT_ASSIGN_OR_RETURN(auto r, sql_.Read("ListWindows", sql, {hall_id}));
    return Decode<caseflow::Window>(r, DecodeWindow);
  });
}

Status SqlAppointmentStore::InsertSlot(const caseflow::Slot& s) {
  ZT_ASSIGN_OR_RETURN(auto r,
                      sql_.Write("InsertSlot", kInsertSlot,
                                 {s.id, s.window_id, s.hall_id, s.region_code, s.day.ToString(),
                                  Millis(s.starts_at), Millis(s.ends_at), s.capacity, s.booked}));
  (void)r;
  return Ok();
}

Result<std::optional<caseflow::Slot>> SqlAppointmentStore::FindSlot(std::string_view id) {
  std::string sql = std::string(kSlotColumns) + "WHERE id = $1";
  ZT_ASSIGN_OR_RETURN(auto r, sql_.Read("FindSlot", sql, {id}));
  return DecodeOne<caseflow::Slot>(r, DecodeSlot);
}

Result<std::vector<caseflow::Slot>> SqlAppointmentStore::ListSlots(
    const std::vector<std::string>& window_ids, Instant from, Instant to) {
  std::string sql = std::string(kSlotColumns) +
                    "WHERE window_id = $1 AND starts_at >= $2 AND starts_at < $3 "
                    "ORDER BY starts_at, id";
  std::vector<caseflow::Slot> out;
  for (const auto& id : window_ids) {
    ZT_ASSIGN_OR_RETURN(auto r, sql_.Read("ListSlots", sql, {id, Millis(from), Millis(to)}));
    ZT_ASSIGN_OR_RETURN(auto slots, Decode<caseflow::Slot>(r, DecodeSlot));
    out.insert(out.end(), slots.begin(), slots.end());
  }
  SortByStart(out);
  return out;
}

Result<bool> SqlAppointmentStore::TakeSeat(std::string_view slot_id) {
  ZT_ASSIGN_OR_RETURN(auto r, sql_.Write("TakeSeat", kTakeSeat, {slot_id}));
  return r.affected > 0;
}

Status SqlAppointmentStore::ReleaseSeat(std::string_view slot_id) {
  ZT_ASSIGN_OR_RETURN(auto r, sql_.Write("ReleaseSeat", kReleaseSeat, {slot_id}));
  (void)r;
  return Ok();
}

Status SqlAppointmentStore::InsertBooking(const caseflow::Booking& b) {
  ZT_ASSIGN_OR_RETURN(auto r, sql_.Write("InsertBooking", kInsertBooking,
                                         {b.id,
                                          b.code,
                                          b.slot_id,
                                          b.window_id,
                                          b.hall_id,
                                          b.region_code,
                                          b.department_id.value(),
                                          b.item_id.value(),
                                          b.item_name,
                                          b.case_id.value(),
                                          b.citizen_account.value(),
                                          b.applicant_name,
                                          SealField(b.applicant_id_number),
                                          b.day.ToString(),
                                          Millis(b.starts_at),
                                          Millis(b.ends_at),
                                          b.state,
                                          Millis(b.booked_at),
                                          OptInstant(b.checked_in_at),
                                          OptInstant(b.cancelled_at),
                                          b.checked_in_by.value(),
                                          b.version}));
  (void)r;
  return Ok();
}

Status SqlAppointmentStore::UpdateBooking(const caseflow::Booking& b,
                                          std::int64_t expected_version) {
  std::vector<Param> params{b.id,
                            b.slot_id,
                            b.window_id,
                            b.hall_id,
                            b.region_code,
                            b.case_id.value(),
                            b.day.ToString(),
                            Millis(b.starts_at),
                            Millis(b.ends_at),
                            b.state,
                            OptInstant(b.checked_in_at),
                            OptInstant(b.cancelled_at),
                            b.checked_in_by.value(),
                            b.version,
                            expected_version};
  return sql_.CheckedUpdate("UpdateBooking", kUpdateBooking, params, kBookingExists, b.id);
}

Result<std::optional<caseflow::Booking>> SqlAppointmentStore::FindBooking(std::string_view id) {
  std::string sql = std::string(kBookingColumns) + "WHERE id = $1";
  ZT_ASSIGN_OR_RETURN(auto r, sql_.Read("FindBooking", sql, {id}));
  return DecodeOne<caseflow::Booking>(r, DecodeBooking);
}

Result<std::vector<caseflow::Booking>> SqlAppointmentStore::ListBookingsOf(
    const AccountId& citizen) {
  std::string sql =
      std::string(kBookingColumns) + "WHERE citizen_account = $1 ORDER BY starts_at DESC, id";
  ZT_ASSIGN_OR_RETURN(auto r, sql_.Read("ListBookingsOf", sql, {citizen.value()}));
  return Decode<caseflow::Booking>(r, DecodeBooking);
}

Result<std::vector<caseflow::Booking>> SqlAppointmentStore::ListBookingsAt(
    const std::vector<std::string>& window_ids, Instant from, Instant to) {
  std::string sql = std::string(kBookingColumns) +
                    "WHERE window_id = $1 AND starts_at >= $2 AND starts_at < $3 "
                    "ORDER BY starts_at, id";
  std::vector<caseflow::Booking> out;
  for (const auto& id : window_ids) {
    ZT_ASSIGN_OR_RETURN(auto r, sql_.Read("ListBookingsAt", sql, {id, Millis(from), Millis(to)}));
    ZT_ASSIGN_OR_RETURN(auto rows, Decode<caseflow::Booking>(r, DecodeBooking));
    out.insert(out.end(), rows.begin(), rows.end());
  }
  SortByStart(out);
  return out;
}

Result<std::vector<caseflow::Booking>> SqlAppointmentStore::ListBookingsIn(
    std::string_view region_prefix, Instant from, Instant to) {
  ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(region_prefix));
  std::string sql = std::string(kBookingColumns) +
                    "WHERE ($1 = '' OR (region_code >= $1 AND region_code < $2)) "
                    "AND starts_at >= $3 AND starts_at < $4 ORDER BY starts_at, id";
  ZT_ASSIGN_OR_RETURN(
      auto r, sql_.Read("ListBookingsIn", sql, {region_prefix, upper, Millis(from), Millis(to)}));
  return Decode<caseflow::Booking>(r, DecodeBooking);
}

Status SqlAppointmentStore::InsertVisit(const service::VisitRecord& v) {
  ZT_ASSIGN_OR_RETURN(auto r,
                      sql_.Write("InsertVisit", kInsertVisit,
                                 {v.id, v.case_id.value(), v.kind, Millis(v.at), v.day.ToString(),
                                  v.region_code, v.booking_id, v.actor_id.value()}));
  (void)r;
  return Ok();
}

Result<std::vector<service::VisitRecord>> SqlAppointmentStore::ListVisitsFor(
    const CaseId& case_id) {
  ZT_ASSIGN_OR_RETURN(auto r, sql_.Read("ListVisitsFor", kVisitsFor, {case_id.value()}));
  return Decode<service::VisitRecord>(r, DecodeVisit);
}

Status SqlAppointmentStore::PutAcceptance(const service::CaseAcceptance& a) {
  ZT_ASSIGN_OR_RETURN(auto gone,
                      sql_.Write("PutAcceptance", kDeleteAcceptance, {a.case_id.value()}));
  (void)gone;
  ZT_ASSIGN_OR_RETURN(
      auto r, sql_.Write("PutAcceptance", kInsertAcceptance,
                         {a.case_id.value(), a.accepting_region, a.item_region, a.front_desk,
                          a.tongban, a.accepted_by.value(), Millis(a.at)}));
  (void)r;
  return Ok();
}

Result<std::optional<service::CaseAcceptance>> SqlAppointmentStore::FindAcceptance(
    const CaseId& case_id) {
  std::string sql = std::string(kAcceptanceColumns) + "WHERE case_id = $1";
  ZT_ASSIGN_OR_RETURN(auto r, sql_.Read("FindAcceptance", sql, {case_id.value()}));
  return DecodeOne<service::CaseAcceptance>(r, DecodeAcceptance);
}

Result<std::vector<service::CaseAcceptance>> SqlAppointmentStore::ListAcceptancesIn(
    std::string_view region_prefix) {
  ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(region_prefix));
  std::string sql = std::string(kAcceptanceColumns) +
                    "WHERE ($1 = '' OR (accepting_region >= $1 AND accepting_region < $2)) "
                    "ORDER BY at, case_id";
  ZT_ASSIGN_OR_RETURN(auto r, sql_.Read("ListAcceptancesIn", sql, {region_prefix, upper}));
  return Decode<service::CaseAcceptance>(r, DecodeAcceptance);
}

}  // namespace zt::store::internal
