// File: open.h
//
// Opens the durable store: the SQLite adapter (the embedded default) or the PostgreSQL
// adapter (production), both implementing zt::service::Store with identical behaviour
// (tests/store runs one contract suite against both).
//
//   ZT_ASSIGN_OR_RETURN(std::unique_ptr<zt::service::Store> store,
//                       zt::store::OpenStore("sqlite:var/zhengtong.db"));
//   ZT_ASSIGN_OR_RETURN(int version, store->Migrate());
//
// Durability: SQLite runs in WAL mode with synchronous=FULL (a commit is fsync'd before
// Commit() returns; by default concurrent commits share one fsync of the WAL, group commit,
// docs/architecture.md), foreign_keys=ON and a 5 s busy timeout; PostgreSQL sessions run with
// synchronous_commit=on and a 5 s lock timeout. Audit events form an SM3 hash chain
// (see event_chain.h) that Store::VerifyChain recomputes.
//
// Thread-safety: a returned Store may be shared by any number of threads. Each Begin()
// takes a connection from an internal pool; a UnitOfWork belongs to one thread at a time.
// SQLite write transactions are serialised (one writer at a time, in process and across
// processes); PostgreSQL ones run concurrently until AppendEvent, which locks the chain head
// until commit, so append the event as the last write of a unit of work.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "zt/core/error.h"
#include "zt/service/store.h"

namespace zt::store {

// Opens (creating if missing, with its parent directory) the SQLite database file at
// `path`. Does not migrate: call Migrate(). Errors: kInvalidArgument for an empty path or
// ":memory:" (each pooled connection would get its own empty database; use a temporary
// file in tests), kUnavailable if the file cannot be opened, kInternal if WAL or
// synchronous=FULL cannot be set.
Result<std::unique_ptr<service::Store>> OpenSqliteStore(const std::string& path);

// Connects to PostgreSQL with a libpq conninfo ("host=/run/pg port=5432 dbname=zt") or URI
// ("postgresql://zt@db/zt"). One connection is opened now to fail fast; more are opened as
// concurrent units of work need them. Does not migrate. Errors: kUnavailable if the server
// cannot be reached or refuses the login (the detail never echoes the conninfo).
Result<std::unique_ptr<service::Store>> OpenPostgresStore(const std::string& conninfo);

// Opens by URL: "sqlite:<path>" (e.g. "sqlite:var/zhengtong.db", "sqlite:/srv/zt/zt.db")
// or "postgresql://..." / "postgres://..." (passed to libpq as is). A SQLite path may end
// in settings that weaken durability for throw-away databases, e.g.
// "sqlite:x.db?synchronous=normal&journal_mode=delete&foreign_keys=off" (keys synchronous
// off|normal|full|extra, journal_mode wal|delete|truncate|persist, foreign_keys on|off);
// `serve --production` refuses them (CheckDurability). "group_commit=off" (default on)
// makes each COMMIT fsync by itself instead; it is as durable, only slower under load.
// Errors: kInvalidArgument (key "store.url") for any other scheme or setting; otherwise as
// above.
Result<std::unique_ptr<service::Store>> OpenStore(const std::string& url);

// One durability setting as read from a live connection of the store.
struct DurabilitySetting {
  std::string name;      // "sqlite.synchronous", "postgresql.fsync", ...
  std::string value;     // as the database reports it ("2", "on", ...)
  std::string required;  // what production needs, for the operator's message
  bool safe = false;
};

// Reads, from a live connection of `store` (made by OpenStore), the settings that decide
// whether an acknowledged commit survives a crash or power loss: SQLite journal_mode (wal),
// synchronous (full or extra), foreign_keys (on); PostgreSQL fsync, full_page_writes and
// data_checksums (on), data_sync_retry (off) and the session's synchronous_commit (not
// off). kInvalidArgument for a store this module did not make.
Result<std::vector<DurabilitySetting>> CheckDurability(service::Store& store);

}  // namespace zt::store
