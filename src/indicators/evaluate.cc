#include "zt/indicators/evaluate.h"

#include <cmath>

#include "zt/catalog/standard.h"
#include "zt/core/region_code.h"

namespace zt::indicators {
namespace {

std::string Flag(bool b) { return b ? "true" : "false"; }

// Item fields as text, for filters.
std::string ItemField(const catalog::ServiceItem& item, std::string_view field) {
  const catalog::ItemElements& e = item.elements;
  if (field == "online") return Flag(item.online);
  if (field == "case_kind") return std::string(catalog::CaseKindName(item.case_kind));
  if (field == "type") return std::string(catalog::ItemTypeName(item.type));
  if (field == "has_statutory_limit") return Flag(item.statutory_limit_wd > 0);
  if (field == "online_depth") return std::string(catalog::OnlineDepthName(e.online_depth));
  if (field == "onsite_visits") return std::to_string(e.onsite_visits);
  if (field == "at_most_one_visit") return Flag(e.onsite_visits <= 1);
  if (field == "one_window") return Flag(e.one_window);
  if (field == "tolerance") return Flag(e.tolerance);
  if (field == "notification_commitment") return Flag(e.notification_commitment);
  if (field == "level") return ItemLevel(item);
  return {};
}

// 免提交: an electronic licence or shared data can replace the material.
bool Exempt(const catalog::Material& m) {
  return !m.licence_type_code.empty() || !m.shared_data.empty();
}

// The item's own materials and those of every situation (办理情形).
template <typename Count>
double CountMaterials(const catalog::ServiceItem& item, Count counts) {
  double n = 0;
  for (const auto& m : item.materials) n += counts(m) ? 1 : 0;
  for (const auto& s : item.elements.situations) {
    for (const auto& m : s.materials) n += counts(m) ? 1 : 0;
  }
  return n;
}

double ItemSum(const catalog::ServiceItem& item, std::string_view field) {
  if (field == "material_count") {
    return CountMaterials(item, [](const catalog::Material&) { return true; });
  }
  if (field == "exempt_material_count") return CountMaterials(item, Exempt);
  if (field == "statutory_limit_wd") return item.statutory_limit_wd;
  if (field == "promised_limit_wd") return item.promised_limit_wd;
  if (field == "saved_limit_wd") return item.statutory_limit_wd - item.promised_limit_wd;
  if (field == "saved_limit_ratio" && item.statutory_limit_wd > 0) {
    return static_cast<double>(item.statutory_limit_wd - item.promised_limit_wd) /
           item.statutory_limit_wd;
  }
  return 0;
}

const std::string& RowField(const CounterRow& row, std::string_view field) {
  static const std::string kNone;
  if (field == "channel") return row.channel;
  if (field == "case_kind") return row.case_kind;
  if (field == "on_time") return row.on_time;
  if (field == "front_desk") return row.front_desk;
  if (field == "tongban") return row.tongban;
  if (field == "in_person") return row.in_person;
  return kNone;
}

}  // namespace

std::string ItemLevel(const catalog::ServiceItem& item) {
  auto code = RegionCode::Parse(item.region_code);
  if (!code) return {};
  auto level = catalog::LevelOfRegion(RegionLevelName(code->level()));
  return level ? std::string(catalog::LevelName(*level)) : std::string();
}

std::optional<double> RoundValue(Rounding rounding, double numerator, std::int64_t denominator) {
  if (rounding == Rounding::kCount) return numerator;
  if (denominator == 0) return std::nullopt;
  if (rounding == Rounding::kPercentile90) return numerator;  // the percentile itself
  // The result counts units of 1/`digits` (tenths, or hundredths for two decimals).
  double digits = rounding == Rounding::kDecimalHalfUp2 ? 100.0 : 10.0;
  double scale = rounding == Rounding::kPercentHalfUp1 ? 1000.0 : digits;
  double integral = std::round(numerator);
  if (numerator == integral && std::abs(integral) < 4e15 / scale) {
    // Exact in integers: units = round_half_up(scale · n / d).
    auto n = static_cast<std::int64_t>(integral) * static_cast<std::int64_t>(scale);
    std::int64_t units = (2 * n + denominator) / (2 * denominator);
    return static_cast<double>(units) / digits;
  }
  // A fractional numerator (a sum of ratios): the epsilon absorbs binary noise such as
  // 0.1249999… for an exact 12.5, as catalog::CatalogIndicators does.
  return std::floor(scale * numerator / static_cast<double>(denominator) + 0.5 + 1e-9) / digits;
}

bool ItemMatches(const Term& t, const catalog::ServiceItem& item) {
  for (const auto& [field, value] : t.filters) {
    if (ItemField(item, field) != value) return false;
  }
  return true;
}

bool RowMatches(const Term& t, const CounterRow& row) {
  if (row.action != t.source) return false;
  for (const auto& [field, value] : t.filters) {
    if (RowField(row, field) != value) return false;
  }
  return true;
}

double EvaluateCases(const Expression& e, std::span<const CounterRow> rows) {
  double total = 0;
  for (const Term& t : e.terms) {
    for (const CounterRow& row : rows) {
      if (!RowMatches(t, row)) continue;
      if (t.kind == Term::Kind::kCount) {
        total += static_cast<double>(row.count);
      } else {
        total += static_cast<double>(t.field == "visits" ? row.visits : row.working_days);
      }
    }
  }
  return total;
}

double EvaluateItems(const Expression& e, std::span<const catalog::ServiceItem> items) {
  double total = 0;
  for (const Term& t : e.terms) {
    for (const auto& item : items) {
      if (!ItemMatches(t, item)) continue;
      total += t.kind == Term::Kind::kCount ? 1.0 : ItemSum(item, t.field);
    }
  }
  return total;
}

Value Evaluate(const Definition& d, std::span<const CounterRow> rows,
               std::span<const catalog::ServiceItem> items) {
  Value v;
  v.id = d.id;
  v.name_zh = d.name_zh;
  v.name_en = d.name_en;
  v.basis = d.basis;
  v.formula = d.FormulaText();
  v.rounding = d.rounding;
  v.version = d.version;
  v.area = d.area;
  if (d.basis == Basis::kArea) {
    v.has_denominator = false;
    return v;  // filled from the area's own report
  }
  auto eval = [&](const Expression& e) {
    return d.basis == Basis::kItems ? EvaluateItems(e, items) : EvaluateCases(e, rows);
  };
  if (d.rounding == Rounding::kPercentile90) {
    // A percentile cannot be added up from sums: each counter row of a concluded case is one
    // bucket (days_taken, count) of the histogram it is read from.
    std::vector<std::pair<std::int64_t, std::int64_t>> buckets;
    for (const Term& t : d.numerator.terms) {
      for (const CounterRow& row : rows) {
        if (RowMatches(t, row) && row.days_taken >= 0)
          buckets.emplace_back(row.days_taken, row.count);
      }
    }
    v.has_denominator = true;
    for (const auto& [days, count] : buckets) v.denominator += count;
    auto p90 = NearestRankPercentile(std::move(buckets), 90);
    v.numerator = p90 ? static_cast<double>(*p90) : 0.0;
    if (p90) v.value = static_cast<double>(*p90);
    return v;
  }
  // Sums of ratios keep 6 decimals (as zt::Indicator documents); counts stay integral.
  v.numerator = std::round(eval(d.numerator) * 1e6) / 1e6;
  v.has_denominator = d.denominator.has_value();
  if (d.denominator) v.denominator = static_cast<std::int64_t>(std::llround(eval(*d.denominator)));
  v.value = RoundValue(d.rounding, v.numerator, v.denominator);
  return v;
}

std::vector<Value> EvaluateAll(const Registry& r, std::span<const CounterRow> rows,
                               std::span<const catalog::ServiceItem> items) {
  std::vector<Value> out;
  for (const auto& d : r.definitions()) {
    if (d.basis == Basis::kArea) continue;
    out.push_back(Evaluate(d, rows, items));
  }
  return out;
}

Value FromAreaIndicator(const Indicator& figure, std::string_view area) {
  Value v;
  v.id = figure.key;
  v.name_zh = figure.name_zh;
  v.name_en = figure.key;
  v.basis = Basis::kArea;
  v.value = figure.value;
  v.numerator = figure.numerator;
  v.denominator = figure.denominator;
  // Counts come as value == numerator with denominator 0 or 1 (the areas differ); anything
  // else is a percentage over its denominator.
  bool count = figure.value && *figure.value == figure.numerator &&
               (figure.denominator == 0 || figure.denominator == 1);
  v.has_denominator = !count;
  if (count) v.denominator = 0;
  // zt::Indicator carries percentages (with a denominator) and plain counts (without).
  v.rounding = v.has_denominator ? Rounding::kPercentHalfUp1 : Rounding::kCount;
  v.formula = figure.formula;
  v.area = std::string(area);
  return v;
}

}  // namespace zt::indicators
