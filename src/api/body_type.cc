#include "body_type.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "handler_support.h"

namespace zt::api {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool TakesRawBody(std::string_view pattern) {
  if (pattern.starts_with("/open311/")) return true;
  std::string_view last = pattern.substr(pattern.rfind('/') + 1);
  return last == "materials" || last.starts_with("import");
}

bool IsJsonMediaType(std::string_view content_type) {
  const std::string value = Lower(content_type);
  std::string_view rest = value;
  std::size_t semicolon = rest.find(';');
  std::string_view type = Trim(rest.substr(0, semicolon));
  if (type != "application/json" &&
      !(type.starts_with("application/") && type.ends_with("+json"))) {
    return false;
  }
  while (semicolon != std::string_view::npos) {
    rest.remove_prefix(semicolon + 1);
    semicolon = rest.find(';');
    std::string_view param = Trim(rest.substr(0, semicolon));
    if (param.empty()) continue;
    std::size_t eq = param.find('=');
    if (eq == std::string_view::npos) return false;
    if (Trim(param.substr(0, eq)) != "charset") continue;
    std::string_view charset = Trim(param.substr(eq + 1));
    if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"') {
      charset = charset.substr(1, charset.size() - 2);
    }
    if (charset != "utf-8" && charset != "utf8") return false;
  }
  return true;
}

Result<http::Response> RequireJsonBodyType(http::Request& req, const http::Next& next) {
  if (req.body().empty() || !IsMutating(req.method()) || !req.path().starts_with("/api/") ||
      TakesRawBody(req.route_pattern())) {
    return next(req);
  }
  // ASVS 13.1.5: a body without Content-Type is refused like any other type, so no reader
  // has to guess what the bytes are.
  auto type = req.header("Content-Type");
  if (!type) {
    return Fail(ErrorCode::kInvalidArgument, "request.unsupported_media_type",
                "no Content-Type; send the body as application/json");
  }
  if (!IsJsonMediaType(*type)) {
    std::string shown(type->substr(0, 100));
    return Fail(ErrorCode::kInvalidArgument, "request.unsupported_media_type",
                "send the body as application/json, not " + shown);
  }
  return next(req);
}

}  // namespace zt::api
