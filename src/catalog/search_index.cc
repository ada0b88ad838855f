#include "zt/catalog/search_index.h"

#include <algorithm>
#include <tuple>

#include "zt/catalog/search.h"
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

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The code points of UTF-8 text; a malformed byte stands for itself so nothing is lost.
std::vector<std::uint32_t> CodePoints(std::string_view s) {
  std::vector<std::uint32_t> out;
  std::size_t i = 0;
  while (i < s.size()) {
    auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = b < 0x80           ? 1
                      : (b >> 5) == 0x6  ? 2
                      : (b >> 4) == 0xE  ? 3
                      : (b >> 3) == 0x1E ? 4
                                         : 1;
    if (i + len > s.size()) len = 1;
    std::uint32_t cp = len == 1 ? b : (b & (0xFF >> (len + 1)));
    for (std::size_t k = 1; k < len; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

// Unigram keys are the code point; bigram keys carry the first one in the high half (+1 so
// that a bigram starting with U+0000 differs from any unigram).
std::uint64_t Unigram(std::uint32_t a) { return a; }
std::uint64_t Bigram(std::uint32_t a, std::uint32_t b) {
  return ((static_cast<std::uint64_t>(a) + 1) << 32) | b;
}

std::vector<std::uint64_t> KeysOf(std::string_view text) {
  auto cps = CodePoints(text);
  std::vector<std::uint64_t> keys;
  if (cps.size() == 1) {
    keys.push_back(Unigram(cps[0]));
  } else {
    for (std::size_t i = 0; i + 1 < cps.size(); ++i) keys.push_back(Bigram(cps[i], cps[i + 1]));
  }
  return keys;
}

bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

bool AnyContains(const std::vector<std::string>& fields, std::string_view needle) {
  return std::ranges::any_of(fields, [&](const std::string& f) { return Contains(f, needle); });
}

// "社保卡补办" with 社保 → 社会保障卡: the title holds 社会保障卡 and every other piece (卡补办).
bool SynonymMatches(std::string_view title, std::string_view query) {
  for (const Synonym& s : EverydaySynonyms()) {
    if (!Contains(query, s.everyday) || !Contains(title, s.formal)) continue;
    bool rest_ok = true;
    std::size_t at = 0;
    while (rest_ok && at <= query.size()) {
      std::size_t next = query.find(s.everyday, at);
      std::string_view piece =
          Trim(query.substr(at, next == std::string_view::npos ? next : next - at));
      if (!piece.empty() && !Contains(title, piece)) rest_ok = false;
      if (next == std::string_view::npos) break;
      at = next + s.everyday.size();
    }
    if (rest_ok) return true;
  }
  return false;
}

void IntersectInto(std::vector<std::uint32_t>& acc, const std::vector<std::uint32_t>& list) {
  std::vector<std::uint32_t> out;
  std::ranges::set_intersection(acc, list, std::back_inserter(out));
  acc.swap(out);
}

}  // namespace

std::string_view MatchFieldName(MatchField f) {
  switch (f) {
    case MatchField::kTitleExact:
    case MatchField::kTitlePrefix:
    case MatchField::kTitle:
      return "title";
    case MatchField::kAlias:
      return "alias";
    case MatchField::kLifeEvent:
      return "life_event";
    case MatchField::kKeyword:
      return "keyword";
    case MatchField::kCode:
      return "code";
  }
  return "title";
}

SearchIndex::SearchIndex(std::vector<SearchDocument> documents) {
  for (auto& d : documents) {
    if (d.item.status != ItemStatus::kPublished) continue;
    Entry e;
    e.title = Lower(d.item.name);
    for (const Synonym& s : EverydaySynonyms()) {
      if (Contains(d.item.name, s.formal) &&
          std::ranges::find(e.aliases, s.everyday) == e.aliases.end()) {
        e.aliases.emplace_back(s.everyday);
      }
    }
    for (const auto& l : d.life_events) e.life_events.push_back(Lower(l));
    for (const auto& k : d.keywords) e.keywords.push_back(Lower(k));
    e.code = Lower(d.item.code);
    e.doc = std::move(d);
    docs_.push_back(std::move(e));
  }
  for (std::uint32_t id = 0; id < docs_.size(); ++id) {
    const Entry& e = docs_[id];
    auto add_text = [&](std::string_view text) {
      auto cps = CodePoints(text);
      for (std::size_t i = 0; i < cps.size(); ++i) {
        auto post = [&](std::uint64_t key) {
          auto& list = postings_[key];
          if (list.empty() || list.back() != id) list.push_back(id);  // ids ascend
        };
        post(Unigram(cps[i]));
        if (i + 1 < cps.size()) post(Bigram(cps[i], cps[i + 1]));
      }
    };
    add_text(e.title);
    for (const auto& a : e.aliases) add_text(a);
    for (const auto& l : e.life_events) add_text(l);
    for (const auto& k : e.keywords) add_text(k);
    add_text(e.code);
  }
}

// Items whose indexed text holds every bigram of `text` (or its one character).
std::vector<std::uint32_t> SearchIndex::Candidates(std::string_view text) const {
  auto keys = KeysOf(text);
  std::vector<const std::vector<std::uint32_t>*> lists;
  for (std::uint64_t key : keys) {
    auto found = postings_.find(key);
    if (found == postings_.end()) return {};
    lists.push_back(&found->second);
  }
  if (lists.empty()) return {};
  std::ranges::sort(lists, {}, [](const auto* l) { return l->size(); });
  std::vector<std::uint32_t> acc = *lists.front();
  for (std::size_t i = 1; i < lists.size() && !acc.empty(); ++i) IntersectInto(acc, *lists[i]);
  return acc;
}

std::optional<MatchField> SearchIndex::Match(const Entry& e, std::string_view text) const {
  if (e.title == text) return MatchField::kTitleExact;
  if (e.title.starts_with(text)) return MatchField::kTitlePrefix;
  if (Contains(e.title, text)) return MatchField::kTitle;
  if (AnyContains(e.aliases, text) || SynonymMatches(e.title, text)) return MatchField::kAlias;
  if (AnyContains(e.life_events, text)) return MatchField::kLifeEvent;
  if (AnyContains(e.keywords, text)) return MatchField::kKeyword;
  if (Contains(e.code, text)) return MatchField::kCode;
  return std::nullopt;
}

RankedResult SearchIndex::Search(const RankedQuery& query) const {
  const std::string text = Lower(Trim(query.text));
  auto passes = [&](const SearchDocument& d) {
    return d.item.region_code.starts_with(query.region_prefix) &&
           (query.department_id.empty() || d.item.department_id == query.department_id) &&
           (!query.level || d.level == *query.level) &&
           (!query.type || d.item.type == *query.type) &&
           (!query.online || d.item.online == *query.online) &&
           (!query.online_depth || d.item.elements.online_depth == *query.online_depth);
  };
  std::vector<RankedHit> hits;
  if (text.empty()) {
    for (const Entry& e : docs_) {
      if (passes(e.doc)) hits.push_back({&e.doc, MatchField::kTitle});
    }
  } else {
    std::vector<std::uint32_t> ids = Candidates(text);
    // A synonym in the query also finds titles that use the formal term instead.
    for (const Synonym& s : EverydaySynonyms()) {
      if (!Contains(text, s.everyday) || text == s.everyday) continue;
      std::vector<std::uint32_t> more = Candidates(s.formal);
      std::vector<std::uint32_t> merged;
      std::ranges::set_union(ids, more, std::back_inserter(merged));
      ids.swap(merged);
    }
    for (std::uint32_t id : ids) {
      const Entry& e = docs_[id];
      if (!passes(e.doc)) continue;
      if (auto field = Match(e, text)) hits.push_back({&e.doc, *field});
    }
  }
  auto better = [](const RankedHit& a, const RankedHit& b) {
    return std::tuple(a.field, -a.document->popularity, Utf8Length(a.document->item.name),
                      std::string_view(a.document->item.code)) <
           std::tuple(b.field, -b.document->popularity, Utf8Length(b.document->item.name),
                      std::string_view(b.document->item.code));
  };
  RankedResult result;
  result.total = static_cast<std::int64_t>(hits.size());
  std::size_t offset = static_cast<std::size_t>(std::max(query.offset, 0));
  std::size_t end =
      std::min(hits.size(), offset + static_cast<std::size_t>(std::max(query.limit, 0)));
  if (offset >= hits.size()) return result;
  std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(end), hits.end(),
                    better);
  result.hits.assign(hits.begin() + static_cast<std::ptrdiff_t>(offset),
                     hits.begin() + static_cast<std::ptrdiff_t>(end));
  return result;
}

}  // namespace zt::catalog
