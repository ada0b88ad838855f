// AUD-05 on the real store (both backends): every signed checkpoint carries the RFC 6962 tree
// head of the log (size and root) under its signature; verification recomputes the root and
// names the first checkpoint that disagrees; checkpoints of the first format (no root) still
// verify; inclusion proofs of every entry and consistency proofs between checkpoints, served
// from the store, hold against the signed tree heads offline, and a rewritten history is caught
// by the consistency proof. The roots are checked against RFC 6962's recursive definition
// computed here from the stored hashes.
#include <chrono>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store_test_db.h"
#include "zt/crypto/crypto.h"
#include "zt/crypto/signer_openssl.h"
#include "zt/service/audit_checkpoint.h"
#include "zt/store/event_chain.h"

namespace zt {
namespace {

using namespace std::chrono_literals;
using service::Checkpoint;
using service::EventRecord;

constexpr const char* kKek = "audit-proof-test-kek-0123456789";

std::string RawSm3(std::string_view data) {
  return service::FromHex(crypto::Sm3Hex(data)).value_or("");
}

// RFC 6962 §2.1 MTH over raw leaf inputs, written out recursively.
std::string ReferenceRoot(const std::vector<std::string>& leaves, std::size_t begin,
                          std::size_t end) {
  if (end == begin) return RawSm3("");
  if (end - begin == 1) return RawSm3(std::string(1, '\0') + leaves[begin]);
  std::size_t k = 1;
  while (k * 2 < end - begin) k *= 2;
  return RawSm3(std::string(1, '\1') + ReferenceRoot(leaves, begin, begin + k) +
                ReferenceRoot(leaves, begin + k, end));
}

class AuditProofTest : public ::testing::Test {
 protected:
  AuditProofTest()
      : db_(testing::CreateTestDatabaseOrThrow(ZT_TEST_BACKEND)),
        store_(testing::OpenMigratedOrThrow(*db_)),
        signer_(kKek),
        sm3_(service::MerkleHashFromHex(crypto::Sm3Hex)) {
    auto key = signer_.GenerateKey(service::kSm2Sm3);
    if (!key) throw std::runtime_error(key.error().ToString());
    key_ = *key;
  }

  service::SigningKeyRef KeyRef() const {
    return {key_.key_id, key_.algorithm, key_.sealed_private_key};
  }

  void Append(int n) {
    for (int i = 0; i < n; ++i) {
      auto uow = store_->Begin();
      ASSERT_TRUE(uow.has_value());
      service::EventDraft draft;
      draft.action = "application.note";
      draft.object_type = "application";
      draft.object_id = "c-1";
      draft.actor_id = AccountId("a-clerk");
      draft.actor_role = "window_clerk";
      draft.actor_region = "440802";
      draft.details = {{"note", "n" + std::to_string(++appended_)}};
      ASSERT_TRUE((*uow)->AppendEvent(draft).has_value());
      ASSERT_TRUE((*uow)->Commit().has_value());
    }
  }

  std::vector<EventRecord> Events() {
    auto uow = store_->Begin();
    EXPECT_TRUE(uow.has_value());
    auto events = (*uow)->ListEventsFor("application", "c-1");
    EXPECT_TRUE(events.has_value());
    return events.value_or(std::vector<EventRecord>{});
  }

  // The root by the recursive definition over the stored hashes of entries 1..size.
  std::string ExpectedRoot(std::int64_t size) {
    std::vector<std::string> leaves;
    for (const EventRecord& e : Events()) {
      if (e.seq <= size) leaves.push_back(service::FromHex(e.hash).value_or(""));
    }
    return service::ToHex(ReferenceRoot(leaves, 0, leaves.size()));
  }

  Checkpoint Take(Instant now) {
    auto c = service::TakeCheckpoint(*store_, signer_, sm3_, KeyRef(), now);
    EXPECT_TRUE(c.has_value()) << (c ? "" : c.error().ToString());
    Checkpoint out = c.value_or(Checkpoint{});
    out.name = "checkpoint-" + std::to_string(out.seq);
    return out;
  }

  Checkpoint Signed(Checkpoint c) {
    auto signature = signer_.Sign(KeyRef(), service::CheckpointSigningInput(c));
    EXPECT_TRUE(signature.has_value());
    c.signature = signature.value_or("");
    return c;
  }

  service::CheckpointReport Check(const std::vector<Checkpoint>& checkpoints) {
    crypto::OpenSslSigner verifier("");
    auto r = service::VerifyAgainstCheckpoints(*store_, verifier, sm3_, key_.public_key_pem,
                                               key_.key_id, checkpoints);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().ToString());
    return r.value_or(service::CheckpointReport{});
  }

  // A forger with full database access: entry `seq` changed, every later hash, prev_hash and
  // the chain head recomputed, so that the plain chain check passes.
  void RewriteWholeChainFrom(std::int64_t seq) {
    if (db_->backend() == "sqlite") {
      ASSERT_TRUE(db_->ExecRaw("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;"));
    } else {
      ASSERT_TRUE(db_->ExecRaw("DROP TRIGGER events_no_update_delete ON events"));
    }
    std::string prev(store::kGenesisHash);
    for (EventRecord& e : Events()) {
      if (e.seq == seq) e.event.details = {{"note", "forged"}};
      if (e.seq >= seq) {
        e.prev_hash = prev;
        e.hash = store::EventHash(e);
        ASSERT_TRUE(db_->ExecRaw("UPDATE events SET details = '{\"note\":\"" +
                                 e.event.details[0].second + "\"}', prev_hash = '" + e.prev_hash +
                                 "', hash = '" + e.hash +
                                 "' WHERE seq = " + std::to_string(e.seq)));
      }
      prev = e.hash;
    }
    ASSERT_TRUE(db_->ExecRaw("UPDATE chain_head SET hash = '" + prev + "' WHERE id = 1"));
  }

  std::unique_ptr<testing::StoreTestDatabase> db_;
  std::unique_ptr<service::Store> store_;
  crypto::OpenSslSigner signer_;
  service::MerkleHash sm3_;
  service::NewSigningKey key_;
  int appended_ = 0;
  const Instant t0_ = Instant{std::chrono::sys_days{std::chrono::year{2026} / 11 / 20}};
};

TEST_F(AuditProofTest, EachCheckpointSignsTheTreeHeadOfTheLog) {
  for (int size : {1, 2, 3, 7, 8, 9, 16, 21}) {
    Append(size - appended_);
    Checkpoint c = Take(t0_ + std::chrono::seconds(size));
    EXPECT_EQ(c.version, 2);
    EXPECT_EQ(c.tree_size, size);
    EXPECT_EQ(c.root, ExpectedRoot(size)) << size;
    auto head = service::ComputeTreeHead(*store_, sm3_, size);
    ASSERT_TRUE(head.has_value());
    EXPECT_EQ(service::ToHex(*head), c.root);
    auto back = service::ParseCheckpoint(service::FormatCheckpoint(c));
    ASSERT_TRUE(back.has_value()) << back.error().ToString();
    EXPECT_EQ(back->tree_size, size);
    EXPECT_EQ(back->root, c.root);
  }
  // The root is covered by the signature: a checkpoint with another root fails it.
  Checkpoint c = Take(t0_ + 1h);
  EXPECT_TRUE(Check({c}).all_match);
  Checkpoint edited = c;
  edited.root = std::string(64, '0');
  auto report = Check({edited});
  EXPECT_FALSE(report.all_match);
  EXPECT_NE(report.problem.find("signature"), std::string::npos) << report.problem;
}

TEST_F(AuditProofTest, VerificationRecomputesTheRootAndNamesTheFirstDisagreement) {
  Append(5);
  Checkpoint five = Take(t0_);
  Append(6);
  Checkpoint eleven = Take(t0_ + 1h);
  // A checkpoint whose entry hash is right but whose signed root is not the log's (as if
  // the tree had been signed over another history): only the recomputed root shows it.
  Checkpoint wrong_root = eleven;
  wrong_root.root = ExpectedRoot(10);
  wrong_root = Signed(wrong_root);
  wrong_root.name = "wrong-root";
  auto report = Check({five, wrong_root});
  EXPECT_TRUE(report.chain.intact);
  EXPECT_FALSE(report.all_match);
  EXPECT_EQ(report.first_bad, "wrong-root");
  EXPECT_NE(report.problem.find("Merkle tree of entries 1 to 11 has root " + eleven.root),
            std::string::npos)
      << report.problem;
  EXPECT_TRUE(Check({five, eleven}).all_match);
}

// Files of the first format carry no root: their signature and entry are checked as before.
TEST_F(AuditProofTest, CheckpointsOfTheFirstFormatStillVerify) {
  Append(4);
  Checkpoint v1;
  v1.version = 1;
  v1.seq = 4;
  v1.hash = Events().back().hash;
  v1.signed_at = t0_;
  v1.algorithm = std::string(service::kSm2Sm3);
  v1.key_id = key_.key_id;
  v1 = Signed(v1);
  std::string text = service::FormatCheckpoint(v1);
  EXPECT_TRUE(text.starts_with("zt-audit-checkpoint-v1\nseq: 4\nhash: ")) << text;
  EXPECT_EQ(text.find("root"), std::string::npos);
  auto back = service::ParseCheckpoint(text);
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(back->version, 1);
  back->name = "old";
  Append(3);
  Checkpoint v2 = Take(t0_ + 1h);
  auto report = Check({*back, v2});
  EXPECT_TRUE(report.all_match) << report.problem;
  // A rewrite is still caught by the old file's entry hash.
  RewriteWholeChainFrom(2);
  report = Check({*back, v2});
  EXPECT_FALSE(report.all_match);
  EXPECT_EQ(report.first_bad, "old");
  // No proof can anchor on it.
  auto proof = service::ProveInclusion(*store_, sm3_, 1, 4);
  ASSERT_TRUE(proof.has_value());
  EXPECT_FALSE(service::CheckInclusion(sm3_, *proof, *back).has_value());
}

TEST_F(AuditProofTest, ProofsOfEveryEntryAndBetweenCheckpointsHoldAgainstTheSignedHeads) {
  std::vector<Checkpoint> checkpoints;
  for (int size : {1, 7, 13, 20}) {
    Append(size - appended_);
    checkpoints.push_back(Take(t0_ + std::chrono::seconds(size)));
  }
  EXPECT_TRUE(Check(checkpoints).all_match);
  int inclusion = 0, refused = 0;
  for (const Checkpoint& c : checkpoints) {
    for (std::int64_t seq = 1; seq <= c.tree_size; ++seq) {
      auto proof = service::ProveInclusion(*store_, sm3_, seq, c.tree_size);
      ASSERT_TRUE(proof.has_value()) << proof.error().ToString();
      EXPECT_EQ(proof->root, c.root);
      auto held = service::CheckInclusion(sm3_, *proof, c);
      EXPECT_TRUE(held.has_value())
          << seq << " in " << c.tree_size << ": " << (held ? "" : held.error().detail());
      ++inclusion;
      if (c.tree_size > 1) {
        auto moved = *proof;  // the same proof claimed for the next entry
        moved.seq = seq % c.tree_size + 1;
        EXPECT_FALSE(service::CheckInclusion(sm3_, moved, c).has_value());
        ++refused;
        auto changed = *proof;
        changed.path[0][5] = changed.path[0][5] == 'a' ? 'b' : 'a';
        EXPECT_FALSE(service::CheckInclusion(sm3_, changed, c).has_value());
        ++refused;
      }
      auto other_entry = *proof;
      other_entry.entry_hash = std::string(64, 'e');
      EXPECT_FALSE(service::CheckInclusion(sm3_, other_entry, c).has_value());
      ++refused;
    }
  }
  for (std::size_t i = 0; i + 1 < checkpoints.size(); ++i) {
    const Checkpoint &a = checkpoints[i], &b = checkpoints[i + 1];
    auto proof = service::ProveConsistency(*store_, sm3_, a.tree_size, b.tree_size);
    ASSERT_TRUE(proof.has_value());
    EXPECT_EQ(proof->first_root, a.root);
    EXPECT_EQ(proof->second_root, b.root);
    EXPECT_TRUE(service::CheckConsistency(sm3_, *proof, a, b).has_value());
    EXPECT_FALSE(service::CheckConsistency(sm3_, *proof, b, a).has_value());
  }
  std::cout << "[figures] AUD-05 " << ZT_TEST_BACKEND << ": " << inclusion
            << " inclusion proofs from the store held against 4 signed checkpoints, " << refused
            << " altered ones refused; 3 consistency proofs held" << std::endl;
}

TEST_F(AuditProofTest, ARewrittenHistoryIsCaughtByTheConsistencyProof) {
  Append(6);
  Checkpoint before = Take(t0_);
  Append(6);
  RewriteWholeChainFrom(3);  // after the first checkpoint was signed
  auto plain = store_->VerifyChain();
  ASSERT_TRUE(plain.has_value());
  EXPECT_TRUE(plain->intact) << "the forger's rewrite passes the plain chain check";
  Checkpoint after = Take(t0_ + 1h);  // signs the rewritten log
  auto proof = service::ProveConsistency(*store_, sm3_, before.tree_size, after.tree_size);
  ASSERT_TRUE(proof.has_value());
  auto checked = service::CheckConsistency(sm3_, *proof, before, after);
  ASSERT_FALSE(checked.has_value());
  EXPECT_EQ(checked.error().key(), "audit.proof_invalid");
  EXPECT_NE(checked.error().detail().find("does not extend"), std::string::npos)
      << checked.error().detail();
  // The verification names the earlier checkpoint: both its entry and its root disagree.
  auto report = Check({after, before});
  EXPECT_FALSE(report.all_match);
  EXPECT_EQ(report.first_bad, before.name);
  // Against the head signed before the rewrite no entry is proven any more, not even one the
  // forger left alone: its path passes through the rewritten part.
  for (std::int64_t seq : {2, 3}) {
    auto proof = service::ProveInclusion(*store_, sm3_, seq, before.tree_size);
    ASSERT_TRUE(proof.has_value());
    EXPECT_FALSE(service::CheckInclusion(sm3_, *proof, before).has_value()) << seq;
  }
}

TEST_F(AuditProofTest, BadNumbersAreRefusedNamingTheParameter) {
  Append(5);
  struct Case {
    std::int64_t a, b;
    bool inclusion;
    std::string field, key;
  };
  for (const Case& c : std::vector<Case>{
           {0, 5, true, "seq", "audit.proof_range"},
           {3, 2, true, "tree_size", "audit.proof_range"},
           {3, 6, true, "tree_size", "audit.tree_size_beyond_log"},
           {0, 5, false, "first", "audit.proof_range"},
           {4, 3, false, "second", "audit.proof_range"},
           {2, 9, false, "second", "audit.tree_size_beyond_log"},
       }) {
    std::optional<Error> error;
    if (c.inclusion) {
      auto r = service::ProveInclusion(*store_, sm3_, c.a, c.b);
      if (!r) error = r.error();
    } else {
      auto r = service::ProveConsistency(*store_, sm3_, c.a, c.b);
      if (!r) error = r.error();
    }
    ASSERT_TRUE(error.has_value()) << c.a << " " << c.b;
    EXPECT_EQ(error->key(), c.key);
    ASSERT_EQ(error->fields().size(), 1u);
    EXPECT_EQ(error->fields()[0].pointer, c.field);
  }
  EXPECT_TRUE(service::ProveInclusion(*store_, sm3_, 5, 5).has_value());
  EXPECT_TRUE(service::ProveConsistency(*store_, sm3_, 5, 5).has_value());
}

}  // namespace
}  // namespace zt
