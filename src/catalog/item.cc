#include "zt/catalog/item.h"

#include <algorithm>
#include <array>

#include "zt/core/text.h"

namespace zt::catalog {
namespace {

struct TypeNames {
  ItemType type;
  std::string_view name;
  std::string_view name_zh;
};

constexpr std::array<TypeNames, 7> kTypes{{
    {ItemType::kLicensing, "licensing", "行政许可"},
    {ItemType::kConfirmation, "confirmation", "行政确认"},
    {ItemType::kPayment, "payment", "行政给付"},
    {ItemType::kAward, "award", "行政奖励"},
    {ItemType::kAdjudication, "adjudication", "行政裁决"},
    {ItemType::kOtherPower, "other_power", "其他行政权力"},
    {ItemType::kPublicService, "public_service", "公共服务"},
}};

constexpr int kMaxLimitDays = 365;
constexpr std::size_t kMaxMaterials = 100;

bool IsCodeChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
         c == '_';
}

}  // namespace

std::string_view ItemTypeName(ItemType t) {
  for (const auto& e : kTypes) {
    if (e.type == t) return e.name;
  }
  return "licensing";
}

std::string_view ItemTypeNameZh(ItemType t) {
  for (const auto& e : kTypes) {
    if (e.type == t) return e.name_zh;
  }
  return "行政许可";
}

Result<ItemType> ParseItemType(std::string_view name) {
  for (const auto& e : kTypes) {
    if (e.name == name) return e.type;
  }
  return FieldFail("/type", "item.type_unknown", "unknown item type: " + std::string(name));
}

std::string_view CaseKindName(CaseKind k) {
  return k == CaseKind::kInstant ? "instant" : "promised";
}

Result<CaseKind> ParseCaseKind(std::string_view name) {
  if (name == "instant") return CaseKind::kInstant;
  if (name == "promised") return CaseKind::kPromised;
  return FieldFail("/case_kind", "item.case_kind_unknown",
                   "case_kind must be instant or promised, not " + std::string(name));
}

std::string_view ItemStatusName(ItemStatus s) {
  switch (s) {
    case ItemStatus::kDraft:
      return "draft";
    case ItemStatus::kPublished:
      return "published";
    case ItemStatus::kWithdrawn:
      return "withdrawn";
  }
  return "draft";
}

Result<ItemStatus> ParseItemStatus(std::string_view name) {
  if (name == "draft") return ItemStatus::kDraft;
  if (name == "published") return ItemStatus::kPublished;
  if (name == "withdrawn") return ItemStatus::kWithdrawn;
  return FieldFail("/status", "item.status_unknown", "unknown item status: " + std::string(name));
}

Status Validate(const ServiceItem& item) {
  std::vector<FieldError> errors;
  auto add = [&errors](std::string pointer, std::string key, std::string detail) {
    errors.push_back({std::move(pointer), std::move(key), std::move(detail)});
  };
  if (item.name.empty() || Utf8Length(item.name) > 200) {
    add("/name", "item.name_length", "name must have 1 to 200 characters");
  }
  bool code_ok = item.code.size() >= 6 && item.code.size() <= 64;
  for (char c : item.code) code_ok = code_ok && IsCodeChar(c);
  if (!code_ok) {
    add("/code", "item.code_format", "code must be 6 to 64 letters, digits, '-' or '_'");
  }
  if (item.department_id.empty()) add("/department_id", "item.department_required", "required");
  if (item.statutory_limit_wd < 0 || item.statutory_limit_wd > kMaxLimitDays) {
    add("/statutory_limit_wd", "item.limit_range", "must be between 0 and 365 working days");
  }
  if (item.promised_limit_wd < 0 || item.promised_limit_wd > kMaxLimitDays) {
    add("/promised_limit_wd", "item.limit_range", "must be between 0 and 365 working days");
  } else if (item.statutory_limit_wd > 0 && item.promised_limit_wd > item.statutory_limit_wd) {
    add("/promised_limit_wd", "item.promised_exceeds_statutory",
        "the promised limit (" + std::to_string(item.promised_limit_wd) +
            ") may not exceed the statutory limit (" + std::to_string(item.statutory_limit_wd) +
            ")");
  }
  if (item.case_kind == CaseKind::kInstant && item.promised_limit_wd != 0) {
    add("/promised_limit_wd", "item.instant_promises_zero",
        "an instant item (即办件) is concluded on the spot: promised limit must be 0");
  }
  if (item.case_kind == CaseKind::kPromised && item.promised_limit_wd == 0) {
    add("/promised_limit_wd", "item.promised_needs_days",
        "a promised item (承诺件) needs a promised limit of at least 1 working day");
  }
  if (item.materials.size() > kMaxMaterials) {
    add("/materials", "item.too_many_materials", "at most 100 materials");
  }
  for (std::size_t i = 0; i < item.materials.size() && i < kMaxMaterials; ++i) {
    const auto& m = item.materials[i];
    if (m.name.empty() || Utf8Length(m.name) > 200) {
      add("/materials/" + std::to_string(i) + "/name", "item.material_name_length",
          "a material needs a name of 1 to 200 characters");
    }
    if (!m.trust_grade.empty() && m.trust_grade != "A" && m.trust_grade != "B" &&
        m.trust_grade != "C" && m.trust_grade != "D") {
      add("/materials/" + std::to_string(i) + "/trust_grade", "item.material_trust_grade",
          "a trust grade is one of A, B, C, D");
    }
    if (m.licence_type_code.size() > 64 ||
        !std::all_of(m.licence_type_code.begin(), m.licence_type_code.end(), [](char c) {
          return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                 c == '-' || c == '_' || c == '.';
        })) {
      add("/materials/" + std::to_string(i) + "/licence_type_code", "item.material_licence_type",
          "a licence type code is at most 64 letters, digits, '-', '_' or '.'");
    }
  }
  if (errors.empty()) return Ok();
  std::string key = errors.front().key;
  return Fail(ErrorCode::kInvalidArgument, key, "the item has invalid fields", std::move(errors));
}

}  // namespace zt::catalog
