// File: delegation.h
//
// The delegation ledger (赋权清单, STANDARDS.md §4): each entry moves one power item from one
// body to another (下放, 委托, 重心下移), takes it back (收回) or abolishes it (取消), under a
// document number, from an effective date. What is in force at a date, and every total such
// as "4,140 items delegated to towns", is computed from the entries, never stored.
//
//   zt::Status ok = zt::catalog::Validate(entry);          // every bad field at once
//   auto in_force = zt::catalog::EffectiveGrants(entries, date);
//   zt::catalog::DelegationTotals t = zt::catalog::TotalsAt(entries, date);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zt/catalog/standard.h"
#include "zt/core/error.h"
#include "zt/core/time.h"

namespace zt::catalog {

// 下放 / 委托 / 重心下移 grant a power to another body; 收回 ends a grant, 取消 ends every
// grant of the item (the power itself is abolished).
enum class DelegationKind { kDelegate, kEntrust, kShiftDown, kTakeBack, kCancel };
std::string_view DelegationKindName(DelegationKind kind);    // "delegate" | "entrust" | ...
std::string_view DelegationKindNameZh(DelegationKind kind);  // "下放" | "委托" | ...
Result<DelegationKind> ParseDelegationKind(std::string_view name);
bool IsGrant(DelegationKind kind);  // 下放, 委托, 重心下移

// The 权责清单 categories (职权类型) as a versioned code list: provinces have used other
// schemes (STANDARDS.md §4), so an entry records which list its code comes from.
struct PowerCategory {
  std::string_view code;     // "01".."10"
  std::string_view name_zh;  // "行政许可"
  std::string_view name_en;  // "licensing"
};
inline constexpr std::string_view kPowerCategoryListVersion = "2015";  // 中办发/国办发 2015
// The categories of a list version, in code order; empty for an unknown version.
const std::vector<PowerCategory>& PowerCategories(std::string_view list_version);
const PowerCategory* FindPowerCategory(std::string_view list_version, std::string_view code);

// One side of an entry: a body (implementing department, 镇街 office, ...) in a region.
struct DelegationParty {
  std::string region_code;
  std::string body;  // the body's name or department id, 1..200 characters
  Level level = Level::kCity;
};

struct DelegationEntry {
  std::string id;
  DelegationKind kind = DelegationKind::kDelegate;
  std::string item_ref;   // an implementation item id or a basic code, 1..64 characters
  std::string item_name;  // 事项名称 as written in the document, 1..200 characters
  std::string category_list = std::string(kPowerCategoryListVersion);
  std::string category_code;          // one of PowerCategories(category_list)
  DelegationParty from;               // the body that held the power
  std::optional<DelegationParty> to;  // the receiving body; none for 取消
  std::string document_number;        // 文号, e.g. 湛府〔2021〕12号, 1..100 characters
  Date effective_from;
  std::optional<Date> effective_until;  // last day in force, if the document limits it
  Instant recorded_at{};
  std::string recorded_by;
};

// Checks every field and reports all problems at once (kInvalidArgument "delegation.invalid"
// with one field error per problem, pointers under `pointer_prefix`, e.g. "/items/3"):
// item and document present, a category of the list, a receiving body for every kind but 取消
// and none for 取消, the receiving level below the giving one for 下放 and 重心下移, at or
// below for 委托, at or above for 收回, and an end date not before the start.
Status Validate(const DelegationEntry& entry, std::string_view pointer_prefix = "");
// The field errors alone, for batches that collect them across entries.
std::vector<FieldError> ValidationErrors(const DelegationEntry& entry,
                                         std::string_view pointer_prefix);

// The grants in force at `date`: started on or before it, not past their own end date, and
// not ended by a 收回 (same item, taken from the receiving body) or a 取消 (same item) that
// took effect after the grant started and on or before `date`. In ledger order.
std::vector<DelegationEntry> EffectiveGrants(const std::vector<DelegationEntry>& ledger, Date date);

struct DelegationCount {
  DelegationKind kind = DelegationKind::kDelegate;
  std::string category_code;
  std::int64_t count = 0;
};
struct DelegationTotals {
  Date date;
  std::int64_t in_force = 0;            // grants in force at the date
  std::vector<DelegationCount> grants;  // in force, by (kind, category), ordered
  std::int64_t taken_back = 0;          // 收回 entries in effect by the date
  std::int64_t cancelled = 0;           // 取消 entries in effect by the date
};
DelegationTotals TotalsAt(const std::vector<DelegationEntry>& ledger, Date date);

}  // namespace zt::catalog
