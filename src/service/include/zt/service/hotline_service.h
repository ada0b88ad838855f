// File: hotline_service.h
//
// The 12345 hotline (docs/hotline.md): agents take matters and either answer them from the
// knowledge base (直接办结) or dispatch a work order, routed by category and region to a
// department; the department accepts or returns it, asks for an extension, replies; the
// centre decides disputes and extensions, calls the citizen back and closes the order as
// resolved or unresolved. Every write is one unit of work with its event.
//
//   HotlineService hotline(store, crypto, clock, calendar::WorkingCalendar::China());
//   auto view = hotline.Intake(agent, {.draft = d, .disposition = "dispatch"}, ctx);
//   hotline.Act(department_staff, view->record.id, {"accept", {}}, view->record.version, ctx);
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "zt/accounts/roles.h"
#include "zt/calendar/calendar.h"
#include "zt/core/error.h"
#include "zt/hotline/figures.h"
#include "zt/hotline/knowledge.h"
#include "zt/hotline/matters.h"
#include "zt/hotline/work_order.h"
#include "zt/service/hotline_store.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::service {

struct IntakeRequest {
  hotline::IntakeDraft draft;
  std::string disposition = "dispatch";  // "answer" (直接办结) | "dispatch"
  std::string article_id;                // answer: the article relied on (optional)
  std::string answer;                    // answer: what the caller was told (required)
  DepartmentId department_id;            // dispatch: overrides the routing rules when set
  std::string external_id;               // Open311 / import reference
};

struct OrderStep {
  std::string action;  // "hotline.accepted"
  Instant at{};
  std::string actor_role;
  std::string note;
};

struct OrderView {
  hotline::WorkOrder record;  // caller fields already masked when `masked`
  bool masked = true;
  std::string department_name;
  std::string type_name_zh;
  std::vector<std::string> allowed_transitions;  // for the caller
  std::vector<OrderStep> steps;
  std::vector<hotline::DuplicateHit> duplicates;  // possible duplicates (open orders)
  bool overdue = false;
  bool needs_escalation = false;
};

// The centre's supervision view (督办): overdue orders, disputes (退单 awaiting a decision),
// extensions to decide, replies awaiting a call-back, urgent orders not signed for in time.
struct Supervision {
  std::vector<OrderView> overdue;
  std::vector<OrderView> disputes;
  std::vector<OrderView> extensions;
  std::vector<OrderView> call_backs_due;
  std::vector<OrderView> escalations;
};

struct FiguresQuery {
  std::string region_code;  // inside the caller's region; "" for the caller's region
  Date from;                // receipt days, inclusive
  Date to;
  DepartmentId department_id;  // "" for all departments (and the per-department rows)
  bool basic_counts_as_satisfied = true;
};

struct DepartmentFiguresRow {
  DepartmentId department_id;
  std::string department_name;
  hotline::Figures figures;  // work-order rates of that department's orders
};

struct HotlineFigures {
  hotline::Figures total;
  std::vector<DepartmentFiguresRow> departments;
};

// One historical work order to import (docs/hotline.md, "Import").
struct ImportRow {
  std::int64_t row_no = 0;  // 1-based data row of the file, for the report
  std::string number;       // original number, kept; "" to number it anew
  std::string received_at;  // RFC 3339
  IntakeRequest request;
  std::string final_state;  // "answered" | "dispatched" | ... | "closed_resolved" | ...
  std::string replied_at;   // RFC 3339 or ""
  std::string closed_at;
  std::string satisfaction;
};

struct ImportRowError {
  std::int64_t row = 0;  // 1-based data row
  std::string pointer;
  std::string key;
  std::string detail;
};

struct ImportReport {
  std::int64_t rows = 0;
  std::int64_t imported = 0;
  std::vector<ImportRowError> errors;  // the first 1000
  std::int64_t error_count = 0;
};

class HotlineService {
 public:
  HotlineService(Store& store, Crypto& crypto, const Clock& clock,
                 const calendar::WorkingCalendar& calendar,
                 std::vector<hotline::TypeRule> type_rules = hotline::DefaultTypeRules(),
                 std::vector<hotline::Category> categories = hotline::DefaultCategories());

  const std::vector<hotline::TypeRule>& type_rules() const { return type_rules_; }
  const std::vector<hotline::Category>& categories() const { return categories_; }

  // An agent records a matter. Bad input (no type, invalid or unknown region, …) is refused
  // with field errors and nothing written; kFailedPrecondition "hotline.no_route" when no
  // routing rule names a department and none was given.
  Result<OrderView> Intake(const accounts::Actor& agent, const IntakeRequest& request,
                           const RequestContext& ctx);
  // A matter filed by the public (Open311, web form): always dispatched by the routing rules.
  Result<OrderView> SubmitPublic(const IntakeRequest& request, const RequestContext& ctx);
  // A transition of the work-order case type; `if_match` must equal the version.
  // An order the caller may not see (another department's, another region's) is kNotFound
  // and audited, so a department that does not hold it is refused with nothing written.
  Result<OrderView> Act(const accounts::Actor& actor, const CaseId& id,
                        const caseflow::Command& command, std::int64_t if_match,
                        const RequestContext& ctx);
  Result<OrderView> Get(const accounts::Actor& actor, const CaseId& id,
                        const RequestContext& ctx = {});
  // The public status by number (Open311): no caller data, no content.
  Result<OrderView> PublicStatus(std::string_view number_or_id);
  Result<Page<OrderView>> List(const accounts::Actor& actor, OrderQuery query);
  Result<std::vector<OrderView>> ListPublic(int limit);
  Result<Supervision> Supervise(const accounts::Actor& actor);
  // Duplicate hints while the agent types (nothing written).
  Result<std::vector<hotline::DuplicateHit>> Duplicates(const accounts::Actor& agent,
                                                        const hotline::IntakeDraft& draft);

  // Knowledge base: a new article (empty id) or a new version of one; supervisors only.
  Result<hotline::Article> PublishArticle(const accounts::Actor& actor, hotline::Article article,
                                          const RequestContext& ctx);
  Result<std::vector<hotline::Article>> SearchKnowledge(const accounts::Actor& actor,
                                                        std::string_view query);
  Result<std::vector<hotline::Article>> ArticleHistory(const accounts::Actor& actor,
                                                       std::string_view id);

  Status PutRoutingRule(const accounts::Actor& actor, const hotline::RoutingRule& rule,
                        const RequestContext& ctx);
  Result<std::vector<hotline::RoutingRule>> RoutingRules(const accounts::Actor& actor);
  // The telephony feed (calls in, calls answered) for one day and line.
  Status RecordCalls(const accounts::Actor& actor, const CallCountRow& row,
                     const RequestContext& ctx);
  Result<HotlineFigures> Figures(const accounts::Actor& actor, const FiguresQuery& query);

  // Historical work orders in batches of `batch_size` rows, one transaction (and one event)
  // per batch; invalid rows are reported and skipped. `progress(done, total)` after each batch.
  Result<ImportReport> Import(const accounts::Actor& actor, const std::vector<ImportRow>& rows,
                              int batch_size,
                              const std::function<void(std::int64_t, std::int64_t)>& progress,
                              const RequestContext& ctx);

 private:
  struct Prepared;
  Result<Prepared> Prepare(UnitOfWork& tx, const accounts::Actor* agent,
                           const IntakeRequest& request, Instant received_at);
  Result<OrderView> IntakeAs(const accounts::Actor* agent, const IntakeRequest& request,
                             const RequestContext& ctx);
  Result<OrderView> ViewOf(UnitOfWork& tx, hotline::WorkOrder record, const accounts::Actor* actor,
                           bool with_steps);
  bool CanRead(const accounts::Actor& actor, const hotline::WorkOrder& order) const;
  const hotline::TypeRule& RuleOf(const hotline::WorkOrder& order) const;

  Store& store_;
  Crypto& crypto_;
  const Clock& clock_;
  const calendar::WorkingCalendar& calendar_;
  std::vector<hotline::TypeRule> type_rules_;
  std::vector<hotline::Category> categories_;
};

// The import file's columns, by header name (docs/hotline.md, "Import"); order is free, the
// header row is required, unknown columns are refused.
inline constexpr const char* kImportColumns[] = {
    "number",      "received_at",   "source",      "caller_name",   "caller_phone",
    "matter_type", "category_code", "region_code", "address",       "title",
    "content",     "urgent",        "disposition", "department_id", "answer",
    "state",       "replied_at",    "closed_at",   "satisfaction"};
// Parses one CSV text (header row first) into rows numbered from `first_row_no`.
// kInvalidArgument "hotline.import_header" when the header lacks a column or names an
// unknown one; "csv.*" for malformed CSV.
Result<std::vector<ImportRow>> ParseImportCsv(std::string_view text, std::int64_t first_row_no = 1);
// Splits the data part of a CSV text (after the header) into chunks of at most `records`
// records each, cutting only at record ends (quoted newlines stay inside their record).
std::vector<std::string_view> SplitCsvRecords(std::string_view data, std::size_t records);

// Whether the actor may see callers' numbers and names (the centre's own staff).
bool SeesCallerIdentity(const accounts::Actor& actor);

}  // namespace zt::service
