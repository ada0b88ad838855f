// Private to the store module: the JSON documents kept in TEXT columns (item materials,
// event details). Boost.JSON stays inside json_fields.cc.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "zt/caseflow/clock.h"
#include "zt/catalog/item.h"
#include "zt/core/error.h"

namespace zt::store::internal {

using Details = std::vector<std::pair<std::string, std::string>>;

// True when `s` is well-formed UTF-8 without NUL bytes (PostgreSQL text cannot hold NUL,
// and the event hash must be recomputable from what both databases return).
bool IsStorableText(std::string_view s);

// {"key":"value",...} in the given order. The caller guarantees unique keys and storable text.
std::string DetailsToJson(const Details& details);
// Members in document order; kInternal (key "store.corrupt_row") unless `json` is an object
// whose values are all strings.
Result<Details> DetailsFromJson(std::string_view json);

// [{"name":...,"required":true,"note":...},...]
std::string MaterialsToJson(const std::vector<catalog::Material>& materials);
Result<std::vector<catalog::Material>> MaterialsFromJson(std::string_view json);

// A case's pause ledger: [{"from":ms,"to":ms|null,"kind":"...","reason":"..."},...].
std::string PausesToJson(const std::vector<caseflow::ClockPause>& pauses);
// kInternal ("store.corrupt_row") when `json` is not such an array.
Result<std::vector<caseflow::ClockPause>> PausesFromJson(std::string_view json);

}  // namespace zt::store::internal
