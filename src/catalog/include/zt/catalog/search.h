// File: search.h
//
// The public catalogue search, as people type Chinese: an in-memory index over published
// items that matches queries of any length as substrings (a trigram index misses 社保 and
// 户口), understands everyday names through a synonym table (synonyms.cc), and ranks
//   exact name > name prefix > name substring > synonym hit > code match,
// then the shorter name, then the code. Pure: the service builds it from the store.
//
//   zt::catalog::CatalogIndex index(published_items);
//   auto hits = index.Search({.text = "社保", .region_prefix = "4408"});
//   for (const auto& h : hits) Show(*h.item);  // pointers stay valid while `index` lives
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "zt/catalog/item.h"
#include "zt/core/ids.h"

namespace zt::catalog {

// One everyday name and a formal term it stands for. An everyday name may have several
// rows (户口 → 户籍, 户口迁移).
struct Synonym {
  std::string_view everyday;  // what people type: "社保"
  std::string_view formal;    // what item names say: "社会保障卡"
};

// The synonym table (source: everyday usage; see synonyms.cc).
std::span<const Synonym> EverydaySynonyms();

// How a hit matched, best first.
enum class MatchKind { kExactName, kNamePrefix, kNameSubstring, kSynonym, kCode };

struct SearchQuery {
  std::string text;            // trimmed before matching; empty matches every item
  std::string region_prefix;   // the item's region_code starts with it; empty for all
  DepartmentId department_id;  // empty for all
  std::optional<ItemType> type;
};

struct SearchHit {
  const ServiceItem* item = nullptr;
  MatchKind kind = MatchKind::kExactName;
};

class CatalogIndex {
 public:
  // Keeps the published items of `items` (others are dropped).
  explicit CatalogIndex(std::vector<ServiceItem> items);

  // The items matching `query`, best first (see the file comment). Names match as byte
  // substrings of UTF-8, so one- and two-character queries work; codes match
  // case-insensitively. The pointers are valid while this index lives.
  std::vector<SearchHit> Search(const SearchQuery& query) const;

  std::size_t size() const { return items_.size(); }

 private:
  std::vector<ServiceItem> items_;
};

}  // namespace zt::catalog
