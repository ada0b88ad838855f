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
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"
#include "zt/core/ids.h"
#include "zt/core/time.h"

namespace zt::catalog {

// 事项类型 (STANDARDS.md §2.2–§2.3): the ten categories of 行政权力 and 公共服务, stored by
// these stable names; ItemTypeCode gives the code list 01..10, 20 (INFERRED there).
enum class ItemType {
  kLicensing,      // 01 行政许可
  kConfirmation,   // 07 行政确认
  kPayment,        // 05 行政给付
  kAward,          // 08 行政奖励
  kAdjudication,   // 09 行政裁决
  kOtherPower,     // 10 其他行政权力
  kPublicService,  // 20 公共服务
  kPenalty,        // 02 行政处罚
  kCoercion,       // 03 行政强制
  kLevy,           // 04 行政征收
  kInspection,     // 06 行政检查
};
std::string_view ItemTypeName(ItemType t);    // "licensing", ...
std::string_view ItemTypeNameZh(ItemType t);  // "行政许可", ...
std::string_view ItemTypeCode(ItemType t);    // "01" ... "10", "20"
Result<ItemType> ParseItemType(std::string_view name);
// Every type, in code order (for pickers and documents).
const std::vector<ItemType>& AllItemTypes();

// 办件类型: 即办件 is concluded the day it is accepted; 承诺件 within the promised limit;
// 上报件 is passed up to a higher level to decide, still within the promised limit here.
enum class CaseKind { kInstant, kPromised, kReported };
std::string_view CaseKindName(CaseKind k);  // "instant" | "promised" | "reported"
Result<CaseKind> ParseCaseKind(std::string_view name);

// 层级: 主项 → 子项 → 业务办理项 (STANDARDS.md §2.2). A 子项 has a 主项 as parent, a
// 业务办理项 a 子项 (or a 主项 that has no 子项); a 主项 has none.
enum class ItemTier { kMain, kSub, kHandling };
std::string_view ItemTierName(ItemTier t);  // "main" | "sub" | "handling"
Result<ItemTier> ParseItemTier(std::string_view name);

// 网上办理深度, from information only to fully online (一级 … 四级; the level names are the
// common provincial ones, INFERRED).
enum class OnlineDepth { kInformation, kDownload, kPreReview, kFullyOnline };
std::string_view OnlineDepthName(OnlineDepth d);  // "information" | "download" | ...
Result<OnlineDepth> ParseOnlineDepth(std::string_view name);

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
  // 免提交 by data sharing: the shared data source that replaces it ("" none; 国务院令第716号
  // 第七条).
  std::string shared_data;
};

// 办理情形: one case of the item (e.g. 新设 by a company vs. by a sole trader), each with
// its own material list; the applicant picks one.
struct Situation {
  std::string name;
  std::string description;
  std::vector<Material> materials;
};

// 设定和实施依据: one law or regulation and the article that applies, with its text.
struct LegalBasis {
  std::string law;      // 《中华人民共和国食品安全法》
  std::string article;  // 第三十五条
  std::string text;     // the article's text
};

struct Fee {
  std::string name;      // 收费项目
  std::string standard;  // 收费标准 as published ("每件 10 元")
  std::string basis;     // 收费依据
};

// The elements of the item record beyond the core columns (STANDARDS.md §2.2 办事指南 set).
struct ItemElements {
  ItemTier tier = ItemTier::kHandling;
  ItemId parent_id;               // the 主项/子项 above it ("" for a 主项 or a lone item)
  std::string implementing_body;  // 实施机关 as published
  std::string implementing_body_credit_code;  // its 统一社会信用代码 (validated)
  std::vector<LegalBasis> legal_basis;
  std::string conditions;  // 受理条件
  std::vector<Situation> situations;
  OnlineDepth online_depth = OnlineDepth::kInformation;
  int onsite_visits = 1;              // 到现场大厅次数 (0 = 零跑动)
  std::vector<Fee> fees;              // empty: free of charge
  std::vector<std::string> channels;  // 办理渠道 ("窗口办理", "网上办理", "自助终端", ...)
  std::vector<std::string> windows;      // 办理窗口
  bool one_window = false;               // accepted at the comprehensive window (一窗受理)
  bool tolerance = false;                // 容缺受理 applies
  bool notification_commitment = false;  // 告知承诺 applies
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
  bool online = true;               // can be applied for online
  std::vector<Material> materials;  // the materials every situation needs
  ItemElements elements;
  ItemStatus status = ItemStatus::kDraft;
  std::int64_t version = 0;
  Instant created_at{};
  Instant updated_at{};
};

// Checks the item's own fields: a name, a code of the right shape, limits within 0..365,
// promised <= statutory when a statutory limit is stated, a 即办件 promises 0 days, at most
// 100 materials each with a name; and its elements (ValidateElements). Field errors point
// at "/name", "/promised_limit_wd", "/elements/implementing_body_credit_code", ...
Status Validate(const ServiceItem& item);

// ---- Life cycle (docs/catalogue.md "Life cycle and versions") ----
//
// Every item has numbered versions of its content. A version is a draft (editable), in
// review, published (the one in force), superseded by a later published version, or
// withdrawn with its item. effective_from / effective_to are civil dates (CST), both
// inclusive; effective_to is empty while the version is open-ended.
enum class VersionState { kDraft, kReview, kPublished, kSuperseded, kWithdrawn };
std::string_view VersionStateName(VersionState s);  // "draft" | "review" | "published" | ...
Result<VersionState> ParseVersionState(std::string_view name);

struct ItemVersion {
  ItemId item_id;
  std::int64_t number = 1;
  VersionState state = VersionState::kDraft;
  std::optional<Date> effective_from;
  std::optional<Date> effective_to;
  std::string author_id;     // the account that opened the version
  std::string submitted_by;  // who sent it to review
  std::string reviewed_by;   // who approved or returned it
  std::string review_note;
  ServiceItem content;  // the full record as this version has it
  Instant created_at{};
  Instant updated_at{};
};

// Whether the version was the one in force on `date`: it was published (and may since have
// been superseded or withdrawn) and `date` lies within [effective_from, effective_to].
bool InForceAt(const ItemVersion& version, Date date);

// The elements on their own, field errors under "/elements/...": a valid credit code when
// one is given, a 主项 has no parent and the others' parent is not the item itself, at most
// 20 legal bases / situations / fees / channels / windows with their texts within bounds,
// each situation named and with at most 100 materials, visits within 0..10, a fully online
// item needs `online` and no visit, 容缺 needs a secondary material somewhere.
void ValidateElements(const ServiceItem& item, std::vector<FieldError>& errors);

}  // namespace zt::catalog
