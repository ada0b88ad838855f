// File: licence_store.h
//
// The licence area's store port (电子证照): types, signing keys (public half and the sealed
// private half only), licences with their signature and status, status changes and uses in
// applications (免提交). Reached from a unit of work as `uow.licences()`, so each write shares
// the transaction and the event log of the rest of the store. Implemented for SQLite and
// PostgreSQL in store/sql_licences.cc. Errors as in store.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"
#include "zt/core/ids.h"
#include "zt/core/time.h"
#include "zt/licence/licence.h"
#include "zt/service/store.h"

namespace zt::service {

struct LicenceKeyRecord {
  std::string key_id;
  std::string algorithm;  // "SM2-SM3" | "Ed25519"
  std::string public_key_pem;
  std::string sealed_private_key;  // encrypted PKCS#8 PEM; never exported
  Instant valid_from{};
  std::optional<Instant> valid_until;  // set when rotated out; none for the active key
  Instant created_at{};
};

struct LicenceRecord {
  licence::LicenceContent content;
  std::string department_id;  // the issuing department
  licence::LicenceStatus status = licence::LicenceStatus::kValid;
  std::int64_t status_index = 0;  // the licence's bit in the status lists
  std::string key_id;
  std::string algorithm;
  std::string content_digest;  // lower-case hex SM3 of the canonical content
  std::string signature;       // base64 of the raw signature
  std::string source;          // "clerk" | "application" | "historical"
  std::string case_id;         // the concluded application it was issued for ("" none)
  std::int64_t version = 1;
  Instant updated_at{};
};

struct LicenceStatusChange {
  std::string licence_id;
  std::string action;  // suspend | reinstate | revoke | expire
  std::string from_status;
  std::string to_status;
  std::string reason;
  std::string reference;
  std::string actor_id;
  Instant at{};
  std::int64_t version = 0;  // the licence's version this change produced (orders the history)
};

struct LicenceUse {
  std::string id;
  std::string licence_id;
  std::string case_id;
  std::string receipt_no;
  std::string material_name;
  std::string holder_id;
  std::string type_code;
  std::string department_id;  // the department handling the case
  std::string item_id;        // the case's service item
  std::string agreed_by;      // the applicant's account
  Instant at{};
};

struct LicenceQuery {
  std::string holder_id;      // exact; "" for all
  std::string type_code;      // exact; "" for all
  std::string department_id;  // exact; "" for all
  std::string status;         // exact; "" for all
  int offset = 0;
  int limit = 20;
};

// A person who acts for an organisation (docs/licences.md "Representatives"): its legal
// representative (法定代表人) or an authorised agent (经办人/被授权人), recorded by staff who
// checked the evidence (the business licence, a letter of authorisation). The person is named
// by ID number, as licences name holders, so it is the citizen account with that ID number.
struct OrganisationRepresentative {
  std::string id;
  std::string credit_code;  // the organisation's 统一社会信用代码, canonical (upper case)
  std::string organisation_name;
  std::string id_number;  // the person's 身份证号, canonical
  std::string person_name;
  std::string capacity;             // "legal_representative" | "agent"
  std::string evidence;             // what staff checked, e.g. the authorisation letter's number
  std::optional<Date> valid_until;  // last day the link holds; none = until ended
  std::string region_code;          // of the recording staff (the scope of the record)
  std::string department_id;
  std::string recorded_by;
  Instant recorded_at{};
  std::optional<Instant> ended_at;
  std::string ended_by;
  std::string end_reason;
  std::int64_t version = 1;
};

// Per type: what the indicators need, counted in the database.
struct LicenceTypeCounts {
  std::string type_code;
  std::int64_t issued = 0;            // every licence of the type
  std::int64_t historical = 0;        // entered from the paper stock (source "historical")
  std::int64_t issued_in_period = 0;  // issued_at in [from, to)
};

class LicenceStore {
 public:
  virtual ~LicenceStore() = default;

  virtual Status InsertType(const licence::LicenceType& type, Instant now) = 0;  // kAlreadyExists
  // Stored version must equal expected_version; the row gets type.version.
  virtual Status UpdateType(const licence::LicenceType& type, std::int64_t expected_version,
                            Instant now) = 0;
  virtual Result<std::optional<licence::LicenceType>> FindType(std::string_view code) = 0;
  // All types, or one department's when department_id is not empty; ordered by code.
  virtual Result<std::vector<licence::LicenceType>> ListTypes(std::string_view department_id) = 0;

  virtual Status InsertKey(const LicenceKeyRecord& key) = 0;
  // Ends the signing period of every key of `algorithm` that has none yet.
  virtual Status RetireKeys(std::string_view algorithm, Instant until) = 0;
  virtual Result<std::vector<LicenceKeyRecord>> ListKeys() = 0;  // by valid_from
  virtual Result<std::optional<LicenceKeyRecord>> FindKey(std::string_view key_id) = 0;

  virtual Status InsertLicence(const LicenceRecord& licence) = 0;  // kAlreadyExists on id/case
  // Status only: content and signature never change. kAborted on a stale version.
  virtual Status UpdateLicenceStatus(std::string_view id, licence::LicenceStatus status,
                                     std::int64_t expected_version, Instant now) = 0;
  virtual Result<std::optional<LicenceRecord>> FindLicence(std::string_view id) = 0;
  virtual Result<std::optional<LicenceRecord>> FindLicenceByCase(std::string_view case_id) = 0;
  virtual Result<Page<LicenceRecord>> ListLicences(const LicenceQuery& query) = 0;
  // The status indices of every licence in `status` (for the status lists).
  virtual Result<std::vector<std::int64_t>> StatusIndices(licence::LicenceStatus status) = 0;

  virtual Status InsertStatusChange(const LicenceStatusChange& change) = 0;
  virtual Result<std::vector<LicenceStatusChange>> ListStatusChanges(
      std::string_view licence_id) = 0;

  virtual Status InsertUse(const LicenceUse& use) = 0;  // kAlreadyExists per case and material
  virtual Result<std::vector<LicenceUse>> ListUsesByCase(std::string_view case_id) = 0;
  virtual Result<std::vector<LicenceUse>> ListUsesByHolder(std::string_view holder_id) = 0;
  virtual Result<std::vector<LicenceUse>> ListAllUses() = 0;

  virtual Result<std::vector<LicenceTypeCounts>> CountByType(Instant from, Instant to) = 0;

  // kAlreadyExists when the person already has an unended link to the organisation.
  virtual Status InsertRepresentative(const OrganisationRepresentative& r) = 0;
  // Sets ended_at/ended_by/end_reason and version; kAborted on a stale version.
  virtual Status EndRepresentative(const OrganisationRepresentative& r,
                                   std::int64_t expected_version) = 0;
  virtual Result<std::optional<OrganisationRepresentative>> FindRepresentative(
      std::string_view id) = 0;
  // Links of a person and/or an organisation ("" = any), ended ones included, newest first.
  virtual Result<std::vector<OrganisationRepresentative>> ListRepresentatives(
      std::string_view id_number, std::string_view credit_code) = 0;
};

}  // namespace zt::service
