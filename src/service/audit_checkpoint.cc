#include "zt/service/audit_checkpoint.h"

#include <algorithm>
#include <charconv>
#include <chrono>

#include "zt/licence/status_list.h"

namespace zt::service {
namespace {

constexpr const char* kLineNames[] = {"seq",       "hash",   "signed_at",
                                      "algorithm", "key_id", "signature"};

bool IsLowerHex(std::string_view s, std::size_t length) {
  return s.size() == length && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::unexpected<Error> Malformed(int line, std::string what) {
  return Fail(ErrorCode::kInvalidArgument, "checkpoint.malformed",
              "line " + std::to_string(line) + ": " + what);
}

}  // namespace

std::string CheckpointSigningInput(const Checkpoint& c) {
  std::string out(kCheckpointFormat);
  out += "\nseq: " + std::to_string(c.seq) + "\n";
  out += "hash: " + c.hash + "\n";
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
  if (lines.size() != 7) {
    return Malformed(static_cast<int>(std::min<std::size_t>(lines.size(), 7)) + 1,
                     "a checkpoint has exactly 7 lines");
  }
  if (lines[0] != kCheckpointFormat) return Malformed(1, "not a zt-audit-checkpoint-v1 file");
  std::string_view values[6];
  for (int i = 0; i < 6; ++i) {
    std::string prefix = std::string(kLineNames[i]) + ": ";
    if (!lines[i + 1].starts_with(prefix)) return Malformed(i + 2, "expected \"" + prefix + "\"");
    values[i] = lines[i + 1].substr(prefix.size());
  }
  Checkpoint c;
  auto [end, ec] = std::from_chars(values[0].data(), values[0].data() + values[0].size(), c.seq);
  if (ec != std::errc() || end != values[0].data() + values[0].size() || c.seq < 1 ||
      std::to_string(c.seq) != values[0]) {
    return Malformed(2, "seq is not a positive decimal number");
  }
  if (!IsLowerHex(values[1], 64)) return Malformed(3, "hash is not 64 lowercase hex digits");
  c.hash = std::string(values[1]);
  auto at = ParseInstant(values[2]);
  if (!at || FormatInstant(*at) != values[2]) return Malformed(4, "signed_at is not RFC 3339");
  c.signed_at = *at;
  if (values[3] != kSm2Sm3) return Malformed(5, "the algorithm must be SM2-SM3");
  c.algorithm = std::string(values[3]);
  if (!IsLowerHex(values[4], 32)) return Malformed(6, "key_id is not 32 lowercase hex digits");
  c.key_id = std::string(values[4]);
  auto signature = licence::Base64Decode(values[5]);
  if (!signature || signature->empty()) return Malformed(7, "signature is not base64");
  c.signature = std::move(*signature);
  return c;
}

Result<Checkpoint> TakeCheckpoint(Store& store, Signer& signer, const SigningKeyRef& key,
                                  Instant now) {
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
  c.signed_at = std::chrono::floor<std::chrono::seconds>(now);
  c.algorithm = key.algorithm;
  c.key_id = key.key_id;
  ZT_ASSIGN_OR_RETURN(c.signature, signer.Sign(key, CheckpointSigningInput(c)));
  return c;
}

Result<CheckpointReport> VerifyAgainstCheckpoints(Store& store, Signer& signer,
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
  if (report.all_match && report.chain.first_bad_anchor >= 0) {
    report.all_match = false;
    report.first_bad = checkpoints[static_cast<std::size_t>(report.chain.first_bad_anchor)].name;
    report.problem = report.chain.anchor_problem;
  }
  return report;
}

}  // namespace zt::service
