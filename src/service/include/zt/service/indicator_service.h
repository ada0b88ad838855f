// File: indicator_service.h
//
// Indicator values for a scope and period, read from the counters (cases) and the published
// items (catalogue), each with numerator, denominator, formula and version; the same values
// grouped by month, department or region for the dashboards; the records behind a number;
// freezing a period at its reporting date; and the check that the counters equal a
// recomputation from the event log.
//
//   IndicatorService indicators(store, clock);
//   auto v = indicators.Values(manager, {"440800", "", *ParseDate("2026-01-01"),
//                                        *ParseDate("2026-12-31")});
//
// Scope: a bureau manager reads any region inside theirs; departmental roles read their own
// department only; other roles are refused (kPermissionDenied "indicator.not_allowed").
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "zt/accounts/roles.h"
#include "zt/core/error.h"
#include "zt/core/indicator.h"
#include "zt/core/time.h"
#include "zt/indicators/evaluate.h"
#include "zt/indicators/registry.h"
#include "zt/service/indicator_store.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::service {

struct ValueQuery {
  std::string region_code;  // empty: the actor's region
  std::string department_id;
  Date from;
  Date to;  // inclusive
  // The 行使层级 of the region ("province" | "city" | "county" | "town" | "village"); empty
  // for all. Catalogue figures count only the items implemented at that level.
  std::string level;
  // One item's figures ("" for all): its cases' counter rows, and the item itself.
  std::string item_id;
};

struct IndicatorValues {
  std::string region_code;
  std::string department_id;
  Date from;
  Date to;
  bool frozen = false;
  std::optional<Instant> frozen_at;
  std::vector<indicators::Value> values;
};

// One group of a breakdown: a month ("2026-03"), a department or a region.
struct ValueGroup {
  std::string key;
  std::string label;
  std::vector<indicators::Value> values;
};

// A record behind a number.
struct IndicatorRecord {
  std::string kind;   // "application_event" | "item"
  std::string id;     // application id or item id
  std::string label;  // receipt number or item code
  std::string name;   // item name
  std::string department_id;
  std::string region_code;
  std::optional<Instant> at;  // event instant
  std::string term;           // the formula term it counts for
};

struct CounterCheck {
  std::int64_t stored_rows = 0;
  std::int64_t recomputed_rows = 0;
  bool equal = true;
  std::string first_difference;  // empty when equal
};

class IndicatorService {
 public:
  // An area's own figures (licences, ratings, hotline) for a scope and period; the area's
  // engineer exposes it and the binary registers it with RegisterArea.
  using AreaSource =
      std::function<Result<std::vector<Indicator>>(const accounts::Actor&, const ValueQuery&)>;

  IndicatorService(Store& store, const Clock& clock,
                   const indicators::Registry& registry = indicators::DefaultRegistry())
      : store_(store), clock_(clock), registry_(registry) {}

  const indicators::Registry& registry() const { return registry_; }
  void RegisterArea(std::string area, AreaSource source);
  std::vector<std::string> areas() const;

  // The values of every registered indicator; a frozen snapshot of exactly this scope and
  // period is returned as frozen. Errors: "indicator.period" (from after to, more than ten
  // years), "region.format", "indicator.out_of_scope", "indicator.not_allowed".
  Result<IndicatorValues> Values(const accounts::Actor& actor, const ValueQuery& query);
  // Live values grouped by "month", "department" or "region" (case and item indicators).
  Result<std::vector<ValueGroup>> Breakdown(const accounts::Actor& actor, const ValueQuery& query,
                                            std::string_view group_by);
  // The records behind `part` ("numerator" | "denominator") of indicator `id`, at most
  // `limit`. kNotFound "indicator.not_found" for an unknown id.
  Result<std::vector<IndicatorRecord>> Records(const accounts::Actor& actor, std::string_view id,
                                               std::string_view part, const ValueQuery& query,
                                               int limit = 200);
  // Freezes the values of the scope and period (bureau managers): later events no longer
  // change what Values returns for it. kAlreadyExists "indicator.already_frozen".
  Result<IndicatorValues> Freeze(const accounts::Actor& actor, const ValueQuery& query,
                                 const RequestContext& ctx);
  // Compares the stored counters with a recomputation from the event log (bureau managers
  // and system administrators); with `repair`, replaces them by the recomputation.
  Result<CounterCheck> CheckCounters(const accounts::Actor& actor, bool repair,
                                     const RequestContext& ctx);

  // The registered areas' figures for a scope already checked. Each area reads in its own
  // transaction, so call this while holding none (a write transaction is exclusive). An
  // area that cannot answer is left out rather than failing the rest.
  std::vector<indicators::Value> AreaValues(const accounts::Actor& actor, const ValueQuery& query);
  // The live case and item values, no scope check (for the report drafter, which checks
  // scope itself); the areas' figures are not included (AreaValues). Item values count the
  // catalogue as it stood on the reporting date (ReportingDate), of `level` when given.
  Result<IndicatorValues> ComputeValues(UnitOfWork& tx, const accounts::Actor& actor,
                                        const std::string& region_code,
                                        const std::string& department_id, Date from, Date to,
                                        const std::string& level = "",
                                        const std::string& item_id = "");
  // The date whose catalogue a period's item values count: the period's last day, or today
  // (CST) while the period has not ended (a version scheduled for later is not yet in force).
  Date ReportingDate(Date to) const;

 private:
  struct Scope {
    std::string region_code;
    std::string region_prefix;
    std::string department_id;
    std::string level;    // "" for every level
    std::string item_id;  // "" for every item
  };
  Result<Scope> ResolveScope(const accounts::Actor& actor, const ValueQuery& query) const;
  Result<std::vector<indicators::CounterRow>> ReadCounters(IndicatorStore& store,
                                                           const Scope& scope, Date from, Date to,
                                                           const std::string& group_by);

  Store& store_;
  const Clock& clock_;
  const indicators::Registry& registry_;
  std::map<std::string, AreaSource> areas_;
};

}  // namespace zt::service
