#include "zt/catalog/life_event.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "zt/core/text.h"

namespace zt::catalog {
namespace {

bool IsCodeChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
         c == '_';
}

bool LengthWithin(std::string_view text, std::size_t min, std::size_t max) {
  std::size_t n = Utf8Length(text);
  return n >= min && n <= max;
}

// Full-width forms people and documents mix freely with ASCII ones.
struct Fold {
  std::string_view from;
  std::string_view to;
};
constexpr std::array<Fold, 9> kFolds{{
    {"（", "("},
    {"）", ")"},
    {"【", "("},
    {"】", ")"},
    {"《", ""},
    {"》", ""},
    {"　", ""},
    {"，", ","},
    {"、", ","},
}};

}  // namespace

std::string_view AudienceName(Audience a) {
  return a == Audience::kPerson ? "person" : "enterprise";
}
Result<Audience> ParseAudience(std::string_view name) {
  if (name == "person") return Audience::kPerson;
  if (name == "enterprise") return Audience::kEnterprise;
  return Fail(ErrorCode::kInvalidArgument, "life_event.audience_unknown",
              "audience is person or enterprise");
}

Status Validate(const LifeEvent& event) {
  std::vector<FieldError> errors;
  if (event.code.size() < 4 || event.code.size() > 64 ||
      !std::ranges::all_of(event.code, IsCodeChar)) {
    errors.push_back({"/code", "life_event.code_format", "4 to 64 letters, digits, '-' or '_'"});
  }
  if (!LengthWithin(event.name, 1, 100)) {
    errors.push_back({"/name", "life_event.name_invalid", "1 to 100 characters"});
  }
  if (Utf8Length(event.description) > 2000) {
    errors.push_back({"/description", "life_event.description_too_long", "at most 2000"});
  }
  if (event.item_ids.size() < 2 || event.item_ids.size() > 50) {
    errors.push_back({"/item_ids", "life_event.items_count", "2 to 50 items"});
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < event.item_ids.size(); ++i) {
    if (!seen.insert(event.item_ids[i].value()).second) {
      errors.push_back({"/item_ids/" + std::to_string(i), "life_event.item_repeated",
                        "an item appears once in a life event"});
    }
  }
  if (event.keywords.size() > 20) {
    errors.push_back({"/keywords", "life_event.keywords_count", "at most 20 keywords"});
  }
  for (std::size_t i = 0; i < event.keywords.size() && i < 20; ++i) {
    if (!LengthWithin(event.keywords[i], 1, 20)) {
      errors.push_back(
          {"/keywords/" + std::to_string(i), "life_event.keyword_invalid", "1 to 20 characters"});
    }
  }
  if (!errors.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "life_event.invalid",
                std::to_string(errors.size()) + " problem(s) in the life event", std::move(errors));
  }
  return {};
}

std::string MaterialKey(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  std::size_t i = 0;
  while (i < name.size()) {
    bool folded = false;
    for (const Fold& f : kFolds) {
      if (name.substr(i).starts_with(f.from)) {
        out += f.to;
        i += f.from.size();
        folded = true;
        break;
      }
    }
    if (folded) continue;
    char c = name[i++];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out += c;
  }
  return out;
}

std::vector<std::string> ChangedFields(const LifeEvent& before, const LifeEvent& after) {
  std::vector<std::string> out;
  if (before.name != after.name) out.emplace_back("name");
  if (before.audience != after.audience) out.emplace_back("audience");
  if (before.description != after.description) out.emplace_back("description");
  if (before.item_ids != after.item_ids) out.emplace_back("item_ids");
  if (before.keywords != after.keywords) out.emplace_back("keywords");
  return out;
}

bool InForceAt(const LifeEvent& revision, Date date) {
  return revision.effective_from <= date &&
         (!revision.effective_to || date <= *revision.effective_to);
}

std::vector<CombinedMaterial> CombineMaterials(const std::vector<ServiceItem>& items) {
  std::vector<CombinedMaterial> out;
  std::map<std::string, std::size_t> index_of;
  for (const ServiceItem& item : items) {
    for (const Material& m : item.materials) {
      std::string key = MaterialKey(m.name);
      auto [at, inserted] = index_of.emplace(key, out.size());
      if (inserted) out.push_back({m.name, false, true, "", {}});
      CombinedMaterial& c = out[at->second];
      c.required = c.required || m.required;
      c.secondary = c.secondary && m.secondary;
      if (c.licence_type_code.empty()) c.licence_type_code = m.licence_type_code;
      if (c.item_ids.empty() || c.item_ids.back() != item.id) c.item_ids.push_back(item.id);
    }
  }
  return out;
}

}  // namespace zt::catalog
