// AUD-03: signed checkpoints catch what the chain alone cannot. The negative control is the
// forger who rewrites the whole chain with recomputed hashes: the plain chain check passes,
// the checkpoint check fails and names the first checkpoint that no longer matches.
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/wait.h>

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

constexpr const char* kKek = "checkpoint-test-kek-0123456789";

service::MerkleHash Sm3() { return service::MerkleHashFromHex(crypto::Sm3Hex); }

class CheckpointTest : public ::testing::Test {
 protected:
  CheckpointTest()
      : db_(testing::CreateTestDatabaseOrThrow(ZT_TEST_BACKEND)),
        store_(testing::OpenMigratedOrThrow(*db_)),
        signer_(kKek) {
    auto key = signer_.GenerateKey(service::kSm2Sm3);
    if (!key) throw std::runtime_error(key.error().ToString());
    key_ = *key;
  }

  service::SigningKeyRef KeyRef() const {
    return {key_.key_id, key_.algorithm, key_.sealed_private_key};
  }

  // Appends `n` events to one object, so that ListEventsFor returns the whole chain.
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

  Checkpoint Take(Instant now) {
    auto c = service::TakeCheckpoint(*store_, signer_, Sm3(), KeyRef(), now);
    EXPECT_TRUE(c.has_value()) << (c ? "" : c.error().ToString());
    Checkpoint out = c.value_or(Checkpoint{});
    out.name = "checkpoint-" + std::to_string(out.seq);
    return out;
  }

  service::CheckpointReport Check(const std::vector<Checkpoint>& checkpoints) {
    crypto::OpenSslSigner verifier("");
    auto r = service::VerifyAgainstCheckpoints(*store_, verifier, Sm3(), key_.public_key_pem,
                                               key_.key_id, checkpoints);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().ToString());
    return r.value_or(service::CheckpointReport{});
  }

  void DropTriggers() {
    if (db_->backend() == "sqlite") {
      ASSERT_TRUE(db_->ExecRaw("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;"));
    } else {
      ASSERT_TRUE(db_->ExecRaw("DROP TRIGGER events_no_update_delete ON events"));
    }
  }

  // What a forger with full database access does: changes entry `seq`'s details, then
  // recomputes that entry's hash and every later prev_hash and hash, and the chain head.
  void RewriteWholeChainFrom(std::int64_t seq) {
    DropTriggers();
    std::vector<EventRecord> all;
    {
      auto uow = store_->Begin();
      ASSERT_TRUE(uow.has_value());
      auto events = (*uow)->ListEventsFor("application", "c-1");
      ASSERT_TRUE(events.has_value());
      all = *events;
    }
    std::string prev(store::kGenesisHash);
    for (EventRecord& e : all) {
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
  service::NewSigningKey key_;
  int appended_ = 0;
  const Instant t0_ = Instant{std::chrono::sys_days{std::chrono::year{2026} / 11 / 20}};
};

TEST_F(CheckpointTest, CheckpointSignsTheHeadAndRoundTripsThroughItsFile) {
  Append(5);
  Checkpoint c = Take(t0_ + 1234ms);
  EXPECT_EQ(c.seq, 5);
  EXPECT_EQ(c.hash.size(), 64u);
  EXPECT_EQ(c.signed_at, t0_ + 1s);  // whole seconds, as written
  std::string text = service::FormatCheckpoint(c);
  EXPECT_TRUE(text.starts_with("zt-audit-checkpoint-v2\nseq: 5\nhash: " + c.hash +
                               "\ntree_size: 5\nroot: " + c.root + "\n"))
      << text;
  auto back = service::ParseCheckpoint(text);
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(back->seq, c.seq);
  EXPECT_EQ(back->hash, c.hash);
  EXPECT_EQ(back->signed_at, c.signed_at);
  EXPECT_EQ(back->signature, c.signature);
  back->name = "file";
  auto report = Check({*back});
  EXPECT_TRUE(report.chain.intact);
  EXPECT_TRUE(report.all_match) << report.problem;
}

TEST_F(CheckpointTest, AGrowingChainStillMatchesEveryEarlierCheckpoint) {
  Append(3);
  Checkpoint a = Take(t0_);
  Append(4);
  Checkpoint b = Take(t0_ + 1h);
  Append(2);
  auto report = Check({b, a});
  EXPECT_TRUE(report.chain.intact);
  EXPECT_EQ(report.chain.entries, 9);
  EXPECT_EQ(report.checkpoints, 2u);
  EXPECT_TRUE(report.all_match) << report.problem;
}

// The negative control: the plain check cannot see a consistent rewrite; the checkpoints do.
TEST_F(CheckpointTest, RewritingTheWholeChainPassesThePlainCheckButNotTheCheckpoints) {
  Append(3);
  Checkpoint first = Take(t0_);  // seq 3, before the forged entry
  Append(3);
  Checkpoint second = Take(t0_ + 1h);  // seq 6
  Append(2);
  Checkpoint third = Take(t0_ + 2h);  // seq 8
  RewriteWholeChainFrom(5);

  auto plain = store_->VerifyChain();
  ASSERT_TRUE(plain.has_value());
  EXPECT_TRUE(plain->intact) << "the forger's rewrite must pass the plain check: "
                             << plain->problem;

  auto report = Check({third, first, second});
  EXPECT_TRUE(report.chain.intact);
  EXPECT_FALSE(report.all_match);
  EXPECT_EQ(report.first_bad, second.name);  // the first checkpoint at or after entry 5
  EXPECT_NE(report.problem.find("entry 6 has hash"), std::string::npos) << report.problem;
  // The checkpoint taken before the forged entry still matches on its own.
  EXPECT_TRUE(Check({first}).all_match);
}

TEST_F(CheckpointTest, ACutOffTailIsCaughtEvenWhenTheHeadIsMovedBack) {
  Append(6);
  Checkpoint c = Take(t0_);
  DropTriggers();
  ASSERT_TRUE(db_->ExecRaw("DELETE FROM events WHERE seq > 4"));
  // The forger also moves the head back to entry 4, so the plain check passes.
  ASSERT_TRUE(
      db_->ExecRaw("UPDATE chain_head SET seq = 4, hash = (SELECT hash FROM events WHERE seq = 4) "
                   "WHERE id = 1"));
  auto plain = store_->VerifyChain();
  ASSERT_TRUE(plain.has_value());
  EXPECT_TRUE(plain->intact) << plain->problem;
  auto report = Check({c});
  EXPECT_FALSE(report.all_match);
  EXPECT_EQ(report.first_bad, c.name);
  EXPECT_NE(report.problem.find("no longer exists"), std::string::npos) << report.problem;
}

TEST_F(CheckpointTest, AnAlteredOrForeignCheckpointIsRefusedByItsSignature) {
  Append(4);
  Checkpoint c = Take(t0_);
  // A forger who rewrote the chain edits the checkpoint's hash to match: the signature fails.
  Checkpoint edited = c;
  edited.hash = std::string(64, 'a');
  edited.name = "edited";
  auto report = Check({edited});
  EXPECT_FALSE(report.all_match);
  EXPECT_EQ(report.first_bad, "edited");
  EXPECT_NE(report.problem.find("signature"), std::string::npos) << report.problem;
  // One signed with another key (the forger's own) is refused by key id.
  auto other = signer_.GenerateKey(service::kSm2Sm3);
  ASSERT_TRUE(other.has_value());
  auto foreign = service::TakeCheckpoint(
      *store_, signer_, Sm3(), {other->key_id, other->algorithm, other->sealed_private_key}, t0_);
  ASSERT_TRUE(foreign.has_value());
  foreign->name = "foreign";
  report = Check({*foreign});
  EXPECT_FALSE(report.all_match);
  EXPECT_EQ(report.first_bad, "foreign");
}

TEST_F(CheckpointTest, ABrokenOrEmptyChainIsNotCheckpointed) {
  auto empty = service::TakeCheckpoint(*store_, signer_, Sm3(), KeyRef(), t0_);
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().key(), "checkpoint.chain_broken");
  Append(3);
  DropTriggers();
  ASSERT_TRUE(db_->ExecRaw(R"(UPDATE events SET details = '{"note":"x"}' WHERE seq = 2)"));
  auto broken = service::TakeCheckpoint(*store_, signer_, Sm3(), KeyRef(), t0_);
  ASSERT_FALSE(broken.has_value());
  EXPECT_EQ(broken.error().key(), "checkpoint.chain_broken");
}

TEST(CheckpointFileTest, MalformedFilesAreRefusedNamingTheLine) {
  const std::string good = "zt-audit-checkpoint-v1\nseq: 7\nhash: " + std::string(64, 'b') +
                           "\nsigned_at: 2026-11-20T08:00:00+08:00\nalgorithm: SM2-SM3\nkey_id: " +
                           std::string(32, 'c') + "\nsignature: MEUCIQ==\n";
  ASSERT_TRUE(service::ParseCheckpoint(good).has_value());
  struct Case {
    std::string from, to, line;
  };
  for (const Case& c : std::vector<Case>{{"seq: 7", "seq: 07", "line 2"},
                                         {"seq: 7", "seq: -7", "line 2"},
                                         {"hash: b", "hash: B", "line 3"},
                                         {"+08:00", "+08:00x", "line 4"},
                                         {"SM2-SM3", "Ed25519", "line 5"},
                                         {"signature: MEUCIQ==", "signature: !!", "line 7"},
                                         {"v1\n", "v3\n", "line 1"}}) {
    std::string text = good;
    text.replace(text.find(c.from), c.from.size(), c.to);
    auto r = service::ParseCheckpoint(text);
    ASSERT_FALSE(r.has_value()) << c.to;
    EXPECT_EQ(r.error().key(), "checkpoint.malformed");
    EXPECT_NE(r.error().detail().find(c.line), std::string::npos) << r.error().detail();
  }
  EXPECT_FALSE(service::ParseCheckpoint(good.substr(0, good.size() - 1)).has_value());
  EXPECT_FALSE(service::ParseCheckpoint(good + "extra: 1\n").has_value());
}

// The commands as an operator runs them, on this backend's database.
struct Run {
  int exit_code = -1;
  std::string out;
};

Run Zhengtong(const std::string& args) {
  const char* env = std::getenv("ZT_BINARY");
  std::string command = "ZT_LICENCE_KEK='" + std::string(kKek) + "' " +
                        std::string(env ? env : ZT_DEFAULT_BINARY) + " " + args + " 2>&1";
  Run run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buffer;
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) run.out += buffer.data();
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

TEST_F(CheckpointTest, CommandsCheckpointAndVerifyAndNameTheFirstMismatch) {
  Append(4);
  auto dir = std::filesystem::temp_directory_path() /
             ("zt-checkpoints-" + std::to_string(::getpid()) + "-" + std::string(ZT_TEST_BACKEND));
  std::filesystem::remove_all(dir);
  std::string keys = (dir / "keys").string(), out = (dir / "out").string();
  std::string db = "--db '" + db_->Url() + "'";

  auto made = Zhengtong("audit checkpoint-key --key-dir " + keys);
  ASSERT_EQ(made.exit_code, 0) << made.out;
  EXPECT_EQ(Zhengtong("audit checkpoint-key --key-dir " + keys).exit_code, 1)
      << "a key is never overwritten";
  auto taken = Zhengtong("audit checkpoint --key-dir " + keys + " --out " + out + " " + db);
  ASSERT_EQ(taken.exit_code, 0) << taken.out;
  EXPECT_NE(taken.out.find("seq: 4\n"), std::string::npos) << taken.out;
  Append(3);
  ASSERT_EQ(Zhengtong("audit checkpoint --key-dir " + keys + " --out " + out + " " + db).exit_code,
            0);
  std::string pub = " --public-key " + keys + "/checkpoint-key.pub.pem";

  auto ok = Zhengtong("audit verify --checkpoints " + out + pub + " " + db);
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_NE(ok.out.find("checkpoints: all 2 match"), std::string::npos) << ok.out;
  EXPECT_EQ(Zhengtong("audit verify --checkpoints " + out + " " + db).exit_code, 2)
      << "the public key must be given";

  RewriteWholeChainFrom(6);
  auto plain = Zhengtong("audit verify " + db);
  EXPECT_EQ(plain.exit_code, 0) << plain.out;
  auto caught = Zhengtong("audit verify --checkpoints " + out + pub + " " + db);
  EXPECT_EQ(caught.exit_code, 1) << caught.out;
  EXPECT_NE(caught.out.find("audit chain intact"), std::string::npos) << caught.out;
  EXPECT_NE(caught.out.find("checkpoint checkpoint-000000000007-"), std::string::npos)
      << caught.out;
  EXPECT_NE(caught.out.find("no longer matches: entry 7 has hash"), std::string::npos)
      << caught.out;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace zt
