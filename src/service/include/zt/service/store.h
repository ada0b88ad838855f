// File: store.h
//
// The store port: everything the services need from durable storage, as one transaction at
// a time. The SQLite and PostgreSQL adapters (module `store`) implement it with identical
// behaviour, which the contract tests check on both.
//
//   ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
//   ZT_ASSIGN_OR_RETURN(auto c, tx->FindCase(id));
//   ZT_RETURN_IF_ERROR(tx->UpdateCase(updated, /*expected_version=*/c->version));
//   ZT_RETURN_IF_ERROR(tx->AppendEvent(draft));
//   ZT_RETURN_IF_ERROR(tx->Commit());    // durable once this returns ok
//
// A UnitOfWork that is destroyed without Commit() rolls back: nothing it wrote remains.
// Write transactions are serialised (the event chain needs one order), so keep them short.
// Thread-safety: a Store may be shared by threads; a UnitOfWork belongs to one thread.
// Errors: kUnavailable when the database cannot be reached or is busy past the timeout,
// kAborted for a stale expected_version, kAlreadyExists for a duplicate key, kInternal for
// anything unexpected (its detail never carries SQL text).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "zt/accounts/roles.h"
#include "zt/caseflow/application.h"
#include "zt/catalog/item.h"
#include "zt/core/error.h"
#include "zt/core/ids.h"
#include "zt/core/time.h"

namespace zt::service {

class CatalogStore;        // catalog_store.h
class RatingStore;         // rating_store.h
class IndicatorStore;      // indicator_store.h
class HotlineStore;        // hotline_store.h
class CaseEngineStore;     // case_engine_store.h
class LicenceStore;        // licence_store.h
class AppointmentStore;    // appointment_store.h
class MaterialStore;       // material_store.h
class OutboxStore;         // outbox_store.h
class CatalogueListStore;  // catalogue_lists_store.h
class AuditStore;          // audit_store.h
class AccountAdminStore;   // account_admin_store.h
class AuditSearchStore;    // audit_search_store.h
class ExportStore;         // export_store.h
class SmsStore;            // sms_store.h

struct Region {
  std::string code;  // 6, 9 or 12 digits
  std::string name;
  std::string parent_code;  // empty for the top of the tree
  std::string level;        // "province" | "prefecture" | "county" | "township" | "village"
};

struct Department {
  DepartmentId id;
  std::string name;
  std::string short_name;
  std::string region_code;
  std::string credit_code;  // 统一社会信用代码 of the body
};

struct AccountRecord {
  AccountId id;
  std::string username;  // staff login name; for citizens their ID number
  std::string display_name;
  std::string password_hash;  // Argon2id PHC string
  accounts::Role role = accounts::Role::kCitizen;
  std::string region_code;
  DepartmentId department_id;
  std::string id_number;  // citizens
  std::string phone;
  bool must_change_password = false;
  bool disabled = false;
  int failed_logins = 0;            // consecutive failed logins since the last success
  Instant locked_until{};           // logins refused before this instant; epoch when unlocked
  std::string totp_secret;          // base32 TOTP secret (pending until totp_enabled); staff
  bool totp_enabled = false;        // login needs a TOTP code
  std::int64_t totp_last_step = 0;  // the RFC 6238 time step of the last accepted code
  Instant created_at{};
  Instant password_changed_at{};
  std::int64_t version = 1;
};

struct SessionRecord {
  std::string token_hash;  // SM3 of the cookie token; the token itself is never stored
  AccountId account_id;
  Instant created_at{};
  Instant last_seen_at{};
  Instant expires_at{};  // absolute expiry
  std::string csrf_token;
};

// One entry to append to the event log. The store assigns seq, the chain hashes and `at`
// is taken as given (the service passes its clock's now).
struct EventDraft {
  Instant at{};
  std::string action;       // "application.accepted", "item.published", "account.login"
  std::string object_type;  // "application", "item", "account", ...
  std::string object_id;
  AccountId actor_id;
  std::string actor_role;
  std::string actor_region;
  std::string request_id;
  std::string source_ip;
  std::string result = "ok";                                 // "ok" | "denied" | "failed"
  std::vector<std::pair<std::string, std::string>> details;  // stored as a JSON object
};

struct EventRecord {
  std::int64_t seq = 0;
  EventDraft event;
  std::string prev_hash;  // hex SM3 of the previous entry; 64 zeros for the first
  std::string hash;       // hex SM3 over this entry's canonical form and prev_hash
};

struct ChainReport {
  std::int64_t entries = 0;
  bool intact = true;
  std::int64_t first_bad_seq = 0;  // 0 when intact
  std::string problem;             // what is wrong with the first bad entry
  std::string last_hash;           // the hash of the last entry read; "" when none
  // VerifyChainAgainst: the index (in seq order) of the first anchor the chain no longer
  // matches, -1 when every anchor matches; anchor_problem says how it differs.
  std::int64_t first_bad_anchor = -1;
  std::string anchor_problem;
};

// A chain position recorded outside the database (a signed checkpoint, docs/security.md
// AUD-03): entry `seq` must still exist and have hash `hash`.
struct ChainAnchor {
  std::int64_t seq = 0;
  std::string hash;
};

template <class T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;
};

struct ItemQuery {
  std::string text;           // matches name or code (substring)
  std::string region_prefix;  // region code prefix; empty for all
  DepartmentId department_id;
  std::optional<catalog::ItemStatus> status;
  int offset = 0;
  int limit = 20;
};

struct CaseQuery {
  std::string region_prefix;
  DepartmentId department_id;
  AccountId applicant_account;
  std::vector<std::string> states;  // any of these; empty for all
  int offset = 0;
  int limit = 20;
  // The work queue's order: by the due day (acceptance_due while submitted, otherwise
  // promised_deadline; nulls last), then submitted_at.
};

// What the bureau's statistics need of each case, cheaply.
struct CaseTiming {
  DepartmentId department_id;
  std::string state;
  std::optional<Instant> accepted_at;
  std::optional<Instant> concluded_at;
  std::optional<Date> promised_deadline;
};

struct IdempotencyRecord {
  std::string key;           // client key scoped by account: "<account>:<key>"
  std::string request_hash;  // hash of method + path + body; a different body is refused
  int status = 0;
  std::string response_body;
  Instant created_at{};
};

class UnitOfWork {
 public:
  virtual ~UnitOfWork() = default;

  virtual Status PutRegion(const Region& region) = 0;  // insert or replace
  virtual Result<std::vector<Region>> ListRegions() = 0;
  virtual Result<std::optional<Region>> FindRegion(std::string_view code) = 0;

  virtual Status PutDepartment(const Department& department) = 0;  // insert or replace
  virtual Result<std::optional<Department>> FindDepartment(const DepartmentId& id) = 0;
  virtual Result<std::vector<Department>> ListDepartments(std::string_view region_prefix) = 0;

  virtual Status InsertAccount(const AccountRecord& account) = 0;  // kAlreadyExists on username
  // Replaces the row if its version equals expected_version and bumps it; kAborted if not.
  virtual Status UpdateAccount(const AccountRecord& account, std::int64_t expected_version) = 0;
  virtual Result<std::optional<AccountRecord>> FindAccount(const AccountId& id) = 0;
  virtual Result<std::optional<AccountRecord>> FindAccountByUsername(std::string_view username) = 0;
  virtual Result<std::int64_t> CountAccounts() = 0;

  virtual Status InsertSession(const SessionRecord& session) = 0;
  virtual Result<std::optional<SessionRecord>> FindSession(std::string_view token_hash) = 0;
  virtual Status TouchSession(std::string_view token_hash, Instant last_seen_at) = 0;
  virtual Status DeleteSession(std::string_view token_hash) = 0;
  virtual Status DeleteSessionsOf(const AccountId& account_id) = 0;

  virtual Status InsertItem(const catalog::ServiceItem& item) = 0;  // kAlreadyExists on code
  // Writes the item with version = expected_version + 1 if the stored version equals
  // expected_version; kAborted otherwise, kNotFound if absent.
  virtual Status UpdateItem(const catalog::ServiceItem& item, std::int64_t expected_version) = 0;
  virtual Result<std::optional<catalog::ServiceItem>> FindItem(const ItemId& id) = 0;
  virtual Result<Page<catalog::ServiceItem>> ListItems(const ItemQuery& query) = 0;

  virtual Status InsertCase(const caseflow::ApplicationCase& c) = 0;  // kAlreadyExists on receipt
  // As UpdateItem: the stored version must equal expected_version; the row gets
  // c.version, which the caller sets to expected_version + 1.
  virtual Status UpdateCase(const caseflow::ApplicationCase& c, std::int64_t expected_version) = 0;
  virtual Result<std::optional<caseflow::ApplicationCase>> FindCase(const CaseId& id) = 0;
  virtual Result<std::optional<caseflow::ApplicationCase>> FindCaseByReceipt(
      std::string_view receipt_no) = 0;
  virtual Result<Page<caseflow::ApplicationCase>> ListCases(const CaseQuery& query) = 0;
  virtual Result<std::vector<CaseTiming>> ListCaseTimings(std::string_view region_prefix) = 0;
  // The next number in a named counter, starting at 1 (receipt numbers per region and day).
  virtual Result<std::int64_t> NextSequence(std::string_view name) = 0;

  virtual Result<EventRecord> AppendEvent(const EventDraft& draft) = 0;
  virtual Result<std::vector<EventRecord>> ListEventsFor(std::string_view object_type,
                                                         std::string_view object_id) = 0;

  // The catalogue's standard items and implementation records (catalog_store.h).
  virtual CatalogStore& catalog() = 0;
  // Ratings (好差评) and their rectification cases (rating_store.h).
  virtual RatingStore& ratings() = 0;
  // Indicator counters and frozen snapshots (indicator_store.h).
  virtual IndicatorStore& indicators() = 0;

  virtual Result<std::optional<IdempotencyRecord>> FindIdempotency(std::string_view key) = 0;
  virtual Status PutIdempotency(const IdempotencyRecord& record) = 0;

  // The 12345 hotline's records (hotline_store.h).
  virtual HotlineStore& hotline() = 0;

  // The case engine's own records: cases' follow-up tasks (容缺 supply, 告知承诺 post-check,
  // certificate) and the calendar the open deadlines were computed with (case_engine_store.h).
  virtual CaseEngineStore& case_engine() = 0;

  // Electronic licences: types, keys, licences, status changes, uses (licence_store.h).
  virtual LicenceStore& licences() = 0;

  // The power and responsibility list (权责清单) and life events (catalogue_lists_store.h).
  virtual CatalogueListStore& catalogue_lists() = 0;

  // Appointments (halls, windows, slots, bookings), visits made on cases and where cases were
  // accepted (一窗, 通办): appointment_store.h.
  virtual AppointmentStore& appointments() = 0;

  // Application materials' metadata and provenance (material_store.h); the bytes are in a
  // BlobStore. The notification outbox, written with the transitions (outbox_store.h).
  virtual MaterialStore& materials() = 0;
  virtual OutboxStore& outbox() = 0;

  // Reading the audit trail by request id and its head (audit_store.h).
  virtual AuditStore& audit() = 0;

  // Staff accounts of a scope and inactive accounts (account_admin_store.h).
  virtual AccountAdminStore& account_admin() = 0;
  // The audit administrator's search of the event log (audit_search_store.h).
  virtual AuditSearchStore& audit_search() = 0;

  // The index of export requests, for listing them (export_store.h).
  virtual ExportStore& exports() = 0;

  // SMS one-time codes and their rate-limit counts (sms_store.h, AUTH-06).
  virtual SmsStore& sms() = 0;

  // Makes everything written durable (fsync'd) before returning ok.
  virtual Status Commit() = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  // Starts a write-capable transaction.
  virtual Result<std::unique_ptr<UnitOfWork>> Begin() = 0;
  // Recomputes the event chain from the first entry; names the first broken one.
  virtual Result<ChainReport> VerifyChain() = 0;
  // VerifyChain, and also checks each anchor (sorted by seq) against the stored entry:
  // catches a rewrite of the whole chain with recomputed hashes, and a cut-off tail.
  virtual Result<ChainReport> VerifyChainAgainst(const std::vector<ChainAnchor>& anchors) = 0;
  // Applies pending migrations; returns the schema version reached.
  virtual Result<int> Migrate() = 0;
  virtual std::string_view backend() const = 0;  // "sqlite" | "postgres"
  // Cheap liveness check for /readyz.
  virtual Status Ping() = 0;
};

}  // namespace zt::service
