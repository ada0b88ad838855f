#include "zt/api/api.h"

#include <boost/json.hpp>
#include <charconv>

#include "account_render.h"
#include "api_rate_limit.h"
#include "body_type.h"
#include "handler_support.h"
#include "messages.h"
#include "render.h"
#include "routes.h"
#include "zt/figcheck/figcheck.h"
#include "zt/http/cookies.h"
#include "zt/http/json_body.h"
#include "zt/http/metrics.h"
#include "zt/http/problem.h"
#include "zt/service/account_service.h"
#include "zt/service/application_service.h"
#include "zt/service/catalog_service.h"

namespace zt::api {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {}  // namespace

struct Api::Impl {
  service::Store& store;
  service::Crypto& crypto;
  const Clock& clock;
  const calendar::WorkingCalendar& calendar;
  ApiOptions options;
  service::AccountService accounts;
  service::CatalogService catalog;
  service::ApplicationService applications;
  RateLimiter login_limiter;

  Impl(service::Store& s, service::Crypto& c, const Clock& clk,
       const calendar::WorkingCalendar& cal, ApiOptions o)
      : store(s),
        crypto(c),
        clock(clk),
        calendar(cal),
        options(o),
        accounts(s, c, clk, o.staff_second_factor_required),
        catalog(s, c, clk),
        applications(s, c, clk, cal),
        login_limiter(clk, o.login_rate) {}

  // POST /api/v1/session per source address: every attempt takes a token up front and a
  // successful one gives it back, so only failures count (a service hall's shared address
  // is not throttled for its many good logins) and parallel attempts cannot share one token.
  Result<Response> LimitLogins(Request& req, const http::Next& next) {
    if (req.method() != "POST" || req.path() != "/api/v1/session") return next(req);
    const std::string& from = req.remote_address();
    if (auto wait = login_limiter.Take(from)) {
      Response out = http::Problem(Error(ErrorCode::kResourceExhausted, "auth.rate_limited",
                                         "too many failed logins from this address"),
                                   req);
      out.SetHeader("Retry-After", std::to_string(wait->count()));
      return out;
    }
    Response out = next(req);
    if (out.status() >= 200 && out.status() < 300) login_limiter.Refund(from);
    return out;
  }

  http::CookieOptions SessionCookie() const {
    http::CookieOptions o;
    o.secure = options.secure_cookies;
    o.max_age = std::chrono::duration_cast<std::chrono::seconds>(service::kAbsoluteTimeout);
    return o;
  }

  // Authentication, CSRF and the password-change gate, once for every route.
  Result<Response> Authenticate(Request& req, const http::Next& next) {
    if (auto token = http::GetCookie(req, kSessionCookie)) {
      auto session = accounts.Authenticate(*token);
      if (session) req.set_principal(Principal{std::move(*session), *token});
    }
    const Principal* p = req.principal<Principal>();
    if (p != nullptr) {
      // Logins (password or SMS code, AUTH-06) start a new session: no token of the old one.
      bool is_login = req.method() == "POST" &&
                      (req.path() == "/api/v1/session" || req.path() == "/api/v1/session/sms" ||
                       req.path() == "/api/v1/session/sms-code");
      if (IsMutating(req.method()) && !is_login) {
        auto sent = req.header("X-CSRF-Token");
        if (!sent || *sent != p->session.csrf_token) {
          return Fail(ErrorCode::kPermissionDenied, "auth.csrf", "missing or wrong X-CSRF-Token");
        }
      }
      if (p->session.account.must_change_password && req.path().starts_with("/api/") &&
          req.path() != "/api/v1/session" && req.path() != "/api/v1/session/password") {
        return Fail(ErrorCode::kPermissionDenied, "auth.password_change_required",
                    "change the initial password first");
      }
      // AUTH-05/AZ-06: a staff session opened with the password alone may only enrol TOTP.
      if (p->session.second_factor_enrolment_required && req.path().starts_with("/api/") &&
          req.path() != "/api/v1/session" && req.path() != "/api/v1/session/password" &&
          req.path() != "/api/v1/session/totp" && req.path() != "/api/v1/session/totp/confirm") {
        return Fail(ErrorCode::kPermissionDenied, "auth.second_factor_enrolment_required",
                    "enrol an authenticator app first");
      }
    }
    return next(req);
  }

  Result<Response> Login(Request& req) {
    http::JsonObjectReader r(req.body());
    std::string username = r.RequireString("username", 1, 64);
    std::string password = r.RequireString("password", 1, 128);
    std::string totp = r.OptionalString("totp", 1, 8).value_or("");
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto session, accounts.Login(username, password, totp, ContextOf(req)));
    Response out = Response::Json(200, json::object{{"account", RenderSessionAccount(session)},
                                                    {"csrf_token", session.csrf_token}});
    out.AddHeader("Set-Cookie",
                  http::BuildSetCookie(kSessionCookie, session.token, SessionCookie()));
    return out;
  }

  Result<Response> CurrentSession(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    return Response::Json(200, json::object{{"account", RenderSessionAccount(p->session)},
                                            {"csrf_token", p->session.csrf_token}});
  }

  Result<Response> Logout(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_RETURN_IF_ERROR(accounts.Logout(p->token, ContextOf(req)));
    Response out = Response::NoContent();
    out.AddHeader("Set-Cookie", http::BuildClearCookie(kSessionCookie, SessionCookie()));
    return out;
  }

  Result<Response> ChangePassword(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    std::string old_password = r.RequireString("old_password", 1, 128);
    std::string new_password = r.RequireString("new_password", 1, 128);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_RETURN_IF_ERROR(
        accounts.ChangePassword(p->session.account.id, old_password, new_password, ContextOf(req)));
    Response out = Response::NoContent();
    out.AddHeader("Set-Cookie", http::BuildClearCookie(kSessionCookie, SessionCookie()));
    return out;
  }

  Result<Response> BeginTotp(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    if (!req.body().empty()) ZT_RETURN_IF_ERROR(http::JsonObjectReader(req.body()).Finish());
    ZT_ASSIGN_OR_RETURN(auto enrolment,
                        accounts.BeginTotpEnrolment(p->session.account.id, ContextOf(req)));
    Response out = Response::Json(201, json::object{{"secret", enrolment.secret_base32},
                                                    {"otpauth_uri", enrolment.otpauth_uri},
                                                    {"qr", RenderQrRows(enrolment.otpauth_uri)}});
    out.SetHeader("Cache-Control", "no-store");
    return out;
  }

  Result<Response> ConfirmTotp(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    std::string code = r.RequireString("code", 1, 8);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_RETURN_IF_ERROR(accounts.ConfirmTotp(p->session.account.id, code, ContextOf(req)));
    return Response::NoContent();
  }

  Result<Response> RegisterCitizen(Request& req) {
    http::JsonObjectReader r(req.body());
    service::NewCitizen c;
    c.id_number = r.RequireString("id_number", 1, 32);
    c.name = r.RequireString("name", 1, 50);
    c.phone = r.RequireString("phone", 1, 32);
    c.password = r.RequireString("password", 1, 128);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto account, accounts.RegisterCitizen(c, ContextOf(req)));
    return Response::Json(201, RenderAccount(account));
  }

  Result<Response> Regions(Request&) {
    ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
    ZT_ASSIGN_OR_RETURN(auto regions, tx->ListRegions());
    json::array items;
    for (const auto& r : regions) items.push_back(RenderRegion(r));
    return Response::Json(200, json::object{{"items", std::move(items)}});
  }

  Result<Response> Departments(Request& req) {
    std::string region = QueryOr(req, "region");
    ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
    ZT_ASSIGN_OR_RETURN(
        auto departments,
        tx->ListDepartments(region.empty() ? "" : service::RegionScopePrefix(region)));
    json::array items;
    for (const auto& d : departments) items.push_back(RenderDepartment(d));
    return Response::Json(200, json::object{{"items", std::move(items)}});
  }

  Result<Response> ListItems(Request& req) {
    ZT_ASSIGN_OR_RETURN(auto paging, Paging(req));
    service::ItemQuery q;
    q.text = QueryOr(req, "q");
    if (q.text.size() > 200) return FieldFail("q", "query.required", "q is at most 200 bytes");
    std::string region = QueryOr(req, "region");
    if (!region.empty()) q.region_prefix = service::RegionScopePrefix(region);
    q.department_id = DepartmentId(QueryOr(req, "department_id"));
    if (auto status = req.query("status"); status && !status->empty()) {
      ZT_ASSIGN_OR_RETURN(auto s, catalog::ParseItemStatus(*status));
      q.status = s;
    }
    q.offset = paging.first;
    q.limit = paging.second;
    ZT_ASSIGN_OR_RETURN(auto page, catalog.List(OptionalActor(req), q));
    json::array items;
    for (const auto& v : page.items) items.push_back(RenderItem(v));
    return Response::Json(200,
                          json::object{{"items", std::move(items)}, {"total_size", page.total}});
  }

  Result<Response> GetItem(Request& req) {
    ZT_ASSIGN_OR_RETURN(auto view,
                        catalog.Get(OptionalActor(req), ItemId(std::string(req.path_param("id")))));
    return JsonWithETag(200, RenderItem(view), view.item.version);
  }

  Result<Response> CreateItem(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    catalog::ServiceItem item;
    item.code = r.RequireString("code", 1, 64);
    item.name = r.RequireString("name", 1, 200);
    std::string type = r.RequireString("type", 1, 32);
    item.department_id = DepartmentId(r.RequireString("department_id", 1, 64));
    item.region_code = r.RequireString("region_code", 6, 12);
    item.statutory_limit_wd = static_cast<int>(r.RequireInt("statutory_limit_wd", 0, 365));
    item.promised_limit_wd = static_cast<int>(r.RequireInt("promised_limit_wd", 0, 365));
    std::string kind = r.OptionalString("case_kind", 1, 16).value_or("promised");
    item.online = r.OptionalBool("online").value_or(true);
    if (auto materials = r.OptionalArray("materials", 0, 100)) {
      for (std::size_t i = 0; i < materials->size(); ++i) {
        auto m = materials->ObjectAt(i);
        catalog::Material material;
        material.name = m.RequireString("name", 1, 200);
        material.required = m.OptionalBool("required").value_or(true);
        material.note = m.OptionalString("note", 0, 500).value_or("");
        material.secondary = m.OptionalBool("secondary").value_or(false);
        material.trust_grade = m.OptionalString("trust_grade", 0, 1).value_or("");
        material.licence_type_code = m.OptionalString("licence_type_code", 0, 64).value_or("");
        item.materials.push_back(std::move(material));
      }
    }
    if (auto t = catalog::ParseItemType(type); t) {
      item.type = *t;
    } else {
      r.AddFieldError("type", "item.type_unknown", t.error().detail());
    }
    if (auto k = catalog::ParseCaseKind(kind); k) {
      item.case_kind = *k;
    } else {
      r.AddFieldError("case_kind", "item.case_kind_unknown", k.error().detail());
    }
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto view,
                        catalog.Create(p->session.actor, std::move(item), ContextOf(req)));
    Response out = JsonWithETag(201, RenderItem(view), view.item.version);
    out.SetHeader("Location", "/api/v1/items/" + view.item.id.value());
    return out;
  }

  // Publishing goes through review by a second person: POST /api/v1/items/{id}/publish
  // submits for review (catalog_routes.cc).
  Result<Response> WithdrawItem(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(std::int64_t version, IfMatchVersion(req));
    ItemId id(std::string(req.path_param("id")));
    auto view = catalog.Withdraw(p->session.actor, id, version, ContextOf(req));
    if (!view) return std::unexpected(view.error());
    return JsonWithETag(200, RenderItem(*view), view->item.version);
  }

  Result<Response> Submit(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    service::SubmitRequest s;
    if (auto key = req.header("Idempotency-Key")) {
      bool ok = !key->empty() && key->size() <= kMaxIdempotencyKey;
      for (char ch : *key) ok = ok && ch > 0x20 && ch < 0x7f;
      if (!ok)
        return FieldFail("Idempotency-Key", "idempotency.key_format",
                         "1 to 128 visible characters");
      s.idempotency_key = std::string(*key);
      s.request_fingerprint = crypto.Digest(req.method() + " " + req.path() + "\n" + req.body());
    }
    http::JsonObjectReader r(req.body());
    s.item_id = ItemId(r.RequireString("item_id", 1, 64));
    s.channel = r.OptionalString("channel", 1, 16).value_or("online");
    if (auto a = r.OptionalObject("applicant")) {
      service::Applicant applicant;
      applicant.name = a->OptionalString("name", 0, 50).value_or("");
      applicant.id_number = a->OptionalString("id_number", 0, 32).value_or("");
      applicant.phone = a->OptionalString("phone", 0, 32).value_or("");
      s.applicant = applicant;
    }
    if (const json::value* form = r.RawValue("form")) {
      if (!form->is_object()) {
        r.AddFieldError("form", "json.type", "form must be an object");
      } else {
        s.form_json = json::serialize(*form);
      }
    }
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto view, applications.Submit(p->session.actor, s, ContextOf(req)));
    Response out = JsonWithETag(201, RenderApplication(view, true), view.record.version);
    out.SetHeader("Location", "/api/v1/applications/" + view.record.id.value());
    return out;
  }

  Result<Response> ListApplications(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto paging, Paging(req));
    service::CaseQuery q;
    if (auto state = req.query("state"); state && !state->empty()) {
      // Comma-separated states.
      std::string_view rest = *state;
      while (!rest.empty()) {
        auto comma = rest.find(',');
        q.states.emplace_back(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      }
    }
    q.offset = paging.first;
    q.limit = paging.second;
    ZT_ASSIGN_OR_RETURN(auto page, applications.List(p->session.actor, q));
    json::array items;
    for (const auto& v : page.items) items.push_back(RenderApplication(v, false));
    return Response::Json(200,
                          json::object{{"items", std::move(items)}, {"total_size", page.total}});
  }

  Result<Response> GetApplication(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(
        auto view, applications.Get(p->session.actor, CaseId(std::string(req.path_param("id"))),
                                    ContextOf(req)));
    return JsonWithETag(200, RenderApplication(view, true), view.record.version);
  }

  Result<Response> Transition(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    caseflow::Command command;
    command.transition = r.RequireString("transition", 1, 32);
    if (auto note = r.OptionalString("note", 0, 2000); note && !note->empty()) {
      command.fields["note"] = *note;
    }
    // extend: working days to add (the case engine refuses more than 10).
    if (auto days = r.OptionalInt("days", 1, 365)) command.fields["days"] = std::to_string(*days);
    // 容缺受理 / 告知承诺 (docs/case-engine.md): the missing secondary materials, the commitment.
    // conclude: "delivery": "window" when the applicant collects the certificate in person (a
    // visit, docs/appointments.md).
    for (const char* name : {"missing", "commitment", "delivery"}) {
      if (auto text = r.OptionalString(name, 0, 2000); text && !text->empty()) {
        command.fields[name] = *text;
      }
    }
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(std::int64_t version, IfMatchVersion(req));
    ZT_ASSIGN_OR_RETURN(
        auto view, applications.Act(p->session.actor, CaseId(std::string(req.path_param("id"))),
                                    command, version, ContextOf(req)));
    return JsonWithETag(200, RenderApplication(view, true), view.record.version);
  }

  Result<Response> Progress(Request& req) {
    std::string receipt = QueryOr(req, "receipt_no");
    std::string id_number = QueryOr(req, "id_number");
    std::vector<FieldError> missing;
    if (receipt.empty())
      missing.push_back({"receipt_no", "query.required", "receipt_no is required"});
    if (id_number.empty())
      missing.push_back({"id_number", "query.required", "id_number is required"});
    if (!missing.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "query.required", "missing parameters",
                  std::move(missing));
    }
    ZT_ASSIGN_OR_RETURN(auto view, applications.Progress(receipt, id_number));
    return Response::Json(200, RenderApplication(view, true));
  }

  Result<Response> DepartmentStats(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto figures,
                        applications.DepartmentStats(p->session.actor, QueryOr(req, "region")));
    json::array items;
    for (const auto& f : figures) items.push_back(RenderFigures(f));
    return Response::Json(200, json::object{{"items", std::move(items)}});
  }

  Result<Response> Deadline(Request& req) {
    std::vector<FieldError> errors;
    auto start = ParseDate(QueryOr(req, "start"));
    if (!start)
      errors.push_back({"start", start.error().key(), "start must be a date as YYYY-MM-DD"});
    int days = -1;
    std::string days_text = QueryOr(req, "days");
    auto [ptr, ec] = std::from_chars(days_text.data(), days_text.data() + days_text.size(), days);
    if (ec != std::errc{} || ptr != days_text.data() + days_text.size() || days < 0 ||
        days > 3650) {
      errors.push_back({"days", "query.required", "days must be a whole number from 0 to 3650"});
    }
    std::string kind = QueryOr(req, "kind");
    if (kind.empty()) kind = "working";
    if (kind != "working" && kind != "calendar") {
      errors.push_back({"kind", "query.required", "kind must be working or calendar"});
    }
    if (!errors.empty()) {
      std::string key = errors.front().key;  // read before `errors` is moved from
      return Fail(ErrorCode::kInvalidArgument, std::move(key), "bad parameters", std::move(errors));
    }
    bool working = kind == "working";
    ZT_ASSIGN_OR_RETURN(Date deadline, working ? calendar.AddWorkingDays(*start, days)
                                               : calendar.AddCalendarDays(*start, days));
    ZT_ASSIGN_OR_RETURN(auto explained, calendar.Explain(*start, days, working));
    json::array explain;
    for (const auto& d : explained) {
      explain.push_back(json::object{{"date", d.date.ToString()},
                                     {"working", d.working},
                                     {"counted", d.counted},
                                     {"count", d.running_count},
                                     {"reason", d.reason}});
    }
    return Response::Json(200, json::object{{"start", start->ToString()},
                                            {"days", days},
                                            {"kind", kind},
                                            {"deadline", deadline.ToString()},
                                            {"explain", std::move(explain)}});
  }

  // POST /api/v1/reports/check: the figure check of a pasted report (docs/figcheck.md).
  // Staff only: the text is the bureau's working material, not a public service.
  Result<Response> CheckReportFigures(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    std::string text = r.RequireString("text", 1, figcheck::kMaxTextBytes);
    ZT_RETURN_IF_ERROR(r.Finish());
    if (p->session.actor.role == accounts::Role::kCitizen) {
      return Fail(ErrorCode::kPermissionDenied, "report.staff_only",
                  "the figure check is for staff accounts");
    }
    ZT_ASSIGN_OR_RETURN(auto checked, figcheck::CheckReport(text));
    json::array findings;
    for (const auto& f : checked.findings) {
      json::array figures;
      for (const auto& g : f.figures) {
        figures.push_back(json::object{
            {"role", g.role}, {"text", g.text}, {"label", g.label}, {"value", g.value}});
      }
      findings.push_back(json::object{{"severity", figcheck::SeverityName(f.severity)},
                                      {"kind", figcheck::KindName(f.kind)},
                                      {"paragraph", f.paragraph},
                                      {"sentence", f.sentence},
                                      {"figures", std::move(figures)},
                                      {"explanation_zh", f.explanation_zh},
                                      {"explanation_en", f.explanation_en}});
    }
    return Response::Json(200, json::object{{"findings", std::move(findings)},
                                            {"statements_checked", checked.statements_checked}});
  }

  // GET /api/v1/items/export.csv?department_id=&bom=0|1 (department_admin).
  Result<Response> ExportItems(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    std::string department = QueryOr(req, "department_id");
    if (department.empty()) department = p->session.actor.department_id.value();
    bool bom = QueryOr(req, "bom") != "0";
    ZT_ASSIGN_OR_RETURN(auto csv, catalog.ExportCsv(p->session.actor, DepartmentId(department), bom,
                                                    ContextOf(req)));
    Response out(200, std::move(csv), "text/csv; charset=utf-8");
    out.SetHeader("Content-Disposition", "attachment; filename=\"items-" + department + ".csv\"");
    return out;
  }

  // POST /api/v1/items/import (department_admin), body text/csv. All rows or none: a refused
  // file is 400 item.import_rejected with every problem in errors[] and rows[].
  Result<Response> ImportItems(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    // Who may import is CatalogService's decision (it also audits a refusal).
    std::string_view type = req.header("Content-Type").value_or("");
    if (!type.starts_with("text/csv")) {
      return FieldFail("Content-Type", "csv.content_type", "send the file as text/csv");
    }
    ZT_ASSIGN_OR_RETURN(auto outcome,
                        catalog.ImportCsv(p->session.actor, req.body(), ContextOf(req)));
    if (!outcome.errors.empty()) {
      std::vector<FieldError> fields;
      for (const auto& e : outcome.errors) {
        fields.push_back({"/rows/" + std::to_string(e.row) + (e.field.empty() ? "" : "/" + e.field),
                          e.key, e.message});
      }
      Error error(ErrorCode::kInvalidArgument, "item.import_rejected",
                  "the file was refused; nothing was imported", std::move(fields));
      Response out = http::Problem(error, req);
      json::value body = json::parse(out.body());
      json::array rows;
      for (const auto& e : outcome.errors) {
        rows.push_back(json::object{
            {"row", e.row},
            {"field", e.field},
            {"key", e.key},
            {"message",
             http::LocalizeMessage(e.key, req.locale(), e.message).value_or(e.message)}});
      }
      body.as_object()["rows"] = std::move(rows);
      out.set_body(json::serialize(body));
      return out;
    }
    json::array items, updated;
    for (const auto& v : outcome.created) items.push_back(RenderItem(v));
    for (const auto& v : outcome.updated) updated.push_back(RenderItem(v));
    return Response::Json(201, json::object{{"created", outcome.created.size()},
                                            {"items", std::move(items)},
                                            {"updated", std::move(updated)},
                                            {"unchanged", outcome.unchanged}});
  }

  // GET /api/v1/stats/catalog?region=&department_id= (bureau_manager, department_admin).
  Result<Response> CatalogStats(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto figures, catalog.Figures(p->session.actor, QueryOr(req, "region"),
                                                      DepartmentId(QueryOr(req, "department_id"))));
    json::array indicators;
    for (const auto& i : figures.indicators) {
      json::value numerator = i.numerator;
      if (i.numerator == static_cast<double>(static_cast<std::int64_t>(i.numerator))) {
        numerator = static_cast<std::int64_t>(i.numerator);
      }
      indicators.push_back(
          json::object{{"key", i.key},
                       {"name", i.name_zh},
                       {"value", i.value ? json::value(*i.value) : json::value(nullptr)},
                       {"numerator", numerator},
                       {"denominator", i.denominator},
                       {"formula", i.formula}});
    }
    return Response::Json(200, json::object{{"basis", "事项口径"},
                                            {"region_prefix", figures.region_prefix},
                                            {"department_id", figures.department_id.value()},
                                            {"items", figures.items},
                                            {"indicators", std::move(indicators)}});
  }

  Result<Response> Ready(Request&) {
    ZT_RETURN_IF_ERROR(store.Ping());
    return Response::Json(200, json::object{{"status", "ready"}, {"store", store.backend()}});
  }

  Result<Response> Metrics(Request& req) {
    const std::string& from = req.remote_address();
    if (!from.starts_with("127.") && from != "::1") {
      return Fail(ErrorCode::kPermissionDenied, "metrics.loopback_only",
                  "metrics are served on loopback only");
    }
    return Response::Text(200, http::metrics().Render(), std::string(http::kPrometheusContentType));
  }
};

Api::Api(service::Store& store, service::Crypto& crypto, const Clock& clock,
         const calendar::WorkingCalendar& calendar, ApiOptions options)
    : impl_(std::make_unique<Impl>(store, crypto, clock, calendar, options)) {
  RegisterServiceMessages();
}

Api::~Api() = default;

void Api::Register(http::Router& router) {
  Impl* api = impl_.get();
  // RATE-01: first of all, so that a refused request reaches neither the store nor the audit.
  if (impl_->options.api_rate) {
    UseApiRateLimit(router, impl_->clock, impl_->crypto, *impl_->options.api_rate);
  }
  // Outermost but for the rate limit, so that it also sees the refusals of the middleware below
  // (AUD-01).
  UseAuditTrail(router, {impl_->store, impl_->crypto, impl_->clock, impl_->calendar},
                impl_->options.writes_allowed);
  router.Use([api](Request& req, const http::Next& next) { return api->LimitLogins(req, next); });
  router.Use([api](Request& req, const http::Next& next) { return api->Authenticate(req, next); });
  router.Use(RequireJsonBodyType);  // INP-02: 415 for a body that is not JSON
  auto bind = [api](Result<Response> (Impl::*method)(Request&)) {
    return [api, method](Request& req) { return (api->*method)(req); };
  };
  router.Get("/healthz", [](Request&) -> Result<Response> {
    return Response::Json(200, json::object{{"status", "ok"}});
  });
  router.Get("/readyz", bind(&Impl::Ready));
  router.Get("/metrics", bind(&Impl::Metrics));
  router.Get("/api/v1/openapi.json", [](Request&) -> Result<Response> {
    return Response(200, OpenApiDocument(), "application/json");
  });
  router.Post("/api/v1/session", bind(&Impl::Login));
  router.Get("/api/v1/session", bind(&Impl::CurrentSession));
  router.Delete("/api/v1/session", bind(&Impl::Logout));
  router.Post("/api/v1/session/password", bind(&Impl::ChangePassword));
  router.Post("/api/v1/session/totp", bind(&Impl::BeginTotp));
  router.Post("/api/v1/session/totp/confirm", bind(&Impl::ConfirmTotp));
  router.Post("/api/v1/citizens", bind(&Impl::RegisterCitizen));
  router.Get("/api/v1/regions", bind(&Impl::Regions));
  router.Get("/api/v1/departments", bind(&Impl::Departments));
  router.Get("/api/v1/items", bind(&Impl::ListItems));
  router.Post("/api/v1/items", bind(&Impl::CreateItem));
  router.Get("/api/v1/items/export.csv", bind(&Impl::ExportItems));
  router.Post("/api/v1/items/import", bind(&Impl::ImportItems));
  router.Get("/api/v1/items/{id}", bind(&Impl::GetItem));
  router.Post("/api/v1/items/{id}/withdraw", bind(&Impl::WithdrawItem));
  router.Post("/api/v1/applications", bind(&Impl::Submit));
  router.Get("/api/v1/applications", bind(&Impl::ListApplications));
  router.Get("/api/v1/applications/{id}", bind(&Impl::GetApplication));
  router.Post("/api/v1/applications/{id}/transitions", bind(&Impl::Transition));
  router.Get("/api/v1/progress", bind(&Impl::Progress));
  router.Get("/api/v1/stats/departments", bind(&Impl::DepartmentStats));
  router.Get("/api/v1/stats/catalog", bind(&Impl::CatalogStats));
  router.Get("/api/v1/calendar/deadline", bind(&Impl::Deadline));
  router.Post("/api/v1/reports/check", bind(&Impl::CheckReportFigures));

  // Areas with their own route files (routes.h).
  const ApiDeps deps{impl_->store, impl_->crypto, impl_->clock, impl_->calendar};
  RegisterCatalogueRoutes(router, deps);
  RegisterCatalogueListRoutes(router, deps);
  RegisterRatingRoutes(router, deps);
  RegisterIndicatorRoutes(router, deps);
  RegisterReportRoutes(router, deps);
  RegisterHotlineRoutes(router, deps);
  RegisterOpen311Routes(router, deps);
  RegisterApplicationRoutes(router, deps);
  RegisterAppointmentRoutes(router, deps);
  RegisterLicenceRoutes(router, deps);
  RegisterMaterialRoutes(router, deps, impl_->options.data_dir, impl_->options.max_upload_bytes);
  RegisterPersonalDataRoutes(router, deps);
  RegisterExportRoutes(router, deps);
  RegisterAccountRoutes(router, deps);
  RegisterSmsRoutes(router, deps, impl_->options.sms_outbox_dir, impl_->options.secure_cookies);
  RegisterAccountAdminRoutes(router, deps);
  RegisterAuditRoutes(router, deps);
  RegisterAuditProofRoutes(router, deps);
}

}  // namespace zt::api
