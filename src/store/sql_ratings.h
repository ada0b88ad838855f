// Private to the store module: the SQL of ratings and rectification cases
// (service/rating_store.h), over the unit of work's statements.
#pragma once

#include "sql_support.h"
#include "zt/service/rating_store.h"

namespace zt::store::internal {

class SqlRatingStore final : public service::RatingStore {
 public:
  explicit SqlRatingStore(Statements& sql) : sql_(sql) {}

  Status InsertRating(const service::RatingRecord& rating) override;
  Result<std::optional<service::RatingRecord>> FindRating(std::string_view id) override;
  Result<std::vector<service::RatingRecord>> ListRatings(const service::RatingQuery& query,
                                                         std::int64_t* total) override;
  Result<std::vector<CaseId>> ListUnratedConcluded(Instant cutoff, int limit) override;

  Status InsertRectification(const service::RectificationRecord& r) override;
  Status UpdateRectification(const service::RectificationRecord& r,
                             std::int64_t expected_version) override;
  Result<std::optional<service::RectificationRecord>> FindRectification(
      std::string_view id) override;
  Result<std::vector<service::RectificationRecord>> ListRectifications(
      const service::RectificationQuery& query, std::int64_t* total) override;

 private:
  Statements& sql_;
};

}  // namespace zt::store::internal
