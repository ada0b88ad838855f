#include "zt/service/licence_service.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "zt/core/credit_code.h"
#include "zt/core/id_number.h"
#include "zt/licence/identifier.h"
#include "zt/licence/status_list.h"
#include "zt/service/audit.h"
#include "zt/service/catalog_service.h"

namespace zt::service {
namespace {

using licence::LicenceStatus;
using licence::LicenceType;

EventDraft LicenceEvent(Instant at, std::string action, std::string object_type,
                        std::string object_id, const accounts::Actor& actor,
                        const RequestContext& ctx) {
  return ActorEvent(at, std::move(action), std::move(object_type), std::move(object_id), actor,
                    ctx);
}

auto LicenceNotFound() {
  return Fail(ErrorCode::kNotFound, "licence.not_found", "no such licence");
}

auto TypeNotFound() {
  return FieldFail("/type_code", "licence_type.not_found", "no such licence type");
}

bool IsDepartmentStaff(const accounts::Actor& a, std::string_view department_id) {
  return accounts::IsDepartmentalRole(a.role) && a.department_id.value() == department_id;
}

PublishedKey Publish(const LicenceKeyRecord& k) {
  return PublishedKey{k.key_id, k.algorithm, k.public_key_pem, k.valid_from, k.valid_until};
}

accounts::Actor SystemActor() {
  accounts::Actor a;
  a.account_id = AccountId("system");
  a.display_name = "system";
  a.role = accounts::Role::kSystemAdmin;
  return a;
}

// Holder ids are stored in their canonical form (upper-case check character).
std::string CanonicalHolderId(licence::HolderKind kind, const std::string& id) {
  if (kind == licence::HolderKind::kPerson) {
    auto parsed = IdNumber::Parse(id);
    return parsed ? parsed->value() : id;
  }
  auto parsed = CreditCode::Parse(id);
  return parsed ? parsed->value() : id;
}

Status ValidateItemCodes(const LicenceType& type) {
  for (std::size_t i = 0; i < type.item_codes.size(); ++i) {
    const std::string& c = type.item_codes[i];
    if (c.empty() || c.size() > 64 || !licence::IsLineSafe(c)) {
      return FieldFail("/item_codes/" + std::to_string(i), "licence_type.item_code",
                       "an item code needs 1 to 64 characters");
    }
  }
  return Ok();
}

}  // namespace

VerifyReport VerifyDocument(Signer& signer, Crypto& crypto, const LicenceDocument& document,
                            const std::vector<PublishedKey>& keys,
                            std::optional<licence::LicenceStatus> status, Date today) {
  VerifyReport report;
  const auto& c = document.content;
  licence::VerifyFacts f;
  f.identifier_ok = licence::LicenceId::Parse(c.id).has_value();
  std::string canonical = licence::CanonicalContent(c);
  f.digest_ok = crypto.Digest(canonical) == document.content_digest &&
                (!document.signed_content || *document.signed_content == canonical);
  auto key = std::find_if(keys.begin(), keys.end(),
                          [&](const PublishedKey& k) { return k.key_id == document.key_id; });
  if (key != keys.end()) {
    report.key = *key;
    f.key = licence::KeyValidity{key->valid_from, key->valid_until};
    auto raw = licence::Base64Decode(document.signature);
    bool ok = false;
    if (raw && key->algorithm == document.algorithm) {
      auto verified = signer.Verify(key->algorithm, key->public_key_pem, canonical, *raw);
      ok = verified.value_or(false);
    }
    f.signature_ok = ok;
  }
  f.issued_at = c.issued_at;
  f.status = status;
  f.valid_from = c.valid_from;
  f.valid_until = c.valid_until;
  f.today = today;
  report.verdict = licence::Judge(f);
  report.issuer_name = c.issuer_name;
  report.status = status;
  return report;
}

Result<bool> LicenceService::CanRead(UnitOfWork& tx, const accounts::Actor& actor,
                                     const LicenceRecord& r) const {
  if (actor.role == accounts::Role::kCitizen) {
    if (actor.id_number.empty()) return false;
    if (r.content.holder_id == actor.id_number) return true;
    if (r.content.holder_kind != licence::HolderKind::kOrganisation) return false;
    return Represents(tx, actor.id_number, r.content.holder_id);
  }
  return accounts::CanSeeDepartmentRecord(actor, r.content.region_code,
                                          DepartmentId(r.department_id));
}

LicenceDocument LicenceService::DocumentOf(const LicenceRecord& r) const {
  return LicenceDocument{r.content,        r.algorithm, r.key_id,
                         r.content_digest, r.signature, std::nullopt};
}

// ---- catalogue ---------------------------------------------------------------------------

Result<LicenceType> LicenceService::CreateType(const accounts::Actor& actor, LicenceType type,
                                               const RequestContext& ctx) {
  if (actor.role != accounts::Role::kDepartmentAdmin) {
    return AuditDenied(store_, clock_, actor, "licence_type", type.code, ctx,
                       Fail(ErrorCode::kPermissionDenied, "licence_type.not_allowed",
                            "department administrators keep their department's licence types"));
  }
  // A department admin lists types of their own department only.
  type.department_id = actor.department_id.value();
  type.version = 1;
  ZT_RETURN_IF_ERROR(licence::ValidateLicenceType(type));
  ZT_RETURN_IF_ERROR(ValidateItemCodes(type));
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  auto inserted = tx->licences().InsertType(type, now);
  if (!inserted && inserted.error().code() == ErrorCode::kAlreadyExists) {
    return FieldFail("/code", "licence_type.code_taken", "a licence type with this code exists");
  }
  ZT_RETURN_IF_ERROR(inserted);
  auto e = LicenceEvent(now, "licence_type.created", "licence_type", type.code, actor, ctx);
  e.details.push_back({"opened", type.opened ? "true" : "false"});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return type;
}

Result<LicenceType> LicenceService::UpdateType(const accounts::Actor& actor, LicenceType type,
                                               std::int64_t if_match, const RequestContext& ctx) {
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->licences().FindType(type.code));
  if (!found || actor.role != accounts::Role::kDepartmentAdmin ||
      !IsDepartmentStaff(actor, found->department_id)) {
    return AuditDenied(store_, clock_, actor, "licence_type", type.code, ctx,
                       Fail(ErrorCode::kNotFound, "licence_type.not_found", "no such licence type"),
                       tx);
  }
  if (found->version != if_match) {
    return Fail(ErrorCode::kAborted, "version.stale",
                "the licence type has changed since it was read (version " +
                    std::to_string(found->version) + ")");
  }
  type.department_id = found->department_id;
  type.holder_kind = found->holder_kind;  // issued licences depend on it
  type.version = found->version + 1;
  ZT_RETURN_IF_ERROR(licence::ValidateLicenceType(type));
  ZT_RETURN_IF_ERROR(ValidateItemCodes(type));
  ZT_RETURN_IF_ERROR(tx->licences().UpdateType(type, found->version, now));
  auto e = LicenceEvent(now, "licence_type.updated", "licence_type", type.code, actor, ctx);
  e.details.push_back({"opened", type.opened ? "true" : "false"});
  e.details.push_back({"version", std::to_string(type.version)});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return type;
}

Result<std::vector<LicenceType>> LicenceService::ListTypes() {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  return tx->licences().ListTypes("");
}

// ---- keys --------------------------------------------------------------------------------

Result<PublishedKey> LicenceService::RotateKey(const accounts::Actor& actor,
                                               std::string_view algorithm,
                                               const RequestContext& ctx) {
  if (actor.role != accounts::Role::kSecurityAdmin && actor.role != accounts::Role::kSystemAdmin) {
    return AuditDenied(store_, clock_, actor, "licence_key", algorithm, ctx,
                       Fail(ErrorCode::kPermissionDenied, "licence_key.not_allowed",
                            "security administrators rotate signing keys"));
  }
  ZT_ASSIGN_OR_RETURN(NewSigningKey generated, signer_.GenerateKey(algorithm));
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_RETURN_IF_ERROR(tx->licences().RetireKeys(generated.algorithm, now));
  LicenceKeyRecord key{generated.key_id,
                       generated.algorithm,
                       generated.public_key_pem,
                       generated.sealed_private_key,
                       now,
                       std::nullopt,
                       now};
  ZT_RETURN_IF_ERROR(tx->licences().InsertKey(key));
  auto e = LicenceEvent(now, "licence_key.rotated", "licence_key", key.key_id, actor, ctx);
  e.details.push_back({"algorithm", key.algorithm});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return Publish(key);
}

Result<std::vector<PublishedKey>> LicenceService::PublishedKeys() {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto keys, tx->licences().ListKeys());
  std::vector<PublishedKey> out;
  for (const auto& k : keys) out.push_back(Publish(k));
  return out;
}

Result<LicenceKeyRecord> LicenceService::ActiveKey(UnitOfWork& tx, Instant now,
                                                   const accounts::Actor& actor,
                                                   const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto keys, tx.licences().ListKeys());
  for (const auto& k : keys) {
    if (k.algorithm == algorithm_ && !k.valid_until) return k;
  }
  // The first signature of an algorithm creates its key (in the same transaction).
  ZT_ASSIGN_OR_RETURN(NewSigningKey generated, signer_.GenerateKey(algorithm_));
  LicenceKeyRecord key{generated.key_id,
                       generated.algorithm,
                       generated.public_key_pem,
                       generated.sealed_private_key,
                       now,
                       std::nullopt,
                       now};
  ZT_RETURN_IF_ERROR(tx.licences().InsertKey(key));
  auto e = LicenceEvent(now, "licence_key.created", "licence_key", key.key_id, actor, ctx);
  e.details.push_back({"algorithm", key.algorithm});
  ZT_RETURN_IF_ERROR(tx.AppendEvent(e));
  return key;
}

// ---- issuing -----------------------------------------------------------------------------

namespace {

// The issue request of a historical row, or nullopt with the row's errors.
std::optional<IssueRequest> HistoricalRequest(const std::string& type_code,
                                              const HistoricalRow& row,
                                              std::vector<FieldError>& errors) {
  IssueRequest request;
  request.type_code = type_code;
  request.number = row.number;
  request.holder_name = row.holder_name;
  request.holder_id = row.holder_id;
  request.fields = row.fields;
  auto issue_date = ParseDate(row.issue_date);
  if (!issue_date) {
    errors.push_back({"/issue_date", "licence.issue_date", "issue_date is YYYY-MM-DD"});
  } else {
    request.issue_date = *issue_date;
  }
  if (!row.valid_until.empty()) {
    auto until = ParseDate(row.valid_until);
    if (!until) {
      errors.push_back({"/valid_until", "licence.valid_until", "valid_until is YYYY-MM-DD"});
    } else {
      request.valid_until = *until;
    }
  }
  if (row.number.empty()) {
    errors.push_back({"/number", "licence.number", "a historical licence needs its number"});
  }
  if (!errors.empty()) return std::nullopt;
  return request;
}

Result<Department> IssuingDepartment(UnitOfWork& tx, const LicenceType& type) {
  ZT_ASSIGN_OR_RETURN(auto department, tx.FindDepartment(DepartmentId(type.department_id)));
  if (!department) {
    return Fail(ErrorCode::kFailedPrecondition, "licence_type.department_missing",
                "the type's department does not exist");
  }
  return std::move(*department);
}

// The content of a new licence: numbered (serial and status bit from the counters), stamped
// `now` and validated against its type. Only the counters are written.
Result<licence::LicenceContent> PrepareContent(UnitOfWork& tx, const LicenceType& type,
                                               const Department& department,
                                               const IssueRequest& request, Instant now) {
  licence::LicenceContent c;
  c.issue_date = request.issue_date.value_or(CivilDateCst(now));
  char serial[32];
  ZT_ASSIGN_OR_RETURN(std::int64_t seq, tx.NextSequence("licence:" + type.code + ":" +
                                                        std::to_string(c.issue_date.year())));
  std::snprintf(serial, sizeof serial, "%04d%06lld", c.issue_date.year(),
                static_cast<long long>(seq));
  std::string issuer_code =
      department.credit_code.empty() ? department.region_code : department.credit_code;
  auto id = licence::LicenceId::Make(type.code, issuer_code, serial, "001");
  if (!id) {
    return Fail(ErrorCode::kFailedPrecondition, "licence.issuer_code",
                "the issuing department has no usable credit code");
  }
  c.id = id->text();
  c.type_code = type.code;
  c.type_name = type.name;
  c.number = request.number.empty() ? std::string(serial) : request.number;
  c.holder_kind = type.holder_kind;
  c.holder_name = request.holder_name;
  c.holder_id = CanonicalHolderId(type.holder_kind, request.holder_id);
  c.issuer_name = department.name;
  c.issuer_code = issuer_code;
  c.region_code = department.region_code;
  c.valid_from = request.valid_from.value_or(c.issue_date);
  c.valid_until =
      request.valid_until ? request.valid_until : licence::ValidUntil(type, c.issue_date);
  c.issued_at = now;
  c.fields = request.fields;
  ZT_RETURN_IF_ERROR(licence::ValidateContent(type, c));
  ZT_ASSIGN_OR_RETURN(c.status_index, tx.NextSequence("licence_status_index"));
  return c;
}

}  // namespace

LicenceRecord LicenceService::SignedRecord(licence::LicenceContent content, const LicenceType& type,
                                           const LicenceKeyRecord& key, std::string_view canonical,
                                           std::string_view signature, std::string source,
                                           std::string case_id, Instant now) const {
  LicenceRecord r;
  r.content = std::move(content);
  r.department_id = type.department_id;
  r.status = LicenceStatus::kValid;
  r.status_index = r.content.status_index;
  r.key_id = key.key_id;
  r.algorithm = key.algorithm;
  r.content_digest = crypto_.Digest(canonical);
  r.signature = licence::Base64Encode(signature);
  r.source = std::move(source);
  r.case_id = std::move(case_id);
  r.version = 1;
  r.updated_at = now;
  return r;
}

Result<LicenceView> LicenceService::IssueIn(UnitOfWork& tx, const LicenceType& type,
                                            const IssueRequest& request, std::string source,
                                            std::string case_id, const accounts::Actor& actor,
                                            const RequestContext& ctx) {
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(Department department, IssuingDepartment(tx, type));
  ZT_ASSIGN_OR_RETURN(licence::LicenceContent c,
                      PrepareContent(tx, type, department, request, now));
  ZT_ASSIGN_OR_RETURN(LicenceKeyRecord key, ActiveKey(tx, now, actor, ctx));
  std::string canonical = licence::CanonicalContent(c);
  ZT_ASSIGN_OR_RETURN(
      std::string signature,
      signer_.Sign(SigningKeyRef{key.key_id, key.algorithm, key.sealed_private_key}, canonical));
  LicenceRecord r = SignedRecord(std::move(c), type, key, canonical, signature, std::move(source),
                                 std::move(case_id), now);
  ZT_RETURN_IF_ERROR(tx.licences().InsertLicence(r));
  auto e = LicenceEvent(now, "licence.issued", "licence", r.content.id, actor, ctx);
  e.details.push_back({"type_code", r.content.type_code});
  e.details.push_back({"source", r.source});
  e.details.push_back({"key_id", r.key_id});
  e.details.push_back({"content_digest", r.content_digest});
  if (!r.case_id.empty()) e.details.push_back({"case_id", r.case_id});
  ZT_RETURN_IF_ERROR(tx.AppendEvent(e));
  LicenceView view;
  view.document = DocumentOf(r);
  view.record = std::move(r);
  return view;
}

Result<LicenceView> LicenceService::Issue(const accounts::Actor& actor, const IssueRequest& request,
                                          const RequestContext& ctx) {
  if (actor.role != accounts::Role::kWindowClerk &&
      actor.role != accounts::Role::kDepartmentAdmin) {
    return AuditDenied(store_, clock_, actor, "licence_type", request.type_code, ctx,
                       Fail(ErrorCode::kPermissionDenied, "licence.issue_not_allowed",
                            "window clerks and department administrators issue licences"));
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto type, tx->licences().FindType(request.type_code));
  if (!type) return TypeNotFound();
  if (!IsDepartmentStaff(actor, type->department_id)) {
    return AuditDenied(store_, clock_, actor, "licence_type", request.type_code, ctx,
                       Fail(ErrorCode::kPermissionDenied, "licence.issue_out_of_scope",
                            "this licence type is issued by another department"),
                       tx);
  }
  if (!type->opened) {
    return Fail(ErrorCode::kFailedPrecondition, "licence_type.not_opened",
                "this licence type is not opened for issuing");
  }
  ZT_ASSIGN_OR_RETURN(auto view, IssueIn(*tx, *type, request, "clerk", "", actor, ctx));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return view;
}

Result<std::optional<LicenceView>> LicenceService::IssueForCase(const CaseId& case_id,
                                                                const RequestContext& ctx) {
  accounts::Actor system = SystemActor();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto existing, tx->licences().FindLicenceByCase(case_id.value()));
  if (existing) {
    LicenceView view;
    view.document = DocumentOf(*existing);
    view.record = std::move(*existing);
    return std::optional<LicenceView>(std::move(view));
  }
  ZT_ASSIGN_OR_RETURN(auto c, tx->FindCase(case_id));
  if (!c || c->state != "concluded" || c->outcome != "approved") return std::nullopt;
  ZT_ASSIGN_OR_RETURN(auto types, tx->licences().ListTypes(""));
  const LicenceType* type = nullptr;
  for (const auto& t : types) {
    if (t.opened &&
        std::find(t.item_codes.begin(), t.item_codes.end(), c->item_code) != t.item_codes.end()) {
      type = &t;
      break;
    }
  }
  if (type == nullptr) return std::nullopt;
  IssueRequest request;
  request.type_code = type->code;
  std::map<std::string, std::string> form =
      form_reader_ ? form_reader_(c->form_json) : std::map<std::string, std::string>();
  if (type->holder_kind == licence::HolderKind::kPerson) {
    request.holder_name = c->applicant_name;
    request.holder_id = c->applicant_id_number;
  } else {
    // An organisation's licence names the organisation the applicant filed for.
    request.holder_name = form["holder_name"];
    request.holder_id = form["holder_credit_code"];
  }
  for (const auto& f : type->fields) {
    auto it = form.find(f.name);
    if (it != form.end() && !it->second.empty()) request.fields[f.name] = it->second;
  }
  request.issue_date = CivilDateCst(c->concluded_at.value_or(clock_.Now()));
  auto view = IssueIn(*tx, *type, request, "application", case_id.value(), system, ctx);
  if (!view) return std::unexpected(view.error());
  auto committed = tx->Commit();
  if (!committed) {
    // A concurrent issue for the same case won the unique key: return its licence.
    if (committed.error().code() == ErrorCode::kAlreadyExists) return IssueForCase(case_id, ctx);
    return std::unexpected(committed.error());
  }
  return std::optional<LicenceView>(std::move(*view));
}

Result<int> LicenceService::IssuePending(const RequestContext& ctx,
                                         std::vector<std::string>* failures) {
  std::vector<CaseId> pending;
  {
    ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
    ZT_ASSIGN_OR_RETURN(auto types, tx->licences().ListTypes(""));
    std::set<std::string> producing;
    for (const auto& t : types) {
      if (t.opened) producing.insert(t.item_codes.begin(), t.item_codes.end());
    }
    CaseQuery q;
    q.states = {"concluded"};
    q.limit = 1000;
    for (q.offset = 0;; q.offset += q.limit) {
      ZT_ASSIGN_OR_RETURN(auto page, tx->ListCases(q));
      for (const auto& c : page.items) {
        if (c.outcome != "approved" || !producing.contains(c.item_code)) continue;
        ZT_ASSIGN_OR_RETURN(auto has, tx->licences().FindLicenceByCase(c.id.value()));
        if (!has) pending.push_back(c.id);
      }
      if (page.items.size() < static_cast<std::size_t>(q.limit)) break;
    }
  }
  int issued = 0;
  for (const auto& id : pending) {
    auto r = IssueForCase(id, ctx);
    if (r && *r) {
      ++issued;
    } else if (!r && failures != nullptr) {
      failures->push_back(id.value() + ": " + r.error().key() + " " + r.error().detail());
    }
  }
  return issued;
}

Result<std::vector<ImportRowResult>> LicenceService::ImportHistorical(
    const accounts::Actor& actor, std::string_view type_code,
    const std::vector<HistoricalRow>& rows, std::size_t batch,
    const std::function<void(std::size_t, std::size_t)>& progress, const RequestContext& ctx) {
  if (actor.role != accounts::Role::kDepartmentAdmin &&
      actor.role != accounts::Role::kSystemAdmin) {
    return Fail(ErrorCode::kPermissionDenied, "licence.import_not_allowed",
                "department administrators enter their historical licences");
  }
  if (batch == 0) batch = 1000;
  LicenceType type;
  {
    ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
    ZT_ASSIGN_OR_RETURN(auto found, tx->licences().FindType(type_code));
    if (!found) return TypeNotFound();
    if (actor.role == accounts::Role::kDepartmentAdmin &&
        !IsDepartmentStaff(actor, found->department_id)) {
      return Fail(ErrorCode::kPermissionDenied, "licence.issue_out_of_scope",
                  "this licence type is issued by another department");
    }
    type = *found;
  }
  std::vector<ImportRowResult> report(rows.size());
  for (std::size_t start = 0; start < rows.size(); start += batch) {
    std::size_t end = std::min(rows.size(), start + batch);
    // One transaction per batch: the rows are numbered and validated one by one, signed
    // together (the signer may use every core), then written; the department and the key
    // are read once.
    Instant now = clock_.Now();
    ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
    ZT_ASSIGN_OR_RETURN(Department department, IssuingDepartment(*tx, type));
    ZT_ASSIGN_OR_RETURN(LicenceKeyRecord key, ActiveKey(*tx, now, actor, ctx));
    std::vector<std::size_t> accepted;  // row indices, in order
    std::vector<licence::LicenceContent> contents;
    std::vector<std::string> canonical;
    for (std::size_t i = start; i < end; ++i) {
      ImportRowResult& out = report[i];
      out.row = i + 1;
      auto request = HistoricalRequest(type.code, rows[i], out.errors);
      if (!request) continue;
      auto content = PrepareContent(*tx, type, department, *request, now);
      if (!content) {
        if (content.error().fields().empty()) {
          out.errors.push_back({"", content.error().key(), content.error().detail()});
        } else {
          out.errors = content.error().fields();
        }
        // Validation failures write nothing; anything else voids the batch.
        if (content.error().code() != ErrorCode::kInvalidArgument)
          return std::unexpected(content.error());
        continue;
      }
      canonical.push_back(licence::CanonicalContent(*content));
      contents.push_back(std::move(*content));
      accepted.push_back(i);
    }
    ZT_ASSIGN_OR_RETURN(
        std::vector<std::string> signatures,
        signer_.SignMany(SigningKeyRef{key.key_id, key.algorithm, key.sealed_private_key},
                         canonical));
    for (std::size_t k = 0; k < accepted.size(); ++k) {
      LicenceRecord r = SignedRecord(std::move(contents[k]), type, key, canonical[k], signatures[k],
                                     "historical", "", now);
      ZT_RETURN_IF_ERROR(tx->licences().InsertLicence(r));
      report[accepted[k]].licence_id = r.content.id;
    }
    auto e = LicenceEvent(now, "licence.imported", "licence_type", type.code, actor, ctx);
    e.details.push_back({"rows", std::to_string(end - start)});
    e.details.push_back({"entered", std::to_string(accepted.size())});
    e.details.push_back({"first", accepted.empty() ? "" : report[accepted.front()].licence_id});
    e.details.push_back({"last", accepted.empty() ? "" : report[accepted.back()].licence_id});
    ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
    ZT_RETURN_IF_ERROR(tx->Commit());
    if (progress) progress(end, rows.size());
  }
  return report;
}

// ---- reading -----------------------------------------------------------------------------

Result<LicenceView> LicenceService::Get(const accounts::Actor& actor, std::string_view id,
                                        const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->licences().FindLicence(id));
  bool readable = false;
  if (found) {
    ZT_ASSIGN_OR_RETURN(readable, CanRead(*tx, actor, *found));
  }
  if (!readable) {
    return AuditDenied(store_, clock_, actor, "licence", id, ctx, LicenceNotFound(), tx);
  }
  LicenceView view;
  ZT_ASSIGN_OR_RETURN(view.changes, tx->licences().ListStatusChanges(id));
  view.document = DocumentOf(*found);
  view.record = std::move(*found);
  return view;
}

Result<Page<LicenceRecord>> LicenceService::List(const accounts::Actor& actor, LicenceQuery query) {
  if (actor.role == accounts::Role::kCitizen) {
    query.department_id.clear();
    if (actor.id_number.empty()) return Page<LicenceRecord>{};
    if (query.holder_id.empty() || query.holder_id == actor.id_number) {
      query.holder_id = actor.id_number;
    } else {
      // An organisation's licences, for the people who act for it.
      ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
      ZT_ASSIGN_OR_RETURN(bool represents, Represents(*tx, actor.id_number, query.holder_id));
      if (!represents) return Page<LicenceRecord>{};
      return tx->licences().ListLicences(query);
    }
  } else if (accounts::IsDepartmentalRole(actor.role)) {
    query.department_id = actor.department_id.value();
  } else {
    return Fail(ErrorCode::kPermissionDenied, "licence.list_not_allowed",
                "holders and the issuing departments list licences");
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  return tx->licences().ListLicences(query);
}

// ---- status ------------------------------------------------------------------------------

Result<LicenceView> LicenceService::ChangeStatus(const accounts::Actor& actor, std::string_view id,
                                                 licence::StatusAction action,
                                                 const std::string& reason,
                                                 const std::string& reference,
                                                 std::int64_t if_match, const RequestContext& ctx) {
  ZT_RETURN_IF_ERROR(licence::ValidateStatusChange(reason, reference));
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->licences().FindLicence(id));
  bool readable = false;
  if (found) {
    ZT_ASSIGN_OR_RETURN(readable, CanRead(*tx, actor, *found));
  }
  if (!readable) {
    return AuditDenied(store_, clock_, actor, "licence", id, ctx, LicenceNotFound(), tx);
  }
  if (actor.role != accounts::Role::kDepartmentAdmin && actor.role != accounts::Role::kReviewer) {
    return AuditDenied(store_, clock_, actor, "licence", id, ctx,
                       Fail(ErrorCode::kPermissionDenied, "licence.status_not_allowed",
                            "department administrators and reviewers change a licence's status"),
                       tx);
  }
  if (found->version != if_match) {
    return Fail(ErrorCode::kAborted, "version.stale",
                "the licence has changed since it was read (version " +
                    std::to_string(found->version) + ")");
  }
  ZT_ASSIGN_OR_RETURN(LicenceStatus next, licence::NextStatus(found->status, action));
  ZT_RETURN_IF_ERROR(tx->licences().UpdateLicenceStatus(id, next, found->version, now));
  LicenceStatusChange change{std::string(id),
                             std::string(licence::ActionName(action)),
                             std::string(licence::StatusName(found->status)),
                             std::string(licence::StatusName(next)),
                             reason,
                             reference,
                             actor.account_id.value(),
                             now,
                             found->version + 1};
  ZT_RETURN_IF_ERROR(tx->licences().InsertStatusChange(change));
  auto e = LicenceEvent(now, "licence." + std::string(licence::StatusName(next)), "licence",
                        std::string(id), actor, ctx);
  e.details.push_back({"action", change.action});
  e.details.push_back({"from", change.from_status});
  e.details.push_back({"reason", reason});
  e.details.push_back({"reference", reference});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_ASSIGN_OR_RETURN(auto updated, tx->licences().FindLicence(id));
  if (!updated) return LicenceNotFound();
  LicenceView view;
  ZT_ASSIGN_OR_RETURN(view.changes, tx->licences().ListStatusChanges(id));
  ZT_RETURN_IF_ERROR(tx->Commit());
  view.document = DocumentOf(*updated);
  view.record = std::move(*updated);
  return view;
}

Result<SignedStatusList> LicenceService::StatusList(std::string_view purpose) {
  LicenceStatus status;
  if (purpose == "revocation") {
    status = LicenceStatus::kRevoked;
  } else if (purpose == "suspension") {
    status = LicenceStatus::kSuspended;
  } else {
    return Fail(ErrorCode::kNotFound, "licence.status_list_unknown",
                "status lists: revocation, suspension");
  }
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto indices, tx->licences().StatusIndices(status));
  SignedStatusList list;
  list.purpose = std::string(purpose);
  list.bitstring = licence::BuildBitstring(indices, 0);
  list.valid_from = now;
  ZT_ASSIGN_OR_RETURN(LicenceKeyRecord key, ActiveKey(*tx, now, SystemActor(), {}));
  std::string input = licence::StatusListSigningInput(purpose, now.time_since_epoch().count(),
                                                      crypto_.Digest(list.bitstring));
  ZT_ASSIGN_OR_RETURN(
      std::string signature,
      signer_.Sign(SigningKeyRef{key.key_id, key.algorithm, key.sealed_private_key}, input));
  ZT_RETURN_IF_ERROR(tx->Commit());  // the key, if this was the first signature
  list.key_id = key.key_id;
  list.algorithm = key.algorithm;
  list.signature = licence::Base64Encode(signature);
  return list;
}

// ---- verification ------------------------------------------------------------------------

Result<VerifyReport> LicenceService::Verify(const LicenceDocument& document) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto keys, tx->licences().ListKeys());
  std::vector<PublishedKey> published;
  for (const auto& k : keys) published.push_back(Publish(k));
  ZT_ASSIGN_OR_RETURN(auto found, tx->licences().FindLicence(document.content.id));
  std::optional<LicenceStatus> status;
  if (found) status = found->status;
  return VerifyDocument(signer_, crypto_, document, published, status, CivilDateCst(clock_.Now()));
}

// ---- once-only use -----------------------------------------------------------------------

Result<LicenceUseView> LicenceService::UseInApplication(const accounts::Actor& actor,
                                                        const CaseId& case_id,
                                                        std::string_view material_name,
                                                        std::string_view licence_id,
                                                        const RequestContext& ctx) {
  if (actor.role != accounts::Role::kCitizen) {
    return Fail(ErrorCode::kPermissionDenied, "licence_use.applicant_only",
                "the applicant agrees to the use of their own licence");
  }
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto c, tx->FindCase(case_id));
  if (!c || c->applicant_account.empty() || c->applicant_account != actor.account_id) {
    return AuditDenied(store_, clock_, actor, "application", case_id.value(), ctx,
                       Fail(ErrorCode::kNotFound, "application.not_found", "no such application"),
                       tx);
  }
  if (c->concluded_at || c->decided_at) {
    return Fail(ErrorCode::kFailedPrecondition, "licence_use.case_closed",
                "the application is already decided");
  }
  ZT_ASSIGN_OR_RETURN(auto item, tx->FindItem(c->item_id));
  const catalog::Material* material = nullptr;
  if (item) {
    for (const auto& m : item->materials) {
      if (m.name == material_name) material = &m;
    }
  }
  if (material == nullptr) {
    return FieldFail("/material", "licence_use.material_unknown", "the item has no such material");
  }
  if (material->licence_type_code.empty()) {
    return FieldFail("/material", "licence_use.material_not_replaceable",
                     "this material cannot be replaced by a licence");
  }
  ZT_ASSIGN_OR_RETURN(auto found, tx->licences().FindLicence(licence_id));
  if (!found) return FieldFail("/licence_id", "licence.not_found", "no such licence");
  bool own = found->content.holder_id == c->applicant_id_number &&
             found->content.holder_id == actor.id_number;
  // An organisation's licence: the application must be filed for that organisation (the
  // form's holder_credit_code) by a person who currently acts for it.
  bool for_organisation = false;
  if (!own && found->content.holder_kind == licence::HolderKind::kOrganisation &&
      c->applicant_id_number == actor.id_number) {
    std::map<std::string, std::string> form =
        form_reader_ ? form_reader_(c->form_json) : std::map<std::string, std::string>();
    std::string filed_for =
        CanonicalHolderId(licence::HolderKind::kOrganisation, form["holder_credit_code"]);
    if (filed_for == found->content.holder_id) {
      ZT_ASSIGN_OR_RETURN(for_organisation, Represents(*tx, actor.id_number, filed_for));
    }
  }
  if (!own && !for_organisation) {
    return AuditDenied(store_, clock_, actor, "licence", licence_id, ctx,
                       Fail(ErrorCode::kPermissionDenied, "licence_use.not_holder",
                            "only the holder's own licence can be used"),
                       tx);
  }
  if (found->content.type_code != material->licence_type_code) {
    return FieldFail("/licence_id", "licence_use.type_mismatch",
                     "the material needs a licence of another type");
  }
  ZT_ASSIGN_OR_RETURN(auto keys, tx->licences().ListKeys());
  std::vector<PublishedKey> published;
  for (const auto& k : keys) published.push_back(Publish(k));
  VerifyReport report = VerifyDocument(signer_, crypto_, DocumentOf(*found), published,
                                       found->status, CivilDateCst(now));
  if (!report.verdict.valid) {
    std::string reasons;
    for (const auto& r : report.verdict.reasons) reasons += (reasons.empty() ? "" : ", ") + r;
    return Fail(ErrorCode::kFailedPrecondition, "licence_use.licence_not_valid",
                "the licence does not verify: " + reasons);
  }
  LicenceUse use;
  use.id = NewId(crypto_, "lu_");
  use.licence_id = found->content.id;
  use.case_id = c->id.value();
  use.receipt_no = c->receipt_no;
  use.material_name = material->name;
  use.holder_id = found->content.holder_id;
  use.type_code = found->content.type_code;
  use.department_id = c->department_id.value();
  use.item_id = c->item_id.value();
  use.agreed_by = actor.account_id.value();
  use.at = now;
  auto inserted = tx->licences().InsertUse(use);
  if (!inserted && inserted.error().code() == ErrorCode::kAlreadyExists) {
    return FieldFail("/material", "licence_use.exists",
                     "a licence is already used for this material");
  }
  ZT_RETURN_IF_ERROR(inserted);
  auto e = LicenceEvent(now, "licence.used", "licence", use.licence_id, actor, ctx);
  e.details.push_back({"case_id", use.case_id});
  e.details.push_back({"receipt_no", use.receipt_no});
  e.details.push_back({"material", use.material_name});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_RETURN_IF_ERROR(tx->Commit());
  LicenceUseView view;
  view.use = std::move(use);
  LicenceView lv;
  lv.document = DocumentOf(*found);
  lv.record = std::move(*found);
  view.licence = std::move(lv);
  view.verdict = report.verdict;
  return view;
}

Result<std::vector<LicenceUseView>> LicenceService::UsesOfCase(const accounts::Actor& actor,
                                                               const CaseId& case_id,
                                                               const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto c, tx->FindCase(case_id));
  // As ApplicationService::CanRead: the 12345 roles do not read application files (AZ-01).
  bool handles_applications =
      accounts::IsDepartmentalRole(actor.role) || actor.role == accounts::Role::kBureauManager;
  bool visible =
      c && (actor.role == accounts::Role::kCitizen
                ? !c->applicant_account.empty() && c->applicant_account == actor.account_id
                : handles_applications &&
                      accounts::CanSeeDepartmentRecord(actor, c->region_code, c->department_id));
  if (!visible) {
    return AuditDenied(store_, clock_, actor, "application", case_id.value(), ctx,
                       Fail(ErrorCode::kNotFound, "application.not_found", "no such application"),
                       tx);
  }
  ZT_ASSIGN_OR_RETURN(auto uses, tx->licences().ListUsesByCase(case_id.value()));
  ZT_ASSIGN_OR_RETURN(auto keys, tx->licences().ListKeys());
  std::vector<PublishedKey> published;
  for (const auto& k : keys) published.push_back(Publish(k));
  Date today = CivilDateCst(clock_.Now());
  std::vector<LicenceUseView> out;
  for (auto& u : uses) {
    LicenceUseView v;
    ZT_ASSIGN_OR_RETURN(auto found, tx->licences().FindLicence(u.licence_id));
    if (found) {
      v.verdict =
          VerifyDocument(signer_, crypto_, DocumentOf(*found), published, found->status, today)
              .verdict;
      LicenceView lv;
      lv.document = DocumentOf(*found);
      lv.record = std::move(*found);
      v.licence = std::move(lv);
    } else {
      v.verdict.reasons = {"verify.key_unknown"};
    }
    v.use = std::move(u);
    out.push_back(std::move(v));
  }
  return out;
}

Result<std::vector<LicenceUse>> LicenceService::MyUses(const accounts::Actor& actor) {
  if (actor.role != accounts::Role::kCitizen || actor.id_number.empty()) {
    return Fail(ErrorCode::kPermissionDenied, "licence_use.holder_only",
                "holders see the uses of their licences");
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto uses, tx->licences().ListUsesByHolder(actor.id_number));
  // And the uses of the licences of the organisations the citizen acts for now.
  ZT_ASSIGN_OR_RETURN(auto links, tx->licences().ListRepresentatives(actor.id_number, ""));
  std::set<std::string> organisations;
  for (const auto& l : links) {
    ZT_ASSIGN_OR_RETURN(bool current, Represents(*tx, actor.id_number, l.credit_code));
    if (current) organisations.insert(l.credit_code);
  }
  for (const auto& code : organisations) {
    ZT_ASSIGN_OR_RETURN(auto theirs, tx->licences().ListUsesByHolder(code));
    uses.insert(uses.end(), theirs.begin(), theirs.end());
  }
  std::stable_sort(uses.begin(), uses.end(),
                   [](const LicenceUse& a, const LicenceUse& b) { return a.at > b.at; });
  return uses;
}

// ---- indicators --------------------------------------------------------------------------

Result<std::vector<Indicator>> LicenceService::Indicators(const accounts::Actor& actor, Date from,
                                                          Date to) {
  if (actor.role != accounts::Role::kBureauManager) {
    return Fail(ErrorCode::kPermissionDenied, "stats.not_allowed",
                "licence figures are for bureau managers");
  }
  if (to < from) return FieldFail("to", "stats.period", "the period ends before it starts");
  // [from 00:00 CST, to + 1 day 00:00 CST)
  auto start_of = [](Date d) {
    return Instant(
        std::chrono::duration_cast<std::chrono::milliseconds>(d.sys_days().time_since_epoch()) -
        std::chrono::hours(8));
  };
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto types, tx->licences().ListTypes(""));
  ZT_ASSIGN_OR_RETURN(auto counts,
                      tx->licences().CountByType(start_of(from), start_of(to.AddDays(1))));
  ZT_ASSIGN_OR_RETURN(auto uses, tx->licences().ListAllUses());
  std::map<std::string, service::LicenceTypeCounts> by_type;
  for (const auto& c : counts) by_type[c.type_code] = c;
  std::set<std::string> onboard;
  std::int64_t opened = 0, issued_types = 0, total = 0, in_period = 0, historical = 0, declared = 0;
  for (const auto& t : types) {
    if (t.opened) ++opened;
    auto it = by_type.find(t.code);
    std::int64_t n = it == by_type.end() ? 0 : it->second.issued;
    if (n > 0) {
      ++issued_types;
      onboard.insert(t.department_id);
    }
    if (t.historical_declared > 0) {
      declared += t.historical_declared;
      historical +=
          it == by_type.end() ? 0 : std::min(it->second.historical, t.historical_declared);
    }
  }
  for (const auto& c : counts) {
    total += c.issued;
    in_period += c.issued_in_period;
  }
  // 用证率 and 免提交: published items whose materials name a licence type.
  ItemQuery iq;
  iq.status = catalog::ItemStatus::kPublished;
  iq.limit = 10000;
  ZT_ASSIGN_OR_RETURN(auto items, tx->ListItems(iq));
  std::map<std::string, int> replaceable_by_item;  // item id -> replaceable required materials
  std::map<std::string, int> required_by_item;
  for (const auto& item : items.items) {
    for (const auto& m : item.materials) {
      if (!m.required) continue;
      required_by_item[item.id.value()] += 1;
      if (!m.licence_type_code.empty()) replaceable_by_item[item.id.value()] += 1;
    }
  }
  std::set<std::string> items_using;
  for (const auto& u : uses) {
    if (replaceable_by_item.contains(u.item_id)) items_using.insert(u.item_id);
  }
  // Required materials of the cases filed for items with a replaceable material.
  std::int64_t required_materials = 0;
  CaseQuery cq;
  cq.limit = 1000;
  for (cq.offset = 0;; cq.offset += cq.limit) {
    ZT_ASSIGN_OR_RETURN(auto page, tx->ListCases(cq));
    for (const auto& c : page.items) {
      auto it = required_by_item.find(c.item_id.value());
      if (it != required_by_item.end() && replaceable_by_item.contains(c.item_id.value())) {
        required_materials += it->second;
      }
    }
    if (page.items.size() < static_cast<std::size_t>(cq.limit)) break;
  }
  auto count = [](std::string key, std::string name, std::int64_t n, std::string formula) {
    return Indicator{
        std::move(key),    std::move(name), static_cast<double>(n), static_cast<double>(n), 1,
        std::move(formula)};
  };
  auto rate = [](std::string key, std::string name, std::int64_t n, std::int64_t d,
                 std::string formula) {
    return Indicator{
        std::move(key),    std::move(name), PercentHalfUp(n, d), static_cast<double>(n), d,
        std::move(formula)};
  };
  std::vector<Indicator> out;
  out.push_back(count("licence.departments_onboard", "进驻部门数",
                      static_cast<std::int64_t>(onboard.size()),
                      "departments with at least one licence type that has issued a licence"));
  out.push_back(count("licence.types_listed", "证照目录数", static_cast<std::int64_t>(types.size()),
                      "licence types in the catalogue"));
  out.push_back(count("licence.types_opened", "已开通证照类型数", opened,
                      "licence types opened for issuing"));
  out.push_back(count("licence.types_issued", "已签发证照类型数", issued_types,
                      "licence types with at least one licence"));
  out.push_back(count("licence.issued_in_period", "期间签发量", in_period,
                      "licences signed in the period (issued_at, CST days, both ends included)"));
  out.push_back(
      count("licence.issued_total", "累计签发量", total, "every licence in the register"));
  out.push_back(rate("licence.entry_rate", "入库率", historical, declared,
                     "historical licences entered ÷ historical licences declared, over types "
                     "that declare a stock (each type's entered count capped at its declared)"));
  out.push_back(rate("licence.use_rate", "用证率", static_cast<std::int64_t>(items_using.size()),
                     static_cast<std::int64_t>(replaceable_by_item.size()),
                     "published items with at least one application that used an electronic "
                     "licence ÷ published items with a material replaceable by a licence"));
  out.push_back(rate("licence.no_submission_share", "免提交率",
                     static_cast<std::int64_t>(uses.size()), required_materials,
                     "materials satisfied by an electronic licence ÷ required materials of the "
                     "applications for items with a replaceable material"));
  return out;
}

}  // namespace zt::service
