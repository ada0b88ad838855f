// File: knowledge.h
//
// The hotline's knowledge base (知识库): versioned articles the agents answer from
// (直接办结), searched in Chinese like the catalogue: substrings of UTF-8, so one- and
// two-character queries (社保, 噪音) work, and the catalogue's everyday synonyms
// (catalog::EverydaySynonyms) widen a query to the formal words articles use.
// Ranking: title equal > title contains > keywords contain > synonym hit > body contains,
// then the shorter title.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"
#include "zt/core/ids.h"
#include "zt/core/time.h"

namespace zt::hotline {

struct Article {
  std::string id;  // stable across versions
  std::int64_t version = 1;
  std::string title;
  std::string body;
  std::string keywords;  // space-separated
  std::string category_code;
  AccountId author_id;
  Instant updated_at{};
};

// title 1..100, body 1..5000, keywords ≤ 200 characters: kInvalidArgument with field errors
// (key "hotline.text_length").
Status ValidateArticle(const Article& article);

enum class ArticleMatch { kExactTitle, kTitle, kKeywords, kSynonym, kBody };

struct ArticleHit {
  const Article* article = nullptr;
  ArticleMatch match = ArticleMatch::kBody;
};

// The current versions to search; empty `query` lists all. Pointers stay valid while
// `articles` does.
std::vector<ArticleHit> SearchArticles(std::span<const Article> articles, std::string_view query,
                                       std::size_t limit = 20);

}  // namespace zt::hotline
