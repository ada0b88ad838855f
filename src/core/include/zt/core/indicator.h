// File: indicator.h
//
// One computed indicator value, the shape every area (catalogue, applications, licences,
// ratings, the hotline) reports its figures in, so that dashboards and the annual report
// read them alike. Numerator and denominator travel with the value: a reader can always
// recompute it, and 0 ÷ 0 is "no value", never 0%.
//
//   zt::Indicator{"online_rate", "网上可办率", zt::PercentHalfUp(2, 3), 2, 3,
//                 "事项口径: items that can be applied for online ÷ items"};  // 66.7
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace zt {

struct Indicator {
  std::string key;      // stable: "online_rate", "licence.issued", ...
  std::string name_zh;  // "网上可办率"
  // Percent rounded half-up to one decimal (or a plain count for counting indicators);
  // nullopt when the denominator is 0 (0 ÷ 0 is not 0%).
  std::optional<double> value;
  // Integral for the counting indicators; for a mean of per-record ratios it is the sum of
  // the ratios (each in 0..1) rounded to 6 decimals.
  double numerator = 0;
  std::int64_t denominator = 0;
  std::string formula;  // in words, with the basis
};

// Percent of numerator ÷ denominator rounded half-up to one decimal, exactly (integers,
// non-negative operands); nullopt when denominator is 0.
inline std::optional<double> PercentHalfUp(std::int64_t numerator, std::int64_t denominator) {
  if (denominator == 0) return std::nullopt;
  // tenths of a percent = round_half_up(1000 n / d)
  std::int64_t tenths = (2000 * numerator + denominator) / (2 * denominator);
  return static_cast<double>(tenths) / 10.0;
}

}  // namespace zt
