#include "zt/service/audit.h"

namespace zt::service {

bool IsAccessDenial(const Error& error) {
  return error.code() == ErrorCode::kPermissionDenied || error.code() == ErrorCode::kNotFound;
}

std::unexpected<Error> AuditDenied(Store& store, const Clock& clock, const accounts::Actor& actor,
                                   std::string_view object_type, std::string_view object_id,
                                   const RequestContext& ctx, std::unexpected<Error> error,
                                   std::unique_ptr<UnitOfWork>& open) {
  open.reset();
  return AuditDenied(store, clock, actor, object_type, object_id, ctx, std::move(error));
}

std::unexpected<Error> AuditDenied(Store& store, const Clock& clock, const accounts::Actor& actor,
                                   std::string_view object_type, std::string_view object_id,
                                   const RequestContext& ctx, std::unexpected<Error> error) {
  if (!IsAccessDenial(error.error())) return error;
  EventDraft e;
  e.at = clock.Now();
  e.action = "access.denied";
  e.object_type = std::string(object_type);
  e.object_id = std::string(object_id);
  e.actor_id = actor.account_id;
  e.actor_role = std::string(accounts::RoleName(actor.role));
  e.actor_region = actor.region_code;
  e.request_id = ctx.request_id;
  e.source_ip = ctx.source_ip;
  e.result = "denied";
  e.details.push_back({"reason", error.error().key()});
  auto tx = store.Begin();
  if (tx && (*tx)->AppendEvent(e)) (void)(*tx)->Commit();
  return error;
}

}  // namespace zt::service
