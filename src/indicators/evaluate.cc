#include "zt/indicators/evaluate.h"

#include <cmath>

namespace zt::indicators {
namespace {

// Item fields as text, for filters.
std::string ItemField(const catalog::ServiceItem& item, std::string_view field) {
  if (field == "online") return item.online ? "true" : "false";
  if (field == "case_kind") return std::string(catalog::CaseKindName(item.case_kind));
  if (field == "type") return std::string(catalog::ItemTypeName(item.type));
  if (field == "has_statutory_limit") return item.statutory_limit_wd > 0 ? "true" : "false";
  return {};
}

double ItemSum(const catalog::ServiceItem& item, std::string_view field) {
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
  return kNone;
}

}  // namespace

std::optional<double> RoundValue(Rounding rounding, double numerator, std::int64_t denominator) {
  if (rounding == Rounding::kCount) return numerator;
  if (denominator == 0) return std::nullopt;
  double scale = rounding == Rounding::kPercentHalfUp1 ? 1000.0 : 10.0;
  double integral = std::round(numerator);
  if (numerator == integral && std::abs(integral) < 4e15 / scale) {
    // Exact in integers: tenths = round_half_up(scale · n / d).
    auto n = static_cast<std::int64_t>(integral) * static_cast<std::int64_t>(scale);
    std::int64_t tenths = (2 * n + denominator) / (2 * denominator);
    return static_cast<double>(tenths) / 10.0;
  }
  // A fractional numerator (a sum of ratios): the epsilon absorbs binary noise such as
  // 0.1249999… for an exact 12.5, as catalog::CatalogIndicators does.
  return std::floor(scale * numerator / static_cast<double>(denominator) + 0.5 + 1e-9) / 10.0;
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
      total += t.kind == Term::Kind::kCount ? static_cast<double>(row.count)
                                            : static_cast<double>(row.working_days);
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
