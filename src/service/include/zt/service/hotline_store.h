// File: hotline_store.h
//
// The hotline's records behind their own port, reached from a unit of work by
// `uow.hotline()` so that the transaction and the event log stay shared: matters and their
// work orders, the routing rules (派单目录), the knowledge base (every version kept), and the
// telephony counters (calls in, calls answered) per day and line.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"
#include "zt/core/ids.h"
#include "zt/core/time.h"
#include "zt/hotline/figures.h"
#include "zt/hotline/knowledge.h"
#include "zt/hotline/matters.h"
#include "zt/hotline/work_order.h"
#include "zt/service/store.h"

namespace zt::service {

struct OrderQuery {
  std::string region_prefix;
  DepartmentId department_id;
  std::vector<std::string> states;  // any of these; empty for all
  std::string caller_phone;         // exact; "" for all
  bool urgent_only = false;
  std::optional<Date> due_before;          // due_date < this (overdue lists)
  std::string category_code;               // exact; "" for all (exports)
  std::optional<Instant> received_from;    // received_at >= this (exports)
  std::optional<Instant> received_before;  // received_at < this
  int offset = 0;
  int limit = 20;
  // Order: received_at descending (the newest matter first), then id.
};

struct CallCountRow {
  Date day;
  std::string line;  // source line, "phone" for the 12345 number
  std::int64_t calls_in = 0;
  std::int64_t calls_answered = 0;
};

inline constexpr std::size_t kMaxOrdersPerBulkInsert = 256;

class HotlineStore {
 public:
  virtual ~HotlineStore() = default;

  virtual Status InsertOrder(const hotline::WorkOrder& order) = 0;  // kAlreadyExists on number
  // Several orders (at most kMaxOrdersPerBulkInsert) in one statement (bulk import): all or
  // none; kAlreadyExists when any number is taken (or repeated among them), nothing written.
  // Callers use power-of-two counts so that few distinct statements exist.
  virtual Status InsertOrders(std::span<const hotline::WorkOrder> orders) = 0;
  // The stored version must equal expected_version; the row gets order.version.
  virtual Status UpdateOrder(const hotline::WorkOrder& order, std::int64_t expected_version) = 0;
  virtual Result<std::optional<hotline::WorkOrder>> FindOrder(const CaseId& id) = 0;
  virtual Result<std::optional<hotline::WorkOrder>> FindOrderByNumber(std::string_view number) = 0;
  virtual Result<Page<hotline::WorkOrder>> ListOrders(const OrderQuery& query) = 0;
  // Matters of one region and category received in [from, to): duplicate candidates.
  virtual Result<std::vector<hotline::DuplicateKey>> ListDuplicateKeys(std::string_view region_code,
                                                                       std::string_view category,
                                                                       Instant from,
                                                                       Instant to) = 0;
  // Facts of the matters received in [from, to) inside the region prefix.
  virtual Result<std::vector<hotline::OrderFacts>> ListOrderFacts(std::string_view region_prefix,
                                                                  Instant from, Instant to) = 0;

  virtual Status PutRoutingRule(const hotline::RoutingRule& rule) = 0;  // insert or replace
  virtual Result<std::vector<hotline::RoutingRule>> ListRoutingRules() = 0;

  // Appends a version; kAlreadyExists when (id, version) exists.
  virtual Status InsertArticleVersion(const hotline::Article& article) = 0;
  // The newest version of every article.
  virtual Result<std::vector<hotline::Article>> ListCurrentArticles() = 0;
  // Every version of one article, oldest first.
  virtual Result<std::vector<hotline::Article>> ListArticleVersions(std::string_view id) = 0;

  // Adds to the day's counters of one line (created at zero).
  virtual Status AddCallCounts(const CallCountRow& row) = 0;
  // Sums over days in [from, to].
  virtual Result<hotline::CallCounts> SumCallCounts(Date from, Date to) = 0;
};

}  // namespace zt::service
