#include "zt/service/export_service.h"

#include <algorithm>
#include <charconv>
#include <memory>
#include <utility>

#include "zt/core/region_code.h"
#include "zt/core/text.h"
#include "zt/service/audit.h"
#include "zt/service/catalog_service.h"

namespace zt::service {
namespace {

using accounts::Actor;
using accounts::Role;

constexpr std::string_view kObject = "export";

bool CanAskOrApprove(Role role) {
  return role == Role::kDepartmentAdmin || role == Role::kBureauManager;
}

// Whether `actor` may see (and, with the right role, decide) an export of this scope: a
// department export by the department's staff or a bureau manager above it; a whole-region
// export only by a bureau manager whose region contains it.
bool ScopeVisible(const Actor& actor, const ExportRequest& r) {
  if (r.department_id.value().empty() && accounts::IsDepartmentalRole(actor.role)) return false;
  return accounts::CanSeeDepartmentRecord(actor, r.region_code, r.department_id);
}

std::string Detail(const EventRecord& e, std::string_view key) {
  for (const auto& [k, v] : e.event.details) {
    if (k == key) return v;
  }
  return "";
}

EventDraft Event(Instant at, std::string action, const std::string& id, const Actor& actor,
                 const RequestContext& ctx) {
  EventDraft e;
  e.at = at;
  e.action = std::move(action);
  e.object_type = std::string(kObject);
  e.object_id = id;
  e.actor_id = actor.account_id;
  e.actor_role = std::string(accounts::RoleName(actor.role));
  e.actor_region = actor.region_code;
  e.request_id = ctx.request_id;
  e.source_ip = ctx.source_ip;
  return e;
}

std::unexpected<Error> NotFound() {
  return Fail(ErrorCode::kNotFound, "export.not_found", "no such export request");
}

std::string Watermark(const ExportRequest& r, Instant at) {
  return "导出人 " + r.requested_by_name + " (" + r.requested_by.value() + ") · 审批人 " +
         r.decided_by_name + " (" + r.decided_by.value() + ") · 批准时间 " +
         FormatInstant(*r.decided_at) + " · 导出时间 " + FormatInstant(at) + " · 导出申请 " + r.id;
}

}  // namespace

Result<ExportRequest> FoldExportEvents(const std::vector<EventRecord>& events) {
  ExportRequest r;
  bool found = false;
  for (const EventRecord& e : events) {
    const std::string& action = e.event.action;
    if (action == "export.requested") {
      found = true;
      r.id = e.event.object_id;
      r.kind = Detail(e, "kind");
      r.format = Detail(e, "format");
      r.region_code = Detail(e, "region_code");
      r.department_id = DepartmentId(Detail(e, "department_id"));
      r.reason = Detail(e, "reason");
      r.requested_by = e.event.actor_id;
      r.requested_by_name = Detail(e, "actor_name");
      r.requested_at = e.event.at;
      r.state = "pending";
    } else if (found && (action == "export.approved" || action == "export.refused")) {
      r.state = action == "export.approved" ? "approved" : "refused";
      r.decided_by = e.event.actor_id;
      r.decided_by_name = Detail(e, "actor_name");
      r.decided_at = e.event.at;
      r.refusal_reason = Detail(e, "reason");
    } else if (found && action == "export.downloaded") {
      ++r.downloads;
    }
  }
  if (!found) return NotFound();
  return r;
}

Result<ExportRequest> ExportService::Request(const Actor& actor, const NewExport& request,
                                             const RequestContext& ctx) {
  if (!CanAskOrApprove(actor.role)) {
    return AuditDenied(store_, clock_, actor, kObject, "", ctx,
                       Fail(ErrorCode::kPermissionDenied, "export.role",
                            "only department admins and bureau managers export personal data"));
  }
  std::vector<FieldError> fields;
  if (request.kind != "applications") {
    fields.push_back({"/kind", "export.kind", "the only kind is applications"});
  }
  if (request.format != "csv" && request.format != "xlsx" && request.format != "pdf") {
    fields.push_back({"/format", "export.format", "csv, xlsx or pdf"});
  }
  std::size_t reason_length = Utf8Length(request.reason);
  if (reason_length < 2 || reason_length > 200) {
    fields.push_back({"/reason", "export.reason", "a reason of 2 to 200 characters"});
  }
  if (!RegionCode::Parse(request.region_code)) {
    fields.push_back({"/region_code", "export.region", "a valid region code"});
  }
  if (!fields.empty()) {
    return std::unexpected(Error(ErrorCode::kInvalidArgument, "request.invalid",
                                 "the export request is invalid", std::move(fields)));
  }
  ExportRequest r;
  r.id = NewId(crypto_, "x_");
  r.kind = request.kind;
  r.format = request.format;
  r.region_code = request.region_code;
  r.department_id = request.department_id;
  if (accounts::IsDepartmentalRole(actor.role) && r.department_id.value().empty()) {
    r.department_id = actor.department_id;
  }
  r.reason = request.reason;
  r.state = "pending";
  r.requested_by = actor.account_id;
  r.requested_by_name = actor.display_name;
  r.requested_at = clock_.Now();
  if (!ScopeVisible(actor, r)) {
    return AuditDenied(store_, clock_, actor, kObject, r.id, ctx,
                       Fail(ErrorCode::kNotFound, "export.scope",
                            "the region or department lies outside your scope"));
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  EventDraft e = Event(r.requested_at, "export.requested", r.id, actor, ctx);
  e.details = {{"kind", r.kind},
               {"format", r.format},
               {"region_code", r.region_code},
               {"department_id", r.department_id.value()},
               {"reason", r.reason},
               {"actor_name", actor.display_name}};
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return r;
}

Result<ExportRequest> ExportService::Get(const Actor& actor, const std::string& id,
                                         const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto events, tx->ListEventsFor(kObject, id));
  auto r = FoldExportEvents(events);
  if (!r || (r->requested_by != actor.account_id &&
             !(CanAskOrApprove(actor.role) && ScopeVisible(actor, *r)))) {
    return AuditDenied(store_, clock_, actor, kObject, id, ctx, NotFound(), tx);
  }
  return r;
}

namespace {

// The shared checks of approve and refuse; on success `tx` is open and `r` is pending.
Result<ExportRequest> LoadForDecision(Store& store, const Clock& clock, const Actor& actor,
                                      const std::string& id, const RequestContext& ctx,
                                      std::unique_ptr<UnitOfWork>& tx) {
  ZT_ASSIGN_OR_RETURN(tx, store.Begin());
  ZT_ASSIGN_OR_RETURN(auto events, tx->ListEventsFor(kObject, id));
  auto r = FoldExportEvents(events);
  // Seen (as by Get) only by the requester and by staff who could decide it.
  if (!r || !(r->requested_by == actor.account_id ||
              (CanAskOrApprove(actor.role) && ScopeVisible(actor, *r)))) {
    return AuditDenied(store, clock, actor, kObject, id, ctx, NotFound(), tx);
  }
  if (r->requested_by == actor.account_id) {
    return AuditDenied(store, clock, actor, kObject, id, ctx,
                       Fail(ErrorCode::kPermissionDenied, "export.same_person",
                            "a second person must decide: you asked for this export"),
                       tx);
  }
  if (r->state != "pending") {
    return Fail(ErrorCode::kFailedPrecondition, "export.not_pending",
                "the export request was " + r->state + " already");
  }
  return r;
}

}  // namespace

Result<ExportRequest> ExportService::Approve(const Actor& actor, const std::string& id,
                                             const RequestContext& ctx) {
  std::unique_ptr<UnitOfWork> tx;
  ZT_ASSIGN_OR_RETURN(ExportRequest r, LoadForDecision(store_, clock_, actor, id, ctx, tx));
  Instant now = clock_.Now();
  EventDraft e = Event(now, "export.approved", id, actor, ctx);
  e.details = {{"actor_name", actor.display_name}};
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_RETURN_IF_ERROR(tx->Commit());
  r.state = "approved";
  r.decided_by = actor.account_id;
  r.decided_by_name = actor.display_name;
  r.decided_at = now;
  return r;
}

Result<ExportRequest> ExportService::Refuse(const Actor& actor, const std::string& id,
                                            const std::string& reason, const RequestContext& ctx) {
  std::size_t length = Utf8Length(reason);
  if (length < 2 || length > 200) {
    return FieldFail("/reason", "export.reason", "a reason of 2 to 200 characters");
  }
  std::unique_ptr<UnitOfWork> tx;
  ZT_ASSIGN_OR_RETURN(ExportRequest r, LoadForDecision(store_, clock_, actor, id, ctx, tx));
  Instant now = clock_.Now();
  EventDraft e = Event(now, "export.refused", id, actor, ctx);
  e.details = {{"actor_name", actor.display_name}, {"reason", reason}};
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_RETURN_IF_ERROR(tx->Commit());
  r.state = "refused";
  r.decided_by = actor.account_id;
  r.decided_by_name = actor.display_name;
  r.decided_at = now;
  r.refusal_reason = reason;
  return r;
}

Result<ExportFile> ExportService::Download(const Actor& actor, const std::string& id,
                                           const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto events, tx->ListEventsFor(kObject, id));
  auto r = FoldExportEvents(events);
  if (!r || r->requested_by != actor.account_id) {
    return AuditDenied(store_, clock_, actor, kObject, id, ctx, NotFound(), tx);
  }
  Instant now = clock_.Now();
  if (r->state != "approved") {
    return Fail(ErrorCode::kFailedPrecondition, "export.not_approved",
                "the export request is " + r->state + ", not approved");
  }
  if (now > *r->decided_at + kExportDownloadWindow) {
    return Fail(ErrorCode::kFailedPrecondition, "export.expired",
                "an approved export may be downloaded for 24 hours; ask again");
  }
  ExportFile file;
  file.header = {"受理编号", "事项",     "部门",   "区划",    "状态",
                 "申请人",   "身份证号", "手机号", "提交时间"};
  CaseQuery query;
  query.region_prefix = RegionScopePrefix(r->region_code);
  query.department_id = r->department_id;
  query.limit = 200;
  for (;;) {
    ZT_ASSIGN_OR_RETURN(auto page, tx->ListCases(query));
    for (const auto& c : page.items) {
      file.rows.push_back({c.receipt_no, c.item_name, c.department_id.value(), c.region_code,
                           c.state, c.applicant_name, c.applicant_id_number, c.applicant_phone,
                           FormatInstant(c.submitted_at)});
    }
    if (static_cast<int>(file.rows.size()) > kMaxExportRows) {
      return Fail(ErrorCode::kFailedPrecondition, "export.too_large",
                  "more than 100,000 applications: export per department");
    }
    if (page.items.empty() || query.offset + static_cast<int>(page.items.size()) >= page.total) {
      break;
    }
    query.offset += static_cast<int>(page.items.size());
  }
  EventDraft e = Event(now, "export.downloaded", id, actor, ctx);
  e.details = {{"format", r->format}, {"rows", std::to_string(file.rows.size())}};
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_RETURN_IF_ERROR(tx->Commit());
  ++r->downloads;
  file.request = *r;
  file.exported_at = now;
  file.watermark = Watermark(*r, now);
  return file;
}

}  // namespace zt::service
