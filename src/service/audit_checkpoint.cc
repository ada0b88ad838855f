#include "zt/service/audit_checkpoint.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <functional>
#include <span>

#include "zt/licence/status_list.h"
#include "zt/service/audit.h"
#include "zt/service/audit_store.h"

namespace zt::service {
namespace {

// Lines after the format line, in order; v1 files lack tree_size and root.
constexpr std::string_view kLineNamesV2[] = {"seq",       "hash",      "tree_size", "root",
                                             "signed_at", "algorithm", "key_id",    "signature"};
constexpr std::string_view kLineNamesV1[] = {"seq",       "hash",   "signed_at",
                                             "algorithm", "key_id", "signature"};

// Leaves read per transaction while walking the log (the event log is append-only, so pages
// read in separate transactions still describe one prefix).
constexpr std::int64_t kLeafPage = 5000;

bool IsLowerHex(std::string_view s, std::size_t length) {
  return s.size() == length && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::unexpected<Error> Malformed(int line, std::string what) {
  return Fail(ErrorCode::kInvalidArgument, "checkpoint.malformed",
              "line " + std::to_string(line) + ": " + what);
}

bool ParsePositive(std::string_view text, std::int64_t& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && out >= 1 &&
         std::to_string(out) == text;
}

// Calls `leaf` with the raw stored hash of entries 1..upto in seq order.
Status ForEachLeaf(Store& store, std::int64_t upto,
                   const std::function<Status(std::int64_t seq, std::string_view raw)>& leaf) {
  std::int64_t seq = 0;
  while (seq < upto) {
    std::vector<std::string> page;
    {
      ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
      ZT_ASSIGN_OR_RETURN(page, tx->audit().EntryHashes(seq, std::min(kLeafPage, upto - seq)));
    }
    if (page.empty()) {
      return Fail(
          ErrorCode::kFailedPrecondition, "audit.tree_size_beyond_log",
          "the log has " + std::to_string(seq) + " entries, fewer than " + std::to_string(upto));
    }
    for (const std::string& hex : page) {
      auto raw = FromHex(hex);
      if (!raw) {
        return Fail(ErrorCode::kInternal, "audit.entry_hash",
                    "entry " + std::to_string(seq + 1) + " has a malformed hash");
      }
      ++seq;
      ZT_RETURN_IF_ERROR(leaf(seq, *raw));
    }
  }
  return Ok();
}

// The whole tree of the first `size` entries, for proofs.
Result<MerkleTree> ReadTree(Store& store, const MerkleHash& sm3, std::int64_t size) {
  MerkleTree tree(sm3);
  ZT_RETURN_IF_ERROR(ForEachLeaf(store, size, [&](std::int64_t, std::string_view raw) {
    tree.Append(raw);
    return Ok();
  }));
  return tree;
}

Result<std::int64_t> LogSize(Store& store) {
  ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
  ZT_ASSIGN_OR_RETURN(ChainAnchor head, tx->audit().Head());
  return head.seq;
}

std::vector<std::string> Hexes(const std::vector<std::string>& raw) {
  std::vector<std::string> out;
  out.reserve(raw.size());
  for (const std::string& r : raw) out.push_back(ToHex(r));
  return out;
}

// Hex strings back to raw bytes; nullopt if any is not 64 hex digits.
std::optional<std::vector<std::string>> Raws(const std::vector<std::string>& hexes) {
  std::vector<std::string> out;
  for (const std::string& h : hexes) {
    auto raw = FromHex(h);
    if (h.size() != 64 || !raw) return std::nullopt;
    out.push_back(std::move(*raw));
  }
  return out;
}

std::unexpected<Error> ProofInvalid(std::string why) {
  return Fail(ErrorCode::kFailedPrecondition, "audit.proof_invalid", std::move(why));
}

std::unexpected<Error> Range(std::string field, std::string detail) {
  return FieldFail(std::move(field), "audit.proof_range", std::move(detail));
}

}  // namespace

std::string CheckpointSigningInput(const Checkpoint& c) {
  std::string out(c.version == 1 ? kCheckpointFormatV1 : kCheckpointFormat);
  out += "\nseq: " + std::to_string(c.seq) + "\n";
  out += "hash: " + c.hash + "\n";
  if (c.version != 1) {
    out += "tree_size: " + std::to_string(c.tree_size) + "\n";
    out += "root: " + c.root + "\n";
  }
  out += "signed_at: " + FormatInstant(c.signed_at) + "\n";
  out += "algorithm: " + c.algorithm + "\n";
  out += "key_id: " + c.key_id + "\n";
  return out;
}

std::string FormatCheckpoint(const Checkpoint& c) {
  return CheckpointSigningInput(c) + "signature: " + licence::Base64Encode(c.signature) + "\n";
}

Result<Checkpoint> ParseCheckpoint(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    std::size_t eol = text.find('\n');
    if (eol == std::string_view::npos)
      return Malformed(static_cast<int>(lines.size()) + 1,
                       "the last line does not end in a newline");
    lines.push_back(text.substr(0, eol));
    text.remove_prefix(eol + 1);
  }
  if (lines.empty()) return Malformed(1, "the file is empty");
  Checkpoint c;
  if (lines[0] == kCheckpointFormatV1) {
    c.version = 1;
  } else if (lines[0] != kCheckpointFormat) {
    return Malformed(1, "not a zt-audit-checkpoint-v2 (or -v1) file");
  }
  std::span<const std::string_view> names = c.version == 1
                                                ? std::span<const std::string_view>(kLineNamesV1)
                                                : std::span<const std::string_view>(kLineNamesV2);
  std::size_t expected = names.size() + 1;
  if (lines.size() != expected) {
    return Malformed(
        static_cast<int>(std::min(lines.size(), expected)) + 1,
        "a checkpoint of this format has exactly " + std::to_string(expected) + " lines");
  }
  // The value of the named line, and that line's number (for messages).
  std::string_view values[8];
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::string prefix = std::string(names[i]) + ": ";
    if (!lines[i + 1].starts_with(prefix)) {
      return Malformed(static_cast<int>(i) + 2, "expected \"" + prefix + "\"");
    }
    values[i] = lines[i + 1].substr(prefix.size());
  }
  auto value = [&](std::string_view name) -> std::pair<std::string_view, int> {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == name) return {values[i], static_cast<int>(i) + 2};
    }
    return {{}, 0};
  };
  auto [seq, seq_line] = value("seq");
  if (!ParsePositive(seq, c.seq))
    return Malformed(seq_line, "seq is not a positive decimal number");
  auto [hash, hash_line] = value("hash");
  if (!IsLowerHex(hash, 64)) return Malformed(hash_line, "hash is not 64 lowercase hex digits");
  c.hash = std::string(hash);
  if (c.version != 1) {
    auto [size, size_line] = value("tree_size");
    if (!ParsePositive(size, c.tree_size) || c.tree_size != c.seq) {
      return Malformed(size_line, "tree_size is not the same positive number as seq");
    }
    auto [root, root_line] = value("root");
    if (!IsLowerHex(root, 64)) return Malformed(root_line, "root is not 64 lowercase hex digits");
    c.root = std::string(root);
  }
  auto [signed_at, at_line] = value("signed_at");
  auto at = ParseInstant(signed_at);
  if (!at || FormatInstant(*at) != signed_at)
    return Malformed(at_line, "signed_at is not RFC 3339");
  c.signed_at = *at;
  auto [algorithm, algorithm_line] = value("algorithm");
  if (algorithm != kSm2Sm3) return Malformed(algorithm_line, "the algorithm must be SM2-SM3");
  c.algorithm = std::string(algorithm);
  auto [key_id, key_line] = value("key_id");
  if (!IsLowerHex(key_id, 32)) return Malformed(key_line, "key_id is not 32 lowercase hex digits");
  c.key_id = std::string(key_id);
  auto [signature_text, signature_line] = value("signature");
  auto signature = licence::Base64Decode(signature_text);
  if (!signature || signature->empty()) return Malformed(signature_line, "signature is not base64");
  c.signature = std::move(*signature);
  return c;
}

Result<std::string> ComputeTreeHead(Store& store, const MerkleHash& sm3, std::int64_t tree_size) {
  MerkleAccumulator heads(sm3);
  ZT_RETURN_IF_ERROR(ForEachLeaf(store, tree_size, [&](std::int64_t, std::string_view raw) {
    heads.Append(raw);
    return Ok();
  }));
  return heads.Root();
}

Result<Checkpoint> TakeCheckpoint(Store& store, Signer& signer, const MerkleHash& sm3,
                                  const SigningKeyRef& key, Instant now) {
  if (key.algorithm != kSm2Sm3) {
    return Fail(ErrorCode::kInvalidArgument, "checkpoint.algorithm",
                "checkpoints are signed with SM2-SM3");
  }
  ZT_ASSIGN_OR_RETURN(ChainReport chain, store.VerifyChain());
  if (!chain.intact) {
    return Fail(ErrorCode::kFailedPrecondition, "checkpoint.chain_broken",
                "the chain is broken at entry " + std::to_string(chain.first_bad_seq) + ": " +
                    chain.problem + "; a checkpoint would vouch for it");
  }
  if (chain.entries == 0) {
    return Fail(ErrorCode::kFailedPrecondition, "checkpoint.chain_broken",
                "the event log is empty; there is nothing to vouch for");
  }
  Checkpoint c;
  c.seq = chain.entries;  // intact: entries are 1..n
  c.hash = chain.last_hash;
  // The tree of exactly the entries just verified; its last leaf must be the verified head.
  MerkleAccumulator heads(sm3);
  std::string last;
  ZT_RETURN_IF_ERROR(ForEachLeaf(store, c.seq, [&](std::int64_t, std::string_view raw) {
    heads.Append(raw);
    last = raw;
    return Ok();
  }));
  if (ToHex(last) != c.hash) {
    return Fail(ErrorCode::kFailedPrecondition, "checkpoint.chain_broken",
                "entry " + std::to_string(c.seq) + " changed while the checkpoint was taken");
  }
  c.tree_size = c.seq;
  c.root = ToHex(heads.Root());
  c.signed_at = std::chrono::floor<std::chrono::seconds>(now);
  c.algorithm = key.algorithm;
  c.key_id = key.key_id;
  ZT_ASSIGN_OR_RETURN(c.signature, signer.Sign(key, CheckpointSigningInput(c)));
  return c;
}

Result<CheckpointReport> VerifyAgainstCheckpoints(Store& store, Signer& signer,
                                                  const MerkleHash& sm3,
                                                  std::string_view public_key_pem,
                                                  std::string_view key_id_of_public_key,
                                                  std::vector<Checkpoint> checkpoints) {
  std::stable_sort(checkpoints.begin(), checkpoints.end(),
                   [](const Checkpoint& a, const Checkpoint& b) { return a.seq < b.seq; });
  CheckpointReport report;
  report.checkpoints = checkpoints.size();
  for (const Checkpoint& c : checkpoints) {
    if (c.key_id != key_id_of_public_key) {
      report.all_match = false;
      report.first_bad = c.name;
      report.problem = "signed with key " + c.key_id + ", not with the given public key";
      break;
    }
    ZT_ASSIGN_OR_RETURN(bool good, signer.Verify(c.algorithm, public_key_pem,
                                                 CheckpointSigningInput(c), c.signature));
    if (!good) {
      report.all_match = false;
      report.first_bad = c.name;
      report.problem = "the signature does not verify (the file was altered or forged)";
      break;
    }
  }
  std::vector<ChainAnchor> anchors;
  for (const Checkpoint& c : checkpoints) anchors.push_back({c.seq, c.hash});
  ZT_ASSIGN_OR_RETURN(report.chain, store.VerifyChainAgainst(anchors));
  if (!report.all_match) return report;
  // The lowest-seq checkpoint whose entry (the chain walk) or root (below) disagrees.
  std::size_t first_bad = checkpoints.size();
  std::string problem;
  if (report.chain.first_bad_anchor >= 0) {
    first_bad = static_cast<std::size_t>(report.chain.first_bad_anchor);
    problem = report.chain.anchor_problem;
  }
  // Roots: one pass over the log up to the largest tree, comparing each v2 checkpoint's root
  // when the accumulated tree reaches its size (checkpoints are sorted by seq = tree_size).
  std::int64_t log_size = 0;
  { ZT_ASSIGN_OR_RETURN(log_size, LogSize(store)); }
  std::int64_t largest = 0;
  for (std::size_t i = 0; i < first_bad; ++i) {
    if (checkpoints[i].version != 1) largest = std::max(largest, checkpoints[i].tree_size);
  }
  MerkleAccumulator heads(sm3);
  std::size_t next = 0;
  auto compare_due = [&]() {
    while (next < first_bad &&
           (checkpoints[next].version == 1 || checkpoints[next].tree_size <= heads.size())) {
      const Checkpoint& c = checkpoints[next];
      if (c.version != 1 && ToHex(heads.Root()) != c.root) {
        first_bad = next;
        problem = "the Merkle tree of entries 1 to " + std::to_string(c.tree_size) + " has root " +
                  ToHex(heads.Root()) + ", the checkpoint says " + c.root;
        return;
      }
      ++next;
    }
  };
  compare_due();
  std::int64_t readable = std::min(largest, log_size);
  ZT_RETURN_IF_ERROR(ForEachLeaf(store, readable, [&](std::int64_t, std::string_view raw) {
    heads.Append(raw);
    compare_due();
    return Ok();
  }));
  if (next < first_bad) {
    // The log ends before this checkpoint's tree (the chain walk reports it too).
    first_bad = next;
    problem = "the log has " + std::to_string(heads.size()) + " entries, the checkpoint's tree " +
              std::to_string(checkpoints[next].tree_size);
  }
  if (first_bad < checkpoints.size()) {
    report.all_match = false;
    report.first_bad = checkpoints[first_bad].name;
    report.problem = problem;
  }
  return report;
}

Result<InclusionProof> ProveInclusion(Store& store, const MerkleHash& sm3, std::int64_t seq,
                                      std::int64_t tree_size) {
  if (seq < 1) return Range("seq", "seq must be a positive entry number");
  if (tree_size < 1) return Range("tree_size", "tree_size must be a positive tree size");
  if (tree_size < seq) return Range("tree_size", "tree_size must be at least seq");
  ZT_ASSIGN_OR_RETURN(std::int64_t log_size, LogSize(store));
  if (tree_size > log_size) {
    return FieldFail("tree_size", "audit.tree_size_beyond_log",
                     "the log has " + std::to_string(log_size) + " entries");
  }
  ZT_ASSIGN_OR_RETURN(MerkleTree tree, ReadTree(store, sm3, tree_size));
  InclusionProof proof;
  proof.seq = seq;
  proof.tree_size = tree_size;
  ZT_ASSIGN_OR_RETURN(std::vector<std::string> leaf, [&]() -> Result<std::vector<std::string>> {
    ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
    return tx->audit().EntryHashes(seq - 1, 1);
  }());
  if (leaf.size() != 1) return Fail(ErrorCode::kInternal, "audit.entry_hash", "entry vanished");
  proof.entry_hash = leaf[0];
  proof.root = ToHex(tree.Root());
  proof.path = Hexes(tree.InclusionProof(seq - 1));
  return proof;
}

Result<ConsistencyProof> ProveConsistency(Store& store, const MerkleHash& sm3, std::int64_t first,
                                          std::int64_t second) {
  if (first < 1) return Range("first", "first must be a positive tree size");
  if (second < 1) return Range("second", "second must be a positive tree size");
  if (second < first) return Range("second", "second must be at least first");
  ZT_ASSIGN_OR_RETURN(std::int64_t log_size, LogSize(store));
  if (second > log_size) {
    return FieldFail("second", "audit.tree_size_beyond_log",
                     "the log has " + std::to_string(log_size) + " entries");
  }
  ZT_ASSIGN_OR_RETURN(MerkleTree tree, ReadTree(store, sm3, second));
  ConsistencyProof proof;
  proof.first = first;
  proof.second = second;
  proof.first_root = ToHex(tree.Root(first));
  proof.second_root = ToHex(tree.Root(second));
  proof.proof = Hexes(tree.ConsistencyProof(first, second));
  return proof;
}

Status CheckInclusion(const MerkleHash& sm3, const InclusionProof& proof,
                      const Checkpoint& checkpoint) {
  if (checkpoint.version == 1) {
    return ProofInvalid("checkpoint " + checkpoint.name + " is of the first format: no tree head");
  }
  if (proof.tree_size != checkpoint.tree_size) {
    return ProofInvalid("the proof is for a tree of " + std::to_string(proof.tree_size) +
                        " entries, the checkpoint's tree has " +
                        std::to_string(checkpoint.tree_size));
  }
  if (proof.root != checkpoint.root) {
    return ProofInvalid("the proof's root " + proof.root + " is not the checkpoint's " +
                        checkpoint.root);
  }
  auto path = Raws(proof.path);
  auto entry = FromHex(proof.entry_hash);
  auto root = FromHex(checkpoint.root);
  if (!path || !entry || proof.entry_hash.size() != 64 || !root) {
    return ProofInvalid("the proof's hashes are not 64 hex digits each");
  }
  std::string leaf_input(1, '\x00');
  leaf_input += *entry;
  if (!VerifyInclusion(sm3, proof.seq - 1, proof.tree_size, sm3(leaf_input), *path, *root)) {
    return ProofInvalid("the path does not lead from entry " + std::to_string(proof.seq) +
                        " to the checkpoint's root");
  }
  return Ok();
}

Status CheckConsistency(const MerkleHash& sm3, const ConsistencyProof& proof,
                        const Checkpoint& first, const Checkpoint& second) {
  for (const Checkpoint* c : {&first, &second}) {
    if (c->version == 1) {
      return ProofInvalid("checkpoint " + c->name + " is of the first format: no tree head");
    }
  }
  if (proof.first != first.tree_size || proof.second != second.tree_size) {
    return ProofInvalid("the proof is between trees of " + std::to_string(proof.first) + " and " +
                        std::to_string(proof.second) + " entries, the checkpoints' have " +
                        std::to_string(first.tree_size) + " and " +
                        std::to_string(second.tree_size));
  }
  auto hashes = Raws(proof.proof);
  auto first_root = FromHex(first.root);
  auto second_root = FromHex(second.root);
  if (!hashes || !first_root || !second_root) {
    return ProofInvalid("the proof's hashes are not 64 hex digits each");
  }
  if (!VerifyConsistency(sm3, proof.first, proof.second, *first_root, *second_root, *hashes)) {
    return ProofInvalid("the tree of " + std::to_string(second.tree_size) +
                        " entries does not extend the tree of " + std::to_string(first.tree_size) +
                        ": the history before entry " + std::to_string(first.tree_size + 1) +
                        " was changed");
  }
  return Ok();
}

Status AuditProofService::Allowed(const accounts::Actor& actor, const RequestContext& ctx) {
  if (actor.role == accounts::Role::kAuditAdmin) return Ok();
  return AuditDenied(store_, clock_, actor, "audit", "proofs", ctx,
                     Fail(ErrorCode::kPermissionDenied, "audit.proofs_not_allowed",
                          "only the audit administrator reads the audit's proofs"));
}

Result<InclusionProof> AuditProofService::Inclusion(const accounts::Actor& actor, std::int64_t seq,
                                                    std::int64_t tree_size,
                                                    const RequestContext& ctx) {
  ZT_RETURN_IF_ERROR(Allowed(actor, ctx));
  return ProveInclusion(store_, sm3_, seq, tree_size);
}

Result<ConsistencyProof> AuditProofService::Consistency(const accounts::Actor& actor,
                                                        std::int64_t first, std::int64_t second,
                                                        const RequestContext& ctx) {
  ZT_RETURN_IF_ERROR(Allowed(actor, ctx));
  return ProveConsistency(store_, sm3_, first, second);
}

}  // namespace zt::service
