// File: application.h
//
// The application case type (办件, STANDARDS.md §2.4) and the record of one application.
// The type itself is data/case_types/application.toml (states, transitions, roles, clocks,
// tasks): submitted → accepted (or 容缺受理, or 即办 straight to concluded) | not_accepted |
// correction_pending (补正, once) → submitted; accepted → suspended (中止) → accepted;
// accepted → accepted (extend, once); accepted → approved (or on commitment, 告知承诺) |
// denied | concluded (passed up, terminated); approved | denied → concluded (certificate);
// withdrawn from any open state by the applicant.
// The legal clocks (docs/case-engine.md): the acceptance clock (5 working days from
// submission, 行政许可法 第三十二条) and the handling clock (the item's limits from acceptance,
// 第四十二条), both paused by the case's pause ledger.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "zt/calendar/calendar.h"
#include "zt/caseflow/case_type.h"
#include "zt/caseflow/clock.h"
#include "zt/core/ids.h"
#include "zt/core/time.h"

namespace zt::caseflow {

// The application case type, validated once.
const CaseType& ApplicationCaseType();

// Channels through which an application arrives.
inline constexpr const char* kChannels[] = {"online", "window", "kiosk", "mobile"};
bool IsKnownChannel(const std::string& channel);

struct ApplicationCase {
  CaseId id;
  std::string receipt_no;  // 受理/申报编号 given at submission, e.g. "440802-20261122-00001"
  ItemId item_id;
  std::string item_code;
  std::string item_name;
  DepartmentId department_id;
  std::string region_code;
  std::string state;
  std::int64_t version = 1;
  AccountId applicant_account;  // empty when a clerk files at the window for a walk-in
  std::string applicant_name;
  std::string applicant_id_number;
  std::string applicant_phone;
  std::string channel = "online";
  std::string form_json = "{}";  // what the applicant filled in, kept as given
  int statutory_limit_wd = 0;
  int promised_limit_wd = 0;
  Instant submitted_at{};
  std::optional<Instant> accepted_at;
  std::optional<Instant> decided_at;
  std::optional<Instant> concluded_at;
  std::optional<Date> promised_deadline;  // computed by the calendar at acceptance
  std::optional<Date> statutory_deadline;
  std::string outcome;    // "approved" | "denied" | "not_accepted" | "withdrawn"
  std::string last_note;  // the reason or note of the latest transition
  AccountId handler_id;   // the clerk who accepted
  AccountId reviewer_id;  // the reviewer who decided
  // The clocks. `pauses` is the ledger of 补正 and 中止 periods, oldest first.
  std::vector<ClockPause> pauses;
  std::optional<Date> acceptance_due;  // 第三十二条: 5 working days after submission
  std::optional<Date> clock_start;     // the handling clock's start day (not counted)
  int extension_wd = 0;                // approved extension (第四十二条), 0 when none
  std::string extension_reason;
};

CaseSnapshot SnapshotOf(const ApplicationCase& c);

// A follow-up task a transition opened (Transition::opens_task): supplying the materials of
// a 容缺 acceptance, the post-check of a 告知承诺 approval, issuing the certificate
// (第四十四条). Kept by the service's CaseTaskStore, with its own deadline.
struct CaseTask {
  std::string id;
  CaseId case_id;
  std::string kind;  // "supply_materials" | "post_check" | "certificate"
  Date due;          // working days from the day it was opened
  Instant opened_at{};
  std::optional<Instant> done_at;
  std::string note;  // what the opening transition said (the missing materials, ...)
  // Denormalised from the case, so the work queue can be filtered by scope.
  std::string region_code;
  DepartmentId department_id;
};

// Whether a 补正 notice has ever been issued for the case.
bool CorrectionRequested(const ApplicationCase& c);

// Whether the once-only rules (Transition::once) leave `transition` open on `c`: a 补正
// notice is issued once (第三十二条 "一次告知"), and the decision period is extended once.
// Decide() checks state and role; this is what ApplyClockEffects would refuse on top.
bool ClockAllows(const ApplicationCase& c, const std::string& transition);
// 第三十二条: still waiting for acceptance, no 补正 notice, and the acceptance due day has
// passed: the application counts as accepted on the day it was received.
bool DeemedAccepted(const ApplicationCase& c, Date today);
// The acceptance clock: from the submission day, the "acceptance" clock's limit (5 working
// days), paused by the pause kinds the type lists for it (补正).
ClockInput AcceptanceClock(const ApplicationCase& c);
// The handling clock: from clock_start, the promised (or statutory) limit plus the
// extension, paused by suspensions. Only meaningful once clock_start is set.
ClockInput HandlingClock(const ApplicationCase& c, bool statutory);

// Applies a decided transition's effect on the clocks of `c` (its state may already be
// decision.to; decision.from is what counts), as of `now`, as the type's data says:
//   starts_clock   starts the handling clock today, or on the submission day when the case
//                  was deemed accepted; fixes promised/statutory deadlines;
//   opens_pause    opens a pause of that kind (补正 once: `once`) and recomputes the clock
//                  it stops (deadlines empty while paused);
//   closes_pause   closes the open pause; recomputes the clock of the state it leads to;
//   extends_clock  adds fields["days"] (1..max_days) working days to both limits, once.
// Errors: kFailedPrecondition "case.correction_already_requested",
// "case.extension_already_granted", "calendar.year_not_covered" (a deadline needs a year
// without holiday data: nothing is guessed); kInvalidArgument "case.extension_days" (field
// /days not an integer in 1..max_days).
Status ApplyClockEffects(ApplicationCase& c, const Decision& decision, Instant now,
                         const calendar::WorkingCalendar& cal);

// Recomputes the deadlines of the clock running in the case's state (after the holiday
// calendar changed). Cases in no clocked state are left as they are. Same calendar errors.
Status RecomputeDeadlines(ApplicationCase& c, const calendar::WorkingCalendar& cal);

}  // namespace zt::caseflow
