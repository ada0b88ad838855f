#include "zt/service/rating_service.h"

#include <algorithm>
#include <map>
#include <set>

#include "zt/rating/indicators.h"
#include "zt/rating/rectification.h"
#include "zt/service/audit.h"
#include "zt/service/catalog_service.h"

namespace zt::service {
namespace {

using accounts::Actor;
using accounts::Role;
using caseflow::ApplicationCase;

constexpr int kSweepBatch = 200;
constexpr int kStatsPage = 5000;

auto CaseNotFound() {
  return Fail(ErrorCode::kNotFound, "application.not_found", "no such application");
}
auto RectificationNotFound() {
  return Fail(ErrorCode::kNotFound, "rectification.not_found", "no such rectification case");
}

bool IsApplicant(const Actor& actor, const ApplicationCase& c) {
  if (actor.role != Role::kCitizen) return false;
  if (!c.applicant_account.empty()) return c.applicant_account == actor.account_id;
  // Filed at the window for a walk-in: the applicant is known by the ID number.
  return !actor.id_number.empty() && c.applicant_id_number == actor.id_number;
}

EventDraft Event(Instant at, std::string action, std::string object_type, std::string object_id,
                 const Actor* actor, const RequestContext& ctx) {
  if (actor != nullptr) {
    return ActorEvent(at, std::move(action), std::move(object_type), std::move(object_id), *actor,
                      ctx);
  }
  // The default-rating sweep acts as the system.
  EventDraft e =
      ActorEvent(at, std::move(action), std::move(object_type), std::move(object_id), Actor{}, ctx);
  e.actor_id = AccountId("system");
  e.actor_role = "system";
  return e;
}

RatingRecord RatingOf(const ApplicationCase& c, std::string id, std::string kind) {
  RatingRecord r;
  r.id = std::move(id);
  r.case_id = c.id;
  r.kind = std::move(kind);
  r.receipt_no = c.receipt_no;
  r.item_id = c.item_id;
  r.item_name = c.item_name;
  r.department_id = c.department_id;
  r.region_code = c.region_code;
  // The case records the clerk who accepted it (handler_id, set by the accept transition).
  r.clerk_id = c.handler_id;
  r.concluded_at = c.concluded_at.value_or(c.submitted_at);
  return r;
}

void AddRatingDetails(EventDraft& e, const RatingRecord& r) {
  e.details.push_back({"case_id", r.case_id.value()});
  e.details.push_back({"kind", r.kind});
  e.details.push_back({"level", std::to_string(r.level)});
  e.details.push_back({"channel", r.channel});
  e.details.push_back({"department_id", r.department_id.value()});
  if (!r.rectification_id.empty()) e.details.push_back({"rectification_id", r.rectification_id});
}

// Midnight (CST) at the start of `d` as an instant.
Instant StartOfDayCst(Date d) {
  return Instant(
      std::chrono::duration_cast<std::chrono::milliseconds>(d.sys_days().time_since_epoch()) -
      std::chrono::hours(8));
}

bool ParseDigits(std::string_view s, int& out) {
  if (s.empty()) return false;
  out = 0;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return false;
    out = out * 10 + (ch - '0');
  }
  return true;
}

}  // namespace

Result<std::optional<std::pair<Date, Date>>> ParseRatingPeriod(std::string_view period) {
  using Range = std::optional<std::pair<Date, Date>>;
  if (period.empty()) return Range();
  auto bad = [] {
    return FieldFail("period", "rating.period_format", "period is YYYY, YYYY-MM or YYYY-Qn (1..4)");
  };
  int year = 0;
  if (period.size() < 4 || !ParseDigits(period.substr(0, 4), year) || year < 1900) return bad();
  unsigned first_month = 1, months = 12;
  if (period.size() == 4) {
    // the whole year
  } else if (period.size() == 7 && period[4] == '-' && period[5] == 'Q' && period[6] >= '1' &&
             period[6] <= '4') {
    first_month = 1 + 3 * static_cast<unsigned>(period[6] - '1');
    months = 3;
  } else if (period.size() == 7 && period[4] == '-') {
    int month = 0;
    if (!ParseDigits(period.substr(5, 2), month) || month < 1 || month > 12) return bad();
    first_month = static_cast<unsigned>(month);
    months = 1;
  } else {
    return bad();
  }
  auto first = Date::FromYmd(year, first_month, 1);
  unsigned end_month = first_month + months;
  auto end = end_month > 12 ? Date::FromYmd(year + 1, end_month - 12, 1)
                            : Date::FromYmd(year, end_month, 1);
  if (!first || !end) return bad();
  return Range(std::pair<Date, Date>{*first, *end});
}

bool RatingService::CanSeeRectification(const Actor& actor, const RectificationRecord& r) const {
  if (actor.role == Role::kCitizen) {
    return !r.applicant_account.empty() && r.applicant_account == actor.account_id;
  }
  return accounts::CanSeeDepartmentRecord(actor, r.region_code, r.department_id);
}

Result<CaseRatings> RatingService::Rate(const Actor& actor, const CaseId& case_id,
                                        const rating::RatingInput& input,
                                        const RequestContext& ctx) {
  if (actor.role != Role::kCitizen) {
    return Fail(ErrorCode::kPermissionDenied, "rating.applicant_only",
                "only the applicant rates an application");
  }
  ZT_ASSIGN_OR_RETURN(rating::Level level, rating::ValidateRatingInput(policy_, input));
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindCase(case_id));
  if (!found || !IsApplicant(actor, *found)) {
    return AuditDenied(store_, clock_, actor, "application", case_id.value(), ctx, CaseNotFound(),
                       tx);
  }
  if (found->state != "concluded") {
    return Fail(ErrorCode::kFailedPrecondition, "rating.case_not_concluded",
                "only a concluded application can be rated (it is " + found->state + ")");
  }
  RatingQuery existing;
  existing.case_id = case_id;
  existing.kind = "initial";
  existing.limit = 1;
  ZT_ASSIGN_OR_RETURN(auto earlier, tx->ratings().ListRatings(existing, nullptr));
  auto already = [] {
    return Fail(ErrorCode::kAlreadyExists, "rating.already_rated",
                "this application has been rated; a case is rated once");
  };
  if (!earlier.empty()) return already();

  RatingRecord r = RatingOf(*found, NewId(crypto_, "rt_"), "initial");
  r.window_id = input.window_id;
  r.rater_account = actor.account_id;
  r.level = rating::Score(level);
  r.tags = input.tags;
  r.comment = input.comment;
  r.channel = input.channel;
  r.rated_at = now;
  std::optional<RectificationRecord> rect;
  if (rating::IsBad(level)) {
    ZT_ASSIGN_OR_RETURN(Date due, rating::RectificationDue(calendar_, now, policy_));
    RectificationRecord x;
    x.id = NewId(crypto_, "rf_");
    x.rating_id = r.id;
    x.case_id = found->id;
    x.receipt_no = found->receipt_no;
    x.item_id = found->item_id;
    x.item_name = found->item_name;
    x.department_id = found->department_id;
    x.region_code = found->region_code;
    x.applicant_account = actor.account_id;
    x.state = rating::RectificationCaseType().initial_state;
    x.version = 1;
    x.level = r.level;
    x.opened_at = now;
    x.due = due;
    r.rectification_id = x.id;
    rect = std::move(x);
  }
  if (auto inserted = tx->ratings().InsertRating(r); !inserted) {
    if (inserted.error().code() == ErrorCode::kAlreadyExists) return already();
    return std::unexpected(inserted.error());
  }
  auto rated = Event(now, "rating.rated", "rating", r.id, &actor, ctx);
  AddRatingDetails(rated, r);
  ZT_RETURN_IF_ERROR(tx->AppendEvent(rated));
  if (rect) {
    ZT_RETURN_IF_ERROR(tx->ratings().InsertRectification(*rect));
    auto opened = Event(now, "rectification.opened", "rectification", rect->id, &actor, ctx);
    opened.details.push_back({"rating_id", r.id});
    opened.details.push_back({"case_id", rect->case_id.value()});
    opened.details.push_back({"department_id", rect->department_id.value()});
    opened.details.push_back({"due", rect->due.ToString()});
    opened.details.push_back({"state", rect->state});
    opened.details.push_back({"version", "1"});
    ZT_RETURN_IF_ERROR(tx->AppendEvent(opened));
  }
  CaseRatings out;
  out.case_id = case_id;
  out.initial = r;
  if (rect) {
    ZT_ASSIGN_OR_RETURN(auto view, ViewOf(*tx, *rect, &actor));
    out.rectification = std::move(view);
  }
  ZT_RETURN_IF_ERROR(tx->Commit());
  return out;
}

Result<CaseRatings> RatingService::OfCase(const Actor& actor, const CaseId& case_id,
                                          const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindCase(case_id));
  bool applicant = found && IsApplicant(actor, *found);
  if (!found || (!applicant && (actor.role == Role::kCitizen ||
                                !accounts::CanSeeDepartmentRecord(actor, found->region_code,
                                                                  found->department_id)))) {
    return AuditDenied(store_, clock_, actor, "application", case_id.value(), ctx, CaseNotFound(),
                       tx);
  }
  RatingQuery q;
  q.case_id = case_id;
  q.limit = 10;
  ZT_ASSIGN_OR_RETURN(auto ratings, tx->ratings().ListRatings(q, nullptr));
  CaseRatings out;
  out.case_id = case_id;
  for (auto& r : ratings) {
    if (r.kind == "initial")
      out.initial = std::move(r);
    else if (r.kind == "rerating")
      out.rerating = std::move(r);
  }
  out.can_rate = applicant && found->state == "concluded" && !out.initial;
  if (out.initial && !out.initial->rectification_id.empty()) {
    ZT_ASSIGN_OR_RETURN(auto rect, tx->ratings().FindRectification(out.initial->rectification_id));
    if (rect) {
      ZT_ASSIGN_OR_RETURN(auto view, ViewOf(*tx, std::move(*rect), &actor));
      out.rectification = std::move(view);
    }
  }
  return out;
}

Result<std::vector<RatingRecord>> RatingService::List(const Actor& actor, RatingQuery query,
                                                      std::int64_t* total) {
  if (accounts::IsDepartmentalRole(actor.role)) {
    query.region_prefix = RegionScopePrefix(actor.region_code);
    query.department_id = actor.department_id;
  } else if (actor.role == Role::kBureauManager) {
    query.region_prefix = RegionScopePrefix(actor.region_code);
  } else {
    return Fail(ErrorCode::kPermissionDenied, "rating.list_not_allowed",
                "rating lists are for the rated departments and the bureau");
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  return tx->ratings().ListRatings(query, total);
}

Result<std::vector<RectificationView>> RatingService::ListRectifications(const Actor& actor,
                                                                         RectificationQuery query,
                                                                         std::int64_t* total) {
  if (actor.role == Role::kCitizen) {
    query.applicant_account = actor.account_id;
    query.region_prefix.clear();
    query.department_id = DepartmentId();
  } else if (accounts::IsDepartmentalRole(actor.role)) {
    query.region_prefix = RegionScopePrefix(actor.region_code);
    query.department_id = actor.department_id;
  } else if (actor.role == Role::kBureauManager) {
    query.region_prefix = RegionScopePrefix(actor.region_code);
  } else {
    return Fail(ErrorCode::kPermissionDenied, "rectification.list_not_allowed",
                "this role handles no rectification cases");
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto records, tx->ratings().ListRectifications(query, total));
  std::vector<RectificationView> out;
  for (auto& r : records) {
    ZT_ASSIGN_OR_RETURN(auto view, ViewOf(*tx, std::move(r), &actor));
    view.steps.clear();
    out.push_back(std::move(view));
  }
  return out;
}

Result<RectificationView> RatingService::GetRectification(const Actor& actor, const std::string& id,
                                                          const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->ratings().FindRectification(id));
  if (!found || !CanSeeRectification(actor, *found)) {
    return AuditDenied(store_, clock_, actor, "rectification", id, ctx, RectificationNotFound(),
                       tx);
  }
  return ViewOf(*tx, std::move(*found), &actor);
}

Result<RectificationView> RatingService::ViewOf(UnitOfWork& tx, RectificationRecord record,
                                                const Actor* actor) {
  RectificationView view;
  ZT_ASSIGN_OR_RETURN(auto department, tx.FindDepartment(record.department_id));
  view.department_name = department ? department->name : "";
  ZT_ASSIGN_OR_RETURN(auto events, tx.ListEventsFor("rectification", record.id));
  for (const auto& e : events) {
    if (e.event.result != "ok") continue;  // refused attempts (access.denied) are no steps
    RatingStep step{e.event.action, e.event.at, e.event.actor_role, ""};
    for (const auto& [k, v] : e.event.details) {
      if (k == "note") step.note = v;
    }
    view.steps.push_back(std::move(step));
  }
  if (actor != nullptr) {
    const auto& type = rating::RectificationCaseType();
    caseflow::CaseSnapshot snap{CaseId(record.id),  record.state,         record.version,
                                record.region_code, record.department_id, record.applicant_account};
    for (const auto& t : type.transitions) {
      caseflow::Command probe{t.name, {}};
      for (const auto& f : t.required_fields) probe.fields[f] = "x";
      if (caseflow::Decide(type, snap, probe, *actor)) view.allowed_transitions.push_back(t.name);
    }
  }
  view.overdue = !rating::IsReplied(record.state) && CivilDateCst(clock_.Now()) > record.due;
  ZT_ASSIGN_OR_RETURN(view.rating, tx.ratings().FindRating(record.rating_id));
  if (!record.rerating_id.empty()) {
    ZT_ASSIGN_OR_RETURN(view.rerating, tx.ratings().FindRating(record.rerating_id));
  }
  view.record = std::move(record);
  return view;
}

Result<RectificationView> RatingService::Act(const Actor& actor, const std::string& id,
                                             const caseflow::Command& command,
                                             std::int64_t if_match, const RequestContext& ctx) {
  if (command.transition == "rerate") {
    return FieldFail("/transition", "rating.rerate_with_level",
                     "the citizen rates again with a level: POST .../rerating");
  }
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->ratings().FindRectification(id));
  if (!found || !CanSeeRectification(actor, *found)) {
    return AuditDenied(store_, clock_, actor, "rectification", id, ctx, RectificationNotFound(),
                       tx);
  }
  if (found->version != if_match) {
    return Fail(ErrorCode::kAborted, "version.stale",
                "the rectification case has changed since it was read (version " +
                    std::to_string(found->version) + ")");
  }
  caseflow::CaseSnapshot snap{CaseId(found->id),  found->state,         found->version,
                              found->region_code, found->department_id, found->applicant_account};
  auto decided = caseflow::Decide(rating::RectificationCaseType(), snap, command, actor);
  if (!decided && decided.error().code() == ErrorCode::kPermissionDenied) {
    return AuditDenied(store_, clock_, actor, "rectification", id, ctx,
                       std::unexpected(decided.error()), tx);
  }
  ZT_ASSIGN_OR_RETURN(auto decision, std::move(decided));
  RectificationRecord r = *found;
  r.state = decision.to;
  r.version = found->version + 1;
  auto it = command.fields.find("note");
  std::string note = it == command.fields.end() ? "" : it->second;
  const std::string& t = decision.transition;
  if (t == "verify_real" || t == "verify_not_real") {
    r.verified_at = now;
    r.verification = t == "verify_real" ? "real" : "not_real";
    r.finding = note;
  } else if (t == "rectify") {
    r.rectified_at = now;
    r.measures = note;
  } else if (t == "reply") {
    r.replied_at = now;
    r.reply = note;
  } else if (t == "call_back") {
    r.called_back_at = now;
    r.call_back_note = note;
  } else if (t == "close") {
    r.finished_at = now;
  }
  ZT_RETURN_IF_ERROR(tx->ratings().UpdateRectification(r, found->version));
  auto e = Event(now, decision.event, "rectification", r.id, &actor, ctx);
  e.details.push_back({"state", r.state});
  e.details.push_back({"version", std::to_string(r.version)});
  if (!note.empty()) e.details.push_back({"note", note});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_ASSIGN_OR_RETURN(auto view, ViewOf(*tx, r, &actor));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return view;
}

Result<RectificationView> RatingService::Rerate(const Actor& actor, const std::string& id,
                                                const rating::RatingInput& input,
                                                std::int64_t if_match, const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(rating::Level level, rating::ValidateRatingInput(policy_, input));
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->ratings().FindRectification(id));
  if (!found || !CanSeeRectification(actor, *found)) {
    return AuditDenied(store_, clock_, actor, "rectification", id, ctx, RectificationNotFound(),
                       tx);
  }
  if (found->version != if_match) {
    return Fail(ErrorCode::kAborted, "version.stale",
                "the rectification case has changed since it was read (version " +
                    std::to_string(found->version) + ")");
  }
  caseflow::CaseSnapshot snap{CaseId(found->id),  found->state,         found->version,
                              found->region_code, found->department_id, found->applicant_account};
  ZT_ASSIGN_OR_RETURN(auto decision, caseflow::Decide(rating::RectificationCaseType(), snap,
                                                      {"rerate", {}}, actor));
  ZT_ASSIGN_OR_RETURN(auto first, tx->ratings().FindRating(found->rating_id));
  if (!first) return RectificationNotFound();
  RatingRecord r = *first;
  r.id = NewId(crypto_, "rt_");
  r.kind = "rerating";
  r.window_id = input.window_id;
  r.rater_account = actor.account_id;
  r.level = rating::Score(level);
  r.tags = input.tags;
  r.comment = input.comment;
  r.channel = input.channel;
  r.is_default = false;
  r.rated_at = now;
  r.rectification_id = found->id;
  if (auto inserted = tx->ratings().InsertRating(r); !inserted) {
    if (inserted.error().code() == ErrorCode::kAlreadyExists) {
      return Fail(ErrorCode::kAlreadyExists, "rating.already_rated",
                  "this application has been rated again already");
    }
    return std::unexpected(inserted.error());
  }
  RectificationRecord x = *found;
  x.state = decision.to;
  x.version = found->version + 1;
  x.rerating_id = r.id;
  x.finished_at = now;
  ZT_RETURN_IF_ERROR(tx->ratings().UpdateRectification(x, found->version));
  auto rated = Event(now, "rating.rerated", "rating", r.id, &actor, ctx);
  AddRatingDetails(rated, r);
  ZT_RETURN_IF_ERROR(tx->AppendEvent(rated));
  auto e = Event(now, decision.event, "rectification", x.id, &actor, ctx);
  e.details.push_back({"state", x.state});
  e.details.push_back({"version", std::to_string(x.version)});
  e.details.push_back({"level", std::to_string(r.level)});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_ASSIGN_OR_RETURN(auto view, ViewOf(*tx, x, &actor));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return view;
}

Result<int> RatingService::ApplyDefaultRatings(Instant now) {
  Instant cutoff = rating::DefaultRatingCutoff(now, policy_);
  int rated = 0;
  std::set<std::string> skipped;  // rated by someone else meanwhile (never loops forever)
  while (true) {
    ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
    ZT_ASSIGN_OR_RETURN(auto due, tx->ratings().ListUnratedConcluded(
                                      cutoff, kSweepBatch + static_cast<int>(skipped.size())));
    int fresh = 0;
    for (const auto& case_id : due) {
      if (skipped.count(case_id.value()) != 0) continue;
      ++fresh;
      ZT_ASSIGN_OR_RETURN(auto c, tx->FindCase(case_id));
      if (!c) continue;
      RatingRecord r = RatingOf(*c, NewId(crypto_, "rt_"), "initial");
      r.level = rating::Score(policy_.default_level);
      r.channel = std::string(rating::kDefaultChannel);
      r.is_default = true;
      r.rated_at = now;
      if (auto inserted = tx->ratings().InsertRating(r); !inserted) {
        if (inserted.error().code() != ErrorCode::kAlreadyExists) {
          return std::unexpected(inserted.error());
        }
        skipped.insert(case_id.value());
        continue;
      }
      auto e = Event(now, "rating.defaulted", "rating", r.id, nullptr, {});
      AddRatingDetails(e, r);
      ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
      ++rated;
      if (fresh >= kSweepBatch) break;
    }
    ZT_RETURN_IF_ERROR(tx->Commit());
    if (fresh < kSweepBatch) break;
  }
  return rated;
}

Result<RatingStats> RatingService::Stats(const RatingStatsQuery& query) {
  ZT_ASSIGN_OR_RETURN(auto range, ParseRatingPeriod(query.period));
  RatingQuery rq;
  if (!query.region_code.empty()) rq.region_prefix = RegionScopePrefix(query.region_code);
  rq.department_id = query.department_id;
  rq.item_id = query.item_id;
  rq.window_id = query.window_id;
  rq.kind = "initial";
  if (range) {
    rq.from = StartOfDayCst(range->first);
    rq.to = StartOfDayCst(range->second);
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  std::vector<RatingRecord> initial;
  for (rq.offset = 0;; rq.offset += kStatsPage) {
    rq.limit = kStatsPage;
    ZT_ASSIGN_OR_RETURN(auto page, tx->ratings().ListRatings(rq, nullptr));
    for (auto& r : page) initial.push_back(std::move(r));
    if (static_cast<int>(page.size()) < kStatsPage) break;
  }
  // Re-ratings belong to the period of the first rating they follow.
  std::map<std::string, int> rerating_of_case;
  {
    RatingQuery again = rq;
    again.kind = "rerating";
    again.from.reset();
    again.to.reset();
    for (again.offset = 0;; again.offset += kStatsPage) {
      again.limit = kStatsPage;
      ZT_ASSIGN_OR_RETURN(auto page, tx->ratings().ListRatings(again, nullptr));
      for (const auto& r : page) rerating_of_case[r.case_id.value()] = r.level;
      if (static_cast<int>(page.size()) < kStatsPage) break;
    }
  }
  RectificationQuery cq;
  cq.region_prefix = rq.region_prefix;
  cq.department_id = query.department_id;
  cq.item_id = query.item_id;
  if (range) {
    cq.from = StartOfDayCst(range->first);
    cq.to = StartOfDayCst(range->second);
  }
  std::vector<RectificationRecord> cases;
  for (cq.offset = 0;; cq.offset += kStatsPage) {
    cq.limit = kStatsPage;
    ZT_ASSIGN_OR_RETURN(auto page, tx->ratings().ListRectifications(cq, nullptr));
    for (auto& r : page) cases.push_back(std::move(r));
    if (static_cast<int>(page.size()) < kStatsPage) break;
  }
  if (!query.window_id.empty()) {
    // Rectification cases carry no window: keep those opened by this window's ratings.
    RatingQuery wq;
    wq.window_id = query.window_id;
    wq.kind = "initial";
    std::set<std::string> ids;
    for (wq.offset = 0;; wq.offset += kStatsPage) {
      wq.limit = kStatsPage;
      ZT_ASSIGN_OR_RETURN(auto page, tx->ratings().ListRatings(wq, nullptr));
      for (const auto& r : page) ids.insert(r.id);
      if (static_cast<int>(page.size()) < kStatsPage) break;
    }
    std::erase_if(cases, [&](const RectificationRecord& c) { return !ids.contains(c.rating_id); });
  }
  ZT_ASSIGN_OR_RETURN(auto departments, tx->ListDepartments(""));

  std::map<std::string, std::vector<rating::RatingFact>> rating_facts;
  std::map<std::string, std::vector<rating::RectificationFact>> case_facts;
  std::vector<rating::RatingFact> all_ratings;
  std::vector<rating::RectificationFact> all_cases;
  for (const auto& r : initial) {
    ZT_ASSIGN_OR_RETURN(rating::Level level, rating::LevelOfScore(r.level));
    rating::RatingFact f{level, r.is_default, std::nullopt};
    if (auto it = rerating_of_case.find(r.case_id.value()); it != rerating_of_case.end()) {
      ZT_ASSIGN_OR_RETURN(f.rerating, rating::LevelOfScore(it->second));
    }
    rating_facts[r.department_id.value()].push_back(f);
    all_ratings.push_back(f);
  }
  for (const auto& c : cases) {
    rating::RectificationFact f{c.due, std::nullopt, c.called_back_at.has_value()};
    if (c.replied_at) f.replied_on = CivilDateCst(*c.replied_at);
    case_facts[c.department_id.value()].push_back(f);
    all_cases.push_back(f);
  }
  RatingStats out;
  out.query = query;
  out.indicators = rating::ComputeIndicators(all_ratings, all_cases, policy_);
  if (query.department_id.empty()) {
    std::map<std::string, std::string> names;
    for (const auto& d : departments) names[d.id.value()] = d.name;
    std::set<std::string> rated;
    for (const auto& [id, _] : rating_facts) rated.insert(id);
    for (const auto& [id, _] : case_facts) rated.insert(id);
    for (const auto& id : rated) {
      out.departments.push_back(
          {DepartmentId(id), names[id],
           rating::ComputeIndicators(rating_facts[id], case_facts[id], policy_)});
    }
  }
  return out;
}

}  // namespace zt::service
