// File: matters.h
//
// What a 12345 matter (诉求) is made of, as configuration and pure rules: the six matter
// types and their handling deadlines (STANDARDS.md §7.1, 广东省12345管理办法: 咨询 2, 求助 and
// 建议 10, 投诉 and 举报 15 working days from receipt), the source lines, the category tree,
// the routing rules (category × region → department) and possible-duplicate detection.
//
//   auto rules = zt::hotline::DefaultTypeRules();            // validated configuration
//   const TypeRule* r = FindTypeRule(rules, "complaint");     // 投诉, 15 working days
//   auto dept = RouteMatter(routing, "0201", "440802");       // 噪声 in 赤坎 → the 生态环境 office
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"
#include "zt/core/ids.h"
#include "zt/core/time.h"

namespace zt::hotline {

// One matter type and its deadline. `limit_days` counts working days from the day of receipt
// (the receipt day itself is not counted), or calendar days when working_days is false.
struct TypeRule {
  std::string code;     // "consult" | "help" | "complaint" | "report" | "suggestion" | "praise"
  std::string name_zh;  // 咨询, 求助, 投诉, 举报, 建议, 表扬
  int limit_days = 0;
  bool working_days = true;
};

// The default table: 咨询 2, 求助 10, 投诉 15, 举报 15, 建议 10 working days (Guangdong);
// 表扬 10 working days (INFERRED: the rules set none; it is forwarded like a 建议).
const std::vector<TypeRule>& DefaultTypeRules();
// Every one of the six codes exactly once, limits in 1..60. kInvalidArgument
// "hotline.type_rules_invalid" naming the first problem.
Status ValidateTypeRules(std::span<const TypeRule> rules);
const TypeRule* FindTypeRule(std::span<const TypeRule> rules, std::string_view code);

// Source lines through which a matter arrives (the 55 merged lines arrive as "phone").
inline constexpr const char* kSourceLines[] = {"phone", "web", "app", "sms", "email", "open311"};
bool IsKnownSource(std::string_view source);

// The category tree: a child's code extends its parent's by two digits ("02" 生态环境 →
// "0201" 噪声污染). Matters are filed under a leaf.
struct Category {
  std::string code;
  std::string name_zh;
  std::string name_en;
};
const std::vector<Category>& DefaultCategories();
// Codes are 2 or 4 digits, unique, every 4-digit code's 2-digit parent exists.
Status ValidateCategories(std::span<const Category> tree);
const Category* FindCategory(std::span<const Category> tree, std::string_view code);
bool IsLeafCategory(std::span<const Category> tree, std::string_view code);

// Routing (派单目录): the most specific rule wins, first by the longer category prefix, then
// by the longer region prefix; an empty prefix matches everything.
struct RoutingRule {
  std::string category_prefix;
  std::string region_prefix;
  DepartmentId department_id;
};
std::optional<DepartmentId> RouteMatter(std::span<const RoutingRule> rules,
                                        std::string_view category_code,
                                        std::string_view region_code);

// Possible duplicates (并单, STANDARDS.md §7.1): the same topic (category) at the same place
// (region, and addresses equal once spaces and punctuation are dropped, or one containing
// the other) within the window. "same_caller" when the caller's number matches too,
// "same_place" otherwise (another caller about the same thing).
struct DuplicateKey {
  CaseId id;
  std::string number;
  std::string caller_phone;
  std::string region_code;
  std::string address;
  std::string category_code;
  Instant received_at{};
};
struct DuplicateHit {
  CaseId id;
  std::string number;
  std::string reason;  // "same_caller" | "same_place"
};
inline constexpr std::chrono::hours kDuplicateWindow{72};
std::string NormalizeAddress(std::string_view address);
std::vector<DuplicateHit> FindPossibleDuplicates(const DuplicateKey& probe,
                                                 std::span<const DuplicateKey> recent,
                                                 std::chrono::hours window = kDuplicateWindow);

// The agent's intake form, before any store lookup.
struct IntakeDraft {
  std::string source = "phone";
  std::string caller_name;
  std::string caller_phone;
  bool confidential = false;  // 保密: the caller asked to stay anonymous to the department
  std::string matter_type;
  std::string category_code;
  std::string region_code;
  std::string address;
  std::string title;
  std::string content;
  bool urgent = false;
};
// Every field error at once: /matter_type (hotline.type_required, hotline.type_unknown),
// /region_code (hotline.region_invalid), /category_code (hotline.category_unknown),
// /source (hotline.source_unknown), /title, /content (hotline.text_length), /caller_phone
// (phone.format), /address (hotline.text_length). The first error's key is the error's key.
Status ValidateIntake(const IntakeDraft& draft, std::span<const TypeRule> rules,
                      std::span<const Category> tree);

}  // namespace zt::hotline
