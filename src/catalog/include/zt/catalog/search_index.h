// File: search_index.h
//
// The ranked public search (一网通办 search box) over a large catalogue: a character
// inverted index — every character and every pair of adjacent characters (bigram) of each
// item's title, aliases, life-event names, keywords and code points to the items holding it.
// A query of two or more characters intersects the postings of its bigrams and then checks
// the candidates as substrings, so 2-character queries (社保, 户口) are one posting-list read
// and longer ones get faster, not slower. (A trigram index, as SQLite FTS5 trigram or
// pg_trgm would give, cannot answer the 2-character queries people type most.) The index is
// built in memory from the store, so SQLite and PostgreSQL give the same results.
//
// Ranking: title (exact > prefix > substring) > alias (everyday name, synonyms.cc) > life
// event > keyword > code; then popularity (descending), shorter title, code.
//
//   zt::catalog::SearchIndex index(std::move(documents));
//   auto result = index.Search({.text = "社保", .level = zt::catalog::Level::kCounty});
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "zt/catalog/item.h"
#include "zt/catalog/standard.h"
#include "zt/core/ids.h"

namespace zt::catalog {

struct SearchDocument {
  ServiceItem item;
  Level level = Level::kCity;
  std::string department_name;
  std::vector<std::string> life_events;  // names of the life events that bundle it
  std::vector<std::string> keywords;     // keywords of those life events and others
  std::int64_t popularity = 0;           // e.g. applications made for it
};

// Where the query matched, best first.
enum class MatchField { kTitleExact, kTitlePrefix, kTitle, kAlias, kLifeEvent, kKeyword, kCode };
std::string_view MatchFieldName(MatchField f);  // "title" | "alias" | "life_event" | ...

struct RankedQuery {
  std::string text;  // trimmed; empty matches every item (ordered by popularity)
  std::string region_prefix;
  DepartmentId department_id;
  std::optional<Level> level;
  std::optional<ItemType> type;
  std::optional<bool> online;
  // 网上办理深度: the item's elements.online_depth (items stored without elements count as
  // information only, as their record reads).
  std::optional<OnlineDepth> online_depth;
  int offset = 0;
  int limit = 20;
};

struct RankedHit {
  const SearchDocument* document = nullptr;
  MatchField field = MatchField::kTitle;
};

struct RankedResult {
  std::int64_t total = 0;       // every match, before paging
  std::vector<RankedHit> hits;  // the page, best first
};

class SearchIndex {
 public:
  // Keeps the published items of `documents`. Aliases are derived from the synonym table:
  // an item whose title contains a formal term gets the everyday name as an alias.
  explicit SearchIndex(std::vector<SearchDocument> documents);

  RankedResult Search(const RankedQuery& query) const;
  std::size_t size() const { return docs_.size(); }

 private:
  struct Entry {
    SearchDocument doc;
    std::string title;  // lower-cased ASCII, like every field below
    std::vector<std::string> aliases;
    std::vector<std::string> life_events;
    std::vector<std::string> keywords;
    std::string code;
  };
  std::vector<std::uint32_t> Candidates(std::string_view text) const;
  std::optional<MatchField> Match(const Entry& e, std::string_view text) const;

  std::vector<Entry> docs_;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> postings_;
};

}  // namespace zt::catalog
