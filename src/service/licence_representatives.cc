// Who acts for an organisation (docs/licences.md "Representatives"). An organisation has no
// login of its own: staff who checked the business licence or a letter of authorisation
// record that a person — named by ID number, so the citizen account with that number — is its
// legal representative (法定代表人) or an authorised agent. While the link holds, that person
// sees the organisation's licences in their wallet and may use them in an application filed for
// the organisation (免提交).
#include <algorithm>

#include "zt/core/credit_code.h"
#include "zt/core/id_number.h"
#include "zt/core/text.h"
#include "zt/service/audit.h"
#include "zt/service/catalog_service.h"
#include "zt/service/licence_service.h"

namespace zt::service {
namespace {

constexpr std::string_view kLegalRepresentative = "legal_representative";
constexpr std::string_view kAgent = "agent";

auto RepresentativeNotFound() {
  return Fail(ErrorCode::kNotFound, "representative.not_found", "no such representative");
}

bool IsRecordingStaff(const accounts::Actor& a) {
  return a.role == accounts::Role::kWindowClerk || a.role == accounts::Role::kDepartmentAdmin;
}

bool TextOk(std::string_view text, std::size_t max) {
  std::size_t n = Utf8Length(text);
  return n >= 1 && n <= max && licence::IsLineSafe(text);
}

// Every field error of a new link at once; canonicalises the codes in place.
Status ValidateLink(OrganisationRepresentative& link, Date today) {
  std::vector<FieldError> errors;
  auto code = CreditCode::Parse(link.credit_code);
  if (code) {
    link.credit_code = code->value();
  } else {
    errors.push_back({"/credit_code", "representative.credit_code",
                      "the organisation's 统一社会信用代码 is not valid"});
  }
  auto person = IdNumber::Parse(link.id_number, today);
  if (person) {
    link.id_number = person->value();
  } else {
    errors.push_back(
        {"/id_number", "representative.id_number", "the person's ID number is not valid"});
  }
  if (!TextOk(link.organisation_name, 100)) {
    errors.push_back({"/organisation_name", "representative.organisation_name",
                      "an organisation name needs 1 to 100 characters"});
  }
  if (!TextOk(link.person_name, 50)) {
    errors.push_back(
        {"/person_name", "representative.person_name", "a name needs 1 to 50 characters"});
  }
  if (link.capacity != kLegalRepresentative && link.capacity != kAgent) {
    errors.push_back(
        {"/capacity", "representative.capacity", "the capacity is legal_representative or agent"});
  }
  if (!TextOk(link.evidence, 200)) {
    errors.push_back({"/evidence", "representative.evidence",
                      "name the evidence checked (1 to 200 characters)"});
  }
  if (link.valid_until && *link.valid_until < today) {
    errors.push_back(
        {"/valid_until", "representative.valid_until", "the last valid day has passed"});
  }
  if (errors.empty()) return Ok();
  std::string key = errors.front().key;
  return Fail(ErrorCode::kInvalidArgument, key, "the representative has invalid fields",
              std::move(errors));
}

EventDraft RepresentativeEvent(Instant at, std::string action, const OrganisationRepresentative& r,
                               const accounts::Actor& actor, const RequestContext& ctx) {
  EventDraft e = ActorEvent(at, std::move(action), "organisation_representative", r.id, actor, ctx);
  // The organisation and the capacity; never the person's ID number.
  e.details.push_back({"credit_code", r.credit_code});
  e.details.push_back({"capacity", r.capacity});
  return e;
}

bool Current(const OrganisationRepresentative& r, Date today) {
  return !r.ended_at && (!r.valid_until || today <= *r.valid_until);
}

}  // namespace

Result<bool> LicenceService::Represents(UnitOfWork& tx, std::string_view id_number,
                                        std::string_view credit_code) const {
  if (id_number.empty() || credit_code.empty()) return false;
  ZT_ASSIGN_OR_RETURN(auto links, tx.licences().ListRepresentatives(id_number, credit_code));
  Date today = CivilDateCst(clock_.Now());
  return std::any_of(links.begin(), links.end(),
                     [&](const OrganisationRepresentative& r) { return Current(r, today); });
}

Result<OrganisationRepresentative> LicenceService::RecordRepresentative(
    const accounts::Actor& actor, OrganisationRepresentative link, const RequestContext& ctx) {
  if (!IsRecordingStaff(actor)) {
    return AuditDenied(store_, clock_, actor, "organisation_representative", link.credit_code, ctx,
                       Fail(ErrorCode::kPermissionDenied, "representative.not_allowed",
                            "window clerks and department administrators record "
                            "representatives"));
  }
  Instant now = clock_.Now();
  ZT_RETURN_IF_ERROR(ValidateLink(link, CivilDateCst(now)));
  link.id = NewId(crypto_, "rep_");
  link.region_code = actor.region_code;
  link.department_id = actor.department_id.value();
  link.recorded_by = actor.account_id.value();
  link.recorded_at = now;
  link.ended_at.reset();
  link.ended_by.clear();
  link.end_reason.clear();
  link.version = 1;
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  auto inserted = tx->licences().InsertRepresentative(link);
  if (!inserted && inserted.error().code() == ErrorCode::kAlreadyExists) {
    return FieldFail("/id_number", "representative.exists",
                     "this person already acts for this organisation");
  }
  ZT_RETURN_IF_ERROR(inserted);
  ZT_RETURN_IF_ERROR(
      tx->AppendEvent(RepresentativeEvent(now, "representative.recorded", link, actor, ctx)));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return link;
}

Result<OrganisationRepresentative> LicenceService::EndRepresentative(const accounts::Actor& actor,
                                                                     std::string_view id,
                                                                     const std::string& reason,
                                                                     std::int64_t if_match,
                                                                     const RequestContext& ctx) {
  if (!TextOk(reason, 500)) {
    return FieldFail("/reason", "representative.end_reason", "a reason needs 1 to 500 characters");
  }
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->licences().FindRepresentative(id));
  if (!found || !IsRecordingStaff(actor) ||
      !accounts::CanSeeDepartmentRecord(actor, found->region_code,
                                        DepartmentId(found->department_id))) {
    return AuditDenied(store_, clock_, actor, "organisation_representative", id, ctx,
                       RepresentativeNotFound(), tx);
  }
  if (found->version != if_match) {
    return Fail(
        ErrorCode::kAborted, "version.stale",
        "the link has changed since it was read (version " + std::to_string(found->version) + ")");
  }
  if (found->ended_at) {
    return Fail(ErrorCode::kFailedPrecondition, "representative.ended", "the link has ended");
  }
  OrganisationRepresentative ended = *found;
  ended.ended_at = now;
  ended.ended_by = actor.account_id.value();
  ended.end_reason = reason;
  ended.version = found->version + 1;
  ZT_RETURN_IF_ERROR(tx->licences().EndRepresentative(ended, found->version));
  ZT_RETURN_IF_ERROR(
      tx->AppendEvent(RepresentativeEvent(now, "representative.ended", ended, actor, ctx)));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return ended;
}

Result<std::vector<OrganisationRepresentative>> LicenceService::ListRepresentatives(
    const accounts::Actor& actor, std::string_view credit_code) {
  std::string code(credit_code);
  if (auto parsed = CreditCode::Parse(code)) code = parsed->value();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  if (actor.role == accounts::Role::kCitizen) {
    if (actor.id_number.empty()) return std::vector<OrganisationRepresentative>{};
    return tx->licences().ListRepresentatives(actor.id_number, code);
  }
  if (!accounts::IsDepartmentalRole(actor.role) && actor.role != accounts::Role::kBureauManager) {
    return Fail(ErrorCode::kPermissionDenied, "representative.list_not_allowed",
                "citizens and staff list representatives");
  }
  ZT_ASSIGN_OR_RETURN(auto all, tx->licences().ListRepresentatives("", code));
  std::vector<OrganisationRepresentative> out;
  for (auto& r : all) {
    if (accounts::CanSeeDepartmentRecord(actor, r.region_code, DepartmentId(r.department_id))) {
      out.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace zt::service
