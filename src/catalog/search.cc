#include "zt/catalog/search.h"

#include <algorithm>
#include <tuple>

#include "zt/core/text.h"

namespace zt::catalog {
namespace {

std::string_view Trim(std::string_view s) {
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  while (true) {
    if (!s.empty() &&
        (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
      s.remove_prefix(1);
    } else if (!s.empty() &&
               (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
      s.remove_suffix(1);
    } else if (s.starts_with(kIdeographicSpace)) {
      s.remove_prefix(kIdeographicSpace.size());
    } else if (s.ends_with(kIdeographicSpace)) {
      s.remove_suffix(kIdeographicSpace.size());
    } else {
      return s;
    }
  }
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

// The query with every occurrence of `term` removed must leave only pieces the name
// contains: "社保卡补办" with 社保 → 社会保障卡 needs the name to contain "卡补办".
bool RestMatches(std::string_view name, std::string_view query, std::string_view term) {
  std::size_t at = 0;
  while (at <= query.size()) {
    std::size_t next = query.find(term, at);
    std::string_view piece =
        Trim(query.substr(at, next == std::string_view::npos ? next : next - at));
    if (!piece.empty() && !Contains(name, piece)) return false;
    if (next == std::string_view::npos) break;
    at = next + term.size();
  }
  return true;
}

bool SynonymMatches(std::string_view name, std::string_view query) {
  for (const Synonym& s : EverydaySynonyms()) {
    if (Contains(query, s.everyday) && Contains(name, s.formal) &&
        RestMatches(name, query, s.everyday)) {
      return true;
    }
  }
  return false;
}

}  // namespace

CatalogIndex::CatalogIndex(std::vector<ServiceItem> items) {
  for (auto& item : items) {
    if (item.status == ItemStatus::kPublished) items_.push_back(std::move(item));
  }
}

std::vector<SearchHit> CatalogIndex::Search(const SearchQuery& query) const {
  std::string_view text = Trim(query.text);
  std::string code_text = AsciiLower(text);
  std::vector<SearchHit> hits;
  for (const ServiceItem& item : items_) {
    if (!item.region_code.starts_with(query.region_prefix)) continue;
    if (!query.department_id.empty() && item.department_id != query.department_id) continue;
    if (query.type && item.type != *query.type) continue;
    std::string_view name = item.name;
    std::optional<MatchKind> kind;
    if (text.empty() || name == text) {
      kind = MatchKind::kExactName;
    } else if (name.starts_with(text)) {
      kind = MatchKind::kNamePrefix;
    } else if (Contains(name, text)) {
      kind = MatchKind::kNameSubstring;
    } else if (SynonymMatches(name, text)) {
      kind = MatchKind::kSynonym;
    } else if (Contains(AsciiLower(item.code), code_text)) {
      kind = MatchKind::kCode;
    }
    if (kind) hits.push_back({&item, *kind});
  }
  std::stable_sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) {
    return std::tuple(a.kind, Utf8Length(a.item->name), std::string_view(a.item->code)) <
           std::tuple(b.kind, Utf8Length(b.item->name), std::string_view(b.item->code));
  });
  return hits;
}

}  // namespace zt::catalog
