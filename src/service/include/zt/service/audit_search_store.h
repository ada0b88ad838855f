// File: audit_search_store.h
//
// Searching the audit trail (the event log) for the audit administrator (RELIABILITY.md
// AUD-06): filters that are all optional and combine with AND, newest entries first, paged by
// sequence number.
//
//   AuditQuery q{.action_prefix = "account.", .result = "denied"};
//   ZT_ASSIGN_OR_RETURN(auto page, uow.audit_search().Search(q));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "zt/core/error.h"
#include "zt/core/time.h"
#include "zt/service/store.h"

namespace zt::service {

struct AuditQuery {
  std::string actor_id;          // exact; "" for any
  std::string action_prefix;     // "account." matches account.login, account.disabled, ...
  std::string object_type;       // exact
  std::string object_id;         // exact
  std::string result;            // "ok" | "denied" | "failed"; "" for any
  std::string request_id;        // exact
  std::optional<Instant> from;   // at >= from
  std::optional<Instant> until;  // at < until
  std::int64_t before_seq = 0;   // only entries with seq below it; 0 for the newest
  int limit = 50;
};

class AuditSearchStore {
 public:
  virtual ~AuditSearchStore() = default;
  // The matching entries, highest seq first, at most query.limit.
  virtual Result<std::vector<EventRecord>> Search(const AuditQuery& query) = 0;
};

}  // namespace zt::service
