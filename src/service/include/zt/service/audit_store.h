// File: audit_store.h
//
// Reading the audit trail (the event log) by request and by position, for the coverage
// guarantee of AUD-01 (one record per state-changing request, docs/security.md) and for the
// automatic checkpoints. Appending stays UnitOfWork::AppendEvent, the one way in.
//
//   ZT_ASSIGN_OR_RETURN(auto written, uow.audit().EventsOfRequest(ctx.request_id));
//   if (written.empty()) { /* the request left no record: write its refusal */ }
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"
#include "zt/service/store.h"

namespace zt::service {

class AuditStore {
 public:
  virtual ~AuditStore() = default;
  // Every entry appended with this request id, in seq order ("" matches nothing).
  virtual Result<std::vector<EventRecord>> EventsOfRequest(std::string_view request_id) = 0;
  // The last entry's seq and hash; {0, ""} for an empty log.
  virtual Result<ChainAnchor> Head() = 0;
  // The stored hashes (hex) of entries after_seq + 1 … after_seq + limit, in seq order: the
  // leaves of the Merkle tree of the log (audit_checkpoint.h).
  virtual Result<std::vector<std::string>> EntryHashes(std::int64_t after_seq,
                                                       std::int64_t limit) = 0;
};

}  // namespace zt::service
