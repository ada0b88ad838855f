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

#include "personal_data.h"
#include "sql_indicators.h"

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
constexpr std::string_view kMigrationsTableExistsPostgres =
    "SELECT to_regclass('schema_migrations') IS NOT NULL";
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

// v7, the catalogue across levels (docs/catalogue.md): 基本目录 items and the implementation
// records linking an item to the standard it implements (windows as a JSON array of text).
constexpr std::string_view kV7CatalogueSqlite = R"sql(
CREATE TABLE standard_items (
  id                   TEXT PRIMARY KEY,
  basic_code           TEXT NOT NULL UNIQUE,
  name                 TEXT NOT NULL,
  type                 TEXT NOT NULL,
  competent_department TEXT NOT NULL DEFAULT '',
  legal_basis          TEXT NOT NULL DEFAULT '',
  statutory_limit_wd   INTEGER NOT NULL DEFAULT 0,
  level                TEXT NOT NULL,
  region_code          TEXT NOT NULL,
  version              BIGINT NOT NULL,
  created_at           BIGINT NOT NULL,
  updated_at           BIGINT NOT NULL
);
CREATE INDEX standard_items_region ON standard_items (region_code);
CREATE TABLE item_implementations (
  item_id              TEXT PRIMARY KEY,
  standard_id          TEXT NOT NULL,
  standard_version     BIGINT NOT NULL,
  region_code          TEXT NOT NULL,
  level                TEXT NOT NULL,
  basic_code           TEXT NOT NULL,
  competent_department TEXT NOT NULL DEFAULT '',
  legal_basis          TEXT NOT NULL DEFAULT '',
  address              TEXT NOT NULL DEFAULT '',
  office_hours         TEXT NOT NULL DEFAULT '',
  windows              TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX item_implementations_standard ON item_implementations (standard_id);
CREATE INDEX item_implementations_region ON item_implementations (region_code, item_id);
)sql";
constexpr std::string_view kV7CataloguePostgres = R"sql(
CREATE TABLE standard_items (
  id                   TEXT PRIMARY KEY,
  basic_code           TEXT COLLATE "C" NOT NULL UNIQUE,
  name                 TEXT NOT NULL,
  type                 TEXT NOT NULL,
  competent_department TEXT NOT NULL DEFAULT '',
  legal_basis          TEXT NOT NULL DEFAULT '',
  statutory_limit_wd   INTEGER NOT NULL DEFAULT 0,
  level                TEXT NOT NULL,
  region_code          TEXT COLLATE "C" NOT NULL,
  version              BIGINT NOT NULL,
  created_at           BIGINT NOT NULL,
  updated_at           BIGINT NOT NULL
);
CREATE INDEX standard_items_region ON standard_items (region_code);
CREATE TABLE item_implementations (
  item_id              TEXT COLLATE "C" PRIMARY KEY,
  standard_id          TEXT NOT NULL,
  standard_version     BIGINT NOT NULL,
  region_code          TEXT COLLATE "C" NOT NULL,
  level                TEXT NOT NULL,
  basic_code           TEXT NOT NULL,
  competent_department TEXT NOT NULL DEFAULT '',
  legal_basis          TEXT NOT NULL DEFAULT '',
  address              TEXT NOT NULL DEFAULT '',
  office_hours         TEXT NOT NULL DEFAULT '',
  windows              TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX item_implementations_standard ON item_implementations (standard_id);
CREATE INDEX item_implementations_region ON item_implementations (region_code, item_id);
)sql";

// v5, ratings (好差评, docs/ratings.md): one initial rating and at most one re-rating per
// case (unique (case_id, kind): a second rating is refused by the database too), and the
// rectification case each bad rating opens (one per rating).
constexpr std::string_view kV5RatingsSqlite = R"sql(
CREATE TABLE ratings (
  id               TEXT PRIMARY KEY,
  case_id          TEXT NOT NULL,
  kind             TEXT NOT NULL,
  receipt_no       TEXT NOT NULL DEFAULT '',
  item_id          TEXT NOT NULL DEFAULT '',
  item_name        TEXT NOT NULL DEFAULT '',
  department_id    TEXT NOT NULL DEFAULT '',
  region_code      TEXT NOT NULL DEFAULT '',
  window_id        TEXT NOT NULL DEFAULT '',
  clerk_id         TEXT NOT NULL DEFAULT '',
  rater_account    TEXT NOT NULL DEFAULT '',
  level            INTEGER NOT NULL,
  tags             TEXT NOT NULL DEFAULT '[]',
  comment          TEXT NOT NULL DEFAULT '',
  channel          TEXT NOT NULL,
  is_default       INTEGER NOT NULL DEFAULT 0,
  concluded_at     BIGINT NOT NULL,
  rated_at         BIGINT NOT NULL,
  rectification_id TEXT NOT NULL DEFAULT '',
  UNIQUE (case_id, kind)
);
CREATE INDEX ratings_department ON ratings (department_id, rated_at);
CREATE INDEX ratings_region ON ratings (region_code);
CREATE INDEX ratings_rated_at ON ratings (rated_at);
CREATE TABLE rectifications (
  id                TEXT PRIMARY KEY,
  rating_id         TEXT NOT NULL UNIQUE,
  case_id           TEXT NOT NULL,
  receipt_no        TEXT NOT NULL DEFAULT '',
  item_id           TEXT NOT NULL DEFAULT '',
  item_name         TEXT NOT NULL DEFAULT '',
  department_id     TEXT NOT NULL DEFAULT '',
  region_code       TEXT NOT NULL DEFAULT '',
  applicant_account TEXT NOT NULL DEFAULT '',
  state             TEXT NOT NULL,
  version           BIGINT NOT NULL,
  level             INTEGER NOT NULL,
  opened_at         BIGINT NOT NULL,
  due               TEXT NOT NULL,
  verified_at       BIGINT,
  verification      TEXT NOT NULL DEFAULT '',
  rectified_at      BIGINT,
  replied_at        BIGINT,
  called_back_at    BIGINT,
  finished_at       BIGINT,
  finding           TEXT NOT NULL DEFAULT '',
  measures          TEXT NOT NULL DEFAULT '',
  reply             TEXT NOT NULL DEFAULT '',
  call_back_note    TEXT NOT NULL DEFAULT '',
  rerating_id       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX rectifications_department ON rectifications (department_id, due);
CREATE INDEX rectifications_region ON rectifications (region_code);
CREATE INDEX rectifications_applicant ON rectifications (applicant_account);
)sql";
constexpr std::string_view kV5RatingsPostgres = R"sql(
CREATE TABLE ratings (
  id               TEXT PRIMARY KEY,
  case_id          TEXT NOT NULL,
  kind             TEXT NOT NULL,
  receipt_no       TEXT NOT NULL DEFAULT '',
  item_id          TEXT NOT NULL DEFAULT '',
  item_name        TEXT NOT NULL DEFAULT '',
  department_id    TEXT NOT NULL DEFAULT '',
  region_code      TEXT COLLATE "C" NOT NULL DEFAULT '',
  window_id        TEXT NOT NULL DEFAULT '',
  clerk_id         TEXT NOT NULL DEFAULT '',
  rater_account    TEXT NOT NULL DEFAULT '',
  level            INTEGER NOT NULL,
  tags             TEXT NOT NULL DEFAULT '[]',
  comment          TEXT NOT NULL DEFAULT '',
  channel          TEXT NOT NULL,
  is_default       INTEGER NOT NULL DEFAULT 0,
  concluded_at     BIGINT NOT NULL,
  rated_at         BIGINT NOT NULL,
  rectification_id TEXT NOT NULL DEFAULT '',
  UNIQUE (case_id, kind)
);
CREATE INDEX ratings_department ON ratings (department_id, rated_at);
CREATE INDEX ratings_region ON ratings (region_code);
CREATE INDEX ratings_rated_at ON ratings (rated_at);
CREATE TABLE rectifications (
  id                TEXT PRIMARY KEY,
  rating_id         TEXT NOT NULL UNIQUE,
  case_id           TEXT NOT NULL,
  receipt_no        TEXT NOT NULL DEFAULT '',
  item_id           TEXT NOT NULL DEFAULT '',
  item_name         TEXT NOT NULL DEFAULT '',
  department_id     TEXT NOT NULL DEFAULT '',
  region_code       TEXT COLLATE "C" NOT NULL DEFAULT '',
  applicant_account TEXT NOT NULL DEFAULT '',
  state             TEXT NOT NULL,
  version           BIGINT NOT NULL,
  level             INTEGER NOT NULL,
  opened_at         BIGINT NOT NULL,
  due               TEXT NOT NULL,
  verified_at       BIGINT,
  verification      TEXT NOT NULL DEFAULT '',
  rectified_at      BIGINT,
  replied_at        BIGINT,
  called_back_at    BIGINT,
  finished_at       BIGINT,
  finding           TEXT NOT NULL DEFAULT '',
  measures          TEXT NOT NULL DEFAULT '',
  reply             TEXT NOT NULL DEFAULT '',
  call_back_note    TEXT NOT NULL DEFAULT '',
  rerating_id       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX rectifications_department ON rectifications (department_id, due);
CREATE INDEX rectifications_region ON rectifications (region_code);
CREATE INDEX rectifications_applicant ON rectifications (applicant_account);
)sql";

// v10, indicators (docs/indicators.md): counters per day and per month of application
// events, added to in the transaction that appends each event; frozen snapshots of a
// period's values; the index the drill-down from a number to its events reads.
constexpr std::string_view kV10IndicatorsSqlite = R"sql(
CREATE TABLE indicator_counters (
  grain         TEXT NOT NULL,
  period        TEXT NOT NULL,
  action        TEXT NOT NULL,
  region_code   TEXT NOT NULL,
  department_id TEXT NOT NULL,
  channel       TEXT NOT NULL,
  case_kind     TEXT NOT NULL,
  on_time       TEXT NOT NULL,
  n             BIGINT NOT NULL,
  working_days  BIGINT NOT NULL,
  PRIMARY KEY (grain, period, action, region_code, department_id, channel, case_kind, on_time)
);
CREATE TABLE indicator_snapshots (
  region_code   TEXT NOT NULL,
  department_id TEXT NOT NULL,
  period_from   TEXT NOT NULL,
  period_to     TEXT NOT NULL,
  frozen_at     BIGINT NOT NULL,
  frozen_by     TEXT NOT NULL,
  PRIMARY KEY (region_code, department_id, period_from, period_to)
);
CREATE TABLE indicator_snapshot_values (
  region_code   TEXT NOT NULL,
  department_id TEXT NOT NULL,
  period_from   TEXT NOT NULL,
  period_to     TEXT NOT NULL,
  indicator_id  TEXT NOT NULL,
  version       INTEGER NOT NULL,
  value         TEXT NOT NULL,
  numerator     TEXT NOT NULL,
  denominator   BIGINT NOT NULL,
  formula       TEXT NOT NULL,
  PRIMARY KEY (region_code, department_id, period_from, period_to, indicator_id)
);
CREATE TABLE report_drafts (
  region_code  TEXT NOT NULL,
  year         INTEGER NOT NULL,
  generated_at BIGINT NOT NULL,
  generated_by TEXT NOT NULL,
  figures      TEXT NOT NULL,
  prose        TEXT NOT NULL,
  version      BIGINT NOT NULL,
  PRIMARY KEY (region_code, year)
);
CREATE INDEX events_action_at ON events (action, at);
)sql";
constexpr std::string_view kV10IndicatorsPostgres = R"sql(
CREATE TABLE indicator_counters (
  grain         TEXT COLLATE "C" NOT NULL,
  period        TEXT COLLATE "C" NOT NULL,
  action        TEXT COLLATE "C" NOT NULL,
  region_code   TEXT COLLATE "C" NOT NULL,
  department_id TEXT COLLATE "C" NOT NULL,
  channel       TEXT COLLATE "C" NOT NULL,
  case_kind     TEXT COLLATE "C" NOT NULL,
  on_time       TEXT COLLATE "C" NOT NULL,
  n             BIGINT NOT NULL,
  working_days  BIGINT NOT NULL,
  PRIMARY KEY (grain, period, action, region_code, department_id, channel, case_kind, on_time)
);
CREATE TABLE indicator_snapshots (
  region_code   TEXT COLLATE "C" NOT NULL,
  department_id TEXT COLLATE "C" NOT NULL,
  period_from   TEXT COLLATE "C" NOT NULL,
  period_to     TEXT COLLATE "C" NOT NULL,
  frozen_at     BIGINT NOT NULL,
  frozen_by     TEXT NOT NULL,
  PRIMARY KEY (region_code, department_id, period_from, period_to)
);
CREATE TABLE indicator_snapshot_values (
  region_code   TEXT COLLATE "C" NOT NULL,
  department_id TEXT COLLATE "C" NOT NULL,
  period_from   TEXT COLLATE "C" NOT NULL,
  period_to     TEXT COLLATE "C" NOT NULL,
  indicator_id  TEXT COLLATE "C" NOT NULL,
  version       INTEGER NOT NULL,
  value         TEXT NOT NULL,
  numerator     TEXT NOT NULL,
  denominator   BIGINT NOT NULL,
  formula       TEXT NOT NULL,
  PRIMARY KEY (region_code, department_id, period_from, period_to, indicator_id)
);
CREATE TABLE report_drafts (
  region_code  TEXT COLLATE "C" NOT NULL,
  year         INTEGER NOT NULL,
  generated_at BIGINT NOT NULL,
  generated_by TEXT NOT NULL,
  figures      TEXT NOT NULL,
  prose        TEXT NOT NULL,
  version      BIGINT NOT NULL,
  PRIMARY KEY (region_code, year)
);
CREATE INDEX events_action_at ON events (action, at);
)sql";

// v6, the 12345 hotline (docs/hotline.md): every matter in one table (answered directly or
// dispatched as a work order, with the order's state and clocks), the routing rules (派单目录),
// the knowledge base with every article version kept, and the telephony counters per day and
// line (calls in and calls answered are counted apart from matters).
constexpr std::string_view kV6HotlineSqlite = R"sql(
CREATE TABLE hotline_orders (
  id                       TEXT PRIMARY KEY,
  number                   TEXT NOT NULL UNIQUE,
  source                   TEXT NOT NULL,
  external_id              TEXT NOT NULL DEFAULT '',
  caller_name              TEXT NOT NULL DEFAULT '',
  caller_phone             TEXT NOT NULL DEFAULT '',
  confidential             INTEGER NOT NULL DEFAULT 0,
  matter_type              TEXT NOT NULL,
  category_code            TEXT NOT NULL,
  region_code              TEXT NOT NULL,
  address                  TEXT NOT NULL DEFAULT '',
  title                    TEXT NOT NULL,
  content                  TEXT NOT NULL,
  urgent                   INTEGER NOT NULL DEFAULT 0,
  disposition              TEXT NOT NULL,
  article_id               TEXT NOT NULL DEFAULT '',
  answer                   TEXT NOT NULL DEFAULT '',
  department_id            TEXT NOT NULL DEFAULT '',
  state                    TEXT NOT NULL,
  version                  BIGINT NOT NULL,
  agent_id                 TEXT NOT NULL DEFAULT '',
  received_at              BIGINT NOT NULL,
  dispatched_at            BIGINT,
  sign_due_at              BIGINT,
  accepted_at              BIGINT,
  replied_at               BIGINT,
  called_back_at           BIGINT,
  closed_at                BIGINT,
  limit_days               INTEGER NOT NULL DEFAULT 0,
  extension_days           INTEGER NOT NULL DEFAULT 0,
  requested_extension_days INTEGER NOT NULL DEFAULT 0,
  due_date                 TEXT,
  reply                    TEXT NOT NULL DEFAULT '',
  satisfaction             TEXT NOT NULL DEFAULT '',
  outcome                  TEXT NOT NULL DEFAULT '',
  merged_into              TEXT NOT NULL DEFAULT '',
  returned_by              TEXT NOT NULL DEFAULT '',
  escalation_level         INTEGER NOT NULL DEFAULT 0,
  last_note                TEXT NOT NULL DEFAULT ''
);
CREATE INDEX hotline_orders_region ON hotline_orders (region_code, received_at);
CREATE INDEX hotline_orders_department ON hotline_orders (department_id, state);
CREATE INDEX hotline_orders_caller ON hotline_orders (caller_phone);
CREATE INDEX hotline_orders_topic ON hotline_orders (region_code, category_code, received_at);
CREATE INDEX hotline_orders_received ON hotline_orders (received_at);
CREATE TABLE hotline_routing (
  category_prefix TEXT NOT NULL,
  region_prefix   TEXT NOT NULL,
  department_id   TEXT NOT NULL,
  PRIMARY KEY (category_prefix, region_prefix)
);
CREATE TABLE hotline_articles (
  id            TEXT NOT NULL,
  version       BIGINT NOT NULL,
  title         TEXT NOT NULL,
  body          TEXT NOT NULL,
  keywords      TEXT NOT NULL DEFAULT '',
  category_code TEXT NOT NULL DEFAULT '',
  author_id     TEXT NOT NULL DEFAULT '',
  updated_at    BIGINT NOT NULL,
  PRIMARY KEY (id, version)
);
CREATE TABLE hotline_calls (
  day            TEXT NOT NULL,
  line           TEXT NOT NULL,
  calls_in       BIGINT NOT NULL,
  calls_answered BIGINT NOT NULL,
  PRIMARY KEY (day, line)
);
)sql";
constexpr std::string_view kV6HotlinePostgres = R"sql(
CREATE TABLE hotline_orders (
  id                       TEXT COLLATE "C" PRIMARY KEY,
  number                   TEXT COLLATE "C" NOT NULL UNIQUE,
  source                   TEXT NOT NULL,
  external_id              TEXT COLLATE "C" NOT NULL DEFAULT '',
  caller_name              TEXT NOT NULL DEFAULT '',
  caller_phone             TEXT COLLATE "C" NOT NULL DEFAULT '',
  confidential             INTEGER NOT NULL DEFAULT 0,
  matter_type              TEXT NOT NULL,
  category_code            TEXT COLLATE "C" NOT NULL,
  region_code              TEXT COLLATE "C" NOT NULL,
  address                  TEXT NOT NULL DEFAULT '',
  title                    TEXT NOT NULL,
  content                  TEXT NOT NULL,
  urgent                   INTEGER NOT NULL DEFAULT 0,
  disposition              TEXT NOT NULL,
  article_id               TEXT NOT NULL DEFAULT '',
  answer                   TEXT NOT NULL DEFAULT '',
  department_id            TEXT COLLATE "C" NOT NULL DEFAULT '',
  state                    TEXT COLLATE "C" NOT NULL,
  version                  BIGINT NOT NULL,
  agent_id                 TEXT NOT NULL DEFAULT '',
  received_at              BIGINT NOT NULL,
  dispatched_at            BIGINT,
  sign_due_at              BIGINT,
  accepted_at              BIGINT,
  replied_at               BIGINT,
  called_back_at           BIGINT,
  closed_at                BIGINT,
  limit_days               INTEGER NOT NULL DEFAULT 0,
  extension_days           INTEGER NOT NULL DEFAULT 0,
  requested_extension_days INTEGER NOT NULL DEFAULT 0,
  due_date                 TEXT COLLATE "C",
  reply                    TEXT NOT NULL DEFAULT '',
  satisfaction             TEXT NOT NULL DEFAULT '',
  outcome                  TEXT NOT NULL DEFAULT '',
  merged_into              TEXT NOT NULL DEFAULT '',
  returned_by              TEXT NOT NULL DEFAULT '',
  escalation_level         INTEGER NOT NULL DEFAULT 0,
  last_note                TEXT NOT NULL DEFAULT ''
);
CREATE INDEX hotline_orders_region ON hotline_orders (region_code, received_at);
CREATE INDEX hotline_orders_department ON hotline_orders (department_id, state);
CREATE INDEX hotline_orders_caller ON hotline_orders (caller_phone);
CREATE INDEX hotline_orders_topic ON hotline_orders (region_code, category_code, received_at);
CREATE INDEX hotline_orders_received ON hotline_orders (received_at);
CREATE TABLE hotline_routing (
  category_prefix TEXT COLLATE "C" NOT NULL,
  region_prefix   TEXT COLLATE "C" NOT NULL,
  department_id   TEXT NOT NULL,
  PRIMARY KEY (category_prefix, region_prefix)
);
CREATE TABLE hotline_articles (
  id            TEXT COLLATE "C" NOT NULL,
  version       BIGINT NOT NULL,
  title         TEXT NOT NULL,
  body          TEXT NOT NULL,
  keywords      TEXT NOT NULL DEFAULT '',
  category_code TEXT NOT NULL DEFAULT '',
  author_id     TEXT NOT NULL DEFAULT '',
  updated_at    BIGINT NOT NULL,
  PRIMARY KEY (id, version)
);
CREATE TABLE hotline_calls (
  day            TEXT COLLATE "C" NOT NULL,
  line           TEXT COLLATE "C" NOT NULL,
  calls_in       BIGINT NOT NULL,
  calls_answered BIGINT NOT NULL,
  PRIMARY KEY (day, line)
);
)sql";

// v8: the case engine's follow-up tasks (容缺 supply, 告知承诺 post-check, certificate) and
// the holiday calendar the open deadlines were last computed with (docs/case-engine.md).
constexpr std::string_view kV8CaseEngineSqlite = R"sql(
CREATE TABLE case_tasks (
  id            TEXT PRIMARY KEY,
  case_id       TEXT NOT NULL REFERENCES applications (id),
  kind          TEXT NOT NULL,
  due           TEXT NOT NULL,
  opened_at     BIGINT NOT NULL,
  done_at       BIGINT,
  note          TEXT NOT NULL DEFAULT '',
  region_code   TEXT NOT NULL,
  department_id TEXT NOT NULL
);
CREATE INDEX case_tasks_case ON case_tasks (case_id);
CREATE INDEX case_tasks_open ON case_tasks (due) WHERE done_at IS NULL;
CREATE TABLE case_calendar_applied (
  id          INTEGER PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  applied_at  BIGINT NOT NULL
);
)sql";
constexpr std::string_view kV8CaseEnginePostgres = R"sql(
CREATE TABLE case_tasks (
  id            TEXT PRIMARY KEY,
  case_id       TEXT NOT NULL REFERENCES applications (id),
  kind          TEXT NOT NULL,
  due           TEXT COLLATE "C" NOT NULL,
  opened_at     BIGINT NOT NULL,
  done_at       BIGINT,
  note          TEXT NOT NULL DEFAULT '',
  region_code   TEXT COLLATE "C" NOT NULL,
  department_id TEXT NOT NULL
);
CREATE INDEX case_tasks_case ON case_tasks (case_id);
CREATE INDEX case_tasks_open ON case_tasks (due) WHERE done_at IS NULL;
CREATE TABLE case_calendar_applied (
  id          INTEGER PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  applied_at  BIGINT NOT NULL
);
)sql";

// v4, electronic licences (docs/licences.md): the type catalogue, signing keys (public half
// and the private half only as encrypted PKCS#8), licences with their signature and status
// (status_index is the licence's bit in the published status lists; case_id is unique so a
// concluded application gets one licence however often issuing is retried), status changes
// and uses in applications (免提交, one per case and material).
constexpr std::string_view kV4LicencesSqlite = R"sql(
CREATE TABLE licence_types (
  code                TEXT PRIMARY KEY,
  name                TEXT NOT NULL,
  department_id       TEXT NOT NULL,
  holder_kind         TEXT NOT NULL,
  fields              TEXT NOT NULL DEFAULT '[]',
  validity_years      INTEGER NOT NULL DEFAULT 0,
  opened              INTEGER NOT NULL DEFAULT 0,
  historical_declared BIGINT NOT NULL DEFAULT 0,
  item_codes          TEXT NOT NULL DEFAULT '[]',
  version             BIGINT NOT NULL,
  created_at          BIGINT NOT NULL,
  updated_at          BIGINT NOT NULL
);
CREATE INDEX licence_types_department ON licence_types (department_id);
CREATE TABLE licence_keys (
  key_id             TEXT PRIMARY KEY,
  algorithm          TEXT NOT NULL,
  public_key_pem     TEXT NOT NULL,
  sealed_private_key TEXT NOT NULL,
  valid_from         BIGINT NOT NULL,
  valid_until        BIGINT,
  created_at         BIGINT NOT NULL
);
CREATE TABLE licences (
  id             TEXT PRIMARY KEY,
  type_code      TEXT NOT NULL,
  type_name      TEXT NOT NULL,
  number         TEXT NOT NULL,
  holder_kind    TEXT NOT NULL,
  holder_name    TEXT NOT NULL,
  holder_id      TEXT NOT NULL,
  issuer_name    TEXT NOT NULL,
  issuer_code    TEXT NOT NULL,
  region_code    TEXT NOT NULL,
  issue_date     TEXT NOT NULL,
  valid_from     TEXT NOT NULL,
  valid_until    TEXT,
  issued_at      BIGINT NOT NULL,
  fields         TEXT NOT NULL DEFAULT '{}',
  department_id  TEXT NOT NULL,
  status         TEXT NOT NULL,
  status_index   BIGINT NOT NULL UNIQUE,
  key_id         TEXT NOT NULL,
  algorithm      TEXT NOT NULL,
  content_digest TEXT NOT NULL,
  signature      TEXT NOT NULL,
  source         TEXT NOT NULL,
  case_id        TEXT UNIQUE,
  version        BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL
);
CREATE INDEX licences_holder ON licences (holder_id);
CREATE INDEX licences_type ON licences (type_code, issued_at);
CREATE INDEX licences_department ON licences (department_id);
CREATE INDEX licences_status ON licences (status);
CREATE TABLE licence_status_changes (
  licence_id  TEXT NOT NULL,
  at          BIGINT NOT NULL,
  action      TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status   TEXT NOT NULL,
  reason      TEXT NOT NULL,
  reference   TEXT NOT NULL,
  actor_id    TEXT NOT NULL,
  version     BIGINT NOT NULL,
  PRIMARY KEY (licence_id, version)
);
CREATE TABLE licence_uses (
  id            TEXT PRIMARY KEY,
  licence_id    TEXT NOT NULL,
  case_id       TEXT NOT NULL,
  receipt_no    TEXT NOT NULL,
  material_name TEXT NOT NULL,
  holder_id     TEXT NOT NULL,
  type_code     TEXT NOT NULL,
  department_id TEXT NOT NULL,
  item_id       TEXT NOT NULL,
  agreed_by     TEXT NOT NULL,
  at            BIGINT NOT NULL,
  UNIQUE (case_id, material_name)
);
CREATE INDEX licence_uses_holder ON licence_uses (holder_id, at);
)sql";
constexpr std::string_view kV4LicencesPostgres = R"sql(
CREATE TABLE licence_types (
  code                TEXT COLLATE "C" PRIMARY KEY,
  name                TEXT NOT NULL,
  department_id       TEXT COLLATE "C" NOT NULL,
  holder_kind         TEXT NOT NULL,
  fields              TEXT NOT NULL DEFAULT '[]',
  validity_years      INTEGER NOT NULL DEFAULT 0,
  opened              INTEGER NOT NULL DEFAULT 0,
  historical_declared BIGINT NOT NULL DEFAULT 0,
  item_codes          TEXT NOT NULL DEFAULT '[]',
  version             BIGINT NOT NULL,
  created_at          BIGINT NOT NULL,
  updated_at          BIGINT NOT NULL
);
CREATE INDEX licence_types_department ON licence_types (department_id);
CREATE TABLE licence_keys (
  key_id             TEXT COLLATE "C" PRIMARY KEY,
  algorithm          TEXT NOT NULL,
  public_key_pem     TEXT NOT NULL,
  sealed_private_key TEXT NOT NULL,
  valid_from         BIGINT NOT NULL,
  valid_until        BIGINT,
  created_at         BIGINT NOT NULL
);
CREATE TABLE licences (
  id             TEXT COLLATE "C" PRIMARY KEY,
  type_code      TEXT COLLATE "C" NOT NULL,
  type_name      TEXT NOT NULL,
  number         TEXT NOT NULL,
  holder_kind    TEXT NOT NULL,
  holder_name    TEXT NOT NULL,
  holder_id      TEXT COLLATE "C" NOT NULL,
  issuer_name    TEXT NOT NULL,
  issuer_code    TEXT NOT NULL,
  region_code    TEXT COLLATE "C" NOT NULL,
  issue_date     TEXT COLLATE "C" NOT NULL,
  valid_from     TEXT COLLATE "C" NOT NULL,
  valid_until    TEXT COLLATE "C",
  issued_at      BIGINT NOT NULL,
  fields         TEXT NOT NULL DEFAULT '{}',
  department_id  TEXT COLLATE "C" NOT NULL,
  status         TEXT COLLATE "C" NOT NULL,
  status_index   BIGINT NOT NULL UNIQUE,
  key_id         TEXT NOT NULL,
  algorithm      TEXT NOT NULL,
  content_digest TEXT NOT NULL,
  signature      TEXT NOT NULL,
  source         TEXT NOT NULL,
  case_id        TEXT COLLATE "C" UNIQUE,
  version        BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL
);
CREATE INDEX licences_holder ON licences (holder_id);
CREATE INDEX licences_type ON licences (type_code, issued_at);
CREATE INDEX licences_department ON licences (department_id);
CREATE INDEX licences_status ON licences (status);
CREATE TABLE licence_status_changes (
  licence_id  TEXT COLLATE "C" NOT NULL,
  at          BIGINT NOT NULL,
  action      TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status   TEXT NOT NULL,
  reason      TEXT NOT NULL,
  reference   TEXT NOT NULL,
  actor_id    TEXT NOT NULL,
  version     BIGINT NOT NULL,
  PRIMARY KEY (licence_id, version)
);
CREATE TABLE licence_uses (
  id            TEXT COLLATE "C" PRIMARY KEY,
  licence_id    TEXT COLLATE "C" NOT NULL,
  case_id       TEXT COLLATE "C" NOT NULL,
  receipt_no    TEXT NOT NULL,
  material_name TEXT COLLATE "C" NOT NULL,
  holder_id     TEXT COLLATE "C" NOT NULL,
  type_code     TEXT COLLATE "C" NOT NULL,
  department_id TEXT COLLATE "C" NOT NULL,
  item_id       TEXT COLLATE "C" NOT NULL,
  agreed_by     TEXT NOT NULL,
  at            BIGINT NOT NULL,
  UNIQUE (case_id, material_name)
);
CREATE INDEX licence_uses_holder ON licence_uses (holder_id, at);
)sql";

// v11: the delegation ledger (赋权清单, catalog/delegation.h). Rows are only ever appended;
// what is in force at a date is computed from them.
constexpr std::string_view kV11DelegationsSqlite = R"sql(
CREATE TABLE catalog_delegations (
  id              TEXT PRIMARY KEY,
  seq             BIGINT NOT NULL, -- position in its document's batch
  kind            TEXT NOT NULL,
  item_ref        TEXT NOT NULL,
  item_name       TEXT NOT NULL,
  category_list   TEXT NOT NULL,
  category_code   TEXT NOT NULL,
  from_region     TEXT NOT NULL,
  from_body       TEXT NOT NULL,
  from_level      TEXT NOT NULL,
  to_region       TEXT NOT NULL DEFAULT '',
  to_body         TEXT NOT NULL DEFAULT '',
  to_level        TEXT NOT NULL DEFAULT '',
  document_number TEXT NOT NULL,
  effective_from  TEXT NOT NULL,
  effective_until TEXT,
  recorded_at     BIGINT NOT NULL,
  recorded_by     TEXT NOT NULL
);
CREATE INDEX catalog_delegations_from ON catalog_delegations (from_region);
CREATE INDEX catalog_delegations_to ON catalog_delegations (to_region);
CREATE INDEX catalog_delegations_document ON catalog_delegations (document_number);
)sql";
constexpr std::string_view kV11DelegationsPostgres = R"sql(
CREATE TABLE catalog_delegations (
  id              TEXT COLLATE "C" PRIMARY KEY,
  seq             BIGINT NOT NULL, -- position in its document's batch
  kind            TEXT NOT NULL,
  item_ref        TEXT COLLATE "C" NOT NULL,
  item_name       TEXT NOT NULL,
  category_list   TEXT NOT NULL,
  category_code   TEXT COLLATE "C" NOT NULL,
  from_region     TEXT COLLATE "C" NOT NULL,
  from_body       TEXT NOT NULL,
  from_level      TEXT NOT NULL,
  to_region       TEXT COLLATE "C" NOT NULL DEFAULT '',
  to_body         TEXT NOT NULL DEFAULT '',
  to_level        TEXT NOT NULL DEFAULT '',
  document_number TEXT COLLATE "C" NOT NULL,
  effective_from  TEXT COLLATE "C" NOT NULL,
  effective_until TEXT COLLATE "C",
  recorded_at     BIGINT NOT NULL,
  recorded_by     TEXT NOT NULL
);
CREATE INDEX catalog_delegations_from ON catalog_delegations (from_region);
CREATE INDEX catalog_delegations_to ON catalog_delegations (to_region);
CREATE INDEX catalog_delegations_document ON catalog_delegations (document_number);
)sql";

// Application materials (metadata; the bytes are content-addressed files outside the
// database) and the transactional outbox of notifications (docs/materials.md).
constexpr std::string_view kV14MaterialsSqlite = R"sql(
CREATE TABLE application_materials (
  id             TEXT PRIMARY KEY,
  case_id        TEXT NOT NULL,
  material_name  TEXT NOT NULL,
  provenance     TEXT NOT NULL,
  source_ref     TEXT NOT NULL DEFAULT '',
  source_case    TEXT NOT NULL DEFAULT '',
  file_name      TEXT NOT NULL,
  kind           TEXT NOT NULL,
  content_type   TEXT NOT NULL,
  size           BIGINT NOT NULL,
  hash_algorithm TEXT NOT NULL,
  content_hash   TEXT NOT NULL,
  trust_grade    TEXT NOT NULL DEFAULT '',
  uploaded_by    TEXT NOT NULL DEFAULT '',
  uploader_role  TEXT NOT NULL DEFAULT '',
  uploaded_at    BIGINT NOT NULL,
  region_code    TEXT NOT NULL,
  department_id  TEXT NOT NULL
);
CREATE INDEX application_materials_case ON application_materials (case_id, uploaded_at);
CREATE TABLE notification_outbox (
  id                TEXT PRIMARY KEY,
  case_id           TEXT NOT NULL,
  receipt_no        TEXT NOT NULL,
  milestone         TEXT NOT NULL,
  channel           TEXT NOT NULL,
  recipient         TEXT NOT NULL,
  applicant_account TEXT NOT NULL DEFAULT '',
  locale            TEXT NOT NULL,
  subject           TEXT NOT NULL,
  body              TEXT NOT NULL,
  status            TEXT NOT NULL,
  attempts          INTEGER NOT NULL DEFAULT 0,
  next_attempt_at   BIGINT NOT NULL,
  last_error        TEXT NOT NULL DEFAULT '',
  created_at        BIGINT NOT NULL,
  sent_at           BIGINT,
  region_code       TEXT NOT NULL,
  department_id     TEXT NOT NULL,
  version           BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX notification_outbox_due ON notification_outbox (status, next_attempt_at);
CREATE INDEX notification_outbox_case ON notification_outbox (case_id, created_at);
CREATE INDEX notification_outbox_region ON notification_outbox (region_code, created_at);
)sql";
constexpr std::string_view kV14MaterialsPostgres = R"sql(
CREATE TABLE application_materials (
  id             TEXT COLLATE "C" PRIMARY KEY,
  case_id        TEXT COLLATE "C" NOT NULL,
  material_name  TEXT NOT NULL,
  provenance     TEXT NOT NULL,
  source_ref     TEXT NOT NULL DEFAULT '',
  source_case    TEXT NOT NULL DEFAULT '',
  file_name      TEXT NOT NULL,
  kind           TEXT NOT NULL,
  content_type   TEXT NOT NULL,
  size           BIGINT NOT NULL,
  hash_algorithm TEXT NOT NULL,
  content_hash   TEXT COLLATE "C" NOT NULL,
  trust_grade    TEXT NOT NULL DEFAULT '',
  uploaded_by    TEXT NOT NULL DEFAULT '',
  uploader_role  TEXT NOT NULL DEFAULT '',
  uploaded_at    BIGINT NOT NULL,
  region_code    TEXT COLLATE "C" NOT NULL,
  department_id  TEXT COLLATE "C" NOT NULL
);
CREATE INDEX application_materials_case ON application_materials (case_id, uploaded_at);
CREATE TABLE notification_outbox (
  id                TEXT COLLATE "C" PRIMARY KEY,
  case_id           TEXT COLLATE "C" NOT NULL,
  receipt_no        TEXT NOT NULL,
  milestone         TEXT NOT NULL,
  channel           TEXT NOT NULL,
  recipient         TEXT NOT NULL,
  applicant_account TEXT NOT NULL DEFAULT '',
  locale            TEXT NOT NULL,
  subject           TEXT NOT NULL,
  body              TEXT NOT NULL,
  status            TEXT COLLATE "C" NOT NULL,
  attempts          INTEGER NOT NULL DEFAULT 0,
  next_attempt_at   BIGINT NOT NULL,
  last_error        TEXT NOT NULL DEFAULT '',
  created_at        BIGINT NOT NULL,
  sent_at           BIGINT,
  region_code       TEXT COLLATE "C" NOT NULL,
  department_id     TEXT COLLATE "C" NOT NULL,
  version           BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX notification_outbox_due ON notification_outbox (status, next_attempt_at);
CREATE INDEX notification_outbox_case ON notification_outbox (case_id, created_at);
CREATE INDEX notification_outbox_region ON notification_outbox (region_code, created_at);
)sql";

// v12, personal data at rest (store/personal_data.h): ID numbers, mobile numbers, licence
// holder ids and TOTP secrets are sealed in place by SealPlainPersonalData after this script;
// the columns searched by number are then found by their blind-index prefix, so their indexes
// are rebuilt on that prefix. The same text serves both dialects.
constexpr std::string_view kV12PersonalData = R"sql(
DROP INDEX IF EXISTS hotline_orders_caller;
CREATE INDEX hotline_orders_caller ON hotline_orders (substr(caller_phone, 1, 70));
DROP INDEX IF EXISTS licences_holder;
CREATE INDEX licences_holder ON licences (substr(holder_id, 1, 70));
DROP INDEX IF EXISTS licence_uses_holder;
CREATE INDEX licence_uses_holder ON licence_uses (substr(holder_id, 1, 70), at);
)sql";
constexpr int kPersonalDataVersion = 12;

// v13: appointments (预约办: halls, windows, slots with a capacity the store never exceeds,
// bookings), the visits (跑动) made on cases, and where a case was accepted (一窗, 通办);
// docs/appointments.md.
constexpr std::string_view kV13AppointmentsSqlite = R"sql(
CREATE TABLE appointment_halls (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  region_code TEXT NOT NULL,
  address     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX appointment_halls_region ON appointment_halls (region_code);
CREATE TABLE appointment_windows (
  id            TEXT PRIMARY KEY,
  hall_id       TEXT NOT NULL,
  name          TEXT NOT NULL,
  comprehensive INTEGER NOT NULL DEFAULT 0,
  department_id TEXT NOT NULL DEFAULT '',
  item_ids      TEXT NOT NULL DEFAULT '[]' -- JSON array; empty: every item of the department
);
CREATE INDEX appointment_windows_hall ON appointment_windows (hall_id);
CREATE TABLE appointment_slots (
  id          TEXT PRIMARY KEY,
  window_id   TEXT NOT NULL,
  hall_id     TEXT NOT NULL,
  region_code TEXT NOT NULL,
  day         TEXT NOT NULL,
  starts_at   BIGINT NOT NULL,
  ends_at     BIGINT NOT NULL,
  capacity    INTEGER NOT NULL,
  booked      INTEGER NOT NULL DEFAULT 0,
  CHECK (booked >= 0 AND booked <= capacity),
  UNIQUE (window_id, starts_at)
);
CREATE INDEX appointment_slots_start ON appointment_slots (starts_at);
CREATE TABLE appointment_bookings (
  id                  TEXT PRIMARY KEY,
  code                TEXT NOT NULL UNIQUE,
  slot_id             TEXT NOT NULL,
  window_id           TEXT NOT NULL,
  hall_id             TEXT NOT NULL,
  region_code         TEXT NOT NULL,
  department_id       TEXT NOT NULL,
  item_id             TEXT NOT NULL,
  item_name           TEXT NOT NULL,
  case_id             TEXT NOT NULL DEFAULT '',
  citizen_account     TEXT NOT NULL,
  applicant_name      TEXT NOT NULL,
  applicant_id_number TEXT NOT NULL,
  day                 TEXT NOT NULL,
  starts_at           BIGINT NOT NULL,
  ends_at             BIGINT NOT NULL,
  state               TEXT NOT NULL,
  booked_at           BIGINT NOT NULL,
  checked_in_at       BIGINT,
  cancelled_at        BIGINT,
  checked_in_by       TEXT NOT NULL DEFAULT '',
  version             BIGINT NOT NULL
);
CREATE INDEX appointment_bookings_citizen ON appointment_bookings (citizen_account, starts_at);
CREATE INDEX appointment_bookings_window ON appointment_bookings (window_id, starts_at);
CREATE INDEX appointment_bookings_region ON appointment_bookings (region_code, starts_at);
CREATE TABLE case_visits (
  id          TEXT PRIMARY KEY,
  case_id     TEXT NOT NULL,
  kind        TEXT NOT NULL,
  at          BIGINT NOT NULL,
  day         TEXT NOT NULL,
  region_code TEXT NOT NULL,
  booking_id  TEXT NOT NULL DEFAULT '',
  actor_id    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_visits_case ON case_visits (case_id, at);
CREATE TABLE case_acceptances (
  case_id          TEXT PRIMARY KEY,
  accepting_region TEXT NOT NULL,
  item_region      TEXT NOT NULL,
  front_desk       INTEGER NOT NULL DEFAULT 0,
  tongban          TEXT NOT NULL DEFAULT '',
  accepted_by      TEXT NOT NULL DEFAULT '',
  at               BIGINT NOT NULL
);
CREATE INDEX case_acceptances_region ON case_acceptances (accepting_region);
)sql";
constexpr std::string_view kV13AppointmentsPostgres = R"sql(
CREATE TABLE appointment_halls (
  id          TEXT COLLATE "C" PRIMARY KEY,
  name        TEXT NOT NULL,
  region_code TEXT COLLATE "C" NOT NULL,
  address     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX appointment_halls_region ON appointment_halls (region_code);
CREATE TABLE appointment_windows (
  id            TEXT COLLATE "C" PRIMARY KEY,
  hall_id       TEXT COLLATE "C" NOT NULL,
  name          TEXT NOT NULL,
  comprehensive INTEGER NOT NULL DEFAULT 0,
  department_id TEXT COLLATE "C" NOT NULL DEFAULT '',
  item_ids      TEXT NOT NULL DEFAULT '[]' -- JSON array; empty: every item of the department
);
CREATE INDEX appointment_windows_hall ON appointment_windows (hall_id);
CREATE TABLE appointment_slots (
  id          TEXT COLLATE "C" PRIMARY KEY,
  window_id   TEXT COLLATE "C" NOT NULL,
  hall_id     TEXT COLLATE "C" NOT NULL,
  region_code TEXT COLLATE "C" NOT NULL,
  day         TEXT COLLATE "C" NOT NULL,
  starts_at   BIGINT NOT NULL,
  ends_at     BIGINT NOT NULL,
  capacity    INTEGER NOT NULL,
  booked      INTEGER NOT NULL DEFAULT 0,
  CHECK (booked >= 0 AND booked <= capacity),
  UNIQUE (window_id, starts_at)
);
CREATE INDEX appointment_slots_start ON appointment_slots (starts_at);
CREATE TABLE appointment_bookings (
  id                  TEXT COLLATE "C" PRIMARY KEY,
  code                TEXT COLLATE "C" NOT NULL UNIQUE,
  slot_id             TEXT COLLATE "C" NOT NULL,
  window_id           TEXT COLLATE "C" NOT NULL,
  hall_id             TEXT COLLATE "C" NOT NULL,
  region_code         TEXT COLLATE "C" NOT NULL,
  department_id       TEXT COLLATE "C" NOT NULL,
  item_id             TEXT COLLATE "C" NOT NULL,
  item_name           TEXT NOT NULL,
  case_id             TEXT COLLATE "C" NOT NULL DEFAULT '',
  citizen_account     TEXT COLLATE "C" NOT NULL,
  applicant_name      TEXT NOT NULL,
  applicant_id_number TEXT NOT NULL,
  day                 TEXT COLLATE "C" NOT NULL,
  starts_at           BIGINT NOT NULL,
  ends_at             BIGINT NOT NULL,
  state               TEXT NOT NULL,
  booked_at           BIGINT NOT NULL,
  checked_in_at       BIGINT,
  cancelled_at        BIGINT,
  checked_in_by       TEXT NOT NULL DEFAULT '',
  version             BIGINT NOT NULL
);
CREATE INDEX appointment_bookings_citizen ON appointment_bookings (citizen_account, starts_at);
CREATE INDEX appointment_bookings_window ON appointment_bookings (window_id, starts_at);
CREATE INDEX appointment_bookings_region ON appointment_bookings (region_code, starts_at);
CREATE TABLE case_visits (
  id          TEXT COLLATE "C" PRIMARY KEY,
  case_id     TEXT COLLATE "C" NOT NULL,
  kind        TEXT NOT NULL,
  at          BIGINT NOT NULL,
  day         TEXT COLLATE "C" NOT NULL,
  region_code TEXT COLLATE "C" NOT NULL,
  booking_id  TEXT NOT NULL DEFAULT '',
  actor_id    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_visits_case ON case_visits (case_id, at);
CREATE TABLE case_acceptances (
  case_id          TEXT COLLATE "C" PRIMARY KEY,
  accepting_region TEXT COLLATE "C" NOT NULL,
  item_region      TEXT COLLATE "C" NOT NULL,
  front_desk       INTEGER NOT NULL DEFAULT 0,
  tongban          TEXT NOT NULL DEFAULT '',
  accepted_by      TEXT NOT NULL DEFAULT '',
  at               BIGINT NOT NULL
);
CREATE INDEX case_acceptances_region ON case_acceptances (accepting_region);
)sql";

// Applied in this order to a database below each version; keep versions ascending.
// v15, the item record's life cycle (docs/catalogue.md): the elements beyond the items
// table (JSON), every numbered version of an item's content with its state and effective
// dates (content as JSON; code, region and department copied out for filtering), and the
// 认领 records (应认领 when assigned, 已认领 once claimed_at is set).
constexpr std::string_view kV15ItemLifecycleSqlite = R"sql(
CREATE TABLE catalog_item_elements (
  item_id  TEXT PRIMARY KEY,
  elements TEXT NOT NULL
);
CREATE TABLE catalog_item_versions (
  item_id        TEXT NOT NULL,
  number         BIGINT NOT NULL,
  state          TEXT NOT NULL,
  effective_from TEXT,
  effective_to   TEXT,
  author_id      TEXT NOT NULL DEFAULT '',
  submitted_by   TEXT NOT NULL DEFAULT '',
  reviewed_by    TEXT NOT NULL DEFAULT '',
  review_note    TEXT NOT NULL DEFAULT '',
  code           TEXT NOT NULL,
  region_code    TEXT NOT NULL,
  department_id  TEXT NOT NULL,
  content        TEXT NOT NULL,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL,
  PRIMARY KEY (item_id, number)
);
CREATE INDEX catalog_item_versions_effective ON catalog_item_versions (effective_from);
CREATE INDEX catalog_item_versions_region ON catalog_item_versions (region_code);
CREATE TABLE catalog_claims (
  standard_id   TEXT NOT NULL,
  department_id TEXT NOT NULL,
  region_code   TEXT NOT NULL,
  assigned_by   TEXT NOT NULL,
  assigned_at   BIGINT NOT NULL,
  claimed_by    TEXT NOT NULL DEFAULT '',
  claimed_at    BIGINT,
  PRIMARY KEY (standard_id, department_id)
);
CREATE INDEX catalog_claims_region ON catalog_claims (region_code, department_id);
)sql";
constexpr std::string_view kV15ItemLifecyclePostgres = R"sql(
CREATE TABLE catalog_item_elements (
  item_id  TEXT COLLATE "C" PRIMARY KEY,
  elements TEXT NOT NULL
);
CREATE TABLE catalog_item_versions (
  item_id        TEXT COLLATE "C" NOT NULL,
  number         BIGINT NOT NULL,
  state          TEXT NOT NULL,
  effective_from TEXT COLLATE "C",
  effective_to   TEXT COLLATE "C",
  author_id      TEXT NOT NULL DEFAULT '',
  submitted_by   TEXT NOT NULL DEFAULT '',
  reviewed_by    TEXT NOT NULL DEFAULT '',
  review_note    TEXT NOT NULL DEFAULT '',
  code           TEXT COLLATE "C" NOT NULL,
  region_code    TEXT COLLATE "C" NOT NULL,
  department_id  TEXT COLLATE "C" NOT NULL,
  content        TEXT NOT NULL,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL,
  PRIMARY KEY (item_id, number)
);
CREATE INDEX catalog_item_versions_effective ON catalog_item_versions (effective_from);
CREATE INDEX catalog_item_versions_region ON catalog_item_versions (region_code);
CREATE TABLE catalog_claims (
  standard_id   TEXT COLLATE "C" NOT NULL,
  department_id TEXT COLLATE "C" NOT NULL,
  region_code   TEXT COLLATE "C" NOT NULL,
  assigned_by   TEXT NOT NULL,
  assigned_at   BIGINT NOT NULL,
  claimed_by    TEXT NOT NULL DEFAULT '',
  claimed_at    BIGINT,
  PRIMARY KEY (standard_id, department_id)
);
CREATE INDEX catalog_claims_region ON catalog_claims (region_code, department_id);
)sql";

// v16, the power and responsibility list (权责清单) and life events (一件事)
// (docs/catalogue.md): steps, accountability cases, item ids and keywords as JSON.
constexpr std::string_view kV16CatalogueListsSqlite = R"sql(
CREATE TABLE power_items (
  id             TEXT PRIMARY KEY,
  code           TEXT NOT NULL UNIQUE,
  name           TEXT NOT NULL,
  category_list  TEXT NOT NULL,
  category_code  TEXT NOT NULL,
  department_id  TEXT NOT NULL,
  region_code    TEXT NOT NULL,
  legal_basis    TEXT NOT NULL,
  steps          TEXT NOT NULL,
  accountability TEXT NOT NULL,
  version        BIGINT NOT NULL,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL
);
CREATE INDEX power_items_region ON power_items (region_code);
CREATE INDEX power_items_department ON power_items (department_id);
CREATE TABLE life_events (
  id          TEXT PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  audience    TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  region_code TEXT NOT NULL,
  item_ids    TEXT NOT NULL,
  keywords    TEXT NOT NULL,
  version     BIGINT NOT NULL,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL
);
CREATE INDEX life_events_region ON life_events (region_code);
)sql";
constexpr std::string_view kV16CatalogueListsPostgres = R"sql(
CREATE TABLE power_items (
  id             TEXT COLLATE "C" PRIMARY KEY,
  code           TEXT COLLATE "C" NOT NULL UNIQUE,
  name           TEXT NOT NULL,
  category_list  TEXT COLLATE "C" NOT NULL,
  category_code  TEXT COLLATE "C" NOT NULL,
  department_id  TEXT COLLATE "C" NOT NULL,
  region_code    TEXT COLLATE "C" NOT NULL,
  legal_basis    TEXT NOT NULL,
  steps          TEXT NOT NULL,
  accountability TEXT NOT NULL,
  version        BIGINT NOT NULL,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL
);
CREATE INDEX power_items_region ON power_items (region_code);
CREATE INDEX power_items_department ON power_items (department_id);
CREATE TABLE life_events (
  id          TEXT COLLATE "C" PRIMARY KEY,
  code        TEXT COLLATE "C" NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  audience    TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  region_code TEXT COLLATE "C" NOT NULL,
  item_ids    TEXT NOT NULL,
  keywords    TEXT NOT NULL,
  version     BIGINT NOT NULL,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL
);
CREATE INDEX life_events_region ON life_events (region_code);
)sql";

// v20, revisions of power items and life events (docs/catalogue.md): a change makes a new
// revision with effective dates instead of editing in place, so the lists at a past date can
// be read back. Each table keeps its current revision; *_versions keeps every revision with
// the same columns. Existing rows become revision 1, in force from their creation day (CST).
constexpr std::string_view kV20ListRevisionsSqlite = R"sql(
ALTER TABLE power_items ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
ALTER TABLE power_items ADD COLUMN effective_from TEXT NOT NULL DEFAULT '';
ALTER TABLE power_items ADD COLUMN effective_to TEXT;
ALTER TABLE power_items ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0;
UPDATE power_items SET effective_from = date(created_at / 1000, 'unixepoch', '+8 hours');
CREATE TABLE power_item_versions (
  id             TEXT NOT NULL,
  code           TEXT NOT NULL,
  name           TEXT NOT NULL,
  category_list  TEXT NOT NULL,
  category_code  TEXT NOT NULL,
  department_id  TEXT NOT NULL,
  region_code    TEXT NOT NULL,
  legal_basis    TEXT NOT NULL,
  steps          TEXT NOT NULL,
  accountability TEXT NOT NULL,
  version        BIGINT NOT NULL,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL,
  revision       BIGINT NOT NULL,
  effective_from TEXT NOT NULL,
  effective_to   TEXT,
  withdrawn      INTEGER NOT NULL,
  PRIMARY KEY (id, revision)
);
CREATE INDEX power_item_versions_effective ON power_item_versions (effective_from);
CREATE INDEX power_item_versions_region ON power_item_versions (region_code);
INSERT INTO power_item_versions (id, code, name, category_list, category_code, department_id,
  region_code, legal_basis, steps, accountability, version, created_at, updated_at, revision,
  effective_from, effective_to, withdrawn)
SELECT id, code, name, category_list, category_code, department_id, region_code, legal_basis,
  steps, accountability, version, created_at, updated_at, revision, effective_from, effective_to,
  withdrawn FROM power_items;
ALTER TABLE life_events ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
ALTER TABLE life_events ADD COLUMN effective_from TEXT NOT NULL DEFAULT '';
ALTER TABLE life_events ADD COLUMN effective_to TEXT;
ALTER TABLE life_events ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0;
UPDATE life_events SET effective_from = date(created_at / 1000, 'unixepoch', '+8 hours');
CREATE TABLE life_event_versions (
  id             TEXT NOT NULL,
  code           TEXT NOT NULL,
  name           TEXT NOT NULL,
  audience       TEXT NOT NULL,
  description    TEXT NOT NULL,
  region_code    TEXT NOT NULL,
  item_ids       TEXT NOT NULL,
  keywords       TEXT NOT NULL,
  version        BIGINT NOT NULL,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL,
  revision       BIGINT NOT NULL,
  effective_from TEXT NOT NULL,
  effective_to   TEXT,
  withdrawn      INTEGER NOT NULL,
  PRIMARY KEY (id, revision)
);
CREATE INDEX life_event_versions_effective ON life_event_versions (effective_from);
CREATE INDEX life_event_versions_region ON life_event_versions (region_code);
INSERT INTO life_event_versions (id, code, name, audience, description, region_code, item_ids,
  keywords, version, created_at, updated_at, revision, effective_from, effective_to, withdrawn)
SELECT id, code, name, audience, description, region_code, item_ids, keywords, version,
  created_at, updated_at, revision, effective_from, effective_to, withdrawn FROM life_events;
)sql";
constexpr std::string_view kV20ListRevisionsPostgres = R"sql(
ALTER TABLE power_items ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
ALTER TABLE power_items ADD COLUMN effective_from TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE power_items ADD COLUMN effective_to TEXT COLLATE "C";
ALTER TABLE power_items ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0;
UPDATE power_items SET effective_from = to_char(to_timestamp(created_at / 1000 + 28800) AT TIME ZONE 'UTC', 'YYYY-MM-DD');
CREATE TABLE power_item_versions (
  id             TEXT COLLATE "C" NOT NULL,
  code           TEXT COLLATE "C" NOT NULL,
  name           TEXT NOT NULL,
  category_list  TEXT COLLATE "C" NOT NULL,
  category_code  TEXT COLLATE "C" NOT NULL,
  department_id  TEXT COLLATE "C" NOT NULL,
  region_code    TEXT COLLATE "C" NOT NULL,
  legal_basis    TEXT NOT NULL,
  steps          TEXT NOT NULL,
  accountability TEXT NOT NULL,
  version        BIGINT NOT NULL,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL,
  revision       BIGINT NOT NULL,
  effective_from TEXT COLLATE "C" NOT NULL,
  effective_to   TEXT COLLATE "C",
  withdrawn      INTEGER NOT NULL,
  PRIMARY KEY (id, revision)
);
CREATE INDEX power_item_versions_effective ON power_item_versions (effective_from);
CREATE INDEX power_item_versions_region ON power_item_versions (region_code);
INSERT INTO power_item_versions (id, code, name, category_list, category_code, department_id,
  region_code, legal_basis, steps, accountability, version, created_at, updated_at, revision,
  effective_from, effective_to, withdrawn)
SELECT id, code, name, category_list, category_code, department_id, region_code, legal_basis,
  steps, accountability, version, created_at, updated_at, revision, effective_from, effective_to,
  withdrawn FROM power_items;
ALTER TABLE life_events ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
ALTER TABLE life_events ADD COLUMN effective_from TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE life_events ADD COLUMN effective_to TEXT COLLATE "C";
ALTER TABLE life_events ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0;
UPDATE life_events SET effective_from = to_char(to_timestamp(created_at / 1000 + 28800) AT TIME ZONE 'UTC', 'YYYY-MM-DD');
CREATE TABLE life_event_versions (
  id             TEXT COLLATE "C" NOT NULL,
  code           TEXT COLLATE "C" NOT NULL,
  name           TEXT NOT NULL,
  audience       TEXT NOT NULL,
  description    TEXT NOT NULL,
  region_code    TEXT COLLATE "C" NOT NULL,
  item_ids       TEXT NOT NULL,
  keywords       TEXT NOT NULL,
  version        BIGINT NOT NULL,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL,
  revision       BIGINT NOT NULL,
  effective_from TEXT COLLATE "C" NOT NULL,
  effective_to   TEXT COLLATE "C",
  withdrawn      INTEGER NOT NULL,
  PRIMARY KEY (id, revision)
);
CREATE INDEX life_event_versions_effective ON life_event_versions (effective_from);
CREATE INDEX life_event_versions_region ON life_event_versions (region_code);
INSERT INTO life_event_versions (id, code, name, audience, description, region_code, item_ids,
  keywords, version, created_at, updated_at, revision, effective_from, effective_to, withdrawn)
SELECT id, code, name, audience, description, region_code, item_ids, keywords, version,
  created_at, updated_at, revision, effective_from, effective_to, withdrawn FROM life_events;
)sql";

// Who acts for an organisation (docs/licences.md "Representatives"): at most one unended link
// per person and organisation. id_number is sealed with its blind index in front
// (personal_data.h), so lookups and the unique key use that 70-character prefix.
constexpr std::string_view kV17RepresentativesSqlite = R"sql(
CREATE TABLE organisation_representatives (
  id                TEXT PRIMARY KEY,
  credit_code       TEXT NOT NULL,
  organisation_name TEXT NOT NULL,
  id_number         TEXT NOT NULL,
  person_name       TEXT NOT NULL,
  capacity          TEXT NOT NULL,
  evidence          TEXT NOT NULL,
  valid_until       TEXT,
  region_code       TEXT NOT NULL,
  department_id     TEXT NOT NULL DEFAULT '',
  recorded_by       TEXT NOT NULL,
  recorded_at       BIGINT NOT NULL,
  ended_at          BIGINT,
  ended_by          TEXT NOT NULL DEFAULT '',
  end_reason        TEXT NOT NULL DEFAULT '',
  version           BIGINT NOT NULL
);
CREATE INDEX organisation_representatives_person
  ON organisation_representatives (substr(id_number, 1, 70));
CREATE INDEX organisation_representatives_organisation
  ON organisation_representatives (credit_code);
CREATE UNIQUE INDEX organisation_representatives_active
  ON organisation_representatives (credit_code, substr(id_number, 1, 70)) WHERE ended_at IS NULL;
)sql";

constexpr std::string_view kV17RepresentativesPostgres = R"sql(
CREATE TABLE organisation_representatives (
  id                TEXT COLLATE "C" PRIMARY KEY,
  credit_code       TEXT COLLATE "C" NOT NULL,
  organisation_name TEXT NOT NULL,
  id_number         TEXT COLLATE "C" NOT NULL,
  person_name       TEXT NOT NULL,
  capacity          TEXT NOT NULL,
  evidence          TEXT NOT NULL,
  valid_until       TEXT COLLATE "C",
  region_code       TEXT COLLATE "C" NOT NULL,
  department_id     TEXT COLLATE "C" NOT NULL DEFAULT '',
  recorded_by       TEXT NOT NULL,
  recorded_at       BIGINT NOT NULL,
  ended_at          BIGINT,
  ended_by          TEXT NOT NULL DEFAULT '',
  end_reason        TEXT NOT NULL DEFAULT '',
  version           BIGINT NOT NULL
);
CREATE INDEX organisation_representatives_person
  ON organisation_representatives (substr(id_number, 1, 70));
CREATE INDEX organisation_representatives_organisation
  ON organisation_representatives (credit_code);
CREATE UNIQUE INDEX organisation_representatives_active
  ON organisation_representatives (credit_code, substr(id_number, 1, 70)) WHERE ended_at IS NULL;
)sql";

// v18, the case counters' new dimensions (docs/indicators.md): item rows beside the all-items
// rows, the region's level, 一窗 (front_desk), 通办 (tongban, filed_region), 全程网办
// (in_person), the working days taken as a histogram bucket (days_taken, for percentiles) and
// the summed visits. The rows are derived again from the event log when this migration runs
// (ApplyInTransaction: RebuildCounters), as the old rows lack the new dimensions.
constexpr std::string_view kV18CaseCountersSqlite = R"sql(
DROP TABLE indicator_counters;
CREATE TABLE indicator_counters (
  grain         TEXT NOT NULL,
  item_id       TEXT NOT NULL,
  period        TEXT NOT NULL,
  action        TEXT NOT NULL,
  region_code   TEXT NOT NULL,
  department_id TEXT NOT NULL,
  channel       TEXT NOT NULL,
  case_kind     TEXT NOT NULL,
  on_time       TEXT NOT NULL,
  front_desk    TEXT NOT NULL,
  tongban       TEXT NOT NULL,
  filed_region  TEXT NOT NULL,
  in_person     TEXT NOT NULL,
  days_taken    BIGINT NOT NULL,
  level         TEXT NOT NULL,
  n             BIGINT NOT NULL,
  working_days  BIGINT NOT NULL,
  visits        BIGINT NOT NULL,
  PRIMARY KEY (grain, item_id, period, action, region_code, department_id, channel, case_kind,
               on_time, front_desk, tongban, filed_region, in_person, days_taken)
);
)sql";
constexpr std::string_view kV18CaseCountersPostgres = R"sql(
DROP TABLE indicator_counters;
CREATE TABLE indicator_counters (
  grain         TEXT COLLATE "C" NOT NULL,
  item_id       TEXT COLLATE "C" NOT NULL,
  period        TEXT COLLATE "C" NOT NULL,
  action        TEXT COLLATE "C" NOT NULL,
  region_code   TEXT COLLATE "C" NOT NULL,
  department_id TEXT COLLATE "C" NOT NULL,
  channel       TEXT COLLATE "C" NOT NULL,
  case_kind     TEXT COLLATE "C" NOT NULL,
  on_time       TEXT COLLATE "C" NOT NULL,
  front_desk    TEXT COLLATE "C" NOT NULL,
  tongban       TEXT COLLATE "C" NOT NULL,
  filed_region  TEXT COLLATE "C" NOT NULL,
  in_person     TEXT COLLATE "C" NOT NULL,
  days_taken    BIGINT NOT NULL,
  level         TEXT COLLATE "C" NOT NULL,
  n             BIGINT NOT NULL,
  working_days  BIGINT NOT NULL,
  visits        BIGINT NOT NULL,
  PRIMARY KEY (grain, item_id, period, action, region_code, department_id, channel, case_kind,
               on_time, front_desk, tongban, filed_region, in_person, days_taken)
);
)sql";
constexpr int kCaseCountersVersion = 18;

// v22, the audit trail (docs/security.md AUD-01): finding the entries one request wrote.
constexpr std::string_view kV22AuditTrail = R"sql(
CREATE INDEX events_request ON events (request_id);
)sql";

// v23, SMS one-time codes (docs/security.md AUTH-06): one row per code request, the number and
// the code only as keyed digests; the rate limits count rows per number and per address.
constexpr std::string_view kV23SmsCodesSqlite = R"sql(
CREATE TABLE sms_codes (
  id              TEXT PRIMARY KEY,
  phone_key       TEXT NOT NULL,
  account_id      TEXT NOT NULL DEFAULT '',
  code_hash       TEXT NOT NULL DEFAULT '',
  source_ip       TEXT NOT NULL DEFAULT '',
  created_at      BIGINT NOT NULL,
  expires_at      BIGINT NOT NULL,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  state           TEXT NOT NULL,
  version         BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX sms_codes_phone ON sms_codes (phone_key, created_at);
CREATE INDEX sms_codes_source ON sms_codes (source_ip, created_at);
)sql";
constexpr std::string_view kV23SmsCodesPostgres = R"sql(
CREATE TABLE sms_codes (
  id              TEXT COLLATE "C" PRIMARY KEY,
  phone_key       TEXT COLLATE "C" NOT NULL,
  account_id      TEXT COLLATE "C" NOT NULL DEFAULT '',
  code_hash       TEXT COLLATE "C" NOT NULL DEFAULT '',
  source_ip       TEXT COLLATE "C" NOT NULL DEFAULT '',
  created_at      BIGINT NOT NULL,
  expires_at      BIGINT NOT NULL,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  state           TEXT COLLATE "C" NOT NULL,
  version         BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX sms_codes_phone ON sms_codes (phone_key, created_at);
CREATE INDEX sms_codes_source ON sms_codes (source_ip, created_at);
)sql";

// v26, the index of export requests (docs/exports.md): the requests themselves are their
// events; this lists them by requester, scope and state.
constexpr std::string_view kV26ExportRequestsSqlite = R"sql(
CREATE TABLE export_requests (
  id            TEXT PRIMARY KEY,
  kind          TEXT NOT NULL,
  requested_by  TEXT NOT NULL,
  region_code   TEXT NOT NULL,
  department_id TEXT NOT NULL DEFAULT '',
  state         TEXT NOT NULL,
  requested_at  BIGINT NOT NULL,
  decided_at    BIGINT
);
CREATE INDEX export_requests_requester ON export_requests (requested_by, requested_at);
CREATE INDEX export_requests_region ON export_requests (region_code, requested_at);
)sql";
constexpr std::string_view kV26ExportRequestsPostgres = R"sql(
CREATE TABLE export_requests (
  id            TEXT COLLATE "C" PRIMARY KEY,
  kind          TEXT COLLATE "C" NOT NULL,
  requested_by  TEXT COLLATE "C" NOT NULL,
  region_code   TEXT COLLATE "C" NOT NULL,
  department_id TEXT COLLATE "C" NOT NULL DEFAULT '',
  state         TEXT COLLATE "C" NOT NULL,
  requested_at  BIGINT NOT NULL,
  decided_at    BIGINT
);
CREATE INDEX export_requests_requester ON export_requests (requested_by, requested_at);
CREATE INDEX export_requests_region ON export_requests (region_code, requested_at);
)sql";

constexpr Migration kMigrations[] = {
    {1, kV1Sqlite, kV1Postgres},
    {2, kV2Accounts, kV2Accounts},
    {3, kV3Clocks, kV3Clocks},
    {4, kV4LicencesSqlite, kV4LicencesPostgres},
    {5, kV5RatingsSqlite, kV5RatingsPostgres},
    {6, kV6HotlineSqlite, kV6HotlinePostgres},
    {7, kV7CatalogueSqlite, kV7CataloguePostgres},
    {8, kV8CaseEngineSqlite, kV8CaseEnginePostgres},
    {10, kV10IndicatorsSqlite, kV10IndicatorsPostgres},
    {11, kV11DelegationsSqlite, kV11DelegationsPostgres},
    {kPersonalDataVersion, kV12PersonalData, kV12PersonalData},
    {13, kV13AppointmentsSqlite, kV13AppointmentsPostgres},
    {14, kV14MaterialsSqlite, kV14MaterialsPostgres},
    {15, kV15ItemLifecycleSqlite, kV15ItemLifecyclePostgres},
    {16, kV16CatalogueListsSqlite, kV16CatalogueListsPostgres},
    {17, kV17RepresentativesSqlite, kV17RepresentativesPostgres},
    {kCaseCountersVersion, kV18CaseCountersSqlite, kV18CaseCountersPostgres},
    {20, kV20ListRevisionsSqlite, kV20ListRevisionsPostgres},
    {22, kV22AuditTrail, kV22AuditTrail},
    {23, kV23SmsCodesSqlite, kV23SmsCodesPostgres},
    {26, kV26ExportRequestsSqlite, kV26ExportRequestsPostgres},
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
  // An application role without CREATE (docs/security.md AUD-03) starts on a database its
  // owner migrated; PostgreSQL checks CREATE even for CREATE TABLE IF NOT EXISTS.
  bool have_table = false;
  if (conn.dialect() == Dialect::kPostgres) {
    ZT_ASSIGN_OR_RETURN(QueryResult t, conn.Run("Migrate", kMigrationsTableExistsPostgres));
    have_table = t.rows.size() == 1 && t.rows[0][0] && *t.rows[0][0] == "t";
  }
  if (!have_table) ZT_RETURN_IF_ERROR(conn.Run("Migrate", kCreateMigrationsTable));
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
  const std::int64_t found = current;
  for (const Migration& m : kMigrations) {
    if (m.version <= current) continue;
    ZT_RETURN_IF_ERROR(
        conn.RunScript("Migrate", conn.dialect() == Dialect::kSqlite ? m.sqlite : m.postgres));
    ZT_RETURN_IF_ERROR(conn.Run("Migrate", kInsertSchemaVersion, {std::int64_t{m.version}, now}));
    current = m.version;
  }
  // Migration 12's data step, repeated at every start: rows written in plain text (before
  // v12, or by hand) are sealed under the data key (personal_data.h).
  if (current >= kPersonalDataVersion) ZT_RETURN_IF_ERROR(SealPlainPersonalData(conn));
  // Migration 18's data step: the counters derived again from the event log.
  if (found < kCaseCountersVersion && current >= kCaseCountersVersion) {
    Statements statements(conn);
    ZT_RETURN_IF_ERROR(SqlIndicatorStore(statements).RebuildCounters());
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
