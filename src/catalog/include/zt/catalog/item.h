// File: item.h
//
// A government service item (政务服务事项) as one implementing body publishes it: the
// record citizens find in the catalogue and apply against. Pure values and validation;
// storing and publishing live in the service layer.
//
//   zt::catalog::ServiceItem item{...};
//   zt::Status ok = zt::catalog::Validate(item);   // promised <= statutory, codes valid, ...
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"
#include "zt/core/ids.h"
#include "zt/core/time.h"

namespace zt::catalog {

// 事项类型 (STANDARDS.md §2.2), stored by these stable names.
enum class ItemType {
  kLicensing,      // 行政许可
  kConfirmation,   // 行政确认
  kPayment,        // 行政给付
  kAward,          // 行政奖励
  kAdjudication,   // 行政裁决
  kOtherPower,     // 其他行政权力
  kPublicService,  // 公共服务
};
std::string_view ItemTypeName(ItemType t);    // "licensing", ...
std::string_view ItemTypeNameZh(ItemType t);  // "行政许可", ...
Result<ItemType> ParseItemType(std::string_view name);

// 办件类型: 即办件 is concluded the day it is accepted; 承诺件 within the promised limit.
enum class CaseKind { kInstant, kPromised };
std::string_view CaseKindName(CaseKind k);  // "instant" | "promised"
Result<CaseKind> ParseCaseKind(std::string_view name);

enum class ItemStatus { kDraft, kPublished, kWithdrawn };
std::string_view ItemStatusName(ItemStatus s);  // "draft" | "published" | "withdrawn"
Result<ItemStatus> ParseItemStatus(std::string_view name);

struct Material {
  std::string name;
  bool required = true;
  std::string note;
  // 次要材料: 容缺受理 may accept an application while it is still missing, against the
  // applicant's commitment to supply it (STANDARDS.md §2.4). Main materials are never waived.
  bool secondary = false;
  // 可信等级 A–D of the source the material is expected from (STANDARDS.md §2.2); "" unknown.
  std::string trust_grade;
  // 免提交: the code of the electronic licence type that can replace it ("" none).
  std::string licence_type_code;
};

struct ServiceItem {
  ItemId id;
  std::string code;  // 实施编码 as published (letters, digits, '-'; 6..64 chars)
  std::string name;  // 事项名称
  ItemType type = ItemType::kLicensing;
  DepartmentId department_id;  // the implementing department
  std::string region_code;     // where it is implemented (GB/T 2260)
  int statutory_limit_wd = 0;  // 法定办结时限, working days (0 = none stated)
  int promised_limit_wd = 0;   // 承诺办结时限, working days (0 = concluded on the spot)
  CaseKind case_kind = CaseKind::kPromised;
  bool online = true;  // can be applied for online
  std::vector<Material> materials;
  ItemStatus status = ItemStatus::kDraft;
  std::int64_t version = 0;
  Instant created_at{};
  Instant updated_at{};
};

// Checks the item's own fields: a name, a code of the right shape, limits within 0..365,
// promised <= statutory when a statutory limit is stated, a 即办件 promises 0 days, at most
// 100 materials each with a name. Field errors point at "/name", "/promised_limit_wd", ...
Status Validate(const ServiceItem& item);

}  // namespace zt::catalog
