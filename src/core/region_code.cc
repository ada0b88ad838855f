#include "zt/core/region_code.h"

#include <algorithm>

namespace zt {
namespace {

bool AllDigits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool AllZeros(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == '0'; });
}

std::unexpected<Error> BadRegion(std::string_view text, std::string_view why) {
  return FieldFail("", "region.format",
                   "not a region code (" + std::string(why) + "): " + std::string(text));
}

// How many leading characters identify the region at `level`: a province is its first two
// digits, a prefecture its first four, and so on.
std::size_t SignificantLength(RegionLevel level) {
  switch (level) {
    case RegionLevel::kProvince:
      return 2;
    case RegionLevel::kPrefecture:
      return 4;
    case RegionLevel::kCounty:
      return 6;
    case RegionLevel::kTownship:
      return 9;
    case RegionLevel::kVillage:
      return 12;
  }
  return 12;
}

}  // namespace

std::string_view RegionLevelName(RegionLevel level) {
  switch (level) {
    case RegionLevel::kProvince:
      return "province";
    case RegionLevel::kPrefecture:
      return "prefecture";
    case RegionLevel::kCounty:
      return "county";
    case RegionLevel::kTownship:
      return "township";
    case RegionLevel::kVillage:
      return "village";
  }
  return "unknown";
}

Result<RegionCode> RegionCode::Parse(std::string_view text) {
  if (text.size() != 6 && text.size() != 9 && text.size() != 12) {
    return BadRegion(text, "expected 6, 9 or 12 digits");
  }
  if (!AllDigits(text)) return BadRegion(text, "digits only");

  // The statistics bureau writes every level in 12 digits, padding with zeros
  // (440802000000 is 赤坎区); drop the padding so each region has one spelling.
  std::string_view code = text;
  if (code.size() == 12 && AllZeros(code.substr(9))) code = code.substr(0, 9);
  if (code.size() == 9 && AllZeros(code.substr(6))) code = code.substr(0, 6);
  if (code.size() == 12 && AllZeros(code.substr(6, 3))) {
    return BadRegion(text, "a village code needs a township part");
  }

  const std::string_view province = code.substr(0, 2);
  const std::string_view prefecture = code.substr(2, 2);
  const std::string_view county = code.substr(4, 2);
  if (province == "00") return BadRegion(text, "province part 00");
  if (prefecture == "00" && county != "00") {
    return BadRegion(text, "a county part needs a prefecture part");
  }
  // A 9-digit township may sit directly under a prefecture-level city without counties
  // (东莞市 441900, 中山市 442000), so its first six digits may be a prefecture code.
  return RegionCode(std::string(code));
}

RegionLevel RegionCode::level() const {
  switch (value_.size()) {
    case 12:
      return RegionLevel::kVillage;
    case 9:
      return RegionLevel::kTownship;
    default:
      break;
  }
  if (value_.size() < 6) return RegionLevel::kProvince;  // default-constructed
  if (value_.compare(4, 2, "00") != 0) return RegionLevel::kCounty;
  if (value_.compare(2, 2, "00") != 0) return RegionLevel::kPrefecture;
  return RegionLevel::kProvince;
}

bool RegionCode::Contains(const RegionCode& other) const {
  if (value_.empty() || other.value_.empty()) return false;
  const std::string_view prefix = std::string_view(value_).substr(0, SignificantLength(level()));
  return std::string_view(other.value_).starts_with(prefix) && other.value_.size() >= value_.size();
}

RegionCode RegionCode::Parent() const {
  switch (level()) {
    case RegionLevel::kVillage:
      return RegionCode(value_.substr(0, 9));
    case RegionLevel::kTownship:
      return RegionCode(value_.substr(0, 6));
    case RegionLevel::kCounty:
      return RegionCode(value_.substr(0, 4) + "00");
    case RegionLevel::kPrefecture:
      return RegionCode(value_.substr(0, 2) + "0000");
    case RegionLevel::kProvince:
      break;
  }
  return *this;
}

}  // namespace zt
