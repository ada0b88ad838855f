// The audit administrator's search of the audit trail and its CSV export (docs/security.md
// "Audit search", RELIABILITY.md AUD-06). service::AuditSearchService decides who may read it
// and records every reading.
#include <boost/json.hpp>
#include <charconv>

#include "handler_support.h"
#include "routes.h"
#include "zt/core/csv.h"
#include "zt/http/problem.h"
#include "zt/service/audit_search_service.h"

namespace zt::api {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

void RegisterAuditMessages() {
  struct Message {
    const char* key;
    const char* zh;
    const char* en;
  };
  static constexpr Message kMessages[] = {
      {"audit.admin_only", "只有审计管理员可以检索和导出审计记录",
       "Only the audit administrator searches and exports the audit trail"},
      {"audit.result", "结果应为 ok、denied 或 failed", "The result must be ok, denied or failed"},
      {"audit.limit", "每页条数应为 1 至 200", "The page size must be 1 to 200"},
      {"audit.time_range", "结束时间应晚于开始时间", "The end must lie after the start"},
      {"audit.time", "时间格式应为 RFC 3339，例如 2026-11-23T08:00:00+08:00",
       "Times are RFC 3339, e.g. 2026-11-23T08:00:00+08:00"},
      {"audit.filter_length", "检索条件过长（最多 128 字节）",
       "A filter is too long (at most 128 bytes)"},
      {"audit.before", "before 应为正整数", "before must be a positive number"},
  };
  for (const auto& m : kMessages) http::RegisterMessages(m.key, m.zh, m.en);
}

json::object RenderEvent(const service::EventRecord& e) {
  json::object details;
  for (const auto& [name, value] : e.event.details) details[name] = value;
  return {{"seq", e.seq},
          {"at", FormatInstant(e.event.at)},
          {"action", e.event.action},
          {"object_type", e.event.object_type},
          {"object_id", e.event.object_id},
          {"actor_id", e.event.actor_id.value()},
          {"actor_role", e.event.actor_role},
          {"actor_region", e.event.actor_region},
          {"result", e.event.result},
          {"request_id", e.event.request_id},
          {"source_ip", e.event.source_ip},
          {"details", std::move(details)},
          {"hash", e.hash}};
}

// The filters of ?actor=&action=&object_type=&object_id=&result=&request_id=&from=&until=
// &before=&limit=, with field errors for malformed ones.
Result<service::AuditQuery> QueryOf(const Request& req) {
  service::AuditQuery q;
  q.actor_id = QueryOr(req, "actor");
  q.action_prefix = QueryOr(req, "action");
  q.object_type = QueryOr(req, "object_type");
  q.object_id = QueryOr(req, "object_id");
  q.result = QueryOr(req, "result");
  q.request_id = QueryOr(req, "request_id");
  std::vector<FieldError> errors;
  auto instant = [&](const char* name, std::optional<Instant>& out) {
    std::string text = QueryOr(req, name);
    if (text.empty()) return;
    auto parsed = ParseInstant(text);
    if (!parsed) {
      errors.push_back({std::string("/") + name, "audit.time", "an RFC 3339 time"});
    } else {
      out = *parsed;
    }
  };
  instant("from", q.from);
  instant("until", q.until);
  auto number = [&](const char* name, auto& out, const char* key) {
    std::string text = QueryOr(req, name);
    if (text.empty()) return;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc() || end != text.data() + text.size()) {
      errors.push_back({std::string("/") + name, key, "a number"});
    }
  };
  number("before", q.before_seq, "audit.before");
  number("limit", q.limit, "audit.limit");
  if (!errors.empty()) {
    std::string key = errors.front().key;
    return Fail(ErrorCode::kInvalidArgument, key, "the search has invalid filters",
                std::move(errors));
  }
  return q;
}

class AuditRoutes {
 public:
  explicit AuditRoutes(const ApiDeps& deps) : audit_(deps.store, deps.clock) {}

  Result<Response> Search(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_RETURN_IF_ERROR(audit_.RequireAuditAdministrator(p->session.actor, ContextOf(req)));
    ZT_ASSIGN_OR_RETURN(auto query, QueryOf(req));
    ZT_ASSIGN_OR_RETURN(auto page, audit_.Search(p->session.actor, query, ContextOf(req)));
    json::array items;
    for (const auto& e : page.items) items.push_back(RenderEvent(e));
    json::object body{{"items", std::move(items)}};
    if (page.next_before != 0) body["next_before"] = page.next_before;
    Response out = Response::Json(200, std::move(body));
    out.SetHeader("Cache-Control", "no-store");
    return out;
  }

  // The watermark goes first and last, so that cutting either end off a copy keeps it.
  Result<Response> Export(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_RETURN_IF_ERROR(audit_.RequireAuditAdministrator(p->session.actor, ContextOf(req)));
    ZT_ASSIGN_OR_RETURN(auto query, QueryOf(req));
    ZT_ASSIGN_OR_RETURN(auto file, audit_.Export(p->session.actor, query, ContextOf(req)));
    std::string csv(CsvBom());
    csv += CsvLine({file.watermark});
    csv += CsvLine({"seq", "at", "action", "object_type", "object_id", "actor_id", "actor_role",
                    "actor_region", "result", "request_id", "source_ip", "details", "hash"});
    for (const auto& e : file.items) {
      json::object details;
      for (const auto& [name, value] : e.event.details) details[name] = value;
      csv += CsvLine({std::to_string(e.seq), FormatInstant(e.event.at), e.event.action,
                      e.event.object_type, e.event.object_id, e.event.actor_id.value(),
                      e.event.actor_role, e.event.actor_region, e.event.result, e.event.request_id,
                      e.event.source_ip, json::serialize(details), e.hash});
    }
    if (file.truncated) csv += CsvLine({"…（仅导出前 10000 条 / first 10,000 entries only）"});
    csv += CsvLine({file.watermark});
    Response out(200, std::move(csv), "text/csv; charset=utf-8");
    out.SetHeader("Content-Disposition", "attachment; filename=\"audit-events.csv\"");
    out.SetHeader("Cache-Control", "no-store");
    return out;
  }

 private:
  service::AuditSearchService audit_;
};

}  // namespace

void RegisterAuditRoutes(http::Router& router, const ApiDeps& deps) {
  RegisterAuditMessages();
  auto routes = std::make_shared<AuditRoutes>(deps);
  auto bind = [routes](Result<Response> (AuditRoutes::*method)(Request&)) {
    return [routes, method](Request& req) { return ((*routes).*method)(req); };
  };
  router.Get("/api/v1/audit/events", bind(&AuditRoutes::Search));
  router.Get("/api/v1/audit/events.csv", bind(&AuditRoutes::Export));
}

}  // namespace zt::api
