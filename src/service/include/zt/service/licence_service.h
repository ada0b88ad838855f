// File: licence_service.h
//
// Electronic licences (电子证照, docs/licences.md): the type catalogue, signing keys and their
// rotation, issuing (by a clerk, for a concluded application, from the historical stock),
// status changes, the signed status lists, verification, once-only use in applications (免提交)
// and the indicators. Every write is one unit of work with its event.
//
//   LicenceService licences(store, crypto, signer, clock, reader);
//   auto issued = licences.Issue(clerk, request, ctx);
//   auto report = licences.Verify(document);   // report.verdict.reasons
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "zt/accounts/roles.h"
#include "zt/core/error.h"
#include "zt/core/indicator.h"
#include "zt/licence/licence.h"
#include "zt/licence/verdict.h"
#include "zt/service/licence_store.h"
#include "zt/service/ports.h"
#include "zt/service/signer.h"
#include "zt/service/store.h"

namespace zt::service {

// A licence as handed out: the signed content and its proof. The JSON form and the W3C VC
// export are renderings of this (api/licence_document.h).
struct LicenceDocument {
  licence::LicenceContent content;
  std::string algorithm;
  std::string key_id;
  std::string content_digest;  // hex SM3 of CanonicalContent(content)
  std::string signature;       // base64
  // The signed bytes as the document carries them (for openssl); when present they must
  // equal CanonicalContent(content), or the content counts as tampered.
  std::optional<std::string> signed_content;
};

struct IssueRequest {
  std::string type_code;
  std::string number;  // 证照编号; "" = the serial
  std::string holder_name;
  std::string holder_id;
  std::map<std::string, std::string> fields;
  std::optional<Date> issue_date;   // default: today (CST)
  std::optional<Date> valid_from;   // default: the issue date
  std::optional<Date> valid_until;  // default: from the type's validity rule
};

struct LicenceView {
  LicenceRecord record;
  LicenceDocument document;
  std::vector<LicenceStatusChange> changes;
};

// A key as published: never the private half.
struct PublishedKey {
  std::string key_id;
  std::string algorithm;
  std::string public_key_pem;
  Instant valid_from{};
  std::optional<Instant> valid_until;
};

struct VerifyReport {
  licence::Verdict verdict;
  std::optional<PublishedKey> key;  // who signed, with which key (when known)
  std::string issuer_name;
  std::optional<licence::LicenceStatus> status;
};

struct SignedStatusList {
  std::string purpose;    // "revocation" | "suspension"
  std::string bitstring;  // raw, uncompressed (licence/status_list.h)
  Instant valid_from{};
  std::string key_id;
  std::string algorithm;
  std::string signature;  // base64, over licence::StatusListSigningInput
};

struct LicenceUseView {
  LicenceUse use;
  std::optional<LicenceView> licence;  // absent when the licence no longer exists
  licence::Verdict verdict;            // the licence verified as of now
};

// A historical row to enter (入库), as read from CSV.
struct HistoricalRow {
  std::string number;
  std::string holder_name;
  std::string holder_id;
  std::string issue_date;   // YYYY-MM-DD
  std::string valid_until;  // YYYY-MM-DD or "" (from the type's rule)
  std::map<std::string, std::string> fields;
};

struct ImportRowResult {
  std::size_t row = 0;  // 1-based data row
  std::string licence_id;
  std::vector<FieldError> errors;  // empty when entered
};

// Top-level form fields of an application's form_json as text (the api supplies a JSON reader;
// the service stays free of a JSON library).
using FormFieldReader =
    std::function<std::map<std::string, std::string>(std::string_view form_json)>;

// Verifies a document against the keys the verifier knows and the status it has (nullopt when
// none); pure apart from the signer's and crypto's checks. Used online and by the offline CLI.
VerifyReport VerifyDocument(Signer& signer, Crypto& crypto, const LicenceDocument& document,
                            const std::vector<PublishedKey>& keys,
                            std::optional<licence::LicenceStatus> status, Date today);

class LicenceService {
 public:
  LicenceService(Store& store, Crypto& crypto, Signer& signer, const Clock& clock,
                 FormFieldReader form_reader = {}, std::string algorithm = std::string(kSm2Sm3))
      : store_(store),
        crypto_(crypto),
        signer_(signer),
        clock_(clock),
        form_reader_(std::move(form_reader)),
        algorithm_(std::move(algorithm)) {}

  // --- catalogue: department admins of the type's department ---
  Result<licence::LicenceType> CreateType(const accounts::Actor& actor, licence::LicenceType type,
                                          const RequestContext& ctx);
  // Replaces name, fields, validity, opened, historical_declared, item codes. kAborted on a
  // stale if_match.
  Result<licence::LicenceType> UpdateType(const accounts::Actor& actor, licence::LicenceType type,
                                          std::int64_t if_match, const RequestContext& ctx);
  Result<std::vector<licence::LicenceType>> ListTypes();

  // --- keys ---
  // A new key of `algorithm` becomes the active one; earlier keys of that algorithm stop
  // signing now and stay published for verification. Security administrators, or the
  // operator through the CLI (actor of role system).
  Result<PublishedKey> RotateKey(const accounts::Actor& actor, std::string_view algorithm,
                                 const RequestContext& ctx);
  Result<std::vector<PublishedKey>> PublishedKeys();

  // --- issuing ---
  // A window clerk or department admin of the type's department; the type must be opened.
  Result<LicenceView> Issue(const accounts::Actor& actor, const IssueRequest& request,
                            const RequestContext& ctx);
  // The licence of a concluded, approved application whose item produces a licence type:
  // issued once (a unique key per case; a repeat returns the first). nullopt when the case
  // produces none (not concluded, not approved, or no type lists its item).
  Result<std::optional<LicenceView>> IssueForCase(const CaseId& case_id, const RequestContext& ctx);
  // The sweep for crash recovery: IssueForCase over concluded cases that have no licence yet.
  // Returns how many were issued; cases that cannot be issued are reported in `failures`.
  Result<int> IssuePending(const RequestContext& ctx, std::vector<std::string>* failures);
  // 入库: enters validated historical rows of one type in transactions of `batch` rows;
  // `progress(done, total)` after each batch. Rows with errors are reported, not entered.
  Result<std::vector<ImportRowResult>> ImportHistorical(
      const accounts::Actor& actor, std::string_view type_code,
      const std::vector<HistoricalRow>& rows, std::size_t batch,
      const std::function<void(std::size_t, std::size_t)>& progress, const RequestContext& ctx);

  // --- reading: holders (citizens, by ID number), the issuing department, bureau managers ---
  Result<LicenceView> Get(const accounts::Actor& actor, std::string_view id,
                          const RequestContext& ctx = {});
  Result<Page<LicenceRecord>> List(const accounts::Actor& actor, LicenceQuery query);

  // --- status: department admins and reviewers of the issuing department ---
  Result<LicenceView> ChangeStatus(const accounts::Actor& actor, std::string_view id,
                                   licence::StatusAction action, const std::string& reason,
                                   const std::string& reference, std::int64_t if_match,
                                   const RequestContext& ctx);
  // The signed list of `purpose` ("revocation" or "suspension"): a bit per licence.
  Result<SignedStatusList> StatusList(std::string_view purpose);

  // --- verification (anyone) ---
  Result<VerifyReport> Verify(const LicenceDocument& document);

  // --- once-only use (免提交) ---
  // The applicant agrees to use their own licence for a material of their application.
  Result<LicenceUseView> UseInApplication(const accounts::Actor& actor, const CaseId& case_id,
                                          std::string_view material_name,
                                          std::string_view licence_id, const RequestContext& ctx);
  // The uses of one case, each verified now; scoped like the application.
  Result<std::vector<LicenceUseView>> UsesOfCase(const accounts::Actor& actor,
                                                 const CaseId& case_id,
                                                 const RequestContext& ctx = {});
  // Who used which of the citizen's licences, when, for which case.
  Result<std::vector<LicenceUse>> MyUses(const accounts::Actor& actor);

  // --- representatives: who acts for an organisation (licence_representatives.cc) ---
  // Window clerks and department admins record that a person (by ID number) is the legal
  // representative or an authorised agent of an organisation, after checking `evidence`.
  Result<OrganisationRepresentative> RecordRepresentative(const accounts::Actor& actor,
                                                          OrganisationRepresentative link,
                                                          const RequestContext& ctx);
  // Ends a link (staff of the recording department; kAborted on a stale if_match).
  Result<OrganisationRepresentative> EndRepresentative(const accounts::Actor& actor,
                                                       std::string_view id,
                                                       const std::string& reason,
                                                       std::int64_t if_match,
                                                       const RequestContext& ctx);
  // A citizen's own links; staff's links recorded in their scope (optionally of one
  // organisation).
  Result<std::vector<OrganisationRepresentative>> ListRepresentatives(const accounts::Actor& actor,
                                                                      std::string_view credit_code);

  // --- indicators (bureau managers): docs/licences.md gives the formulas ---
  Result<std::vector<Indicator>> Indicators(const accounts::Actor& actor, Date from, Date to);

 private:
  Result<LicenceView> IssueIn(UnitOfWork& tx, const licence::LicenceType& type,
                              const IssueRequest& request, std::string source, std::string case_id,
                              const accounts::Actor& actor, const RequestContext& ctx);
  // The record of a licence signed with `key` (digest from crypto, signature base64).
  LicenceRecord SignedRecord(licence::LicenceContent content, const licence::LicenceType& type,
                             const LicenceKeyRecord& key, std::string_view canonical,
                             std::string_view signature, std::string source, std::string case_id,
                             Instant now) const;
  // The active key of the service's algorithm; the first signature creates it, valid from
  // `now` (the instant the caller stamps on what it signs).
  Result<LicenceKeyRecord> ActiveKey(UnitOfWork& tx, Instant now, const accounts::Actor& actor,
                                     const RequestContext& ctx);
  LicenceDocument DocumentOf(const LicenceRecord& record) const;
  // The holder, a current representative of an organisation holder, or the issuing
  // department's scope.
  Result<bool> CanRead(UnitOfWork& tx, const accounts::Actor& actor,
                       const LicenceRecord& record) const;
  // Whether the person with `id_number` currently (today, CST) acts for the organisation.
  Result<bool> Represents(UnitOfWork& tx, std::string_view id_number,
                          std::string_view credit_code) const;

  Store& store_;
  Crypto& crypto_;
  Signer& signer_;
  const Clock& clock_;
  FormFieldReader form_reader_;
  std::string algorithm_;
};

}  // namespace zt::service
