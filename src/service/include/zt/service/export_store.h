// File: export_store.h
//
// The list of export requests (docs/exports.md), reached from a unit of work by
// `uow.exports()`. The request itself is the fold of its events on ("export", id); this is
// only the index that lets a caller page through the requests they may see, kept in the
// same transaction as each event that changes a request's state.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "zt/core/error.h"
#include "zt/core/ids.h"
#include "zt/core/time.h"
#include "zt/service/store.h"

namespace zt::service {

struct ExportIndexRow {
  std::string id;
  std::string kind;  // "applications" | "hotline_orders"
  AccountId requested_by;
  std::string region_code;
  DepartmentId department_id;  // "" for a whole region
  std::string state;           // "pending" | "approved" | "refused" | "downloaded"
  Instant requested_at{};
  std::optional<Instant> decided_at;
};

// The requests a caller sees: their own, and (when `decidable_kinds` is not empty) others'
// requests of those kinds inside `region_prefix` (and `department_id` when set).
struct ExportIndexQuery {
  AccountId viewer;
  std::vector<std::string> decidable_kinds;
  std::string region_prefix;  // as RegionScopePrefix gives it
  DepartmentId department_id;
  std::string state;  // stored state; "" for all
  // For state "approved": kOnlyLive keeps approvals at or after `cutoff`, kOnlyExpired those
  // before it.
  enum class Expiry { kAny, kOnlyLive, kOnlyExpired } expiry = Expiry::kAny;
  Instant cutoff{};
  int offset = 0;
  int limit = 20;
  // Order: requested_at descending (the newest first), then id.
};

class ExportStore {
 public:
  virtual ~ExportStore() = default;
  virtual Status InsertExport(const ExportIndexRow& row) = 0;  // kAlreadyExists on id
  // kNotFound when the request is not indexed (asked before the index existed).
  virtual Status SetExportState(const std::string& id, const std::string& state,
                                std::optional<Instant> decided_at) = 0;
  virtual Result<Page<ExportIndexRow>> ListExports(const ExportIndexQuery& query) = 0;
};

}  // namespace zt::service
