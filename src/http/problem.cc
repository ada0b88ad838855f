#include "zt/http/problem.h"

#include <boost/json/value.hpp>

namespace zt::http {

int HttpStatusFor(const zt::Error& error) {
  switch (error.code()) {
    case zt::ErrorCode::kInvalidArgument:
      if (error.key() == "method.not_allowed") return 405;
      if (error.key() == "request.unsupported_media_type") return 415;
      return 400;
    case zt::ErrorCode::kUnauthenticated:
      return 401;
    case zt::ErrorCode::kPermissionDenied:
      return 403;
    case zt::ErrorCode::kNotFound:
      return 404;
    case zt::ErrorCode::kAlreadyExists:
    case zt::ErrorCode::kFailedPrecondition:
      return 409;
    case zt::ErrorCode::kAborted:
      return 412;  // If-Match version is stale
    case zt::ErrorCode::kPreconditionRequired:
      return 428;
    case zt::ErrorCode::kResourceExhausted:
      if (error.key().starts_with("request.too_large")) return 413;
      if (error.key() == "request.headers_too_large") return 431;
      return 429;
    case zt::ErrorCode::kUnavailable:
      return 503;
    case zt::ErrorCode::kInternal:
      return 500;
  }
  return 500;  // unreachable; -Wswitch flags a missing case
}

std::string_view ProblemTitle(zt::ErrorCode code, Locale locale) {
  bool en = locale == Locale::kEn;
  switch (code) {
    case zt::ErrorCode::kInvalidArgument:
      return en ? "Invalid request" : "请求参数有误";
    case zt::ErrorCode::kNotFound:
      return en ? "Not found" : "资源不存在";
    case zt::ErrorCode::kAlreadyExists:
      return en ? "Already exists" : "资源已存在";
    case zt::ErrorCode::kFailedPrecondition:
      return en ? "Not allowed in the current state" : "当前状态不允许该操作";
    case zt::ErrorCode::kAborted:
      return en ? "Modified by someone else" : "数据已被他人修改，请刷新后重试";
    case zt::ErrorCode::kPreconditionRequired:
      return en ? "Version required" : "缺少版本信息（If-Match）";
    case zt::ErrorCode::kPermissionDenied:
      return en ? "Permission denied" : "无权执行该操作";
    case zt::ErrorCode::kUnauthenticated:
      return en ? "Login required" : "请先登录";
    case zt::ErrorCode::kResourceExhausted:
      return en ? "Limit exceeded" : "超出限制";
    case zt::ErrorCode::kUnavailable:
      return en ? "Service unavailable" : "服务暂不可用";
    case zt::ErrorCode::kInternal:
      return en ? "Internal server error" : "服务器内部错误";
  }
  return en ? "Internal server error" : "服务器内部错误";
}

Response Problem(const zt::Error& error, const Request& req) {
  const Locale locale = req.locale();
  const int status = HttpStatusFor(error);
  const std::string_view code_name = zt::ErrorCodeName(error.code());
  const bool internal = error.code() == zt::ErrorCode::kInternal;

  boost::json::object body;
  body["type"] = "https://zhengtong.invalid/problems/" + std::string(code_name);
  body["title"] = ProblemTitle(error.code(), locale);
  body["status"] = status;
  // Internal errors never show their key's detail: it may name files, SQL or state.
  std::optional<std::string> detail =
      LocalizeMessage(internal ? "internal" : error.key(), locale, internal ? "" : error.detail());
  if (detail) {
    body["detail"] = *detail;
  } else if (!error.detail().empty()) {
    body["detail"] = error.detail();
  } else {
    body["detail"] = ProblemTitle(error.code(), locale);
  }
  body["instance"] = req.path();
  body["code"] = code_name;
  body["key"] = internal ? "internal" : error.key();
  boost::json::array errors;
  if (!internal) {
    for (const zt::FieldError& f : error.fields()) {
      std::optional<std::string> message = LocalizeMessage(f.key, locale, f.detail);
      errors.push_back(boost::json::object{
          {"pointer", f.pointer},
          {"key", f.key},
          {"message", message ? *message : (f.detail.empty() ? f.key : f.detail)}});
    }
  }
  body["errors"] = std::move(errors);
  body["request_id"] = req.request_id();
  Response res = Response::Json(status, body);
  res.set_content_type("application/problem+json");
  if (locale == Locale::kEn) {
    res.SetHeader("Content-Language", "en");
  } else {
    res.SetHeader("Content-Language", "zh-CN");
  }
  return res;
}

}  // namespace zt::http
