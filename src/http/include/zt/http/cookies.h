// File: cookies.h
//
// Cookie parsing and Set-Cookie building. Session cookies are always HttpOnly,
// SameSite=Strict and Path=/ unless told otherwise; Secure when the deployment is HTTPS.
//
//   res.AddHeader("Set-Cookie", BuildSetCookie("zt_session", token,
//                                              {.max_age = std::chrono::hours(8),
//                                               .secure = config.https}));
//   std::optional<std::string> token = GetCookie(req, "zt_session");
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "zt/http/request.h"

namespace zt::http {

// The cookies of a Cookie header value ("a=1; b=2") in order. Surrounding double quotes
// of a value are removed; malformed pairs (no '=') are skipped. Thread-safe (pure).
std::vector<std::pair<std::string, std::string>> ParseCookies(std::string_view header);

// The value of cookie `name` from the request's Cookie header(s), or std::nullopt.
std::optional<std::string> GetCookie(const Request& req, std::string_view name);

struct CookieOptions {
  // Max-Age in seconds; std::nullopt = a session cookie (no Max-Age).
  std::optional<std::chrono::seconds> max_age;
  bool secure = false;
  bool http_only = true;
  std::string path = "/";
  std::string same_site = "Strict";
};

// "name=value; Path=/; Max-Age=28800; HttpOnly; SameSite=Strict[; Secure]".
// `name` must be a token and `value` cookie-octets (callers pass base64url or hex tokens);
// other characters are dropped. Thread-safe (pure).
std::string BuildSetCookie(std::string_view name, std::string_view value,
                           const CookieOptions& options = {});

// A Set-Cookie value that deletes cookie `name` (empty value, Max-Age=0).
std::string BuildClearCookie(std::string_view name, const CookieOptions& options = {});

}  // namespace zt::http
