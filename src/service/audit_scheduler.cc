#include "zt/service/audit_scheduler.h"

#include "zt/service/audit_store.h"

namespace zt::service {

AuditScheduler::AuditScheduler(Store& store, Signer& signer, MerkleHash sm3, SigningKeyRef key,
                               CheckpointSink& sink, const Clock& clock, CheckpointPolicy policy)
    : store_(store),
      signer_(signer),
      sm3_(std::move(sm3)),
      key_(std::move(key)),
      sink_(sink),
      clock_(clock),
      policy_(policy),
      started_at_(clock.Now()) {}

Result<bool> AuditScheduler::Tick() {
  // One tick at a time; the state lock is held only briefly, so that WritesAllowed() never
  // waits for a checkpoint's walk of the chain.
  std::lock_guard ticking(tick_mu_);
  Instant now = clock_.Now();
  auto fail = [&](Error error) -> Result<bool> {
    std::lock_guard lock(mu_);
    ++state_.failures;
    if (!state_.failing_since) state_.failing_since = now;
    if (now - *state_.failing_since > policy_.signer_grace) state_.writes_allowed = false;
    return std::unexpected(std::move(error));
  };
  ChainAnchor head;
  {
    auto tx = store_.Begin();
    if (!tx) return fail(tx.error());
    auto read = (*tx)->audit().Head();
    if (!read) return fail(read.error());
    head = *read;
  }
  SchedulerState before = state();
  std::int64_t pending = head.seq - before.last_seq;
  Instant since = before.last_at.value_or(started_at_);
  bool due = pending >= policy_.every_events || (pending > 0 && now - since >= policy_.every) ||
             (pending > 0 && before.failing_since.has_value());
  if (!due) return false;
  auto checkpoint = TakeCheckpoint(store_, signer_, sm3_, key_, now);
  if (!checkpoint) return fail(checkpoint.error());
  if (Status written = sink_.Write(*checkpoint); !written) return fail(written.error());
  std::lock_guard lock(mu_);
  state_.last_seq = checkpoint->seq;
  state_.last_at = now;
  state_.failing_since.reset();
  state_.writes_allowed = true;
  ++state_.checkpoints;
  return true;
}

bool AuditScheduler::WritesAllowed() const {
  std::lock_guard lock(mu_);
  if (!state_.writes_allowed) return false;
  // Also between ticks: the grace period may run out while no tick has happened yet.
  return !state_.failing_since || clock_.Now() - *state_.failing_since <= policy_.signer_grace;
}

SchedulerState AuditScheduler::state() const {
  std::lock_guard lock(mu_);
  return state_;
}

}  // namespace zt::service
