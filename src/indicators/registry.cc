#include "zt/indicators/registry.h"

#include <algorithm>
#include <set>

#include "zt/caseflow/application.h"

namespace zt::indicators {
namespace {

constexpr std::string_view kItemFilterFields[] = {"online",
                                                  "case_kind",
                                                  "type",
                                                  "has_statutory_limit",
                                                  "online_depth",
                                                  "onsite_visits",
                                                  "at_most_one_visit",
                                                  "one_window",
                                                  "tolerance",
                                                  "notification_commitment",
                                                  "level"};
// material_count / exempt_material_count: the item's materials (its own and every
// situation's) and those an electronic licence or shared data replaces (免提交).
constexpr std::string_view kItemSumFields[] = {"statutory_limit_wd", "promised_limit_wd",
                                               "saved_limit_wd",     "saved_limit_ratio",
                                               "material_count",     "exempt_material_count"};
constexpr std::string_view kCaseFilterFields[] = {"channel",    "case_kind", "on_time",
                                                  "front_desk", "tongban",   "in_person"};
constexpr std::string_view kCaseSumFields[] = {"working_days", "visits"};
template <std::size_t N>
bool Contains(const std::string_view (&list)[N], std::string_view s) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Splits on a separator word surrounded by spaces (" and ", " + ").
std::vector<std::string_view> SplitOn(std::string_view s, std::string_view sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t at = s.find(sep, start);
    if (at == std::string_view::npos) {
      out.push_back(Trim(s.substr(start)));
      return out;
    }
    out.push_back(Trim(s.substr(start, at - start)));
    start = at + sep.size();
  }
}

auto SyntaxError(std::string detail) {
  return Fail(ErrorCode::kInvalidArgument, "indicator.formula_syntax", std::move(detail));
}

Result<Term> ParseTerm(std::string_view text) {
  Term t;
  std::string_view body;
  if (text.starts_with("count(") && text.ends_with(")")) {
    t.kind = Term::Kind::kCount;
    body = text.substr(6, text.size() - 7);
  } else if (text.starts_with("sum(") && text.ends_with(")")) {
    t.kind = Term::Kind::kSum;
    body = text.substr(4, text.size() - 5);
  } else {
    return SyntaxError("a term is count(...) or sum(...), not '" + std::string(text) + "'");
  }
  std::string_view filters;
  if (std::size_t w = body.find(" where "); w != std::string_view::npos) {
    filters = Trim(body.substr(w + 7));
    body = Trim(body.substr(0, w));
    if (filters.empty())
      return SyntaxError("'where' without a filter in '" + std::string(text) + "'");
  }
  if (t.kind == Term::Kind::kSum) {
    std::size_t of = body.find(" of ");
    if (of == std::string_view::npos) {
      return SyntaxError("sum(FIELD of SOURCE) expected in '" + std::string(text) + "'");
    }
    t.field = std::string(Trim(body.substr(0, of)));
    body = Trim(body.substr(of + 4));
  }
  t.source = std::string(Trim(body));
  bool items = t.source == "items";
  const auto& actions = CaseEventActions();
  if (!items && std::find(actions.begin(), actions.end(), t.source) == actions.end()) {
    return Fail(ErrorCode::kInvalidArgument, "indicator.unknown_action",
                "unknown event action '" + t.source + "'");
  }
  if (t.kind == Term::Kind::kSum &&
      !(items ? Contains(kItemSumFields, t.field) : Contains(kCaseSumFields, t.field))) {
    return Fail(ErrorCode::kInvalidArgument, "indicator.unknown_field",
                "unknown field '" + t.field + "' to sum over " + t.source);
  }
  if (!filters.empty()) {
    for (std::string_view f : SplitOn(filters, " and ")) {
      std::size_t eq = f.find('=');
      if (eq == std::string_view::npos || eq == 0 || eq + 1 == f.size()) {
        return SyntaxError("a filter is FIELD=VALUE, not '" + std::string(f) + "'");
      }
      std::string field(Trim(f.substr(0, eq)));
      std::string value(Trim(f.substr(eq + 1)));
      if (!(items ? Contains(kItemFilterFields, field) : Contains(kCaseFilterFields, field))) {
        return Fail(ErrorCode::kInvalidArgument, "indicator.unknown_field",
                    "unknown field '" + field + "' of " + t.source);
      }
      t.filters.emplace_back(std::move(field), std::move(value));
    }
  }
  return t;
}

Result<Basis> ParseBasis(std::string_view s) {
  if (s == "items") return Basis::kItems;
  if (s == "cases") return Basis::kCases;
  if (s == "area") return Basis::kArea;
  return Fail(ErrorCode::kInvalidArgument, "indicator.unknown_basis",
              "unknown basis '" + std::string(s) + "'");
}

Result<Rounding> ParseRounding(std::string_view s) {
  if (s == "percent_half_up_1") return Rounding::kPercentHalfUp1;
  if (s == "decimal_half_up_1") return Rounding::kDecimalHalfUp1;
  if (s == "count") return Rounding::kCount;
  if (s == "decimal_half_up_2") return Rounding::kDecimalHalfUp2;
  if (s == "p90_working_days") return Rounding::kPercentile90;
  return Fail(ErrorCode::kInvalidArgument, "indicator.unknown_rounding",
              "unknown rounding rule '" + std::string(s) + "'");
}

Result<Definition> Load(const DefinitionText& text) {
  Definition d;
  d.id = text.id;
  d.name_zh = text.name_zh;
  d.name_en = text.name_en;
  d.description = text.description;
  d.version = text.version;
  d.area = text.area;
  if (d.id.empty() || d.name_zh.empty() || d.name_en.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "indicator.incomplete",
                "an id and both names are required");
  }
  if (d.version < 1) {
    return Fail(ErrorCode::kInvalidArgument, "indicator.version", "versions start at 1");
  }
  ZT_ASSIGN_OR_RETURN(d.basis, ParseBasis(text.basis));
  ZT_ASSIGN_OR_RETURN(d.rounding, ParseRounding(text.rounding));
  for (std::string_view s : SplitOn(text.scope, ",")) {
    if (s != "region" && s != "department" && s != "level" && s != "item") {
      return Fail(ErrorCode::kInvalidArgument, "indicator.unknown_scope",
                  "unknown scope '" + std::string(s) + "'");
    }
    d.scope.emplace_back(s);
  }
  if (d.basis == Basis::kArea) {
    // Reported by the area's own service; the registry records what it means.
    if (d.area.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "indicator.area",
                  "an area indicator names its area");
    }
    return d;
  }
  ZT_ASSIGN_OR_RETURN(d.numerator, ParseExpression(text.numerator));
  if (!text.denominator.empty()) {
    ZT_ASSIGN_OR_RETURN(auto den, ParseExpression(text.denominator));
    d.denominator = std::move(den);
  }
  bool no_denominator = d.rounding == Rounding::kCount || d.rounding == Rounding::kPercentile90;
  if (no_denominator == d.denominator.has_value()) {
    return Fail(ErrorCode::kInvalidArgument, "indicator.denominator",
                "a count or percentile has no denominator; a rate or ratio has one");
  }
  if (d.rounding == Rounding::kPercentile90 && d.basis != Basis::kCases) {
    return Fail(ErrorCode::kInvalidArgument, "indicator.rounding",
                "a percentile of working days is read from case counters");
  }
  // One basis per indicator: 事项口径 and 办件口径 are never mixed (STANDARDS.md §3).
  auto check = [&](const Expression& e) -> Status {
    for (const Term& t : e.terms) {
      if ((t.source == "items") != (d.basis == Basis::kItems)) {
        return Fail(
            ErrorCode::kInvalidArgument, "indicator.mixed_basis",
            "term '" + t.ToString() + "' does not match basis " + std::string(BasisName(d.basis)));
      }
    }
    return Ok();
  };
  ZT_RETURN_IF_ERROR(check(d.numerator));
  if (d.denominator) ZT_RETURN_IF_ERROR(check(*d.denominator));
  return d;
}

constexpr const char* kAccepted =
    "count(application.accepted) + count(application.accepted_with_tolerance) + "
    "count(application.handled_instantly)";
constexpr const char* kConcluded =
    "count(application.concluded) + count(application.handled_instantly)";
constexpr const char* kFullyOnline =
    "count(application.concluded where channel=online and in_person=no) + "
    "count(application.concluded where channel=mobile and in_person=no) + "
    "count(application.handled_instantly where channel=online and in_person=no) + "
    "count(application.handled_instantly where channel=mobile and in_person=no)";
// Case values may be narrowed to a region, a department, a level or one item.
constexpr const char* kCaseScope = "region,department,level,item";

// Catalogue figures may be narrowed by the level of the item's region as well.
constexpr const char* kItemScope = "region,department,level";

// The built-in registry. Case formulas count events in the period (by the CST day they
// were written); item formulas count the published items in scope at the time of reading.
const DefinitionText kBuiltins[] = {
    // 事项口径 (src/catalog/indicators.h computes the same four from items).
    {"item.online_rate", "网上可办率", "Items applicable online",
     "事项口径: published items that can be applied for online ÷ published items", "items",
     "count(items where online=true)", "count(items)", "percent_half_up_1", 1, kItemScope},
    {"item.instant_rate", "即办件比例（事项）", "Instant items",
     "事项口径: 即办件 items ÷ published items", "items", "count(items where case_kind=instant)",
     "count(items)", "percent_half_up_1", 1, kItemScope},
    {"item.time_compression_rate", "承诺时限压缩率（合计）", "Time-limit compression (total)",
     "事项口径: Σ(statutory − promised working days) ÷ Σ statutory working days, over items "
     "with a statutory limit",
     "items", "sum(saved_limit_wd of items where has_statutory_limit=true)",
     "sum(statutory_limit_wd of items where has_statutory_limit=true)", "percent_half_up_1", 1,
     kItemScope},
    {"item.time_compression_mean_rate", "承诺时限压缩率（逐项平均）",
     "Time-limit compression (mean of items)",
     "事项口径: mean over items with a statutory limit of (statutory − promised) ÷ statutory",
     "items", "sum(saved_limit_ratio of items where has_statutory_limit=true)",
     "count(items where has_statutory_limit=true)", "percent_half_up_1", 1, kItemScope},
    {"item.published", "公布事项数", "Published items", "事项口径: published items in scope",
     "items", "count(items)", "", "count", 1, kItemScope},
    // The extended catalogue figures (issue 3 item 8), over the same items in force.
    {"item.fully_online_rate", "全程网办率", "Items fully online",
     "事项口径: items whose online depth is fully online (全程网办) ÷ published items", "items",
     "count(items where online_depth=fully_online)", "count(items)", "percent_half_up_1", 1,
     kItemScope},
    {"item.zero_visit_rate", "零跑动事项比例", "Items with no visit",
     "事项口径: items that need no visit to the hall (零跑动) ÷ published items", "items",
     "count(items where onsite_visits=0)", "count(items)", "percent_half_up_1", 1, kItemScope},
    {"item.at_most_one_visit_rate", "最多跑一次事项比例", "Items with at most one visit",
     "事项口径: items that need at most one visit (最多跑一次, zero included) ÷ published items",
     "items", "count(items where at_most_one_visit=true)", "count(items)", "percent_half_up_1", 1,
     kItemScope},
    {"item.one_window_rate", "一窗受理事项比例", "Items accepted at the one window",
     "事项口径: items accepted at the comprehensive window (一窗受理) ÷ published items", "items",
     "count(items where one_window=true)", "count(items)", "percent_half_up_1", 1, kItemScope},
    {"item.tolerance_items", "容缺受理事项数", "Items with tolerance acceptance",
     "事项口径: published items where 容缺受理 applies", "items",
     "count(items where tolerance=true)", "", "count", 1, kItemScope},
    {"item.commitment_items", "告知承诺事项数", "Items with notification and commitment",
     "事项口径: published items where 告知承诺 applies", "items",
     "count(items where notification_commitment=true)", "", "count", 1, kItemScope},
    {"item.exempt_material_rate", "免提交材料比例", "Materials exempt from submission",
     "事项口径: materials an electronic licence or shared data replaces (免提交) ÷ all "
     "materials of published items (each item's own and every situation's)",
     "items", "sum(exempt_material_count of items)", "sum(material_count of items)",
     "percent_half_up_1", 1, kItemScope},
    // 办件口径: events of the application case type in the period. 受理 counts acceptance
    // with and without 容缺 and the 即办 handling that accepts and concludes at once; 办结
    // counts conclusion after a decision and 即办 (上报 and 终止 are counted apart).
    {"case.submitted", "申请量", "Applications received",
     "办件口径: applications submitted in the period", "cases", "count(application.submitted)", "",
     "count", 1, kCaseScope},
    {"case.accepted", "受理量", "Applications accepted",
     "办件口径: applications accepted in the period (容缺受理 and 即办 included)", "cases",
     kAccepted, "", "count", 1, kCaseScope},
    {"case.concluded", "办结量", "Applications concluded",
     "办件口径: applications concluded in the period (即办 included)", "cases", kConcluded, "",
     "count", 1, kCaseScope},
    {"case.conclusion_rate", "办结率", "Conclusion rate",
     "办件口径: concluded ÷ accepted in the period (a case accepted late in one period may "
     "conclude in the next)",
     "cases", kConcluded, kAccepted, "percent_half_up_1", 1, kCaseScope},
    {"case.on_time_rate", "按时办结率", "Concluded on time",
     "办件口径: concluded on or before the promised deadline ÷ concluded", "cases",
     "count(application.concluded where on_time=yes) + "
     "count(application.handled_instantly where on_time=yes)",
     kConcluded, "percent_half_up_1", 1, kCaseScope},
    {"case.instant_share", "即办件比例（办件）", "Instant cases",
     "办件口径: concluded cases of 即办件 items (promised 0 working days) ÷ concluded", "cases",
     "count(application.concluded where case_kind=instant) + "
     "count(application.handled_instantly where case_kind=instant)",
     kConcluded, "percent_half_up_1", 1, kCaseScope},
    {"case.online_rate", "网上申办率", "Applied for online",
     "办件口径: applications submitted online ÷ applications submitted (case.fully_online_share "
     "adds that the case ran without a visit)",
     "cases", "count(application.submitted where channel=online)", "count(application.submitted)",
     "percent_half_up_1", 1, kCaseScope},
    {"case.not_accepted_rate", "不予受理率", "Not accepted",
     "办件口径: applications not accepted ÷ accepted + not accepted", "cases",
     "count(application.not_accepted)",
     std::string(kAccepted) + " + count(application.not_accepted)", "percent_half_up_1", 1,
     kCaseScope},
    {"case.approval_rate", "准予率", "Approved",
     "办件口径: approved (告知承诺 included) ÷ approved + denied", "cases",
     "count(application.approved) + count(application.approved_on_commitment)",
     "count(application.approved) + count(application.approved_on_commitment) + "
     "count(application.denied)",
     "percent_half_up_1", 1, kCaseScope},
    {"case.avg_working_days", "平均办理用时（工作日）", "Average working days taken",
     "办件口径: Σ working days from acceptance to conclusion ÷ concluded", "cases",
     "sum(working_days of application.concluded) + "
     "sum(working_days of application.handled_instantly)",
     kConcluded, "decimal_half_up_1", 1, kCaseScope},
    // 一窗, 通办, 跑动 and 全程网办 (docs/appointments.md), read from the same counters: the
    // acceptance events carry front_desk, every event of a 通办 case its kind, and the
    // conclusions the case's trips and whether it had any visit.
    {"case.one_window_share", "一窗受理占比", "Accepted at the comprehensive window",
     "办件口径: cases accepted (容缺受理 and 即办 included) by a 一窗 front desk, or filed there, "
     "÷ cases accepted",
     "cases",
     "count(application.accepted where front_desk=yes) + "
     "count(application.accepted_with_tolerance where front_desk=yes) + "
     "count(application.handled_instantly where front_desk=yes)",
     kAccepted, "percent_half_up_1", 1, kCaseScope},
    {"case.tongban_city", "市内通办件数", "Filed in another district of the city (通办)",
     "办件口径: applications filed at a front desk of one district for an item of another "
     "district of the same city; counted in both regions, once in a region holding both",
     "cases", "count(application.submitted where tongban=city)", "", "count", 1, kCaseScope},
    {"case.tongban_province", "省内通办件数", "Filed in another city of the province (通办)",
     "办件口径: applications filed at a front desk of one city for an item of another city of "
     "the same province",
     "cases", "count(application.submitted where tongban=province)", "", "count", 1, kCaseScope},
    {"case.tongban_cross_province", "跨省通办件数", "Filed in another province (跨省通办)",
     "办件口径: applications filed at a front desk of one province for an item of another "
     "province",
     "cases", "count(application.submitted where tongban=cross_province)", "", "count", 1,
     kCaseScope},
    {"case.visits_per_case", "件均跑动次数", "Visits per concluded case",
     "办件口径: Σ trips of the applicant (visits on distinct days: filing at a window, check-in, "
     "acceptance at the counter, materials, collection) ÷ concluded, two decimals",
     "cases", "sum(visits of application.concluded) + sum(visits of application.handled_instantly)",
     kConcluded, "decimal_half_up_2", 1, kCaseScope},
    {"case.fully_online", "全程网办件数", "Concluded fully online",
     "办件口径: concluded cases applied for online or by mobile with no visit", "cases",
     kFullyOnline, "", "count", 1, kCaseScope},
    {"case.fully_online_share", "全程网办占比", "Share concluded fully online",
     "办件口径: concluded cases applied for online or by mobile with no visit ÷ concluded", "cases",
     kFullyOnline, kConcluded, "percent_half_up_1", 1, kCaseScope},
    {"case.p90_working_days", "90%分位办理用时（工作日）", "90th percentile of working days",
     "办件口径: the nearest-rank 90th percentile of the working days from acceptance to "
     "conclusion of the cases concluded in the period (read from per-day counter buckets)",
     "cases", kConcluded, "", "p90_working_days", 1, kCaseScope},
    // ---- Registration points for the areas that report their own figures ----------------
    // Licences, ratings and the hotline expose functions returning
    // std::vector<zt::Indicator>; IndicatorService::RegisterArea wires each in and its
    // values carry basis "area". Declare their definitions here as they land, e.g.
    //   {"licence.issued", "电子证照签发量", "Licences issued", "...", "area", "", "", "count",
    //    1, "region,department", "licences"},
};

}  // namespace

std::string_view BasisName(Basis b) {
  switch (b) {
    case Basis::kItems:
      return "items";
    case Basis::kCases:
      return "cases";
    case Basis::kArea:
      return "area";
  }
  return "cases";
}

std::string_view RoundingName(Rounding r) {
  switch (r) {
    case Rounding::kPercentHalfUp1:
      return "percent_half_up_1";
    case Rounding::kDecimalHalfUp1:
      return "decimal_half_up_1";
    case Rounding::kCount:
      return "count";
    case Rounding::kDecimalHalfUp2:
      return "decimal_half_up_2";
    case Rounding::kPercentile90:
      return "p90_working_days";
  }
  return "percent_half_up_1";
}

std::string Term::ToString() const {
  std::string s = kind == Kind::kCount ? "count(" : "sum(" + field + " of ";
  s += source;
  for (std::size_t i = 0; i < filters.size(); ++i) {
    s += i == 0 ? " where " : " and ";
    s += filters[i].first + "=" + filters[i].second;
  }
  return s + ")";
}

std::string Expression::ToString() const {
  std::string s;
  for (const Term& t : terms) {
    if (!s.empty()) s += " + ";
    s += t.ToString();
  }
  return s;
}

std::string Definition::FormulaText() const {
  if (basis == Basis::kArea) return "reported by " + area;
  if (rounding == Rounding::kPercentile90) {
    return "p90(days_taken of " + numerator.ToString() + ")";
  }
  if (!denominator) return numerator.ToString();
  auto grouped = [](const Expression& e) {
    return e.terms.size() > 1 ? "(" + e.ToString() + ")" : e.ToString();
  };
  return grouped(numerator) + " ÷ " + grouped(*denominator);
}

std::span<const std::string_view> ItemFilterFields() { return kItemFilterFields; }
std::span<const std::string_view> ItemSumFields() { return kItemSumFields; }
std::span<const std::string_view> CaseFilterFields() { return kCaseFilterFields; }
std::span<const std::string_view> CaseSumFields() { return kCaseSumFields; }
const std::vector<std::string>& CaseEventActions() {
  // Submission, and the event of every transition of the application case type
  // (data/case_types/application.toml), so a formula can name only what is written.
  static const std::vector<std::string> actions = [] {
    std::vector<std::string> out{"application.submitted"};
    for (const auto& t : caseflow::ApplicationCaseType().transitions) {
      if (std::find(out.begin(), out.end(), t.event) == out.end()) out.push_back(t.event);
    }
    return out;
  }();
  return actions;
}

Result<Expression> ParseExpression(std::string_view text) {
  Expression e;
  text = Trim(text);
  if (text.empty()) return SyntaxError("an empty formula");
  for (std::string_view part : SplitOn(text, " + ")) {
    ZT_ASSIGN_OR_RETURN(Term t, ParseTerm(part));
    e.terms.push_back(std::move(t));
  }
  return e;
}

const Definition* Registry::Find(std::string_view id) const {
  for (const auto& d : definitions_) {
    if (d.id == id) return &d;
  }
  return nullptr;
}

Result<Registry> LoadRegistry(std::span<const DefinitionText> texts) {
  Registry r;
  std::set<std::string> ids;
  for (const DefinitionText& t : texts) {
    auto d = Load(t);
    if (!d) {
      return Fail(ErrorCode::kInvalidArgument, d.error().key(),
                  "indicator " + t.id + ": " + d.error().detail());
    }
    if (!ids.insert(d->id).second) {
      return Fail(ErrorCode::kInvalidArgument, "indicator.duplicate_id",
                  "indicator " + t.id + ": declared twice");
    }
    r.definitions_.push_back(std::move(*d));
  }
  return r;
}

std::span<const DefinitionText> BuiltinDefinitions() { return kBuiltins; }

const Registry& DefaultRegistry() {
  static const Registry registry = [] {
    auto r = LoadRegistry(kBuiltins);
    if (!r) std::abort();  // the built-in text is tested; a broken build must not run
    return std::move(*r);
  }();
  return registry;
}

}  // namespace zt::indicators
