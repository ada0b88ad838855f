// The fault-injecting VFS (fault_vfs.h). Each open file is the platform's file plus a
// pointer to the shared per-path state: the writes and truncates since the last xSync, with
// the bytes they replaced, so that a power loss can be played back on disk.

#include "fault_vfs.h"

#include <algorithm>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

namespace zt::testing {
namespace {

constexpr std::int64_t kSector = 512;

FaultVfs* g_vfs = nullptr;
sqlite3_vfs g_sqlite_vfs;
sqlite3_io_methods g_methods;

struct FaultFile {
  sqlite3_file base;   // must be first: SQLite sees this struct as a sqlite3_file
  sqlite3_file* real;  // the platform VFS's file, allocated right after this struct
  std::string path;    // empty for files that are not tracked
};

FaultFile* Cast(sqlite3_file* f) { return reinterpret_cast<FaultFile*>(f); }

std::int64_t RealSize(sqlite3_file* real) {
  sqlite3_int64 size = 0;
  if (real->pMethods->xFileSize(real, &size) != SQLITE_OK) return 0;
  return size;
}

// The bytes of [offset, offset+length) that exist in the file now (shorter at the end).
std::string ReadExisting(sqlite3_file* real, std::int64_t offset, std::int64_t length) {
  std::int64_t size = RealSize(real);
  if (offset >= size) return {};
  std::int64_t n = std::min(length, size - offset);
  std::string bytes(static_cast<std::size_t>(n), '\0');
  // A short read fills the rest with zeros; n is within the size, so it is complete.
  real->pMethods->xRead(real, bytes.data(), static_cast<int>(n), offset);
  return bytes;
}

int Close(sqlite3_file* f) {
  FaultFile* file = Cast(f);
  int rc = file->real->pMethods ? file->real->pMethods->xClose(file->real) : SQLITE_OK;
  file->path.~basic_string();
  return rc;
}

int Read(sqlite3_file* f, void* buf, int amount, sqlite3_int64 offset) {
  FaultFile* file = Cast(f);
  if (!file->path.empty() && g_vfs->Count(FaultKind::kRead) == FaultVfs::Decision::kFail) {
    return SQLITE_IOERR_READ;
  }
  return file->real->pMethods->xRead(file->real, buf, amount, offset);
}

int Write(sqlite3_file* f, const void* buf, int amount, sqlite3_int64 offset) {
  FaultFile* file = Cast(f);
  if (file->path.empty()) return file->real->pMethods->xWrite(file->real, buf, amount, offset);
  if (g_vfs->Count(FaultKind::kWrite) == FaultVfs::Decision::kFail) {
    return g_vfs->WriteFaultIsNoSpace() ? SQLITE_FULL : SQLITE_IOERR_WRITE;
  }
  std::lock_guard lock(g_vfs->mu);
  FaultVfs::Change change{offset, ReadExisting(file->real, offset, amount), amount};
  int rc = file->real->pMethods->xWrite(file->real, buf, amount, offset);
  // Even a failed write may have changed part of the range; remember it either way.
  g_vfs->files[file->path].pending.push_back(std::move(change));
  return rc;
}

int Truncate(sqlite3_file* f, sqlite3_int64 size) {
  FaultFile* file = Cast(f);
  if (file->path.empty()) return file->real->pMethods->xTruncate(file->real, size);
  if (g_vfs->Count(FaultKind::kTruncate) == FaultVfs::Decision::kFail) {
    return SQLITE_IOERR_TRUNCATE;
  }
  std::lock_guard lock(g_vfs->mu);
  std::int64_t old_size = RealSize(file->real);
  FaultVfs::Change change{
      size, ReadExisting(file->real, size, std::max<std::int64_t>(0, old_size - size)), 0};
  int rc = file->real->pMethods->xTruncate(file->real, size);
  g_vfs->files[file->path].pending.push_back(std::move(change));
  return rc;
}

int Sync(sqlite3_file* f, int flags) {
  FaultFile* file = Cast(f);
  if (file->path.empty()) return file->real->pMethods->xSync(file->real, flags);
  if (g_vfs->Count(FaultKind::kSync) == FaultVfs::Decision::kFail) return SQLITE_IOERR_FSYNC;
  std::lock_guard lock(g_vfs->mu);
  int rc = file->real->pMethods->xSync(file->real, flags);
  if (rc == SQLITE_OK) {
    FaultVfs::FileState& state = g_vfs->files[file->path];
    state.pending.clear();
    state.synced_size = RealSize(file->real);
  }
  return rc;
}

int FileSize(sqlite3_file* f, sqlite3_int64* size) {
  return Cast(f)->real->pMethods->xFileSize(Cast(f)->real, size);
}
int Lock(sqlite3_file* f, int level) {
  return Cast(f)->real->pMethods->xLock(Cast(f)->real, level);
}
int Unlock(sqlite3_file* f, int level) {
  return Cast(f)->real->pMethods->xUnlock(Cast(f)->real, level);
}
int CheckReservedLock(sqlite3_file* f, int* out) {
  return Cast(f)->real->pMethods->xCheckReservedLock(Cast(f)->real, out);
}
int FileControl(sqlite3_file* f, int op, void* arg) {
  // Size hints and chunking would let the platform VFS extend the file behind our back, and
  // memory mapping would read around xRead: decline them (SQLite treats them as hints).
  if (op == SQLITE_FCNTL_SIZE_HINT || op == SQLITE_FCNTL_CHUNK_SIZE ||
      op == SQLITE_FCNTL_MMAP_SIZE) {
    return SQLITE_NOTFOUND;
  }
  return Cast(f)->real->pMethods->xFileControl(Cast(f)->real, op, arg);
}
int SectorSize(sqlite3_file* f) { return Cast(f)->real->pMethods->xSectorSize(Cast(f)->real); }
int DeviceCharacteristics(sqlite3_file* f) {
  return Cast(f)->real->pMethods->xDeviceCharacteristics(Cast(f)->real);
}
int ShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return Cast(f)->real->pMethods->xShmMap(Cast(f)->real, region, size, extend, out);
}
int ShmLock(sqlite3_file* f, int offset, int n, int flags) {
  return Cast(f)->real->pMethods->xShmLock(Cast(f)->real, offset, n, flags);
}
void ShmBarrier(sqlite3_file* f) { Cast(f)->real->pMethods->xShmBarrier(Cast(f)->real); }
int ShmUnmap(sqlite3_file* f, int delete_flag) {
  return Cast(f)->real->pMethods->xShmUnmap(Cast(f)->real, delete_flag);
}

int Open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  FaultFile* file = Cast(f);
  file->base.pMethods = nullptr;
  file->real = reinterpret_cast<sqlite3_file*>(file + 1);
  sqlite3_vfs* base = g_vfs->base;
  int rc = base->xOpen(base, name, file->real, flags, out_flags);
  if (rc != SQLITE_OK) return rc;
  new (&file->path) std::string();
  bool durable = (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL)) != 0;
  if (durable && name != nullptr) {
    file->path = name;
    std::lock_guard lock(g_vfs->mu);
    if (!g_vfs->files.contains(file->path)) {
      // What is on disk when a file is first opened counts as synced.
      g_vfs->files[file->path].synced_size = RealSize(file->real);
    }
  }
  file->base.pMethods = &g_methods;
  return SQLITE_OK;
}

int Delete(sqlite3_vfs*, const char* name, int sync_dir) {
  if (!g_vfs->powered()) return SQLITE_IOERR_DELETE;
  sqlite3_vfs* base = g_vfs->base;
  int rc = base->xDelete(base, name, sync_dir);
  if (rc == SQLITE_OK) {
    std::lock_guard lock(g_vfs->mu);
    g_vfs->files.erase(name);
  }
  return rc;
}

void WriteAt(int fd, std::int64_t offset, const std::string& bytes) {
  if (!bytes.empty()) (void)::pwrite(fd, bytes.data(), bytes.size(), offset);
}

}  // namespace

FaultVfs& FaultVfs::Install() {
  static FaultVfs* instance = [] {
    auto* vfs = new FaultVfs();
    vfs->base = sqlite3_vfs_find(nullptr);
    g_vfs = vfs;
    g_sqlite_vfs = *vfs->base;
    g_sqlite_vfs.zName = "zt_fault";
    g_sqlite_vfs.szOsFile = static_cast<int>(sizeof(FaultFile)) + vfs->base->szOsFile;
    g_sqlite_vfs.xOpen = Open;
    g_sqlite_vfs.xDelete = Delete;
    g_sqlite_vfs.pNext = nullptr;

    std::memset(&g_methods, 0, sizeof g_methods);
    g_methods.iVersion = 2;  // no xFetch: every read goes through xRead
    g_methods.xClose = Close;
    g_methods.xRead = Read;
    g_methods.xWrite = Write;
    g_methods.xTruncate = Truncate;
    g_methods.xSync = Sync;
    g_methods.xFileSize = FileSize;
    g_methods.xLock = Lock;
    g_methods.xUnlock = Unlock;
    g_methods.xCheckReservedLock = CheckReservedLock;
    g_methods.xFileControl = FileControl;
    g_methods.xSectorSize = SectorSize;
    g_methods.xDeviceCharacteristics = DeviceCharacteristics;
    g_methods.xShmMap = ShmMap;
    g_methods.xShmLock = ShmLock;
    g_methods.xShmBarrier = ShmBarrier;
    g_methods.xShmUnmap = ShmUnmap;
    sqlite3_vfs_register(&g_sqlite_vfs, /*makeDflt=*/1);
    return vfs;
  }();
  return *instance;
}

void FaultVfs::Reset() {
  std::lock_guard lock(mu);
  files.clear();
  powered_ = true;
  crash_countdown_ = 0;
  plan_ = {};
  counters_ = {};
  counted_ = 0;
}

void FaultVfs::Arm(const FaultPlan& plan) {
  std::lock_guard lock(mu);
  plan_ = plan;
  counted_ = 0;
}

void FaultVfs::Disarm() {
  std::lock_guard lock(mu);
  plan_ = {};
}

void FaultVfs::CrashBeforeWriteOrSync(std::int64_t n) {
  std::lock_guard lock(mu);
  crash_countdown_ = n;
}

void FaultVfs::PowerOff() {
  std::lock_guard lock(mu);
  powered_ = false;
}

void FaultVfs::PowerOn() {
  std::lock_guard lock(mu);
  powered_ = true;
  crash_countdown_ = 0;
}

bool FaultVfs::powered() const {
  std::lock_guard lock(const_cast<std::mutex&>(mu));
  return powered_;
}

FaultCounters FaultVfs::counters() const {
  std::lock_guard lock(const_cast<std::mutex&>(mu));
  return counters_;
}

FaultVfs::Decision FaultVfs::Count(FaultKind kind) {
  std::lock_guard lock(mu);
  if (!powered_) return Decision::kFail;
  switch (kind) {
    case FaultKind::kRead:
      ++counters_.reads;
      break;
    case FaultKind::kWrite:
      ++counters_.writes;
      break;
    case FaultKind::kSync:
      ++counters_.syncs;
      break;
    case FaultKind::kTruncate:
      ++counters_.truncates;
      break;
  }
  if ((kind == FaultKind::kWrite || kind == FaultKind::kSync) && crash_countdown_ > 0 &&
      --crash_countdown_ == 0) {
    powered_ = false;
    return Decision::kFail;
  }
  if (plan_.n > 0 && (plan_.kinds & static_cast<unsigned>(kind)) != 0) {
    ++counted_;
    if (counted_ == plan_.n || (plan_.persistent && counted_ > plan_.n)) {
      ++counters_.faults_fired;
      if (kind == FaultKind::kSync) ++counters_.sync_faults_fired;
      return Decision::kFail;
    }
  }
  return Decision::kProceed;
}

bool FaultVfs::WriteFaultIsNoSpace() const {
  std::lock_guard lock(const_cast<std::mutex&>(mu));
  return powered_ && plan_.no_space;
}

std::int64_t FaultVfs::PendingWrites() const {
  std::lock_guard lock(const_cast<std::mutex&>(mu));
  std::int64_t n = 0;
  for (const auto& [path, state] : files) n += static_cast<std::int64_t>(state.pending.size());
  return n;
}

std::int64_t FaultVfs::LoseUnsyncedWrites(LossMode mode, std::mt19937_64& rng) {
  std::lock_guard lock(mu);
  std::bernoulli_distribution coin(0.5);
  std::int64_t undone = 0;
  for (auto& [path, state] : files) {
    int fd = ::open(path.c_str(), O_RDWR);
    if (fd < 0) continue;  // never created on disk
    std::int64_t size = ::lseek(fd, 0, SEEK_END);
    // Undo newest first, so that every undone range gets back the bytes it had before.
    for (auto it = state.pending.rbegin(); it != state.pending.rend(); ++it) {
      const Change& c = *it;
      std::int64_t length =
          c.new_length == 0 ? static_cast<std::int64_t>(c.old_bytes.size()) : c.new_length;
      auto undo_range = [&](std::int64_t from, std::int64_t to) {
        // Bytes that existed before get their old value; bytes the write appended become
        // zeros (the size change reached the disk, the data did not).
        std::int64_t old_end = c.offset + static_cast<std::int64_t>(c.old_bytes.size());
        if (from < old_end) {
          WriteAt(fd, from, c.old_bytes.substr(from - c.offset, std::min(to, old_end) - from));
        }
        if (to > old_end && mode != LossMode::kDropAll) {
          std::int64_t zero_from = std::max(from, old_end);
          if (zero_from < size)
            WriteAt(fd, zero_from, std::string(std::min(to, size) - zero_from, '\0'));
        }
        ++undone;
      };
      if (mode == LossMode::kDropAll || (c.new_length == 0 && coin(rng)) ||
          (mode == LossMode::kKeepRandom && coin(rng))) {
        undo_range(c.offset, c.offset + length);
      } else if (mode == LossMode::kTornSectors && c.new_length > 0) {
        for (std::int64_t s = c.offset - c.offset % kSector; s < c.offset + length; s += kSector) {
          if (coin(rng))
            undo_range(std::max(s, c.offset), std::min(s + kSector, c.offset + length));
        }
      }
    }
    if (mode == LossMode::kDropAll) {
      if (::ftruncate(fd, state.synced_size) != 0) {
        // Leave the file as it is; the check afterwards still sees every byte.
      }
    }
    ::close(fd);
    state.pending.clear();
    state.synced_size = -1;  // recomputed when reopened
    std::error_code ec;
    std::filesystem::remove(path + "-shm", ec);
  }
  files.clear();
  return undone;
}

}  // namespace zt::testing
