// File: figcheck.h
//
// The figure check of a written report (法治政府建设年度报告 and the like): reads the plain
// text, extracts the stated totals, parts and rates, and lists every statement whose figures
// cannot all be true (docs/figcheck.md; STANDARDS.md §16 holds the worked examples).
//
//   auto result = zt::figcheck::CheckReport(text);
//   if (!result) return result.error();             // not UTF-8, too large
//   for (const auto& f : result->findings) ...      // severity, kind, sentence, figures
//
// Precision over recall: a pattern the checker does not recognise for certain is skipped,
// never guessed at. Pure: takes text, returns findings; no I/O, no clock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"

namespace zt::figcheck {

// The largest text CheckReport accepts (1 MiB, the API's body limit).
inline constexpr std::size_t kMaxTextBytes = 1024 * 1024;

enum class Severity : std::uint8_t {
  kError,    // the figures cannot all be true as stated
  kWarning,  // impossible under a denominator the checker inferred rather than read
  kNote,     // each figure is possible, but not under one rounding convention
};

enum class FindingKind : std::uint8_t {
  kPartsDoNotSum,         // an exhaustive breakdown does not add up to its total
  kRateNotAchievable,     // no whole count over the denominator displays as the stated rate
  kPercentOver100,        // a share (…率, 占比) above 100%
  kRoundingInconsistent,  // rates of one paragraph need incompatible rounding rules
};

// Rounding rules a displayed rate may have been produced with; a bit set.
enum Rounding : std::uint8_t {
  kTruncate = 1,  // 截断 (toward zero)
  kHalfUp = 2,    // 四舍五入
  kHalfEven = 4,  // 四舍六入五成双
  kCeil = 8,      // 进一
  kAllRoundings = 15,
};

// "error", "warning", "note".
std::string_view SeverityName(Severity severity);
// "parts_do_not_sum", "rate_not_achievable", "percent_over_100", "rounding_inconsistent".
std::string_view KindName(FindingKind kind);

// One number as written in the text.
struct Number {
  std::int64_t mantissa = 0;  // value = mantissa × 10^exponent ("65.2万" = 652 × 10^3)
  int exponent = 0;
  bool percent = false;      // "36.7%"
  bool rounded = false;      // written with a 万/亿/千 multiplier or decimals: ± 1 unit of
                             // its last digit
  bool approximate = false;  // 余/多/超/约/近/以上, or a range "3-4": not a figure to check
  bool ordinal = false;      // 第 10
  std::string unit;          // measure word: "宗", "项", "人次"; empty when none
  std::string text;          // as written: "65.2万宗"
  std::string label;         // the words before it in its clause: "直接回复"
  std::size_t begin = 0;     // byte offsets in the sentence (begin of digits, end of unit)
  std::size_t end = 0;

  // A count of things: a measure word, not a percentage, date, time span or ordinal.
  bool IsCount() const;
  // The value as an exact decimal string: "652000", "36.7".
  std::string ValueString() const;
};

// One figure a finding is about.
struct Figure {
  std::string role;   // "total", "part", "numerator", "denominator", "rate"
  std::string text;   // as written
  std::string label;  // the words before it
  std::string value;  // exact decimal value
};

struct Finding {
  Severity severity = Severity::kError;
  FindingKind kind = FindingKind::kPartsDoNotSum;
  std::size_t paragraph = 0;  // 1-based, counting non-empty lines
  std::string sentence;       // quoted as written
  std::vector<Figure> figures;
  std::string explanation_zh;
  std::string explanation_en;
};

struct CheckResult {
  std::vector<Finding> findings;  // in text order; a paragraph's rounding note after it
  int statements_checked = 0;     // breakdowns, rates and shares actually checked
};

// Splits one paragraph into sentences at 。；！？ (and ; ! ?). Terminators stay with their
// sentence; surrounding whitespace is trimmed; empty sentences are dropped.
std::vector<std::string> SplitSentences(std::string_view paragraph);

// The numbers of one sentence, in order. Never fails: what it cannot read it leaves out.
std::vector<Number> ExtractNumbers(std::string_view sentence);

// The rounding rules under which `numerator` ÷ `denominator`, as a percentage with
// `decimals` decimals, displays as `shown` (the percentage × 10^decimals, e.g. 367 for
// 36.7% with decimals 1). A bit set of Rounding; 0 when none. denominator must be > 0.
std::uint8_t RoundingsProducing(std::int64_t numerator, std::int64_t denominator,
                                std::int64_t shown, int decimals);

// The rounding rules under which some whole count 0..denominator gives `shown`; 0 when no
// count does (the rate is not achievable over this denominator).
std::uint8_t RoundingsAchievable(std::int64_t denominator, std::int64_t shown, int decimals);

// Checks the figures of a report. Paragraphs are lines.
// Errors: invalid_argument "report.not_utf8" when `text` is not UTF-8 text (invalid byte
// sequence or a NUL byte; the detail names the byte offset); resource_exhausted
// "report.too_large" above kMaxTextBytes.
Result<CheckResult> CheckReport(std::string_view text);

}  // namespace zt::figcheck
