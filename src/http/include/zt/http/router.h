// File: router.h
//
// Maps (method, path) to a handler, with "{name}" path parameters, and runs a middleware
// chain around the matched handler. Handlers and middleware return zt::Result<Response>:
// an Error is rendered as problem+json by Problem() (problem.h), so handlers can use
// ZT_RETURN_IF_ERROR / ZT_ASSIGN_OR_RETURN directly.
//
//   Router router;
//   router.Use([](Request& req, const Next& next) -> zt::Result<Response> {
//     if (!LoggedIn(req)) return zt::Fail(zt::ErrorCode::kUnauthenticated, "auth.required");
//     return next(req);
//   });
//   router.Get("/api/v1/items/{id}", [&](Request& req) -> zt::Result<Response> { ... });
//
// Registration (Add, Use) is not thread-safe and must finish before the server starts;
// afterwards Handle/Resolve/routes are const and safe to call from many threads.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"
#include "zt/http/request.h"

namespace zt::http {

// A route handler. Returning an Error produces the matching problem+json response.
using Handler = std::function<zt::Result<Response>(Request&)>;
// The rest of the chain (later middleware, then the handler). Always yields a Response:
// errors and exceptions from inner layers are already rendered.
using Next = std::function<Response(Request&)>;
// A middleware: inspect or modify the request, call `next(req)` to continue (and
// possibly adjust its Response), or answer on its own (a Response or an Error).
using Middleware = std::function<zt::Result<Response>(Request&, const Next&)>;

// One registered route, as listed by Router::routes().
struct RouteInfo {
  std::string method;   // "GET"
  std::string pattern;  // "/api/v1/items/{id}"
  friend bool operator==(const RouteInfo&, const RouteInfo&) = default;
};

// The outcome of matching a request line, without running anything.
enum class RouteMatch {
  kFound,             // a route has this method and path (HEAD falls back to GET)
  kMethodNotAllowed,  // the path matches, but no route for this method (405)
  kNotFound,          // no route matches the path (404)
};

class Router {
 public:
  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  // Registers `handler` for `method` ("GET", "POST", ...) and `pattern`: an absolute path
  // whose segments are literals or "{name}" parameters matching one whole non-empty
  // segment. Literal segments win over parameters when both match. Registering the same
  // (method, pattern) twice replaces the earlier handler. Not thread-safe.
  void Add(std::string_view method, std::string_view pattern, Handler handler);
  void Get(std::string_view pattern, Handler handler) { Add("GET", pattern, std::move(handler)); }
  void Post(std::string_view pattern, Handler handler) { Add("POST", pattern, std::move(handler)); }
  void Put(std::string_view pattern, Handler handler) { Add("PUT", pattern, std::move(handler)); }
  void Patch(std::string_view pattern, Handler handler) {
    Add("PATCH", pattern, std::move(handler));
  }
  void Delete(std::string_view pattern, Handler handler) {
    Add("DELETE", pattern, std::move(handler));
  }

  // Appends a middleware; the first registered runs outermost. Middleware runs only for
  // requests that matched a route (after path parameters and route_pattern() are set), so
  // 404/405 answers never reach authentication. Not thread-safe.
  void Use(Middleware middleware);

  // Every registered route in registration order. Thread-safe after registration.
  std::vector<RouteInfo> routes() const;

  // Classifies `method` + `path` (percent-encoded, no query). Thread-safe.
  RouteMatch Resolve(std::string_view method, std::string_view path) const;

  // Routes `req`: sets its path parameters and route pattern, runs the middleware chain
  // and the handler, and returns the response. Never throws: an unknown path yields a 404
  // problem ("route.not_found"), a wrong method a 405 problem with an Allow header
  // ("method.not_allowed"), an Error its problem, and an exception from a handler or
  // middleware is logged (with the request id) and answered by a generic 500 problem.
  // Thread-safe after registration.
  Response Handle(Request& req) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zt::http
