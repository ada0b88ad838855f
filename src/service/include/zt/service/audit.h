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
#include <string_view>

#include "zt/accounts/roles.h"
#include "zt/core/error.h"
#include "zt/core/time.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::service {

// Whether `error` is a refusal for role or scope (kPermissionDenied or kNotFound).
bool IsAccessDenial(const Error& error);

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

}  // namespace zt::service
