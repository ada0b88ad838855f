// File: application_service.h
//
// Applications (办件) on the case engine: submit, act on (accept, approve, conclude, ...),
// read, follow by receipt number, and the bureau's per-department figures. Deadlines come
// from the item's limits and the working-day calendar, computed when the case is accepted.
//
//   ApplicationService apps(store, crypto, clock, calendar::WorkingCalendar::China());
//   auto view = apps.Act(clerk, case_id, {"accept", {}}, /*if_match=*/1, ctx);
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "zt/accounts/roles.h"
#include "zt/calendar/calendar.h"
#include "zt/caseflow/application.h"
#include "zt/core/error.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::service {

struct Applicant {
  std::string name;
  std::string id_number;
  std::string phone;
};

struct SubmitRequest {
  ItemId item_id;
  std::string channel = "online";
  std::optional<Applicant> applicant;  // citizens may omit: their own account is used
  std::string form_json = "{}";
  std::string idempotency_key;      // optional
  std::string request_fingerprint;  // digest of the request, to refuse key reuse
};

struct CaseStep {
  std::string action;  // event name, "application.accepted"
  Instant at{};
  std::string actor_role;
  std::string note;
};

// The clock a case currently runs on, read as of today (or as of the day it stopped).
struct ClockView {
  std::string kind;  // "acceptance" (submitted, 补正) | "handling" (from acceptance on)
  int limit = 0;     // working days, extension included
  caseflow::ClockReading reading;
};

struct ApplicationView {
  caseflow::ApplicationCase record;
  bool deemed_accepted = false;    // 行政许可法 第三十二条, see caseflow::DeemedAccepted
  std::optional<ClockView> clock;  // empty when the calendar does not cover the days needed
  std::string department_name;
  std::vector<std::string> allowed_transitions;  // for the caller
  std::vector<CaseStep> steps;
  bool masked = true;                     // ID and phone numbers masked for this caller
  bool public_view = false;               // the anonymous progress view: no form content either
  std::vector<caseflow::CaseTask> tasks;  // follow-up tasks, open and done
};

// The running clock's deadline explained day by day (caseflow::ExplainDeadline).
struct DeadlineExplanation {
  CaseId case_id;
  std::string clock;  // "acceptance" | "handling"
  int limit = 0;
  bool working_days = true;
  Date start;
  Date deadline;
  std::vector<calendar::ExplainedDay> days;  // start day first, deadline last
};

// One row of a work queue: the case, what is due next and how urgent it is.
struct QueueEntry {
  ApplicationView view;
  std::string due_kind;  // "acceptance" | "handling" | a task kind ("certificate", ...)
  std::optional<Date> due;
  // "overdue" | "red" | "yellow" | "normal" | "paused": overdue and nearly due come first.
  std::string urgency;
};

// What RecomputeDeadlines did.
struct RecomputeReport {
  bool calendar_changed = false;
  std::string fingerprint;  // of the calendar now applied
  std::int64_t open_cases = 0;
  std::int64_t changed_cases = 0;
};

struct DepartmentFigures {
  DepartmentId department_id;
  std::string department_name;
  std::int64_t submitted = 0;          // every case filed
  std::int64_t accepted = 0;           // cases accepted (受理)
  std::int64_t concluded = 0;          // accepted cases concluded (办结)
  std::int64_t concluded_on_time = 0;  // concluded on or before the promised deadline
  // Sum of working days from acceptance to conclusion over concluded cases.
  std::int64_t working_days_total = 0;
};

class ApplicationService {
 public:
  // `yellow_days`: a running clock turns yellow when this many working days or fewer remain.
  ApplicationService(Store& store, Crypto& crypto, const Clock& clock,
                     const calendar::WorkingCalendar& calendar, int yellow_days = 2)
      : store_(store),
        crypto_(crypto),
        clock_(clock),
        calendar_(calendar),
        yellow_days_(yellow_days) {}

  // Files an application for a published item. Its acceptance_due is 5 working days after
  // submission (left empty when the calendar does not cover those days yet). Citizens file for
  // themselves; window clerks file for a walk-in applicant (channel "window"). Validates the
  // applicant's ID and phone numbers. With an idempotency key, a retry returns the first case; the
  // same key with a different request is kFailedPrecondition "idempotency.key_reused".
  Result<ApplicationView> Submit(const accounts::Actor& actor, const SubmitRequest& request,
                                 const RequestContext& ctx);
  // Takes a transition. `if_match` must equal the case's version (kAborted otherwise).
  // Transitions that move a clock (accept, request_correction, supply_correction, suspend,
  // resume, extend) recompute its deadlines; see caseflow::ApplyClockEffects for their
  // errors (one 补正 notice, one extension of 1..10 days, calendar.year_not_covered).
  Result<ApplicationView> Act(const accounts::Actor& actor, const CaseId& id,
                              const caseflow::Command& command, std::int64_t if_match,
                              const RequestContext& ctx);
  // kNotFound when the case does not exist or lies outside the caller's scope.
  // kNotFound (and an access.denied event) when the case is absent or out of scope.
  Result<ApplicationView> Get(const accounts::Actor& actor, const CaseId& id,
                              const RequestContext& ctx = {});
  Result<Page<ApplicationView>> List(const accounts::Actor& actor, CaseQuery query);
  // The public view: needs both the receipt number and the applicant's ID number; the
  // answer is always masked. kNotFound when either does not match (no oracle).
  Result<ApplicationView> Progress(std::string_view receipt_no, std::string_view id_number);
  // Completes the open 告知承诺 post-check (task "post_check") of a case, in any state (it
  // outlives the conclusion), with the finding as `note`; appends
  // "application.post_check_completed". Reviewers of the case's department only. Errors:
  // kNotFound as Get; kInvalidArgument "case.task_kind" (other tasks close through their
  // transitions), "case.field_required" (/note); kPermissionDenied "case.role_not_allowed";
  // kFailedPrecondition "case.task_not_open".
  Result<ApplicationView> CompleteTask(const accounts::Actor& actor, const CaseId& id,
                                       std::string_view kind, const std::string& note,
                                       const RequestContext& ctx);
  // The running clock's deadline, day by day. kNotFound as Get; kFailedPrecondition
  // "clock.none" when no clock runs (never accepted, or decided), "clock.paused" while a pause
  // leaves no deadline, "calendar.year_not_covered" when the walk needs an uncovered year.
  Result<DeadlineExplanation> ExplainDeadline(const accounts::Actor& actor, const CaseId& id,
                                              const RequestContext& ctx = {});
  // The caller's work queue: window clerks see cases waiting for acceptance, 补正, the
  // certificate or the supply of 容缺 materials; reviewers the cases under review; bureau
  // managers every open case of their region. Overdue first, then red, yellow, normal,
  // paused; within each the earliest due day first. At most `limit` rows (1..500).
  Result<std::vector<QueueEntry>> WorkQueue(const accounts::Actor& actor, int limit = 100);
  // When the holiday calendar differs from the one the open cases were computed with (its
  // fingerprint is stored), recomputes every open case's deadlines and records an
  // "application.deadlines_recomputed" event for each case whose deadlines moved, then stores
  // the new fingerprint, all in one transaction. `force` recomputes even when unchanged.
  Result<RecomputeReport> RecomputeDeadlines(const RequestContext& ctx, bool force = false);
  // Per-department figures in the manager's region. kPermissionDenied for other roles.
  Result<std::vector<DepartmentFigures>> DepartmentStats(const accounts::Actor& actor,
                                                         std::string_view region_code);

 private:
  Result<ApplicationView> SubmitOnce(const accounts::Actor& actor, const SubmitRequest& request,
                                     const RequestContext& ctx);
  // The caller's view of a case; lists leave out the step history (one query less per row).
  Result<ApplicationView> ViewOf(UnitOfWork& tx, caseflow::ApplicationCase record,
                                 const accounts::Actor* actor, bool with_steps = true);
  bool CanRead(const accounts::Actor& actor, const caseflow::ApplicationCase& c) const;
  // Checks a transition's named guard (Transition::guard) against the case and its item.
  Status CheckGuard(UnitOfWork& tx, const caseflow::Transition& t,
                    const caseflow::ApplicationCase& c, const caseflow::Command& command);
  // The clock the case runs on as of `today`; nullopt when none or not computable.
  std::optional<ClockView> ReadCaseClock(const caseflow::ApplicationCase& c, Date today) const;

  Store& store_;
  Crypto& crypto_;
  const Clock& clock_;
  const calendar::WorkingCalendar& calendar_;
  int yellow_days_;
};

}  // namespace zt::service
