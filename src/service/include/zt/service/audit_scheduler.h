// File: audit_scheduler.h
//
// Automatic signed checkpoints and fail-closed writes (AUD-04, docs/security.md). The server
// calls Tick() every few seconds; a checkpoint of the chain's head is taken when
// `every_events` entries were appended since the last one, or `every` has passed with new
// entries. When checkpoints keep failing (the signer or the checkpoint directory is
// unavailable) for longer than `signer_grace`, WritesAllowed() turns false and the api
// refuses state-changing requests with 503 `audit.checkpoint_unavailable` while reads go on;
// the first checkpoint after recovery signs the head, so it covers every entry since the
// last one (no gaps). Thread-safe.
//
//   AuditScheduler scheduler(store, signer, sm3, key, sink, clock, policy);
//   scheduler.Tick();                    // from a timer
//   if (!scheduler.WritesAllowed()) ...  // from the api, per mutating request
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>

#include "zt/core/error.h"
#include "zt/core/time.h"
#include "zt/service/audit_checkpoint.h"
#include "zt/service/signer.h"
#include "zt/service/store.h"

namespace zt::service {

struct CheckpointPolicy {
  std::int64_t every_events = 10'000;
  std::chrono::milliseconds every = std::chrono::minutes(10);
  // How long checkpoints may keep failing before writes are refused (X-Road's
  // acceptable-timestamp-failure-period).
  std::chrono::milliseconds signer_grace = std::chrono::minutes(30);
};

// Where checkpoints go (a directory outside the database: the cli's file adapter).
class CheckpointSink {
 public:
  virtual ~CheckpointSink() = default;
  virtual Status Write(const Checkpoint& checkpoint) = 0;
};

struct SchedulerState {
  std::int64_t last_seq = 0;             // the entry of the last checkpoint; 0 before one
  std::optional<Instant> last_at;        // when it was taken
  std::optional<Instant> failing_since;  // the first failure of the current run of them
  std::int64_t checkpoints = 0;          // taken by this scheduler
  std::int64_t failures = 0;
  bool writes_allowed = true;
};

class AuditScheduler {
 public:
  // `sm3` hashes the Merkle tree whose head each checkpoint signs (audit_checkpoint.h).
  AuditScheduler(Store& store, Signer& signer, MerkleHash sm3, SigningKeyRef key,
                 CheckpointSink& sink, const Clock& clock, CheckpointPolicy policy);

  // Takes a checkpoint if one is due; returns whether it took one. An error means a due
  // checkpoint failed (counted towards the grace period).
  Result<bool> Tick();
  // False once checkpoints have failed for longer than the grace period, until one succeeds.
  bool WritesAllowed() const;
  SchedulerState state() const;

 private:
  Store& store_;
  Signer& signer_;
  MerkleHash sm3_;
  SigningKeyRef key_;
  CheckpointSink& sink_;
  const Clock& clock_;
  CheckpointPolicy policy_;
  std::mutex tick_mu_;
  mutable std::mutex mu_;
  SchedulerState state_;
  Instant started_at_;
};

}  // namespace zt::service
