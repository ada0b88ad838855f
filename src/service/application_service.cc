#include "zt/service/application_service.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "zt/core/id_number.h"
#include "zt/core/phone.h"
#include "zt/core/region_code.h"
#include "zt/core/text.h"
#include "zt/service/audit.h"
#include "zt/service/catalog_service.h"

namespace zt::service {
namespace {

using caseflow::ApplicationCase;

EventDraft CaseEvent(Instant at, std::string action, const ApplicationCase& c,
                     const accounts::Actor& actor, const RequestContext& ctx) {
  EventDraft e;
  e.at = at;
  e.action = std::move(action);
  e.object_type = "application";
  e.object_id = c.id.value();
  e.actor_id = actor.account_id;
  e.actor_role = std::string(accounts::RoleName(actor.role));
  e.actor_region = actor.region_code;
  e.request_id = ctx.request_id;
  e.source_ip = ctx.source_ip;
  e.details.push_back({"receipt_no", c.receipt_no});
  e.details.push_back({"state", c.state});
  e.details.push_back({"version", std::to_string(c.version)});
  return e;
}

std::string ReceiptNumber(const std::string& region_code, Date day, std::int64_t seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u-%05lld", day.year(), day.month(), day.day(),
                static_cast<long long>(seq));
  return region_code + "-" + buf;
}

auto NotFound() {
  return Fail(ErrorCode::kNotFound, "application.not_found", "no such application");
}

Status ValidateApplicant(const Applicant& a) {
  std::vector<FieldError> errors;
  if (a.name.empty() || Utf8Length(a.name) > 50) {
    errors.push_back({"/applicant/name", "name.length", "a name needs 1 to 50 characters"});
  }
  if (auto id = IdNumber::Parse(a.id_number); !id) {
    std::string key = id.error().fields().empty() ? id.error().key() : id.error().fields()[0].key;
    errors.push_back({"/applicant/id_number", key, id.error().detail()});
  }
  if (auto phone = MobileNumber::Parse(a.phone); !phone) {
    errors.push_back({"/applicant/phone", "phone.format", phone.error().detail()});
  }
  if (errors.empty()) return Ok();
  std::string key = errors.front().key;
  return Fail(ErrorCode::kInvalidArgument, key, "the applicant has invalid fields",
              std::move(errors));
}

}  // namespace

bool ApplicationService::CanRead(const accounts::Actor& actor, const ApplicationCase& c) const {
  if (actor.role == accounts::Role::kCitizen) {
    return !c.applicant_account.empty() && c.applicant_account == actor.account_id;
  }
  return accounts::CanSeeDepartmentRecord(actor, c.region_code, c.department_id);
}

Result<ApplicationView> ApplicationService::ViewOf(UnitOfWork& tx, ApplicationCase record,
                                                   const accounts::Actor* actor, bool with_steps) {
  ApplicationView view;
  ZT_ASSIGN_OR_RETURN(auto department, tx.FindDepartment(record.department_id));
  view.department_name = department ? department->name : "";
  std::vector<EventRecord> events;
  if (with_steps) {
    ZT_ASSIGN_OR_RETURN(events, tx.ListEventsFor("application", record.id.value()));
  }
  for (const auto& e : events) {
    CaseStep step{e.event.action, e.event.at, e.event.actor_role, ""};
    for (const auto& [k, v] : e.event.details) {
      if (k == "note") step.note = v;
    }
    view.steps.push_back(std::move(step));
  }
  if (actor != nullptr) {
    const auto& type = caseflow::ApplicationCaseType();
    auto snapshot = caseflow::SnapshotOf(record);
    for (const auto& t : type.transitions) {
      caseflow::Command probe{t.name, {}};
      for (const auto& f : t.required_fields) probe.fields[f] = "x";
      if (caseflow::Decide(type, snapshot, probe, *actor) && caseflow::ClockAllows(record, t.name))
        view.allowed_transitions.push_back(t.name);
    }
    // The applicant sees their own numbers; staff see them masked (unmasking with a stated
    // reason is a separate, audited operation).
    view.masked =
        !(actor->role == accounts::Role::kCitizen && record.applicant_account == actor->account_id);
  }
  Date today = CivilDateCst(clock_.Now());
  view.deemed_accepted = caseflow::DeemedAccepted(record, today);
  view.clock = ReadCaseClock(record, today);
  view.record = std::move(record);
  return view;
}

std::optional<ClockView> ApplicationService::ReadCaseClock(const ApplicationCase& c,
                                                           Date today) const {
  ClockView out;
  caseflow::ClockInput in;
  bool running = true;
  Date as_of = today;
  if (c.state == "submitted" || c.state == "correction_pending") {
    out.kind = "acceptance";
    in = caseflow::AcceptanceClock(c);
  } else if (c.clock_start || c.accepted_at) {
    out.kind = "handling";
    in = caseflow::HandlingClock(c, false);
    if (c.state != "accepted" && c.state != "suspended") {
      running = false;
      Instant stopped = c.decided_at ? *c.decided_at : c.concluded_at.value_or(c.submitted_at);
      as_of = CivilDateCst(stopped);
    }
  } else {
    return std::nullopt;  // never accepted: no clock left to show
  }
  out.limit = in.limit;
  // A reading that needs an uncovered year is left out rather than guessed.
  auto reading = caseflow::ReadClock(calendar_, in, as_of, running, yellow_days_);
  if (!reading) return std::nullopt;
  out.reading = *reading;
  return out;
}

Result<ApplicationView> ApplicationService::Submit(const accounts::Actor& actor,
                                                   const SubmitRequest& request,
                                                   const RequestContext& ctx) {
  auto first = SubmitOnce(actor, request, ctx);
  // Two concurrent retries with one Idempotency-Key: the loser's insert of the key collides
  // and its whole transaction is void; running again finds the winner's case and returns it.
  if (!first && first.error().code() == ErrorCode::kAlreadyExists &&
      !request.idempotency_key.empty()) {
    return SubmitOnce(actor, request, ctx);
  }
  return first;
}

Result<ApplicationView> ApplicationService::SubmitOnce(const accounts::Actor& actor,
                                                       const SubmitRequest& request,
                                                       const RequestContext& ctx) {
  if (actor.role != accounts::Role::kCitizen && actor.role != accounts::Role::kWindowClerk) {
    return Fail(ErrorCode::kPermissionDenied, "application.submit_not_allowed",
                "only citizens and window clerks file applications");
  }
  if (!caseflow::IsKnownChannel(request.channel)) {
    return FieldFail("/channel", "application.channel_unknown",
                     "channel must be online, window, kiosk or mobile");
  }
  Applicant applicant;
  if (actor.role == accounts::Role::kCitizen) {
    // A citizen applies as their own account: an ID number, if given, must be theirs.
    if (request.applicant && !request.applicant->id_number.empty() &&
        request.applicant->id_number != actor.id_number) {
      return FieldFail("/applicant/id_number", "application.applicant_not_self",
                       "citizens apply for themselves");
    }
    if (request.channel == "window") {
      return FieldFail("/channel", "application.channel_not_allowed",
                       "window applications are filed by a clerk");
    }
  } else if (!request.applicant) {
    return FieldFail("/applicant", "application.applicant_required",
                     "a clerk files for a named applicant");
  } else if (request.channel != "window") {
    return FieldFail("/channel", "application.channel_not_allowed",
                     "a clerk files window applications");
  }
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  std::string idem_key;
  if (!request.idempotency_key.empty()) {
    idem_key = actor.account_id.value() + ":" + request.idempotency_key;
    ZT_ASSIGN_OR_RETURN(auto seen, tx->FindIdempotency(idem_key));
    if (seen) {
      if (seen->request_hash != request.request_fingerprint) {
        return Fail(ErrorCode::kFailedPrecondition, "idempotency.key_reused",
                    "this Idempotency-Key was used for a different request");
      }
      ZT_ASSIGN_OR_RETURN(auto first, tx->FindCase(CaseId(seen->response_body)));
      if (!first) return NotFound();
      return ViewOf(*tx, std::move(*first), &actor);
    }
  }
  if (actor.role == accounts::Role::kCitizen) {
    ZT_ASSIGN_OR_RETURN(auto account, tx->FindAccount(actor.account_id));
    if (!account) return Fail(ErrorCode::kUnauthenticated, "auth.session_expired", "log in again");
    applicant = Applicant{account->display_name, account->id_number, account->phone};
    if (request.applicant && !request.applicant->phone.empty()) {
      applicant.phone = request.applicant->phone;
    }
  } else {
    applicant = *request.applicant;
  }
  ZT_RETURN_IF_ERROR(ValidateApplicant(applicant));
  applicant.id_number = IdNumber::Parse(applicant.id_number)->value();
  applicant.phone = MobileNumber::Parse(applicant.phone)->value();

  ZT_ASSIGN_OR_RETURN(auto item, tx->FindItem(request.item_id));
  if (!item || item->status != catalog::ItemStatus::kPublished) {
    return FieldFail("/item_id", "item.not_found", "no published item with this id");
  }
  if (request.channel != "window" && !item->online) {
    return FieldFail("/channel", "item.not_online", "this item is applied for in person");
  }
  if (actor.role == accounts::Role::kWindowClerk &&
      !accounts::CanSeeDepartmentRecord(actor, item->region_code, item->department_id)) {
    return AuditDenied(store_, clock_, actor, "item", request.item_id.value(), ctx,
                       Fail(ErrorCode::kPermissionDenied, "application.item_out_of_scope",
                            "this window does not accept this item"),
                       tx);
  }
  Date today = CivilDateCst(now);
  ApplicationCase c;
  c.id = CaseId(NewId(crypto_, "c_"));
  ZT_ASSIGN_OR_RETURN(std::int64_t seq,
                      tx->NextSequence("receipt:" + item->region_code + ":" + today.ToString()));
  c.receipt_no = ReceiptNumber(item->region_code, today, seq);
  c.item_id = item->id;
  c.item_code = item->code;
  c.item_name = item->name;
  c.department_id = item->department_id;
  c.region_code = item->region_code;
  c.state = caseflow::ApplicationCaseType().initial_state;
  c.version = 1;
  if (actor.role == accounts::Role::kCitizen) c.applicant_account = actor.account_id;
  c.applicant_name = applicant.name;
  c.applicant_id_number = applicant.id_number;
  c.applicant_phone = applicant.phone;
  c.channel = request.channel;
  c.form_json = request.form_json.empty() ? "{}" : request.form_json;
  c.statutory_limit_wd = item->statutory_limit_wd;
  c.promised_limit_wd = item->promised_limit_wd;
  c.submitted_at = now;
  // 第三十二条's acceptance due day. A submission is never refused for the calendar: when the
  // five days run into a year without holiday data the day stays unknown (not guessed).
  if (auto due = caseflow::Deadline(calendar_, caseflow::AcceptanceClock(c))) {
    c.acceptance_due = *due;
  } else if (due.error().key() != "calendar.year_not_covered") {
    return std::unexpected(due.error());
  }
  ZT_RETURN_IF_ERROR(tx->InsertCase(c));
  auto event = CaseEvent(now, "application.submitted", c, actor, ctx);
  event.details.push_back({"channel", c.channel});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(event));
  if (!idem_key.empty()) {
    ZT_RETURN_IF_ERROR(tx->PutIdempotency(
        IdempotencyRecord{idem_key, request.request_fingerprint, 201, c.id.value(), now}));
  }
  ZT_ASSIGN_OR_RETURN(auto view, ViewOf(*tx, c, &actor));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return view;
}

Result<ApplicationView> ApplicationService::Act(const accounts::Actor& actor, const CaseId& id,
                                                const caseflow::Command& command,
                                                std::int64_t if_match, const RequestContext& ctx) {
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindCase(id));
  if (!found || !CanRead(actor, *found)) {
    return AuditDenied(store_, clock_, actor, "application", id.value(), ctx, NotFound(), tx);
  }
  if (found->version != if_match) {
    return Fail(ErrorCode::kAborted, "version.stale",
                "the application has changed since it was read (version " +
                    std::to_string(found->version) + ")");
  }
  auto decided = caseflow::Decide(caseflow::ApplicationCaseType(), caseflow::SnapshotOf(*found),
                                  command, actor);
  if (!decided && decided.error().code() == ErrorCode::kPermissionDenied) {
    return AuditDenied(store_, clock_, actor, "application", id.value(), ctx,
                       std::unexpected(decided.error()), tx);
  }
  ZT_ASSIGN_OR_RETURN(auto decision, std::move(decided));
  ApplicationCase c = *found;
  c.state = decision.to;
  c.version = found->version + 1;
  auto note = command.fields.find("note");
  c.last_note = note == command.fields.end() ? "" : note->second;
  // The clocks first: a deadline that cannot be computed refuses the whole transition.
  ZT_RETURN_IF_ERROR(caseflow::ApplyClockEffects(c, decision, now, calendar_));
  if (decision.transition == "accept") {
    c.accepted_at = now;
    c.handler_id = actor.account_id;
  } else if (decision.transition == "approve" || decision.transition == "deny") {
    c.decided_at = now;
    c.reviewer_id = actor.account_id;
    c.outcome = decision.transition == "approve" ? "approved" : "denied";
  } else if (decision.transition == "not_accept") {
    c.outcome = "not_accepted";
    c.concluded_at = now;
  } else if (decision.transition == "withdraw") {
    c.outcome = "withdrawn";
    c.concluded_at = now;
  } else if (decision.transition == "conclude") {
    c.concluded_at = now;
  }
  ZT_RETURN_IF_ERROR(tx->UpdateCase(c, found->version));
  auto event = CaseEvent(now, decision.event, c, actor, ctx);
  if (!c.last_note.empty()) event.details.push_back({"note", c.last_note});
  if (decision.transition == "extend") {
    event.details.push_back({"days", std::to_string(c.extension_wd)});
  }
  if (c.promised_deadline != found->promised_deadline) {
    event.details.push_back(
        {"promised_deadline", c.promised_deadline ? c.promised_deadline->ToString() : ""});
  }
  ZT_RETURN_IF_ERROR(tx->AppendEvent(event));
  ZT_ASSIGN_OR_RETURN(auto view, ViewOf(*tx, c, &actor));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return view;
}

Result<ApplicationView> ApplicationService::Get(const accounts::Actor& actor, const CaseId& id,
                                                const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindCase(id));
  if (!found || !CanRead(actor, *found)) {
    return AuditDenied(store_, clock_, actor, "application", id.value(), ctx, NotFound(), tx);
  }
  return ViewOf(*tx, std::move(*found), &actor);
}

Result<Page<ApplicationView>> ApplicationService::List(const accounts::Actor& actor,
                                                       CaseQuery query) {
  if (actor.role == accounts::Role::kCitizen) {
    query.applicant_account = actor.account_id;
    query.region_prefix.clear();
    query.department_id = DepartmentId();
  } else if (accounts::IsDepartmentalRole(actor.role)) {
    query.region_prefix = RegionScopePrefix(actor.region_code);
    query.department_id = actor.department_id;
  } else if (actor.role == accounts::Role::kBureauManager) {
    query.region_prefix = RegionScopePrefix(actor.region_code);
  } else {
    return Fail(ErrorCode::kPermissionDenied, "application.list_not_allowed",
                "this role handles no applications");
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto page, tx->ListCases(query));
  Page<ApplicationView> out;
  out.total = page.total;
  for (auto& c : page.items) {
    ZT_ASSIGN_OR_RETURN(auto view, ViewOf(*tx, std::move(c), &actor, /*with_steps=*/false));
    out.items.push_back(std::move(view));
  }
  return out;
}

Result<ApplicationView> ApplicationService::Progress(std::string_view receipt_no,
                                                     std::string_view id_number) {
  auto id = IdNumber::Parse(id_number);
  if (!id) return NotFound();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindCaseByReceipt(receipt_no));
  if (!found || found->applicant_id_number != id->value()) return NotFound();
  ZT_ASSIGN_OR_RETURN(auto view, ViewOf(*tx, std::move(*found), nullptr));
  view.masked = true;
  view.public_view = true;
  return view;
}

Result<std::vector<DepartmentFigures>> ApplicationService::DepartmentStats(
    const accounts::Actor& actor, std::string_view region_code) {
  if (actor.role != accounts::Role::kBureauManager) {
    return Fail(ErrorCode::kPermissionDenied, "stats.not_allowed",
                "department figures are for bureau managers");
  }
  std::string region = region_code.empty() ? actor.region_code : std::string(region_code);
  auto scope = RegionCode::Parse(actor.region_code);
  auto wanted = RegionCode::Parse(region);
  if (!wanted) return FieldFail("region", "region.format", "not a region code");
  if (!scope || !scope->Contains(*wanted)) {
    return Fail(ErrorCode::kPermissionDenied, "stats.out_of_scope",
                "the region lies outside the manager's");
  }
  std::string prefix = RegionScopePrefix(region);
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto departments, tx->ListDepartments(prefix));
  ZT_ASSIGN_OR_RETURN(auto timings, tx->ListCaseTimings(prefix));
  std::map<std::string, DepartmentFigures> by_department;
  for (const auto& d : departments) {
    by_department[d.id.value()] = DepartmentFigures{d.id, d.name};
  }
  for (const auto& t : timings) {
    auto& f = by_department[t.department_id.value()];
    f.department_id = t.department_id;
    f.submitted += 1;
    if (!t.accepted_at) continue;
    f.accepted += 1;
    if (t.state != "concluded" || !t.concluded_at) continue;
    f.concluded += 1;
    Date accepted = CivilDateCst(*t.accepted_at);
    Date concluded = CivilDateCst(*t.concluded_at);
    ZT_ASSIGN_OR_RETURN(int days, calendar_.WorkingDaysBetween(accepted, concluded));
    f.working_days_total += days;
    if (t.promised_deadline && concluded <= *t.promised_deadline) f.concluded_on_time += 1;
  }
  std::vector<DepartmentFigures> out;
  for (auto& [id, f] : by_department) out.push_back(std::move(f));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.department_id.value() < b.department_id.value();
  });
  return out;
}

}  // namespace zt::service
