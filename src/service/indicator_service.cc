#include "zt/service/indicator_service.h"

#include <algorithm>

#include "zt/catalog/standard.h"
#include "zt/core/region_code.h"
#include "zt/service/catalog_service.h"

namespace zt::service {
namespace {

using indicators::Basis;
using indicators::CounterRow;

auto NotAllowed() {
  return Fail(ErrorCode::kPermissionDenied, "indicator.not_allowed",
              "indicators are for bureau managers and departmental staff");
}

// 00:00 China Standard Time of a civil date.
Instant StartOfDayCst(Date d) {
  return Instant(std::chrono::duration_cast<std::chrono::milliseconds>(
      d.sys_days().time_since_epoch() - std::chrono::hours(8)));
}

Status CheckPeriod(Date from, Date to) {
  if (to < from) return FieldFail("/to", "indicator.period", "the period ends before it starts");
  if (to.days_since_epoch() - from.days_since_epoch() > 3660) {
    return FieldFail("/to", "indicator.period", "a period spans at most ten years");
  }
  return Ok();
}

// The catalogue as it stood on `date`: each item's version then in force
// (catalog::InForceAt), read by the same store query as CatalogService::Figures(as_of), so
// a value for a past period keeps its figures when items change later. `level` ("" for
// all) keeps the items implemented at that level.
Result<std::vector<catalog::ServiceItem>> ItemsInForce(UnitOfWork& tx, Date date,
                                                       const std::string& prefix,
                                                       const std::string& department,
                                                       const std::string& level) {
  VersionsInForceQuery query{date, prefix, DepartmentId(department)};
  ZT_ASSIGN_OR_RETURN(auto versions, tx.catalog().VersionsInForce(query));
  std::vector<catalog::ServiceItem> items;
  items.reserve(versions.size());
  for (auto& v : versions) {
    if (!level.empty() && indicators::ItemLevel(v.content) != level) continue;
    catalog::ServiceItem item = std::move(v.content);
    item.status = catalog::ItemStatus::kPublished;
    item.version = v.number;  // the content version in force
    items.push_back(std::move(item));
  }
  return items;
}

Status CheckLevel(const std::string& level) {
  if (level.empty() || catalog::ParseLevel(level)) return Ok();
  return FieldFail("/level", "indicator.level", "level is province, city, county, town or village");
}

void MergeRows(std::vector<CounterRow>& into, std::vector<CounterRow> more) {
  into.insert(into.end(), std::make_move_iterator(more.begin()),
              std::make_move_iterator(more.end()));
}

}  // namespace

void IndicatorService::RegisterArea(std::string area, AreaSource source) {
  areas_[std::move(area)] = std::move(source);
}

std::vector<std::string> IndicatorService::areas() const {
  std::vector<std::string> out;
  for (const auto& [name, source] : areas_) out.push_back(name);
  return out;
}

Result<IndicatorService::Scope> IndicatorService::ResolveScope(const accounts::Actor& actor,
                                                               const ValueQuery& query) const {
  if (actor.role != accounts::Role::kBureauManager && !accounts::IsDepartmentalRole(actor.role)) {
    return NotAllowed();
  }
  ZT_RETURN_IF_ERROR(CheckPeriod(query.from, query.to));
  ZT_RETURN_IF_ERROR(CheckLevel(query.level));
  Scope scope;
  scope.level = query.level;
  scope.item_id = query.item_id;
  std::string region = query.region_code.empty() ? actor.region_code : query.region_code;
  auto wanted = RegionCode::Parse(region);
  if (!wanted) return FieldFail("/region", "region.format", "not a region code");
  auto own = RegionCode::Parse(actor.region_code);
  if (actor.role == accounts::Role::kBureauManager) {
    if (!own || !own->Contains(*wanted)) {
      return Fail(ErrorCode::kPermissionDenied, "indicator.out_of_scope",
                  "the region lies outside the manager's");
    }
    scope.department_id = query.department_id;
  } else if (accounts::IsDepartmentalRole(actor.role)) {
    if (!own || !own->Contains(*wanted) ||
        (!query.department_id.empty() && query.department_id != actor.department_id.value())) {
      return Fail(ErrorCode::kPermissionDenied, "indicator.out_of_scope",
                  "departmental staff read their own department's figures");
    }
    scope.department_id = actor.department_id.value();
  } else {
    return NotAllowed();
  }
  scope.region_code = region;
  scope.region_prefix = RegionScopePrefix(region);
  return scope;
}

Result<std::vector<CounterRow>> IndicatorService::ReadCounters(IndicatorStore& store,
                                                               const Scope& scope, Date from,
                                                               Date to,
                                                               const std::string& group_by) {
  // Whole months come from the monthly rows, the days at either end from the daily rows.
  indicators::PeriodSplit split = indicators::SplitPeriod(from, to);
  std::vector<CounterRow> rows;
  CounterQuery q;
  q.region_prefix = scope.region_prefix;
  q.department_id = scope.department_id;
  q.item_id = scope.item_id;
  // The counters know the level of the case's region, in the catalogue's words.
  q.level = scope.level;
  q.group_by = group_by;
  if (split.month_range) {
    q.grain = CounterQuery::Grain::kMonth;
    q.from = split.month_range->first;
    q.to = split.month_range->second;
    ZT_ASSIGN_OR_RETURN(auto part, store.SumCounters(q));
    MergeRows(rows, std::move(part));
  }
  for (const auto& [day_from, day_to] : split.day_ranges) {
    q.grain = CounterQuery::Grain::kDay;
    q.from = day_from;
    q.to = day_to;
    ZT_ASSIGN_OR_RETURN(auto part, store.SumCounters(q));
    MergeRows(rows, std::move(part));
  }
  return rows;
}

Result<IndicatorValues> IndicatorService::ComputeValues(UnitOfWork& tx,
                                                        const accounts::Actor& actor,
                                                        const std::string& region_code,
                                                        const std::string& department_id, Date from,
                                                        Date to, const std::string& level,
                                                        const std::string& item_id) {
  Scope scope{region_code, RegionScopePrefix(region_code), department_id, level, item_id};
  IndicatorValues out{region_code, department_id, from, to};
  ZT_ASSIGN_OR_RETURN(auto rows, ReadCounters(tx.indicators(), scope, from, to, ""));
  ZT_ASSIGN_OR_RETURN(
      auto items, ItemsInForce(tx, ReportingDate(to), scope.region_prefix, department_id, level));
  if (!item_id.empty())
    std::erase_if(items, [&](const auto& i) { return i.id.value() != item_id; });
  out.values = indicators::EvaluateAll(registry_, rows, items);
  (void)actor;
  return out;
}

Date IndicatorService::ReportingDate(Date to) const {
  Date today = CivilDateCst(clock_.Now());
  return to < today ? to : today;
}

std::vector<indicators::Value> IndicatorService::AreaValues(const accounts::Actor& actor,
                                                            const ValueQuery& query) {
  std::vector<indicators::Value> out;
  // The area services apply their own scope; narrow the actor to the region asked for
  // (already checked to lie inside the actor's own).
  accounts::Actor narrowed = actor;
  if (!query.region_code.empty()) narrowed.region_code = query.region_code;
  for (const auto& [area, source] : areas_) {
    auto figures = source(narrowed, query);
    if (!figures) continue;
    for (const Indicator& f : *figures) out.push_back(indicators::FromAreaIndicator(f, area));
  }
  return out;
}

Result<IndicatorValues> IndicatorService::Values(const accounts::Actor& actor,
                                                 const ValueQuery& query) {
  ZT_ASSIGN_OR_RETURN(Scope scope, ResolveScope(actor, query));
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto frozen,
                      tx->indicators().FindSnapshot(scope.region_code, scope.department_id,
                                                    query.from.ToString(), query.to.ToString()));
  // A snapshot holds the values of every level; one level's are computed (the catalogue
  // part from the versions in force on the reporting date, which later changes leave alone).
  if (frozen && scope.level.empty() && scope.item_id.empty()) {
    IndicatorValues out{scope.region_code, scope.department_id, query.from, query.to, true,
                        frozen->frozen_at};
    for (const auto& s : frozen->values) {
      indicators::Value v;
      v.id = s.indicator_id;
      v.version = s.version;
      v.value = s.value;
      v.numerator = s.numerator;
      v.denominator = s.denominator;
      v.formula = s.formula;
      if (const auto* d = registry_.Find(s.indicator_id)) {
        v.name_zh = d->name_zh;
        v.name_en = d->name_en;
        v.basis = d->basis;
        v.rounding = d->rounding;
        v.has_denominator = d->denominator.has_value();
      } else {
        v.basis = Basis::kArea;
        v.name_zh = v.name_en = s.indicator_id;
      }
      out.values.push_back(std::move(v));
    }
    return out;
  }
  ZT_ASSIGN_OR_RETURN(auto out, ComputeValues(*tx, actor, scope.region_code, scope.department_id,
                                              query.from, query.to, scope.level, scope.item_id));
  tx.reset();  // the areas read in transactions of their own
  ValueQuery scoped{scope.region_code, scope.department_id, query.from, query.to};
  for (auto& v : AreaValues(actor, scoped)) out.values.push_back(std::move(v));
  return out;
}

Result<std::vector<ValueGroup>> IndicatorService::Breakdown(const accounts::Actor& actor,
                                                            const ValueQuery& query,
                                                            std::string_view group_by) {
  if (group_by != "month" && group_by != "department" && group_by != "region") {
    return FieldFail("/group", "indicator.group_by", "group by month, department or region");
  }
  ZT_ASSIGN_OR_RETURN(Scope scope, ResolveScope(actor, query));
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto rows, ReadCounters(tx->indicators(), scope, query.from, query.to,
                                              std::string(group_by)));
  ZT_ASSIGN_OR_RETURN(auto items, ItemsInForce(*tx, ReportingDate(query.to), scope.region_prefix,
                                               scope.department_id, scope.level));
  std::map<std::string, std::vector<CounterRow>> by_group;
  std::map<std::string, std::vector<catalog::ServiceItem>> items_by_group;
  std::map<std::string, std::string> labels;
  if (group_by == "month") {
    // Every month of the period, so that a month without events shows as such.
    for (Date d = query.from; d <= query.to; d = d.AddDays(1)) {
      by_group[d.ToString().substr(0, 7)];
    }
  } else if (group_by == "department") {
    ZT_ASSIGN_OR_RETURN(auto departments, tx->ListDepartments(scope.region_prefix));
    for (const auto& d : departments) {
      if (!scope.department_id.empty() && d.id.value() != scope.department_id) continue;
      by_group[d.id.value()];
      labels[d.id.value()] = d.name;
    }
    for (const auto& item : items) items_by_group[item.department_id.value()].push_back(item);
  } else {
    ZT_ASSIGN_OR_RETURN(auto regions, tx->ListRegions());
    for (const auto& r : regions) {
      labels[r.code] = r.name;
      if (r.parent_code == scope.region_code && scope.department_id.empty()) by_group[r.code];
    }
    for (const auto& item : items) items_by_group[item.region_code].push_back(item);
  }
  for (auto& row : rows) by_group[row.group].push_back(std::move(row));
  std::vector<ValueGroup> out;
  for (auto& [key, group_rows] : by_group) {
    ValueGroup g{key, labels.contains(key) ? labels[key] : key, {}};
    // Catalogue figures by month would repeat the reporting date's items for every month:
    // left out.
    std::span<const catalog::ServiceItem> group_items;
    if (group_by != "month") group_items = items_by_group[key];
    for (const auto& d : registry_.definitions()) {
      if (d.basis == Basis::kArea || (group_by == "month" && d.basis == Basis::kItems)) continue;
      g.values.push_back(indicators::Evaluate(d, group_rows, group_items));
    }
    out.push_back(std::move(g));
  }
  return out;
}

Result<std::vector<IndicatorRecord>> IndicatorService::Records(const accounts::Actor& actor,
                                                               std::string_view id,
                                                               std::string_view part,
                                                               const ValueQuery& query, int limit) {
  const indicators::Definition* d = registry_.Find(id);
  if (d == nullptr || d->basis == Basis::kArea) {
    return Fail(ErrorCode::kNotFound, "indicator.not_found", "no such indicator");
  }
  if (part != "numerator" && part != "denominator") {
    return FieldFail("/part", "indicator.part", "part is numerator or denominator");
  }
  if (part == "denominator" && !d->denominator) {
    return FieldFail("/part", "indicator.part", "a count has no denominator");
  }
  limit = std::clamp(limit, 1, 1000);
  ZT_ASSIGN_OR_RETURN(Scope scope, ResolveScope(actor, query));
  const indicators::Expression& e = part == "numerator" ? d->numerator : *d->denominator;
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  std::vector<IndicatorRecord> out;
  if (d->basis == Basis::kItems) {
    ZT_ASSIGN_OR_RETURN(auto items, ItemsInForce(*tx, ReportingDate(query.to), scope.region_prefix,
                                                 scope.department_id, scope.level));
    for (const auto& t : e.terms) {
      for (const auto& item : items) {
        if (static_cast<int>(out.size()) >= limit) return out;
        if (!scope.item_id.empty() && item.id.value() != scope.item_id) continue;
        if (!indicators::ItemMatches(t, item)) continue;
        out.push_back({"item", item.id.value(), item.code, item.name, item.department_id.value(),
                       item.region_code, std::nullopt, t.ToString()});
      }
    }
    return out;
  }
  for (const auto& t : e.terms) {
    FactQuery fq;
    fq.action = t.source;
    fq.from = StartOfDayCst(query.from);
    fq.to = StartOfDayCst(query.to.AddDays(1));
    fq.region_prefix = scope.region_prefix;
    fq.department_id = scope.department_id;
    fq.item_id = scope.item_id;
    // Attribute and level filters apply after the read: read more than needed, then trim.
    fq.limit = t.filters.empty() && scope.level.empty() ? limit : 10000;
    ZT_ASSIGN_OR_RETURN(auto facts, tx->indicators().ListFacts(fq));
    for (const auto& f : facts) {
      if (static_cast<int>(out.size()) >= limit) return out;
      if (!scope.level.empty() && f.key.level != scope.level) continue;
      CounterRow row{f.key.action,      f.key.channel, f.key.case_kind, f.key.on_time, "", 1,
                     f.key.working_days};
      row.front_desk = f.key.front_desk;
      row.tongban = f.key.tongban;
      row.in_person = f.key.in_person;
      row.days_taken = f.key.days_taken;
      row.visits = f.key.visits;
      if (!indicators::RowMatches(t, row)) continue;
      out.push_back({"application_event", f.object_id, f.receipt_no, f.item_name,
                     f.key.department_id, f.key.region_code, f.at, t.ToString()});
    }
  }
  return out;
}

Result<IndicatorValues> IndicatorService::Freeze(const accounts::Actor& actor,
                                                 const ValueQuery& query,
                                                 const RequestContext& ctx) {
  if (actor.role != accounts::Role::kBureauManager) return NotAllowed();
  ZT_ASSIGN_OR_RETURN(Scope scope, ResolveScope(actor, query));
  if (!scope.level.empty()) {
    // A snapshot holds every level's values (FindSnapshot is keyed without the level).
    return FieldFail("/level", "indicator.level", "a period is frozen for every level at once");
  }
  if (!scope.item_id.empty()) {
    return FieldFail("/item_id", "indicator.item_frozen",
                     "a period is frozen for every item at once");
  }
  Instant now = clock_.Now();
  if (StartOfDayCst(query.to.AddDays(1)) > now) {
    return FieldFail("/to", "indicator.period_open", "a period is frozen after it has ended");
  }
  ValueQuery scoped{scope.region_code, scope.department_id, query.from, query.to};
  auto area_values = AreaValues(actor, scoped);  // before this transaction: see AreaValues
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto existing,
                      tx->indicators().FindSnapshot(scope.region_code, scope.department_id,
                                                    query.from.ToString(), query.to.ToString()));
  if (existing) {
    return Fail(ErrorCode::kAlreadyExists, "indicator.already_frozen",
                "this period was frozen before");
  }
  ZT_ASSIGN_OR_RETURN(auto values, ComputeValues(*tx, actor, scope.region_code, scope.department_id,
                                                 query.from, query.to));
  for (auto& v : area_values) values.values.push_back(std::move(v));
  Snapshot s{scope.region_code,
             scope.department_id,
             query.from.ToString(),
             query.to.ToString(),
             now,
             actor.account_id,
             {}};
  for (const auto& v : values.values) {
    s.values.push_back({v.id, v.version, v.value, v.numerator, v.denominator, v.formula});
  }
  ZT_RETURN_IF_ERROR(tx->indicators().InsertSnapshot(s));
  EventDraft e;
  e.at = now;
  e.action = "indicators.frozen";
  e.object_type = "indicator_snapshot";
  e.object_id = scope.region_code + "/" + scope.department_id + "/" + s.from + "/" + s.to;
  e.actor_id = actor.account_id;
  e.actor_role = std::string(accounts::RoleName(actor.role));
  e.actor_region = actor.region_code;
  e.request_id = ctx.request_id;
  e.source_ip = ctx.source_ip;
  e.details.push_back({"values", std::to_string(s.values.size())});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_RETURN_IF_ERROR(tx->Commit());
  values.frozen = true;
  values.frozen_at = now;
  return values;
}

Result<CounterCheck> IndicatorService::CheckCounters(const accounts::Actor& actor, bool repair,
                                                     const RequestContext& ctx) {
  if (actor.role != accounts::Role::kBureauManager && actor.role != accounts::Role::kSystemAdmin) {
    return NotAllowed();
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto stored, tx->indicators().ListCounters());
  ZT_ASSIGN_OR_RETURN(auto fresh, tx->indicators().RecomputeCounters());
  CounterCheck check;
  check.stored_rows = static_cast<std::int64_t>(stored.size());
  check.recomputed_rows = static_cast<std::int64_t>(fresh.size());
  check.equal = stored == fresh;
  if (!check.equal) {
    std::size_t i = 0;
    while (i < stored.size() && i < fresh.size() && stored[i] == fresh[i]) ++i;
    const StoredCounter& c = i < stored.size() ? stored[i] : fresh[i];
    check.first_difference = c.grain + " " + c.period + " " + c.key.action + " " +
                             c.key.region_code + " " + c.key.department_id;
  }
  if (repair && !check.equal) {
    ZT_RETURN_IF_ERROR(tx->indicators().RebuildCounters());
    EventDraft e;
    e.at = clock_.Now();
    e.action = "indicators.counters_rebuilt";
    e.object_type = "indicator_counters";
    e.object_id = "all";
    e.actor_id = actor.account_id;
    e.actor_role = std::string(accounts::RoleName(actor.role));
    e.actor_region = actor.region_code;
    e.request_id = ctx.request_id;
    e.source_ip = ctx.source_ip;
    e.details.push_back({"first_difference", check.first_difference});
    ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
    ZT_RETURN_IF_ERROR(tx->Commit());
  }
  return check;
}

}  // namespace zt::service
