#include "zt/service/audit_search_service.h"

#include "zt/core/id_number.h"
#include "zt/core/phone.h"
#include "zt/core/text.h"
#include "zt/service/audit.h"

namespace zt::service {
namespace {

constexpr std::size_t kMaxFilter = 128;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

void MaskDetails(EventRecord& e) {
  for (auto& [name, value] : e.event.details) value = MaskPersonalNumbers(value);
  e.event.object_id = MaskPersonalNumbers(e.event.object_id);
}

std::vector<std::pair<std::string, std::string>> Filters(const AuditQuery& q) {
  std::vector<std::pair<std::string, std::string>> out;
  auto add = [&](const char* name, const std::string& v) {
    if (!v.empty()) out.push_back({name, MaskPersonalNumbers(v)});
  };
  add("actor_id", q.actor_id);
  add("action_prefix", q.action_prefix);
  add("object_type", q.object_type);
  add("object_id", q.object_id);
  add("result", q.result);
  add("request_id", q.request_id);
  if (q.from) out.push_back({"from", FormatInstant(*q.from)});
  if (q.until) out.push_back({"until", FormatInstant(*q.until)});
  return out;
}

}  // namespace

std::string MaskPersonalNumbers(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (!IsDigit(text[i])) {
      out.push_back(text[i++]);
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && IsDigit(text[end])) ++end;
    std::size_t digits = end - i;
    if (digits == 17 && end < text.size() && (text[end] == 'X' || text[end] == 'x')) ++end;
    std::string_view run = text.substr(i, end - i);
    if (run.size() == 18 || run.size() == 15) {
      out += MaskIdNumber(run);
    } else if (run.size() == 11 && run[0] == '1') {
      out += MaskPhone(run);
    } else {
      out += run;
    }
    i = end;
  }
  return out;
}

Status AuditSearchService::RequireAuditAdministrator(const accounts::Actor& actor,
                                                     const RequestContext& ctx) {
  if (actor.role == accounts::Role::kAuditAdmin) return Ok();
  return AuditDenied(store_, clock_, actor, "audit", "events", ctx,
                     Fail(ErrorCode::kPermissionDenied, "audit.admin_only",
                          "only the audit administrator reads the audit trail"));
}

Status AuditSearchService::Admit(const accounts::Actor& actor, const AuditQuery& query,
                                 const RequestContext& ctx) {
  ZT_RETURN_IF_ERROR(RequireAuditAdministrator(actor, ctx));
  std::vector<FieldError> errors;
  if (!query.result.empty() && query.result != "ok" && query.result != "denied" &&
      query.result != "failed") {
    errors.push_back({"/result", "audit.result", "ok, denied or failed"});
  }
  if (query.limit < 1 || query.limit > kMaxAuditPage) {
    errors.push_back({"/limit", "audit.limit", "1 to 200"});
  }
  if (query.from && query.until && *query.until <= *query.from) {
    errors.push_back({"/until", "audit.time_range", "until must lie after from"});
  }
  for (const auto* v : {&query.actor_id, &query.action_prefix, &query.object_type, &query.object_id,
                        &query.request_id}) {
    if (v->size() > kMaxFilter) {
      errors.push_back({"/filter", "audit.filter_length", "filters have at most 128 bytes"});
      break;
    }
  }
  if (query.before_seq < 0) errors.push_back({"/before", "audit.before", "a positive number"});
  if (!errors.empty()) {
    std::string key = errors.front().key;
    return Fail(ErrorCode::kInvalidArgument, key, "the search has invalid filters",
                std::move(errors));
  }
  return Ok();
}

Status AuditSearchService::Record(const accounts::Actor& actor, std::string action,
                                  const AuditQuery& query, std::size_t found,
                                  const RequestContext& ctx) {
  EventDraft e;
  e.at = clock_.Now();
  e.action = std::move(action);
  e.object_type = "audit";
  e.object_id = "events";
  e.actor_id = actor.account_id;
  e.actor_role = std::string(accounts::RoleName(actor.role));
  e.actor_region = actor.region_code;
  e.request_id = ctx.request_id;
  e.source_ip = ctx.source_ip;
  e.details = Filters(query);
  e.details.push_back({"found", std::to_string(found)});
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  return tx->Commit();
}

Result<AuditPage> AuditSearchService::Search(const accounts::Actor& actor, const AuditQuery& query,
                                             const RequestContext& ctx) {
  ZT_RETURN_IF_ERROR(Admit(actor, query, ctx));
  AuditQuery q = query;
  q.limit = query.limit + 1;
  std::vector<EventRecord> found;
  {
    ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
    ZT_ASSIGN_OR_RETURN(found, tx->audit_search().Search(q));
  }
  AuditPage page;
  bool more = static_cast<int>(found.size()) > query.limit;
  if (more) found.resize(static_cast<std::size_t>(query.limit));
  for (auto& e : found) MaskDetails(e);
  if (more && !found.empty()) page.next_before = found.back().seq;
  page.items = std::move(found);
  // The search is recorded after it ran, so it does not find itself.
  ZT_RETURN_IF_ERROR(Record(actor, "audit.searched", query, page.items.size(), ctx));
  return page;
}

Result<AuditExport> AuditSearchService::Export(const accounts::Actor& actor,
                                               const AuditQuery& query, const RequestContext& ctx) {
  AuditQuery checked = query;
  checked.limit = 1;
  ZT_RETURN_IF_ERROR(Admit(actor, checked, ctx));
  AuditExport out;
  out.exported_at = clock_.Now();
  {
    ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
    AuditQuery q = query;
    q.limit = kMaxAuditPage;
    while (static_cast<int>(out.items.size()) <= kMaxAuditExport) {
      ZT_ASSIGN_OR_RETURN(auto batch, tx->audit_search().Search(q));
      if (batch.empty()) break;
      q.before_seq = batch.back().seq;
      bool last = static_cast<int>(batch.size()) < q.limit;
      for (auto& e : batch) out.items.push_back(std::move(e));
      if (last) break;
    }
  }
  if (static_cast<int>(out.items.size()) > kMaxAuditExport) {
    out.items.resize(kMaxAuditExport);
    out.truncated = true;
  }
  for (auto& e : out.items) MaskDetails(e);
  out.watermark = "导出人 " + actor.display_name + "（" + actor.account_id.value() +
                  "）· 导出时间 " + FormatInstant(out.exported_at) +
                  " · 审计检索导出 Exported by " + actor.display_name + " at " +
                  FormatInstant(out.exported_at);
  ZT_RETURN_IF_ERROR(Record(actor, "audit.exported", query, out.items.size(), ctx));
  return out;
}

}  // namespace zt::service
