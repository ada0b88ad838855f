// The TOML reader of case types. toml++ is used without exceptions: every problem becomes a
// value (case_type.invalid naming the line), so nothing escapes this file.
#define TOML_EXCEPTIONS 0
#include "zt/caseflow/case_type_file.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <toml++/toml.h>

#include "case_type_sources.h"

namespace zt::caseflow {
namespace {

class Reader {
 public:
  explicit Reader(std::string_view source) : source_(source) {}

  Error Bad(const toml::node* at, const std::string& what) const {
    std::string where(source_);
    if (at != nullptr) where += ":" + std::to_string(at->source().begin.line);
    return Error(ErrorCode::kInvalidArgument, "case_type.invalid", where + ": " + what);
  }

  // Refuses keys the format does not know: a misspelt key must not be silently ignored.
  std::optional<Error> OnlyKeys(const toml::table& table, const std::set<std::string>& known,
                                const std::string& what) const {
    for (auto&& [key, node] : table) {
      if (!known.contains(std::string(key.str()))) {
        return Bad(&node, "unknown key '" + std::string(key.str()) + "' in " + what);
      }
    }
    return std::nullopt;
  }

  Result<std::string> String(const toml::table& t, const char* key, bool required,
                             std::string fallback = "") const {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      if (required) return std::unexpected(Bad(nullptr, std::string(key) + " is required"));
      return fallback;
    }
    auto v = n->value_exact<std::string>();
    if (!v) return std::unexpected(Bad(n, std::string(key) + " must be a string"));
    return *v;
  }

  Result<int> Int(const toml::table& t, const char* key, int fallback) const {
    const toml::node* n = t.get(key);
    if (n == nullptr) return fallback;
    auto v = n->value_exact<std::int64_t>();
    if (!v || *v < 0 || *v > 10000) {
      return std::unexpected(Bad(n, std::string(key) + " must be an integer in 0..10000"));
    }
    return static_cast<int>(*v);
  }

  Result<bool> Bool(const toml::table& t, const char* key) const {
    const toml::node* n = t.get(key);
    if (n == nullptr) return false;
    auto v = n->value_exact<bool>();
    if (!v) return std::unexpected(Bad(n, std::string(key) + " must be true or false"));
    return *v;
  }

  Result<std::vector<std::string>> Strings(const toml::table& t, const char* key) const {
    std::vector<std::string> out;
    const toml::node* n = t.get(key);
    if (n == nullptr) return out;
    const toml::array* a = n->as_array();
    if (a == nullptr) return std::unexpected(Bad(n, std::string(key) + " must be an array"));
    for (const auto& element : *a) {
      auto v = element.value_exact<std::string>();
      if (!v) return std::unexpected(Bad(&element, std::string(key) + " holds a non-string"));
      out.push_back(*v);
    }
    return out;
  }

  Result<std::vector<const toml::table*>> Tables(const toml::table& t, const char* key) const {
    std::vector<const toml::table*> out;
    const toml::node* n = t.get(key);
    if (n == nullptr) return out;
    const toml::array* a = n->as_array();
    if (a == nullptr) return std::unexpected(Bad(n, std::string("[[") + key + "]] expected"));
    for (const auto& element : *a) {
      const toml::table* table = element.as_table();
      if (table == nullptr) return std::unexpected(Bad(&element, std::string(key) + " entry"));
      out.push_back(table);
    }
    return out;
  }

 private:
  std::string_view source_;
};

Result<ClockSpec> ReadClock(const Reader& r, const toml::table& t) {
  if (auto bad = r.OnlyKeys(t,
                            {"name", "unit", "limit", "limit_from", "runs_in", "paused_by",
                             "yellow_days", "red_days"},
                            "[[clocks]]")) {
    return std::unexpected(*bad);
  }
  ClockSpec c;
  ZT_ASSIGN_OR_RETURN(c.name, r.String(t, "name", true));
  ZT_ASSIGN_OR_RETURN(std::string unit, r.String(t, "unit", false, "working_days"));
  if (unit != "working_days" && unit != "calendar_days") {
    return std::unexpected(
        r.Bad(t.get("unit"), "unit must be \"working_days\" or \"calendar_days\""));
  }
  c.working_days = unit == "working_days";
  ZT_ASSIGN_OR_RETURN(c.limit, r.Int(t, "limit", 0));
  ZT_ASSIGN_OR_RETURN(std::string from, r.String(t, "limit_from", false));
  if (!from.empty() && from != "item") {
    return std::unexpected(r.Bad(t.get("limit_from"), "limit_from must be \"item\""));
  }
  c.limit_from_item = from == "item";
  ZT_ASSIGN_OR_RETURN(c.runs_in, r.Strings(t, "runs_in"));
  ZT_ASSIGN_OR_RETURN(c.paused_by, r.Strings(t, "paused_by"));
  ZT_ASSIGN_OR_RETURN(c.yellow_days, r.Int(t, "yellow_days", 2));
  ZT_ASSIGN_OR_RETURN(c.red_days, r.Int(t, "red_days", 0));
  return c;
}

Result<Transition> ReadTransition(const Reader& r, const toml::table& t) {
  if (auto bad = r.OnlyKeys(t, {"name",         "from",          "to",
                                "roles",        "applicant_may", "required_fields",
                                "event",        "scope",         "opens_pause",
                                "closes_pause", "starts_clock",  "extends_clock",
                                "max_days",     "once",          "opens_task",
                                "task_days",    "closes_task",   "blocked_by_tasks",
                                "outcome",      "guard",         "not_by_handler"},
                            "[[transitions]]")) {
    return std::unexpected(*bad);
  }
  Transition x;
  ZT_ASSIGN_OR_RETURN(x.name, r.String(t, "name", true));
  ZT_ASSIGN_OR_RETURN(x.from, r.Strings(t, "from"));
  ZT_ASSIGN_OR_RETURN(x.to, r.String(t, "to", true));
  ZT_ASSIGN_OR_RETURN(auto roles, r.Strings(t, "roles"));
  for (const auto& name : roles) {
    auto role = accounts::ParseRole(name);
    if (!role || *role == accounts::Role::kCitizen) {
      return std::unexpected(r.Bad(t.get("roles"), "transition " + x.name +
                                                       ": unknown staff role " + name +
                                                       " (the applicant is applicant_may = true)"));
    }
    x.roles.push_back(*role);
  }
  ZT_ASSIGN_OR_RETURN(x.applicant_may, r.Bool(t, "applicant_may"));
  ZT_ASSIGN_OR_RETURN(x.required_fields, r.Strings(t, "required_fields"));
  ZT_ASSIGN_OR_RETURN(x.event, r.String(t, "event", true));
  ZT_ASSIGN_OR_RETURN(x.scope, r.String(t, "scope", false, "department"));
  ZT_ASSIGN_OR_RETURN(x.opens_pause, r.String(t, "opens_pause", false));
  ZT_ASSIGN_OR_RETURN(x.closes_pause, r.Bool(t, "closes_pause"));
  ZT_ASSIGN_OR_RETURN(x.starts_clock, r.String(t, "starts_clock", false));
  ZT_ASSIGN_OR_RETURN(x.extends_clock, r.String(t, "extends_clock", false));
  ZT_ASSIGN_OR_RETURN(x.max_days, r.Int(t, "max_days", 0));
  ZT_ASSIGN_OR_RETURN(x.once, r.Bool(t, "once"));
  ZT_ASSIGN_OR_RETURN(x.opens_task, r.String(t, "opens_task", false));
  ZT_ASSIGN_OR_RETURN(x.task_days, r.Int(t, "task_days", 0));
  ZT_ASSIGN_OR_RETURN(x.closes_task, r.String(t, "closes_task", false));
  ZT_ASSIGN_OR_RETURN(x.blocked_by_tasks, r.Strings(t, "blocked_by_tasks"));
  ZT_ASSIGN_OR_RETURN(x.outcome, r.String(t, "outcome", false));
  ZT_ASSIGN_OR_RETURN(x.guard, r.String(t, "guard", false));
  ZT_ASSIGN_OR_RETURN(x.not_by_handler, r.Bool(t, "not_by_handler"));
  return x;
}

struct Loaded {
  Status status = Ok();
  std::map<std::string, CaseType, std::less<>> types;
};

const Loaded& BuiltIns() {
  static const Loaded loaded = [] {
    Loaded out;
    for (const auto& source : internal::BuiltInCaseTypeSources()) {
      auto type = ParseCaseType(source.text, "data/case_types/" + source.file_name);
      if (!type) {
        out.status = std::unexpected(type.error());
        out.types.clear();
        return out;
      }
      std::string expected_name = source.file_name.substr(0, source.file_name.rfind('.'));
      if (type->name != expected_name) {
        out.status = Fail(
            ErrorCode::kInvalidArgument, "case_type.invalid",
            source.file_name + ": the file must be named after its type (" + type->name + ".toml)");
        out.types.clear();
        return out;
      }
      out.types.emplace(type->name, std::move(*type));
    }
    return out;
  }();
  return loaded;
}

// The line of the first non-ASCII byte outside strings and comments, where TOML allows none.
// toml++ 3.3.0 reaches __builtin_unreachable() (undefined behaviour) when it asks whether such
// a character (e.g. U+00A7 "§") is whitespace, so these are refused before it sees them.
// Found by fuzzing (tests/fuzz/corpus/case_type/regression-*).
std::optional<int> NonAsciiOutsideStrings(std::string_view text) {
  enum class In { kCode, kComment, kBasic, kLiteral, kMultiBasic, kMultiLiteral };
  In in = In::kCode;
  int line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      ++line;
      if (in == In::kComment || in == In::kBasic || in == In::kLiteral) in = In::kCode;
      continue;
    }
    auto starts = [&](std::string_view s) { return text.substr(i, s.size()) == s; };
    // A closing triple quote may be followed by up to two more quotes, which belong to it.
    auto close_triple = [&](char q) {
      i += 2;
      for (int extra = 0; extra < 2 && i + 1 < text.size() && text[i + 1] == q; ++extra) ++i;
      in = In::kCode;
    };
    switch (in) {
      case In::kCode:
        if (static_cast<unsigned char>(c) >= 0x80) return line;
        if (c == '#') {
          in = In::kComment;
        } else if (starts("\"\"\"")) {
          in = In::kMultiBasic;
          i += 2;
        } else if (starts("'''")) {
          in = In::kMultiLiteral;
          i += 2;
        } else if (c == '"') {
          in = In::kBasic;
        } else if (c == '\'') {
          in = In::kLiteral;
        }
        break;
      case In::kComment:
        break;
      case In::kBasic:
        if (c == '\\') {
          ++i;
        } else if (c == '"') {
          in = In::kCode;
        }
        break;
      case In::kLiteral:
        if (c == '\'') in = In::kCode;
        break;
      case In::kMultiBasic:
        if (c == '\\') {
          // A line-ending backslash: toml++ skips the whitespace after it the same way.
          std::size_t j = text.find_first_not_of(" \t", i + 1);
          if (j != std::string_view::npos && (text[j] == '\n' || text[j] == '\r')) {
            std::size_t k = text.find_first_not_of(" \t\r\n", j);
            if (k != std::string_view::npos && static_cast<unsigned char>(text[k]) >= 0x80) {
              return line + static_cast<int>(std::count(text.begin() + j, text.begin() + k, '\n'));
            }
          }
          ++i;
        } else if (starts("\"\"\"")) {
          close_triple('"');
        }
        break;
      case In::kMultiLiteral:
        if (starts("'''")) close_triple('\'');
        break;
    }
  }
  return std::nullopt;
}

}  // namespace

Result<CaseType> ParseCaseType(std::string_view toml_text, std::string_view source_name) {
  Reader r(source_name);
  if (std::optional<int> line = NonAsciiOutsideStrings(toml_text)) {
    return Fail(ErrorCode::kInvalidArgument, "case_type.invalid",
                std::string(source_name) + ":" + std::to_string(*line) +
                    ": a character outside ASCII outside a string or comment");
  }
  toml::parse_result parsed = toml::parse(toml_text, source_name);
  if (!parsed) {
    const auto& e = parsed.error();
    return Fail(ErrorCode::kInvalidArgument, "case_type.invalid",
                std::string(source_name) + ":" + std::to_string(e.source().begin.line) + ": " +
                    std::string(e.description()));
  }
  const toml::table& root = parsed.table();
  if (auto bad = r.OnlyKeys(
          root,
          {"name", "title", "initial_state", "states", "terminal_states", "clocks", "transitions"},
          "the case type")) {
    return std::unexpected(*bad);
  }
  CaseType type;
  ZT_ASSIGN_OR_RETURN(type.name, r.String(root, "name", true));
  ZT_ASSIGN_OR_RETURN(type.title, r.String(root, "title", false));
  ZT_ASSIGN_OR_RETURN(type.initial_state, r.String(root, "initial_state", true));
  ZT_ASSIGN_OR_RETURN(type.states, r.Strings(root, "states"));
  ZT_ASSIGN_OR_RETURN(type.terminal_states, r.Strings(root, "terminal_states"));
  ZT_ASSIGN_OR_RETURN(auto clocks, r.Tables(root, "clocks"));
  for (const toml::table* t : clocks) {
    ZT_ASSIGN_OR_RETURN(auto clock, ReadClock(r, *t));
    type.clocks.push_back(std::move(clock));
  }
  ZT_ASSIGN_OR_RETURN(auto transitions, r.Tables(root, "transitions"));
  for (const toml::table* t : transitions) {
    ZT_ASSIGN_OR_RETURN(auto transition, ReadTransition(r, *t));
    type.transitions.push_back(std::move(transition));
  }
  if (auto valid = ValidateCaseType(type); !valid) {
    return Fail(ErrorCode::kInvalidArgument, "case_type.invalid",
                std::string(source_name) + ": " + valid.error().detail());
  }
  return type;
}

Status LoadBuiltInCaseTypes() { return BuiltIns().status; }

const CaseType* FindCaseType(std::string_view name) {
  const auto& loaded = BuiltIns();
  auto it = loaded.types.find(name);
  return it == loaded.types.end() ? nullptr : &it->second;
}

std::vector<std::string> BuiltInCaseTypeNames() {
  std::vector<std::string> out;
  for (const auto& [name, type] : BuiltIns().types) out.push_back(name);
  return out;
}

}  // namespace zt::caseflow
