#include "zt/catalog/standard.h"

#include <array>
#include <map>

#include "zt/core/text.h"

namespace zt::catalog {
namespace {

struct LevelNames {
  Level level;
  std::string_view name;
  std::string_view name_zh;
  std::string_view region_level;  // the regions table's name for it
};

constexpr std::array<LevelNames, 5> kLevels{{
    {Level::kProvince, "province", "省级", "province"},
    {Level::kCity, "city", "市级", "prefecture"},
    {Level::kCounty, "county", "县级", "county"},
    {Level::kTown, "town", "乡镇级", "township"},
    {Level::kVillage, "village", "村级", "village"},
}};

constexpr int kMaxLimitDays = 365;
constexpr std::size_t kMaxBasisChars = 4000;
constexpr std::size_t kMaxLocalChars = 500;
constexpr std::size_t kMaxWindows = 50;

bool IsCodeChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
         c == '_';
}

Status FieldErrors(std::vector<FieldError> errors, std::string_view what) {
  if (errors.empty()) return Ok();
  std::string key = errors.front().key;
  return Fail(ErrorCode::kInvalidArgument, key, std::string(what), std::move(errors));
}

}  // namespace

std::string_view LevelName(Level level) {
  for (const auto& e : kLevels) {
    if (e.level == level) return e.name;
  }
  return "city";
}

std::string_view LevelNameZh(Level level) {
  for (const auto& e : kLevels) {
    if (e.level == level) return e.name_zh;
  }
  return "市级";
}

Result<Level> ParseLevel(std::string_view name) {
  for (const auto& e : kLevels) {
    if (e.name == name) return e.level;
  }
  return FieldFail("/level", "standard.level_unknown", "unknown level: " + std::string(name));
}

std::optional<Level> LevelOfRegion(std::string_view region_level) {
  for (const auto& e : kLevels) {
    if (e.region_level == region_level) return e.level;
  }
  return std::nullopt;
}

Status Validate(const StandardItem& s) {
  std::vector<FieldError> errors;
  auto add = [&errors](std::string pointer, std::string key, std::string detail) {
    errors.push_back({std::move(pointer), std::move(key), std::move(detail)});
  };
  if (s.name.empty() || Utf8Length(s.name) > 200) {
    add("/name", "item.name_length", "name must have 1 to 200 characters");
  }
  bool code_ok = s.basic_code.size() >= 6 && s.basic_code.size() <= 32;
  for (char c : s.basic_code) code_ok = code_ok && IsCodeChar(c);
  if (!code_ok) {
    add("/basic_code", "standard.basic_code_format",
        "a basic code is 6 to 32 letters, digits, '-' or '_'");
  }
  if (s.competent_department.empty() || Utf8Length(s.competent_department) > 200) {
    add("/competent_department", "standard.competent_department_required",
        "the competent department (主管部门) needs 1 to 200 characters");
  }
  if (s.legal_basis.empty() || Utf8Length(s.legal_basis) > kMaxBasisChars) {
    add("/legal_basis", "standard.legal_basis_required",
        "the legal basis (设定和实施依据) needs 1 to 4000 characters");
  }
  if (s.statutory_limit_wd < 0 || s.statutory_limit_wd > kMaxLimitDays) {
    add("/statutory_limit_wd", "item.limit_range", "must be between 0 and 365 working days");
  }
  if (s.level != Level::kProvince && s.level != Level::kCity) {
    add("/level", "standard.level_not_defining",
        "basic-catalogue items are defined at province or city level");
  }
  return FieldErrors(std::move(errors), "the standard item has invalid fields");
}

Status ValidateLocal(const LocalElements& local) {
  std::vector<FieldError> errors;
  if (Utf8Length(local.address) > kMaxLocalChars) {
    errors.push_back({"/address", "item.local_length", "at most 500 characters"});
  }
  if (Utf8Length(local.office_hours) > kMaxLocalChars) {
    errors.push_back({"/office_hours", "item.local_length", "at most 500 characters"});
  }
  if (local.windows.size() > kMaxWindows) {
    errors.push_back({"/windows", "item.too_many_windows", "at most 50 windows"});
  }
  for (std::size_t i = 0; i < local.windows.size() && i < kMaxWindows; ++i) {
    if (local.windows[i].empty() || Utf8Length(local.windows[i]) > 100) {
      errors.push_back({"/windows/" + std::to_string(i), "item.window_length",
                        "a window needs 1 to 100 characters"});
    }
  }
  if (local.promised_limit_wd < 0 || local.promised_limit_wd > kMaxLimitDays) {
    errors.push_back(
        {"/promised_limit_wd", "item.limit_range", "must be between 0 and 365 working days"});
  }
  return FieldErrors(std::move(errors), "the local elements are invalid");
}

const std::vector<std::string_view>& LockedElementNames() {
  static const std::vector<std::string_view> kNames{
      "name", "basic_code", "type", "competent_department", "legal_basis", "statutory_limit_wd"};
  return kNames;
}

bool IsLockedElement(std::string_view name) {
  for (std::string_view locked : LockedElementNames()) {
    if (locked == name) return true;
  }
  return false;
}

void ApplyLockedElements(const StandardItem& standard, ServiceItem& item,
                         Implementation& implementation) {
  item.name = standard.name;
  item.type = standard.type;
  item.statutory_limit_wd = standard.statutory_limit_wd;
  implementation.standard_id = standard.id;
  implementation.standard_version = standard.version;
  implementation.basic_code = standard.basic_code;
  implementation.competent_department = standard.competent_department;
  implementation.legal_basis = standard.legal_basis;
}

std::vector<ElementDrift> CompareWithStandard(const StandardItem& standard, const ServiceItem& item,
                                              const Implementation& implementation) {
  std::vector<ElementDrift> out;
  auto check = [&out](std::string_view element, std::string want, std::string have) {
    if (want != have) out.push_back({std::string(element), std::move(want), std::move(have)});
  };
  check("name", standard.name, item.name);
  check("basic_code", standard.basic_code, implementation.basic_code);
  check("type", std::string(ItemTypeName(standard.type)), std::string(ItemTypeName(item.type)));
  check("competent_department", standard.competent_department, implementation.competent_department);
  check("legal_basis", standard.legal_basis, implementation.legal_basis);
  check("statutory_limit_wd", std::to_string(standard.statutory_limit_wd),
        std::to_string(item.statutory_limit_wd));
  return out;
}

Status CheckImplementingLevel(const StandardItem& standard, Level implementing) {
  if (static_cast<int>(implementing) < static_cast<int>(standard.level)) {
    return Fail(ErrorCode::kInvalidArgument, "standard.level_above",
                "a " + std::string(LevelName(standard.level)) +
                    "-level item cannot be implemented at " + std::string(LevelName(implementing)) +
                    " level",
                {{"/region_code", "standard.level_above",
                  "the implementing body is above the standard item's level"}});
  }
  return Ok();
}

namespace {

std::vector<ClaimCount> CountClaims(const std::vector<Claim>& claims, bool by_department) {
  std::map<std::pair<std::string, std::string>, ClaimCount> counts;
  for (const Claim& c : claims) {
    std::string department = by_department ? c.department_id.value() : std::string();
    ClaimCount& n = counts[{c.region_code, department}];
    n.region_code = c.region_code;
    n.department_id = DepartmentId(department);
    ++n.expected;
    if (c.claimed_at) ++n.claimed;
  }
  std::vector<ClaimCount> out;
  for (auto& [key, n] : counts) out.push_back(std::move(n));
  return out;
}

}  // namespace

std::vector<ClaimCount> CountClaimsByDepartment(const std::vector<Claim>& claims) {
  return CountClaims(claims, true);
}

std::vector<ClaimCount> CountClaimsByRegion(const std::vector<Claim>& claims) {
  return CountClaims(claims, false);
}

}  // namespace zt::catalog
