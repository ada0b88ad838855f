#include "zt/hotline/matters.h"

#include <algorithm>
#include <set>

#include "zt/core/region_code.h"
#include "zt/core/text.h"

namespace zt::hotline {
namespace {

constexpr const char* kTypeCodes[] = {"consult", "help",       "complaint",
                                      "report",  "suggestion", "praise"};

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

const std::vector<TypeRule>& DefaultTypeRules() {
  static const std::vector<TypeRule> rules = {
      {"consult", "咨询", 2, true},     {"help", "求助", 10, true},
      {"complaint", "投诉", 15, true},  {"report", "举报", 15, true},
      {"suggestion", "建议", 10, true}, {"praise", "表扬", 10, true},
  };
  return rules;
}

Status ValidateTypeRules(std::span<const TypeRule> rules) {
  auto bad = [](const std::string& what) {
    return Fail(ErrorCode::kInvalidArgument, "hotline.type_rules_invalid", what);
  };
  std::set<std::string> seen;
  for (const auto& r : rules) {
    if (std::find(std::begin(kTypeCodes), std::end(kTypeCodes), r.code) == std::end(kTypeCodes)) {
      return bad("unknown matter type " + r.code);
    }
    if (!seen.insert(r.code).second) return bad("matter type " + r.code + " listed twice");
    if (r.limit_days < 1 || r.limit_days > 60) return bad("limit of " + r.code + " not in 1..60");
    if (r.name_zh.empty()) return bad("matter type " + r.code + " has no name");
  }
  if (seen.size() != std::size(kTypeCodes)) return bad("every matter type needs a deadline");
  return Ok();
}

const TypeRule* FindTypeRule(std::span<const TypeRule> rules, std::string_view code) {
  for (const auto& r : rules) {
    if (r.code == code) return &r;
  }
  return nullptr;
}

bool IsKnownSource(std::string_view source) {
  return std::find(std::begin(kSourceLines), std::end(kSourceLines), source) !=
         std::end(kSourceLines);
}

const std::vector<Category>& DefaultCategories() {
  static const std::vector<Category> tree = {
      {"01", "城乡建设", "Urban construction"},
      {"0101", "市政设施", "Municipal facilities"},
      {"0102", "住房物业", "Housing and property management"},
      {"0103", "违法建设", "Illegal construction"},
      {"02", "生态环境", "Environment"},
      {"0201", "噪声污染", "Noise"},
      {"0202", "大气污染", "Air pollution"},
      {"0203", "水污染", "Water pollution"},
      {"03", "交通出行", "Transport"},
      {"0301", "公交出租", "Buses and taxis"},
      {"0302", "道路交通", "Roads and traffic"},
      {"04", "市场监管", "Market regulation"},
      {"0401", "消费维权", "Consumer rights"},
      {"0402", "食品安全", "Food safety"},
      {"05", "社会保障", "Social security"},
      {"0501", "社保医保", "Social and medical insurance"},
      {"0502", "劳动工资", "Labour and wages"},
      {"06", "政务服务", "Government services"},
      {"0601", "办事咨询", "How to apply"},
      {"0602", "服务作风", "Conduct of staff"},
      {"09", "其他", "Other"},
      {"0901", "其他事项", "Other matters"},
  };
  return tree;
}

Status ValidateCategories(std::span<const Category> tree) {
  auto bad = [](const std::string& what) {
    return Fail(ErrorCode::kInvalidArgument, "hotline.categories_invalid", what);
  };
  std::set<std::string> seen;
  for (const auto& c : tree) {
    if (!IsDigits(c.code) || (c.code.size() != 2 && c.code.size() != 4)) {
      return bad("category code " + c.code + " is not 2 or 4 digits");
    }
    if (!seen.insert(c.code).second) return bad("category " + c.code + " listed twice");
    if (c.name_zh.empty()) return bad("category " + c.code + " has no name");
  }
  for (const auto& c : tree) {
    if (c.code.size() == 4 && !seen.contains(c.code.substr(0, 2))) {
      return bad("category " + c.code + " has no parent");
    }
  }
  return Ok();
}

const Category* FindCategory(std::span<const Category> tree, std::string_view code) {
  for (const auto& c : tree) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

bool IsLeafCategory(std::span<const Category> tree, std::string_view code) {
  if (FindCategory(tree, code) == nullptr) return false;
  return std::none_of(tree.begin(), tree.end(), [&](const Category& c) {
    return c.code.size() > code.size() && c.code.starts_with(code);
  });
}

std::optional<DepartmentId> RouteMatter(std::span<const RoutingRule> rules,
                                        std::string_view category_code,
                                        std::string_view region_code) {
  const RoutingRule* best = nullptr;
  for (const auto& r : rules) {
    if (!category_code.starts_with(r.category_prefix) || !region_code.starts_with(r.region_prefix))
      continue;
    if (best == nullptr || r.category_prefix.size() > best->category_prefix.size() ||
        (r.category_prefix.size() == best->category_prefix.size() &&
         r.region_prefix.size() > best->region_prefix.size())) {
      best = &r;
    }
  }
  if (best == nullptr) return std::nullopt;
  return best->department_id;
}

std::string NormalizeAddress(std::string_view address) {
  // Dropped: ASCII spaces and punctuation, and the CJK space and punctuation people type
  // between the parts of an address (，。、　－).
  static constexpr std::string_view kDropped[] = {"\xE3\x80\x80", "\xEF\xBC\x8C", "\xE3\x80\x82",
                                                  "\xE3\x80\x81", "\xEF\xBC\x8D"};
  std::string out;
  for (std::size_t i = 0; i < address.size();) {
    bool dropped = false;
    for (std::string_view d : kDropped) {
      if (address.substr(i).starts_with(d)) {
        i += d.size();
        dropped = true;
        break;
      }
    }
    if (dropped) continue;
    char c = address[i];
    if (c == ' ' || c == '\t' || c == ',' || c == '.' || c == '-' || c == '#') {
      ++i;
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

std::vector<DuplicateHit> FindPossibleDuplicates(const DuplicateKey& probe,
                                                 std::span<const DuplicateKey> recent,
                                                 std::chrono::hours window) {
  std::vector<DuplicateHit> hits;
  const std::string place = NormalizeAddress(probe.address);
  for (const auto& other : recent) {
    if (!probe.id.empty() && other.id == probe.id) continue;
    if (other.category_code != probe.category_code || other.region_code != probe.region_code)
      continue;
    auto gap = probe.received_at - other.received_at;
    if (gap < -window || gap > window) continue;
    const std::string other_place = NormalizeAddress(other.address);
    bool same_caller = !probe.caller_phone.empty() && other.caller_phone == probe.caller_phone;
    bool same_place = !place.empty() && !other_place.empty() &&
                      (place.find(other_place) != std::string::npos ||
                       other_place.find(place) != std::string::npos);
    // A caller who gives no address twice about one topic is still the same matter.
    if (same_caller && place.empty() && other_place.empty()) same_place = true;
    if (!same_place) continue;
    hits.push_back({other.id, other.number, same_caller ? "same_caller" : "same_place"});
  }
  std::stable_sort(hits.begin(), hits.end(), [](const DuplicateHit& a, const DuplicateHit& b) {
    return a.reason == "same_caller" && b.reason != "same_caller";
  });
  return hits;
}

Status ValidateIntake(const IntakeDraft& d, std::span<const TypeRule> rules,
                      std::span<const Category> tree) {
  std::vector<FieldError> errors;
  if (d.matter_type.empty()) {
    errors.push_back({"/matter_type", "hotline.type_required", "a matter needs a type"});
  } else if (FindTypeRule(rules, d.matter_type) == nullptr) {
    errors.push_back({"/matter_type", "hotline.type_unknown",
                      "type must be consult, help, complaint, report, suggestion or praise"});
  }
  if (!RegionCode::Parse(d.region_code)) {
    errors.push_back({"/region_code", "hotline.region_invalid", "not a valid region code"});
  }
  if (!IsLeafCategory(tree, d.category_code)) {
    errors.push_back(
        {"/category_code", "hotline.category_unknown", "not a category of the tree's last level"});
  }
  if (!IsKnownSource(d.source)) {
    errors.push_back({"/source", "hotline.source_unknown",
                      "source must be phone, web, app, sms, email or open311"});
  }
  std::size_t title = Utf8Length(d.title);
  if (title < 1 || title > 100) {
    errors.push_back({"/title", "hotline.text_length", "a title needs 1 to 100 characters"});
  }
  std::size_t content = Utf8Length(d.content);
  if (content < 1 || content > 4000) {
    errors.push_back({"/content", "hotline.text_length", "content needs 1 to 4000 characters"});
  }
  if (Utf8Length(d.address) > 200) {
    errors.push_back({"/address", "hotline.text_length", "an address has at most 200 characters"});
  }
  if (Utf8Length(d.caller_name) > 50) {
    errors.push_back({"/caller_name", "hotline.text_length", "a name has at most 50 characters"});
  }
  if (!d.caller_phone.empty()) {
    // Landlines (0759-3331234) call the hotline too: digits with an optional +, - and spaces.
    std::size_t digits = 0;
    bool ok = true;
    for (char c : d.caller_phone) {
      if (c >= '0' && c <= '9') {
        ++digits;
      } else if (c != '-' && c != ' ' && c != '+') {
        ok = false;
      }
    }
    if (!ok || digits < 5 || digits > 15) {
      errors.push_back({"/caller_phone", "phone.format", "a telephone number has 5 to 15 digits"});
    }
  }
  if (errors.empty()) return Ok();
  std::string key = errors.front().key;
  return Fail(ErrorCode::kInvalidArgument, key, "the matter has invalid fields", std::move(errors));
}

}  // namespace zt::hotline
