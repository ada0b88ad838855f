// File: standard.h
//
// The catalogue across levels (STANDARDS.md §2.2): a basic-catalogue item (基本目录事项)
// defined once at province or city level, and its implementations (实施清单) by bodies at
// city, county, town and village level. The standard item locks the elements that must be
// identical at every level (四级四同); an implementation may set only its local elements
// (address, hours, windows, promised limit). Pure values, validation and comparison.
//
//   zt::catalog::Implementation impl = zt::catalog::ImplementationOf(standard, level);
//   zt::catalog::ApplyLockedElements(standard, item, impl);  // copies name, type, ...
//   auto drift = zt::catalog::CompareWithStandard(standard, item, impl);  // empty: in line
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zt/catalog/item.h"
#include "zt/core/error.h"
#include "zt/core/ids.h"
#include "zt/core/time.h"

namespace zt::catalog {

// 行使层级, top to bottom; the order matters (an implementation is never above its standard).
enum class Level { kProvince, kCity, kCounty, kTown, kVillage };
std::string_view LevelName(Level level);    // "province" | "city" | "county" | "town" | "village"
std::string_view LevelNameZh(Level level);  // "省级" | "市级" | "县级" | "乡镇级" | "村级"
Result<Level> ParseLevel(std::string_view name);
// The level of a body in a region of the given store level ("prefecture" → city,
// "township" → town, ...); nullopt for an unknown level name.
std::optional<Level> LevelOfRegion(std::string_view region_level);

// A 基本目录 item: the elements every implementation inherits unchanged.
struct StandardItem {
  std::string id;
  std::string basic_code;  // 基本编码 (letters, digits, '-', '_'; 6..32)
  std::string name;        // 事项名称
  ItemType type = ItemType::kLicensing;
  std::string competent_department;  // 主管部门 (the line department, by name)
  std::string legal_basis;           // 设定和实施依据, with article text
  int statutory_limit_wd = 0;        // 法定办结时限 in working days (0 = none stated)
  Level level = Level::kCity;        // the level that defines it: province or city
  std::string region_code;           // the defining region
  std::int64_t version = 0;          // bumped by every revision
  Instant created_at{};
  Instant updated_at{};
};

// A name, a basic code of the right shape, a competent department and a legal basis
// (1..4000 characters), a statutory limit within 0..365 and a defining level of province or
// city. Field errors point at "/basic_code", "/legal_basis", "/level", ...
Status Validate(const StandardItem& standard);

// What an implementation adds to its ServiceItem: the link to the standard (and the version
// it followed), the locked elements the item record itself does not carry, and the local
// elements. The item's own name, type and statutory limit are locked elements too.
struct Implementation {
  ItemId item_id;
  std::string standard_id;
  std::int64_t standard_version = 0;  // the standard's version when last brought in line
  std::string region_code;            // the item's region (copied: items never move)
  Level level = Level::kCity;         // the implementing body's level
  std::string basic_code;             // locked
  std::string competent_department;   // locked
  std::string legal_basis;            // locked
  std::string address;                // local: 办理地点
  std::string office_hours;           // local: 办理时间
  std::vector<std::string> windows;   // local: 办理窗口
};

// The locally editable elements, and the limits the item check (Validate) applies to them.
struct LocalElements {
  std::string address;
  std::string office_hours;
  std::vector<std::string> windows;
  int promised_limit_wd = 0;
};
// Address and hours at most 500 characters, at most 50 windows of 1..100 characters each.
Status ValidateLocal(const LocalElements& local);

// The elements that must be identical at every level, by the names the drift report and
// the API use: "name", "basic_code", "type", "competent_department", "legal_basis",
// "statutory_limit_wd". 实施机关 is one of the six unified elements in STANDARDS.md §2.2
// but necessarily differs per body; it is checked as a valid credit code on the department
// instead, and the statutory limit takes its place here.
const std::vector<std::string_view>& LockedElementNames();
bool IsLockedElement(std::string_view name);

// Copies the standard's locked elements into the item and its implementation record and
// records the standard's version as followed.
void ApplyLockedElements(const StandardItem& standard, ServiceItem& item,
                         Implementation& implementation);

// One locked element where an implementation differs from its standard.
struct ElementDrift {
  std::string element;  // one of LockedElementNames()
  std::string standard_value;
  std::string implementation_value;
};
// Every locked element in which item + implementation differ from the standard, in the
// order of LockedElementNames(); empty when the implementation is in line.
std::vector<ElementDrift> CompareWithStandard(const StandardItem& standard, const ServiceItem& item,
                                              const Implementation& implementation);

// 认领: a bureau assigns a basic-catalogue item to the departments that should implement it
// (应认领), and each department claims it (已认领). One record per standard and department.
struct Claim {
  std::string standard_id;
  DepartmentId department_id;
  std::string region_code;  // the department's region
  std::string assigned_by;
  Instant assigned_at{};
  std::string claimed_by;             // "" while unclaimed
  std::optional<Instant> claimed_at;  // set when claimed
};

// 应认领 / 已认领 counts of one department (or one region when department_id is empty).
struct ClaimCount {
  DepartmentId department_id;
  std::string region_code;
  std::int64_t expected = 0;  // 应认领
  std::int64_t claimed = 0;   // 已认领
};
// Counts per department, ordered by region then department, and per region (the regions
// the departments lie in, each counting its own departments only), ordered by region.
std::vector<ClaimCount> CountClaimsByDepartment(const std::vector<Claim>& claims);
std::vector<ClaimCount> CountClaimsByRegion(const std::vector<Claim>& claims);

// kInvalidArgument "standard.level_above" unless `implementing` is at or below the
// standard's level (a city item is not implemented by the province).
Status CheckImplementingLevel(const StandardItem& standard, Level implementing);

}  // namespace zt::catalog
