// File: evaluate.h
//
// Evaluates registry definitions: case formulas over aggregated counter rows, item formulas
// over catalogue items. Every value carries its numerator, denominator, formula and version.
//
//   auto values = EvaluateAll(DefaultRegistry(), counters, items);
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "zt/catalog/item.h"
#include "zt/core/indicator.h"
#include "zt/indicators/facts.h"
#include "zt/indicators/registry.h"

namespace zt::indicators {

struct Value {
  std::string id;
  std::string name_zh;
  std::string name_en;
  Basis basis = Basis::kCases;
  std::optional<double> value;  // nullopt when the denominator is 0
  double numerator = 0;
  std::int64_t denominator = 0;  // 0 for counts
  bool has_denominator = true;
  std::string formula;
  Rounding rounding = Rounding::kPercentHalfUp1;
  int version = 1;
  std::string area;  // for area-reported values
};

// Half-up rounding to one decimal of numerator ÷ denominator (× 100 for percentages),
// exact for integral numerators; nullopt when the denominator is 0.
std::optional<double> RoundValue(Rounding rounding, double numerator, std::int64_t denominator);

// Σ over the terms of the expression.
double EvaluateCases(const Expression& e, std::span<const CounterRow> rows);
double EvaluateItems(const Expression& e, std::span<const catalog::ServiceItem> items);
// The level (行使层级) of the item's region: "province" | "city" | "county" | "town" |
// "village"; "" for a malformed region code.
std::string ItemLevel(const catalog::ServiceItem& item);
// Whether an item / a counter row satisfies a term's filters.
bool ItemMatches(const Term& t, const catalog::ServiceItem& item);
bool RowMatches(const Term& t, const CounterRow& row);

Value Evaluate(const Definition& d, std::span<const CounterRow> rows,
               std::span<const catalog::ServiceItem> items);
std::vector<Value> EvaluateAll(const Registry& r, std::span<const CounterRow> rows,
                               std::span<const catalog::ServiceItem> items);

// An area's reported figure (licences, ratings, hotline) as a registry value.
Value FromAreaIndicator(const Indicator& figure, std::string_view area);

}  // namespace zt::indicators
