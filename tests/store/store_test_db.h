// A fresh, isolated database for one test, on either backend, plus raw SQL access that
// bypasses the store (for tampering tests). Reusable by other modules' tests.
//
//   ZT_ASSIGN_OR_RETURN(auto db, StoreTestDatabase::Create("postgres"));
//   auto store = db->Open();          // a Store on this test's private database
//   db->ExecRaw("DROP TRIGGER ...");  // straight to the database
//
// SQLite: a new file in a new temporary directory, removed at destruction.
// PostgreSQL: a new schema (zt_test_<pid>_<n>_<random>) on the server named by the
// ZT_TEST_PG environment variable ("file:<path>" of a file holding the conninfo, or the
// conninfo itself), dropped with CASCADE at destruction.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "zt/core/error.h"
#include "zt/service/store.h"

namespace zt::testing {

class StoreTestDatabase {
 public:
  virtual ~StoreTestDatabase() = default;

  // kFailedPrecondition (key "test.no_pg") when backend is "postgres" and ZT_TEST_PG is unset;
  // kUnavailable when the server cannot be reached; kInvalidArgument for another backend.
  static Result<std::unique_ptr<StoreTestDatabase>> Create(std::string_view backend);

  // A new Store on this test's database (not migrated). May be called repeatedly, e.g. to
  // check that committed data survives reopening.
  virtual Result<std::unique_ptr<service::Store>> Open() = 0;
  // Runs parameterless SQL (several statements allowed) directly on the database.
  virtual Status ExecRaw(std::string_view sql) = 0;
  virtual std::string_view backend() const = 0;
  // The database as a URL that zt::store::OpenStore (and `zhengtong --db`) accepts.
  virtual std::string Url() const = 0;
};

// For fixtures that hold the database in a member initialiser: a fresh database for
// `backend`, or an exception carrying the error (GoogleTest reports it as the test's failure).
std::unique_ptr<StoreTestDatabase> CreateTestDatabaseOrThrow(std::string_view backend);
// A migrated Store on `db`, or an exception as above.
std::unique_ptr<service::Store> OpenMigratedOrThrow(StoreTestDatabase& db);

// The conninfo ZT_TEST_PG names, or nullopt when the variable is unset.
std::optional<std::string> PgTestConninfo();

}  // namespace zt::testing
