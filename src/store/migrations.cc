// The schema. Conventions shared by both dialects:
//  - ids and codes are TEXT; instants are BIGINT milliseconds since the Unix epoch; civil
//    dates are TEXT 'YYYY-MM-DD' (so they sort as text); flags are INTEGER 0/1;
//  - JSON documents (item materials, event details, form data) are TEXT;
//  - text that is compared by range or sorted uses bytewise order: SQLite's default BINARY
//    collation, and COLLATE "C" in PostgreSQL so the database locale cannot change results.
// A migration is never edited once released: add a new one.

#include "migrations.h"

#include <chrono>
#include <string>
#include <string_view>

namespace zt::store::internal {
namespace {

struct Migration {
  int version;
  std::string_view sqlite;
  std::string_view postgres;
};

constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT PRIMARY KEY,"
    " applied_at BIGINT NOT NULL)";
constexpr std::string_view kSelectSchemaVersion =
    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr std::string_view kInsertSchemaVersion =
    "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)";
// Any constant key: concurrent processes migrating the same database queue on it.
constexpr std::string_view kLockMigrationsPostgres = "SELECT pg_advisory_xact_lock(727166001)";

constexpr std::string_view kV1Sqlite = R"sql(
CREATE TABLE regions (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  parent_code TEXT NOT NULL DEFAULT '',
  level       TEXT NOT NULL
);
CREATE TABLE departments (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  short_name  TEXT NOT NULL DEFAULT '',
  region_code TEXT NOT NULL,
  credit_code TEXT NOT NULL DEFAULT ''
);
CREATE INDEX departments_region ON departments (region_code);
CREATE TABLE accounts (
  id                   TEXT PRIMARY KEY,
  username             TEXT NOT NULL UNIQUE,
  display_name         TEXT NOT NULL DEFAULT '',
  password_hash        TEXT NOT NULL DEFAULT '',
  role                 TEXT NOT NULL,
  region_code          TEXT NOT NULL DEFAULT '',
  department_id        TEXT NOT NULL DEFAULT '',
  id_number            TEXT NOT NULL DEFAULT '',
  phone                TEXT NOT NULL DEFAULT '',
  must_change_password INTEGER NOT NULL DEFAULT 0,
  disabled             INTEGER NOT NULL DEFAULT 0,
  failed_logins        INTEGER NOT NULL DEFAULT 0,
  created_at           BIGINT NOT NULL,
  password_changed_at  BIGINT NOT NULL,
  version              BIGINT NOT NULL
);
CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,
  account_id   TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at   BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at   BIGINT NOT NULL,
  csrf_token   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_account ON sessions (account_id);
CREATE TABLE items (
  id                 TEXT PRIMARY KEY,
  code               TEXT NOT NULL UNIQUE,
  name               TEXT NOT NULL,
  type               TEXT NOT NULL,
  department_id      TEXT NOT NULL DEFAULT '',
  region_code        TEXT NOT NULL DEFAULT '',
  statutory_limit_wd INTEGER NOT NULL DEFAULT 0,
  promised_limit_wd  INTEGER NOT NULL DEFAULT 0,
  case_kind          TEXT NOT NULL,
  online             INTEGER NOT NULL DEFAULT 1,
  materials          TEXT NOT NULL DEFAULT '[]',
  status             TEXT NOT NULL,
  version            BIGINT NOT NULL,
  created_at         BIGINT NOT NULL,
  updated_at         BIGINT NOT NULL
);
CREATE INDEX items_region ON items (region_code);
CREATE INDEX items_department ON items (department_id);
CREATE TABLE applications (
  id                  TEXT PRIMARY KEY,
  receipt_no          TEXT NOT NULL UNIQUE,
  item_id             TEXT NOT NULL DEFAULT '',
  item_code           TEXT NOT NULL DEFAULT '',
  item_name           TEXT NOT NULL DEFAULT '',
  department_id       TEXT NOT NULL DEFAULT '',
  region_code         TEXT NOT NULL DEFAULT '',
  state               TEXT NOT NULL,
  version             BIGINT NOT NULL,
  applicant_account   TEXT NOT NULL DEFAULT '',
  applicant_name      TEXT NOT NULL DEFAULT '',
  applicant_id_number TEXT NOT NULL DEFAULT '',
  applicant_phone     TEXT NOT NULL DEFAULT '',
  channel             TEXT NOT NULL DEFAULT '',
  form_json           TEXT NOT NULL DEFAULT '{}',
  statutory_limit_wd  INTEGER NOT NULL DEFAULT 0,
  promised_limit_wd   INTEGER NOT NULL DEFAULT 0,
  submitted_at        BIGINT NOT NULL,
  accepted_at         BIGINT,
  decided_at          BIGINT,
  concluded_at        BIGINT,
  promised_deadline   TEXT,
  statutory_deadline  TEXT,
  outcome             TEXT NOT NULL DEFAULT '',
  last_note           TEXT NOT NULL DEFAULT '',
  handler_id          TEXT NOT NULL DEFAULT '',
  reviewer_id         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX applications_region ON applications (region_code);
CREATE INDEX applications_department ON applications (department_id);
CREATE INDEX applications_state ON applications (state);
CREATE INDEX applications_deadline ON applications (promised_deadline, submitted_at);
CREATE INDEX applications_applicant ON applications (applicant_account);
CREATE TABLE sequences (
  name  TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);
CREATE TABLE idempotency (
  idem_key      TEXT PRIMARY KEY,
  request_hash  TEXT NOT NULL,
  status        INTEGER NOT NULL,
  response_body TEXT NOT NULL,
  created_at    BIGINT NOT NULL
);
CREATE INDEX idempotency_created ON idempotency (created_at);
CREATE TABLE events (
  seq          INTEGER PRIMARY KEY,
  at           BIGINT NOT NULL,
  action       TEXT NOT NULL,
  object_type  TEXT NOT NULL,
  object_id    TEXT NOT NULL,
  actor_id     TEXT NOT NULL,
  actor_role   TEXT NOT NULL,
  actor_region TEXT NOT NULL,
  request_id   TEXT NOT NULL,
  source_ip    TEXT NOT NULL,
  result       TEXT NOT NULL,
  details      TEXT NOT NULL,
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL
);
CREATE INDEX events_object ON events (object_type, object_id, seq);
CREATE TABLE chain_head (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  seq  BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO chain_head (id, seq, hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
)sql";

constexpr std::string_view kV1Postgres = R"sql(
CREATE TABLE regions (
  code        TEXT COLLATE "C" PRIMARY KEY,
  name        TEXT NOT NULL,
  parent_code TEXT COLLATE "C" NOT NULL DEFAULT '',
  level       TEXT NOT NULL
);
CREATE TABLE departments (
  id          TEXT COLLATE "C" PRIMARY KEY,
  name        TEXT NOT NULL,
  short_name  TEXT NOT NULL DEFAULT '',
  region_code TEXT COLLATE "C" NOT NULL,
  credit_code TEXT NOT NULL DEFAULT ''
);
CREATE INDEX departments_region ON departments (region_code);
CREATE TABLE accounts (
  id                   TEXT COLLATE "C" PRIMARY KEY,
  username             TEXT COLLATE "C" NOT NULL UNIQUE,
  display_name         TEXT NOT NULL DEFAULT '',
  password_hash        TEXT NOT NULL DEFAULT '',
  role                 TEXT NOT NULL,
  region_code          TEXT COLLATE "C" NOT NULL DEFAULT '',
  department_id        TEXT COLLATE "C" NOT NULL DEFAULT '',
  id_number            TEXT NOT NULL DEFAULT '',
  phone                TEXT NOT NULL DEFAULT '',
  must_change_password INTEGER NOT NULL DEFAULT 0,
  disabled             INTEGER NOT NULL DEFAULT 0,
  failed_logins        INTEGER NOT NULL DEFAULT 0,
  created_at           BIGINT NOT NULL,
  password_changed_at  BIGINT NOT NULL,
  version              BIGINT NOT NULL
);
CREATE TABLE sessions (
  token_hash   TEXT COLLATE "C" PRIMARY KEY,
  account_id   TEXT COLLATE "C" NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at   BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at   BIGINT NOT NULL,
  csrf_token   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_account ON sessions (account_id);
CREATE TABLE items (
  id                 TEXT COLLATE "C" PRIMARY KEY,
  code               TEXT COLLATE "C" NOT NULL UNIQUE,
  name               TEXT NOT NULL,
  type               TEXT NOT NULL,
  department_id      TEXT COLLATE "C" NOT NULL DEFAULT '',
  region_code        TEXT COLLATE "C" NOT NULL DEFAULT '',
  statutory_limit_wd INTEGER NOT NULL DEFAULT 0,
  promised_limit_wd  INTEGER NOT NULL DEFAULT 0,
  case_kind          TEXT NOT NULL,
  online             INTEGER NOT NULL DEFAULT 1,
  materials          TEXT NOT NULL DEFAULT '[]',
  status             TEXT NOT NULL,
  version            BIGINT NOT NULL,
  created_at         BIGINT NOT NULL,
  updated_at         BIGINT NOT NULL
);
CREATE INDEX items_region ON items (region_code);
CREATE INDEX items_department ON items (department_id);
CREATE TABLE applications (
  id                  TEXT COLLATE "C" PRIMARY KEY,
  receipt_no          TEXT COLLATE "C" NOT NULL UNIQUE,
  item_id             TEXT COLLATE "C" NOT NULL DEFAULT '',
  item_code           TEXT COLLATE "C" NOT NULL DEFAULT '',
  item_name           TEXT NOT NULL DEFAULT '',
  department_id       TEXT COLLATE "C" NOT NULL DEFAULT '',
  region_code         TEXT COLLATE "C" NOT NULL DEFAULT '',
  state               TEXT COLLATE "C" NOT NULL,
  version             BIGINT NOT NULL,
  applicant_account   TEXT COLLATE "C" NOT NULL DEFAULT '',
  applicant_name      TEXT NOT NULL DEFAULT '',
  applicant_id_number TEXT NOT NULL DEFAULT '',
  applicant_phone     TEXT NOT NULL DEFAULT '',
  channel             TEXT NOT NULL DEFAULT '',
  form_json           TEXT NOT NULL DEFAULT '{}',
  statutory_limit_wd  INTEGER NOT NULL DEFAULT 0,
  promised_limit_wd   INTEGER NOT NULL DEFAULT 0,
  submitted_at        BIGINT NOT NULL,
  accepted_at         BIGINT,
  decided_at          BIGINT,
  concluded_at        BIGINT,
  promised_deadline   TEXT COLLATE "C",
  statutory_deadline  TEXT COLLATE "C",
  outcome             TEXT NOT NULL DEFAULT '',
  last_note           TEXT NOT NULL DEFAULT '',
  handler_id          TEXT NOT NULL DEFAULT '',
  reviewer_id         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX applications_region ON applications (region_code);
CREATE INDEX applications_department ON applications (department_id);
CREATE INDEX applications_state ON applications (state);
CREATE INDEX applications_deadline ON applications (promised_deadline, submitted_at);
CREATE INDEX applications_applicant ON applications (applicant_account);
CREATE TABLE sequences (
  name  TEXT COLLATE "C" PRIMARY KEY,
  value BIGINT NOT NULL
);
CREATE TABLE idempotency (
  idem_key      TEXT COLLATE "C" PRIMARY KEY,
  request_hash  TEXT NOT NULL,
  status        INTEGER NOT NULL,
  response_body TEXT NOT NULL,
  created_at    BIGINT NOT NULL
);
CREATE INDEX idempotency_created ON idempotency (created_at);
CREATE TABLE events (
  seq          BIGINT PRIMARY KEY,
  at           BIGINT NOT NULL,
  action       TEXT NOT NULL,
  object_type  TEXT COLLATE "C" NOT NULL,
  object_id    TEXT COLLATE "C" NOT NULL,
  actor_id     TEXT NOT NULL,
  actor_role   TEXT NOT NULL,
  actor_region TEXT NOT NULL,
  request_id   TEXT NOT NULL,
  source_ip    TEXT NOT NULL,
  result       TEXT NOT NULL,
  details      TEXT NOT NULL,
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL
);
CREATE INDEX events_object ON events (object_type, object_id, seq);
CREATE TABLE chain_head (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  seq  BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO chain_head (id, seq, hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
CREATE FUNCTION zt_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are append-only';
END
$$;
CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION zt_events_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION zt_events_append_only();
)sql";

// Version 2: login lockout and the TOTP second factor (both dialects accept this text).
constexpr std::string_view kV2Accounts = R"sql(
ALTER TABLE accounts ADD COLUMN locked_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN totp_enabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
)sql";

// v3, the legal clocks (docs/case-engine.md): the pause ledger as a JSON array of
// {"from","to","kind","reason"} (instants as milliseconds, "to" null while paused), the
// handling clock's start day (empty on older rows: the acceptance day is used), 第三十二条's
// acceptance due day and the one extension.
constexpr std::string_view kV3Clocks = R"sql(
ALTER TABLE applications ADD COLUMN clock_pauses TEXT NOT NULL DEFAULT '[]';
ALTER TABLE applications ADD COLUMN clock_start TEXT;
ALTER TABLE applications ADD COLUMN acceptance_due TEXT;
ALTER TABLE applications ADD COLUMN extension_wd INTEGER NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN extension_reason TEXT NOT NULL DEFAULT '';
)sql";

// Applied in this order to a database below each version; keep versions ascending.
constexpr Migration kMigrations[] = {
    {1, kV1Sqlite, kV1Postgres},
    {2, kV2Accounts, kV2Accounts},
    {3, kV3Clocks, kV3Clocks},
};
static_assert(
    [] {
      for (std::size_t i = 1; i < std::size(kMigrations); ++i) {
        if (kMigrations[i].version <= kMigrations[i - 1].version) return false;
      }
      return true;
    }(),
    "migrations must be listed in ascending version order");

Result<std::int64_t> ReadVersion(Connection& conn) {
  ZT_ASSIGN_OR_RETURN(QueryResult r, conn.Run("Migrate", kSelectSchemaVersion));
  if (r.rows.size() != 1 || !r.rows[0][0]) {
    return std::unexpected(Error(ErrorCode::kInternal, "store.internal", "Migrate: no version"));
  }
  return std::stoll(*r.rows[0][0]);
}

Result<int> ApplyInTransaction(Connection& conn) {
  if (conn.dialect() == Dialect::kPostgres) {
    ZT_RETURN_IF_ERROR(conn.Run("Migrate", kLockMigrationsPostgres));
  }
  ZT_RETURN_IF_ERROR(conn.Run("Migrate", kCreateMigrationsTable));
  ZT_ASSIGN_OR_RETURN(std::int64_t current, ReadVersion(conn));
  if (current > LatestSchemaVersion()) {
    return std::unexpected(Error(ErrorCode::kFailedPrecondition, "store.schema_newer",
                                 "Migrate: the database schema is newer than this build"));
  }
  // applied_at is operational metadata for the operator, not domain time: the wall clock
  // is the right source here.
  std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  for (const Migration& m : kMigrations) {
    if (m.version <= current) continue;
    ZT_RETURN_IF_ERROR(
        conn.RunScript("Migrate", conn.dialect() == Dialect::kSqlite ? m.sqlite : m.postgres));
    ZT_RETURN_IF_ERROR(conn.Run("Migrate", kInsertSchemaVersion, {std::int64_t{m.version}, now}));
    current = m.version;
  }
  return static_cast<int>(current);
}

}  // namespace

int LatestSchemaVersion() { return kMigrations[std::size(kMigrations) - 1].version; }

Result<int> ApplyMigrations(Connection& conn) {
  ZT_RETURN_IF_ERROR(conn.BeginWrite());
  Result<int> version = ApplyInTransaction(conn);
  if (!version) {
    conn.Rollback();
    return version;
  }
  Status committed = conn.Commit();
  if (!committed) {
    conn.Rollback();
    return std::unexpected(committed.error());
  }
  return version;
}

}  // namespace zt::store::internal
