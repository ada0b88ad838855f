#include "zt/service/personal_data_service.h"

#include "zt/core/text.h"
#include "zt/service/audit.h"
#include "zt/service/hotline_store.h"

namespace zt::service {
namespace {

// True when `text` holds nothing but ASCII whitespace and ideographic spaces (U+3000).
bool IsBlank(std::string_view text) {
  while (!text.empty()) {
    if (text.front() == ' ' || text.front() == '\t' || text.front() == '\r' ||
        text.front() == '\n') {
      text.remove_prefix(1);
    } else if (text.starts_with("\u3000")) {
      text.remove_prefix(3);
    } else {
      return false;
    }
  }
  return true;
}

Status CheckReason(std::string_view reason) {
  if (IsBlank(reason)) {
    return FieldFail("/reason", "personal_data.reason_required",
                     "state why the plain numbers are needed");
  }
  if (Utf8Length(reason) > kMaxUnmaskReasonLength) {
    return FieldFail("/reason", "personal_data.reason_too_long",
                     "the reason is limited to 500 characters");
  }
  return Ok();
}

EventDraft UnmaskedEvent(Instant at, const accounts::Actor& actor, std::string object_type,
                         std::string object_id, std::string_view reason, std::string fields,
                         const RequestContext& ctx) {
  EventDraft e;
  e.at = at;
  e.action = "personal_data.unmasked";
  e.object_type = std::move(object_type);
  e.object_id = std::move(object_id);
  e.actor_id = actor.account_id;
  e.actor_role = std::string(accounts::RoleName(actor.role));
  e.actor_region = actor.region_code;
  e.request_id = ctx.request_id;
  e.source_ip = ctx.source_ip;
  e.result = "ok";
  e.details.push_back({"reason", std::string(reason)});
  e.details.push_back({"fields", std::move(fields)});
  return e;
}

}  // namespace

Result<UnmaskedCaller> PersonalDataService::UnmaskCaller(const accounts::Actor& actor,
                                                         const CaseId& id, std::string_view reason,
                                                         const RequestContext& ctx) {
  ZT_RETURN_IF_ERROR(CheckReason(reason));
  constexpr const char* kOrder = "hotline_order";
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->hotline().FindOrder(id));
  // Seen as HotlineService::Get sees it: inside the actor's region and department.
  if (!found ||
      !accounts::CanSeeDepartmentRecord(actor, found->region_code, found->department_id)) {
    return AuditDenied(store_, clock_, actor, kOrder, id.value(), ctx,
                       Fail(ErrorCode::kNotFound, "hotline.not_found", "no such work order"), tx);
  }
  bool centre = actor.role == accounts::Role::kHotlineAgent ||
                actor.role == accounts::Role::kHotlineSupervisor;
  if (!centre && !MayUnmask(actor.role)) {
    return AuditDenied(store_, clock_, actor, kOrder, id.value(), ctx,
                       Fail(ErrorCode::kPermissionDenied, "personal_data.unmask_not_allowed",
                            "this role may not see plain ID or mobile numbers"),
                       tx);
  }
  if (!centre && found->confidential) {
    return AuditDenied(store_, clock_, actor, kOrder, id.value(), ctx,
                       Fail(ErrorCode::kPermissionDenied, "personal_data.confidential_caller",
                            "the caller asked to stay anonymous to the department"),
                       tx);
  }
  ZT_RETURN_IF_ERROR(tx->AppendEvent(UnmaskedEvent(clock_.Now(), actor, kOrder, id.value(), reason,
                                                   "caller_name,caller_phone", ctx)));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return UnmaskedCaller{found->caller_name, found->caller_phone};
}

bool PersonalDataService::MayUnmask(accounts::Role role) {
  return role == accounts::Role::kWindowClerk || role == accounts::Role::kReviewer ||
         role == accounts::Role::kDepartmentAdmin;
}

Result<UnmaskedNumbers> PersonalDataService::UnmaskApplicant(const accounts::Actor& actor,
                                                             const CaseId& id,
                                                             std::string_view reason,
                                                             const RequestContext& ctx) {
  if (IsBlank(reason)) {
    return FieldFail("/reason", "personal_data.reason_required",
                     "state why the plain numbers are needed");
  }
  if (Utf8Length(reason) > kMaxUnmaskReasonLength) {
    return FieldFail("/reason", "personal_data.reason_too_long",
                     "the reason is limited to 500 characters");
  }
  auto not_found = [] {
    return Fail(ErrorCode::kNotFound, "application.not_found", "no such application");
  };
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindCase(id));
  bool visible =
      found &&
      (accounts::IsDepartmentalRole(actor.role) || actor.role == accounts::Role::kBureauManager) &&
      accounts::CanSeeDepartmentRecord(actor, found->region_code, found->department_id);
  if (!visible)
    return AuditDenied(store_, clock_, actor, "application", id.value(), ctx, not_found(), tx);
  if (!MayUnmask(actor.role)) {
    return AuditDenied(store_, clock_, actor, "application", id.value(), ctx,
                       Fail(ErrorCode::kPermissionDenied, "personal_data.unmask_not_allowed",
                            "this role may not see plain ID or mobile numbers"),
                       tx);
  }
  EventDraft e;
  e.at = clock_.Now();
  e.action = "personal_data.unmasked";
  e.object_type = "application";
  e.object_id = id.value();
  e.actor_id = actor.account_id;
  e.actor_role = std::string(accounts::RoleName(actor.role));
  e.actor_region = actor.region_code;
  e.request_id = ctx.request_id;
  e.source_ip = ctx.source_ip;
  e.result = "ok";
  e.details.push_back({"reason", std::string(reason)});
  e.details.push_back({"fields", "applicant_id_number,applicant_phone"});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return UnmaskedNumbers{found->applicant_id_number, found->applicant_phone};
}

}  // namespace zt::service
