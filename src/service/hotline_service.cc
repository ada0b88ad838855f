#include "zt/service/hotline_service.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "zt/core/phone.h"
#include "zt/core/region_code.h"
#include "zt/core/text.h"
#include "zt/service/audit.h"
#include "zt/service/catalog_service.h"

namespace zt::service {
namespace {

using accounts::Actor;
using accounts::Role;
using hotline::WorkOrder;

constexpr const char* kObjectType = "hotline_order";

auto NotFound() { return Fail(ErrorCode::kNotFound, "hotline.not_found", "no such work order"); }

bool IsCentre(const Actor& a) {
  return a.role == Role::kHotlineAgent || a.role == Role::kHotlineSupervisor;
}

bool IsStaff(const Actor& a) {
  return a.role != Role::kCitizen && a.role != Role::kSystemAdmin &&
         a.role != Role::kSecurityAdmin && a.role != Role::kAuditAdmin;
}

EventDraft OrderEvent(Instant at, std::string action, const WorkOrder& o, const Actor* actor,
                      const RequestContext& ctx) {
  EventDraft e;
  e.at = at;
  e.action = std::move(action);
  e.object_type = kObjectType;
  e.object_id = o.id.value();
  if (actor != nullptr) {
    e.actor_id = actor->account_id;
    e.actor_role = std::string(accounts::RoleName(actor->role));
    e.actor_region = actor->region_code;
  } else {
    e.actor_role = "public";
  }
  e.request_id = ctx.request_id;
  e.source_ip = ctx.source_ip;
  e.details.push_back({"number", o.number});
  e.details.push_back({"state", o.state});
  e.details.push_back({"version", std::to_string(o.version)});
  return e;
}

std::string OrderNumber(Date day, std::int64_t seq) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "12345-%04d%02u%02u-%06lld", day.year(), day.month(), day.day(),
                static_cast<long long>(seq));
  return buf;
}

Instant StartOfDayCst(Date d) {
  return Instant(std::chrono::sys_days(d.sys_days()) - std::chrono::hours(8));
}

std::string MaskName(const std::string& name) {
  if (name.empty()) return name;
  // Keep the surname (the first character), as on the hall's screens: 李** .
  std::size_t first = 1;
  while (first < name.size() && (static_cast<unsigned char>(name[first]) & 0xC0) == 0x80) ++first;
  return name.substr(0, first) + std::string(Utf8Length(name) - 1, '*');
}

Status CheckDisposition(const IntakeRequest& r) {
  if (r.disposition == "answer") {
    std::size_t n = Utf8Length(r.answer);
    if (n < 1 || n > 4000) {
      return FieldFail("/answer", "hotline.answer_required",
                       "a direct answer records what the caller was told (1 to 4000 characters)");
    }
    return Ok();
  }
  if (r.disposition == "dispatch") return Ok();
  return FieldFail("/disposition", "hotline.disposition_unknown",
                   "disposition must be answer or dispatch");
}

}  // namespace

bool SeesCallerIdentity(const Actor& actor) { return IsCentre(actor); }

HotlineService::HotlineService(Store& store, Crypto& crypto, const Clock& clock,
                               const calendar::WorkingCalendar& calendar,
                               std::vector<hotline::TypeRule> type_rules,
                               std::vector<hotline::Category> categories)
    : store_(store),
      crypto_(crypto),
      clock_(clock),
      calendar_(calendar),
      type_rules_(std::move(type_rules)),
      categories_(std::move(categories)) {}

const hotline::TypeRule& HotlineService::RuleOf(const WorkOrder& order) const {
  const auto* rule = hotline::FindTypeRule(type_rules_, order.matter_type);
  // Orders are only written with a known type; an imported type later removed from the
  // configuration falls back to the longest deadline rather than failing.
  if (rule != nullptr) return *rule;
  static const hotline::TypeRule fallback{"complaint", "投诉", 15, true};
  return fallback;
}

bool HotlineService::CanRead(const Actor& actor, const WorkOrder& order) const {
  return accounts::CanSeeDepartmentRecord(actor, order.region_code, order.department_id);
}

struct HotlineService::Prepared {
  WorkOrder order;
  std::vector<hotline::DuplicateHit> duplicates;
};

Result<HotlineService::Prepared> HotlineService::Prepare(UnitOfWork& tx, const Actor* agent,
                                                         const IntakeRequest& request,
                                                         Instant received_at) {
  hotline::IntakeDraft d = request.draft;
  ZT_RETURN_IF_ERROR(hotline::ValidateIntake(d, type_rules_, categories_));
  ZT_RETURN_IF_ERROR(CheckDisposition(request));
  d.region_code = RegionCode::Parse(d.region_code)->value();
  ZT_ASSIGN_OR_RETURN(auto region, tx.FindRegion(d.region_code));
  if (!region) {
    return FieldFail("/region_code", "hotline.region_invalid", "no such region in this city");
  }
  if (agent != nullptr) {
    auto scope = RegionCode::Parse(agent->region_code);
    if (!scope || !scope->Contains(*RegionCode::Parse(d.region_code))) {
      return FieldFail("/region_code", "hotline.region_out_of_scope",
                       "the region lies outside this hotline centre's area");
    }
  }
  Prepared out;
  WorkOrder& o = out.order;
  o.id = CaseId(NewId(crypto_, "h_"));
  Date day = CivilDateCst(received_at);
  ZT_ASSIGN_OR_RETURN(std::int64_t seq, tx.NextSequence("hotline:" + day.ToString()));
  o.number = OrderNumber(day, seq);
  o.source = d.source;
  o.external_id = request.external_id;
  o.caller_name = d.caller_name;
  o.caller_phone = d.caller_phone;
  if (auto mobile = MobileNumber::Parse(d.caller_phone)) o.caller_phone = mobile->value();
  o.confidential = d.confidential;
  o.matter_type = d.matter_type;
  o.category_code = d.category_code;
  o.region_code = d.region_code;
  o.address = d.address;
  o.title = d.title;
  o.content = d.content;
  o.urgent = d.urgent;
  o.agent_id = agent != nullptr ? agent->account_id : AccountId();
  o.received_at = received_at;
  const hotline::TypeRule& rule = *hotline::FindTypeRule(type_rules_, d.matter_type);
  o.limit_days = rule.limit_days;
  o.version = 1;
  if (request.disposition == "answer") {
    o.disposition = "answered";
    o.state = "answered";
    o.article_id = request.article_id;
    o.answer = request.answer;
    o.closed_at = received_at;
  } else {
    DepartmentId department = request.department_id;
    if (department.empty()) {
      ZT_ASSIGN_OR_RETURN(auto rules, tx.hotline().ListRoutingRules());
      auto routed = hotline::RouteMatter(rules, o.category_code, o.region_code);
      if (!routed) {
        return Fail(ErrorCode::kFailedPrecondition, "hotline.no_route",
                    "no routing rule names a department for this category and region",
                    {{"/department_id", "hotline.no_route", "choose the department"}});
      }
      department = *routed;
    }
    ZT_ASSIGN_OR_RETURN(auto dept, tx.FindDepartment(department));
    if (!dept)
      return FieldFail("/department_id", "hotline.department_unknown", "no such department");
    o.department_id = department;
    o.disposition = "dispatched";
    o.state = hotline::WorkOrderCaseType().initial_state;
    o.dispatched_at = received_at;
    // A deadline in a year without holiday data stays unknown rather than guessed.
    if (auto sign = hotline::SignDeadline(calendar_, received_at, o.urgent)) {
      o.sign_due_at = *sign;
    } else if (sign.error().key() != "calendar.year_not_covered") {
      return std::unexpected(sign.error());
    }
    if (auto due = hotline::HandlingDeadline(calendar_, o, rule)) {
      o.due_date = *due;
    } else if (due.error().key() != "calendar.year_not_covered") {
      return std::unexpected(due.error());
    }
  }
  ZT_ASSIGN_OR_RETURN(auto recent,
                      tx.hotline().ListDuplicateKeys(o.region_code, o.category_code,
                                                     received_at - hotline::kDuplicateWindow,
                                                     received_at + std::chrono::milliseconds(1)));
  hotline::DuplicateKey probe{o.id,      o.number,        o.caller_phone, o.region_code,
                              o.address, o.category_code, received_at};
  out.duplicates = hotline::FindPossibleDuplicates(probe, recent);
  return out;
}

Result<OrderView> HotlineService::Intake(const Actor& agent, const IntakeRequest& request,
                                         const RequestContext& ctx) {
  if (!IsCentre(agent)) {
    return Fail(ErrorCode::kPermissionDenied, "hotline.intake_not_allowed",
                "only the hotline centre's agents record matters");
  }
  return IntakeAs(&agent, request, ctx);
}

Result<OrderView> HotlineService::SubmitPublic(const IntakeRequest& request,
                                               const RequestContext& ctx) {
  IntakeRequest r = request;
  r.disposition = "dispatch";
  r.department_id = DepartmentId();
  return IntakeAs(nullptr, r, ctx);
}

Result<OrderView> HotlineService::IntakeAs(const Actor* agent, const IntakeRequest& request,
                                           const RequestContext& ctx) {
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(Prepared p, Prepare(*tx, agent, request, now));
  ZT_RETURN_IF_ERROR(tx->hotline().InsertOrder(p.order));
  auto event =
      OrderEvent(now, p.order.disposition == "answered" ? "hotline.answered" : "hotline.dispatched",
                 p.order, agent, ctx);
  event.details.push_back({"source", p.order.source});
  event.details.push_back({"matter_type", p.order.matter_type});
  if (!p.order.department_id.empty()) {
    event.details.push_back({"department_id", p.order.department_id.value()});
  }
  if (!p.duplicates.empty()) {
    event.details.push_back({"possible_duplicates", std::to_string(p.duplicates.size())});
  }
  ZT_RETURN_IF_ERROR(tx->AppendEvent(event));
  ZT_ASSIGN_OR_RETURN(auto view, ViewOf(*tx, p.order, agent, /*with_steps=*/true));
  view.duplicates = std::move(p.duplicates);
  ZT_RETURN_IF_ERROR(tx->Commit());
  return view;
}

Result<OrderView> HotlineService::ViewOf(UnitOfWork& tx, WorkOrder record, const Actor* actor,
                                         bool with_steps) {
  OrderView view;
  if (!record.department_id.empty()) {
    ZT_ASSIGN_OR_RETURN(auto department, tx.FindDepartment(record.department_id));
    view.department_name = department ? department->name : "";
  }
  if (const auto* rule = hotline::FindTypeRule(type_rules_, record.matter_type)) {
    view.type_name_zh = rule->name_zh;
  }
  if (with_steps) {
    ZT_ASSIGN_OR_RETURN(auto events, tx.ListEventsFor(kObjectType, record.id.value()));
    for (const auto& e : events) {
      if (IsRefusalRecord(e.event.action)) continue;
      OrderStep step{e.event.action, e.event.at, e.event.actor_role, ""};
      for (const auto& [k, v] : e.event.details) {
        if (k == "note") step.note = v;
      }
      view.steps.push_back(std::move(step));
    }
  }
  const auto& type = hotline::WorkOrderCaseType();
  if (actor != nullptr && !type.IsTerminal(record.state)) {
    auto snapshot = hotline::SnapshotOf(record);
    for (const auto& t : type.transitions) {
      caseflow::Command probe{t.name, {}};
      for (const auto& f : t.required_fields) probe.fields[f] = "x";
      if (caseflow::Decide(type, snapshot, probe, *actor)) {
        view.allowed_transitions.push_back(t.name);
      }
    }
  }
  Instant now = clock_.Now();
  view.overdue = hotline::IsOverdue(record, CivilDateCst(now));
  view.needs_escalation = hotline::NeedsEscalation(record, now);
  view.masked = actor == nullptr || !SeesCallerIdentity(*actor);
  if (actor == nullptr) {
    record.caller_name.clear();
    record.caller_phone.clear();
  } else if (view.masked) {
    // 保密: a confidential caller stays anonymous to the department entirely.
    if (record.confidential) {
      record.caller_name = "保密";
      record.caller_phone.clear();
    } else {
      record.caller_name = MaskName(record.caller_name);
      record.caller_phone = record.caller_phone.empty() ? "" : MaskPhone(record.caller_phone);
    }
  }
  view.record = std::move(record);
  return view;
}

Result<OrderView> HotlineService::Act(const Actor& actor, const CaseId& id,
                                      const caseflow::Command& command, std::int64_t if_match,
                                      const RequestContext& ctx) {
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->hotline().FindOrder(id));
  if (!found || !CanRead(actor, *found)) {
    return AuditDenied(store_, clock_, actor, kObjectType, id.value(), ctx, NotFound(), tx);
  }
  if (found->version != if_match) {
    return Fail(ErrorCode::kAborted, "version.stale",
                "the work order has changed since it was read (version " +
                    std::to_string(found->version) + ")");
  }
  const auto& type = hotline::WorkOrderCaseType();
  auto decided = caseflow::Decide(type, hotline::SnapshotOf(*found), command, actor);
  if (!decided && decided.error().code() == ErrorCode::kPermissionDenied) {
    return AuditDenied(store_, clock_, actor, kObjectType, id.value(), ctx,
                       std::unexpected(decided.error()), tx);
  }
  ZT_ASSIGN_OR_RETURN(auto decision, std::move(decided));
  std::optional<WorkOrder> target;  // merge: the order this one is folded into
  if (decision.transition == "redispatch") {
    DepartmentId to(decision.fields["department_id"]);
    ZT_ASSIGN_OR_RETURN(auto dept, tx->FindDepartment(to));
    if (!dept) {
      return FieldFail("/department_id", "hotline.department_unknown", "no such department");
    }
  } else if (decision.transition == "merge") {
    const std::string& into = decision.fields["into"];
    ZT_ASSIGN_OR_RETURN(target, tx->hotline().FindOrder(CaseId(into)));
    if (!target) {
      ZT_ASSIGN_OR_RETURN(target, tx->hotline().FindOrderByNumber(into));
    }
    if (!target || target->id == found->id || !CanRead(actor, *target) ||
        target->disposition != "dispatched" || type.IsTerminal(target->state)) {
      return FieldFail("/into", "hotline.merge_target_invalid",
                       "merge into another open work order of this centre");
    }
    decision.fields["into"] = target->id.value();
  }
  WorkOrder o = *found;
  o.state = decision.to;
  o.version = found->version + 1;
  ZT_RETURN_IF_ERROR(hotline::ApplyOrderEffects(o, decision, now, calendar_, RuleOf(o)));
  ZT_RETURN_IF_ERROR(tx->hotline().UpdateOrder(o, found->version));
  auto event = OrderEvent(now, decision.event, o, &actor, ctx);
  if (!o.last_note.empty()) event.details.push_back({"note", o.last_note});
  for (const char* field : {"days", "satisfaction", "department_id", "into"}) {
    auto it = decision.fields.find(field);
    if (it != decision.fields.end()) event.details.push_back({field, it->second});
  }
  if (o.due_date != found->due_date) {
    event.details.push_back({"due_date", o.due_date ? o.due_date->ToString() : ""});
  }
  ZT_RETURN_IF_ERROR(tx->AppendEvent(event));
  if (target) {
    auto merged = OrderEvent(now, "hotline.merge_received", *target, &actor, ctx);
    merged.details.push_back({"merged", o.number});
    ZT_RETURN_IF_ERROR(tx->AppendEvent(merged));
  }
  ZT_ASSIGN_OR_RETURN(auto view, ViewOf(*tx, o, &actor, true));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return view;
}

Result<OrderView> HotlineService::Get(const Actor& actor, const CaseId& id,
                                      const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->hotline().FindOrder(id));
  if (!found || !CanRead(actor, *found)) {
    return AuditDenied(store_, clock_, actor, kObjectType, id.value(), ctx, NotFound(), tx);
  }
  ZT_ASSIGN_OR_RETURN(auto view, ViewOf(*tx, std::move(*found), &actor, true));
  if (IsCentre(actor) && hotline::IsOpenState(view.record.state)) {
    Instant now = clock_.Now();
    ZT_ASSIGN_OR_RETURN(auto recent, tx->hotline().ListDuplicateKeys(
                                         view.record.region_code, view.record.category_code,
                                         view.record.received_at - hotline::kDuplicateWindow,
                                         now + std::chrono::milliseconds(1)));
    ZT_ASSIGN_OR_RETURN(auto self, tx->hotline().FindOrder(id));
    hotline::DuplicateKey probe{self->id,          self->number,  self->caller_phone,
                                self->region_code, self->address, self->category_code,
                                self->received_at};
    view.duplicates = hotline::FindPossibleDuplicates(probe, recent);
  }
  return view;
}

Result<OrderView> HotlineService::PublicStatus(std::string_view number_or_id) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->hotline().FindOrderByNumber(number_or_id));
  if (!found) {
    ZT_ASSIGN_OR_RETURN(found, tx->hotline().FindOrder(CaseId(std::string(number_or_id))));
  }
  if (!found) return NotFound();
  return ViewOf(*tx, std::move(*found), nullptr, false);
}

Result<std::vector<OrderView>> HotlineService::ListPublic(int limit) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  OrderQuery q;
  q.limit = std::clamp(limit, 1, 200);
  ZT_ASSIGN_OR_RETURN(auto page, tx->hotline().ListOrders(q));
  std::vector<OrderView> out;
  for (auto& o : page.items) {
    ZT_ASSIGN_OR_RETURN(auto v, ViewOf(*tx, std::move(o), nullptr, false));
    out.push_back(std::move(v));
  }
  return out;
}

Result<Page<OrderView>> HotlineService::List(const Actor& actor, OrderQuery query) {
  if (!IsStaff(actor)) {
    return Fail(ErrorCode::kPermissionDenied, "hotline.list_not_allowed",
                "work orders are listed for hotline and department staff");
  }
  auto scope = RegionCode::Parse(actor.region_code);
  auto wanted = RegionCode::Parse(query.region_prefix);
  if (!scope) return Fail(ErrorCode::kPermissionDenied, "hotline.list_not_allowed", "no region");
  query.region_prefix = RegionScopePrefix(
      query.region_prefix.empty() || !wanted || !scope->Contains(*wanted) ? scope->value()
                                                                          : wanted->value());
  if (accounts::IsDepartmentalRole(actor.role)) query.department_id = actor.department_id;
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto page, tx->hotline().ListOrders(query));
  Page<OrderView> out;
  out.total = page.total;
  for (auto& o : page.items) {
    ZT_ASSIGN_OR_RETURN(auto v, ViewOf(*tx, std::move(o), &actor, false));
    out.items.push_back(std::move(v));
  }
  return out;
}

Result<Supervision> HotlineService::Supervise(const Actor& actor) {
  if (actor.role != Role::kHotlineSupervisor && actor.role != Role::kBureauManager) {
    return Fail(ErrorCode::kPermissionDenied, "hotline.supervision_not_allowed",
                "supervision is the hotline centre's");
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  Instant now = clock_.Now();
  Supervision out;
  auto fill = [&](OrderQuery q, std::vector<OrderView>& into, bool escalation_only) -> Status {
    q.region_prefix = RegionScopePrefix(actor.region_code);
    q.limit = 100;
    ZT_ASSIGN_OR_RETURN(auto page, tx->hotline().ListOrders(q));
    for (auto& o : page.items) {
      if (escalation_only && !hotline::NeedsEscalation(o, now)) continue;
      ZT_ASSIGN_OR_RETURN(auto v, ViewOf(*tx, std::move(o), &actor, false));
      into.push_back(std::move(v));
    }
    return Ok();
  };
  OrderQuery overdue;
  overdue.states = {"dispatched", "accepted", "returned", "extension_requested"};
  overdue.due_before = CivilDateCst(now);
  ZT_RETURN_IF_ERROR(fill(overdue, out.overdue, false));
  ZT_RETURN_IF_ERROR(fill(OrderQuery{.states = {"returned"}}, out.disputes, false));
  ZT_RETURN_IF_ERROR(fill(OrderQuery{.states = {"extension_requested"}}, out.extensions, false));
  ZT_RETURN_IF_ERROR(fill(OrderQuery{.states = {"replied"}}, out.call_backs_due, false));
  ZT_RETURN_IF_ERROR(
      fill(OrderQuery{.states = {"dispatched"}, .urgent_only = true}, out.escalations, true));
  return out;
}

Result<std::vector<hotline::DuplicateHit>> HotlineService::Duplicates(
    const Actor& agent, const hotline::IntakeDraft& draft) {
  if (!IsCentre(agent)) {
    return Fail(ErrorCode::kPermissionDenied, "hotline.intake_not_allowed",
                "only the hotline centre's agents record matters");
  }
  auto region = RegionCode::Parse(draft.region_code);
  if (!region)
    return FieldFail("/region_code", "hotline.region_invalid", "not a valid region code");
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto recent,
                      tx->hotline().ListDuplicateKeys(region->value(), draft.category_code,
                                                      now - hotline::kDuplicateWindow,
                                                      now + std::chrono::milliseconds(1)));
  std::string phone = draft.caller_phone;
  if (auto mobile = MobileNumber::Parse(phone)) phone = mobile->value();
  hotline::DuplicateKey probe{{}, "", phone, region->value(), draft.address, draft.category_code,
                              now};
  return hotline::FindPossibleDuplicates(probe, recent);
}

Result<hotline::Article> HotlineService::PublishArticle(const Actor& actor,
                                                        hotline::Article article,
                                                        const RequestContext& ctx) {
  if (actor.role != Role::kHotlineSupervisor) {
    return Fail(ErrorCode::kPermissionDenied, "hotline.knowledge_not_allowed",
                "the hotline centre's supervisors edit the knowledge base");
  }
  ZT_RETURN_IF_ERROR(hotline::ValidateArticle(article));
  if (!article.category_code.empty() &&
      hotline::FindCategory(categories_, article.category_code) == nullptr) {
    return FieldFail("/category_code", "hotline.category_unknown", "no such category");
  }
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  if (article.id.empty()) {
    article.id = NewId(crypto_, "kb_");
    article.version = 1;
  } else {
    ZT_ASSIGN_OR_RETURN(auto versions, tx->hotline().ListArticleVersions(article.id));
    if (versions.empty()) {
      return Fail(ErrorCode::kNotFound, "hotline.article_not_found", "no such article");
    }
    article.version = versions.back().version + 1;
  }
  article.author_id = actor.account_id;
  article.updated_at = now;
  ZT_RETURN_IF_ERROR(tx->hotline().InsertArticleVersion(article));
  EventDraft e;
  e.at = now;
  e.action = "hotline.article_published";
  e.object_type = "hotline_article";
  e.object_id = article.id;
  e.actor_id = actor.account_id;
  e.actor_role = std::string(accounts::RoleName(actor.role));
  e.actor_region = actor.region_code;
  e.request_id = ctx.request_id;
  e.source_ip = ctx.source_ip;
  e.details = {{"version", std::to_string(article.version)}, {"title", article.title}};
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return article;
}

Result<std::vector<hotline::Article>> HotlineService::SearchKnowledge(const Actor& actor,
                                                                      std::string_view query) {
  if (!IsStaff(actor)) {
    return Fail(ErrorCode::kPermissionDenied, "hotline.knowledge_not_allowed",
                "the knowledge base is for staff");
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto articles, tx->hotline().ListCurrentArticles());
  std::vector<hotline::Article> out;
  for (const auto& hit : hotline::SearchArticles(articles, query, 20)) out.push_back(*hit.article);
  return out;
}

Result<std::vector<hotline::Article>> HotlineService::ArticleHistory(const Actor& actor,
                                                                     std::string_view id) {
  if (!IsStaff(actor)) {
    return Fail(ErrorCode::kPermissionDenied, "hotline.knowledge_not_allowed",
                "the knowledge base is for staff");
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto versions, tx->hotline().ListArticleVersions(id));
  if (versions.empty()) {
    return Fail(ErrorCode::kNotFound, "hotline.article_not_found", "no such article");
  }
  return versions;
}

Status HotlineService::PutRoutingRule(const Actor& actor, const hotline::RoutingRule& rule,
                                      const RequestContext& ctx) {
  if (actor.role != Role::kHotlineSupervisor) {
    return Fail(ErrorCode::kPermissionDenied, "hotline.routing_not_allowed",
                "the hotline centre's supervisors keep the routing rules");
  }
  if (!rule.category_prefix.empty() &&
      hotline::FindCategory(categories_, rule.category_prefix) == nullptr) {
    return FieldFail("/category_prefix", "hotline.category_unknown", "no such category");
  }
  if (!rule.region_prefix.empty() &&
      (rule.region_prefix.size() > 12 ||
       !std::all_of(rule.region_prefix.begin(), rule.region_prefix.end(),
                    [](char c) { return c >= '0' && c <= '9'; }))) {
    return FieldFail("/region_prefix", "hotline.region_invalid", "a region prefix is digits");
  }
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto dept, tx->FindDepartment(rule.department_id));
  if (!dept) return FieldFail("/department_id", "hotline.department_unknown", "no such department");
  ZT_RETURN_IF_ERROR(tx->hotline().PutRoutingRule(rule));
  EventDraft e;
  e.at = now;
  e.action = "hotline.routing_rule_set";
  e.object_type = "hotline_routing";
  e.object_id = rule.category_prefix + "@" + rule.region_prefix;
  e.actor_id = actor.account_id;
  e.actor_role = std::string(accounts::RoleName(actor.role));
  e.actor_region = actor.region_code;
  e.request_id = ctx.request_id;
  e.source_ip = ctx.source_ip;
  e.details = {{"department_id", rule.department_id.value()}};
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  return tx->Commit();
}

Result<std::vector<hotline::RoutingRule>> HotlineService::RoutingRules(const Actor& actor) {
  if (!IsCentre(actor)) {
    return Fail(ErrorCode::kPermissionDenied, "hotline.routing_not_allowed",
                "the routing rules are the hotline centre's");
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  return tx->hotline().ListRoutingRules();
}

Status HotlineService::RecordCalls(const Actor& actor, const CallCountRow& row,
                                   const RequestContext& ctx) {
  if (actor.role != Role::kHotlineSupervisor) {
    return Fail(ErrorCode::kPermissionDenied, "hotline.calls_not_allowed",
                "the telephony figures are recorded by the hotline centre");
  }
  std::vector<FieldError> errors;
  if (!hotline::IsKnownSource(row.line)) {
    errors.push_back({"/line", "hotline.source_unknown", "unknown line"});
  }
  if (row.calls_in < 0 || row.calls_answered < 0 || row.calls_answered > row.calls_in) {
    errors.push_back({"/calls_answered", "hotline.calls_invalid",
                      "calls answered must lie between 0 and the calls in"});
  }
  if (!errors.empty()) {
    std::string key = errors.front().key;
    return Fail(ErrorCode::kInvalidArgument, key, "invalid call counts", std::move(errors));
  }
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_RETURN_IF_ERROR(tx->hotline().AddCallCounts(row));
  EventDraft e;
  e.at = now;
  e.action = "hotline.calls_recorded";
  e.object_type = "hotline_calls";
  e.object_id = row.day.ToString() + "/" + row.line;
  e.actor_id = actor.account_id;
  e.actor_role = std::string(accounts::RoleName(actor.role));
  e.actor_region = actor.region_code;
  e.request_id = ctx.request_id;
  e.source_ip = ctx.source_ip;
  e.details = {{"calls_in", std::to_string(row.calls_in)},
               {"calls_answered", std::to_string(row.calls_answered)}};
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  return tx->Commit();
}

Result<HotlineFigures> HotlineService::Figures(const Actor& actor, const FiguresQuery& query) {
  bool departmental = accounts::IsDepartmentalRole(actor.role);
  if (actor.role != Role::kHotlineSupervisor && actor.role != Role::kBureauManager &&
      !departmental) {
    return Fail(ErrorCode::kPermissionDenied, "hotline.figures_not_allowed",
                "the hotline figures are for the centre, managers and departments");
  }
  if (query.to < query.from) {
    return FieldFail("/to", "hotline.period_invalid", "the period ends before it starts");
  }
  auto scope = RegionCode::Parse(actor.region_code);
  if (!scope) return Fail(ErrorCode::kPermissionDenied, "hotline.figures_not_allowed", "no region");
  std::string region = scope->value();
  if (!query.region_code.empty()) {
    auto wanted = RegionCode::Parse(query.region_code);
    if (!wanted) return FieldFail("/region_code", "hotline.region_invalid", "not a region code");
    if (!scope->Contains(*wanted)) {
      return FieldFail("/region_code", "hotline.region_out_of_scope", "outside your region");
    }
    region = wanted->value();
  }
  DepartmentId only = departmental ? actor.department_id : query.department_id;
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(
      auto facts, tx->hotline().ListOrderFacts(RegionScopePrefix(region), StartOfDayCst(query.from),
                                               StartOfDayCst(query.to.AddDays(1))));
  hotline::FigureOptions options{clock_.Now(), query.basic_counts_as_satisfied};
  HotlineFigures out;
  if (only.empty()) {
    // The calls are the centre's (one number for the whole city), so only the whole view
    // carries them.
    ZT_ASSIGN_OR_RETURN(auto calls, tx->hotline().SumCallCounts(query.from, query.to));
    out.total = hotline::ComputeFigures(facts, calls, options);
  }
  std::map<std::string, std::vector<hotline::OrderFacts>> by_department;
  for (const auto& f : facts) {
    if (f.disposition != "dispatched") continue;
    if (!only.empty() && f.department_id != only) continue;
    by_department[f.department_id.value()].push_back(f);
  }
  if (!only.empty()) {
    out.total = hotline::ComputeFigures(by_department[only.value()], {}, options);
  }
  for (const auto& [id, rows] : by_department) {
    if (rows.empty()) continue;
    DepartmentFiguresRow row;
    row.department_id = DepartmentId(id);
    ZT_ASSIGN_OR_RETURN(auto dept, tx->FindDepartment(row.department_id));
    row.department_name = dept ? dept->name : "";
    row.figures = hotline::ComputeFigures(rows, {}, options);
    out.departments.push_back(std::move(row));
  }
  return out;
}

}  // namespace zt::service
