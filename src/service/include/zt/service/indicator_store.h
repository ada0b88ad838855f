// File: indicator_store.h
//
// The indicator counters and frozen snapshots (store/sql_indicators.cc), reached through
// UnitOfWork::indicators(). Counters are kept per day and per month, added to in the same
// transaction as each application event (see AppendEvent), so that a dashboard reads a few
// aggregated rows instead of the cases; RecomputeCounters derives them again from the event
// log, and the two must agree.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"
#include "zt/core/time.h"
#include "zt/indicators/facts.h"
#include "zt/service/store.h"

namespace zt::service {

// Which counters to add up. Day bounds and month bounds as text, both inclusive; the
// service splits a period into whole months and leftover days (indicators::SplitPeriod).
struct CounterQuery {
  enum class Grain { kDay, kMonth };
  Grain grain = Grain::kMonth;
  std::string from;  // "YYYY-MM-DD" or "YYYY-MM"
  std::string to;
  std::string region_prefix;  // empty for all
  std::string department_id;  // empty for all
  std::string item_id;        // empty: the all-items rows; else that item's rows
  std::string level;          // empty for all; else the case region's level ("county", ...)
  // Group by: "" (attributes only), "month", "department" or "region".
  std::string group_by;
};

// One stored counter row, as written (for the recomputation check).
struct StoredCounter {
  std::string grain;  // "day" | "month"
  std::string period;
  // key.working_days and key.visits hold the sums; key.item_id is "" for the all-items rows.
  indicators::CounterKey key;
  std::int64_t count = 0;
  friend bool operator==(const StoredCounter&, const StoredCounter&) = default;
};

// The events behind a number (drill-down): one application event with its case.
struct CounterFact {
  std::int64_t seq = 0;
  Instant at{};
  std::string object_id;
  std::string receipt_no;
  std::string item_name;
  indicators::CounterKey key;
};

struct FactQuery {
  std::string action;
  Instant from{};  // inclusive
  Instant to{};    // exclusive
  std::string region_prefix;
  std::string department_id;
  std::string item_id;  // empty for all
  int limit = 200;
};

// A frozen period: the values as they stood at the reporting date.
struct SnapshotValue {
  std::string indicator_id;
  int version = 1;
  std::optional<double> value;
  double numerator = 0;
  std::int64_t denominator = 0;
  std::string formula;
};

struct Snapshot {
  std::string region_code;
  std::string department_id;  // "" for the whole region
  std::string from;           // "YYYY-MM-DD"
  std::string to;
  Instant frozen_at{};
  AccountId frozen_by;
  std::vector<SnapshotValue> values;
};

// The stored draft of an annual report: the figure values when it was last generated and
// the prose staff edited (both in report::Encode* text form).
struct ReportDraftRecord {
  std::string region_code;
  int year = 0;
  Instant generated_at{};
  AccountId generated_by;
  std::string figures;
  std::string prose;
  std::int64_t version = 1;
};

class IndicatorStore {
 public:
  virtual ~IndicatorStore() = default;

  // Counter rows summed and grouped as asked.
  virtual Result<std::vector<indicators::CounterRow>> SumCounters(const CounterQuery& q) = 0;
  // Every stored counter row, ordered by grain, period and key.
  virtual Result<std::vector<StoredCounter>> ListCounters() = 0;
  // The same rows derived afresh from the event log (and the fixed case fields).
  virtual Result<std::vector<StoredCounter>> RecomputeCounters() = 0;
  // Replaces the counters by the recomputation (repair after a restore).
  virtual Status RebuildCounters() = 0;
  // Application events behind a number, oldest first.
  virtual Result<std::vector<CounterFact>> ListFacts(const FactQuery& q) = 0;

  virtual Status InsertSnapshot(const Snapshot& s) = 0;  // kAlreadyExists if frozen before
  virtual Result<std::optional<Snapshot>> FindSnapshot(std::string_view region_code,
                                                       std::string_view department_id,
                                                       std::string_view from,
                                                       std::string_view to) = 0;

  // The published items in scope with only what item formulas read (id, code, name,
  // department, region, limits, case kind, online, type; no materials), ordered by id.
  virtual Result<std::vector<catalog::ServiceItem>> ListItemFacts(
      std::string_view region_prefix, std::string_view department_id) = 0;

  virtual Result<std::optional<ReportDraftRecord>> FindReportDraft(std::string_view region_code,
                                                                   int year) = 0;
  // Inserts when expected_version is 0, else replaces the row whose version equals it (the
  // caller sets draft.version = expected_version + 1); kAborted when stale.
  virtual Status SaveReportDraft(const ReportDraftRecord& draft, std::int64_t expected_version) = 0;
};

}  // namespace zt::service
