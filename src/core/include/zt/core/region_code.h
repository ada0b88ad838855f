// File: region_code.h
//
// Administrative division codes: GB/T 2260 six-digit codes (province PP0000, prefecture
// PPCC00, county PPCCDD), nine-digit township codes (county + 3, GB/T 10114) and the
// statistics bureau's twelve-digit village codes (township + 3). There is no check digit:
// whether a well-formed code exists is a question for the region table at a date, which the
// caller supplies. This type only guarantees the shape.
//
//   auto r = zt::RegionCode::Parse("440802");   // 赤坎区
//   r->level() == zt::RegionLevel::kCounty;
//   zt::RegionCode::Parse("440800")->Contains(*r) == true;
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "zt/core/error.h"

namespace zt {

enum class RegionLevel { kProvince, kPrefecture, kCounty, kTownship, kVillage };

std::string_view RegionLevelName(RegionLevel level);  // "province", "prefecture", ...

class RegionCode {
 public:
  RegionCode() = default;
  // Accepts 6, 9 or 12 digits in a valid shape: the province part may not be 00, a
  // prefecture part 00 must be followed by county 00, a village code needs a township part.
  // The statistics bureau's zero padding is dropped so each region has one spelling:
  // "440802000000" and "440802000" parse as "440802", "445381001000" as "445381001".
  // A township's first six digits may be a prefecture (东莞市 441900003).
  // kInvalidArgument with key "region.format" (field pointer "") otherwise.
  static Result<RegionCode> Parse(std::string_view text);

  const std::string& value() const { return value_; }
  RegionLevel level() const;
  // True when `other` is this region or lies within it (a county within its prefecture, a
  // township within its county).
  bool Contains(const RegionCode& other) const;
  // The enclosing region one level up (a township under a county-less prefecture returns
  // the prefecture); a province returns itself.
  RegionCode Parent() const;

  friend auto operator<=>(const RegionCode&, const RegionCode&) = default;

 private:
  explicit RegionCode(std::string v) : value_(std::move(v)) {}
  std::string value_;
};

}  // namespace zt
