// AUD-04 (RELIABILITY.md): automatic checkpoints and fail-closed writes, with a simulated
// clock. The real SM2 signer signs; an outage is injected between it and the scheduler (the
// signing device unreachable) and, separately, in the sink (the checkpoint directory gone).
// Checked: checkpoints come every N entries or M minutes and never without new entries;
// within the grace period writes go on; beyond it writes are refused; after recovery the
// next checkpoint signs the head, so every entry is covered (0 gaps), and every checkpoint
// verifies against the chain.
#include <atomic>
#include <chrono>
#include <span>

#include <gtest/gtest.h>

#include "store_test_db.h"
#include "zt/crypto/crypto.h"
#include "zt/crypto/signer_openssl.h"
#include "zt/service/audit_scheduler.h"
#include "zt/service/audit_store.h"

namespace zt {
namespace {

using namespace std::chrono_literals;

constexpr const char* kKek = "scheduler-test-kek-0123456789";

// The real signer behind a switch: off, it answers like an unreachable signing device.
class SwitchableSigner final : public service::Signer {
 public:
  explicit SwitchableSigner(service::Signer& real) : real_(real) {}
  std::atomic<bool> up{true};
  bool can_sign() const override { return up && real_.can_sign(); }
  Result<service::NewSigningKey> GenerateKey(std::string_view algorithm) override {
    return real_.GenerateKey(algorithm);
  }
  Result<std::string> Sign(const service::SigningKeyRef& key, std::string_view data) override {
    if (!up) return Fail(ErrorCode::kUnavailable, "signer.unavailable", "the signer is down");
    return real_.Sign(key, data);
  }
  Result<std::vector<std::string>> SignMany(const service::SigningKeyRef& key,
                                            std::span<const std::string> data) override {
    if (!up) return Fail(ErrorCode::kUnavailable, "signer.unavailable", "the signer is down");
    return real_.SignMany(key, data);
  }
  Result<bool> Verify(std::string_view algorithm, std::string_view pem, std::string_view data,
                      std::string_view signature) override {
    return real_.Verify(algorithm, pem, data, signature);
  }

 private:
  service::Signer& real_;
};

class MemorySink final : public service::CheckpointSink {
 public:
  bool writable = true;
  std::vector<service::Checkpoint> written;
  Status Write(const service::Checkpoint& c) override {
    if (!writable) return Fail(ErrorCode::kUnavailable, "checkpoint.sink", "directory gone");
    written.push_back(c);
    written.back().name = "checkpoint-" + std::to_string(c.seq);
    return Ok();
  }
};

class SchedulerTest : public ::testing::Test {
 protected:
  SchedulerTest()
      : db_(testing::CreateTestDatabaseOrThrow(ZT_TEST_BACKEND)),
        store_(testing::OpenMigratedOrThrow(*db_)),
        real_(kKek),
        signer_(real_),
        clock_(*ParseInstant("2026-11-23T09:00:00+08:00")) {
    auto key = real_.GenerateKey(service::kSm2Sm3);
    if (!key) throw std::runtime_error(key.error().ToString());
    key_ = *key;
    policy_.every_events = 5;
    policy_.every = 10min;
    policy_.signer_grace = 30min;
    scheduler_ = std::make_unique<service::AuditScheduler>(
        *store_, signer_, service::MerkleHashFromHex(crypto::Sm3Hex),
        service::SigningKeyRef{key_.key_id, key_.algorithm, key_.sealed_private_key}, sink_, clock_,
        policy_);
  }

  void Append(int n) {
    for (int i = 0; i < n; ++i) {
      auto uow = store_->Begin();
      ASSERT_TRUE(uow.has_value());
      service::EventDraft draft;
      draft.at = clock_.Now();
      draft.action = "application.note";
      draft.object_type = "application";
      draft.object_id = "c-1";
      draft.actor_id = AccountId("a-clerk");
      draft.actor_role = "window_clerk";
      draft.actor_region = "440802";
      ASSERT_TRUE((*uow)->AppendEvent(draft).has_value());
      ASSERT_TRUE((*uow)->Commit().has_value());
      ++appended_;
    }
  }

  bool Tick() {
    auto took = scheduler_->Tick();
    return took.has_value() && *took;
  }

  void ExpectEveryCheckpointMatches() {
    crypto::OpenSslSigner verifier("");
    auto report = service::VerifyAgainstCheckpoints(
        *store_, verifier, service::MerkleHashFromHex(crypto::Sm3Hex), key_.public_key_pem,
        key_.key_id, sink_.written);
    ASSERT_TRUE(report.has_value());
    EXPECT_TRUE(report->all_match) << report->first_bad << ": " << report->problem;
  }

  std::unique_ptr<testing::StoreTestDatabase> db_;
  std::unique_ptr<service::Store> store_;
  crypto::OpenSslSigner real_;
  SwitchableSigner signer_;
  SimulatedClock clock_;
  service::NewSigningKey key_;
  service::CheckpointPolicy policy_;
  MemorySink sink_;
  std::unique_ptr<service::AuditScheduler> scheduler_;
  std::int64_t appended_ = 0;
};

TEST_F(SchedulerTest, ChecksEveryNEntriesOrMMinutesAndNeverWithoutNewEntries) {
  EXPECT_FALSE(Tick());  // empty log: nothing to vouch for
  Append(3);
  EXPECT_FALSE(Tick());  // 3 < 5 entries and no time has passed
  clock_.Advance(9min);
  EXPECT_FALSE(Tick());
  clock_.Advance(1min);
  EXPECT_TRUE(Tick());  // 10 minutes
  ASSERT_EQ(sink_.written.size(), 1u);
  EXPECT_EQ(sink_.written.back().seq, 3);
  clock_.Advance(30min);
  EXPECT_FALSE(Tick());  // no new entries: no checkpoint however long it has been
  Append(5);
  EXPECT_TRUE(Tick());  // 5 entries, at once
  EXPECT_EQ(sink_.written.back().seq, 8);
  EXPECT_TRUE(scheduler_->WritesAllowed());
  ExpectEveryCheckpointMatches();
}

TEST_F(SchedulerTest, BeyondTheGracePeriodWritesAreRefusedAndRecoveryCoversEveryEntry) {
  Append(2);
  clock_.Advance(10min);
  ASSERT_TRUE(Tick());
  signer_.up = false;
  Append(3);
  clock_.Advance(10min);
  EXPECT_FALSE(scheduler_->Tick().has_value());  // due, and the signer is down
  EXPECT_TRUE(scheduler_->WritesAllowed());      // within the grace period
  Append(4);                                     // writes go on meanwhile
  clock_.Advance(30min);
  EXPECT_TRUE(scheduler_->WritesAllowed());  // exactly the grace period: still allowed
  clock_.Advance(1s);
  EXPECT_FALSE(scheduler_->WritesAllowed());  // beyond it, even before the next tick
  EXPECT_FALSE(scheduler_->Tick().has_value());
  EXPECT_FALSE(scheduler_->WritesAllowed());
  // Reads go on: the store answers.
  auto tx = store_->Begin();
  ASSERT_TRUE(tx.has_value());
  auto head = (*tx)->audit().Head();
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->seq, appended_);
  tx->reset();
  // Recovery: the next tick signs the head, covering every entry written during the outage.
  signer_.up = true;
  EXPECT_TRUE(Tick());
  EXPECT_TRUE(scheduler_->WritesAllowed());
  ASSERT_EQ(sink_.written.size(), 2u);
  EXPECT_EQ(sink_.written.back().seq, appended_);  // 0 gaps
  EXPECT_EQ(scheduler_->state().failures, 2);
  ExpectEveryCheckpointMatches();
}

TEST_F(SchedulerTest, AnUnwritableCheckpointDirectoryFailsClosedToo) {
  policy_.signer_grace = 0ms;
  scheduler_ = std::make_unique<service::AuditScheduler>(
      *store_, signer_, service::MerkleHashFromHex(crypto::Sm3Hex),
      service::SigningKeyRef{key_.key_id, key_.algorithm, key_.sealed_private_key}, sink_, clock_,
      policy_);
  Append(5);
  sink_.writable = false;
  EXPECT_FALSE(scheduler_->Tick().has_value());
  clock_.Advance(1ms);
  EXPECT_FALSE(scheduler_->WritesAllowed());
  sink_.writable = true;
  EXPECT_TRUE(Tick());
  EXPECT_TRUE(scheduler_->WritesAllowed());
  EXPECT_EQ(sink_.written.back().seq, 5);
}

}  // namespace
}  // namespace zt
