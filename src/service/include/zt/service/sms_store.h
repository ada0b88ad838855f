// File: sms_store.h
//
// The records of SMS one-time codes (AUTH-06, docs/security.md): one row per code request,
// whether or not the number belongs to a citizen (so rate limits and answers do not depend
// on it). Numbers and codes are kept only as keyed digests (KeyedDigest), never in the clear.
// Reached from the unit of work: tx->sms().
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

struct SmsCodeRecord {
  std::string id;
  std::string phone_key;  // KeyedDigest of the normalised number
  AccountId account_id;   // the citizen the code was sent to; empty: nothing was sent
  std::string code_hash;  // KeyedDigest of "<id>:<code>"; empty when nothing was sent
  std::string source_ip;
  Instant created_at{};
  Instant expires_at{};
  int failed_attempts = 0;
  // "pending" (may be used), "used", "dead" (too many wrong tries), "unsent" (no citizen).
  std::string state = "pending";
  std::int64_t version = 1;
};

class SmsStore {
 public:
  virtual ~SmsStore() = default;

  // A keyed digest (the deployment's blind-index key of personal data, outside the database)
  // of `text`: without the key, a copy of the table cannot be searched for numbers or codes.
  virtual std::string KeyedDigest(std::string_view text) = 0;

  virtual Status InsertCode(const SmsCodeRecord& code) = 0;
  // Replaces failed_attempts and state and bumps the version if it equals expected_version;
  // kAborted otherwise.
  virtual Status UpdateCode(const SmsCodeRecord& code, std::int64_t expected_version) = 0;
  // The newest code requested for the number, if any.
  virtual Result<std::optional<SmsCodeRecord>> LatestCode(std::string_view phone_key) = 0;
  // The creation instants of the number's code requests after `since`, oldest first.
  virtual Result<std::vector<Instant>> RequestsForNumberSince(std::string_view phone_key,
                                                              Instant since) = 0;
  // The same for one source address.
  virtual Result<std::vector<Instant>> RequestsFromAddressSince(std::string_view source_ip,
                                                                Instant since) = 0;
  // The enabled citizen accounts whose mobile number is `phone` (normalised 11 digits).
  virtual Result<std::vector<AccountId>> CitizensWithPhone(std::string_view phone) = 0;
};

}  // namespace zt::service
