#include "zt/core/time.h"

#include <charconv>
#include <cstdio>

namespace zt {
namespace {

constexpr auto kCstOffset = std::chrono::hours(8);

bool ParseFixedInt(std::string_view text, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > text.size()) return false;
  for (std::size_t i = pos; i < pos + len; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  auto res = std::from_chars(text.data() + pos, text.data() + pos + len, out);
  return res.ec == std::errc{};
}

}  // namespace

Result<Date> Date::FromYmd(int year, unsigned month, unsigned day) {
  std::chrono::year_month_day ymd{std::chrono::year(year), std::chrono::month(month),
                                  std::chrono::day(day)};
  if (!ymd.ok()) {
    return FieldFail("", "date.nonexistent",
                     "no such date: " + std::to_string(year) + "-" + std::to_string(month) + "-" +
                         std::to_string(day));
  }
  return Date(std::chrono::sys_days(ymd));
}

std::string Date::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year(), month(), day());
  return buf;
}

Result<Date> ParseDate(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ParseFixedInt(text, 0, 4, y) ||
      !ParseFixedInt(text, 5, 2, m) || !ParseFixedInt(text, 8, 2, d)) {
    return FieldFail("", "date.format", "expected a date as YYYY-MM-DD");
  }
  auto date = Date::FromYmd(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  if (!date) return FieldFail("", "date.nonexistent", "no such date: " + std::string(text));
  return date;
}

Date CivilDateCst(Instant t) { return Date(std::chrono::floor<std::chrono::days>(t + kCstOffset)); }

std::string FormatInstant(Instant t) {
  auto local = std::chrono::floor<std::chrono::seconds>(t) + kCstOffset;
  auto day = std::chrono::floor<std::chrono::days>(local);
  std::chrono::hh_mm_ss hms(local - day);
  Date date(day);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d+08:00", date.ToString().c_str(),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

Result<Instant> ParseInstant(std::string_view text) {
  auto bad = [] { return FieldFail("", "instant.format", "expected an RFC 3339 date-time"); };
  if (text.size() < 20) return bad();
  auto date = ParseDate(text.substr(0, 10));
  if (!date) return bad();
  if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') return bad();
  int hh = 0, mm = 0, ss = 0;
  if (!ParseFixedInt(text, 11, 2, hh) || text[13] != ':' || !ParseFixedInt(text, 14, 2, mm) ||
      text[16] != ':' || !ParseFixedInt(text, 17, 2, ss) || hh > 23 || mm > 59 || ss > 60) {
    return bad();
  }
  std::size_t pos = 19;
  int millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 3) millis = millis * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return bad();
    for (int i = digits; i < 3; ++i) millis *= 10;
  }
  std::chrono::minutes offset{0};
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos + 6 == text.size() && (text[pos] == '+' || text[pos] == '-') &&
             text[pos + 3] == ':') {
    int oh = 0, om = 0;
    if (!ParseFixedInt(text, pos + 1, 2, oh) || !ParseFixedInt(text, pos + 4, 2, om)) return bad();
    offset = std::chrono::hours(oh) + std::chrono::minutes(om);
    if (text[pos] == '-') offset = -offset;
    pos += 6;
  } else {
    return bad();
  }
  if (pos != text.size()) return bad();
  Instant t = std::chrono::time_point_cast<std::chrono::milliseconds>(date->sys_days()) +
              std::chrono::hours(hh) + std::chrono::minutes(mm) + std::chrono::seconds(ss) +
              std::chrono::milliseconds(millis) - offset;
  return t;
}

}  // namespace zt
