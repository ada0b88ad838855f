#include "zt/service/application_service.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "zt/core/id_number.h"
#include "zt/core/phone.h"
#include "zt/core/region_code.h"
#include "zt/core/text.h"
#include "zt/service/appointment_service.h"
#include "zt/service/audit.h"
#include "zt/service/case_engine_store.h"
#include "zt/service/catalog_service.h"
#include "zt/service/notification_service.h"

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

Status ValidateApplicant(const Applicant& a, Date today) {
  std::vector<FieldError> errors;
  if (a.name.empty() || Utf8Length(a.name) > 50) {
    errors.push_back({"/applicant/name", "name.length", "a name needs 1 to 50 characters"});
  }
  if (auto id = IdNumber::Parse(a.id_number, today); !id) {
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

// Whether the case's tasks leave `t` open: no blocking task is open, and a transition that
// only completes a task (from == to) has that task open.
bool TasksAllow(const caseflow::Transition& t, const std::vector<caseflow::CaseTask>& tasks) {
  bool closes_open = false;
  for (const auto& task : tasks) {
    if (task.done_at) continue;
    if (std::find(t.blocked_by_tasks.begin(), t.blocked_by_tasks.end(), task.kind) !=
        t.blocked_by_tasks.end())
      return false;
    if (task.kind == t.closes_task) closes_open = true;
  }
  bool only_completes = !t.closes_task.empty() && t.from.size() == 1 && t.from[0] == t.to;
  return !only_completes || closes_open;
}

// Material names in a 容缺 "missing" field: separated by 、，, ; or new lines.
std::vector<std::string> SplitNames(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    while (!cur.empty() && cur.back() == ' ') cur.pop_back();
    std::size_t lead = cur.find_first_not_of(' ');
    if (lead != std::string::npos) out.push_back(cur.substr(lead));
    cur.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    bool sep = false;
    for (std::string_view s : {"、", "，", "；", ",", ";", "\n"}) {
      if (text.compare(i, s.size(), s) == 0) {
        flush();
        i += s.size();
        sep = true;
        break;
      }
    }
    if (!sep) cur += text[i++];
  }
  flush();
  return out;
}

// FNV-1a over every day's kind and every year's sources: a changed holiday notice (or a
// newly covered year) changes it.
std::string CalendarFingerprint(const calendar::WorkingCalendar& cal) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](std::string_view bytes) {
    for (unsigned char ch : bytes) {
      h ^= ch;
      h *= 1099511628211ull;
    }
  };
  for (int year = cal.first_year(); year <= cal.last_year(); ++year) {
    mix(std::to_string(year));
    if (auto source = cal.SourceOf(year)) mix(*source);
    auto first = Date::FromYmd(year, 1, 1);
    auto last = Date::FromYmd(year, 12, 31);
    if (!first || !last) continue;
    for (Date d = *first; d <= *last; d = d.AddDays(1)) {
      auto working = cal.IsWorkingDay(d);
      mix(working ? (*working ? "1" : "0") : "?");
    }
  }
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace

bool ApplicationService::CanRead(const accounts::Actor& actor, const ApplicationCase& c) const {
  if (actor.role == accounts::Role::kCitizen) {
    return !c.applicant_account.empty() && c.applicant_account == actor.account_id;
  }
  // As in List: only departmental staff and bureau managers handle applications. The 12345
  // roles see department records of their own area (hotline orders), not application files
  // (AZ-01, tests/security/access_policy.json).
  if (actor.role == accounts::Role::kFrontDeskClerk) {
    // 一窗: every department's cases in the desk's region (通办 ones: presence::FrontDeskReaches).
    auto scope = RegionCode::Parse(actor.region_code);
    auto record = RegionCode::Parse(c.region_code);
    return scope && record && scope->Contains(*record);
  }
  if (!accounts::IsDepartmentalRole(actor.role) && actor.role != accounts::Role::kBureauManager) {
    return false;
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
  ZT_ASSIGN_OR_RETURN(view.tasks, tx.case_engine().ListTasksFor(record.id));
  for (const auto& e : events) {
    if (IsRefusalRecord(e.event.action)) continue;
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
      if (caseflow::Decide(type, snapshot, probe, service::presence::ActingFor(*actor, record)) &&
          caseflow::ClockAllows(record, t.name) && TasksAllow(t, view.tasks) &&
          (t.guard != "instant_item" || record.promised_limit_wd == 0))
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
  const caseflow::CaseType& type = caseflow::ApplicationCaseType();
  ClockView out;
  caseflow::ClockInput in;
  bool running = true;
  Date as_of = today;
  const caseflow::ClockSpec* spec = type.ClockIn(c.state);
  if (spec != nullptr && spec->name == "acceptance") {
    out.kind = "acceptance";
    in = caseflow::AcceptanceClock(c);
  } else if (c.clock_start || c.accepted_at) {
    out.kind = "handling";
    spec = type.FindClock("handling");
    in = caseflow::HandlingClock(c, false);
    if (type.ClockIn(c.state) == nullptr) {
      // Decided or ended: the clock stopped on that day and is counted up to it.
      running = false;
      Instant stopped = c.decided_at ? *c.decided_at : c.concluded_at.value_or(c.submitted_at);
      as_of = CivilDateCst(stopped);
    }
  } else {
    return std::nullopt;  // never accepted: no clock left to show
  }
  out.limit = in.limit;
  // The type's thresholds; a service built with other yellow days (tests) keeps those.
  int yellow = spec != nullptr && yellow_days_ == 2 ? spec->yellow_days : yellow_days_;
  int red = spec != nullptr ? spec->red_days : 0;
  // A reading that needs an uncovered year is left out rather than guessed.
  auto reading = caseflow::ReadClock(calendar_, in, as_of, running, yellow, red);
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
  if (actor.role != accounts::Role::kCitizen && !accounts::IsWindowRole(actor.role)) {
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
  ZT_RETURN_IF_ERROR(ValidateApplicant(applicant, CivilDateCst(clock_.Now())));
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
  ZT_RETURN_IF_ERROR(presence::RecordFiling(*tx, crypto_, actor, c, now));  // 跑动, 一窗, 通办
  auto event = CaseEvent(now, "application.submitted", c, actor, ctx);
  event.details.push_back({"channel", c.channel});
  ZT_RETURN_IF_ERROR(NotifyMilestone(*tx, crypto_, c, event));  // the outbox, same transaction
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
  if (!found ||
      !(CanRead(actor, *found) || presence::FrontDeskReaches(*tx, actor, *found).value_or(false))) {
    return AuditDenied(store_, clock_, actor, "application", id.value(), ctx, NotFound(), tx);
  }
  if (found->version != if_match) {
    return Fail(ErrorCode::kAborted, "version.stale",
                "the application has changed since it was read (version " +
                    std::to_string(found->version) + ")");
  }
  auto decided = caseflow::Decide(caseflow::ApplicationCaseType(), caseflow::SnapshotOf(*found),
                                  command, presence::ActingFor(actor, *found));
  if (!decided && decided.error().code() == ErrorCode::kPermissionDenied) {
    return AuditDenied(store_, clock_, actor, "application", id.value(), ctx,
                       std::unexpected(decided.error()), tx);
  }
  ZT_ASSIGN_OR_RETURN(auto decision, std::move(decided));
  const caseflow::CaseType& type = caseflow::ApplicationCaseType();
  const caseflow::Transition& t = *type.FindTransition(decision.transition);
  ZT_RETURN_IF_ERROR(CheckGuard(*tx, t, *found, command));
  ZT_ASSIGN_OR_RETURN(auto tasks, tx->case_engine().ListTasksFor(id));
  for (const auto& task : tasks) {
    if (task.done_at) continue;
    if (std::find(t.blocked_by_tasks.begin(), t.blocked_by_tasks.end(), task.kind) !=
        t.blocked_by_tasks.end()) {
      return Fail(ErrorCode::kFailedPrecondition, "case.task_open",
                  "the " + task.kind + " task (due " + task.due.ToString() +
                      ") must be completed before " + t.name);
    }
  }
  ApplicationCase c = *found;
  c.state = decision.to;
  c.version = found->version + 1;
  auto note = command.fields.find("note");
  c.last_note = note == command.fields.end() ? "" : note->second;
  // The clocks first: a deadline that cannot be computed refuses the whole transition.
  ZT_RETURN_IF_ERROR(caseflow::ApplyClockEffects(c, decision, now, calendar_));
  if (!t.starts_clock.empty()) {
    c.accepted_at = now;
    c.handler_id = actor.account_id;
  }
  if (!t.outcome.empty()) {
    c.outcome = t.outcome;
    if (t.outcome != "withdrawn" && t.outcome != "not_accepted") {
      c.decided_at = now;
      c.reviewer_id = actor.account_id;
    }
  }
  if (type.IsTerminal(c.state)) c.concluded_at = now;
  Date today = CivilDateCst(now);
  std::optional<caseflow::CaseTask> opened;
  if (!t.opens_task.empty()) {
    ZT_ASSIGN_OR_RETURN(Date due, calendar_.AddWorkingDays(today, t.task_days));
    caseflow::CaseTask task;
    task.id = NewId(crypto_, "t_");
    task.case_id = c.id;
    task.kind = t.opens_task;
    task.due = due;
    task.opened_at = now;
    auto missing = command.fields.find("missing");
    task.note = missing != command.fields.end() ? missing->second : c.last_note;
    task.region_code = c.region_code;
    task.department_id = c.department_id;
    ZT_RETURN_IF_ERROR(tx->case_engine().InsertTask(task));
    opened = task;
  }
  if (!t.closes_task.empty()) {
    auto closed = tx->case_engine().CompleteTask(c.id, t.closes_task, now);
    // A transition that exists to complete its task needs one open; others (conclude after
    // a denial, which opened no certificate task) close theirs when there is one.
    if (!closed &&
        (closed.error().code() != ErrorCode::kNotFound || decision.from == decision.to)) {
      return Fail(ErrorCode::kFailedPrecondition, "case.task_not_open",
                  "this case has no open " + t.closes_task + " task");
    }
  }
  ZT_RETURN_IF_ERROR(tx->UpdateCase(c, found->version));
  ZT_RETURN_IF_ERROR(presence::RecordStep(*tx, crypto_, actor, c, command, now));  // 跑动, 一窗
  auto event = CaseEvent(now, decision.event, c, actor, ctx);
  if (!c.last_note.empty()) event.details.push_back({"note", c.last_note});
  if (decision.transition == "extend") {
    event.details.push_back({"days", std::to_string(c.extension_wd)});
  }
  for (const auto& f : t.required_fields) {
    if (f != "note" && f != "days") event.details.push_back({f, command.fields.at(f)});
  }
  if (opened) {
    event.details.push_back({"task", opened->kind});
    event.details.push_back({"task_due", opened->due.ToString()});
  }
  if (c.promised_deadline != found->promised_deadline) {
    event.details.push_back(
        {"promised_deadline", c.promised_deadline ? c.promised_deadline->ToString() : ""});
  }
  ZT_RETURN_IF_ERROR(NotifyMilestone(*tx, crypto_, c, event));  // the outbox, same transaction
  ZT_RETURN_IF_ERROR(tx->AppendEvent(event));
  ZT_ASSIGN_OR_RETURN(auto view, ViewOf(*tx, c, &actor));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return view;
}

Result<ApplicationView> ApplicationService::Get(const accounts::Actor& actor, const CaseId& id,
                                                const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindCase(id));
  if (!found ||
      !(CanRead(actor, *found) || presence::FrontDeskReaches(*tx, actor, *found).value_or(false))) {
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
  } else if (actor.role == accounts::Role::kBureauManager ||
             actor.role == accounts::Role::kFrontDeskClerk) {
    query.region_prefix = RegionScopePrefix(actor.region_code);
  } else {
    return Fail(ErrorCode::kPermissionDenied, "application.list_not_allowed",
                "this role handles no applications");
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto page, tx->ListCases(query));
  if (actor.role == accounts::Role::kFrontDeskClerk && query.offset == 0) {
    // 通办: the cases this desk's region filed for items of other regions, on the first page.
    ZT_ASSIGN_OR_RETURN(auto filed, tx->appointments().ListAcceptancesIn(query.region_prefix));
    for (const auto& a : filed) {
      if (a.tongban.empty()) continue;
      ZT_ASSIGN_OR_RETURN(auto c, tx->FindCase(a.case_id));
      if (!c || (!query.states.empty() && std::find(query.states.begin(), query.states.end(),
                                                    c->state) == query.states.end()))
        continue;
      page.items.push_back(std::move(*c));
      ++page.total;
    }
  }
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

Status ApplicationService::CheckGuard(UnitOfWork& tx, const caseflow::Transition& t,
                                      const ApplicationCase& c, const caseflow::Command& command) {
  if (t.guard.empty()) return Ok();
  if (t.guard == "instant_item") {
    // 即办件: only items whose promised limit is 0 are concluded on the spot.
    if (c.promised_limit_wd != 0) {
      return Fail(ErrorCode::kFailedPrecondition, "application.not_instant_item",
                  "only items concluded on the spot (promised limit 0) are handled instantly");
    }
    return Ok();
  }
  if (t.guard == "secondary_materials_only") {
    // 容缺受理: every missing material must be one the item lists as secondary (次要材料).
    ZT_ASSIGN_OR_RETURN(auto item, tx.FindItem(c.item_id));
    if (!item) return FieldFail("/item_id", "item.not_found", "the case's item is gone");
    auto names = SplitNames(command.fields.at("missing"));
    std::vector<FieldError> errors;
    for (const auto& name : names) {
      auto m = std::find_if(item->materials.begin(), item->materials.end(),
                            [&name](const catalog::Material& x) { return x.name == name; });
      if (m == item->materials.end()) {
        errors.push_back({"/missing", "application.material_unknown",
                          "the item lists no material named " + name});
      } else if (!m->secondary) {
        errors.push_back({"/missing", "application.material_not_secondary",
                          name + " is a main material: 容缺 waives secondary materials only"});
      }
    }
    if (names.empty()) {
      errors.push_back({"/missing", "case.field_required", "name the missing materials"});
    }
    if (!errors.empty()) {
      std::string key = errors.front().key;
      return Fail(ErrorCode::kInvalidArgument, key, "容缺受理 refused", std::move(errors));
    }
    return Ok();
  }
  return Fail(ErrorCode::kInternal, "case_type.unknown_guard", "unknown guard " + t.guard);
}

Result<ApplicationView> ApplicationService::CompleteTask(const accounts::Actor& actor,
                                                         const CaseId& id, std::string_view kind,
                                                         const std::string& note,
                                                         const RequestContext& ctx) {
  if (kind != "post_check") {
    return FieldFail("/kind", "case.task_kind",
                     "only the post_check task is completed on its own; others close through "
                     "their transitions");
  }
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindCase(id));
  if (!found ||
      !(CanRead(actor, *found) || presence::FrontDeskReaches(*tx, actor, *found).value_or(false))) {
    return AuditDenied(store_, clock_, actor, "application", id.value(), ctx, NotFound(), tx);
  }
  if (actor.role != accounts::Role::kReviewer) {
    return AuditDenied(store_, clock_, actor, "application", id.value(), ctx,
                       Fail(ErrorCode::kPermissionDenied, "case.role_not_allowed",
                            "the post-check is the reviewer's"),
                       tx);
  }
  if (note.empty()) return FieldFail("/note", "case.field_required", "state the finding");
  auto done = tx->case_engine().CompleteTask(id, kind, now);
  if (!done && done.error().code() == ErrorCode::kNotFound) {
    return Fail(ErrorCode::kFailedPrecondition, "case.task_not_open",
                "this case has no open post_check task");
  }
  ZT_RETURN_IF_ERROR(done);
  auto event = CaseEvent(now, "application.post_check_completed", *found, actor, ctx);
  event.details.push_back({"note", note});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(event));
  ZT_ASSIGN_OR_RETURN(auto view, ViewOf(*tx, *found, &actor));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return view;
}

Result<DeadlineExplanation> ApplicationService::ExplainDeadline(const accounts::Actor& actor,
                                                                const CaseId& id,
                                                                const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto view, Get(actor, id, ctx));
  const auto& c = view.record;
  const caseflow::ClockSpec* spec = caseflow::ApplicationCaseType().ClockIn(c.state);
  if (spec == nullptr || (spec->name == "handling" && !c.clock_start && !c.accepted_at)) {
    return Fail(ErrorCode::kFailedPrecondition, "clock.none",
                "no clock runs on this case in state " + c.state);
  }
  caseflow::ClockInput in =
      spec->name == "acceptance" ? caseflow::AcceptanceClock(c) : caseflow::HandlingClock(c, false);
  ZT_ASSIGN_OR_RETURN(auto days, caseflow::ExplainDeadline(calendar_, in));
  DeadlineExplanation out;
  out.case_id = c.id;
  out.clock = spec->name;
  out.limit = in.limit;
  out.working_days = in.working_days;
  out.start = in.start;
  out.deadline = days.empty() ? in.start : days.back().date;
  out.days = std::move(days);
  return out;
}

namespace {

int UrgencyRank(const std::string& urgency) {
  if (urgency == "overdue") return 0;
  if (urgency == "red") return 1;
  if (urgency == "yellow") return 2;
  if (urgency == "normal") return 3;
  return 4;  // paused
}

}  // namespace

Result<std::vector<QueueEntry>> ApplicationService::WorkQueue(const accounts::Actor& actor,
                                                              int limit) {
  CaseQuery query;
  switch (actor.role) {
    case accounts::Role::kWindowClerk:
    case accounts::Role::kFrontDeskClerk:
      query.states = {"submitted", "correction_pending", "accepted", "approved", "denied"};
      break;
    case accounts::Role::kReviewer:
      query.states = {"accepted", "suspended", "approved"};
      break;
    case accounts::Role::kBureauManager:
      query.states = {"submitted", "correction_pending", "accepted",
                      "suspended", "approved",           "denied"};
      break;
    default:
      return Fail(ErrorCode::kPermissionDenied, "application.queue_not_allowed",
                  "this role has no work queue");
  }
  limit = std::clamp(limit, 1, 500);
  query.limit = 500;  // sorted by urgency below, then cut to `limit`
  ZT_ASSIGN_OR_RETURN(auto page, List(actor, query));
  Date today = CivilDateCst(clock_.Now());
  std::vector<QueueEntry> out;
  for (auto& view : page.items) {
    QueueEntry e;
    const auto& c = view.record;
    if (view.clock && view.clock->reading.status != caseflow::ClockStatus::kStopped) {
      e.due_kind = view.clock->kind;
      e.due = view.clock->reading.deadline;
      e.urgency = caseflow::ClockStatusName(view.clock->reading.status);
    }
    // A case waiting on a task (certificate, 容缺 supply, post-check) is due when it is.
    const caseflow::CaseTask* next = nullptr;
    for (const auto& task : view.tasks) {
      if (!task.done_at && (next == nullptr || task.due < next->due)) next = &task;
    }
    bool mine = actor.role != accounts::Role::kReviewer || (next && next->kind == "post_check");
    if (next != nullptr && mine &&
        (e.urgency.empty() || e.urgency == "paused" || (e.due && next->due <= *e.due))) {
      e.due_kind = next->kind;
      e.due = next->due;
      auto left = calendar_.WorkingDaysBetween(today, next->due);
      int remaining = left ? *left : 0;
      e.urgency = today > next->due           ? "overdue"
                  : remaining == 0            ? "red"
                  : remaining <= yellow_days_ ? "yellow"
                                              : "normal";
    }
    // Reviewers have nothing to do on an approved case but its post-check.
    if (e.urgency.empty() || (c.state == "approved" && !mine)) continue;
    if (accounts::IsWindowRole(actor.role) && c.state == "accepted" &&
        !(next && next->kind == "supply_materials"))
      continue;  // under review: the clerk waits
    e.view = std::move(view);
    out.push_back(std::move(e));
  }
  std::stable_sort(out.begin(), out.end(), [](const QueueEntry& a, const QueueEntry& b) {
    int ra = UrgencyRank(a.urgency), rb = UrgencyRank(b.urgency);
    if (ra != rb) return ra < rb;
    if (a.due.has_value() != b.due.has_value()) return a.due.has_value();
    if (a.due && b.due && *a.due != *b.due) return *a.due < *b.due;
    return a.view.record.submitted_at < b.view.record.submitted_at;
  });
  if (static_cast<int>(out.size()) > limit) out.resize(limit);
  return out;
}

Result<RecomputeReport> ApplicationService::RecomputeDeadlines(const RequestContext& ctx,
                                                               bool force) {
  Instant now = clock_.Now();
  RecomputeReport report;
  report.fingerprint = CalendarFingerprint(calendar_);
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(std::string applied, tx->case_engine().CalendarFingerprint());
  report.calendar_changed = applied != report.fingerprint;
  if (!report.calendar_changed && !force) return report;
  accounts::Actor system{AccountId("system"), "system", accounts::Role::kSystemAdmin, "", {}, ""};
  CaseQuery query;
  query.states = {"submitted", "correction_pending", "accepted", "suspended"};
  query.limit = 1000;
  for (query.offset = 0;; query.offset += query.limit) {
    ZT_ASSIGN_OR_RETURN(auto page, tx->ListCases(query));
    for (const auto& found : page.items) {
      ++report.open_cases;
      ApplicationCase c = found;
      // A deadline running into a year the calendar does not cover stays as it was.
      if (!caseflow::RecomputeDeadlines(c, calendar_)) continue;
      if (c.acceptance_due == found.acceptance_due &&
          c.promised_deadline == found.promised_deadline &&
          c.statutory_deadline == found.statutory_deadline)
        continue;
      c.version = found.version + 1;
      ZT_RETURN_IF_ERROR(tx->UpdateCase(c, found.version));
      auto event = CaseEvent(now, "application.deadlines_recomputed", c, system, ctx);
      auto text = [](const std::optional<Date>& d) { return d ? d->ToString() : ""; };
      event.details.push_back({"calendar", report.fingerprint});
      event.details.push_back({"acceptance_due_was", text(found.acceptance_due)});
      event.details.push_back({"acceptance_due", text(c.acceptance_due)});
      event.details.push_back({"promised_deadline_was", text(found.promised_deadline)});
      event.details.push_back({"promised_deadline", text(c.promised_deadline)});
      event.details.push_back({"statutory_deadline_was", text(found.statutory_deadline)});
      event.details.push_back({"statutory_deadline", text(c.statutory_deadline)});
      ZT_RETURN_IF_ERROR(tx->AppendEvent(event));
      ++report.changed_cases;
    }
    if (static_cast<int>(page.items.size()) < query.limit) break;
  }
  ZT_RETURN_IF_ERROR(tx->case_engine().PutCalendarFingerprint(report.fingerprint, now));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return report;
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
