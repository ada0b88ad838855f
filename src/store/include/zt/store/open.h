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
// Commit() returns), foreign_keys=ON and a 5 s busy timeout; PostgreSQL sessions run with
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
// or "postgresql://..." / "postgres://..." (passed to libpq as is).
// Errors: kInvalidArgument (key "store.url") for any other scheme; otherwise as above.
Result<std::unique_ptr<service::Store>> OpenStore(const std::string& url);

}  // namespace zt::store
