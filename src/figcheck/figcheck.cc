#include "zt/figcheck/figcheck.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>
#include <set>
#include <utility>

namespace zt::figcheck {
namespace {

// ---------------------------------------------------------------------------------------
// UTF-8

// Decodes the code point at `i`; sets `len` to its byte length (1 for a stray byte).
char32_t DecodeAt(std::string_view s, std::size_t i, std::size_t& len) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    len = 1;
    return c;
  }
  int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (n == 1 || i + n > s.size()) {
    len = 1;
    return 0xFFFD;
  }
  char32_t cp = c & (0x3F >> (n - 1));
  for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  len = static_cast<std::size_t>(n);
  return cp;
}

// The code point ending just before byte `i` (0 at the start).
char32_t PrevCp(std::string_view s, std::size_t i) {
  if (i == 0) return 0;
  std::size_t j = i - 1;
  while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
  std::size_t len = 0;
  return DecodeAt(s, j, len);
}

// Byte offset of the first invalid sequence or NUL, or npos when `s` is UTF-8 text.
std::size_t FirstInvalidByte(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) return i;
    if (c < 0x80) {
      ++i;
      continue;
    }
    int n = 0;
    char32_t min = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 2;
      min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 3;
      min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + n > s.size()) return i;
    char32_t cp = c & (0x3F >> (n - 1));
    for (int k = 1; k < n; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += static_cast<std::size_t>(n);
  }
  return std::string_view::npos;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0; }

std::string_view Trim(std::string_view s) {
  while (!s.empty()) {
    std::size_t len = 0;
    if (IsSpace(DecodeAt(s, 0, len)) || s.front() == '\r') {
      s.remove_prefix(len);
    } else {
      break;
    }
  }
  while (!s.empty()) {
    std::size_t j = s.size() - 1;
    while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
    std::size_t len = 0;
    char32_t c = DecodeAt(s, j, len);
    if (IsSpace(c) || c == '\r') {
      s.remove_suffix(s.size() - j);
    } else {
      break;
    }
  }
  return s;
}

bool EndsWithAny(std::string_view s, std::initializer_list<std::string_view> words) {
  for (auto w : words)
    if (s.ends_with(w)) return true;
  return false;
}
bool ContainsAny(std::string_view s, std::initializer_list<std::string_view> words) {
  for (auto w : words)
    if (s.find(w) != std::string_view::npos) return true;
  return false;
}

// ---------------------------------------------------------------------------------------
// Sentences and clauses

bool IsSentenceEnd(char32_t c) {
  return c == U'。' || c == U'；' || c == U'！' || c == U'？' || c == ';' || c == '!' || c == '?';
}
bool IsClauseSeparator(char32_t c) {
  return c == U'，' || c == ',' || c == U'、' || c == U'：' || c == ':' || IsSentenceEnd(c);
}
bool IsOpenBracket(char32_t c) {
  return c == U'（' || c == '(' || c == U'《' || c == U'“' || c == U'‘' || c == U'〈' ||
         c == U'「' || c == U'【' || c == U'〔' || c == '[';
}
bool IsCloseBracket(char32_t c) {
  return c == U'）' || c == ')' || c == U'》' || c == U'”' || c == U'’' || c == U'〉' ||
         c == U'」' || c == U'】' || c == U'〕' || c == ']';
}

struct Span {
  std::size_t begin;
  std::size_t end;
};

// Clauses of a sentence: split at ，、：; outside brackets and quotes; trimmed.
std::vector<Span> SplitClauses(std::string_view s) {
  std::vector<Span> out;
  int depth = 0;
  std::size_t start = 0;
  auto push = [&](std::size_t b, std::size_t e) {
    std::string_view t = Trim(s.substr(b, e - b));
    if (t.empty()) return;
    std::size_t tb = static_cast<std::size_t>(t.data() - s.data());
    out.push_back({tb, tb + t.size()});
  };
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = 0;
    char32_t c = DecodeAt(s, i, len);
    if (IsOpenBracket(c)) {
      ++depth;
    } else if (IsCloseBracket(c)) {
      depth = std::max(0, depth - 1);
    } else if (depth == 0 && IsClauseSeparator(c)) {
      push(start, i);
      start = i + len;
    }
    i += len;
  }
  push(start, s.size());
  return out;
}

// ---------------------------------------------------------------------------------------
// Numbers

struct UnitWord {
  std::string_view word;
  bool count;
};
// Longest first where one is a prefix of another.
constexpr std::array kUnits = {
    UnitWord{"个工作日", false}, UnitWord{"个月", false},   UnitWord{"个小时", false},
    UnitWord{"个百分点", false}, UnitWord{"个季度", false}, UnitWord{"人次", true},
    UnitWord{"件次", true},      UnitWord{"批次", true},    UnitWord{"工作日", false},
    UnitWord{"小时", false},     UnitWord{"分钟", false},   UnitWord{"个", true},
    UnitWord{"件", true},        UnitWord{"项", true},      UnitWord{"次", true},
    UnitWord{"人", true},        UnitWord{"宗", true},      UnitWord{"条", true},
    UnitWord{"张", true},        UnitWord{"种", true},      UnitWord{"类", true},
    UnitWord{"户", true},        UnitWord{"名", true},      UnitWord{"家", true},
    UnitWord{"份", true},        UnitWord{"场", true},      UnitWord{"篇", true},
    UnitWord{"台", true},        UnitWord{"部", true},      UnitWord{"批", true},
    UnitWord{"所", true},        UnitWord{"册", true},      UnitWord{"例", true},
    UnitWord{"起", true},        UnitWord{"笔", true},      UnitWord{"套", true},
    UnitWord{"处", true},        UnitWord{"座", true},      UnitWord{"辆", true},
    UnitWord{"封", true},        UnitWord{"元", true},      UnitWord{"年", false},
    UnitWord{"月", false},       UnitWord{"日", false},     UnitWord{"号", false},
    UnitWord{"天", false},       UnitWord{"秒", false},     UnitWord{"岁", false},
    UnitWord{"届", false},       UnitWord{"核", false},
};

bool IsCountUnit(std::string_view unit) {
  for (const auto& u : kUnits)
    if (u.word == unit) return u.count;
  return false;
}

std::string DecimalString(std::int64_t mantissa, int exponent) {
  bool negative = mantissa < 0;
  std::string digits = std::to_string(negative ? -mantissa : mantissa);
  if (exponent >= 0) {
    if (mantissa != 0) digits.append(static_cast<std::size_t>(exponent), '0');
  } else {
    auto frac = static_cast<std::size_t>(-exponent);
    if (digits.size() <= frac) digits.insert(0, frac - digits.size() + 1, '0');
    digits.insert(digits.size() - frac, ".");
  }
  return negative ? "-" + digits : digits;
}

// Value of `n` scaled to exponent `e` (e <= n.exponent).
__int128 Scaled(std::int64_t mantissa, int exponent, int e) {
  __int128 v = mantissa;
  for (int k = e; k < exponent; ++k) v *= 10;
  return v;
}

std::int64_t Pow10(int n) {
  std::int64_t v = 1;
  for (int k = 0; k < n; ++k) v *= 10;
  return v;
}

}  // namespace

bool Number::IsCount() const { return !percent && !ordinal && IsCountUnit(unit); }

std::string Number::ValueString() const { return DecimalString(mantissa, exponent); }

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

std::string_view KindName(FindingKind kind) {
  switch (kind) {
    case FindingKind::kPartsDoNotSum:
      return "parts_do_not_sum";
    case FindingKind::kRateNotAchievable:
      return "rate_not_achievable";
    case FindingKind::kPercentOver100:
      return "percent_over_100";
    case FindingKind::kRoundingInconsistent:
      return "rounding_inconsistent";
  }
  return "parts_do_not_sum";
}

std::vector<std::string> SplitSentences(std::string_view paragraph) {
  std::vector<std::string> out;
  std::size_t start = 0;
  auto push = [&](std::size_t b, std::size_t e) {
    std::string_view t = Trim(paragraph.substr(b, e - b));
    if (!t.empty()) out.emplace_back(t);
  };
  for (std::size_t i = 0; i < paragraph.size();) {
    std::size_t len = 0;
    char32_t c = DecodeAt(paragraph, i, len);
    i += len;
    if (c == '\n' || c == '\r') {
      push(start, i - len);
      start = i;
    } else if (IsSentenceEnd(c)) {
      push(start, i);
      start = i;
    }
  }
  push(start, paragraph.size());
  return out;
}

std::vector<Number> ExtractNumbers(std::string_view s) {
  std::vector<Number> out;
  std::vector<Span> clauses = SplitClauses(s);
  bool next_is_range_end = false;
  std::size_t clause_cursor = 0;  // numbers come in order, and so do their clauses
  std::size_t i = 0;
  while (i < s.size()) {
    if (!IsDigit(s[i])) {
      std::size_t len = 0;
      DecodeAt(s, i, len);
      i += len;
      continue;
    }
    const std::size_t start = i;
    char32_t prev = PrevCp(s, start);
    bool glued = IsAsciiLetter(prev) || prev == '.' || prev == '_';
    std::int64_t mantissa = 0;
    int digits = 0, exponent = 0;
    bool decimal = false;
    auto take_digit = [&](char d) {
      if (digits < 17) mantissa = mantissa * 10 + (d - '0');
      if (mantissa != 0 || d != '0') ++digits;
    };
    while (i < s.size() && IsDigit(s[i])) take_digit(s[i++]);
    // Thousands separators: ",ddd" not followed by another digit.
    while (i + 3 < s.size() && s[i] == ',' && IsDigit(s[i + 1]) && IsDigit(s[i + 2]) &&
           IsDigit(s[i + 3]) && (i + 4 >= s.size() || !IsDigit(s[i + 4]))) {
      for (int k = 1; k <= 3; ++k) take_digit(s[i + k]);
      i += 4;
    }
    if (i + 1 < s.size() && s[i] == '.' && IsDigit(s[i + 1])) {
      decimal = true;
      ++i;
      while (i < s.size() && IsDigit(s[i])) {
        take_digit(s[i++]);
        --exponent;
      }
    }
    std::size_t len = 0;
    char32_t next = i < s.size() ? DecodeAt(s, i, len) : 0;
    if (glued || IsAsciiLetter(next) || digits > 15) continue;

    Number n;
    n.mantissa = mantissa;
    n.exponent = exponent;
    n.rounded = decimal;
    n.begin = start;
    n.approximate = next_is_range_end;
    next_is_range_end = false;
    // A range "3-4名", "2016—2020年": both ends are approximate.
    if (prev == '-' || prev == U'—' || prev == U'－' || prev == '~' || prev == U'～' ||
        prev == U'至') {
      std::size_t before = start - (prev < 0x80 ? 1 : 3);
      if (before > 0 && IsDigit(s[before - 1])) n.approximate = true;
    }
    if ((next == '-' || next == U'—' || next == U'－' || next == '~' || next == U'～' ||
         next == U'至') &&
        i + len < s.size() && IsDigit(s[i + len])) {
      n.approximate = true;
      next_is_range_end = true;
    }
    // Percent, possibly after spaces: "71.79 %".
    std::size_t j = i;
    while (j < s.size()) {
      std::size_t l = 0;
      if (!IsSpace(DecodeAt(s, j, l))) break;
      j += l;
    }
    std::size_t l = 0;
    char32_t after = j < s.size() ? DecodeAt(s, j, l) : 0;
    if (after == '%' || after == U'％') {
      n.percent = true;
      i = j + l;
    } else {
      auto peek = [&](std::size_t& at) -> char32_t {
        if (at >= s.size()) return 0;
        std::size_t pl = 0;
        char32_t c = DecodeAt(s, at, pl);
        return c;
      };
      auto eat = [&](std::size_t& at) {
        std::size_t pl = 0;
        DecodeAt(s, at, pl);
        at += pl;
      };
      std::size_t k = i;
      char32_t c = peek(k);
      if (c == U'余' || c == U'多') {
        n.approximate = true;
        eat(k);
        c = peek(k);
      }
      if (c == U'万' || c == U'亿' || c == U'千') {
        n.exponent += c == U'万' ? 4 : c == U'亿' ? 8 : 3;
        n.rounded = true;
        eat(k);
        c = peek(k);
        if (c == U'亿') {
          n.exponent += 8;
          eat(k);
          c = peek(k);
        }
      }
      if (c == U'余' || c == U'多') {
        n.approximate = true;
        eat(k);
      }
      std::string_view rest = s.substr(k);
      for (const auto& u : kUnits) {
        if (rest.starts_with(u.word)) {
          n.unit = std::string(u.word);
          k += u.word.size();
          break;
        }
      }
      if (s.substr(k).starts_with("以上") || s.substr(k).starts_with("左右") ||
          s.substr(k).starts_with("上下")) {
        n.approximate = true;
      }
      i = k;
    }
    n.end = i;
    n.text = std::string(s.substr(start, i - start));
    // The label: the clause's words before the number.
    std::size_t clause_begin = 0;
    while (clause_cursor + 1 < clauses.size() && clauses[clause_cursor + 1].begin <= start) {
      ++clause_cursor;
    }
    if (!clauses.empty() && clauses[clause_cursor].begin <= start) {
      clause_begin = clauses[clause_cursor].begin;
    }
    n.label = std::string(Trim(s.substr(clause_begin, start - clause_begin)));
    if (EndsWithAny(n.label, {"超过", "超", "约", "近", "逾", "大约", "不足", "不到", "不少于",
                              "至少", "多达", "上千", "上万"})) {
      n.approximate = true;
    }
    if (n.label.ends_with("第")) n.ordinal = true;
    out.push_back(std::move(n));
  }
  return out;
}

std::uint8_t RoundingsProducing(std::int64_t numerator, std::int64_t denominator,
                                std::int64_t shown, int decimals) {
  if (denominator <= 0 || numerator < 0) return 0;
  __int128 scale = 100 * static_cast<__int128>(Pow10(decimals));
  __int128 product = numerator * scale;
  __int128 q = product / denominator, rem = product % denominator;
  std::uint8_t modes = 0;
  if (q == shown) modes |= kTruncate;
  if (q + (rem > 0 ? 1 : 0) == shown) modes |= kCeil;
  if (q + (2 * rem >= denominator ? 1 : 0) == shown) modes |= kHalfUp;
  __int128 even = 2 * rem > denominator ? q + 1 : 2 * rem < denominator ? q : q + (q % 2);
  if (even == shown) modes |= kHalfEven;
  return modes;
}

std::uint8_t RoundingsAchievable(std::int64_t denominator, std::int64_t shown, int decimals) {
  if (denominator <= 0 || shown < 0) return 0;
  __int128 scale = 100 * static_cast<__int128>(Pow10(decimals));
  // Counts whose ratio lies within one display unit of `shown`.
  __int128 lo = (shown - 1) * static_cast<__int128>(denominator) / scale;
  __int128 hi = (shown + 1) * static_cast<__int128>(denominator) / scale + 1;
  lo = std::max<__int128>(lo, 0);
  hi = std::min<__int128>(hi, denominator);
  std::uint8_t modes = 0;
  for (__int128 k = lo; k <= hi && modes != kAllRoundings; ++k) {
    modes |= RoundingsProducing(static_cast<std::int64_t>(k), denominator, shown, decimals);
    if (k - lo > 100000) return kAllRoundings;  // a huge denominator reaches every rate
  }
  return modes;
}

namespace {

// ---------------------------------------------------------------------------------------
// Checking

std::string ModeNames(std::uint8_t modes, bool zh) {
  std::string out;
  auto add = [&](std::uint8_t bit, const char* zh_name, const char* en_name) {
    if (!(modes & bit)) return;
    if (!out.empty()) out += zh ? "、" : ", ";
    out += zh ? zh_name : en_name;
  };
  add(kTruncate, "截断", "truncation");
  add(kHalfUp, "四舍五入", "half-up");
  add(kHalfEven, "四舍六入五成双", "half-even");
  add(kCeil, "进一", "ceiling");
  return out;
}

std::string Percent(std::int64_t k, std::int64_t d, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals + 2, 100.0 * static_cast<double>(k) / d);
  return buf;
}

// The multiplier a number was written with ("万"), and its exponent.
std::pair<std::string, int> MultiplierOf(const Number& n) {
  if (n.text.find("亿") != std::string::npos) return {"亿", 8};
  if (n.text.find("万") != std::string::npos) return {"万", 4};
  if (n.text.find("千") != std::string::npos) return {"千", 3};
  return {"", 0};
}

// `v` × 10^e written as `like` was written: 652 × 10^3 like "65.2万" → "65.2万".
std::string FormatLike(__int128 v, int e, const Number& like) {
  auto [word, m] = MultiplierOf(like);
  bool negative = v < 0;
  if (negative) v = -v;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  } while (v > 0);
  int exp = e - m;
  std::string s;
  if (exp >= 0) {
    s = digits + (digits == "0" ? "" : std::string(static_cast<std::size_t>(exp), '0'));
  } else {
    auto frac = static_cast<std::size_t>(-exp);
    if (digits.size() <= frac) digits.insert(0, frac - digits.size() + 1, '0');
    digits.insert(digits.size() - frac, ".");
    while (digits.back() == '0') digits.pop_back();
    if (digits.back() == '.') digits.pop_back();
    s = digits;
  }
  return (negative ? "-" : "") + s + word;
}

std::string Written(const Number& n) { return n.text.substr(0, n.text.size() - n.unit.size()); }

Figure FigureOf(const Number& n, std::string role) {
  return {std::move(role), n.text, n.label, n.ValueString()};
}

// A rate's name: its label without trailing verbs ("纠错率达" → "纠错率").
std::string RateName(const Number& n) {
  std::string_view name = n.label;
  for (bool again = true; again;) {
    again = false;
    for (std::string_view verb : {"已达到", "达到", "已达", "达", "为", "是", "约"}) {
      if (name.ends_with(verb)) {
        name.remove_suffix(verb.size());
        name = Trim(name);
        again = true;
      }
    }
  }
  return std::string(name);
}

// A share of a whole: "…率" or "…占比" that cannot exceed 100%.
bool IsShare(std::string_view name) {
  if (!name.ends_with("率") && !name.ends_with("占比")) return false;
  return !ContainsAny(
      name, {"增",     "提高",   "提升", "上升", "下降", "降低",   "减少",   "同比", "环比",
             "比上年", "比去年", "完成", "超",   "翻",   "使用率", "利用率", "负荷", "周转",
             "回报",   "收益",   "溢价", "倍",   "变化", "变动",   "涨",     "跌"});
}

// A share counted in items (not a time or distance saved).
bool IsCountShare(std::string_view name) {
  return IsShare(name) && !ContainsAny(name, {"压缩", "时间", "时限", "跑动", "节约", "节省"});
}

// The stem of a share's name: "调解成功率" → "调解成功"; "占比" → "".
std::string ShareStem(std::string_view name) {
  if (name.ends_with("占比")) name.remove_suffix(std::string_view("占比").size());
  if (name.ends_with("率")) name.remove_suffix(std::string_view("率").size());
  for (std::string_view p : {"总体", "整体", "全市", "全区", "全县", "综合"}) {
    if (name.starts_with(p)) name.remove_prefix(p.size());
  }
  return std::string(name);
}

// Shares that 行政复议 statistics compute over 审结 cases (STANDARDS.md §11.3).
bool IsReconsiderationRate(std::string_view name) {
  return EndsWithAny(name, {"纠错率", "调解结案率", "调解率", "和解率", "维持率", "驳回率",
                            "撤销率", "变更率", "终止率"});
}

// 行政复议 outcome categories (STANDARDS.md §11.2) a part's label starts with.
std::string OutcomeOf(std::string_view label) {
  if (label.starts_with("其中")) label.remove_prefix(std::string_view("其中").size());
  for (std::string_view o : {"撤销", "变更", "确认违法", "确认无效", "责令履行", "驳回", "维持",
                             "终止", "调解", "和解", "不予受理", "其他", "其它", "其余"}) {
    if (label.starts_with(o)) return std::string(o);
  }
  return "";
}

// Whether `a` and `b` share two consecutive CJK characters.
bool ShareBigram(std::string_view a, std::string_view b) {
  for (std::size_t i = 0; i < a.size();) {
    std::size_t l1 = 0;
    char32_t c1 = DecodeAt(a, i, l1);
    if (i + l1 >= a.size()) break;
    std::size_t l2 = 0;
    char32_t c2 = DecodeAt(a, i + l1, l2);
    if (c1 >= 0x4E00 && c1 <= 0x9FFF && c2 >= 0x4E00 && c2 <= 0x9FFF &&
        b.find(a.substr(i, l1 + l2)) != std::string_view::npos) {
      return true;
    }
    i += l1;
  }
  return false;
}

// Chinese or Arabic small numerals ("三", "3") → value; -1 otherwise.
int SmallNumeral(std::string_view s) {
  static constexpr std::array<std::string_view, 11> kZh = {"零", "一", "二", "三", "四", "五",
                                                           "六", "七", "八", "九", "十"};
  for (std::size_t v = 0; v < kZh.size(); ++v)
    if (s == kZh[v]) return static_cast<int>(v);
  if (s == "两") return 2;
  if (s.size() == 1 && IsDigit(s[0])) return s[0] - '0';
  return -1;
}

// Whether `text` declares `count` categories: "三类", "2种", "四个方面".
bool DeclaresCategories(std::string_view text, std::size_t count) {
  for (std::string_view word : {"大类", "类", "种", "个方面", "方面"}) {
    for (std::size_t at = text.find(word); at != std::string_view::npos;
         at = text.find(word, at + 1)) {
      if (at == 0) continue;
      std::size_t j = at - 1;
      while (j > 0 && (static_cast<unsigned char>(text[j]) & 0xC0) == 0x80) --j;
      int v = SmallNumeral(text.substr(j, at - j));
      if (v > 0 && static_cast<std::size_t>(v) == count) return true;
    }
  }
  return false;
}

// No real sentence is longer (the seeds' longest has 719 bytes); skipping longer ones keeps
// the per-sentence quadratic matching cheap on any input.
constexpr std::size_t kMaxSentenceBytes = 4096;

struct Breakdown {
  std::size_t total = 0;           // index into the sentence's numbers
  std::vector<std::size_t> parts;  // indices
  std::size_t last_clause = 0;     // the clause of the last part
  bool exhaustive = false;
  bool reconsideration = false;
};

struct RateUse {
  std::size_t sentence = 0;  // index in the paragraph
  std::string name;
  Number rate;
  std::int64_t denominator = 0;
  std::int64_t example = 0;  // a count that shows as the rate
  std::uint8_t modes = 0;
};

struct SentenceInfo {
  std::string text;
  std::vector<Span> clauses;
  std::vector<Number> numbers;
  std::vector<std::size_t> clause_of;               // per number
  std::vector<std::vector<std::size_t>> by_clause;  // numbers per clause (+ an empty one)
  std::vector<Breakdown> breakdowns;
};

class Checker {
 public:
  CheckResult result;

  void Paragraph(std::string_view line, std::size_t index) {
    paragraph_ = index;
    uses_.clear();
    const SentenceInfo* previous = nullptr;
    SentenceInfo current, last;
    std::vector<std::string> sentences = SplitSentences(line);
    for (std::size_t s = 0; s < sentences.size(); ++s) {
      // Longer "sentences" are lists or tables without punctuation, not statements.
      if (sentences[s].size() > kMaxSentenceBytes) {
        previous = nullptr;
        continue;
      }
      current = Analyse(sentences[s]);
      sentence_index_ = s;
      checked_rates_.clear();
      CheckBreakdowns(current);
      CheckExplicitRates(current);
      CheckInferredRates(current, previous);
      CheckShares(current);
      last = std::move(current);
      previous = &last;
    }
    CheckRoundingConsistency(sentences);
  }

 private:
  std::size_t paragraph_ = 0;
  std::size_t sentence_index_ = 0;
  std::vector<RateUse> uses_;
  std::set<std::size_t> checked_rates_;  // number begins already counted in this sentence

  static SentenceInfo Analyse(std::string_view text) {
    SentenceInfo info;
    info.text = std::string(text);
    info.clauses = SplitClauses(info.text);
    info.numbers = ExtractNumbers(info.text);
    info.by_clause.resize(info.clauses.size() + 1);
    std::size_t c = 0;
    for (std::size_t k = 0; k < info.numbers.size(); ++k) {
      while (c + 1 < info.clauses.size() && info.clauses[c + 1].begin <= info.numbers[k].begin) {
        ++c;
      }
      info.clause_of.push_back(c);
      info.by_clause[c].push_back(k);
    }
    return info;
  }

  static bool ExactCount(const Number& n) { return n.IsCount() && !n.approximate && !n.rounded; }
  static bool CheckableCount(const Number& n) { return n.IsCount() && !n.approximate; }

  // Numbers of clause `c`.
  static const std::vector<std::size_t>& InClause(const SentenceInfo& s, std::size_t c) {
    return s.by_clause[std::min(c, s.by_clause.size() - 1)];
  }

  void Count(const Number& n) {
    if (checked_rates_.insert(n.begin).second) ++result.statements_checked;
  }

  // "…合计4140项，其中A 188项、B 3704项…" and "…65.2万宗，直接回复54.8万宗，转派10.4万宗".
  void CheckBreakdowns(SentenceInfo& s) {
    const std::string& t = s.text;
    for (std::string_view keyword : {"其中", "分别为", "分别是"}) {
      for (std::size_t at = t.find(keyword); at != std::string::npos;
           at = t.find(keyword, at + 1)) {
        auto b = KeywordBreakdown(s, at, keyword);
        if (b) s.breakdowns.push_back(*b);
      }
    }
    // Direct answers and dispatched orders make up everything received.
    for (std::size_t c = 0; c + 2 < s.clauses.size(); ++c) {
      const auto &n0 = InClause(s, c), &n1 = InClause(s, c + 1), &n2 = InClause(s, c + 2);
      if (n0.size() != 1 || n1.size() != 1 || n2.size() != 1) continue;
      const Number &total = s.numbers[n0[0]], &a = s.numbers[n1[0]], &b = s.numbers[n2[0]];
      if (!CheckableCount(total) || !CheckableCount(a) || !CheckableCount(b)) continue;
      if (a.unit != total.unit || b.unit != total.unit) continue;
      if (!ContainsAny(total.label, {"共", "合计", "总", "累计", "受理", "接听", "接到", "收到",
                                     "来电", "诉求"})) {
        continue;
      }
      auto direct = [](const Number& n) {
        return ContainsAny(n.label, {"直接回复", "直接答复", "直接办结", "即时办结", "当场办结",
                                     "直接解答", "即时答复"});
      };
      auto dispatched = [](const Number& n) {
        return ContainsAny(n.label, {"转派", "派单", "转办", "交办", "派发", "建单", "转交"});
      };
      if (!((direct(a) && dispatched(b)) || (dispatched(a) && direct(b)))) continue;
      Breakdown br;
      br.total = n0[0];
      br.parts = {n1[0], n2[0]};
      br.last_clause = c + 2;
      br.exhaustive = true;
      CheckSum(s, br);
      s.breakdowns.push_back(br);
    }
  }

  std::optional<Breakdown> KeywordBreakdown(const SentenceInfo& s, std::size_t at,
                                            std::string_view keyword) {
    const std::string& t = s.text;
    // The total ends right before the keyword, with only punctuation between.
    std::optional<std::size_t> total;
    for (std::size_t k = 0; k < s.numbers.size(); ++k)
      if (s.numbers[k].end <= at) total = k;
    if (!total) return std::nullopt;
    const Number& tn = s.numbers[*total];
    std::string_view between = std::string_view(t).substr(tn.end, at - tn.end);
    for (std::size_t i = 0; i < between.size();) {
      std::size_t len = 0;
      char32_t c = DecodeAt(between, i, len);
      if (!(c == U'，' || c == ',' || c == U'：' || c == ':' || IsSpace(c))) return std::nullopt;
      i += len;
    }
    if (!CheckableCount(tn)) return std::nullopt;
    // Parts: whole clauses "label N unit" after the keyword, same unit, until one is not.
    std::size_t from = at + keyword.size();
    Breakdown b;
    b.total = *total;
    std::size_t first_clause = s.clauses.size();
    for (std::size_t c = 0; c < s.clauses.size(); ++c) {
      if (s.clauses[c].end > from) {
        first_clause = c;
        break;
      }
    }
    for (std::size_t c = first_clause; c < s.clauses.size(); ++c) {
      const auto& in = InClause(s, c);
      std::vector<std::size_t> after;
      for (auto k : in)
        if (s.numbers[k].begin >= from) after.push_back(k);
      if (after.size() != 1 || in.size() != after.size()) break;
      const Number& p = s.numbers[after[0]];
      std::string_view clause_text =
          std::string_view(t).substr(s.clauses[c].begin, s.clauses[c].end - s.clauses[c].begin);
      while (!clause_text.empty()) {  // the sentence's terminator is not part of the clause
        std::size_t j = clause_text.size() - 1;
        while (j > 0 && (static_cast<unsigned char>(clause_text[j]) & 0xC0) == 0x80) --j;
        std::size_t len = 0;
        if (!IsSentenceEnd(DecodeAt(clause_text, j, len))) break;
        clause_text = Trim(clause_text.substr(0, j));
      }
      std::size_t clause_end = s.clauses[c].begin + clause_text.size();
      std::string label = p.label;
      if (std::string_view(label).starts_with(keyword)) label.erase(0, keyword.size());
      if (!CheckableCount(p) || p.unit != tn.unit || p.end != clause_end || Trim(label).empty()) {
        break;
      }
      b.parts.push_back(after[0]);
      b.last_clause = c;
    }
    if (b.parts.size() < 2) return std::nullopt;
    // Is the list meant to be complete?
    b.exhaustive = keyword != "其中";
    if (DeclaresCategories(std::string_view(t).substr(0, tn.begin), b.parts.size())) {
      b.exhaustive = true;
    }
    std::set<std::string> outcomes;
    bool all_outcomes = true;
    for (auto k : b.parts) {
      std::string o = OutcomeOf(s.numbers[k].label);
      if (o == "其他" || o == "其它" || o == "其余") b.exhaustive = true;
      if (o.empty()) all_outcomes = false;
      outcomes.insert(o);
    }
    if (all_outcomes && t.find("复议") != std::string::npos &&
        ContainsAny(tn.label, {"审结", "办结", "结案"}) && outcomes.contains("维持") &&
        outcomes.contains("驳回") && outcomes.contains("终止") &&
        (outcomes.contains("撤销") || outcomes.contains("变更") || outcomes.contains("确认违法") ||
         outcomes.contains("责令履行") || outcomes.contains("确认无效"))) {
      b.reconsideration = true;
      b.exhaustive = true;
    }
    if (b.exhaustive) CheckSum(s, b);
    return b;
  }

  void CheckSum(const SentenceInfo& s, const Breakdown& b) {
    ++result.statements_checked;
    const Number& total = s.numbers[b.total];
    int e = total.exponent;
    for (auto k : b.parts) e = std::min(e, s.numbers[k].exponent);
    __int128 sum = 0, tolerance = 0;
    auto tol = [&](const Number& n) {
      return n.rounded ? Scaled(1, n.exponent, e) : static_cast<__int128>(0);
    };
    std::string expression_zh;
    for (auto k : b.parts) {
      const Number& p = s.numbers[k];
      sum += Scaled(p.mantissa, p.exponent, e);
      tolerance += tol(p);
      if (!expression_zh.empty()) expression_zh += "+";
      expression_zh += Written(p);
    }
    tolerance += tol(total);
    __int128 stated = Scaled(total.mantissa, total.exponent, e);
    __int128 diff = stated - sum;
    if ((diff < 0 ? -diff : diff) <= tolerance) return;
    Finding f;
    f.severity = Severity::kError;
    f.kind = FindingKind::kPartsDoNotSum;
    f.paragraph = paragraph_;
    f.sentence = s.text;
    f.figures.push_back(FigureOf(total, "total"));
    for (auto k : b.parts) f.figures.push_back(FigureOf(s.numbers[k], "part"));
    std::string sum_text = FormatLike(sum, e, total);
    std::string diff_text = FormatLike(diff < 0 ? -diff : diff, e, total);
    const std::string& unit = total.unit;
    std::string tolerance_zh, tolerance_en;
    if (tolerance > 0) {
      tolerance_zh = "（已允许所述精度的舍入误差 ±" + FormatLike(tolerance, e, total) + unit + "）";
      tolerance_en = " (allowing ±" + FormatLike(tolerance, e, total) +
                     " for the rounding of the stated figures)";
    }
    f.explanation_zh = "所列" + std::to_string(b.parts.size()) + "个分项合计 " + sum_text + unit +
                       "（" + expression_zh + "），与所述总数 " + Written(total) + unit +
                       " 不符，" + (diff > 0 ? "少 " : "多 ") + diff_text + unit + tolerance_zh +
                       "。";
    f.explanation_en = "The " + std::to_string(b.parts.size()) + " parts add up to " + sum_text +
                       " (" + expression_zh + ") but the stated total is " + Written(total) + ": " +
                       diff_text + (diff > 0 ? " unaccounted for" : " too many") + tolerance_en +
                       ".";
    result.findings.push_back(std::move(f));
  }

  // "调解纠纷15207件，调解成功15021件，调解成功率98.8%": numerator and denominator stated.
  void CheckExplicitRates(const SentenceInfo& s) {
    for (std::size_t c = 2; c < s.clauses.size(); ++c) {
      const auto& in = InClause(s, c);
      if (in.size() != 1) continue;
      const Number& rate = s.numbers[in[0]];
      if (!rate.percent || rate.approximate) continue;
      std::string name = RateName(rate);
      if (!IsCountShare(name)) continue;
      const auto& prev = InClause(s, c - 1);
      if (prev.size() != 1 || !ExactCount(s.numbers[prev[0]])) continue;
      const Number& numerator = s.numbers[prev[0]];
      std::string stem = ShareStem(name);
      if (name.ends_with("率") && stem.empty()) continue;
      if (!stem.empty() && numerator.label.find(stem) == std::string::npos) continue;
      std::optional<std::size_t> denominator;
      int candidates = 0;
      for (std::size_t k = 0; k < s.numbers.size(); ++k) {
        if (s.clause_of[k] + 1 >= c) continue;
        if (ExactCount(s.numbers[k]) && s.numbers[k].unit == numerator.unit) {
          denominator = k;
          ++candidates;
        }
      }
      if (candidates != 1) continue;
      const Number& d = s.numbers[*denominator];
      if (d.mantissa < numerator.mantissa || d.mantissa <= 0 || d.exponent != 0 ||
          numerator.exponent != 0) {
        continue;
      }
      Count(rate);
      int decimals = -rate.exponent;
      std::uint8_t modes =
          RoundingsProducing(numerator.mantissa, d.mantissa, rate.mantissa, decimals);
      if (modes == 0) {
        Finding f;
        f.severity = Severity::kError;
        f.kind = FindingKind::kRateNotAchievable;
        f.paragraph = paragraph_;
        f.sentence = s.text;
        f.figures = {FigureOf(rate, "rate"), FigureOf(numerator, "numerator"),
                     FigureOf(d, "denominator")};
        std::string value = Percent(numerator.mantissa, d.mantissa, decimals);
        f.explanation_zh = std::to_string(numerator.mantissa) + " ÷ " + std::to_string(d.mantissa) +
                           " = " + value + "%，保留 " + std::to_string(decimals) +
                           " 位小数时，截断、四舍五入、四舍六入五成双、进一都得不到所述的 " +
                           rate.text + "。";
        f.explanation_en =
            std::to_string(numerator.mantissa) + " / " + std::to_string(d.mantissa) + " = " +
            value + "%: no common rounding (truncation, half-up, half-even, ceiling) to " +
            std::to_string(decimals) + " decimals gives the stated " + rate.text + ".";
        result.findings.push_back(std::move(f));
      } else {
        uses_.push_back({sentence_index_, name, rate, d.mantissa, numerator.mantissa, modes});
      }
      used_explicit_.insert(rate.begin);
    }
  }

  // Rates after a breakdown whose denominator the text implies: "审结272宗，其中…。纠错率达
  // 36.7%，调解结案率6.3%。" The denominator is inferred, so impossibility is a warning.
  void CheckInferredRates(const SentenceInfo& s, const SentenceInfo* previous) {
    std::vector<std::pair<const SentenceInfo*, const Breakdown*>> sources;
    for (const auto& b : s.breakdowns) sources.push_back({&s, &b});
    bool counts_here = std::any_of(s.numbers.begin(), s.numbers.end(),
                                   [](const Number& n) { return n.IsCount(); });
    if (previous != nullptr && !counts_here) {
      for (const auto& b : previous->breakdowns) sources.push_back({previous, &b});
    }
    for (std::size_t k = 0; k < s.numbers.size(); ++k) {
      const Number& rate = s.numbers[k];
      if (!rate.percent || rate.approximate || used_explicit_.contains(rate.begin)) continue;
      if (InClause(s, s.clause_of[k]).size() != 1) continue;
      std::string name = RateName(rate);
      if (!IsCountShare(name)) continue;
      for (auto [from, b] : sources) {
        if (from == &s && s.clause_of[k] <= b->last_clause) continue;
        const Number& total = from->numbers[b->total];
        if (!ExactCount(total) || total.mantissa <= 0) continue;
        bool related = b->reconsideration && IsReconsiderationRate(name);
        std::string stem = ShareStem(name);
        for (auto p : b->parts) {
          related = related || (!stem.empty() && ShareBigram(stem, from->numbers[p].label));
        }
        if (!related) continue;
        Count(rate);
        int decimals = -rate.exponent;
        std::uint8_t modes = RoundingsAchievable(total.mantissa, rate.mantissa, decimals);
        if (modes == 0) {
          Finding f;
          f.severity = Severity::kWarning;
          f.kind = FindingKind::kRateNotAchievable;
          f.paragraph = paragraph_;
          f.sentence = s.text;
          f.figures = {FigureOf(rate, "rate"), FigureOf(total, "denominator")};
          std::string d = std::to_string(total.mantissa);
          f.explanation_zh = "以前述总数 " + total.text + " 为分母，没有任何整数 k 使 k ÷ " + d +
                             " 在截断、四舍五入、四舍六入五成双或进一下显示为 " + rate.text +
                             "；分母系推定，请核对口径。";
          f.explanation_en = "Over the stated total " + d + ", no whole count k gives k / " + d +
                             " = " + rate.text +
                             " under truncation, half-up, half-even or ceiling; the "
                             "denominator is inferred, so check which one the report used.";
          result.findings.push_back(std::move(f));
        } else {
          std::int64_t example = 0;
          __int128 scale = 100 * static_cast<__int128>(Pow10(decimals));
          std::int64_t guess = static_cast<std::int64_t>(rate.mantissa * total.mantissa / scale);
          for (std::int64_t g = std::max<std::int64_t>(0, guess - 2); g <= guess + 3; ++g) {
            if (RoundingsProducing(g, total.mantissa, rate.mantissa, decimals) != 0) {
              example = g;
              break;
            }
          }
          uses_.push_back({sentence_index_, name, rate, total.mantissa, example, modes});
        }
        break;
      }
    }
    used_explicit_.clear();
  }

  // Shares over 100%.
  void CheckShares(const SentenceInfo& s) {
    for (const auto& n : s.numbers) {
      if (!n.percent || n.approximate) continue;
      std::string name = RateName(n);
      if (!IsShare(name)) continue;
      Count(n);
      if (Scaled(n.mantissa, n.exponent, std::min(n.exponent, 0)) <=
          Scaled(100, 0, std::min(n.exponent, 0))) {
        continue;
      }
      Finding f;
      f.severity = Severity::kError;
      f.kind = FindingKind::kPercentOver100;
      f.paragraph = paragraph_;
      f.sentence = s.text;
      f.figures = {FigureOf(n, "rate")};
      f.explanation_zh = name + " " + n.text + " 超过 100%：部分不能多于整体。";
      f.explanation_en = name + " of " + n.text + " exceeds 100%: a part cannot exceed its whole.";
      result.findings.push_back(std::move(f));
    }
  }

  // Rates of one paragraph should share one rounding rule.
  void CheckRoundingConsistency(const std::vector<std::string>& sentences) {
    std::vector<const RateUse*> telling;
    std::uint8_t common = kAllRoundings;
    for (const auto& u : uses_) {
      if (u.modes == kAllRoundings) continue;
      telling.push_back(&u);
      common &= u.modes;
    }
    if (telling.size() < 2 || common != 0) return;
    Finding f;
    f.severity = Severity::kNote;
    f.kind = FindingKind::kRoundingInconsistent;
    f.paragraph = paragraph_;
    std::set<std::size_t> quoted;
    std::string zh, en;
    for (const RateUse* u : telling) {
      if (quoted.insert(u->sentence).second) {
        if (!f.sentence.empty()) f.sentence += "……";
        f.sentence += sentences[u->sentence];
      }
      f.figures.push_back(FigureOf(u->rate, "rate"));
      int decimals = -u->rate.exponent;
      std::string example = std::to_string(u->example) + " ÷ " + std::to_string(u->denominator) +
                            " = " + Percent(u->example, u->denominator, decimals) + "%";
      if (!zh.empty()) zh += "；";
      zh += u->name + " " + u->rate.text + " 只能由" + ModeNames(u->modes, true) + "得到（如 " +
            example + "）";
      if (!en.empty()) en += "; ";
      en += u->name + " " + u->rate.text + " comes only from " + ModeNames(u->modes, false) +
            " (e.g. " + example + ")";
    }
    f.explanation_zh = "同一段落的比率无法按同一种舍入规则得出：" + zh +
                       "。请统一舍入规则（建议四舍五入）并写明分子和分母。";
    f.explanation_en = "The rates of this paragraph cannot come from one rounding rule: " + en +
                       ". Use one rule (half-up is usual) and state numerator and denominator.";
    result.findings.push_back(std::move(f));
  }

  std::set<std::size_t> used_explicit_;
};

}  // namespace

Result<CheckResult> CheckReport(std::string_view text) {
  if (text.size() > kMaxTextBytes) {
    return Fail(ErrorCode::kResourceExhausted, "report.too_large",
                "the text has " + std::to_string(text.size()) + " bytes; at most " +
                    std::to_string(kMaxTextBytes) + " are checked");
  }
  if (std::size_t bad = FirstInvalidByte(text); bad != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, "report.not_utf8",
                "the text is not UTF-8 text (invalid byte at offset " + std::to_string(bad) + ")");
  }
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a byte order mark
  Checker checker;
  std::size_t paragraph = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n' || text[i] == '\r') {
      std::string_view line = Trim(text.substr(start, i - start));
      if (!line.empty()) checker.Paragraph(line, ++paragraph);
      start = i + 1;
    }
  }
  return std::move(checker.result);
}

}  // namespace zt::figcheck
