// File: registry.h
//
// The indicator registry: every figure zhengtong reports, declared as data. A definition's
// formula is text (numerator and denominator, each a sum of terms over catalogue items or
// case events), parsed and validated when the registry loads, so that a formula naming an
// unknown event action or field is refused with its name rather than silently counting 0.
//
//   term        := count(SOURCE [where FILTER {and FILTER}])
//                | sum(FIELD of SOURCE [where FILTER {and FILTER}])
//   expression  := term {+ term}
//   SOURCE      := items | <event action>        (application.accepted, ...)
//   FILTER      := FIELD=VALUE
//
//   auto registry = zt::indicators::DefaultRegistry();      // validated built-ins
//   const Definition* d = registry.Find("case.on_time_rate");
//   // d->numerator.terms[0]: count of application.concluded where on_time=yes
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "zt/core/error.h"

namespace zt::indicators {

// STANDARDS.md §3: 事项口径 counts catalogue items, 办件口径 counts cases.
enum class Basis { kItems, kCases, kArea };
std::string_view BasisName(Basis b);  // "items" | "cases" | "area"

// How a value is rounded. Percentages and ratios round half-up to one decimal (the
// default; visits per case to two); counts are the numerator itself. kPercentile90 is not a
// ratio: the value is the nearest-rank 90th percentile of the working days taken by the cases
// the numerator counts (read from the counters' per-day buckets), with that count as the
// denominator.
enum class Rounding { kPercentHalfUp1, kDecimalHalfUp1, kCount, kDecimalHalfUp2, kPercentile90 };
// "percent_half_up_1" | "decimal_half_up_1" | "count" | "decimal_half_up_2" | "p90_working_days"
std::string_view RoundingName(Rounding r);

struct Term {
  enum class Kind { kCount, kSum };
  Kind kind = Kind::kCount;
  std::string source;                                        // "items" or an event action
  std::string field;                                         // summed field (kSum only)
  std::vector<std::pair<std::string, std::string>> filters;  // field = value, all must hold
  std::string ToString() const;                              // canonical text, as parsed
};

struct Expression {
  std::vector<Term> terms;  // added together
  std::string ToString() const;
};

// The text form of a definition, as declared.
struct DefinitionText {
  std::string id;  // stable: "case.on_time_rate"
  std::string name_zh;
  std::string name_en;
  std::string description;
  std::string basis;        // "items" | "cases" | "area"
  std::string numerator;    // expression text
  std::string denominator;  // expression text; empty for counts
  std::string rounding = "percent_half_up_1";
  int version = 1;
  std::string scope = "region,department";  // dimensions the value may be narrowed by
  std::string area;  // for basis "area": the area that reports it ("licences", ...)
};

struct Definition {
  std::string id;
  std::string name_zh;
  std::string name_en;
  std::string description;
  Basis basis = Basis::kCases;
  Expression numerator;
  std::optional<Expression> denominator;  // absent for counts
  Rounding rounding = Rounding::kPercentHalfUp1;
  int version = 1;
  std::vector<std::string> scope;
  std::string area;
  // "numerator ÷ denominator" in the canonical form, with the basis.
  std::string FormulaText() const;
};

// The fields a filter or sum may name, per source kind.
std::span<const std::string_view> ItemFilterFields();  // online, case_kind, type, ...
std::span<const std::string_view> ItemSumFields();     // statutory_limit_wd, ...
std::span<const std::string_view> CaseFilterFields();  // channel, case_kind, on_time, ...
std::span<const std::string_view> CaseSumFields();     // working_days, visits
// Event actions counters know (the application case type's events).
const std::vector<std::string>& CaseEventActions();

// Parses an expression; errors are kInvalidArgument "indicator.formula_syntax",
// "indicator.unknown_action" or "indicator.unknown_field", each naming what was wrong.
Result<Expression> ParseExpression(std::string_view text);

class Registry {
 public:
  const std::vector<Definition>& definitions() const { return definitions_; }
  const Definition* Find(std::string_view id) const;

 private:
  friend Result<Registry> LoadRegistry(std::span<const DefinitionText> texts);
  std::vector<Definition> definitions_;
};

// Validates every definition (ids unique, names present, basis/rounding known, formulas
// parse and name only known actions and fields, terms match the basis). The first error
// names the indicator: "indicator case.x: unknown event action 'application.foo'".
Result<Registry> LoadRegistry(std::span<const DefinitionText> texts);

// The built-in definitions (catalogue and application cases) as declared text.
std::span<const DefinitionText> BuiltinDefinitions();
// The built-ins, loaded; aborts at startup only if the built-in text itself is broken
// (a unit test loads it too).
const Registry& DefaultRegistry();

}  // namespace zt::indicators
