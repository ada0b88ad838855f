// The one implementation of service::Store and service::UnitOfWork, over either driver.
// Every statement is a named constant below with positional parameters; values are always
// bound, never spliced into SQL text. Where the dialects differ (row locking of the chain
// head) there are two named constants and the connection's dialect picks one.

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <semaphore>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json_fields.h"
#include "migrations.h"
#include "names.h"
#include "personal_data.h"
#include "pg_privileges_internal.h"
#include "sql.h"
#include "sql_account_admin.h"
#include "sql_appointments.h"
#include "sql_audit.h"
#include "sql_audit_search.h"
#include "sql_case_engine.h"
#include "sql_catalog.h"
#include "sql_catalogue_lists.h"
#include "sql_exports.h"
#include "sql_hotline.h"
#include "sql_indicators.h"
#include "sql_licences.h"
#include "sql_materials.h"
#include "sql_outbox.h"
#include "sql_ratings.h"
#include "sql_sms.h"
#include "sql_support.h"
#include "zt/store/event_chain.h"
#include "zt/store/open.h"

namespace zt::store {
namespace {

using internal::ClampLimit;
using internal::ClampOffset;
using internal::Connection;
using internal::Corrupt;
using internal::Decode;
using internal::DecodeOne;
using internal::Dialect;
using internal::FromMillis;
using internal::Guard;
using internal::Millis;
using internal::OptDate;
using internal::OptInstant;
using internal::Param;
using internal::PrefixUpperBound;
using internal::QueryResult;
using internal::Row;
using internal::RowReader;
using internal::SingleInt;
using internal::Statements;
using service::AccountRecord;
using service::CaseQuery;
using service::CaseTiming;
using service::ChainReport;
using service::Department;
using service::EventDraft;
using service::EventRecord;
using service::IdempotencyRecord;
using service::ItemQuery;
using service::Page;
using service::Region;
using service::SessionRecord;

// ---- Statements --------------------------------------------------------------------------

constexpr std::string_view kPing = "SELECT 1";

constexpr std::string_view kPutRegion =
    "INSERT INTO regions (code, name, parent_code, level) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent_code = excluded.parent_code, "
    "level = excluded.level";
constexpr std::string_view kListRegions =
    "SELECT code, name, parent_code, level FROM regions ORDER BY code";
constexpr std::string_view kFindRegion =
    "SELECT code, name, parent_code, level FROM regions WHERE code = $1";

constexpr std::string_view kPutDepartment =
    "INSERT INTO departments (id, name, short_name, region_code, credit_code) "
    "VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (id) DO UPDATE SET name = excluded.name, short_name = excluded.short_name, "
    "region_code = excluded.region_code, credit_code = excluded.credit_code";
constexpr std::string_view kFindDepartment =
    "SELECT id, name, short_name, region_code, credit_code FROM departments WHERE id = $1";
// Region prefix filters are written as a half-open range [$1, $2) so an index can serve
// them; $2 is the prefix's successor (PrefixUpperBound). An empty $1 means no filter.
constexpr std::string_view kListDepartments =
    "SELECT id, name, short_name, region_code, credit_code FROM departments "
    "WHERE ($1 = '' OR (region_code >= $1 AND region_code < $2)) ORDER BY region_code, id";

constexpr std::string_view kInsertAccount =
    "INSERT INTO accounts (id, username, display_name, password_hash, role, region_code, "
    "department_id, id_number, phone, must_change_password, disabled, failed_logins, "
    "created_at, password_changed_at, version, locked_until, totp_secret, totp_enabled, "
    "totp_last_step) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
    "$19)";
// Optimistic concurrency: the row changes only if nobody changed it since it was read.
constexpr std::string_view kUpdateAccount =
    "UPDATE accounts SET username = $2, display_name = $3, password_hash = $4, role = $5, "
    "region_code = $6, department_id = $7, id_number = $8, phone = $9, "
    "must_change_password = $10, disabled = $11, failed_logins = $12, created_at = $13, "
    "password_changed_at = $14, locked_until = $16, totp_secret = $17, totp_enabled = $18, "
    "totp_last_step = $19, version = $20 + 1 "
    "WHERE id = $1 AND version = $20";
constexpr std::string_view kFindAccount =
    "SELECT id, username, display_name, password_hash, role, region_code, department_id, "
    "id_number, phone, must_change_password, disabled, failed_logins, created_at, "
    "password_changed_at, version, locked_until, totp_secret, totp_enabled, totp_last_step "
    "FROM accounts WHERE id = $1";
constexpr std::string_view kFindAccountByUsername =
    "SELECT id, username, display_name, password_hash, role, region_code, department_id, "
    "id_number, phone, must_change_password, disabled, failed_logins, created_at, "
    "password_changed_at, version, locked_until, totp_secret, totp_enabled, totp_last_step "
    "FROM accounts WHERE username = $1 OR username = $2";
constexpr std::string_view kAccountExists = "SELECT 1 FROM accounts WHERE id = $1";
constexpr std::string_view kCountAccounts = "SELECT COUNT(*) FROM accounts";

constexpr std::string_view kInsertSession =
    "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at, "
    "csrf_token) VALUES ($1, $2, $3, $4, $5, $6)";
constexpr std::string_view kFindSession =
    "SELECT token_hash, account_id, created_at, last_seen_at, expires_at, csrf_token "
    "FROM sessions WHERE token_hash = $1";
constexpr std::string_view kTouchSession =
    "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1";
constexpr std::string_view kDeleteSession = "DELETE FROM sessions WHERE token_hash = $1";
constexpr std::string_view kDeleteSessionsOf = "DELETE FROM sessions WHERE account_id = $1";

constexpr std::string_view kInsertItem =
    "INSERT INTO items (id, code, name, type, department_id, region_code, statutory_limit_wd, "
    "promised_limit_wd, case_kind, online, materials, status, version, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";
constexpr std::string_view kUpdateItem =
    "UPDATE items SET code = $2, name = $3, type = $4, department_id = $5, region_code = $6, "
    "statutory_limit_wd = $7, promised_limit_wd = $8, case_kind = $9, online = $10, "
    "materials = $11, status = $12, created_at = $14, updated_at = $15, version = $16 + 1 "
    "WHERE id = $1 AND version = $16";
constexpr std::string_view kFindItem =
    "SELECT id, code, name, type, department_id, region_code, statutory_limit_wd, "
    "promised_limit_wd, case_kind, online, materials, status, version, created_at, updated_at "
    "FROM items WHERE id = $1";
constexpr std::string_view kItemExists = "SELECT 1 FROM items WHERE id = $1";
// $1 text (substring of the name, or case-insensitively of the code), [$2, $3) region range,
// $4 department, $5 status; '' disables a filter. strpos is built into PostgreSQL and
// registered by the SQLite driver.
constexpr std::string_view kListItems =
    "SELECT id, code, name, type, department_id, region_code, statutory_limit_wd, "
    "promised_limit_wd, case_kind, online, materials, status, version, created_at, updated_at "
    "FROM items "
    "WHERE ($1 = '' OR strpos(name, $1) > 0 OR strpos(lower(code), lower($1)) > 0) "
    "AND ($2 = '' OR (region_code >= $2 AND region_code < $3)) "
    "AND ($4 = '' OR department_id = $4) AND ($5 = '' OR status = $5) "
    "ORDER BY code, id LIMIT $6 OFFSET $7";
constexpr std::string_view kCountItems =
    "SELECT COUNT(*) FROM items "
    "WHERE ($1 = '' OR strpos(name, $1) > 0 OR strpos(lower(code), lower($1)) > 0) "
    "AND ($2 = '' OR (region_code >= $2 AND region_code < $3)) "
    "AND ($4 = '' OR department_id = $4) AND ($5 = '' OR status = $5)";

constexpr std::string_view kInsertCase =
    "INSERT INTO applications (id, receipt_no, item_id, item_code, item_name, department_id, "
    "region_code, state, version, applicant_account, applicant_name, applicant_id_number, "
    "applicant_phone, channel, form_json, statutory_limit_wd, promised_limit_wd, submitted_at, "
    "accepted_at, decided_at, concluded_at, promised_deadline, statutory_deadline, outcome, "
    "last_note, handler_id, reviewer_id, clock_pauses, clock_start, acceptance_due, "
    "extension_wd, extension_reason) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
    "$19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32)";
constexpr std::string_view kUpdateCase =
    "UPDATE applications SET receipt_no = $2, item_id = $3, item_code = $4, item_name = $5, "
    "department_id = $6, region_code = $7, state = $8, version = $9, applicant_account = $10, "
    "applicant_name = $11, applicant_id_number = $12, applicant_phone = $13, channel = $14, "
    "form_json = $15, statutory_limit_wd = $16, promised_limit_wd = $17, submitted_at = $18, "
    "accepted_at = $19, decided_at = $20, concluded_at = $21, promised_deadline = $22, "
    "statutory_deadline = $23, outcome = $24, last_note = $25, handler_id = $26, "
    "reviewer_id = $27, clock_pauses = $28, clock_start = $29, acceptance_due = $30, "
    "extension_wd = $31, extension_reason = $32 "
    "WHERE id = $1 AND version = $33";
constexpr std::string_view kFindCase =
    "SELECT id, receipt_no, item_id, item_code, item_name, department_id, region_code, state, "
    "version, applicant_account, applicant_name, applicant_id_number, applicant_phone, channel, "
    "form_json, statutory_limit_wd, promised_limit_wd, submitted_at, accepted_at, decided_at, "
    "concluded_at, promised_deadline, statutory_deadline, outcome, last_note, handler_id, "
    "reviewer_id, clock_pauses, clock_start, acceptance_due, extension_wd, extension_reason "
    "FROM applications WHERE id = $1";
constexpr std::string_view kFindCaseByReceipt =
    "SELECT id, receipt_no, item_id, item_code, item_name, department_id, region_code, state, "
    "version, applicant_account, applicant_name, applicant_id_number, applicant_phone, channel, "
    "form_json, statutory_limit_wd, promised_limit_wd, submitted_at, accepted_at, decided_at, "
    "concluded_at, promised_deadline, statutory_deadline, outcome, last_note, handler_id, "
    "reviewer_id, clock_pauses, clock_start, acceptance_due, extension_wd, extension_reason "
    "FROM applications WHERE receipt_no = $1";
constexpr std::string_view kCaseExists = "SELECT 1 FROM applications WHERE id = $1";
// [$1, $2) region range, $3 department, $4 applicant, $5 states as ",a,b," ('' for all).
constexpr std::string_view kListCases =
    "SELECT id, receipt_no, item_id, item_code, item_name, department_id, region_code, state, "
    "version, applicant_account, applicant_name, applicant_id_number, applicant_phone, channel, "
    "form_json, statutory_limit_wd, promised_limit_wd, submitted_at, accepted_at, decided_at, "
    "concluded_at, promised_deadline, statutory_deadline, outcome, last_note, handler_id, "
    "reviewer_id, clock_pauses, clock_start, acceptance_due, extension_wd, extension_reason "
    "FROM applications "
    "WHERE ($1 = '' OR (region_code >= $1 AND region_code < $2)) "
    "AND ($3 = '' OR department_id = $3) AND ($4 = '' OR applicant_account = $4) "
    "AND ($5 = '' OR strpos($5, ',' || state || ',') > 0) "
    "ORDER BY CASE WHEN state = 'submitted' THEN acceptance_due ELSE promised_deadline END "
    "ASC NULLS LAST, submitted_at ASC, id ASC LIMIT $6 OFFSET $7";
constexpr std::string_view kCountCases =
    "SELECT COUNT(*) FROM applications "
    "WHERE ($1 = '' OR (region_code >= $1 AND region_code < $2)) "
    "AND ($3 = '' OR department_id = $3) AND ($4 = '' OR applicant_account = $4) "
    "AND ($5 = '' OR strpos($5, ',' || state || ',') > 0)";
constexpr std::string_view kListCaseTimings =
    "SELECT department_id, state, accepted_at, concluded_at, promised_deadline "
    "FROM applications WHERE ($1 = '' OR (region_code >= $1 AND region_code < $2)) "
    "ORDER BY id";

constexpr std::string_view kNextSequence =
    "INSERT INTO sequences (name, value) VALUES ($1, 1) "
    "ON CONFLICT (name) DO UPDATE SET value = sequences.value + 1 RETURNING value";

// The chain head is read under the write lock: in SQLite BEGIN IMMEDIATE already holds it;
// in PostgreSQL the row lock queues appenders until the holder commits or rolls back.
constexpr std::string_view kSelectChainHeadSqlite = "SELECT seq, hash FROM chain_head WHERE id = 1";
constexpr std::string_view kSelectChainHeadPostgres =
    "SELECT seq, hash FROM chain_head WHERE id = 1 FOR UPDATE";
constexpr std::string_view kSelectChainHead = "SELECT seq, hash FROM chain_head WHERE id = 1";
constexpr std::string_view kUpdateChainHead =
    "UPDATE chain_head SET seq = $1, hash = $2 WHERE id = 1";
constexpr std::string_view kInsertEvent =
    "INSERT INTO events (seq, at, action, object_type, object_id, actor_id, actor_role, "
    "actor_region, request_id, source_ip, result, details, prev_hash, hash) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
constexpr std::string_view kListEventsFor =
    "SELECT seq, at, action, object_type, object_id, actor_id, actor_role, actor_region, "
    "request_id, source_ip, result, details, prev_hash, hash FROM events "
    "WHERE object_type = $1 AND object_id = $2 ORDER BY seq";
constexpr std::string_view kListEventsAfter =
    "SELECT seq, at, action, object_type, object_id, actor_id, actor_role, actor_region, "
    "request_id, source_ip, result, details, prev_hash, hash FROM events "
    "WHERE seq > $1 ORDER BY seq LIMIT $2";

constexpr std::string_view kFindIdempotency =
    "SELECT idem_key, request_hash, status, response_body, created_at FROM idempotency "
    "WHERE idem_key = $1";
constexpr std::string_view kInsertIdempotency =
    "INSERT INTO idempotency (idem_key, request_hash, status, response_body, created_at) "
    "VALUES ($1, $2, $3, $4, $5)";

constexpr std::int64_t kVerifyPageSize = 2000;
constexpr auto kWriterWait = std::chrono::seconds(5);
// Enough for the server's request threads; under group commit a connection stays out of
// the pool while it waits for the shared fsync.
constexpr std::size_t kMaxIdleConnections = 64;

// ---- Helpers -----------------------------------------------------------------------------

Result<Region> RegionFromRow(const Row& row) {
  RowReader r(row);
  Region out{r.Text(), r.Text(), r.Text(), r.Text()};
  if (!r.ok()) return Corrupt("Region");
  return out;
}

Result<Department> DepartmentFromRow(const Row& row) {
  RowReader r(row);
  Department out;
  out.id = DepartmentId(r.Text());
  out.name = r.Text();
  out.short_name = r.Text();
  out.region_code = r.Text();
  out.credit_code = r.Text();
  if (!r.ok()) return Corrupt("Department");
  return out;
}

std::vector<Param> AccountParams(const AccountRecord& a) {
  return {a.id.value(),
          internal::StoredUsername(a.username, a.id_number),
          a.display_name,
          a.password_hash,
          internal::StoredName(a.role),
          a.region_code,
          a.department_id.value(),
          internal::SealIndexedField(a.id_number),
          internal::SealField(a.phone),
          a.must_change_password,
          a.disabled,
          a.failed_logins,
          Millis(a.created_at),
          Millis(a.password_changed_at),
          a.version,
          Millis(a.locked_until),
          internal::SealField(a.totp_secret),
          a.totp_enabled,
          a.totp_last_step};
}

Result<AccountRecord> AccountFromRow(const Row& row) {
  RowReader r(row);
  AccountRecord a;
  a.id = AccountId(r.Text());
  a.username = r.Text();
  a.display_name = r.Text();
  a.password_hash = r.Text();
  std::optional<accounts::Role> role = internal::ParseStoredRole(r.Text());
  a.region_code = r.Text();
  a.department_id = DepartmentId(r.Text());
  ZT_ASSIGN_OR_RETURN(a.id_number, internal::OpenField(r.Text()));
  ZT_ASSIGN_OR_RETURN(a.phone, internal::OpenField(r.Text()));
  a.must_change_password = r.Bool();
  a.disabled = r.Bool();
  a.failed_logins = static_cast<int>(r.Int());
  a.created_at = r.At();
  a.password_changed_at = r.At();
  a.version = r.Int();
  a.locked_until = r.At();
  ZT_ASSIGN_OR_RETURN(a.totp_secret, internal::OpenField(r.Text()));
  a.totp_enabled = r.Bool();
  a.totp_last_step = r.Int();
  if (internal::IsIndexedUsername(a.username)) a.username = a.id_number;
  if (!r.ok() || !role) return Corrupt("Account");
  a.role = *role;
  return a;
}

Result<SessionRecord> SessionFromRow(const Row& row) {
  RowReader r(row);
  SessionRecord s;
  s.token_hash = r.Text();
  s.account_id = AccountId(r.Text());
  s.created_at = r.At();
  s.last_seen_at = r.At();
  s.expires_at = r.At();
  s.csrf_token = r.Text();
  if (!r.ok()) return Corrupt("Session");
  return s;
}

std::vector<Param> ItemParams(const catalog::ServiceItem& i) {
  return {i.id.value(),
          i.code,
          i.name,
          internal::StoredName(i.type),
          i.department_id.value(),
          i.region_code,
          i.statutory_limit_wd,
          i.promised_limit_wd,
          internal::StoredName(i.case_kind),
          i.online,
          internal::MaterialsToJson(i.materials),
          internal::StoredName(i.status),
          i.version,
          Millis(i.created_at),
          Millis(i.updated_at)};
}

Result<catalog::ServiceItem> ItemFromRow(const Row& row) {
  RowReader r(row);
  catalog::ServiceItem i;
  i.id = ItemId(r.Text());
  i.code = r.Text();
  i.name = r.Text();
  std::optional<catalog::ItemType> type = internal::ParseStoredItemType(r.Text());
  i.department_id = DepartmentId(r.Text());
  i.region_code = r.Text();
  i.statutory_limit_wd = static_cast<int>(r.Int());
  i.promised_limit_wd = static_cast<int>(r.Int());
  std::optional<catalog::CaseKind> kind = internal::ParseStoredCaseKind(r.Text());
  i.online = r.Bool();
  std::string materials = r.Text();
  std::optional<catalog::ItemStatus> status = internal::ParseStoredItemStatus(r.Text());
  i.version = r.Int();
  i.created_at = r.At();
  i.updated_at = r.At();
  if (!r.ok() || !type || !kind || !status) return Corrupt("Item");
  i.type = *type;
  i.case_kind = *kind;
  i.status = *status;
  ZT_ASSIGN_OR_RETURN(i.materials, internal::MaterialsFromJson(materials));
  return i;
}

std::vector<Param> CaseParams(const caseflow::ApplicationCase& c) {
  return {c.id.value(),
          c.receipt_no,
          c.item_id.value(),
          c.item_code,
          c.item_name,
          c.department_id.value(),
          c.region_code,
          c.state,
          c.version,
          c.applicant_account.value(),
          c.applicant_name,
          internal::SealIndexedField(c.applicant_id_number),
          internal::SealField(c.applicant_phone),
          c.channel,
          c.form_json,
          c.statutory_limit_wd,
          c.promised_limit_wd,
          Millis(c.submitted_at),
          OptInstant(c.accepted_at),
          OptInstant(c.decided_at),
          OptInstant(c.concluded_at),
          OptDate(c.promised_deadline),
          OptDate(c.statutory_deadline),
          c.outcome,
          c.last_note,
          c.handler_id.value(),
          c.reviewer_id.value(),
          internal::PausesToJson(c.pauses),
          OptDate(c.clock_start),
          OptDate(c.acceptance_due),
          c.extension_wd,
          c.extension_reason};
}

Result<caseflow::ApplicationCase> CaseFromRow(const Row& row) {
  RowReader r(row);
  caseflow::ApplicationCase c;
  c.id = CaseId(r.Text());
  c.receipt_no = r.Text();
  c.item_id = ItemId(r.Text());
  c.item_code = r.Text();
  c.item_name = r.Text();
  c.department_id = DepartmentId(r.Text());
  c.region_code = r.Text();
  c.state = r.Text();
  c.version = r.Int();
  c.applicant_account = AccountId(r.Text());
  c.applicant_name = r.Text();
  ZT_ASSIGN_OR_RETURN(c.applicant_id_number, internal::OpenField(r.Text()));
  ZT_ASSIGN_OR_RETURN(c.applicant_phone, internal::OpenField(r.Text()));
  c.channel = r.Text();
  c.form_json = r.Text();
  c.statutory_limit_wd = static_cast<int>(r.Int());
  c.promised_limit_wd = static_cast<int>(r.Int());
  c.submitted_at = r.At();
  c.accepted_at = r.OptAt();
  c.decided_at = r.OptAt();
  c.concluded_at = r.OptAt();
  c.promised_deadline = r.OptDate();
  c.statutory_deadline = r.OptDate();
  c.outcome = r.Text();
  c.last_note = r.Text();
  c.handler_id = AccountId(r.Text());
  c.reviewer_id = AccountId(r.Text());
  std::string pauses = r.Text();
  c.clock_start = r.OptDate();
  c.acceptance_due = r.OptDate();
  c.extension_wd = static_cast<int>(r.Int());
  c.extension_reason = r.Text();
  if (!r.ok()) return Corrupt("Case");
  ZT_ASSIGN_OR_RETURN(c.pauses, internal::PausesFromJson(pauses));
  return c;
}

// Decodes an event row. A row whose columns do not decode is reported by VerifyChain as a
// broken entry rather than as an error, so this returns the reason instead of an Error.
std::optional<std::string> EventFromRow(const Row& row, EventRecord& e) {
  RowReader r(row);
  e.seq = r.Int();
  e.event.at = r.At();
  e.event.action = r.Text();
  e.event.object_type = r.Text();
  e.event.object_id = r.Text();
  e.event.actor_id = AccountId(r.Text());
  e.event.actor_role = r.Text();
  e.event.actor_region = r.Text();
  e.event.request_id = r.Text();
  e.event.source_ip = r.Text();
  e.event.result = r.Text();
  std::string details = r.Text();
  e.prev_hash = r.Text();
  e.hash = r.Text();
  if (!r.ok()) return "columns do not decode";
  Result<internal::Details> d = internal::DetailsFromJson(details);
  if (!d) return "details are not a JSON object of strings";
  e.event.details = std::move(*d);
  return std::nullopt;
}

// ---- Connection pool ---------------------------------------------------------------------

// Idle connections kept for reuse. Shared (shared_ptr) by the store and every live unit of
// work, so a unit of work may outlive the Store object that made it.
class Pool {
 public:
  using Opener = std::function<Result<std::unique_ptr<Connection>>()>;
  Pool(Dialect dialect, Opener open) : dialect_(dialect), open_(std::move(open)) {}

  Dialect dialect() const { return dialect_; }

  // An idle connection if there is one (`reused` = true), else a new one.
  Result<std::unique_ptr<Connection>> Acquire(bool& reused) {
    {
      std::lock_guard lock(mu_);
      if (!idle_.empty()) {
        std::unique_ptr<Connection> c = std::move(idle_.back());
        idle_.pop_back();
        reused = true;
        return c;
      }
    }
    reused = false;
    return open_();
  }

  void Release(std::unique_ptr<Connection> c) {
    if (c != nullptr && c->durability_lost()) halted_ = true;
    if (c == nullptr || !c->healthy()) return;
    std::lock_guard lock(mu_);
    if (idle_.size() < kMaxIdleConnections) idle_.push_back(std::move(c));
  }

  // After a server restart every idle connection is dead; drop them all at once.
  void DropIdle() {
    std::vector<std::unique_ptr<Connection>> doomed;
    std::lock_guard lock(mu_);
    doomed.swap(idle_);
  }

  // SQLite allows one writer per database. Queueing writers on a semaphore in process is
  // fairer and faster than letting them spin in SQLite's busy handler; BEGIN IMMEDIATE
  // with the busy timeout still guards against other processes. A semaphore (not a mutex)
  // because the unit of work that holds the slot may be destroyed on another thread. Not
  // first-come-first-served on purpose: handing the slot to a queued thread that is not
  // running stalls every writer behind it (a lock convoy); measured in docs/performance.md.
  bool AcquireWriterSlot() {
    return dialect_ != Dialect::kSqlite || writer_slot_.try_acquire_for(kWriterWait);
  }
  void ReleaseWriterSlot() {
    if (dialect_ == Dialect::kSqlite) writer_slot_.release();
  }

  // Once a connection lost durability (Connection::durability_lost) the store acknowledges
  // nothing more until the process restarts.
  bool halted() const { return halted_; }

 private:
  Dialect dialect_;
  Opener open_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
  std::binary_semaphore writer_slot_{1};
  std::atomic<bool> halted_{false};
};

// A connection checked out of the pool and put back on destruction.
class Lease {
 public:
  Lease(std::shared_ptr<Pool> pool, std::unique_ptr<Connection> conn)
      : pool_(std::move(pool)), conn_(std::move(conn)) {}
  Lease(Lease&&) = default;
  ~Lease() {
    if (pool_ && conn_) pool_->Release(std::move(conn_));
  }
  Connection& operator*() const { return *conn_; }
  Connection* operator->() const { return conn_.get(); }

 private:
  std::shared_ptr<Pool> pool_;
  std::unique_ptr<Connection> conn_;
};

// ---- Unit of work ------------------------------------------------------------------------

class SqlUnitOfWork final : public service::UnitOfWork {
 public:
  SqlUnitOfWork(std::shared_ptr<Pool> pool, std::unique_ptr<Connection> conn)
      : pool_(std::move(pool)), conn_(std::move(conn)), sql_(*conn_) {}

  ~SqlUnitOfWork() override {
    try {
      Finish(/*rollback=*/true);
    } catch (...) {
      // Nothing may escape a destructor; the connection (if any) is simply dropped, which
      // rolls its transaction back on the server side.
    }
  }

  Status PutRegion(const Region& region) override {
    return Guard("PutRegion", [&]() -> Status {
      ZT_RETURN_IF_ERROR(sql_.Live("PutRegion"));
      ZT_RETURN_IF_ERROR(sql_.Write("PutRegion", kPutRegion,
                                    {region.code, region.name, region.parent_code, region.level}));
      return Ok();
    });
  }

  Result<std::vector<Region>> ListRegions() override {
    return Guard("ListRegions", [&]() -> Result<std::vector<Region>> {
      ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("ListRegions", kListRegions, {}));
      return Decode<Region>(r, RegionFromRow);
    });
  }

  Result<std::optional<Region>> FindRegion(std::string_view code) override {
    return Guard("FindRegion", [&]() -> Result<std::optional<Region>> {
      ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("FindRegion", kFindRegion, {code}));
      return DecodeOne<Region>(r, RegionFromRow);
    });
  }

  Status PutDepartment(const Department& d) override {
    return Guard("PutDepartment", [&]() -> Status {
      ZT_RETURN_IF_ERROR(sql_.Live("PutDepartment"));
      ZT_RETURN_IF_ERROR(
          sql_.Write("PutDepartment", kPutDepartment,
                     {d.id.value(), d.name, d.short_name, d.region_code, d.credit_code}));
      return Ok();
    });
  }

  Result<std::optional<Department>> FindDepartment(const DepartmentId& id) override {
    return Guard("FindDepartment", [&]() -> Result<std::optional<Department>> {
      ZT_ASSIGN_OR_RETURN(QueryResult r,
                          sql_.Read("FindDepartment", kFindDepartment, {id.value()}));
      return DecodeOne<Department>(r, DepartmentFromRow);
    });
  }

  Result<std::vector<Department>> ListDepartments(std::string_view region_prefix) override {
    return Guard("ListDepartments", [&]() -> Result<std::vector<Department>> {
      ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(region_prefix));
      ZT_ASSIGN_OR_RETURN(QueryResult r,
                          sql_.Read("ListDepartments", kListDepartments, {region_prefix, upper}));
      return Decode<Department>(r, DepartmentFromRow);
    });
  }

  Status InsertAccount(const AccountRecord& account) override {
    return Guard("InsertAccount", [&]() -> Status {
      ZT_RETURN_IF_ERROR(sql_.Live("InsertAccount"));
      ZT_RETURN_IF_ERROR(sql_.Write("InsertAccount", kInsertAccount, AccountParams(account)));
      return Ok();
    });
  }

  Status UpdateAccount(const AccountRecord& account, std::int64_t expected_version) override {
    return Guard("UpdateAccount", [&]() -> Status {
      ZT_RETURN_IF_ERROR(sql_.Live("UpdateAccount"));
      std::vector<Param> params = AccountParams(account);
      params.emplace_back(expected_version);
      return sql_.CheckedUpdate("UpdateAccount", kUpdateAccount, params, kAccountExists,
                                account.id.value());
    });
  }

  Result<std::optional<AccountRecord>> FindAccount(const AccountId& id) override {
    return Guard("FindAccount", [&]() -> Result<std::optional<AccountRecord>> {
      ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("FindAccount", kFindAccount, {id.value()}));
      return DecodeOne<AccountRecord>(r, AccountFromRow);
    });
  }

  Result<std::optional<AccountRecord>> FindAccountByUsername(std::string_view username) override {
    return Guard("FindAccountByUsername", [&]() -> Result<std::optional<AccountRecord>> {
      ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("FindAccountByUsername", kFindAccountByUsername,
                                                   {username, internal::UsernameIndex(username)}));
      return DecodeOne<AccountRecord>(r, AccountFromRow);
    });
  }

  Result<std::int64_t> CountAccounts() override {
    return Guard("CountAccounts", [&]() -> Result<std::int64_t> {
      ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("CountAccounts", kCountAccounts, {}));
      return SingleInt("CountAccounts", r);
    });
  }

  Status InsertSession(const SessionRecord& s) override {
    return Guard("InsertSession", [&]() -> Status {
      ZT_RETURN_IF_ERROR(sql_.Live("InsertSession"));
      ZT_RETURN_IF_ERROR(sql_.Write("InsertSession", kInsertSession,
                                    {s.token_hash, s.account_id.value(), Millis(s.created_at),
                                     Millis(s.last_seen_at), Millis(s.expires_at), s.csrf_token}));
      return Ok();
    });
  }

  Result<std::optional<SessionRecord>> FindSession(std::string_view token_hash) override {
    return Guard("FindSession", [&]() -> Result<std::optional<SessionRecord>> {
      ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("FindSession", kFindSession, {token_hash}));
      return DecodeOne<SessionRecord>(r, SessionFromRow);
    });
  }

  Status TouchSession(std::string_view token_hash, Instant last_seen_at) override {
    return Guard("TouchSession", [&]() -> Status {
      ZT_RETURN_IF_ERROR(sql_.Live("TouchSession"));
      ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Write("TouchSession", kTouchSession,
                                                    {token_hash, Millis(last_seen_at)}));
      if (r.affected == 0) {
        return Fail(ErrorCode::kNotFound, "session.not_found", "TouchSession: no such session");
      }
      return Ok();
    });
  }

  Status DeleteSession(std::string_view token_hash) override {
    return Guard("DeleteSession", [&]() -> Status {
      ZT_RETURN_IF_ERROR(sql_.Live("DeleteSession"));
      ZT_RETURN_IF_ERROR(sql_.Write("DeleteSession", kDeleteSession, {token_hash}));
      return Ok();
    });
  }

  Status DeleteSessionsOf(const AccountId& account_id) override {
    return Guard("DeleteSessionsOf", [&]() -> Status {
      ZT_RETURN_IF_ERROR(sql_.Live("DeleteSessionsOf"));
      ZT_RETURN_IF_ERROR(sql_.Write("DeleteSessionsOf", kDeleteSessionsOf, {account_id.value()}));
      return Ok();
    });
  }

  Status InsertItem(const catalog::ServiceItem& item) override {
    return Guard("InsertItem", [&]() -> Status {
      ZT_RETURN_IF_ERROR(sql_.Live("InsertItem"));
      ZT_RETURN_IF_ERROR(sql_.Write("InsertItem", kInsertItem, ItemParams(item)));
      return Ok();
    });
  }

  Status UpdateItem(const catalog::ServiceItem& item, std::int64_t expected_version) override {
    return Guard("UpdateItem", [&]() -> Status {
      ZT_RETURN_IF_ERROR(sql_.Live("UpdateItem"));
      std::vector<Param> params = ItemParams(item);
      params.emplace_back(expected_version);
      return sql_.CheckedUpdate("UpdateItem", kUpdateItem, params, kItemExists, item.id.value());
    });
  }

  Result<std::optional<catalog::ServiceItem>> FindItem(const ItemId& id) override {
    return Guard("FindItem", [&]() -> Result<std::optional<catalog::ServiceItem>> {
      ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("FindItem", kFindItem, {id.value()}));
      return DecodeOne<catalog::ServiceItem>(r, ItemFromRow);
    });
  }

  Result<Page<catalog::ServiceItem>> ListItems(const ItemQuery& q) override {
    return Guard("ListItems", [&]() -> Result<Page<catalog::ServiceItem>> {
      std::string status = q.status ? std::string(internal::StoredName(*q.status)) : "";
      ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(q.region_prefix));
      std::vector<Param> params = {q.text, q.region_prefix, upper, q.department_id.value(), status};
      ZT_ASSIGN_OR_RETURN(QueryResult count, sql_.Read("ListItems", kCountItems, params));
      Page<catalog::ServiceItem> page;
      ZT_ASSIGN_OR_RETURN(page.total, SingleInt("ListItems", count));
      params.emplace_back(ClampLimit(q.limit));
      params.emplace_back(ClampOffset(q.offset));
      ZT_ASSIGN_OR_RETURN(QueryResult rows, sql_.Read("ListItems", kListItems, params));
      ZT_ASSIGN_OR_RETURN(page.items, Decode<catalog::ServiceItem>(rows, ItemFromRow));
      return page;
    });
  }

  Status InsertCase(const caseflow::ApplicationCase& c) override {
    return Guard("InsertCase", [&]() -> Status {
      ZT_RETURN_IF_ERROR(sql_.Live("InsertCase"));
      ZT_RETURN_IF_ERROR(sql_.Write("InsertCase", kInsertCase, CaseParams(c)));
      return Ok();
    });
  }

  Status UpdateCase(const caseflow::ApplicationCase& c, std::int64_t expected_version) override {
    return Guard("UpdateCase", [&]() -> Status {
      ZT_RETURN_IF_ERROR(sql_.Live("UpdateCase"));
      std::vector<Param> params = CaseParams(c);
      params.emplace_back(expected_version);
      return sql_.CheckedUpdate("UpdateCase", kUpdateCase, params, kCaseExists, c.id.value());
    });
  }

  Result<std::optional<caseflow::ApplicationCase>> FindCase(const CaseId& id) override {
    return Guard("FindCase", [&]() -> Result<std::optional<caseflow::ApplicationCase>> {
      ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("FindCase", kFindCase, {id.value()}));
      return DecodeOne<caseflow::ApplicationCase>(r, CaseFromRow);
    });
  }

  Result<std::optional<caseflow::ApplicationCase>> FindCaseByReceipt(
      std::string_view receipt_no) override {
    return Guard("FindCaseByReceipt", [&]() -> Result<std::optional<caseflow::ApplicationCase>> {
      ZT_ASSIGN_OR_RETURN(QueryResult r,
                          sql_.Read("FindCaseByReceipt", kFindCaseByReceipt, {receipt_no}));
      return DecodeOne<caseflow::ApplicationCase>(r, CaseFromRow);
    });
  }

  Result<Page<caseflow::ApplicationCase>> ListCases(const CaseQuery& q) override {
    return Guard("ListCases", [&]() -> Result<Page<caseflow::ApplicationCase>> {
      // The state filter travels as one delimited parameter (",accepted,submitted,") so
      // the statement text stays constant whatever the number of states.
      std::string states;
      if (!q.states.empty()) {
        states = ",";
        for (const std::string& s : q.states) {
          if (s.empty() || s.find(',') != std::string::npos) {
            return Fail(ErrorCode::kInvalidArgument, "case.state_filter",
                        "ListCases: a state name is empty or contains ','");
          }
          states += s + ",";
        }
      }
      ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(q.region_prefix));
      std::vector<Param> params = {q.region_prefix, upper, q.department_id.value(),
                                   q.applicant_account.value(), states};
      ZT_ASSIGN_OR_RETURN(QueryResult count, sql_.Read("ListCases", kCountCases, params));
      Page<caseflow::ApplicationCase> page;
      ZT_ASSIGN_OR_RETURN(page.total, SingleInt("ListCases", count));
      params.emplace_back(ClampLimit(q.limit));
      params.emplace_back(ClampOffset(q.offset));
      ZT_ASSIGN_OR_RETURN(QueryResult rows, sql_.Read("ListCases", kListCases, params));
      ZT_ASSIGN_OR_RETURN(page.items, Decode<caseflow::ApplicationCase>(rows, CaseFromRow));
      return page;
    });
  }

  Result<std::vector<CaseTiming>> ListCaseTimings(std::string_view region_prefix) override {
    return Guard("ListCaseTimings", [&]() -> Result<std::vector<CaseTiming>> {
      ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(region_prefix));
      ZT_ASSIGN_OR_RETURN(QueryResult r,
                          sql_.Read("ListCaseTimings", kListCaseTimings, {region_prefix, upper}));
      std::vector<CaseTiming> out;
      out.reserve(r.rows.size());
      for (const Row& row : r.rows) {
        RowReader reader(row);
        CaseTiming t;
        t.department_id = DepartmentId(reader.Text());
        t.state = reader.Text();
        t.accepted_at = reader.OptAt();
        t.concluded_at = reader.OptAt();
        t.promised_deadline = reader.OptDate();
        if (!reader.ok()) return Corrupt("ListCaseTimings");
        out.push_back(std::move(t));
      }
      return out;
    });
  }

  Result<std::int64_t> NextSequence(std::string_view name) override {
    return Guard("NextSequence", [&]() -> Result<std::int64_t> {
      ZT_RETURN_IF_ERROR(sql_.Live("NextSequence"));
      ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Write("NextSequence", kNextSequence, {name}));
      return SingleInt("NextSequence", r);
    });
  }

  Result<EventRecord> AppendEvent(const EventDraft& draft) override {
    return Guard("AppendEvent", [&]() -> Result<EventRecord> {
      ZT_RETURN_IF_ERROR(sql_.Live("AppendEvent"));
      ZT_RETURN_IF_ERROR(ValidateDraft(draft));
      ZT_ASSIGN_OR_RETURN(QueryResult head, sql_.Read("AppendEvent",
                                                      conn_->dialect() == Dialect::kPostgres
                                                          ? kSelectChainHeadPostgres
                                                          : kSelectChainHeadSqlite,
                                                      {}));
      if (head.rows.size() != 1) return Corrupt("AppendEvent");
      RowReader reader(head.rows[0]);
      EventRecord record;
      record.seq = reader.Int() + 1;
      record.prev_hash = reader.Text();
      if (!reader.ok()) return Corrupt("AppendEvent");
      record.event = draft;
      record.hash = EventHash(record);
      const EventDraft& e = record.event;
      ZT_RETURN_IF_ERROR(sql_.Write(
          "AppendEvent", kInsertEvent,
          {record.seq, Millis(e.at), e.action, e.object_type, e.object_id, e.actor_id.value(),
           e.actor_role, e.actor_region, e.request_id, e.source_ip, e.result,
           internal::DetailsToJson(e.details), record.prev_hash, record.hash}));
      ZT_RETURN_IF_ERROR(sql_.Write("AppendEvent", kUpdateChainHead, {record.seq, record.hash}));
      ZT_RETURN_IF_ERROR(indicators_.CountEvent(record));  // same transaction as the event
      return record;
    });
  }

  Result<std::vector<EventRecord>> ListEventsFor(std::string_view object_type,
                                                 std::string_view object_id) override {
    return Guard("ListEventsFor", [&]() -> Result<std::vector<EventRecord>> {
      ZT_ASSIGN_OR_RETURN(QueryResult r,
                          sql_.Read("ListEventsFor", kListEventsFor, {object_type, object_id}));
      std::vector<EventRecord> out(r.rows.size());
      for (std::size_t i = 0; i < r.rows.size(); ++i) {
        if (EventFromRow(r.rows[i], out[i])) return Corrupt("ListEventsFor");
      }
      return out;
    });
  }

  service::CatalogStore& catalog() override { return catalog_; }
  service::RatingStore& ratings() override { return ratings_; }
  service::IndicatorStore& indicators() override { return indicators_; }
  service::HotlineStore& hotline() override { return hotline_; }
  service::CaseEngineStore& case_engine() override { return case_engine_; }
  service::LicenceStore& licences() override { return licences_; }
  service::CatalogueListStore& catalogue_lists() override { return catalogue_lists_; }
  service::AppointmentStore& appointments() override { return appointments_; }
  service::MaterialStore& materials() override { return materials_; }
  service::OutboxStore& outbox() override { return outbox_; }
  service::AuditStore& audit() override { return audit_; }
  service::AccountAdminStore& account_admin() override { return account_admin_; }
  service::AuditSearchStore& audit_search() override { return audit_search_; }
  service::ExportStore& exports() override { return exports_; }
  service::SmsStore& sms() override { return sms_; }

  Result<std::optional<IdempotencyRecord>> FindIdempotency(std::string_view key) override {
    return Guard("FindIdempotency", [&]() -> Result<std::optional<IdempotencyRecord>> {
      ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("FindIdempotency", kFindIdempotency, {key}));
      if (r.rows.empty()) return std::nullopt;
      RowReader reader(r.rows[0]);
      IdempotencyRecord rec;
      rec.key = reader.Text();
      rec.request_hash = reader.Text();
      rec.status = static_cast<int>(reader.Int());
      rec.response_body = reader.Text();
      rec.created_at = reader.At();
      if (!reader.ok()) return Corrupt("FindIdempotency");
      return rec;
    });
  }

  Status PutIdempotency(const IdempotencyRecord& rec) override {
    return Guard("PutIdempotency", [&]() -> Status {
      ZT_RETURN_IF_ERROR(sql_.Live("PutIdempotency"));
      ZT_RETURN_IF_ERROR(sql_.Write(
          "PutIdempotency", kInsertIdempotency,
          {rec.key, rec.request_hash, rec.status, rec.response_body, Millis(rec.created_at)}));
      return Ok();
    });
  }

  Status Commit() override {
    return Guard("Commit", [&]() -> Status {
      ZT_RETURN_IF_ERROR(sql_.Live("Commit"));
      Status s = conn_->Commit();
      if (!s) {
        Finish(/*rollback=*/true);
        return s;
      }
      // Group commit: the next writer goes on while this one waits for the shared fsync.
      GiveUpWriterSlot();
      s = conn_->AwaitDurable();
      Finish(/*rollback=*/false);
      return s;
    });
  }

 private:
  static Status ValidateDraft(const EventDraft& d) {
    for (std::string_view s : {std::string_view(d.action), std::string_view(d.object_type),
                               std::string_view(d.object_id), std::string_view(d.actor_id.value()),
                               std::string_view(d.actor_role), std::string_view(d.actor_region),
                               std::string_view(d.request_id), std::string_view(d.source_ip),
                               std::string_view(d.result)}) {
      if (!internal::IsStorableText(s)) {
        return Fail(ErrorCode::kInvalidArgument, "event.encoding",
                    "AppendEvent: a field is not valid UTF-8 or contains NUL");
      }
    }
    std::set<std::string_view> keys;
    for (const auto& [key, value] : d.details) {
      if (!internal::IsStorableText(key) || !internal::IsStorableText(value)) {
        return Fail(ErrorCode::kInvalidArgument, "event.encoding",
                    "AppendEvent: a detail is not valid UTF-8 or contains NUL");
      }
      // The details are stored as a JSON object; a repeated key could not be read back as
      // written, and the entry's hash would then no longer verify.
      if (!keys.insert(key).second) {
        return Fail(ErrorCode::kInvalidArgument, "event.duplicate_detail",
                    "AppendEvent: detail key '" + key + "' appears twice");
      }
    }
    return Ok();
  }

  void Finish(bool rollback) {
    if (finished_) return;
    finished_ = true;
    sql_.Close();
    if (rollback) conn_->Rollback();
    GiveUpWriterSlot();
    // What this unit of work read may be another's commit not yet durable: answer only
    // once it is (AwaitDurable returns at once when there is nothing to wait for).
    if (rollback) (void)conn_->AwaitDurable();
    pool_->Release(std::move(conn_));
  }

  void GiveUpWriterSlot() {
    if (slot_released_) return;
    slot_released_ = true;
    pool_->ReleaseWriterSlot();
  }

  std::shared_ptr<Pool> pool_;
  std::unique_ptr<Connection> conn_;
  Statements sql_;
  internal::SqlCatalogStore catalog_{sql_};
  internal::SqlRatingStore ratings_{sql_};
  internal::SqlIndicatorStore indicators_{sql_};
  internal::SqlHotlineStore hotline_{sql_};
  internal::SqlCaseEngineStore case_engine_{sql_};
  internal::SqlLicenceStore licences_{sql_};
  internal::SqlCatalogueLists catalogue_lists_{sql_};
  internal::SqlAppointmentStore appointments_{sql_};
  internal::SqlMaterialStore materials_{sql_};
  internal::SqlOutboxStore outbox_{sql_};
  internal::SqlAuditStore audit_{sql_};
  internal::SqlAccountAdminStore account_admin_{sql_};
  internal::SqlAuditSearchStore audit_search_{sql_};
  internal::SqlExportStore exports_{sql_};
  internal::SqlSmsStore sms_{sql_};
  bool finished_ = false;
  bool slot_released_ = false;
};

// ---- Store -------------------------------------------------------------------------------

class SqlStore final : public service::Store {
 public:
  explicit SqlStore(std::shared_ptr<Pool> pool) : pool_(std::move(pool)) {}

  std::string_view backend() const override {
    return pool_->dialect() == Dialect::kSqlite ? "sqlite" : "postgres";
  }

  Result<std::unique_ptr<service::UnitOfWork>> Begin() override {
    return Guard("Begin", [&]() -> Result<std::unique_ptr<service::UnitOfWork>> {
      if (!pool_->AcquireWriterSlot()) {
        return Fail(ErrorCode::kUnavailable, "store.busy",
                    "Begin: timed out waiting for the database write lock");
      }
      if (pool_->halted()) {
        pool_->ReleaseWriterSlot();
        return Halted("Begin");
      }
      // A pooled connection may have died with a server restart; retry once on a fresh one.
      for (int attempt = 0;; ++attempt) {
        bool reused = false;
        Result<std::unique_ptr<Connection>> conn = pool_->Acquire(reused);
        if (!conn) {
          pool_->ReleaseWriterSlot();
          return std::unexpected(conn.error());
        }
        Status begun = (*conn)->BeginWrite();
        if (begun)
          return std::unique_ptr<service::UnitOfWork>(
              std::make_unique<SqlUnitOfWork>(pool_, std::move(*conn)));
        if (reused && attempt == 0 && !(*conn)->healthy()) {
          pool_->DropIdle();
          continue;
        }
        pool_->ReleaseWriterSlot();
        return std::unexpected(begun.error());
      }
    });
  }

  Result<ChainReport> VerifyChain() override { return VerifyChainAgainst({}); }

  Result<ChainReport> VerifyChainAgainst(
      const std::vector<service::ChainAnchor>& anchors) override {
    return Guard("VerifyChain", [&]() -> Result<ChainReport> {
      ZT_ASSIGN_OR_RETURN(Lease conn, Checkout());
      ZT_RETURN_IF_ERROR(conn->BeginSnapshot());
      Result<ChainReport> report = Walk(*conn, anchors);
      conn->Rollback();  // read-only
      return report;
    });
  }

  Result<int> Migrate() override {
    return Guard("Migrate", [&]() -> Result<int> {
      if (!pool_->AcquireWriterSlot()) {
        return Fail(ErrorCode::kUnavailable, "store.busy",
                    "Migrate: timed out waiting for the database write lock");
      }
      Result<Lease> conn = Checkout();
      Result<int> version =
          conn ? internal::ApplyMigrations(**conn) : Result<int>(std::unexpected(conn.error()));
      pool_->ReleaseWriterSlot();
      return version;
    });
  }

  Status Ping() override {
    return Guard("Ping", [&]() -> Status {
      if (pool_->halted()) return Halted("Ping");
      ZT_ASSIGN_OR_RETURN(Lease conn, Checkout());
      ZT_RETURN_IF_ERROR(conn->Run("Ping", kPing));
      return Ok();
    });
  }

  Result<std::vector<store::DurabilitySetting>> CheckDurability() {
    return Guard("CheckDurability", [&]() -> Result<std::vector<store::DurabilitySetting>> {
      ZT_ASSIGN_OR_RETURN(Lease conn, Checkout());
      return internal::JudgeDurability(*conn);
    });
  }

  Result<std::vector<store::AuditPrivilege>> CheckAuditPrivileges() {
    return Guard("CheckAuditPrivileges", [&]() -> Result<std::vector<store::AuditPrivilege>> {
      ZT_ASSIGN_OR_RETURN(Lease conn, Checkout());
      return internal::JudgeAuditPrivileges(*conn);
    });
  }

 private:
  static std::unexpected<Error> Halted(std::string_view op) {
    return std::unexpected(Error(
        ErrorCode::kUnavailable, "store.halted",
        std::string(op) + ": a write or sync to the database failed earlier, so what is on disk is "
                          "unknown; nothing more is accepted until the server restarts"));
  }

  Result<Lease> Checkout() {
    bool reused = false;
    ZT_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, pool_->Acquire(reused));
    if (reused && !conn->healthy()) {
      pool_->DropIdle();
      ZT_ASSIGN_OR_RETURN(conn, pool_->Acquire(reused));
    }
    return Lease(pool_, std::move(conn));
  }

  // Recomputes every entry in seq order inside one snapshot. Checks, per entry: seq is the
  // previous seq + 1 (else the missing seq is reported), prev_hash equals the previous
  // entry's hash, and hash equals EventHash of the stored content. Finally the chain head
  // must agree with the last entry (a head beyond it means the tail was cut off).
  // Each anchor is compared with the stored hash of its entry as the walk passes it.
  Result<ChainReport> Walk(Connection& conn, const std::vector<service::ChainAnchor>& anchors) {
    ChainReport report;
    auto broken = [&report](std::int64_t seq, std::string problem) {
      if (!report.intact) return;
      report.intact = false;
      report.first_bad_seq = seq;
      report.problem = std::move(problem);
    };
    std::size_t next_anchor = 0;
    auto anchor_broken = [&](std::string problem) {
      if (report.first_bad_anchor < 0) {
        report.first_bad_anchor = static_cast<std::int64_t>(next_anchor);
        report.anchor_problem = std::move(problem);
      }
      ++next_anchor;
    };
    auto check_anchors = [&](const EventRecord& e) {
      while (next_anchor < anchors.size() && anchors[next_anchor].seq <= e.seq) {
        const service::ChainAnchor& a = anchors[next_anchor];
        if (a.seq < e.seq) {
          anchor_broken("entry " + std::to_string(a.seq) + " is missing");
        } else if (a.hash != e.hash) {
          anchor_broken("entry " + std::to_string(a.seq) + " has hash " + e.hash +
                        ", the checkpoint says " + a.hash);
        } else {
          ++next_anchor;
        }
      }
    };
    std::int64_t last_seq = 0;
    std::string last_hash(kGenesisHash);
    for (;;) {
      ZT_ASSIGN_OR_RETURN(QueryResult page,
                          conn.Run("VerifyChain", kListEventsAfter, {last_seq, kVerifyPageSize}));
      for (const Row& row : page.rows) {
        EventRecord e;
        std::optional<std::string> bad = EventFromRow(row, e);
        ++report.entries;
        if (report.intact) {
          std::string seq = std::to_string(e.seq);
          if (e.seq != last_seq + 1) {
            broken(last_seq + 1, "entry " + std::to_string(last_seq + 1) +
                                     " is missing (the next entry is " + seq + ")");
          } else if (bad) {
            broken(e.seq, "entry " + seq + ": " + *bad);
          } else if (e.prev_hash != last_hash) {
            broken(e.seq, "entry " + seq + ": prev_hash does not match the hash of entry " +
                              std::to_string(last_seq));
          } else if (EventHash(e) != e.hash) {
            broken(e.seq, "entry " + seq + ": hash does not match its content");
          }
        }
        check_anchors(e);
        last_seq = e.seq;
        last_hash = e.hash;
      }
      if (static_cast<std::int64_t>(page.rows.size()) < kVerifyPageSize) break;
    }
    while (next_anchor < anchors.size()) {
      anchor_broken("entry " + std::to_string(anchors[next_anchor].seq) +
                    " no longer exists (the chain ends at " + std::to_string(last_seq) + ")");
    }
    if (last_seq > 0) report.last_hash = last_hash;
    ZT_ASSIGN_OR_RETURN(QueryResult head, conn.Run("VerifyChain", kSelectChainHead));
    if (head.rows.size() == 1) {
      RowReader reader(head.rows[0]);
      std::int64_t head_seq = reader.Int();
      std::string head_hash = reader.Text();
      if (head_seq > last_seq) {
        broken(last_seq + 1, "entries " + std::to_string(last_seq + 1) + " to " +
                                 std::to_string(head_seq) + " are missing from the end");
      } else if (head_seq != last_seq || head_hash != last_hash) {
        broken(last_seq, "the chain head does not match entry " + std::to_string(last_seq));
      }
    } else {
      broken(last_seq + 1, "the chain head row is missing");
    }
    return report;
  }

  std::shared_ptr<Pool> pool_;
};

}  // namespace

Result<std::unique_ptr<service::Store>> OpenSqliteStore(const std::string& path) {
  if (path.empty() || path == ":memory:" || path.starts_with("file::memory:")) {
    return Fail(ErrorCode::kInvalidArgument, "store.url",
                "OpenSqliteStore: give a database file path (a temporary file in tests)");
  }
  ZT_ASSIGN_OR_RETURN(auto parsed, internal::ParseSqliteUrlPath(path));
  if (parsed.first.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "store.url",
                "OpenSqliteStore: give a database file path");
  }
  std::shared_ptr<internal::WalSyncGroup> group =
      parsed.second.GroupCommitActive() ? internal::MakeWalSyncGroup() : nullptr;
  auto pool = std::make_shared<Pool>(Dialect::kSqlite, [parsed, group] {
    return internal::OpenSqliteConnection(parsed.first, parsed.second, group);
  });
  // Open one connection now so that a bad path fails here, not at the first request.
  bool reused = false;
  ZT_ASSIGN_OR_RETURN(std::unique_ptr<Connection> first, pool->Acquire(reused));
  pool->Release(std::move(first));
  return std::unique_ptr<service::Store>(std::make_unique<SqlStore>(std::move(pool)));
}

Result<std::unique_ptr<service::Store>> OpenPostgresStore(const std::string& conninfo) {
  auto pool = std::make_shared<Pool>(
      Dialect::kPostgres, [conninfo] { return internal::OpenPostgresConnection(conninfo); });
  bool reused = false;
  ZT_ASSIGN_OR_RETURN(std::unique_ptr<Connection> first, pool->Acquire(reused));
  pool->Release(std::move(first));
  return std::unique_ptr<service::Store>(std::make_unique<SqlStore>(std::move(pool)));
}

Result<std::vector<DurabilitySetting>> CheckDurability(service::Store& store) {
  auto* sql_store = dynamic_cast<SqlStore*>(&store);
  if (sql_store == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, "store.internal",
                "CheckDurability: not a store made by OpenStore");
  }
  return sql_store->CheckDurability();
}

Result<std::vector<AuditPrivilege>> CheckAuditPrivileges(service::Store& store) {
  auto* sql_store = dynamic_cast<SqlStore*>(&store);
  if (sql_store == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, "store.internal",
                "CheckAuditPrivileges: not a store made by OpenStore");
  }
  return sql_store->CheckAuditPrivileges();
}

Result<std::unique_ptr<service::Store>> OpenStore(const std::string& url) {
  ZT_RETURN_IF_ERROR(internal::CheckPersonalDataKey());  // a bad ZT_DATA_KEY fails at start
  if (url.starts_with("sqlite:")) return OpenSqliteStore(url.substr(std::strlen("sqlite:")));
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return OpenPostgresStore(url);
  }
  return Fail(ErrorCode::kInvalidArgument, "store.url",
              "OpenStore: the URL must start with sqlite:, postgresql:// or postgres://");
}

}  // namespace zt::store
