// Open311 GeoReport v2 (JSON format) over the hotline, so that existing Open311 clients can
// file and follow matters: GET services.json (the leaf categories), POST requests.json,
// GET requests.json and GET requests/{id}.json. GeoReport knows only "open" and "closed"; how
// our states map onto them is in docs/hotline.md. Errors are RFC 9457 problems like the rest
// of the API (their field pointers say what to fix), not GeoReport's error list.
#include <boost/json.hpp>
#include <map>

#include "handler_support.h"
#include "hotline_render.h"
#include "routes.h"
#include "zt/core/text.h"
#include "zt/http/problem.h"
#include "zt/http/request.h"
#include "zt/service/hotline_service.h"

namespace zt::api {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

// GeoReport's two statuses. A matter answered directly, closed (resolved or not) or merged
// into another order no longer waits for anything: "closed"; the status_notes tell which.
bool IsClosed(const std::string& state) {
  return state == "answered" || state == "closed_resolved" || state == "closed_unresolved" ||
         state == "merged";
}

std::string StatusNotes(const hotline::WorkOrder& o) {
  if (o.state == "closed_resolved") return "closed: resolved (已解决)";
  if (o.state == "closed_unresolved") return "closed: not resolved (未解决)";
  if (o.state == "merged") return "closed: merged into another request (已并单)";
  if (o.state == "answered") return "closed: answered directly (直接办结)";
  if (o.state == "returned") return "open: being reassigned (退单待审核)";
  if (o.state == "replied" || o.state == "called_back") return "open: replied (已回复待回访)";
  if (o.state == "dispatched") return "open: dispatched (已派单)";
  return "open: in progress (办理中)";
}

// application/x-www-form-urlencoded, as GeoReport clients send it.
Result<std::map<std::string, std::string>> ParseForm(std::string_view body) {
  std::map<std::string, std::string> out;
  while (!body.empty()) {
    auto amp = body.find('&');
    std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    auto name = http::PercentDecode(pair.substr(0, eq), true);
    auto value = http::PercentDecode(
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
    if (!name || !value) {
      return Fail(ErrorCode::kInvalidArgument, "json.malformed", "malformed form encoding");
    }
    out[*name] = *value;
  }
  return out;
}

// The same fields as a JSON object of strings (for clients that post JSON); members that are
// not strings are ignored, as unknown form fields are.
Result<std::map<std::string, std::string>> JsonFields(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) {
    return Fail(ErrorCode::kInvalidArgument, "json.malformed", "the body is not a JSON object");
  }
  std::map<std::string, std::string> out;
  for (const auto& [k, member] : v.as_object()) {
    if (member.is_string()) out[std::string(k)] = std::string(member.as_string());
  }
  return out;
}

std::string Prefix(std::string_view text, std::size_t chars) {
  std::size_t n = 0, i = 0;
  while (i < text.size() && n < chars) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    ++n;
  }
  return std::string(text.substr(0, i));
}

class Open311Routes {
 public:
  explicit Open311Routes(const ApiDeps& deps)
      : hotline_(deps.store, deps.crypto, deps.clock, deps.calendar) {}

  Result<Response> Services(Request&) {
    json::array out;
    const auto& tree = hotline_.categories();
    for (const auto& c : tree) {
      if (!hotline::IsLeafCategory(tree, c.code)) continue;
      const auto* group = hotline::FindCategory(tree, c.code.substr(0, 2));
      out.push_back({{"service_code", c.code},
                     {"service_name", c.name_zh},
                     {"description", c.name_en},
                     {"metadata", false},
                     {"type", "realtime"},
                     {"keywords", ""},
                     {"group", group ? group->name_zh : ""}});
    }
    return Response::Json(200, out);
  }

  Result<Response> Create(Request& req) {
    {
      std::map<std::string, std::string> form;
      if (req.header("Content-Type").value_or("").starts_with("application/json")) {
        ZT_ASSIGN_OR_RETURN(form, JsonFields(req.body()));
      } else {
        ZT_ASSIGN_OR_RETURN(form, ParseForm(req.body()));
      }
      auto get = [&](const char* name) {
        auto it = form.find(name);
        return it == form.end() ? std::string() : it->second;
      };
      service::IntakeRequest in;
      auto& d = in.draft;
      d.source = "open311";
      d.category_code = get("service_code");
      d.region_code = get("jurisdiction_id");
      if (d.region_code.empty()) d.region_code = get("attribute[region_code]");
      // GeoReport reports are mostly problems to fix: 求助 unless the client says otherwise.
      d.matter_type = get("attribute[matter_type]");
      if (!form.contains("attribute[matter_type]")) d.matter_type = "help";
      d.address = get("address_string");
      std::string lat = get("lat"), lon = get("long");
      if (!lat.empty() && !lon.empty()) {
        d.address += (d.address.empty() ? "" : " ") + std::string("(") + lat + "," + lon + ")";
      }
      d.content = get("description");
      d.title = Prefix(d.content, 30);
      d.caller_name = get("last_name") + get("first_name");
      d.caller_phone = get("phone");
      in.external_id = get("device_id");
      ZT_ASSIGN_OR_RETURN(auto view, hotline_.SubmitPublic(in, ContextOf(req)));
      return Response::Json(
          201, json::array{json::object{
                   {"service_request_id", view.record.number},
                   {"service_notice", "已派单至" + view.department_name + "，办理时限 " +
                                          std::to_string(view.record.limit_days) + " 个工作日"},
                   {"account_id", nullptr}}});
    }
  }

  Result<Response> One(Request& req) {
    {
      std::string id(req.path_param("request"));
      if (!id.ends_with(".json")) {
        return Fail(ErrorCode::kNotFound, "hotline.not_found", "only the JSON format is served");
      }
      id.resize(id.size() - 5);
      ZT_ASSIGN_OR_RETURN(auto view, hotline_.PublicStatus(id));
      return Response::Json(200, json::array{Render(view)});
    }
  }

  Result<Response> List(Request& req) {
    {
      json::array out;
      std::string ids = QueryOr(req, "service_request_id");
      std::string code = QueryOr(req, "service_code");
      std::string status = QueryOr(req, "status");
      if (!status.empty() && status != "open" && status != "closed") {
        return FieldFail("status", "hotline.state_filter", "status is open or closed");
      }
      if (!ids.empty()) {
        std::string_view rest = ids;
        int n = 0;
        while (!rest.empty() && n++ < 50) {
          auto comma = rest.find(',');
          auto view = hotline_.PublicStatus(std::string(rest.substr(0, comma)));
          if (view) out.push_back(Render(*view));
          rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        }
        return Response::Json(200, out);
      }
      // GeoReport's default: the most recent requests (we serve at most 50, newest first).
      ZT_ASSIGN_OR_RETURN(auto views, hotline_.ListPublic(200));
      for (const auto& v : views) {
        if (!code.empty() && v.record.category_code != code) continue;
        if (!status.empty() && IsClosed(v.record.state) != (status == "closed")) continue;
        out.push_back(Render(v));
        if (out.size() == 50) break;
      }
      return Response::Json(200, out);
    }
  }

 private:
  json::object Render(const service::OrderView& v) const {
    const auto& o = v.record;
    const auto* c = hotline::FindCategory(hotline_.categories(), o.category_code);
    std::optional<Instant> updated = o.closed_at;
    for (auto t : {o.dispatched_at, o.accepted_at, o.replied_at, o.called_back_at}) {
      if (t && (!updated || *t > *updated)) updated = t;
    }
    // Public: the summary, never the caller or the full content (it may name people).
    return {
        {"service_request_id", o.number},
        {"status", IsClosed(o.state) ? "closed" : "open"},
        {"status_notes", StatusNotes(o)},
        {"service_name", c ? c->name_zh : ""},
        {"service_code", o.category_code},
        {"description", o.title},
        {"agency_responsible", v.department_name},
        {"service_notice", ""},
        {"requested_datetime", FormatInstant(o.received_at)},
        {"updated_datetime", FormatInstant(updated.value_or(o.received_at))},
        {"expected_datetime", o.due_date ? json::value(o.due_date->ToString() + "T23:59:59+08:00")
                                         : json::value(nullptr)},
        {"address", o.address},
        {"address_id", nullptr},
        {"zipcode", nullptr},
        {"lat", nullptr},
        {"long", nullptr},
        {"media_url", nullptr}};
  }

  service::HotlineService hotline_;
};

}  // namespace

void RegisterOpen311Routes(http::Router& router, const ApiDeps& deps) {
  auto routes = std::make_shared<Open311Routes>(deps);
  auto bind = [routes](Result<Response> (Open311Routes::*method)(Request&)) {
    return [routes, method](Request& req) { return ((*routes).*method)(req); };
  };
  router.Get("/open311/v2/services.json", bind(&Open311Routes::Services));
  router.Post("/open311/v2/requests.json", bind(&Open311Routes::Create));
  router.Get("/open311/v2/requests.json", bind(&Open311Routes::List));
  router.Get("/open311/v2/requests/{request}", bind(&Open311Routes::One));
}

}  // namespace zt::api
