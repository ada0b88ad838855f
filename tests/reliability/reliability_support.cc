#include "reliability_support.h"

#include <random>

#include <sqlite3.h>

namespace zt::testing {

TempDir::TempDir() {
  std::random_device rd;
  for (;;) {
    path_ = std::filesystem::temp_directory_path() /
            ("zt-rel-" + std::to_string(rd()) + "-" + std::to_string(rd()));
    if (std::filesystem::create_directory(path_)) break;
  }
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TxCode(std::int64_t n) {
  std::string digits = std::to_string(n);
  return "9" + std::string(8 - digits.size(), '0') + digits;  // 9 digits, like a township code
}

bool RunTx(service::Store& store, std::int64_t n, std::string* error_key) {
  auto fail = [&](const Error& e) {
    if (error_key != nullptr && error_key->empty()) *error_key = e.key();
    return false;
  };
  auto uow = store.Begin();
  if (!uow) return fail(uow.error());
  std::string code = TxCode(n);
  if (auto s = (*uow)->PutRegion({code, "事务 " + std::to_string(n), "", "township"}); !s) {
    return fail(s.error());
  }
  service::EventDraft draft;
  draft.at = Instant(std::chrono::milliseconds(1'800'000'000'000 + n));
  draft.action = "region.tested";
  draft.object_type = "region";
  draft.object_id = code;
  draft.actor_id = AccountId("reliability");
  draft.actor_role = "system_admin";
  draft.actor_region = "440800";
  draft.request_id = "tx-" + std::to_string(n);
  draft.source_ip = "127.0.0.1";
  if (auto e = (*uow)->AppendEvent(draft); !e) return fail(e.error());
  if (auto s = (*uow)->Commit(); !s) return fail(s.error());
  return true;
}

TxState FindTx(service::Store& store, std::int64_t n) {
  auto uow = store.Begin();
  if (!uow) return TxState::kUnreadable;
  std::string code = TxCode(n);
  auto region = (*uow)->FindRegion(code);
  auto events = (*uow)->ListEventsFor("region", code);
  if (!region || !events) return TxState::kUnreadable;
  bool row = region->has_value();
  std::size_t count = events->size();
  if (row && count == 1) return TxState::kApplied;
  if (!row && count == 0) return TxState::kAbsent;
  return TxState::kPartial;
}

std::string IntegrityCheck(const std::filesystem::path& file) {
  sqlite3* db = nullptr;
  std::string result = "cannot open";
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK) {
      result.clear();
      while (sqlite3_step(stmt) == SQLITE_ROW) {
        if (!result.empty()) result += "; ";
        result += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
      }
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close_v2(db);
  return result;
}

}  // namespace zt::testing
