#include "handler_support.h"

#include <charconv>

namespace zt::api {
namespace json = boost::json;
using http::Request;
using http::Response;

bool IsMutating(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

service::RequestContext ContextOf(const Request& req) {
  return {req.request_id(), req.remote_address()};
}

Result<const Principal*> RequireLogin(const Request& req) {
  const Principal* p = req.principal<Principal>();
  if (p == nullptr) return Fail(ErrorCode::kUnauthenticated, "auth.login_required", "log in first");
  return p;
}

std::optional<accounts::Actor> OptionalActor(const Request& req) {
  const Principal* p = req.principal<Principal>();
  if (p == nullptr) return std::nullopt;
  return p->session.actor;
}

// If-Match: "3", W/"3" or 3. Mutations of an existing record require it.
Result<std::int64_t> IfMatchVersion(const Request& req) {
  auto header = req.header("If-Match");
  if (!header) {
    return Fail(ErrorCode::kPreconditionRequired, "version.if_match_required",
                "send If-Match with the version you read",
                {{"If-Match", "version.if_match_required", "missing"}});
  }
  std::string_view v = *header;
  if (v.starts_with("W/")) v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  std::int64_t version = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), version);
  if (ec != std::errc{} || ptr != v.data() + v.size() || version < 1) {
    return FieldFail("If-Match", "version.if_match_format",
                     "If-Match must be a version like \"3\"");
  }
  return version;
}

std::string ETag(std::int64_t version) { return "\"" + std::to_string(version) + "\""; }

Result<std::pair<int, int>> Paging(const Request& req) {
  int page = 1, size = 20;
  auto parse = [](std::optional<std::string_view> text, int& out, int lo, int hi) {
    if (!text) return true;
    int v = 0;
    auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
    if (ec != std::errc{} || ptr != text->data() + text->size() || v < lo || v > hi) return false;
    out = v;
    return true;
  };
  if (!parse(req.query("page"), page, 1, 1000000)) {
    return FieldFail("page", "query.page", "page must be a whole number from 1");
  }
  if (!parse(req.query("page_size"), size, 1, 100)) {
    return FieldFail("page_size", "query.page", "page_size must be from 1 to 100");
  }
  return std::pair<int, int>{(page - 1) * size, size};
}

std::string QueryOr(const Request& req, std::string_view name) {
  auto v = req.query(name);
  return v ? std::string(*v) : std::string();
}

Response JsonWithETag(int status, json::object body, std::int64_t version) {
  Response r = Response::Json(status, body);
  r.SetHeader("ETag", ETag(version));
  return r;
}

}  // namespace zt::api
