// A fault-injecting SQLite VFS for the reliability tests (RELIABILITY.md REL-03/04), after
// SQLite's own crash-test VFS (test6.c) and Jepsen's LazyFS: it wraps the platform VFS,
// registers itself as the process's default (so the real store, opened by URL, runs on
// it) and can
//
//   - remember every write and truncate since the file's last xSync, then simulate a power
//     loss: every further operation fails, and the unsynced changes are undone on disk —
//     all of them, a random subset of whole writes, or a random subset of 512-byte sectors
//     (torn writes);
//   - fail the Nth read, write, sync or truncate, once (transient) or from then on
//     (persistent), with an EIO-like or ENOSPC-like error;
//   - stop before the Nth write or sync (a crash at a chosen point).
//
//   FaultVfs& vfs = FaultVfs::Install();   // once per process
//   vfs.Reset();                           // forget files and faults between cases
//   ... open the store, run transactions ...
//   vfs.PowerOff();                        // every operation fails from now on
//   store.reset();                         // close the connections (their writes fail)
//   vfs.LoseUnsyncedWrites(LossMode::kTornSectors, rng);
//   vfs.PowerOn();                         // reopen and check
//
// Only regular files opened through SQLite are tracked (database, WAL, journal); the
// shared-memory index is not durable state (SQLite rebuilds it) and LoseUnsyncedWrites
// deletes it. File creation and deletion are not made volatile.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <vector>

struct sqlite3_vfs;

namespace zt::testing {

enum class LossMode {
  kDropAll,      // every unsynced write and truncate is undone
  kKeepRandom,   // each unsynced write survives or not, independently
  kTornSectors,  // each 512-byte sector of each unsynced write survives or not
};

enum class FaultKind : unsigned { kRead = 1, kWrite = 2, kSync = 4, kTruncate = 8 };

struct FaultPlan {
  unsigned kinds = 0;       // FaultKind bits counted towards n
  std::int64_t n = 0;       // 1-based: the nth counted operation fails (0: no fault)
  bool persistent = false;  // every counted operation from the nth on fails
  bool no_space = false;    // writes fail like ENOSPC (SQLITE_FULL) rather than EIO
};

struct FaultCounters {
  std::int64_t reads = 0, writes = 0, syncs = 0, truncates = 0;
  std::int64_t faults_fired = 0;  // operations failed by the plan
  std::int64_t sync_faults_fired = 0;
};

class FaultVfs {
 public:
  // Registers the VFS as the default once; later calls return the same instance.
  static FaultVfs& Install();

  // Power on, no fault plan, counters zero, tracked files forgotten.
  void Reset();
  void Arm(const FaultPlan& plan);
  void Disarm();
  // The power fails just before the nth write or sync from now (1-based).
  void CrashBeforeWriteOrSync(std::int64_t n);
  void PowerOff();
  void PowerOn();
  bool powered() const;
  FaultCounters counters() const;

  // Undoes unsynced changes on disk as a power loss might have left them; call after
  // PowerOff and after closing the database. Returns the number of writes (or sectors) undone.
  std::int64_t LoseUnsyncedWrites(LossMode mode, std::mt19937_64& rng);
  // Unsynced writes currently remembered, over all files.
  std::int64_t PendingWrites() const;

  // Internals used by the C callbacks (fault_vfs.cc).
  struct Change {
    std::int64_t offset = 0;
    std::string old_bytes;        // what the range held before, up to the old file size
    std::int64_t new_length = 0;  // bytes written (0 for a truncate)
  };
  struct FileState {
    std::int64_t synced_size = 0;
    std::vector<Change> pending;
  };
  enum class Decision { kProceed, kFail };
  Decision Count(FaultKind kind);
  bool WriteFaultIsNoSpace() const;
  std::mutex mu;
  std::map<std::string, FileState> files;  // by path; guarded by mu
  sqlite3_vfs* base = nullptr;

 private:
  FaultVfs() = default;
  bool powered_ = true;
  std::int64_t crash_countdown_ = 0;  // writes/syncs until the power fails; 0: never
  FaultPlan plan_;
  FaultCounters counters_;
  std::int64_t counted_ = 0;  // operations of the plan's kinds so far
};

}  // namespace zt::testing
