// File: audit_checkpoint.h
//
// Signed checkpoints of the event chain (AUD-03, docs/security.md). Whoever can rewrite the
// whole database can recompute every hash of the chain, so the chain alone cannot show a
// rewrite. A checkpoint records the chain's head (seq and hash) at a time, signed with
// SM2-SM3 by a key sealed under the operator's key-encryption key, and is kept outside the
// database; a later check finds the rewrite because the stored hash of that entry changed.
//
//   ZT_ASSIGN_OR_RETURN(Checkpoint cp, TakeCheckpoint(store, signer, key, clock.Now()));
//   file << FormatCheckpoint(cp);                       // checkpoint-<seq>.txt
//   ZT_ASSIGN_OR_RETURN(Checkpoint back, ParseCheckpoint(text));
//   ZT_ASSIGN_OR_RETURN(CheckpointReport r, VerifyAgainstCheckpoints(store, signer, pem, all));
//
// The file is UTF-8 text, one "name: value" per line after a first line naming the format:
//
//   zt-audit-checkpoint-v1
//   seq: 902
//   hash: <64 lowercase hex: the stored hash of entry seq>
//   signed_at: 2026-11-20T18:00:00+08:00   (RFC 3339, whole seconds)
//   algorithm: SM2-SM3
//   key_id: <32 lowercase hex>
//   signature: <base64 of the DER signature>
//
// The signature covers the bytes of the first six lines exactly as written, each ending in
// "\n" (CheckpointSigningInput), so `openssl` can check it with the public key alone.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"
#include "zt/core/time.h"
#include "zt/service/signer.h"
#include "zt/service/store.h"

namespace zt::service {

inline constexpr std::string_view kCheckpointFormat = "zt-audit-checkpoint-v1";

struct Checkpoint {
  std::int64_t seq = 0;
  std::string hash;
  Instant signed_at{};
  std::string algorithm;  // kSm2Sm3
  std::string key_id;
  std::string signature;  // raw DER bytes
  std::string name;       // where it was read from (a file name); not signed
};

// The bytes the signature covers (the first six lines of the file).
std::string CheckpointSigningInput(const Checkpoint& checkpoint);
// The whole file.
std::string FormatCheckpoint(const Checkpoint& checkpoint);
// Reads a file written by FormatCheckpoint. kInvalidArgument "checkpoint.malformed" naming
// the line for anything else.
Result<Checkpoint> ParseCheckpoint(std::string_view text);

// Verifies the chain (refusing with kFailedPrecondition "checkpoint.chain_broken" to sign a
// broken or empty one) and signs its head with `key` (SM2-SM3). Reads only.
Result<Checkpoint> TakeCheckpoint(Store& store, Signer& signer, const SigningKeyRef& key,
                                  Instant now);

struct CheckpointReport {
  ChainReport chain;            // the plain chain check
  std::size_t checkpoints = 0;  // how many were given
  bool all_match = true;        // every checkpoint's signature verifies and its entry matches
  std::string first_bad;        // the name of the first (lowest seq) that does not
  std::string problem;          // why
};

// Checks every checkpoint's signature with `public_key_pem` (its key_id must be that key's,
// `key_id_of_public_key`), then the chain against all of them in one walk. A checkpoint whose
// signature fails is reported before any chain difference.
Result<CheckpointReport> VerifyAgainstCheckpoints(Store& store, Signer& signer,
                                                  std::string_view public_key_pem,
                                                  std::string_view key_id_of_public_key,
                                                  std::vector<Checkpoint> checkpoints);

}  // namespace zt::service
