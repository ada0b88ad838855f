// Private to the store module: the versioned schema. Each migration is one script per
// dialect, applied in one transaction together with its schema_migrations row.
#pragma once

#include "sql.h"
#include "zt/core/error.h"

namespace zt::store::internal {

// The version the newest migration reaches.
int LatestSchemaVersion();

// Applies every migration above the recorded version, in order, inside one write
// transaction on `conn` (PostgreSQL additionally takes a transaction-scoped advisory lock
// so concurrent migrators queue). Returns the version reached. Idempotent.
// Errors: kUnavailable (busy / unreachable), kFailedPrecondition (key "store.schema_newer")
// when the database was migrated by a newer build, kInternal otherwise.
Result<int> ApplyMigrations(Connection& conn);

}  // namespace zt::store::internal
