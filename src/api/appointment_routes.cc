// Appointments (预约办, docs/appointments.md): halls and their windows, open slots for an item,
// a citizen's bookings (book, change, cancel), the window's check-in and the bureau's figures.
#include <boost/json.hpp>

#include "handler_support.h"
#include "routes.h"
#include "zt/core/region_code.h"
#include "zt/http/json_body.h"
#include "zt/http/problem.h"
#include "zt/service/appointment_service.h"

namespace zt::api {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

void RegisterAppointmentMessages() {
  struct Message {
    const char* key;
    const char* zh;
    const char* en;
  };
  static constexpr Message kMessages[] = {
      {"appointment.not_found", "没有这个预约", "No such appointment"},
      {"appointment.citizens_only", "预约由群众本人办理", "Citizens book appointments themselves"},
      {"appointment.slot_not_found", "没有这个预约时段", "No such time slot"},
      {"appointment.window_not_found", "没有这个窗口", "No such window"},
      {"appointment.hall_not_found", "没有这个大厅", "No such hall"},
      {"appointment.window_not_serving", "该窗口不办理这个事项",
       "This window does not handle the item"},
      {"appointment.slot_past", "该时段已开始或已结束", "The slot has begun or is over"},
      {"appointment.slot_full", "该时段已约满，请选择其他时段",
       "The slot is fully booked; choose another"},
      {"appointment.already_booked", "您当天已预约过该事项",
       "You already hold a booking for this item on that day"},
      {"appointment.same_slot", "预约已在该时段", "The booking is in this slot already"},
      {"appointment.not_changeable", "只有尚未开始的预约可以改约或取消",
       "Only a booking whose slot has not begun may be changed or cancelled"},
      {"appointment.already_checked_in", "已签到", "Already checked in"},
      {"appointment.cancelled", "该预约已取消", "The booking was cancelled"},
      {"appointment.no_show", "预约时段已结束，记为爽约", "The slot is over: a no-show"},
      {"appointment.not_today", "只能在预约当天签到", "Check-in is on the booked day only"},
      {"appointment.check_in_not_allowed", "签到由窗口人员办理",
       "People are checked in at the window"},
      {"appointment.list_not_allowed", "当前角色不办理预约", "This role handles no appointments"},
      {"appointment.manage_not_allowed", "大厅、窗口和时段由本区域的管理人员设置",
       "Halls, windows and slots are set up by the bureau of the region"},
      {"hall.name_length", "大厅名称应为 1 至 100 个字", "A hall's name has 1 to 100 characters"},
      {"hall.address_length", "地址最多 200 个字", "An address has at most 200 characters"},
      {"window.name_length", "窗口名称应为 1 至 50 个字", "A window's name has 1 to 50 characters"},
      {"window.comprehensive_department", "综合窗口（一窗）受理各部门事项，不填部门",
       "A comprehensive window serves every department: leave the department empty"},
      {"window.comprehensive_items", "综合窗口（一窗）受理全部事项，不列事项",
       "A comprehensive window serves every item: list none"},
      {"window.department_required", "部门窗口须指定部门",
       "A departmental window names its department"},
      {"window.department", "部门须在大厅所在区域内",
       "The department must lie in the hall's region"},
      {"slot.time_format", "时间格式为 HH:MM", "Times are HH:MM"},
      {"slot.minutes", "每个时段 5 至 240 分钟", "A slot lasts 5 to 240 minutes"},
      {"slot.capacity", "每个时段可约 1 至 500 人", "A slot's capacity is 1 to 500"},
      {"slot.range", "时间范围内放不下一个时段", "The range holds no slot"},
      {"range.order", "结束日期早于开始日期", "The end date is before the start date"},
  };
  for (const auto& m : kMessages) http::RegisterMessages(m.key, m.zh, m.en);
}

json::object RenderHall(const caseflow::Hall& h) {
  return json::object{
      {"id", h.id}, {"name", h.name}, {"region_code", h.region_code}, {"address", h.address}};
}

json::object RenderWindow(const caseflow::Window& w) {
  json::array items;
  for (const auto& id : w.item_ids) items.emplace_back(id.value());
  return json::object{{"id", w.id},
                      {"hall_id", w.hall_id},
                      {"name", w.name},
                      {"comprehensive", w.comprehensive},
                      {"department_id", w.department_id.value()},
                      {"item_ids", std::move(items)}};
}

json::object RenderSlot(const caseflow::Slot& s) {
  return json::object{{"id", s.id},
                      {"window_id", s.window_id},
                      {"hall_id", s.hall_id},
                      {"region_code", s.region_code},
                      {"day", s.day.ToString()},
                      {"starts_at", FormatInstant(s.starts_at)},
                      {"ends_at", FormatInstant(s.ends_at)},
                      {"capacity", s.capacity},
                      {"booked", s.booked}};
}

json::object RenderBooking(const service::BookingView& v) {
  const auto& b = v.booking;
  json::object o{{"id", b.id},
                 {"code", b.code},
                 {"status", v.status},
                 {"slot_id", b.slot_id},
                 {"window_id", b.window_id},
                 {"window_name", v.window_name},
                 {"hall_id", b.hall_id},
                 {"hall_name", v.hall_name},
                 {"region_code", b.region_code},
                 {"department_id", b.department_id.value()},
                 {"item_id", b.item_id.value()},
                 {"item_name", b.item_name},
                 {"case_id", b.case_id.value()},
                 {"receipt_no", v.receipt_no},
                 {"applicant_name", b.applicant_name},
                 {"applicant_id_number", b.applicant_id_number},
                 {"day", b.day.ToString()},
                 {"starts_at", FormatInstant(b.starts_at)},
                 {"ends_at", FormatInstant(b.ends_at)},
                 {"booked_at", FormatInstant(b.booked_at)},
                 {"version", b.version}};
  o["checked_in_at"] = b.checked_in_at ? json::value(FormatInstant(*b.checked_in_at)) : nullptr;
  o["cancelled_at"] = b.cancelled_at ? json::value(FormatInstant(*b.cancelled_at)) : nullptr;
  return o;
}

Result<Date> DateParam(const Request& req, std::string_view name, Date fallback) {
  std::string text = QueryOr(req, name);
  if (text.empty()) return fallback;
  auto d = ParseDate(text);
  if (!d) return FieldFail(std::string(name), "date.format", "a date is YYYY-MM-DD");
  return *d;
}

class AppointmentRoutes {
 public:
  explicit AppointmentRoutes(const ApiDeps& deps)
      : clock_(deps.clock), appointments_(deps.store, deps.crypto, deps.clock) {}

  Result<Response> Halls(Request& req) {
    std::string region = QueryOr(req, "region");
    if (!region.empty() && !RegionCode::Parse(region)) {
      return FieldFail("region", "region.format", "region is a 6, 9 or 12-digit code");
    }
    ZT_ASSIGN_OR_RETURN(auto halls, appointments_.Halls(region));
    json::array items;
    for (const auto& h : halls) {
      json::object o = RenderHall(h.hall);
      json::array windows;
      for (const auto& w : h.windows) windows.push_back(RenderWindow(w));
      o["windows"] = std::move(windows);
      items.push_back(std::move(o));
    }
    return Response::Json(200, json::object{{"items", std::move(items)}});
  }

  Result<Response> CreateHall(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    caseflow::Hall h;
    h.name = r.RequireString("name", 0, 400);
    h.region_code = r.RequireString("region_code", 0, 12);
    h.address = r.OptionalString("address", 0, 800).value_or("");
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto hall, appointments_.CreateHall(p->session.actor, h, ContextOf(req)));
    return Response::Json(201, RenderHall(hall));
  }

  Result<Response> AddWindow(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    caseflow::Window w;
    w.hall_id = std::string(req.path_param("id"));
    w.name = r.RequireString("name", 0, 200);
    w.comprehensive = r.OptionalBool("comprehensive").value_or(false);
    w.department_id = DepartmentId(r.OptionalString("department_id", 0, 64).value_or(""));
    if (auto ids = r.OptionalArray("item_ids", 0, 500)) {
      for (std::size_t i = 0; i < ids->size(); ++i)
        w.item_ids.emplace_back(ids->StringAt(i, 1, 64));
    }
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto window, appointments_.AddWindow(p->session.actor, w, ContextOf(req)));
    return Response::Json(201, RenderWindow(window));
  }

  Result<Response> OpenSlots(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    caseflow::SlotPlan plan;
    std::string day = r.RequireString("day", 10, 10);
    plan.first = r.RequireString("first", 5, 5);
    plan.last = r.RequireString("last", 5, 5);
    plan.minutes = static_cast<int>(r.RequireInt("minutes", 5, 240));
    plan.capacity = static_cast<int>(r.RequireInt("capacity", 1, 500));
    ZT_RETURN_IF_ERROR(r.Finish());
    auto parsed = ParseDate(day);
    if (!parsed) return FieldFail("/day", "date.format", "a date is YYYY-MM-DD");
    plan.day = *parsed;
    ZT_ASSIGN_OR_RETURN(auto slots, appointments_.OpenSlots(p->session.actor, req.path_param("id"),
                                                            plan, ContextOf(req)));
    json::array items;
    for (const auto& s : slots) items.push_back(RenderSlot(s));
    return Response::Json(201, json::object{{"items", std::move(items)}});
  }

  Result<Response> Slots(Request& req) {
    std::string item = QueryOr(req, "item_id");
    if (item.empty() || item.size() > 64) {
      return FieldFail("item_id", "item.not_found", "name the item (item_id)");
    }
    ZT_ASSIGN_OR_RETURN(Date from, DateParam(req, "from", CivilDateCst(clock_.Now())));
    int days = 7;
    if (std::string text = QueryOr(req, "days"); !text.empty()) {
      days = std::atoi(text.c_str());
      if (days < 1 || days > 31 || text.size() > 2) {
        return FieldFail("days", "slot.days", "days is 1 to 31");
      }
    }
    ZT_ASSIGN_OR_RETURN(auto slots, appointments_.SlotsFor(ItemId(item), from, days));
    json::array items;
    for (const auto& v : slots) {
      json::object o = RenderSlot(v.slot);
      o["window_name"] = v.window_name;
      o["hall_name"] = v.hall_name;
      o["comprehensive"] = v.comprehensive;
      o["remaining"] = v.remaining;
      items.push_back(std::move(o));
    }
    return Response::Json(200, json::object{{"items", std::move(items)}});
  }

  Result<Response> Book(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    service::BookRequest in;
    in.slot_id = r.RequireString("slot_id", 1, 64);
    in.item_id = ItemId(r.RequireString("item_id", 1, 64));
    in.case_id = CaseId(r.OptionalString("case_id", 0, 64).value_or(""));
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto view, appointments_.Book(p->session.actor, in, ContextOf(req)));
    Response response = JsonWithETag(201, RenderBooking(view), view.booking.version);
    response.SetHeader("Location", "/api/v1/appointments/" + view.booking.id);
    return response;
  }

  Result<Response> List(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    std::optional<Date> day;
    if (std::string text = QueryOr(req, "day"); !text.empty()) {
      auto parsed = ParseDate(text);
      if (!parsed) return FieldFail("day", "date.format", "a date is YYYY-MM-DD");
      day = *parsed;
    }
    ZT_ASSIGN_OR_RETURN(auto rows, appointments_.List(p->session.actor, day));
    json::array items;
    for (const auto& v : rows) items.push_back(RenderBooking(v));
    auto total = static_cast<std::int64_t>(items.size());
    return Response::Json(200, json::object{{"items", std::move(items)}, {"total_size", total}});
  }

  Result<Response> Get(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto view,
                        appointments_.Get(p->session.actor, req.path_param("id"), ContextOf(req)));
    return JsonWithETag(200, RenderBooking(view), view.booking.version);
  }

  Result<Response> Change(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(std::int64_t version, IfMatchVersion(req));
    http::JsonObjectReader r(req.body());
    std::string slot_id = r.RequireString("slot_id", 1, 64);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto view, appointments_.Change(p->session.actor, req.path_param("id"),
                                                        slot_id, version, ContextOf(req)));
    return JsonWithETag(200, RenderBooking(view), view.booking.version);
  }

  Result<Response> Cancel(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(std::int64_t version, IfMatchVersion(req));
    ZT_ASSIGN_OR_RETURN(auto view, appointments_.Cancel(p->session.actor, req.path_param("id"),
                                                        version, ContextOf(req)));
    return JsonWithETag(200, RenderBooking(view), view.booking.version);
  }

  Result<Response> CheckIn(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(std::int64_t version, IfMatchVersion(req));
    ZT_ASSIGN_OR_RETURN(auto view, appointments_.CheckIn(p->session.actor, req.path_param("id"),
                                                         version, ContextOf(req)));
    return JsonWithETag(200, RenderBooking(view), view.booking.version);
  }

  Result<Response> Figures(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    Date today = CivilDateCst(clock_.Now());
    ZT_ASSIGN_OR_RETURN(Date from, DateParam(req, "from", today.AddDays(-30)));
    ZT_ASSIGN_OR_RETURN(Date to, DateParam(req, "to", today));
    ZT_ASSIGN_OR_RETURN(auto f,
                        appointments_.Figures(p->session.actor, QueryOr(req, "region"), from, to));
    return Response::Json(200, json::object{{"region_code", f.region_code},
                                            {"from", from.ToString()},
                                            {"to", to.ToString()},
                                            {"bookable_items", f.bookable_items},
                                            {"bookings", f.bookings},
                                            {"checked_in", f.checked_in},
                                            {"no_show", f.no_show},
                                            {"cancelled", f.cancelled},
                                            {"waiting", f.waiting}});
  }

 private:
  const Clock& clock_;
  service::AppointmentService appointments_;
};

}  // namespace

void RegisterAppointmentRoutes(http::Router& router, const ApiDeps& deps) {
  RegisterAppointmentMessages();
  auto routes = std::make_shared<AppointmentRoutes>(deps);
  auto bind = [routes](Result<Response> (AppointmentRoutes::*method)(Request&)) {
    return [routes, method](Request& req) { return ((*routes).*method)(req); };
  };
  router.Get("/api/v1/appointment-halls", bind(&AppointmentRoutes::Halls));
  router.Post("/api/v1/appointment-halls", bind(&AppointmentRoutes::CreateHall));
  router.Post("/api/v1/appointment-halls/{id}/windows", bind(&AppointmentRoutes::AddWindow));
  router.Post("/api/v1/appointment-windows/{id}/slots", bind(&AppointmentRoutes::OpenSlots));
  router.Get("/api/v1/appointment-slots", bind(&AppointmentRoutes::Slots));
  router.Post("/api/v1/appointments", bind(&AppointmentRoutes::Book));
  router.Get("/api/v1/appointments", bind(&AppointmentRoutes::List));
  router.Get("/api/v1/appointments/{id}", bind(&AppointmentRoutes::Get));
  router.Post("/api/v1/appointments/{id}/change", bind(&AppointmentRoutes::Change));
  router.Post("/api/v1/appointments/{id}/cancel", bind(&AppointmentRoutes::Cancel));
  router.Post("/api/v1/appointments/{id}/check-in", bind(&AppointmentRoutes::CheckIn));
  router.Get("/api/v1/stats/appointments", bind(&AppointmentRoutes::Figures));
}

}  // namespace zt::api
