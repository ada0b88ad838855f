#include "zt/hotline/knowledge.h"

#include <algorithm>

#include "zt/catalog/search.h"
#include "zt/core/text.h"

namespace zt::hotline {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool Has(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace

Status ValidateArticle(const Article& a) {
  std::vector<FieldError> errors;
  std::size_t title = Utf8Length(a.title);
  if (title < 1 || title > 100) {
    errors.push_back({"/title", "hotline.text_length", "a title needs 1 to 100 characters"});
  }
  std::size_t body = Utf8Length(a.body);
  if (body < 1 || body > 5000) {
    errors.push_back({"/body", "hotline.text_length", "a body needs 1 to 5000 characters"});
  }
  if (Utf8Length(a.keywords) > 200) {
    errors.push_back({"/keywords", "hotline.text_length", "keywords have at most 200 characters"});
  }
  if (errors.empty()) return Ok();
  return Fail(ErrorCode::kInvalidArgument, "hotline.text_length", "the article has invalid fields",
              std::move(errors));
}

std::vector<ArticleHit> SearchArticles(std::span<const Article> articles, std::string_view query,
                                       std::size_t limit) {
  const std::string_view q = Trim(query);
  // The formal words the catalogue's synonym table gives for what people type.
  std::vector<std::string_view> formal;
  for (const auto& s : catalog::EverydaySynonyms()) {
    if (!q.empty() && (s.everyday == q || Has(q, s.everyday))) formal.push_back(s.formal);
  }
  std::vector<ArticleHit> hits;
  for (const auto& a : articles) {
    std::optional<ArticleMatch> match;
    if (q.empty()) {
      match = ArticleMatch::kTitle;
    } else if (a.title == q) {
      match = ArticleMatch::kExactTitle;
    } else if (Has(a.title, q)) {
      match = ArticleMatch::kTitle;
    } else if (Has(a.keywords, q)) {
      match = ArticleMatch::kKeywords;
    } else if (std::any_of(formal.begin(), formal.end(), [&](std::string_view f) {
                 return Has(a.title, f) || Has(a.keywords, f) || Has(a.body, f);
               })) {
      match = ArticleMatch::kSynonym;
    } else if (Has(a.body, q)) {
      match = ArticleMatch::kBody;
    }
    if (match) hits.push_back({&a, *match});
  }
  std::stable_sort(hits.begin(), hits.end(), [](const ArticleHit& x, const ArticleHit& y) {
    if (x.match != y.match) return x.match < y.match;
    std::size_t lx = Utf8Length(x.article->title), ly = Utf8Length(y.article->title);
    if (lx != ly) return lx < ly;
    return x.article->id < y.article->id;
  });
  if (hits.size() > limit) hits.resize(limit);
  return hits;
}

}  // namespace zt::hotline
