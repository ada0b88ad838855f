#include "zt/http/cookies.h"

namespace zt::http {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsTokenChar(char c) {
  if (c <= 32 || c >= 127) return false;
  return std::string_view("()<>@,;:\\\"/[]?={}").find(c) == std::string_view::npos;
}

// RFC 6265 cookie-octet: no CTLs, whitespace, DQUOTE, comma, semicolon or backslash.
bool IsCookieOctet(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u == 0x21 || (u >= 0x23 && u <= 0x2B) || (u >= 0x2D && u <= 0x3A) ||
         (u >= 0x3C && u <= 0x5B) || (u >= 0x5D && u <= 0x7E);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> ParseCookies(std::string_view header) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!header.empty()) {
    std::size_t semi = header.find(';');
    std::string_view pair = Trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view name = Trim(pair.substr(0, eq));
    std::string_view value = Trim(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (name.empty()) continue;
    out.emplace_back(std::string(name), std::string(value));
  }
  return out;
}

std::optional<std::string> GetCookie(const Request& req, std::string_view name) {
  for (const auto& [n, v] : req.headers()) {
    if (!EqualsIgnoreCase(n, "Cookie")) continue;
    for (auto& [cn, cv] : ParseCookies(v)) {
      if (cn == name) return std::move(cv);
    }
  }
  return std::nullopt;
}

std::string BuildSetCookie(std::string_view name, std::string_view value,
                           const CookieOptions& options) {
  std::string out;
  for (char c : name) {
    if (IsTokenChar(c)) out.push_back(c);
  }
  out.push_back('=');
  for (char c : value) {
    if (IsCookieOctet(c)) out.push_back(c);
  }
  if (!options.path.empty()) out += "; Path=" + options.path;
  if (options.max_age)
    out += "; Max-Age=" + std::to_string(std::max<long long>(0, options.max_age->count()));
  if (options.http_only) out += "; HttpOnly";
  if (!options.same_site.empty()) out += "; SameSite=" + options.same_site;
  if (options.secure) out += "; Secure";
  return out;
}

std::string BuildClearCookie(std::string_view name, const CookieOptions& options) {
  CookieOptions o = options;
  o.max_age = std::chrono::seconds(0);
  return BuildSetCookie(name, "", o);
}

}  // namespace zt::http
