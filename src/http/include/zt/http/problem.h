// File: problem.h
//
// RFC 9457 problem+json responses and the message catalogue that localises them. This is
// the ONE place that maps zt::ErrorCode to an HTTP status:
//
//   auto r = service.Accept(id, actor, version);
//   if (!r) return Problem(r.error(), req);   // 409 application/problem+json, localised
//
// Modules add translations for their own message keys once at start-up:
//
//   RegisterMessages("case.transition_not_allowed", "当前状态不允许该操作",
//                    "This action is not allowed in the current state");
//
// A message may contain "{detail}", replaced by the error's (or field error's) English
// detail, e.g. "请求体不是合法的 JSON：{detail}".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "zt/core/error.h"
#include "zt/http/request.h"

namespace zt::http {

// The HTTP status for `error`:
//   kInvalidArgument 400 (405 for key "method.not_allowed"), kUnauthenticated 401,
//   kPermissionDenied 403, kNotFound 404, kAlreadyExists 409, kFailedPrecondition 409,
//   kAborted 412, kPreconditionRequired 428, kResourceExhausted 413 when the key starts
//   with "request.too_large", 431 for "request.headers_too_large", else 429,
//   kUnavailable 503, kInternal 500. Thread-safe.
int HttpStatusFor(const zt::Error& error);

// The problem+json response for `error`, localised for `req.locale()`:
//   {"type": "https://zhengtong.invalid/problems/<code name>", "title", "status",
//    "detail", "instance": <path>, "code", "key",
//    "errors": [{"pointer", "key", "message"}], "request_id"}
// `detail` is the translation of the error's key when one is registered, else the
// error's own detail (else the title). For kInternal the detail is always the generic
// message: internal details are for logs only. Thread-safe.
Response Problem(const zt::Error& error, const Request& req);

// Adds or replaces the translations of message `key`. Thread-safe (may be called while
// requests are served, though normally at start-up).
void RegisterMessages(std::string_view key, std::string_view zh_cn, std::string_view en);

// The translation of `key` in `locale` with "{detail}" replaced by `detail`, or
// std::nullopt when the key is not registered. Thread-safe.
std::optional<std::string> LocalizeMessage(std::string_view key, Locale locale,
                                           std::string_view detail = {});

// The localised title of an error code ("请求参数有误" / "Invalid request"). Thread-safe.
std::string_view ProblemTitle(zt::ErrorCode code, Locale locale);

}  // namespace zt::http
