// INP-03/INP-04 (RELIABILITY.md): generated test sets of national ID numbers (GB 11643),
// mainland mobile numbers and unified social credit codes (GB 32100), malformed by kind and
// valid, deterministic (fixed seeds). Used by the parser test and by the API test, which
// sends the same sets through the real binary.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "zt/core/credit_code.h"
#include "zt/core/id_number.h"

namespace zt::testing {

struct Sample {
  std::string kind;  // e.g. "wrong_length", "valid"
  std::string text;
};

// The civil date the sets are made for: every valid birth date lies before it, every
// "future" one after it (the server's real clock runs later than this).
inline Date InputSetsToday() { return Date::FromYmd(2026, 1, 1).value(); }

namespace input_sets_internal {

inline const std::vector<std::string>& Provinces() {
  static const std::vector<std::string> p = {"11", "12", "13", "14", "15", "21", "22", "23", "31",
                                             "32", "33", "34", "35", "36", "37", "41", "42", "43",
                                             "44", "45", "46", "50", "51", "52", "53", "54", "61",
                                             "62", "63", "64", "65", "71", "81", "82", "83"};
  return p;
}

inline std::string Digits(std::mt19937& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + rng() % 10));
  return s;
}

inline std::string Two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

inline std::string WithCheck(const std::string& first17) {
  return first17 + IdNumberCheckChar(first17).value();
}

// 17 digits: a province, 4 more address digits, the date, a sequence number.
inline std::string First17(std::mt19937& rng, const std::string& province, int year, int month,
                           int day) {
  return province + Digits(rng, 4) + std::to_string(year) + Two(month) + Two(day) + Digits(rng, 3);
}

inline std::string ValidId(std::mt19937& rng) {
  const auto& p = Provinces();
  for (;;) {
    int year = 1900 + static_cast<int>(rng() % 125);  // 1900..2024
    int month = 1 + static_cast<int>(rng() % 12);
    int day = 1 + static_cast<int>(rng() % 31);
    if (!Date::FromYmd(year, static_cast<unsigned>(month), static_cast<unsigned>(day))) continue;
    return WithCheck(First17(rng, p[rng() % p.size()], year, month, day));
  }
}

// A UTF-8 encoding of code point `cp`.
inline std::string Utf8(char32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
  return out;
}

// Replaces the character at byte `at` of an ASCII string with `with`.
inline std::string Replace(const std::string& s, std::size_t at, const std::string& with) {
  return s.substr(0, at) + with + s.substr(at + 1);
}

}  // namespace input_sets_internal

// 1,000 valid ID numbers, a tenth of them with a lowercase x check character.
inline std::vector<Sample> ValidIdNumbers() {
  using namespace input_sets_internal;
  std::mt19937 rng(20260101);
  std::vector<Sample> out;
  while (out.size() < 1000) {
    std::string id = ValidId(rng);
    if (id.back() == 'X' && out.size() % 10 == 0) id.back() = 'x';
    out.push_back({"valid", id});
  }
  return out;
}

// 1,000 malformed ID numbers in the proportions of RELIABILITY.md INP-03.
inline std::vector<Sample> MalformedIdNumbers() {
  using namespace input_sets_internal;
  std::mt19937 rng(11643);
  std::vector<Sample> out;
  // 100 wrong lengths: 0-17 and 19-25 characters (all digits, cut from or grown out of a
  // valid number; 15 digits belongs to the legacy kind, so 15 characters carry a letter).
  for (int i = 0; i < 100; ++i) {
    int length = i % 25;
    if (length >= 18) ++length;  // 0..17, 19..25
    std::string id = ValidId(rng) + Digits(rng, 8);
    std::string text = id.substr(0, static_cast<std::size_t>(length));
    if (length == 15) text.back() = 'A';
    out.push_back({"wrong_length", text});
  }
  // 150 illegal characters.
  const std::vector<char32_t> foreign = {
      0xFF10,  // full-width digits start here
      0x0660,  // Arabic-Indic digits start here
      0x06F0,  // extended Arabic-Indic digits
      0x0966,  // Devanagari digits
  };
  for (int i = 0; i < 150; ++i) {
    std::string id = ValidId(rng);
    std::size_t at = rng() % 17;
    int digit = id[at] - '0';
    std::string text;
    switch (i % 10) {
      case 0:
      case 1:
        text = Replace(id, at, Utf8(0xFF10 + static_cast<char32_t>(digit)));  // full-width
        break;
      case 2:
        text = Replace(id, at, Utf8(foreign[rng() % foreign.size()] + digit));  // other digits
        break;
      case 3:
        text = id.substr(0, at) + Utf8(0x200B) + id.substr(at);  // zero-width space
        break;
      case 4:
        text = Replace(id, at, " ");  // space inside
        break;
      case 5:
        text = (i % 20 == 5) ? " " + id.substr(1) : id.substr(0, 17) + " ";  // leading/trailing
        break;
      case 6:
        text = id.substr(0, at) + Utf8(0x1F600 + static_cast<char32_t>(i % 50)) + id.substr(at);
        break;
      case 7:
        text = Replace(id, at, "X");  // X not at the end
        break;
      case 8:
        text = Replace(id, at, std::string(1, static_cast<char>('A' + rng() % 26)));
        break;
      default:
        text = Replace(id, at, std::string(1, "-./+#\t,'"[rng() % 8]));
        break;
    }
    out.push_back({"illegal_characters", text});
  }
  // 300 wrong check characters: every wrong one for 30 valid bases.
  for (int base = 0; base < 30; ++base) {
    std::string id = ValidId(rng);
    for (char c : std::string("0123456789X")) {
      if (c == id.back()) continue;
      out.push_back({"wrong_check_digit", id.substr(0, 17) + c});
    }
  }
  // 200 impossible dates, the check character right for the wrong digits.
  struct Ymd {
    int y, m, d;
  };
  const std::vector<Ymd> dates = {{1990, 0, 10},  {1990, 13, 10}, {1985, 6, 0},   {1985, 6, 32},
                                  {2001, 2, 29},  {1900, 2, 29},  {2023, 2, 29},  {1988, 2, 30},
                                  {1999, 4, 31},  {1975, 11, 31}, {1899, 12, 31}, {1850, 1, 1},
                                  {1066, 10, 14}, {2027, 1, 1},   {2030, 6, 15},  {2099, 12, 31},
                                  {2200, 1, 1},   {9999, 12, 31}, {1800, 5, 5},   {1990, 99, 99}};
  for (int i = 0; i < 200; ++i) {
    const Ymd& d = dates[static_cast<std::size_t>(i) % dates.size()];
    char year[8];
    std::snprintf(year, sizeof year, "%04d", d.y);
    std::string first17 = Provinces()[rng() % Provinces().size()] + Digits(rng, 4) + year +
                          Two(d.m) + Two(d.d) + Digits(rng, 3);
    out.push_back({"impossible_date", WithCheck(first17)});
  }
  // 100 invalid province prefixes.
  std::vector<std::string> bad_prefixes;
  for (int p = 0; p < 100; ++p) {
    std::string two = Two(p);
    bool known = false;
    for (const auto& k : Provinces()) known = known || k == two;
    if (!known && two[0] != '9') bad_prefixes.push_back(two);
  }
  for (std::string nine : {"90", "97", "98", "99"}) bad_prefixes.push_back(nine);
  for (int i = 0; i < 100; ++i) {
    std::string prefix = bad_prefixes[static_cast<std::size_t>(i) % bad_prefixes.size()];
    std::string first17 = prefix + Digits(rng, 4) + "1980" + "07" + "15" + Digits(rng, 3);
    if (prefix[0] == '9') first17[2] = '9';  // 9 + an unknown province (90x, 97x, ...)
    out.push_back({"invalid_province", WithCheck(first17)});
  }
  // 50 legacy 15-digit numbers (policy: refused, "id_number.legacy_15_digit").
  for (int i = 0; i < 50; ++i) {
    std::string id = ValidId(rng);
    out.push_back({"legacy_15_digit", id.substr(0, 6) + id.substr(8, 6) + id.substr(14, 3)});
  }
  // 100 injection strings, 10 KB strings and NULs.
  const std::vector<std::string> injections = {
      "' OR '1'='1",
      "1' OR 1=1 --",
      "'; DROP TABLE accounts;--",
      "\" OR \"\"=\"",
      "<script>alert(1)</script>",
      "${7*7}",
      "{{7*7}}",
      "../../etc/passwd",
      "%00",
      "11010519491231002X' --",
      "11010519491231002X; DELETE FROM events",
      "NULL",
      "undefined",
      "-1",
      "1e400",
      "11010519491231002X\r\nX-Injected: 1",
  };
  for (int i = 0; i < 100; ++i) {
    std::string text;
    switch (i % 4) {
      case 0:
        text = injections[static_cast<std::size_t>(i / 4) % injections.size()];
        break;
      case 1:
        text = std::string(10 * 1024, static_cast<char>('0' + i % 10));  // 10 KB
        break;
      case 2: {
        std::string id = ValidId(rng);
        text = Replace(id, rng() % 18, std::string(1, '\0'));  // NUL instead of a character
        break;
      }
      default: {
        std::string id = ValidId(rng);
        text = (i % 8 == 3) ? id + std::string(1, '\0') : std::string(1, '\0') + id;
        break;
      }
    }
    out.push_back({"injection_or_huge", text});
  }
  return out;
}

// 500 malformed mobile numbers.
inline std::vector<Sample> MalformedMobiles() {
  using namespace input_sets_internal;
  std::mt19937 rng(13800);
  std::vector<Sample> out;
  for (int i = 0; i < 500; ++i) {
    std::string good = "1" + std::string(1, static_cast<char>('3' + rng() % 7)) + Digits(rng, 9);
    std::string text;
    switch (i % 10) {
      case 0:
        text = good.substr(0, rng() % 11);  // too short
        break;
      case 1:
        text = good + Digits(rng, 1 + static_cast<int>(rng() % 5));  // too long
        break;
      case 2:
        text = Replace(good, 1, std::string(1, static_cast<char>('0' + rng() % 3)));  // 10-12
        break;
      case 3:
        text = Replace(good, 0, std::string(1, static_cast<char>('2' + rng() % 8)));  // not 1
        break;
      case 4:
        text = Replace(good, 2 + rng() % 9, Utf8(0xFF10 + static_cast<char32_t>(rng() % 10)));
        break;
      case 5:
        text = Replace(good, 2 + rng() % 9, std::string(1, static_cast<char>('a' + rng() % 26)));
        break;
      case 6:
        text = std::vector<std::string>{"+1", "+44", "+852", "001", "+8"}[rng() % 5] + good;
        break;
      case 7:
        text = std::vector<std::string>{"(", "+86+", "#", "tel:", "０"}[rng() % 5] + good;
        break;
      case 8:
        text = (i % 20 == 8) ? good + std::string(1, '\0')
                             : good.substr(0, 5) + Utf8(0x200B) + good.substr(5);
        break;
      default:
        text = std::vector<std::string>{
            "' OR '1'='1", "<svg onload=alert(1)>",    "0759-1234567", "12345678901", "10086", "",
            "+86",         std::string(10 * 1024, '1')}[rng() % 8];
        break;
    }
    out.push_back({"malformed_mobile", text});
  }
  return out;
}

inline std::vector<Sample> ValidMobiles() {
  using namespace input_sets_internal;
  std::mt19937 rng(13801);
  std::vector<Sample> out;
  for (int i = 0; i < 200; ++i) {
    std::string good = "1" + std::string(1, static_cast<char>('3' + rng() % 7)) + Digits(rng, 9);
    switch (i % 4) {
      case 1:
        good = "+86 " + good.substr(0, 3) + "-" + good.substr(3, 4) + "-" + good.substr(7);
        break;
      case 2:
        good = "0086" + good;
        break;
      default:
        break;
    }
    out.push_back({"valid_mobile", good});
  }
  return out;
}

namespace input_sets_internal {

inline const std::string& CreditCharset() {
  static const std::string s = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  return s;
}

inline std::string ValidCredit(std::mt19937& rng) {
  const std::string& cs = CreditCharset();
  std::string first17 =
      std::string(1, "159Y"[rng() % 4]) + std::string(1, "123"[rng() % 3]) + "440802";
  while (first17.size() < 17) first17.push_back(cs[rng() % cs.size()]);
  return first17 + CreditCodeCheckChar(first17).value();
}

}  // namespace input_sets_internal

inline std::vector<Sample> ValidCreditCodes() {
  using namespace input_sets_internal;
  std::mt19937 rng(32100);
  std::vector<Sample> out = {{"valid_credit_code", "91350100M000100Y43"}};
  while (out.size() < 200) out.push_back({"valid_credit_code", ValidCredit(rng)});
  return out;
}

// 200 malformed credit codes.
inline std::vector<Sample> MalformedCreditCodes() {
  using namespace input_sets_internal;
  std::mt19937 rng(32101);
  std::vector<Sample> out;
  const std::string& cs = CreditCharset();
  for (int i = 0; i < 200; ++i) {
    std::string code = ValidCredit(rng);
    std::string text;
    switch (i % 5) {
      case 0:
        text = code.substr(0, rng() % 18);  // too short
        break;
      case 1: {
        char wrong = code.back();
        while (wrong == code.back()) wrong = cs[rng() % cs.size()];
        text = code.substr(0, 17) + wrong;  // wrong check character
        break;
      }
      case 2:
        text = Replace(code, rng() % 17, std::string(1, "IOSVZ"[rng() % 5]));  // letters not used
        break;
      case 3:
        text = Replace(code, rng() % 18,
                       std::vector<std::string>{" ", "-", "\t", Utf8(0xFF10), Utf8(0x200B), "'",
                                                "<"}[rng() % 7]);
        break;
      default:
        text = code + std::string(1 + rng() % 3, cs[rng() % cs.size()]);  // too long
        break;
    }
    out.push_back({"malformed_credit_code", text});
  }
  return out;
}

}  // namespace zt::testing
