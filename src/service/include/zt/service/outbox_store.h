// File: outbox_store.h
//
// The transactional outbox of notifications (docs/materials.md, "Notifications"): a message
// is written in the same transaction as the transition it announces, and a delivery step
// hands it to a Notifier afterwards (at least once; the id lets a receiver deduplicate).
// Reached from a unit of work as uow.outbox().
//
// Errors as the store port (store.h): kAlreadyExists, kAborted (stale version), kNotFound,
// kUnavailable, kInternal.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"
#include "zt/core/ids.h"
#include "zt/core/time.h"

namespace zt::service {

struct OutboxMessage {
  std::string id;  // "msg_...": stable across retries, the receiver's deduplication key
  CaseId case_id;
  std::string receipt_no;
  std::string milestone;  // "submitted", "correction", "accepted", ... (MessageTemplates)
  std::string channel = "sms";
  std::string recipient;  // the applicant's mobile number (masked when shown to staff)
  AccountId applicant_account;
  std::string locale = "zh-CN";
  std::string subject;
  std::string body;
  std::string status = "pending";  // "pending" | "sent" | "failed"
  int attempts = 0;
  Instant next_attempt_at{};
  std::string last_error;
  Instant created_at{};
  std::optional<Instant> sent_at;
  std::string region_code;
  DepartmentId department_id;
  std::int64_t version = 1;
};

struct OutboxQuery {
  CaseId case_id;             // exact; empty for all
  std::string region_prefix;  // empty for all
  DepartmentId department_id;
  std::string status;  // exact; empty for all
  int offset = 0;
  int limit = 20;  // clamped to 0..10000
};

class OutboxStore {
 public:
  virtual ~OutboxStore() = default;
  virtual Status InsertMessage(const OutboxMessage& m) = 0;  // kAlreadyExists on id
  virtual Result<std::optional<OutboxMessage>> FindMessage(std::string_view id) = 0;
  // Pending messages whose next attempt is due at `now`, oldest first, at most `limit`.
  virtual Result<std::vector<OutboxMessage>> ListDue(Instant now, int limit) = 0;
  // The stored version must equal expected_version; the row gets m.version.
  virtual Status UpdateMessage(const OutboxMessage& m, std::int64_t expected_version) = 0;
  // Newest first.
  virtual Result<std::vector<OutboxMessage>> ListMessages(const OutboxQuery& query,
                                                          std::int64_t* total = nullptr) = 0;
};

}  // namespace zt::service
