// File: power_list.h
//
// The power and responsibility list (权责清单, STANDARDS.md §4): every administrative power a
// department holds, in one category of a versioned code list (the ten categories of list
// "2015": 行政许可 … 其他行政权力, shared with the delegation ledger), with the duties of each
// step of exercising it (受理, 审查, 决定, 送达, 事后监管 …) and the cases in which officials
// are held accountable (追责情形). Counts per category are computed from the items, never typed.
//
//   zt::Status ok = zt::catalog::Validate(power_item);      // every bad field at once
//   auto counts = zt::catalog::CountByCategory(items, "2015");
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zt/catalog/delegation.h"
#include "zt/core/error.h"
#include "zt/core/ids.h"
#include "zt/core/time.h"

namespace zt::catalog {

// The steps a responsibility can be attached to, in the order powers are exercised.
enum class DutyStage { kAccept, kReview, kDecide, kDeliver, kExecute, kSupervise, kOther };
std::string_view DutyStageName(DutyStage stage);    // "accept" | "review" | ...
std::string_view DutyStageNameZh(DutyStage stage);  // "受理" | "审查" | "决定" | ...
Result<DutyStage> ParseDutyStage(std::string_view name);

struct ResponsibilityStep {
  DutyStage stage = DutyStage::kAccept;
  std::string duty;  // what the body must do at this step, 1..2000 characters
};

struct PowerItem {
  std::string id;
  std::string code;  // 权力编码, unique: letters, digits, '-', '_'; 6..64 characters
  std::string name;  // 1..200 characters
  std::string category_list = std::string(kPowerCategoryListVersion);
  std::string category_code;                // one of PowerCategories(category_list)
  DepartmentId department_id;               // the body that holds the power
  std::string region_code;                  // the department's region (set by the service)
  std::string legal_basis;                  // 设定依据, 1..4000 characters
  std::vector<ResponsibilityStep> steps;    // 1..20, at most one per stage except "other"
  std::vector<std::string> accountability;  // 追责情形, 1..50 cases of 1..2000 characters
  std::int64_t version = 0;                 // the optimistic lock (ETag): every change bumps it
  Instant created_at{};
  Instant updated_at{};
  // A change never edits a power in place: it makes revision n+1, in force from
  // effective_from; the one before ends the day before. Both dates are civil (CST), inclusive.
  std::int64_t revision = 1;
  Date effective_from;
  std::optional<Date> effective_to;  // the last day in force; empty while open-ended
  bool withdrawn = false;            // withdrawn: no revision is in force after effective_to
};

// Every problem at once: kInvalidArgument "power_item.invalid" with field errors
// ("/code", "/steps/2/duty", "/accountability/0", ...).
Status Validate(const PowerItem& item);

// The content fields that differ between two revisions ("name", "steps", ...), in field
// order: what a "power_item.revised" event records.
std::vector<std::string> ChangedFields(const PowerItem& before, const PowerItem& after);

// Whether `revision` was the one in force on `date`.
bool InForceAt(const PowerItem& revision, Date date);

// One row of the category breakdown; every category of the list appears, zero or not.
struct CategoryCount {
  std::string code;
  std::string_view name_zh;
  std::int64_t count = 0;
};
struct PowerListCounts {
  std::string category_list;
  std::int64_t total = 0;
  std::vector<CategoryCount> categories;  // in code order
};
// Counts `items` of `category_list` by category (items of another list are not counted).
PowerListCounts CountByCategory(const std::vector<PowerItem>& items,
                                std::string_view category_list);
// The same from counts already grouped by category code (what a store's GROUP BY returns).
PowerListCounts CountsFromGroups(std::string_view category_list,
                                 const std::vector<std::pair<std::string, std::int64_t>>& groups);

}  // namespace zt::catalog
