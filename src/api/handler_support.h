// Private to the api module: what every handler uses to read a request (the logged-in
// principal, If-Match, paging) and to shape a response. Handlers of one area live in
// <area>_routes.cc and are added by a Register<Area>Routes function (routes.h).
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "zt/accounts/roles.h"
#include "zt/core/error.h"
#include "zt/http/request.h"
#include "zt/service/account_service.h"

namespace zt::api {

inline constexpr std::size_t kMaxIdempotencyKey = 128;

// What the authentication middleware attaches to a request.
struct Principal {
  service::Session session;
  std::string token;
};

bool IsMutating(std::string_view method);

service::RequestContext ContextOf(const http::Request& req);

// The logged-in principal, or kUnauthenticated "auth.login_required".
Result<const Principal*> RequireLogin(const http::Request& req);

// The caller's actor when logged in (anonymous callers get nullopt).
std::optional<accounts::Actor> OptionalActor(const http::Request& req);

// If-Match: "3", W/"3" or 3. Mutations of an existing record require it.
Result<std::int64_t> IfMatchVersion(const http::Request& req);

std::string ETag(std::int64_t version);

// ?page=&page_size= as {offset, limit}; page from 1, page_size 1..100 (default 20).
Result<std::pair<int, int>> Paging(const http::Request& req);

// A query parameter, or "" when absent.
std::string QueryOr(const http::Request& req, std::string_view name);

http::Response JsonWithETag(int status, boost::json::object body, std::int64_t version);

}  // namespace zt::api
