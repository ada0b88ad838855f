// REL-04: I/O errors under the real SQLite store. One transaction needs R reads, W writes,
// S syncs and T truncates; for every N from 1 to that count, the Nth operation of the kind
// fails, once (transient) or from then on (persistent), as EIO or (for writes) ENOSPC.
// For every case:
//   - a commit that returned an error is not acknowledged, and after a power loss that
//     drops every unsynced write, each acknowledged transaction is still there;
//   - the database is old or new, never partial (row and event together or neither), it
//     passes integrity_check and the event chain verifies;
//   - after a failed sync the store acknowledges nothing more (Begin answers
//     store.halted) until it is reopened; any other fault leaves it usable;
//   - after the restart writes are acknowledged again.

#include <random>
#include <string>

#include <gtest/gtest.h>

#include "fault_vfs.h"
#include "reliability_support.h"
#include "zt/store/open.h"

namespace zt::testing {
namespace {

struct OpsPerTx {
  std::int64_t reads = 0, writes = 0, syncs = 0, truncates = 0;
};

// A fresh database with its schema and one committed transaction (n = 1), reopened so that
// the next transaction starts with cold caches and has to read the file.
std::unique_ptr<service::Store> OpenBaseline(const std::filesystem::path& file) {
  {
    auto store = store::OpenStore("sqlite:" + file.string());
    if (!store || !(*store)->Migrate() || !RunTx(**store, 1)) return nullptr;
  }
  auto store = store::OpenStore("sqlite:" + file.string());
  if (!store) return nullptr;
  return std::move(*store);
}

OpsPerTx MeasureOneTx() {
  FaultVfs& vfs = FaultVfs::Install();
  vfs.Reset();
  TempDir dir;
  auto store = OpenBaseline(dir.path() / "zt.db");
  FaultCounters before = vfs.counters();
  EXPECT_TRUE(store && RunTx(*store, 2));
  FaultCounters after = vfs.counters();
  return {after.reads - before.reads, after.writes - before.writes, after.syncs - before.syncs,
          after.truncates - before.truncates};
}

struct CaseResult {
  bool acked = false;
  bool halted = false;
  bool sync_fault = false;
  bool fired = false;
};

struct Totals {
  std::int64_t cases = 0, faults = 0, acked = 0, refused = 0, halted = 0;
};

// One fault case; failures are reported through gtest with `label`.
void RunCase(const FaultPlan& plan, const std::string& label, Totals& totals) {
  FaultVfs& vfs = FaultVfs::Install();
  vfs.Reset();
  TempDir dir;
  std::filesystem::path file = dir.path() / "zt.db";
  CaseResult r;
  bool later_acked = false;
  {
    auto store = OpenBaseline(file);
    ASSERT_NE(store, nullptr) << label;
    FaultCounters before = vfs.counters();
    vfs.Arm(plan);
    std::string key;
    r.acked = RunTx(*store, 2, &key);
    vfs.Disarm();
    FaultCounters after = vfs.counters();
    r.fired = after.faults_fired > before.faults_fired;
    r.sync_fault = after.sync_faults_fired > before.sync_faults_fired;
    // The next write, with the disk healthy again.
    std::string next_key;
    later_acked = RunTx(*store, 3, &next_key);
    r.halted = next_key == "store.halted";
    if (r.sync_fault) {
      EXPECT_FALSE(r.acked) << label << ": a transaction whose sync failed was acknowledged";
      EXPECT_FALSE(later_acked) << label << ": a write was acknowledged after a failed sync";
      EXPECT_TRUE(r.halted) << label << ": expected store.halted, got '" << next_key << "'";
      EXPECT_FALSE(store->Ping()) << label << ": a halted store must not report ready";
    } else if (!r.halted) {
      EXPECT_TRUE(later_acked) << label << ": the store did not recover from a transient fault ("
                               << next_key << ")";
    }
  }
  // The worst case: the power fails now and every unsynced write is gone.
  vfs.PowerOff();
  std::mt19937_64 rng(1);
  vfs.LoseUnsyncedWrites(LossMode::kDropAll, rng);
  vfs.PowerOn();

  EXPECT_EQ(IntegrityCheck(file), "ok") << label;
  auto store = store::OpenStore("sqlite:" + file.string());
  ASSERT_TRUE(store && (*store)->Migrate()) << label << ": cannot reopen";
  auto chain = (*store)->VerifyChain();
  ASSERT_TRUE(chain) << label;
  EXPECT_TRUE(chain->intact) << label << ": " << chain->problem;
  EXPECT_EQ(FindTx(**store, 1), TxState::kApplied) << label << ": the baseline was lost";
  TxState t2 = FindTx(**store, 2);
  if (r.acked) {
    EXPECT_EQ(t2, TxState::kApplied) << label << ": acknowledged, then lost";
  }
  EXPECT_TRUE(t2 == TxState::kApplied || t2 == TxState::kAbsent) << label << ": half applied";
  TxState t3 = FindTx(**store, 3);
  if (later_acked) {
    EXPECT_EQ(t3, TxState::kApplied) << label << ": acknowledged, then lost";
  }
  EXPECT_TRUE(t3 == TxState::kApplied || t3 == TxState::kAbsent) << label << ": half applied";
  EXPECT_TRUE(RunTx(**store, 4)) << label << ": no write after the restart";

  ++totals.cases;
  if (r.fired) ++totals.faults;
  if (r.acked) ++totals.acked;
  if (!r.acked) ++totals.refused;
  if (r.halted) ++totals.halted;
}

struct KindCase {
  FaultKind kind;
  const char* name;
  bool no_space;
};

TEST(IoFaultTest, EveryNthOperationOfATransactionFailingLosesNothingAcknowledged) {
  OpsPerTx ops = MeasureOneTx();
  ASSERT_GT(ops.reads, 0);
  ASSERT_GT(ops.writes, 0);
  ASSERT_GT(ops.syncs, 0) << "synchronous=FULL must sync at commit";
  std::printf("[figures] one transaction: %lld reads, %lld writes, %lld syncs, %lld truncates\n",
              static_cast<long long>(ops.reads), static_cast<long long>(ops.writes),
              static_cast<long long>(ops.syncs), static_cast<long long>(ops.truncates));
  Totals totals;
  const KindCase kinds[] = {{FaultKind::kRead, "read", false},
                            {FaultKind::kWrite, "write EIO", false},
                            {FaultKind::kWrite, "write ENOSPC", true},
                            {FaultKind::kSync, "sync", false},
                            {FaultKind::kTruncate, "truncate", false}};
  for (const KindCase& k : kinds) {
    std::int64_t count = k.kind == FaultKind::kRead    ? ops.reads
                         : k.kind == FaultKind::kWrite ? ops.writes
                         : k.kind == FaultKind::kSync  ? ops.syncs
                                                       : ops.truncates;
    // One more than the transaction needs: the fault lands on the next transaction's
    // operations or nowhere, which must be harmless too.
    for (std::int64_t n = 1; n <= count + 1; ++n) {
      for (bool persistent : {false, true}) {
        FaultPlan plan{static_cast<unsigned>(k.kind), n, persistent, k.no_space};
        std::string label = std::string(k.name) + " #" + std::to_string(n) +
                            (persistent ? " persistent" : " transient");
        RunCase(plan, label, totals);
        if (::testing::Test::HasFatalFailure()) return;
      }
    }
  }
  std::printf(
      "[figures] %lld fault cases, %lld faults fired, %lld commits acknowledged, %lld "
      "refused, %lld stores halted, 0 acknowledged lost unless reported above\n",
      static_cast<long long>(totals.cases), static_cast<long long>(totals.faults),
      static_cast<long long>(totals.acked), static_cast<long long>(totals.refused),
      static_cast<long long>(totals.halted));
  EXPECT_GT(totals.faults, 0);
  EXPECT_GT(totals.halted, 0) << "no sync fault ever halted the store";
}

// The halt holds for every later unit of work, not only the next one, and a new Store on
// the same file (a restart) accepts writes again.
TEST(IoFaultTest, AfterAFailedSyncNothingIsAcknowledgedUntilRestart) {
  FaultVfs& vfs = FaultVfs::Install();
  vfs.Reset();
  TempDir dir;
  std::filesystem::path file = dir.path() / "zt.db";
  auto store = OpenBaseline(file);
  ASSERT_NE(store, nullptr);
  vfs.Arm({static_cast<unsigned>(FaultKind::kSync), 1, false, false});
  std::string key;
  EXPECT_FALSE(RunTx(*store, 2, &key));
  vfs.Disarm();
  for (std::int64_t n = 3; n < 13; ++n) {
    std::string next;
    EXPECT_FALSE(RunTx(*store, n, &next)) << n;
    EXPECT_EQ(next, "store.halted") << n;
  }
  auto ping = store->Ping();
  ASSERT_FALSE(ping);
  EXPECT_EQ(ping.error().key(), "store.halted");
  store.reset();
  auto reopened = store::OpenStore("sqlite:" + file.string());
  ASSERT_TRUE(reopened);
  EXPECT_TRUE((*reopened)->Ping());
  EXPECT_TRUE(RunTx(**reopened, 20));
}

}  // namespace
}  // namespace zt::testing
