#include "zt/catalog/power_list.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "zt/core/text.h"

namespace zt::catalog {
namespace {

struct StageNames {
  DutyStage stage;
  std::string_view name;
  std::string_view name_zh;
};
constexpr std::array<StageNames, 7> kStages{{
    {DutyStage::kAccept, "accept", "受理"},
    {DutyStage::kReview, "review", "审查"},
    {DutyStage::kDecide, "decide", "决定"},
    {DutyStage::kDeliver, "deliver", "送达"},
    {DutyStage::kExecute, "execute", "执行"},
    {DutyStage::kSupervise, "supervise", "事后监管"},
    {DutyStage::kOther, "other", "其他"},
}};

bool IsCodeChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
         c == '_';
}

bool LengthWithin(std::string_view text, std::size_t min, std::size_t max) {
  std::size_t n = Utf8Length(text);
  return n >= min && n <= max;
}

constexpr std::size_t kMaxSteps = 20;
constexpr std::size_t kMaxAccountability = 50;

}  // namespace

std::string_view DutyStageName(DutyStage stage) {
  return kStages[static_cast<std::size_t>(stage)].name;
}
std::string_view DutyStageNameZh(DutyStage stage) {
  return kStages[static_cast<std::size_t>(stage)].name_zh;
}
Result<DutyStage> ParseDutyStage(std::string_view name) {
  for (const auto& s : kStages) {
    if (s.name == name || s.name_zh == name) return s.stage;
  }
  return Fail(ErrorCode::kInvalidArgument, "power_item.stage_unknown",
              "a step is accept, review, decide, deliver, execute, supervise or other");
}

Status Validate(const PowerItem& item) {
  std::vector<FieldError> errors;
  if (item.code.size() < 6 || item.code.size() > 64 ||
      !std::ranges::all_of(item.code, IsCodeChar)) {
    errors.push_back({"/code", "power_item.code_format", "6 to 64 letters, digits, '-' or '_'"});
  }
  if (!LengthWithin(item.name, 1, 200)) {
    errors.push_back({"/name", "power_item.name_invalid", "1 to 200 characters"});
  }
  if (PowerCategories(item.category_list).empty()) {
    errors.push_back({"/category_list", "delegation.category_list_unknown", "unknown list"});
  } else if (FindPowerCategory(item.category_list, item.category_code) == nullptr) {
    errors.push_back(
        {"/category_code", "delegation.category_unknown", "not a category of the list"});
  }
  if (item.department_id.empty()) {
    errors.push_back({"/department_id", "power_item.department_required", "required"});
  }
  if (!LengthWithin(item.legal_basis, 1, 4000)) {
    errors.push_back({"/legal_basis", "power_item.legal_basis_invalid", "1 to 4000 characters"});
  }
  if (item.steps.empty() || item.steps.size() > kMaxSteps) {
    errors.push_back({"/steps", "power_item.steps_count", "1 to 20 responsibility steps"});
  }
  std::set<DutyStage> seen;
  for (std::size_t i = 0; i < item.steps.size() && i < kMaxSteps; ++i) {
    const auto& step = item.steps[i];
    const std::string at = "/steps/" + std::to_string(i);
    if (!LengthWithin(step.duty, 1, 2000)) {
      errors.push_back({at + "/duty", "power_item.duty_invalid", "1 to 2000 characters"});
    }
    if (step.stage != DutyStage::kOther && !seen.insert(step.stage).second) {
      errors.push_back({at + "/stage", "power_item.stage_repeated", "one entry per step"});
    }
  }
  if (item.accountability.empty() || item.accountability.size() > kMaxAccountability) {
    errors.push_back(
        {"/accountability", "power_item.accountability_count", "1 to 50 accountability cases"});
  }
  for (std::size_t i = 0; i < item.accountability.size() && i < kMaxAccountability; ++i) {
    if (!LengthWithin(item.accountability[i], 1, 2000)) {
      errors.push_back({"/accountability/" + std::to_string(i), "power_item.accountability_invalid",
                        "1 to 2000 characters"});
    }
  }
  if (!errors.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "power_item.invalid",
                std::to_string(errors.size()) + " problem(s) in the power item", std::move(errors));
  }
  return {};
}

std::vector<std::string> ChangedFields(const PowerItem& before, const PowerItem& after) {
  auto same_steps = [](const std::vector<ResponsibilityStep>& a,
                       const std::vector<ResponsibilityStep>& b) {
    return std::ranges::equal(a, b, [](const ResponsibilityStep& x, const ResponsibilityStep& y) {
      return x.stage == y.stage && x.duty == y.duty;
    });
  };
  std::vector<std::string> out;
  if (before.name != after.name) out.emplace_back("name");
  if (before.category_list != after.category_list) out.emplace_back("category_list");
  if (before.category_code != after.category_code) out.emplace_back("category_code");
  if (before.legal_basis != after.legal_basis) out.emplace_back("legal_basis");
  if (!same_steps(before.steps, after.steps)) out.emplace_back("steps");
  if (before.accountability != after.accountability) out.emplace_back("accountability");
  return out;
}

bool InForceAt(const PowerItem& revision, Date date) {
  return revision.effective_from <= date &&
         (!revision.effective_to || date <= *revision.effective_to);
}

PowerListCounts CountsFromGroups(std::string_view category_list,
                                 const std::vector<std::pair<std::string, std::int64_t>>& groups) {
  PowerListCounts out;
  out.category_list = std::string(category_list);
  std::map<std::string, std::int64_t, std::less<>> by_code(groups.begin(), groups.end());
  for (const PowerCategory& c : PowerCategories(category_list)) {
    auto found = by_code.find(c.code);
    std::int64_t n = found == by_code.end() ? 0 : found->second;
    out.categories.push_back({std::string(c.code), c.name_zh, n});
    out.total += n;
  }
  return out;
}

PowerListCounts CountByCategory(const std::vector<PowerItem>& items,
                                std::string_view category_list) {
  std::map<std::string, std::int64_t> groups;
  for (const auto& item : items) {
    if (item.category_list == category_list) ++groups[item.category_code];
  }
  return CountsFromGroups(category_list, {groups.begin(), groups.end()});
}

}  // namespace zt::catalog
