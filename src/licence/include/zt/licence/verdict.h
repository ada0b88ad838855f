// File: verdict.h
//
// The verification verdict, a pure function of the facts a verifier has gathered (the
// adapters check digest and signature; the store or a published key list says what is known
// of the key and the status). Every failing reason is named, not just the first.
//
//   VerifyFacts f{.identifier_ok = true, .digest_ok = true, .signature_ok = true, ...};
//   Verdict v = Judge(f);   // v.valid, v.reasons == {"verify.revoked"}
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "zt/core/time.h"
#include "zt/licence/licence.h"

namespace zt::licence {

// When a signing key may sign: from valid_from up to and including valid_until; a key
// without valid_until is the active one.
struct KeyValidity {
  Instant valid_from{};
  std::optional<Instant> valid_until;
};

struct VerifyFacts {
  bool identifier_ok = false;        // the 证照标识 parses and its check character matches
  bool digest_ok = false;            // the stated SM3 digest matches the rebuilt content
  std::optional<bool> signature_ok;  // nullopt: not checked (no key to check it with)
  std::optional<KeyValidity> key;    // nullopt: the key id is not known to the verifier
  Instant issued_at{};
  std::optional<LicenceStatus> status;  // nullopt: the verifier has no status information
  Date valid_from;
  std::optional<Date> valid_until;
  Date today;
};

struct Verdict {
  bool valid = false;
  // Stable keys: verify.identifier_check, verify.content_tampered, verify.key_unknown,
  // verify.key_not_valid_at_issue, verify.signature_invalid, verify.revoked,
  // verify.suspended, verify.expired, verify.not_yet_valid.
  std::vector<std::string> reasons;
  // Not failures, but the verifier should know: verify.status_unknown.
  std::vector<std::string> warnings;
};

Verdict Judge(const VerifyFacts& facts);

}  // namespace zt::licence
