// File: rating_service.h
//
// 好差评 on the case engine (docs/ratings.md): the applicant rates a concluded application
// once (any channel); unrated cases get the default rating after the configured period; a
// bad rating opens a rectification case in the same transaction, which the rated
// department verifies, rectifies and replies on, the call-back is recorded, and the
// citizen rates again. Public indicators per department, item, window and period.
//
//   RatingService ratings(store, crypto, clock, calendar::WorkingCalendar::China());
//   auto view = ratings.Rate(citizen, case_id, {"dissatisfied", {"多次跑动"}, "..."}, ctx);
//   // view->rectification_id names the case opened for the department
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "zt/accounts/roles.h"
#include "zt/calendar/calendar.h"
#include "zt/caseflow/case_type.h"
#include "zt/core/error.h"
#include "zt/core/indicator.h"
#include "zt/rating/rating.h"
#include "zt/service/ports.h"
#include "zt/service/rating_store.h"
#include "zt/service/store.h"

namespace zt::service {

struct RatingStep {
  std::string action;  // "rectification.verified_real", ...
  Instant at{};
  std::string actor_role;
  std::string note;
};

struct RectificationView {
  RectificationRecord record;
  std::string department_name;
  bool overdue = false;                          // not replied and the due day has passed (CST)
  std::vector<std::string> allowed_transitions;  // for the caller
  std::vector<RatingStep> steps;
  std::optional<RatingRecord> rating;    // the bad rating that opened it
  std::optional<RatingRecord> rerating;  // the citizen's rating after the call-back
};

// A case's ratings as its applicant or the rated department sees them.
struct CaseRatings {
  CaseId case_id;
  bool can_rate = false;  // the caller may give the initial rating now
  std::optional<RatingRecord> initial;
  std::optional<RatingRecord> rerating;
  std::optional<RectificationView> rectification;
};

struct RatingStatsQuery {
  DepartmentId department_id;  // empty: every department
  ItemId item_id;
  std::string window_id;
  std::string period;       // "" (all time), "YYYY", "YYYY-MM" or "YYYY-Qn", by the CST day
  std::string region_code;  // empty: every region; else that region and the regions below
};

struct DepartmentRatingFigures {
  DepartmentId department_id;
  std::string department_name;
  std::vector<Indicator> indicators;
};

struct RatingStats {
  RatingStatsQuery query;
  std::vector<Indicator> indicators;                 // over everything the query selects
  std::vector<DepartmentRatingFigures> departments;  // per department, when none was named
};

class RatingService {
 public:
  RatingService(Store& store, Crypto& crypto, const Clock& clock,
                const calendar::WorkingCalendar& calendar, rating::RatingPolicy policy = {})
      : store_(store),
        crypto_(crypto),
        clock_(clock),
        calendar_(calendar),
        policy_(std::move(policy)) {}

  const rating::RatingPolicy& policy() const { return policy_; }

  // The initial rating of a concluded application, by its applicant (a citizen whose
  // account filed the case, or whose ID number is the applicant's for a case filed at the
  // window). Errors, nothing written in each case:
  //   kInvalidArgument   rating.* field errors (rating::ValidateRatingInput);
  //   kPermissionDenied  rating.applicant_only (staff may not rate);
  //   kNotFound          application.not_found (absent, or not the caller's: audited);
  //   kFailedPrecondition rating.case_not_concluded;
  //   kAlreadyExists     rating.already_rated (the database's unique key backs this).
  // A bad level also opens the rectification case, due rectification_limit_wd working days
  // later (calendar.year_not_covered refuses the rating rather than guessing).
  Result<CaseRatings> Rate(const accounts::Actor& actor, const CaseId& case_id,
                           const rating::RatingInput& input, const RequestContext& ctx);
  // The ratings of a case: its applicant, or staff who can see the case (kNotFound else).
  Result<CaseRatings> OfCase(const accounts::Actor& actor, const CaseId& case_id,
                             const RequestContext& ctx = {});
  // Staff: ratings in scope (region/department); citizens: their own.
  Result<std::vector<RatingRecord>> List(const accounts::Actor& actor, RatingQuery query,
                                         std::int64_t* total);

  // Rectification cases: the department's (departmental roles), the region's (bureau
  // manager) or the citizen's own. Get answers kNotFound outside scope (audited).
  Result<std::vector<RectificationView>> ListRectifications(const accounts::Actor& actor,
                                                            RectificationQuery query,
                                                            std::int64_t* total);
  Result<RectificationView> GetRectification(const accounts::Actor& actor, const std::string& id,
                                             const RequestContext& ctx = {});
  // verify_real, verify_not_real, rectify, reply, call_back, close (each with a note) as
  // rating::RectificationCaseType allows. kAborted "version.stale" when if_match differs.
  // "rerate" is refused here (kInvalidArgument rating.rerate_with_level): use Rerate.
  Result<RectificationView> Act(const accounts::Actor& actor, const std::string& id,
                                const caseflow::Command& command, std::int64_t if_match,
                                const RequestContext& ctx);
  // The applicant's rating after the call-back: stores a "rerating" and moves the case to
  // rerated. Same field errors as Rate.
  Result<RectificationView> Rerate(const accounts::Actor& actor, const std::string& id,
                                   const rating::RatingInput& input, std::int64_t if_match,
                                   const RequestContext& ctx);

  // Gives every concluded case unrated for policy.default_after (at `now`) its default
  // rating (policy.default_level, channel "system", is_default), in transactions of at
  // most 200 cases. Returns how many were rated. Safe to run concurrently with raters: a
  // case rated meanwhile is skipped (its unique key), not failed.
  Result<int> ApplyDefaultRatings(Instant now);

  // Public figures (no login): kInvalidArgument "rating.period_format" for a bad period.
  Result<RatingStats> Stats(const RatingStatsQuery& query);

 private:
  Result<RectificationView> ViewOf(UnitOfWork& tx, RectificationRecord record,
                                   const accounts::Actor* actor);
  bool CanSeeRectification(const accounts::Actor& actor, const RectificationRecord& r) const;

  Store& store_;
  Crypto& crypto_;
  const Clock& clock_;
  const calendar::WorkingCalendar& calendar_;
  rating::RatingPolicy policy_;
};

// "2025", "2025-10", "2025-Q4" as the half-open day range [first, last + 1); "" → nullopt.
// kInvalidArgument "rating.period_format" otherwise.
Result<std::optional<std::pair<Date, Date>>> ParseRatingPeriod(std::string_view period);

}  // namespace zt::service
