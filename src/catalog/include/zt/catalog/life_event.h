// File: life_event.h
//
// Life events (一件事): the items a citizen or a business meets together — opening a
// business, a newborn — offered as one bundle with one combined list of materials that asks
// for each material once, however many of the bundle's items require it.
//
//   zt::Status ok = zt::catalog::Validate(event);
//   auto materials = zt::catalog::CombineMaterials(items_of_the_event);
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

enum class Audience { kPerson, kEnterprise };
std::string_view AudienceName(Audience a);  // "person" | "enterprise"
Result<Audience> ParseAudience(std::string_view name);

struct LifeEvent {
  std::string id;
  std::string code;  // unique: letters, digits, '-', '_'; 4..64 characters
  std::string name;  // 开办企业, 新生儿出生; 1..100 characters
  Audience audience = Audience::kPerson;
  std::string description;            // 0..2000 characters
  std::string region_code;            // where it is offered
  std::vector<ItemId> item_ids;       // 2..50 distinct items, in the order they are done
  std::vector<std::string> keywords;  // extra search words, 0..20 of 1..20 characters
  std::int64_t version = 0;           // the optimistic lock (ETag): every change bumps it
  Instant created_at{};
  Instant updated_at{};
  // As for power items: a change makes revision n+1 in force from effective_from, and the
  // revision before ends the day before (civil dates, CST, inclusive).
  std::int64_t revision = 1;
  Date effective_from;
  std::optional<Date> effective_to;  // the last day in force; empty while open-ended
  bool withdrawn = false;
};

// The fields that differ between two revisions ("name", "item_ids", ...), in field order.
std::vector<std::string> ChangedFields(const LifeEvent& before, const LifeEvent& after);

// Whether `revision` was the one in force on `date`.
bool InForceAt(const LifeEvent& revision, Date date);

// Every problem at once: kInvalidArgument "life_event.invalid" with field errors.
Status Validate(const LifeEvent& event);

// One material of the combined list and every item of the bundle that asks for it.
struct CombinedMaterial {
  std::string name;       // as the first item names it
  bool required = false;  // required by at least one item
  // 容缺 applies only when every item that asks for it treats it as secondary.
  bool secondary = true;
  std::string licence_type_code;  // 免提交 by this licence when any item names one
  std::vector<ItemId> item_ids;   // the items asking for it, in bundle order
};

// The key two material names are merged by: whitespace dropped, full-width brackets and
// punctuation folded to ASCII, 《》 removed, letters lower-cased ("《营业执照》（副本）"
// and "营业执照(副本)" are one material).
std::string MaterialKey(std::string_view name);

// The bundle's materials, each asked for once, in the order of first appearance.
std::vector<CombinedMaterial> CombineMaterials(const std::vector<ServiceItem>& items);

}  // namespace zt::catalog
