#include "zt/service/audit.h"

#include <algorithm>

#include "zt/service/audit_store.h"

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

Result<bool> RecordUnauditedRefusal(Store& store, const Clock& clock, const accounts::Actor& actor,
                                    const RefusedRequest& request, const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
  if (!ctx.request_id.empty()) {
    ZT_ASSIGN_OR_RETURN(auto written, tx->audit().EventsOfRequest(ctx.request_id));
    if (!written.empty()) return false;
  }
  // A path is at most the 16 KiB of a request head; the record keeps its first 512 bytes.
  constexpr std::size_t kMaxPath = 512;
  EventDraft e;
  e.at = clock.Now();
  e.action = "request.refused";
  e.object_type = "request";
  std::size_t keep = std::min(request.path.size(), kMaxPath);
  while (keep < request.path.size() && keep > 0 &&
         (static_cast<unsigned char>(request.path[keep]) & 0xC0) == 0x80) {
    --keep;  // never cut a UTF-8 sequence
  }
  e.object_id = request.path.substr(0, keep);
  e.actor_id = actor.account_id;
  e.actor_role = std::string(accounts::RoleName(actor.role));
  e.actor_region = actor.region_code;
  e.request_id = ctx.request_id;
  e.source_ip = ctx.source_ip;
  e.result = request.status == 403 || request.status == 404 ? "denied" : "failed";
  e.details.push_back({"operation", request.operation});
  e.details.push_back({"status", std::to_string(request.status)});
  e.details.push_back({"reason", request.reason});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return true;
}

}  // namespace zt::service
