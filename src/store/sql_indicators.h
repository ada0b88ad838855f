// Private to the store module: the indicator counters and frozen snapshots
// (service/indicator_store.h) over the unit of work's statements. CountEvent is called by
// AppendEvent in the same transaction, so a counter never disagrees with the event log.
#pragma once

#include "sql_support.h"
#include "zt/calendar/calendar.h"
#include "zt/service/indicator_store.h"

namespace zt::store::internal {

class SqlIndicatorStore final : public service::IndicatorStore {
 public:
  explicit SqlIndicatorStore(Statements& sql)
      : sql_(sql), calendar_(calendar::WorkingCalendar::China()) {}

  // Adds the event to its day and month counters (all items, and its item) when it is a
  // counted case event.
  Status CountEvent(const service::EventRecord& record);

  Result<std::vector<indicators::CounterRow>> SumCounters(const service::CounterQuery& q) override;
  Result<std::vector<service::StoredCounter>> ListCounters() override;
  Result<std::vector<service::StoredCounter>> RecomputeCounters() override;
  Status RebuildCounters() override;
  Result<std::vector<service::CounterFact>> ListFacts(const service::FactQuery& q) override;
  Status InsertSnapshot(const service::Snapshot& s) override;
  Result<std::optional<service::Snapshot>> FindSnapshot(std::string_view region_code,
                                                        std::string_view department_id,
                                                        std::string_view from,
                                                        std::string_view to) override;
  Result<std::vector<catalog::ServiceItem>> ListItemFacts(std::string_view region_prefix,
                                                          std::string_view department_id) override;
  Result<std::optional<service::ReportDraftRecord>> FindReportDraft(std::string_view region_code,
                                                                    int year) override;
  Status SaveReportDraft(const service::ReportDraftRecord& draft,
                         std::int64_t expected_version) override;

 private:
  Status AddToCounters(const indicators::CounterKey& key);
  Statements& sql_;
  const calendar::WorkingCalendar& calendar_;
};

}  // namespace zt::store::internal
