// Group commit under power loss (RELIABILITY.md REL-03 with concurrent writers). The SQLite
// store acknowledges a commit only after one shared fsync of the WAL covers it; here eight
// writer threads commit at once on the fault VFS, the power fails before a randomly chosen
// write or sync, the unsynced writes are undone (dropped, a random subset kept, or torn at
// sectors) and the database is reopened: no acknowledged transaction may be missing or half
// applied, the file must pass integrity_check and the event chain must verify.
//
// The negative control is group commit without its fsync: synchronous=NORMAL, which
// commits exactly as group commit does but acknowledges at once. It must lose acknowledged
// transactions, or the harness could not see a missing sync. A run without a crash checks
// that commits were in fact grouped (fewer fsyncs than acknowledged commits).
//
// Points per mode: ZT_POWER_LOSS_POINTS (default 20; scripts/long_tier.sh sets 1000).

#include <algorithm>
#include <atomic>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "fault_vfs.h"
#include "reliability_support.h"
#include "zt/store/open.h"

namespace zt::testing {
namespace {

constexpr int kWriters = 8;
constexpr std::int64_t kTxPerWriter = 12;

// Transaction numbers: writer w commits w*1000+1, w*1000+2, ... in order.
std::int64_t TxNumber(int writer, std::int64_t i) { return writer * 1000 + i; }

struct Outcome {
  std::vector<std::int64_t> acked;
  std::int64_t lost = 0, partial = 0, undone = 0;
  bool broken = false;
  std::string problem;
};

// Runs the writers until each has committed its transactions or the power is off.
std::vector<std::int64_t> RunWriters(service::Store& store, FaultVfs& vfs) {
  std::mutex mu;
  std::vector<std::int64_t> acked;
  {
    std::vector<std::jthread> writers;
    for (int w = 1; w <= kWriters; ++w) {
      writers.emplace_back([&, w] {
        for (std::int64_t i = 1; i <= kTxPerWriter && vfs.powered(); ++i) {
          if (RunTx(store, TxNumber(w, i))) {
            std::lock_guard lock(mu);
            acked.push_back(TxNumber(w, i));
          }
        }
      });
    }
  }
  return acked;
}

Outcome RunCrashPoint(const std::string& settings, LossMode mode, std::uint64_t seed) {
  FaultVfs& vfs = FaultVfs::Install();
  vfs.Reset();
  TempDir dir;
  std::filesystem::path file = dir.path() / "zt.db";
  std::mt19937_64 rng(seed);
  Outcome out;
  {
    auto store = store::OpenStore("sqlite:" + file.string() + settings);
    if (!store || !(*store)->Migrate()) {
      out.broken = true;
      out.problem = "could not open and migrate before the crash";
      return out;
    }
    // Three or four writes per transaction and one sync per group: crash anywhere among
    // the first ~60 transactions.
    vfs.CrashBeforeWriteOrSync(std::uniform_int_distribution<std::int64_t>(1, 200)(rng));
    out.acked = RunWriters(**store, vfs);
    vfs.PowerOff();
  }
  out.undone = vfs.LoseUnsyncedWrites(mode, rng);
  vfs.PowerOn();

  std::string integrity = IntegrityCheck(file);
  auto store = store::OpenStore("sqlite:" + file.string());
  if (!store || !(*store)->Migrate()) {
    out.broken = true;
    out.problem = "could not reopen and migrate after the crash";
    out.lost = static_cast<std::int64_t>(out.acked.size());
    return out;
  }
  auto chain = (*store)->VerifyChain();
  if (integrity != "ok" || !chain || !chain->intact) {
    out.broken = true;
    out.problem = "integrity '" + integrity + "', chain " + (chain ? chain->problem : "unreadable");
  }
  for (int w = 1; w <= kWriters; ++w) {
    for (std::int64_t i = 1; i <= kTxPerWriter; ++i) {
      std::int64_t n = TxNumber(w, i);
      TxState state = FindTx(**store, n);
      bool was_acked = std::find(out.acked.begin(), out.acked.end(), n) != out.acked.end();
      if (was_acked && state != TxState::kApplied) ++out.lost;
      if (state == TxState::kPartial || state == TxState::kUnreadable) ++out.partial;
    }
  }
  return out;
}

struct Totals {
  std::int64_t points = 0, acknowledged = 0, lost = 0, partial = 0, undone = 0, broken = 0;
  std::vector<std::string> problems;
};

Totals RunPoints(const std::string& settings, LossMode mode, std::uint64_t base_seed) {
  Totals t;
  std::int64_t points = EnvCount("ZT_POWER_LOSS_POINTS", 20);
  for (std::int64_t p = 0; p < points; ++p) {
    Outcome r = RunCrashPoint(settings, mode, base_seed + p);
    ++t.points;
    t.acknowledged += static_cast<std::int64_t>(r.acked.size());
    t.lost += r.lost;
    t.partial += r.partial;
    t.undone += r.undone;
    if (r.broken) ++t.broken;
    if ((r.broken || r.lost > 0 || r.partial > 0) && t.problems.size() < 5) {
      t.problems.push_back("seed " + std::to_string(base_seed + p) + ": lost " +
                           std::to_string(r.lost) + ", partial " + std::to_string(r.partial) +
                           ", " + r.problem);
    }
  }
  std::printf(
      "[figures] group commit, %d writers, %s mode %d: %lld crash points, %lld transactions "
      "acknowledged, %lld writes/sectors undone, %lld lost, %lld partial, %lld broken\n",
      kWriters, settings.empty() ? "default settings" : settings.c_str(), static_cast<int>(mode),
      static_cast<long long>(t.points), static_cast<long long>(t.acknowledged),
      static_cast<long long>(t.undone), static_cast<long long>(t.lost),
      static_cast<long long>(t.partial), static_cast<long long>(t.broken));
  return t;
}

void ExpectNothingLost(const Totals& t) {
  EXPECT_GT(t.acknowledged, 0) << "the harness acknowledged nothing, so it proved nothing";
  EXPECT_GT(t.undone, 0) << "no unsynced write was ever undone, so no power loss was simulated";
  EXPECT_EQ(t.lost, 0);
  EXPECT_EQ(t.partial, 0);
  EXPECT_EQ(t.broken, 0);
  for (const std::string& p : t.problems) ADD_FAILURE() << p;
}

TEST(GroupCommitTest, ConcurrentWritersShareFsyncs) {
  FaultVfs& vfs = FaultVfs::Install();
  vfs.Reset();
  TempDir dir;
  auto store = store::OpenStore("sqlite:" + (dir.path() / "zt.db").string());
  ASSERT_TRUE(store && (*store)->Migrate());
  FaultCounters before = vfs.counters();
  std::vector<std::int64_t> acked = RunWriters(**store, vfs);
  std::int64_t syncs = vfs.counters().syncs - before.syncs;
  std::printf("[figures] group commit: %zu commits acknowledged with %lld fsyncs\n", acked.size(),
              static_cast<long long>(syncs));
  EXPECT_EQ(acked.size(), static_cast<std::size_t>(kWriters * kTxPerWriter));
  EXPECT_LT(syncs, static_cast<std::int64_t>(acked.size()))
      << "eight writers at once never shared an fsync: commits were not grouped";
  for (std::int64_t n : acked) EXPECT_EQ(FindTx(**store, n), TxState::kApplied) << n;
  auto chain = (*store)->VerifyChain();
  ASSERT_TRUE(chain);
  EXPECT_TRUE(chain->intact) << chain->problem;
}

TEST(GroupCommitTest, ConcurrentWritersLoseNothingAcknowledgedWhenUnsyncedWritesAreDropped) {
  ExpectNothingLost(RunPoints("", LossMode::kDropAll, 5000));
}

TEST(GroupCommitTest, ConcurrentWritersLoseNothingAcknowledgedWhenARandomSubsetSurvives) {
  ExpectNothingLost(RunPoints("", LossMode::kKeepRandom, 6000));
}

TEST(GroupCommitTest, ConcurrentWritersLoseNothingAcknowledgedWhenWritesAreTornAtSectors) {
  ExpectNothingLost(RunPoints("", LossMode::kTornSectors, 7000));
}

// The negative control: the same commits acknowledged without the shared fsync.
TEST(GroupCommitTest, NegativeControlAcknowledgingBeforeTheFsyncIsCaughtLosingWrites) {
  Totals t = RunPoints("?synchronous=normal", LossMode::kDropAll, 8000);
  EXPECT_GT(t.acknowledged, 0);
  EXPECT_GT(t.lost + t.partial + t.broken, 0)
      << "acknowledging before the WAL is synced must lose acknowledged transactions in a "
         "power loss; the harness did not see it, so it cannot be trusted";
}

}  // namespace
}  // namespace zt::testing
