// Shared pieces of the SQLite fault tests: a private database directory, one numbered
// transaction (a region row and its event, committed as one unit of work, like every write
// of the platform), and the after-restart checks.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "zt/service/store.h"

namespace zt::testing {

// A new empty directory under the system temporary directory, removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The region code of transaction n (unique per n).
std::string TxCode(std::int64_t n);

// Writes region TxCode(n) and appends its event in one unit of work; true if committed
// (acknowledged). `error_key` receives the key of the first error.
bool RunTx(service::Store& store, std::int64_t n, std::string* error_key = nullptr);

enum class TxState { kAbsent, kApplied, kPartial, kUnreadable };
// Whether transaction n is there: both its row and exactly one event (kApplied), neither
// (kAbsent), or one without the other or a duplicate event (kPartial).
TxState FindTx(service::Store& store, std::int64_t n);

// PRAGMA integrity_check on the file ("ok" when sound).
std::string IntegrityCheck(const std::filesystem::path& file);

// An integer from the environment (the long tier raises the counts), else `fallback`.
inline std::int64_t EnvCount(const char* name, std::int64_t fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::strtoll(v, nullptr, 10) : fallback;
}

}  // namespace zt::testing
