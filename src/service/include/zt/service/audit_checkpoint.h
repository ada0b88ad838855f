// File: audit_checkpoint.h
//
// Signed checkpoints of the event chain (AUD-03, AUD-05, docs/security.md). Whoever can
// rewrite the whole database can recompute every hash of the chain, so the chain alone cannot
// show a rewrite. A checkpoint records the chain's head (seq and hash) and the RFC 6962 Merkle
// tree head of the log at that point (tree size and root), signed with SM2-SM3 by a key sealed
// under the operator's key-encryption key, and is kept outside the database; a later check
// finds the rewrite because the stored hash of that entry, or the recomputed root, changed.
// Inclusion and consistency proofs against those tree heads let anyone holding the signed
// checkpoints check one entry, or that a later log extends an earlier one, with log2 n hashes.
//
//   ZT_ASSIGN_OR_RETURN(Checkpoint cp, TakeCheckpoint(store, signer, sm3, key, clock.Now()));
//   file << FormatCheckpoint(cp);                       // checkpoint-<seq>.txt
//   ZT_ASSIGN_OR_RETURN(Checkpoint back, ParseCheckpoint(text));
//   ZT_ASSIGN_OR_RETURN(CheckpointReport r,
//                       VerifyAgainstCheckpoints(store, signer, sm3, pem, key_id, all));
//
// The Merkle tree (audit_merkle.h) uses SM3 as its hash; its leaves, in seq order, are the
// entries' stored hashes as raw bytes (32 each): leaf i (from 0) is entry seq i + 1, and its
// leaf hash is SM3(0x00 || hash). Each entry's hash already covers its content and the
// previous entry's hash (store/event_chain.h), so a leaf stands for the whole entry.
//
// The file is UTF-8 text, one "name: value" per line after a first line naming the format:
//
//   zt-audit-checkpoint-v2
//   seq: 902
//   hash: <64 lowercase hex: the stored hash of entry seq>
//   tree_size: 902                         (always = seq: the tree of entries 1..seq)
//   root: <64 lowercase hex: MTH of that tree>
//   signed_at: 2026-11-20T18:00:00+08:00   (RFC 3339, whole seconds)
//   algorithm: SM2-SM3
//   key_id: <32 lowercase hex>
//   signature: <base64 of the DER signature>
//
// The signature covers the bytes of every line before `signature` exactly as written, each
// ending in "\n" (CheckpointSigningInput), so `openssl` can check it with the public key alone.
// Files of the first format (zt-audit-checkpoint-v1, without tree_size and root: six signed
// lines) still parse and verify: their signature and their entry's hash are checked as before;
// they carry no tree head, so no root is recomputed for them and no proof can anchor on them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "zt/accounts/roles.h"
#include "zt/core/error.h"
#include "zt/core/time.h"
#include "zt/service/audit_merkle.h"
#include "zt/service/ports.h"
#include "zt/service/signer.h"
#include "zt/service/store.h"

namespace zt::service {

inline constexpr std::string_view kCheckpointFormat = "zt-audit-checkpoint-v2";
inline constexpr std::string_view kCheckpointFormatV1 = "zt-audit-checkpoint-v1";

struct Checkpoint {
  int version = 2;  // 1 for files of the first format
  std::int64_t seq = 0;
  std::string hash;
  std::int64_t tree_size = 0;  // v2: = seq; v1: 0
  std::string root;            // v2: 64 lowercase hex; v1: ""
  Instant signed_at{};
  std::string algorithm;  // kSm2Sm3
  std::string key_id;
  std::string signature;  // raw DER bytes
  std::string name;       // where it was read from (a file name); not signed
};

// The bytes the signature covers (every line of the file but the last).
std::string CheckpointSigningInput(const Checkpoint& checkpoint);
// The whole file.
std::string FormatCheckpoint(const Checkpoint& checkpoint);
// Reads a file written by FormatCheckpoint (either format). kInvalidArgument
// "checkpoint.malformed" naming the line for anything else.
Result<Checkpoint> ParseCheckpoint(std::string_view text);

// The Merkle tree head (MTH, raw bytes) of the first `tree_size` entries of the log, read in
// pages; kFailedPrecondition "audit.tree_size_beyond_log" when the log is shorter.
Result<std::string> ComputeTreeHead(Store& store, const MerkleHash& sm3, std::int64_t tree_size);

// Verifies the chain (refusing with kFailedPrecondition "checkpoint.chain_broken" to sign a
// broken or empty one), computes the tree head of its entries, and signs both with `key`
// (SM2-SM3). Reads only.
Result<Checkpoint> TakeCheckpoint(Store& store, Signer& signer, const MerkleHash& sm3,
                                  const SigningKeyRef& key, Instant now);

struct CheckpointReport {
  ChainReport chain;            // the plain chain check
  std::size_t checkpoints = 0;  // how many were given
  bool all_match = true;        // every signature verifies, its entry and its root match
  std::string first_bad;        // the name of the first (lowest seq) that does not
  std::string problem;          // why
};

// Checks every checkpoint's signature with `public_key_pem` (its key_id must be that key's,
// `key_id_of_public_key`), then the chain against all of them in one walk, then recomputes
// the tree head of every v2 checkpoint's size from the log in one pass. A checkpoint whose
// signature fails is reported before any chain difference; otherwise the lowest-seq
// checkpoint whose entry or root disagrees is named.
Result<CheckpointReport> VerifyAgainstCheckpoints(Store& store, Signer& signer,
                                                  const MerkleHash& sm3,
                                                  std::string_view public_key_pem,
                                                  std::string_view key_id_of_public_key,
                                                  std::vector<Checkpoint> checkpoints);

// RFC 6962 §2.1.1: entry `seq` is leaf seq - 1 of the tree of `tree_size` entries. Hex.
struct InclusionProof {
  std::int64_t seq = 0;
  std::int64_t tree_size = 0;
  std::string entry_hash;  // the entry's stored hash (the leaf's data)
  std::string root;        // MTH of the tree
  std::vector<std::string> path;
};

// RFC 6962 §2.1.2: the tree of `first` entries is a prefix of the tree of `second`. Hex.
struct ConsistencyProof {
  std::int64_t first = 0;
  std::int64_t second = 0;
  std::string first_root;
  std::string second_root;
  std::vector<std::string> proof;
};

// Proofs from the log as stored. Bad numbers: kInvalidArgument "audit.proof_range" with a
// field error on the parameter ("seq", "tree_size", "first", "second"); a size beyond the
// log: kInvalidArgument "audit.tree_size_beyond_log".
Result<InclusionProof> ProveInclusion(Store& store, const MerkleHash& sm3, std::int64_t seq,
                                      std::int64_t tree_size);
Result<ConsistencyProof> ProveConsistency(Store& store, const MerkleHash& sm3, std::int64_t first,
                                          std::int64_t second);

// Offline checks of a proof against signed tree heads (the caller has verified the
// checkpoints' signatures). Ok, or kFailedPrecondition "audit.proof_invalid" saying what
// disagrees: the sizes, the roots, or the proof's hashes.
Status CheckInclusion(const MerkleHash& sm3, const InclusionProof& proof,
                      const Checkpoint& checkpoint);
Status CheckConsistency(const MerkleHash& sm3, const ConsistencyProof& proof,
                        const Checkpoint& first, const Checkpoint& second);

// The proofs for the audit administrator only (等保 8.1.5.3: the audit is the audit
// administrator's); anyone else gets 403 "audit.proofs_not_allowed", audited as
// access.denied.
class AuditProofService {
 public:
  AuditProofService(Store& store, const Clock& clock, MerkleHash sm3)
      : store_(store), clock_(clock), sm3_(std::move(sm3)) {}
  Result<InclusionProof> Inclusion(const accounts::Actor& actor, std::int64_t seq,
                                   std::int64_t tree_size, const RequestContext& ctx);
  Result<ConsistencyProof> Consistency(const accounts::Actor& actor, std::int64_t first,
                                       std::int64_t second, const RequestContext& ctx);

 private:
  Status Allowed(const accounts::Actor& actor, const RequestContext& ctx);
  Store& store_;
  const Clock& clock_;
  MerkleHash sm3_;
};

}  // namespace zt::service
