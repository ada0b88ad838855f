#include "zt/http/request.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cstdlib>

namespace zt::http {
namespace {

char ToLowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<std::string_view> FindHeader(const HeaderList& headers, std::string_view name) {
  for (const auto& [n, v] : headers) {
    if (EqualsIgnoreCase(n, name)) return std::string_view(v);
  }
  return std::nullopt;
}

}  // namespace

std::string_view LocaleTag(Locale locale) { return locale == Locale::kEn ? "en" : "zh-CN"; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ToLowerAscii(a[i]) != ToLowerAscii(b[i])) return false;
  }
  return true;
}

Locale ChooseLocale(std::string_view accept_language) {
  // Pick the supported language with the highest q; ties go to the earlier entry.
  Locale best = Locale::kZhCn;
  double best_q = -1;
  while (!accept_language.empty()) {
    std::size_t comma = accept_language.find(',');
    std::string_view item = Trim(accept_language.substr(0, comma));
    accept_language =
        comma == std::string_view::npos ? std::string_view() : accept_language.substr(comma + 1);
    std::string_view tag = item;
    double q = 1.0;
    if (std::size_t semi = item.find(';'); semi != std::string_view::npos) {
      tag = Trim(item.substr(0, semi));
      std::string_view params = Trim(item.substr(semi + 1));
      if (params.size() > 2 && (params[0] == 'q' || params[0] == 'Q') && params[1] == '=') {
        std::string qs(params.substr(2));
        char* end = nullptr;
        q = std::strtod(qs.c_str(), &end);
        if (end == qs.c_str()) q = 0;
      }
    }
    if (q <= 0) continue;
    std::string lower;
    for (char c : tag) lower.push_back(ToLowerAscii(c));
    std::optional<Locale> l;
    if (lower == "en" || lower.starts_with("en-")) l = Locale::kEn;
    if (lower == "zh" || lower.starts_with("zh-")) l = Locale::kZhCn;
    if (l && q > best_q) {
      best = *l;
      best_q = q;
    }
  }
  return best;
}

std::optional<std::string> PercentDecode(std::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      int hi = HexValue(text[i + 1]);
      int lo = HexValue(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::optional<std::string_view> Request::query(std::string_view name) const {
  for (const auto& [n, v] : query_) {
    if (n == name) return std::string_view(v);
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::header(std::string_view name) const {
  return FindHeader(headers_, name);
}

std::string_view Request::path_param(std::string_view name) const {
  for (const auto& [n, v] : path_params_) {
    if (n == name) return v;
  }
  return {};
}

void Request::set_target(std::string_view target) {
  std::size_t q = target.find('?');
  path_ = std::string(target.substr(0, q));
  query_.clear();
  if (q == std::string_view::npos) return;
  std::string_view rest = target.substr(q + 1);
  if (std::size_t hash = rest.find('#'); hash != std::string_view::npos)
    rest = rest.substr(0, hash);
  while (!rest.empty()) {
    std::size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    std::string_view raw_name = pair.substr(0, eq);
    std::string_view raw_value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    // A malformed escape keeps the raw text: the handler's own validation will refuse it.
    auto name = PercentDecode(raw_name, true);
    auto value = PercentDecode(raw_value, true);
    query_.emplace_back(name ? *name : std::string(raw_name),
                        value ? *value : std::string(raw_value));
  }
}

void Request::add_header(std::string name, std::string value) {
  if (EqualsIgnoreCase(name, "Accept-Language")) locale_ = ChooseLocale(value);
  headers_.emplace_back(std::move(name), std::move(value));
}

Response Response::Json(int status, const boost::json::value& value) {
  return Response(status, boost::json::serialize(value), "application/json");
}

Response Response::NoContent() { return Response(204, {}, {}); }

Response Response::Text(int status, std::string text, std::string content_type) {
  return Response(status, std::move(text), std::move(content_type));
}

std::optional<std::string_view> Response::header(std::string_view name) const {
  return FindHeader(headers_, name);
}

Response& Response::SetHeader(std::string_view name, std::string_view value) & {
  RemoveHeader(name);
  headers_.emplace_back(std::string(name), std::string(value));
  return *this;
}

Response&& Response::SetHeader(std::string_view name, std::string_view value) && {
  SetHeader(name, value);
  return std::move(*this);
}

Response& Response::AddHeader(std::string_view name, std::string_view value) & {
  headers_.emplace_back(std::string(name), std::string(value));
  return *this;
}

Response&& Response::AddHeader(std::string_view name, std::string_view value) && {
  AddHeader(name, value);
  return std::move(*this);
}

void Response::RemoveHeader(std::string_view name) {
  std::erase_if(headers_, [&](const auto& h) { return EqualsIgnoreCase(h.first, name); });
}

}  // namespace zt::http
