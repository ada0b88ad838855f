#include "zt/service/export_service.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "zt/core/id_number.h"
#include "zt/core/phone.h"
#include "zt/core/region_code.h"
#include "zt/core/text.h"
#include "zt/hotline/work_order.h"
#include "zt/service/audit.h"
#include "zt/service/catalog_service.h"
#include "zt/service/hotline_store.h"

namespace zt::service {
namespace {

using accounts::Actor;
using accounts::Role;

constexpr std::string_view kObject = "export";
constexpr std::string_view kApplications = "applications";
constexpr std::string_view kHotlineOrders = "hotline_orders";
constexpr std::string_view kKinds[] = {kApplications, kHotlineOrders};

bool MayAskOrDecideAnything(Role role) {
  return std::ranges::any_of(kKinds, [&](auto k) { return MayAskOrDecideExport(k, role); });
}

// Whether `actor` may see (and, with the right role, decide) an export of this scope: a
// department export by the department's staff or a bureau manager (or the 12345 centre)
// above it; a whole-region export only by those whose region contains it and who are not
// bound to one department.
bool ScopeVisible(const Actor& actor, const ExportRequest& r) {
  if (r.department_id.value().empty() && accounts::IsDepartmentalRole(actor.role)) return false;
  return accounts::CanSeeDepartmentRecord(actor, r.region_code, r.department_id);
}

bool MayDecide(const Actor& actor, const ExportRequest& r) {
  return MayAskOrDecideExport(r.kind, actor.role) && ScopeVisible(actor, r);
}

std::string Detail(const EventRecord& e, std::string_view key) {
  for (const auto& [k, v] : e.event.details) {
    if (k == key) return v;
  }
  return "";
}

std::optional<Date> DateDetail(const EventRecord& e, std::string_view key) {
  auto d = ParseDate(Detail(e, key));
  return d ? std::optional<Date>(*d) : std::nullopt;
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
         FormatInstant(*r.decided_at) + " · 导出时间 " + FormatInstant(at) + " · 导出申请 " + r.id +
         (r.unmasked ? " · 含完整号码" : "");
}

// Requests asked for before migration 26 have no index row; their events still hold.
Status IndexState(UnitOfWork& tx, const ExportRequest& r) {
  Status s = tx.exports().SetExportState(r.id, r.state, r.decided_at);
  if (!s && s.error().code() == ErrorCode::kNotFound) return Ok();
  return s;
}

// The surname and one '*' per further character (李**), as the order view shows callers.
std::string MaskName(const std::string& name) {
  if (name.empty()) return name;
  std::size_t first = 1;
  while (first < name.size() && (static_cast<unsigned char>(name[first]) & 0xC0) == 0x80) ++first;
  return name.substr(0, first) + std::string(Utf8Length(name) - 1, '*');
}

std::string OptionalText(const std::optional<Instant>& t) { return t ? FormatInstant(*t) : ""; }

Status FillApplications(UnitOfWork& tx, const ExportRequest& r, ExportFile& file) {
  file.header = {"受理编号", "事项",     "部门",   "区划",    "状态",
                 "申请人",   "身份证号", "手机号", "提交时间"};
  CaseQuery query;
  query.region_prefix = RegionScopePrefix(r.region_code);
  query.department_id = r.department_id;
  query.limit = 200;
  for (;;) {
    ZT_ASSIGN_OR_RETURN(auto page, tx.ListCases(query));
    for (const auto& c : page.items) {
      file.rows.push_back({c.receipt_no, c.item_name, c.department_id.value(), c.region_code,
                           c.state, c.applicant_name,
                           r.unmasked ? c.applicant_id_number : MaskIdNumber(c.applicant_id_number),
                           r.unmasked ? c.applicant_phone : MaskPhone(c.applicant_phone),
                           FormatInstant(c.submitted_at)});
    }
    if (static_cast<int>(file.rows.size()) > kMaxExportRows) {
      return Fail(ErrorCode::kFailedPrecondition, "export.too_large",
                  "more than 100,000 rows: export per department");
    }
    if (page.items.empty() || query.offset + static_cast<int>(page.items.size()) >= page.total) {
      return Ok();
    }
    query.offset += static_cast<int>(page.items.size());
  }
}

Status FillOrders(UnitOfWork& tx, const ExportRequest& r, ExportFile& file) {
  file.header = {"工单编号", "受理时间", "来源",     "来电人",   "来电号码",
                 "诉求类型", "分类",     "区划",     "承办部门", "状态",
                 "标题",     "办理期限", "办结时间", "办理结果", "满意度"};
  OrderQuery query;
  query.region_prefix = RegionScopePrefix(r.region_code);
  query.department_id = r.department_id;
  if (!r.order_state.empty()) query.states = {r.order_state};
  query.category_code = r.category_code;
  // Days are China Standard Time, as the order numbers are.
  auto start_of_day = [](Date d) {
    return Instant(std::chrono::sys_days(d.sys_days()) - std::chrono::hours(8));
  };
  if (r.from) query.received_from = start_of_day(*r.from);
  if (r.to) query.received_before = start_of_day(r.to->AddDays(1));
  query.limit = 200;
  for (;;) {
    ZT_ASSIGN_OR_RETURN(auto page, tx.hotline().ListOrders(query));
    for (const auto& o : page.items) {
      // A 保密 caller stays anonymous in every export, unmasked or not.
      std::string name =
          o.confidential ? "保密" : (r.unmasked ? o.caller_name : MaskName(o.caller_name));
      std::string phone = o.confidential || o.caller_phone.empty()
                              ? ""
                              : (r.unmasked ? o.caller_phone : MaskPhone(o.caller_phone));
      file.rows.push_back({o.number, FormatInstant(o.received_at), o.source, name, phone,
                           o.matter_type, o.category_code, o.region_code, o.department_id.value(),
                           o.state, o.title, o.due_date ? o.due_date->ToString() : "",
                           OptionalText(o.closed_at), o.outcome, o.satisfaction});
    }
    if (static_cast<int>(file.rows.size()) > kMaxExportRows) {
      return Fail(ErrorCode::kFailedPrecondition, "export.too_large",
                  "more than 100,000 rows: export per department");
    }
    if (page.items.empty() || query.offset + static_cast<int>(page.items.size()) >= page.total) {
      return Ok();
    }
    query.offset += static_cast<int>(page.items.size());
  }
}

}  // namespace

bool MayAskOrDecideExport(std::string_view kind, Role role) {
  if (kind == kApplications) return role == Role::kDepartmentAdmin || role == Role::kBureauManager;
  if (kind == kHotlineOrders) {
    return role == Role::kDepartmentAdmin || role == Role::kBureauManager ||
           role == Role::kHotlineSupervisor;
  }
  return false;
}

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
      r.unmasked_requested = Detail(e, "unmasked") == "true";
      r.from = DateDetail(e, "from");
      r.to = DateDetail(e, "to");
      r.category_code = Detail(e, "category_code");
      r.order_state = Detail(e, "order_state");
      r.requested_by = e.event.actor_id;
      r.requested_by_name = Detail(e, "actor_name");
      r.requested_at = e.event.at;
      r.state = "pending";
    } else if (found && (action == "export.approved" || action == "export.refused")) {
      r.state = action == "export.approved" ? "approved" : "refused";
      r.unmasked = action == "export.approved" && Detail(e, "unmasked") == "true";
      r.decided_by = e.event.actor_id;
      r.decided_by_name = Detail(e, "actor_name");
      r.decided_at = e.event.at;
      r.refusal_reason = Detail(e, "reason");
    } else if (found && action == "export.downloaded") {
      ++r.downloads;
      r.state = "downloaded";
    }
  }
  if (!found) return NotFound();
  return r;
}

ExportRequest Present(ExportRequest r, Instant now) {
  if (r.state == "approved" && r.decided_at && now > *r.decided_at + kExportDownloadWindow) {
    r.state = "expired";
  }
  return r;
}

Result<ExportRequest> ExportService::Request(const Actor& actor, const NewExport& request,
                                             const RequestContext& ctx) {
  auto role_refused = [&](const std::string& id) {
    return AuditDenied(store_, clock_, actor, kObject, id, ctx,
                       Fail(ErrorCode::kPermissionDenied, "export.role",
                            "this role may not ask for a bulk export of personal data"));
  };
  if (!MayAskOrDecideAnything(actor.role)) return role_refused("");
  std::vector<FieldError> fields;
  bool orders = request.kind == kHotlineOrders;
  if (request.kind != kApplications && !orders) {
    fields.push_back({"/kind", "export.kind", "applications or hotline_orders"});
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
  if (!orders && (request.from || request.to || !request.category_code.empty() ||
                  !request.order_state.empty())) {
    fields.push_back({"/kind", "export.filters_orders_only",
                      "period, category and state filters apply to hotline_orders"});
  }
  if (request.from && request.to && *request.to < *request.from) {
    fields.push_back({"/to", "export.period", "the period ends before it starts"});
  }
  const auto& order_states = hotline::WorkOrderCaseType().states;
  if (!request.order_state.empty() && request.order_state != "answered" &&
      std::ranges::find(order_states, request.order_state) == order_states.end()) {
    fields.push_back({"/state", "export.order_state", "not a state of a work order"});
  }
  if (request.category_code.size() > 32) {
    fields.push_back({"/category_code", "export.category", "a category code"});
  }
  if (!fields.empty()) {
    return std::unexpected(Error(ErrorCode::kInvalidArgument, "request.invalid",
                                 "the export request is invalid", std::move(fields)));
  }
  ExportRequest r;
  r.id = NewId(crypto_, "x_");
  if (!MayAskOrDecideExport(request.kind, actor.role)) return role_refused(r.id);
  r.kind = request.kind;
  r.format = request.format;
  r.region_code = request.region_code;
  r.department_id = request.department_id;
  if (accounts::IsDepartmentalRole(actor.role) && r.department_id.value().empty()) {
    r.department_id = actor.department_id;
  }
  r.reason = request.reason;
  r.unmasked_requested = request.unmasked;
  r.from = request.from;
  r.to = request.to;
  r.category_code = request.category_code;
  r.order_state = request.order_state;
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
               {"unmasked", r.unmasked_requested ? "true" : "false"},
               {"actor_name", actor.display_name}};
  if (r.from) e.details.push_back({"from", r.from->ToString()});
  if (r.to) e.details.push_back({"to", r.to->ToString()});
  if (!r.category_code.empty()) e.details.push_back({"category_code", r.category_code});
  if (!r.order_state.empty()) e.details.push_back({"order_state", r.order_state});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_RETURN_IF_ERROR(
      tx->exports().InsertExport({r.id, r.kind, r.requested_by, r.region_code, r.department_id,
                                  r.state, r.requested_at, std::nullopt}));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return r;
}

Result<ExportRequest> ExportService::Get(const Actor& actor, const std::string& id,
                                         const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto events, tx->ListEventsFor(kObject, id));
  auto r = FoldExportEvents(events);
  if (!r || (r->requested_by != actor.account_id && !MayDecide(actor, *r))) {
    return AuditDenied(store_, clock_, actor, kObject, id, ctx, NotFound(), tx);
  }
  return Present(std::move(*r), clock_.Now());
}

Result<Page<ExportRequest>> ExportService::List(const Actor& actor, const ExportListQuery& query) {
  ExportIndexQuery q;
  q.viewer = actor.account_id;
  q.offset = std::max(query.offset, 0);
  q.limit = std::clamp(query.limit, 1, 100);
  if (auto region = RegionCode::Parse(actor.region_code)) {
    for (auto kind : kKinds) {
      if (MayAskOrDecideExport(kind, actor.role)) q.decidable_kinds.emplace_back(kind);
    }
    q.region_prefix = RegionScopePrefix(region->value());
    if (accounts::IsDepartmentalRole(actor.role)) q.department_id = actor.department_id;
  }
  Instant now = clock_.Now();
  q.cutoff = now - kExportDownloadWindow;
  if (query.state == "expired" || query.state == "approved") {
    q.state = "approved";
    q.expiry = query.state == "expired" ? ExportIndexQuery::Expiry::kOnlyExpired
                                        : ExportIndexQuery::Expiry::kOnlyLive;
  } else if (query.state.empty() || query.state == "pending" || query.state == "refused" ||
             query.state == "downloaded") {
    q.state = query.state;
  } else {
    return FieldFail("/state", "export.state", "pending, approved, refused, downloaded or expired");
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto page, tx->exports().ListExports(q));
  Page<ExportRequest> out;
  out.total = page.total;
  for (const auto& row : page.items) {
    ZT_ASSIGN_OR_RETURN(auto events, tx->ListEventsFor(kObject, row.id));
    ZT_ASSIGN_OR_RETURN(auto r, FoldExportEvents(events));
    out.items.push_back(Present(std::move(r), now));
  }
  return out;
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
  if (!r || !(r->requested_by == actor.account_id || MayDecide(actor, *r))) {
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
                                             bool unmasked, const RequestContext& ctx) {
  std::unique_ptr<UnitOfWork> tx;
  ZT_ASSIGN_OR_RETURN(ExportRequest r, LoadForDecision(store_, clock_, actor, id, ctx, tx));
  if (unmasked && !r.unmasked_requested) {
    return FieldFail("/unmasked", "export.unmasked_not_requested",
                     "the requester asked for masked numbers");
  }
  Instant now = clock_.Now();
  r.state = "approved";
  r.unmasked = unmasked;
  r.decided_by = actor.account_id;
  r.decided_by_name = actor.display_name;
  r.decided_at = now;
  EventDraft e = Event(now, "export.approved", id, actor, ctx);
  e.details = {{"actor_name", actor.display_name}, {"unmasked", unmasked ? "true" : "false"}};
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_RETURN_IF_ERROR(IndexState(*tx, r));
  ZT_RETURN_IF_ERROR(tx->Commit());
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
  r.state = "refused";
  r.decided_by = actor.account_id;
  r.decided_by_name = actor.display_name;
  r.decided_at = now;
  r.refusal_reason = reason;
  EventDraft e = Event(now, "export.refused", id, actor, ctx);
  e.details = {{"actor_name", actor.display_name}, {"reason", reason}};
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_RETURN_IF_ERROR(IndexState(*tx, r));
  ZT_RETURN_IF_ERROR(tx->Commit());
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
  if (r->state == "downloaded") {
    return Fail(ErrorCode::kFailedPrecondition, "export.downloaded",
                "an approved export is handed out once; ask again");
  }
  if (r->state != "approved") {
    return Fail(ErrorCode::kFailedPrecondition, "export.not_approved",
                "the export request is " + r->state + ", not approved");
  }
  if (now > *r->decided_at + kExportDownloadWindow) {
    return Fail(ErrorCode::kFailedPrecondition, "export.expired",
                "an approved export may be downloaded for 24 hours; ask again");
  }
  ExportFile file;
  if (r->kind == kHotlineOrders) {
    ZT_RETURN_IF_ERROR(FillOrders(*tx, *r, file));
  } else {
    ZT_RETURN_IF_ERROR(FillApplications(*tx, *r, file));
  }
  EventDraft e = Event(now, "export.downloaded", id, actor, ctx);
  e.details = {{"format", r->format},
               {"rows", std::to_string(file.rows.size())},
               {"unmasked", r->unmasked ? "true" : "false"}};
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ++r->downloads;
  r->state = "downloaded";
  ZT_RETURN_IF_ERROR(IndexState(*tx, *r));
  ZT_RETURN_IF_ERROR(tx->Commit());
  file.request = *r;
  file.exported_at = now;
  file.watermark = Watermark(*r, now);
  return file;
}

}  // namespace zt::service
