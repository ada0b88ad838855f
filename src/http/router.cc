#include "zt/http/router.h"

#include <algorithm>
#include <exception>
#include <set>

#include "internal.h"
#include "zt/core/text.h"
#include "zt/http/problem.h"

namespace zt::http {
namespace {

struct Segment {
  std::string text;  // literal text, or the parameter name
  bool is_param = false;
};

struct Route {
  std::string method;
  std::string pattern;
  std::vector<Segment> segments;
  Handler handler;
};

// Splits "/a/b" into {"a", "b"}; "/" into {}. Empty inner segments are kept ("/a//b").
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path.front() != '/') return out;
  path.remove_prefix(1);
  if (path.empty()) return out;
  while (true) {
    std::size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

// Whether `route` matches the decoded `segments`; fills `params` when it does.
bool Matches(const Route& route, const std::vector<std::string>& segments,
             std::vector<std::pair<std::string, std::string>>* params) {
  if (route.segments.size() != segments.size()) return false;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const Segment& s = route.segments[i];
    if (s.is_param) {
      if (segments[i].empty()) return false;
    } else if (s.text != segments[i]) {
      return false;
    }
  }
  if (params) {
    params->clear();
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (route.segments[i].is_param) params->emplace_back(route.segments[i].text, segments[i]);
    }
  }
  return true;
}

// Literal segments beat parameters, compared left to right.
bool MoreSpecific(const Route& a, const Route& b) {
  for (std::size_t i = 0; i < a.segments.size() && i < b.segments.size(); ++i) {
    if (a.segments[i].is_param != b.segments[i].is_param) return !a.segments[i].is_param;
  }
  return false;
}

Response InternalErrorResponse(const Request& req) {
  return Problem(zt::Error(zt::ErrorCode::kInternal, "internal"), req);
}

}  // namespace

struct Router::Impl {
  std::vector<Route> routes;
  std::vector<Middleware> middleware;

  struct Lookup {
    RouteMatch match = RouteMatch::kNotFound;
    const Route* route = nullptr;
    std::vector<std::pair<std::string, std::string>> params;
    std::set<std::string> allowed;
  };

  Lookup Find(std::string_view method, std::string_view path) const {
    Lookup result;
    std::vector<std::string> segments;
    for (std::string_view raw : SplitPath(path)) {
      auto decoded = PercentDecode(raw);
      // A malformed escape, or a segment that is not UTF-8 text (ids and codes always are),
      // matches nothing: 404 on every store, never a driver error.
      if (!decoded || !zt::IsValidUtf8(*decoded) || decoded->find('\0') != std::string::npos) {
        return result;
      }
      segments.push_back(std::move(*decoded));
    }
    if (path.empty() || path.front() != '/') return result;
    const Route* best = nullptr;
    const Route* best_get = nullptr;
    for (const Route& r : routes) {
      if (!Matches(r, segments, nullptr)) continue;
      result.allowed.insert(r.method);
      if (r.method == "GET") result.allowed.insert("HEAD");
      if (r.method == method && (!best || MoreSpecific(r, *best))) best = &r;
      if (r.method == "GET" && (!best_get || MoreSpecific(r, *best_get))) best_get = &r;
    }
    if (!best && method == "HEAD") best = best_get;
    if (best) {
      result.match = RouteMatch::kFound;
      result.route = best;
      Matches(*best, segments, &result.params);
    } else if (!result.allowed.empty()) {
      result.match = RouteMatch::kMethodNotAllowed;
    }
    return result;
  }

  // Runs middleware[index..] and then the handler; never throws.
  Response Run(std::size_t index, Request& req, const Handler& handler) const {
    try {
      zt::Result<Response> result;
      if (index < middleware.size()) {
        Next next = [this, index, &handler](Request& r) { return Run(index + 1, r, handler); };
        result = middleware[index](req, next);
      } else {
        result = handler(req);
      }
      if (!result) return Problem(result.error(), req);
      return std::move(*result);
    } catch (const std::exception& e) {
      internal::LogEvent(internal::LogLevel::kError, {{"msg", "handler threw"},
                                                      {"request_id", req.request_id()},
                                                      {"method", req.method()},
                                                      {"route", req.route_pattern()},
                                                      {"exception", e.what()}});
    } catch (...) {
      internal::LogEvent(internal::LogLevel::kError, {{"msg", "handler threw a non-exception"},
                                                      {"request_id", req.request_id()},
                                                      {"method", req.method()},
                                                      {"route", req.route_pattern()}});
    }
    return InternalErrorResponse(req);
  }
};

Router::Router() : impl_(std::make_unique<Impl>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

void Router::Add(std::string_view method, std::string_view pattern, Handler handler) {
  Route route;
  route.method = std::string(method);
  route.pattern = std::string(pattern);
  for (std::string_view s : SplitPath(pattern)) {
    if (s.size() >= 2 && s.front() == '{' && s.back() == '}') {
      route.segments.push_back({std::string(s.substr(1, s.size() - 2)), true});
    } else {
      route.segments.push_back({std::string(s), false});
    }
  }
  route.handler = std::move(handler);
  for (Route& r : impl_->routes) {
    if (r.method == route.method && r.pattern == route.pattern) {
      r = std::move(route);
      return;
    }
  }
  impl_->routes.push_back(std::move(route));
}

void Router::Use(Middleware middleware) { impl_->middleware.push_back(std::move(middleware)); }

std::vector<RouteInfo> Router::routes() const {
  std::vector<RouteInfo> out;
  out.reserve(impl_->routes.size());
  for (const Route& r : impl_->routes) out.push_back({r.method, r.pattern});
  return out;
}

RouteMatch Router::Resolve(std::string_view method, std::string_view path) const {
  return impl_->Find(method, path).match;
}

Response Router::Handle(Request& req) const {
  Impl::Lookup found = impl_->Find(req.method(), req.path());
  switch (found.match) {
    case RouteMatch::kNotFound:
      return Problem(
          zt::Error(zt::ErrorCode::kNotFound, "route.not_found", "No resource at this path."), req);
    case RouteMatch::kMethodNotAllowed: {
      std::string allow;
      for (const std::string& m : found.allowed) {
        if (!allow.empty()) allow += ", ";
        allow += m;
      }
      Response res = Problem(zt::Error(zt::ErrorCode::kInvalidArgument, "method.not_allowed",
                                       "Allowed methods: " + allow + "."),
                             req);
      res.SetHeader("Allow", allow);
      return res;
    }
    case RouteMatch::kFound:
      break;
  }
  // Query values are text: one that is not UTF-8 or holds NUL is refused here, once, so no
  // handler or store ever sees it (PostgreSQL would reject it, SQLite would store it).
  for (const auto& [name, value] : req.query_params()) {
    if (!zt::IsValidUtf8(name) || !zt::IsValidUtf8(value) || name.find('\0') != std::string::npos ||
        value.find('\0') != std::string::npos) {
      return Problem(zt::Error(zt::ErrorCode::kInvalidArgument, "query.encoding",
                               "Query parameters must be UTF-8 text without NUL.",
                               {{"query", "query.encoding", "not UTF-8 text"}}),
                     req);
    }
  }
  req.set_route(found.route->pattern, std::move(found.params));
  return impl_->Run(0, req, found.route->handler);
}

}  // namespace zt::http
