// File: audit.h
//
// Audit of refused access (OWASP ASVS 7.2.2, 等保 8.1.4.3): when a service refuses an actor
// for role or scope (kPermissionDenied, or kNotFound because the record lies outside the
// actor's scope), an `access.denied` event is appended in a transaction of its own, so the
// refusal is recorded although the request's own transaction writes nothing.
//
//   if (!found || !CanRead(actor, *found)) {
//     return AuditDenied(store_, clock_, actor, "application", id.value(), ctx, NotFound(), tx);
//   }
//
// The event carries actor, role, region, object, result "denied", request id, source
// address and the refusal's message key; never the request's data (no ID numbers).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "zt/accounts/roles.h"
#include "zt/core/error.h"
#include "zt/core/time.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::service {

// The event-log entry of `actor` doing `action` on one object in the request `ctx`: actor,
// role, region, request id and source address filled in, result "ok"; the caller adds the
// details.
inline EventDraft ActorEvent(Instant at, std::string action, std::string object_type,
                             std::string object_id, const accounts::Actor& actor,
                             const RequestContext& ctx) {
  EventDraft e;
  e.at = at;
  e.action = std::move(action);
  e.object_type = std::move(object_type);
  e.object_id = std::move(object_id);
  e.actor_id = actor.account_id;
  e.actor_role = std::string(accounts::RoleName(actor.role));
  e.actor_region = actor.region_code;
  e.request_id = ctx.request_id;
  e.source_ip = ctx.source_ip;
  return e;
}

// Whether `error` is a refusal for role or scope (kPermissionDenied or kNotFound).
bool IsAccessDenial(const Error& error);

// Whether an event records a refusal (access.denied, request.refused) rather than a step of
// the record's handling: such events are for the audit search, not for the step list shown to
// everyone who may read the record (it would tell them who was turned away).
inline bool IsRefusalRecord(std::string_view action) {
  return action == "access.denied" || action == "request.refused";
}

// Rolls back `open` (the caller's transaction, which would otherwise hold the write lock),
// appends an access.denied event for `error` if IsAccessDenial(error), and returns `error`
// unchanged: the refusal stands even if the event cannot be written (fail secure); such a
// write failure is not reported to the caller.
std::unexpected<Error> AuditDenied(Store& store, const Clock& clock, const accounts::Actor& actor,
                                   std::string_view object_type, std::string_view object_id,
                                   const RequestContext& ctx, std::unexpected<Error> error,
                                   std::unique_ptr<UnitOfWork>& open);
// As above for callers holding no transaction.
std::unexpected<Error> AuditDenied(Store& store, const Clock& clock, const accounts::Actor& actor,
                                   std::string_view object_type, std::string_view object_id,
                                   const RequestContext& ctx, std::unexpected<Error> error);

// A state-changing request that ended in an error (AUD-01), as the api layer saw it.
struct RefusedRequest {
  std::string operation;  // the route: "POST /api/v1/items/{id}/publish"
  std::string path;       // the request's own path (percent-encoded)
  int status = 0;         // the HTTP status answered
  std::string reason;     // the problem's message key, "" when none
};

// AUD-01: every state-changing request by a logged-in actor leaves exactly one record. When
// the request ended in an error and left none (bad input, a stale version, a refusal in the
// api layer such as CSRF), appends `request.refused` (result "denied" for 403/404, else
// "failed"; object: the request's path; details: operation, status, reason) in a transaction
// of its own. Returns whether it appended one.
Result<bool> RecordUnauditedRefusal(Store& store, const Clock& clock, const accounts::Actor& actor,
                                    const RefusedRequest& request, const RequestContext& ctx);

}  // namespace zt::service
