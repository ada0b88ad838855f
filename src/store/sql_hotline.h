// Private to the store module: the SQL of the 12345 hotline (service/hotline_store.h), over the
// unit of work's statements.
#pragma once

#include "sql_support.h"
#include "zt/service/hotline_store.h"

namespace zt::store::internal {

class SqlHotlineStore final : public service::HotlineStore {
 public:
  explicit SqlHotlineStore(Statements& sql) : sql_(sql) {}

  Status InsertOrder(const hotline::WorkOrder& order) override;
  Status InsertOrders(std::span<const hotline::WorkOrder> orders) override;
  Status UpdateOrder(const hotline::WorkOrder& order, std::int64_t expected_version) override;
  Result<std::optional<hotline::WorkOrder>> FindOrder(const CaseId& id) override;
  Result<std::optional<hotline::WorkOrder>> FindOrderByNumber(std::string_view number) override;
  Result<service::Page<hotline::WorkOrder>> ListOrders(const service::OrderQuery& query) override;
  Result<std::vector<hotline::DuplicateKey>> ListDuplicateKeys(std::string_view region_code,
                                                               std::string_view category,
                                                               Instant from, Instant to) override;
  Result<std::vector<hotline::OrderFacts>> ListOrderFacts(std::string_view region_prefix,
                                                          Instant from, Instant to) override;
  Status PutRoutingRule(const hotline::RoutingRule& rule) override;
  Result<std::vector<hotline::RoutingRule>> ListRoutingRules() override;
  Status InsertArticleVersion(const hotline::Article& article) override;
  Result<std::vector<hotline::Article>> ListCurrentArticles() override;
  Result<std::vector<hotline::Article>> ListArticleVersions(std::string_view id) override;
  Status AddCallCounts(const service::CallCountRow& row) override;
  Result<hotline::CallCounts> SumCallCounts(Date from, Date to) override;

 private:
  Statements& sql_;
};

}  // namespace zt::store::internal
