// AUD-01 (docs/security.md): every state-changing request by a logged-in actor leaves exactly
// one audit record. Services write theirs in the request's transaction; this outermost
// middleware adds `request.refused` for a request that ended in an error without one (bad
// input, a stale version, CSRF or the password-change gate), so no refusal goes unrecorded.

#include <boost/json.hpp>

#include "handler_support.h"
#include "routes.h"
#include "zt/http/problem.h"
#include "zt/service/audit.h"

namespace zt::api {
namespace {

std::string ProblemKey(const http::Response& response) {
  boost::system::error_code ec;
  boost::json::value body = boost::json::parse(response.body(), ec);
  if (ec || !body.is_object()) return "";
  const boost::json::value* key = body.as_object().if_contains("key");
  return key != nullptr && key->is_string() ? std::string(key->as_string()) : "";
}

}  // namespace

void UseAuditTrail(http::Router& router, const ApiDeps& deps,
                   std::function<bool()> writes_allowed) {
  http::RegisterMessages("audit.checkpoint_unavailable",
                         "审计检查点签名暂不可用，暂停受理写操作，查询不受影响。请稍后再试。",
                         "Audit checkpoints cannot be signed at the moment, so changes are "
                         "paused; reading still works. Please try again later.");
  router.Use([&store = deps.store, &clock = deps.clock, writes_allowed = std::move(writes_allowed)](
                 http::Request& req, const http::Next& next) -> Result<http::Response> {
    if (writes_allowed && IsMutating(req.method()) && !writes_allowed()) {
      return Fail(ErrorCode::kUnavailable, "audit.checkpoint_unavailable",
                  "audit checkpoints have failed beyond their grace period; writes are paused");
    }
    http::Response out = next(req);
    if (!IsMutating(req.method()) || out.status() < 400) return out;
    const Principal* p = req.principal<Principal>();
    if (p == nullptr) return out;  // anonymous junk is not recorded (the login records its own)
    service::RefusedRequest refused;
    refused.operation = req.method() + " " + std::string(req.route_pattern());
    refused.path = std::string(req.path());
    refused.status = out.status();
    refused.reason = ProblemKey(out);
    // The answer stands even if the record cannot be written (the store may be down).
    (void)service::RecordUnauditedRefusal(store, clock, p->session.actor, refused, ContextOf(req));
    return out;
  });
}

}  // namespace zt::api
