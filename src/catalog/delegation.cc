// The delegation ledger (赋权清单): validation, what is in force at a date, and totals.
#include "zt/catalog/delegation.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "zt/core/text.h"

namespace zt::catalog {
namespace {

struct KindNames {
  DelegationKind kind;
  std::string_view name;
  std::string_view name_zh;
};
constexpr KindNames kKinds[] = {
    {DelegationKind::kDelegate, "delegate", "下放"},
    {DelegationKind::kEntrust, "entrust", "委托"},
    {DelegationKind::kShiftDown, "shift_down", "重心下移"},
    {DelegationKind::kTakeBack, "take_back", "收回"},
    {DelegationKind::kCancel, "cancel", "取消"},
};

const std::vector<PowerCategory> kCategories2015 = {
    {"01", "行政许可", "licensing"},    {"02", "行政处罚", "penalty"},
    {"03", "行政强制", "coercion"},     {"04", "行政征收", "levy"},
    {"05", "行政给付", "benefit"},      {"06", "行政检查", "inspection"},
    {"07", "行政确认", "confirmation"}, {"08", "行政奖励", "award"},
    {"09", "行政裁决", "adjudication"}, {"10", "其他行政权力", "other"},
};
const std::vector<PowerCategory> kNoCategories;

void CheckText(std::vector<FieldError>& errors, std::string_view prefix, std::string_view field,
               std::string_view value, std::size_t max_chars) {
  if (value.empty() || Utf8Length(value) > max_chars) {
    errors.push_back(
        {std::string(prefix) + "/" + std::string(field),
         "delegation." + std::string(field) + "_invalid",
         std::string(field) + " must be 1.." + std::to_string(max_chars) + " characters"});
  }
}

// Whether `end` (a 收回 or 取消) ends `grant`: same item, in effect no earlier than the grant,
// and for 收回 taken from the body that received the grant.
bool Ends(const DelegationEntry& end, const DelegationEntry& grant) {
  if (end.item_ref != grant.item_ref || end.effective_from < grant.effective_from) return false;
  if (end.kind == DelegationKind::kCancel) return true;
  return end.kind == DelegationKind::kTakeBack && grant.to &&
         end.from.region_code == grant.to->region_code && end.from.body == grant.to->body;
}

}  // namespace

std::string_view DelegationKindName(DelegationKind kind) {
  for (const auto& k : kKinds) {
    if (k.kind == kind) return k.name;
  }
  return "delegate";
}

std::string_view DelegationKindNameZh(DelegationKind kind) {
  for (const auto& k : kKinds) {
    if (k.kind == kind) return k.name_zh;
  }
  return "下放";
}

Result<DelegationKind> ParseDelegationKind(std::string_view name) {
  for (const auto& k : kKinds) {
    if (k.name == name) return k.kind;
  }
  return FieldFail("/kind", "delegation.kind_unknown",
                   "kind must be delegate, entrust, shift_down, take_back or cancel");
}

bool IsGrant(DelegationKind kind) {
  return kind == DelegationKind::kDelegate || kind == DelegationKind::kEntrust ||
         kind == DelegationKind::kShiftDown;
}

const std::vector<PowerCategory>& PowerCategories(std::string_view list_version) {
  return list_version == kPowerCategoryListVersion ? kCategories2015 : kNoCategories;
}

const PowerCategory* FindPowerCategory(std::string_view list_version, std::string_view code) {
  for (const auto& c : PowerCategories(list_version)) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

std::vector<FieldError> ValidationErrors(const DelegationEntry& e, std::string_view prefix) {
  std::vector<FieldError> errors;
  auto at = [&](std::string_view field) { return std::string(prefix) + std::string(field); };
  CheckText(errors, prefix, "item_ref", e.item_ref, 64);
  CheckText(errors, prefix, "item_name", e.item_name, 200);
  CheckText(errors, prefix, "document_number", e.document_number, 100);
  if (PowerCategories(e.category_list).empty()) {
    errors.push_back({at("/category_list"), "delegation.category_list_unknown",
                      "unknown category list version"});
  } else if (FindPowerCategory(e.category_list, e.category_code) == nullptr) {
    errors.push_back({at("/category_code"), "delegation.category_unknown",
                      "not a category of list " + e.category_list});
  }
  CheckText(errors, at("/from"), "body", e.from.body, 200);
  if (e.kind == DelegationKind::kCancel) {
    if (e.to) {
      errors.push_back(
          {at("/to"), "delegation.cancel_has_receiver", "a cancelled power goes to no body"});
    }
  } else if (!e.to) {
    errors.push_back({at("/to"), "delegation.receiver_missing", "the receiving body is missing"});
  } else {
    CheckText(errors, at("/to"), "body", e.to->body, 200);
    const Level from = e.from.level;
    const Level to = e.to->level;  // a larger enum value is a lower level
    bool ok = true;
    switch (e.kind) {
      case DelegationKind::kDelegate:
      case DelegationKind::kShiftDown:
        ok = to > from;
        break;
      case DelegationKind::kEntrust:
        ok = to >= from;
        break;
      case DelegationKind::kTakeBack:
        ok = to <= from;
        break;
      case DelegationKind::kCancel:
        break;
    }
    if (!ok) {
      errors.push_back({at("/to/level"), "delegation.level_direction",
                        std::string(DelegationKindName(e.kind)) + " may not go from " +
                            std::string(LevelName(from)) + " to " + std::string(LevelName(to))});
    } else if (e.kind != DelegationKind::kTakeBack && e.from.region_code == e.to->region_code &&
               e.from.body == e.to->body) {
      errors.push_back({at("/to/body"), "delegation.same_body", "a body grants to itself"});
    }
  }
  if (e.effective_until && *e.effective_until < e.effective_from) {
    errors.push_back({at("/effective_until"), "delegation.until_before_from",
                      "the end date lies before the effective date"});
  }
  return errors;
}

Status Validate(const DelegationEntry& entry, std::string_view pointer_prefix) {
  std::vector<FieldError> errors = ValidationErrors(entry, pointer_prefix);
  if (errors.empty()) return Ok();
  return Fail(ErrorCode::kInvalidArgument, "delegation.invalid",
              std::to_string(errors.size()) + " problem(s) in the delegation entry",
              std::move(errors));
}

std::vector<DelegationEntry> EffectiveGrants(const std::vector<DelegationEntry>& ledger,
                                             Date date) {
  // Index the 收回/取消 in effect by the date per item, so the check stays linear-ish.
  std::map<std::string_view, std::vector<const DelegationEntry*>> ends;
  for (const auto& e : ledger) {
    if (!IsGrant(e.kind) && e.effective_from <= date) ends[e.item_ref].push_back(&e);
  }
  std::vector<DelegationEntry> in_force;
  for (const auto& grant : ledger) {
    if (!IsGrant(grant.kind) || grant.effective_from > date) continue;
    if (grant.effective_until && *grant.effective_until < date) continue;
    auto item_ends = ends.find(grant.item_ref);
    bool ended = item_ends != ends.end() &&
                 std::ranges::any_of(item_ends->second,
                                     [&](const DelegationEntry* end) { return Ends(*end, grant); });
    if (!ended) in_force.push_back(grant);
  }
  return in_force;
}

DelegationTotals TotalsAt(const std::vector<DelegationEntry>& ledger, Date date) {
  DelegationTotals totals;
  totals.date = date;
  std::map<std::tuple<int, std::string>, std::int64_t> cells;
  for (const auto& grant : EffectiveGrants(ledger, date)) {
    ++cells[{static_cast<int>(grant.kind), grant.category_code}];
    ++totals.in_force;
  }
  for (const auto& [key, count] : cells) {
    totals.grants.push_back(
        {static_cast<DelegationKind>(std::get<0>(key)), std::get<1>(key), count});
  }
  for (const auto& e : ledger) {
    if (e.effective_from > date) continue;
    if (e.kind == DelegationKind::kTakeBack) ++totals.taken_back;
    if (e.kind == DelegationKind::kCancel) ++totals.cancelled;
  }
  return totals;
}

}  // namespace zt::catalog
