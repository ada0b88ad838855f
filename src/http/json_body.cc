#include "zt/http/json_body.h"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/stream_parser.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <deque>
#include <set>

#include <fmt/format.h>

namespace zt::http {

namespace json = boost::json;

namespace {

std::size_t CodePoints(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string_view KindName(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "a number";
    case json::kind::string:
      return "a string";
    case json::kind::array:
      return "an array";
    case json::kind::object:
      return "an object";
  }
  return "a value";
}

std::string TypeDetail(std::string_view expected, const json::value& got) {
  return fmt::format("expected {}, got {}", expected, KindName(got));
}

// INP-02: what Boost.JSON accepts but a request body may not hold. Run over text that
// already parsed, it refuses duplicate member names (Boost keeps the last one silently, so
// two readers of one body could disagree), U+0000 in strings and names (PostgreSQL text
// cannot hold it; SQLite would store it) and numbers beyond double (1e400 parses as
// infinity). It names the first offending value by its JSON Pointer.
class BodyRules {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  struct Problem {
    std::string pointer, key, detail;
  };
  std::optional<Problem> problem;

  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }
  bool on_array_begin(boost::system::error_code&) {
    frames_.push_back({false});
    return true;
  }
  bool on_array_end(std::size_t, boost::system::error_code&) { return EndContainer(); }
  bool on_object_begin(boost::system::error_code&) {
    frames_.push_back({true});
    return true;
  }
  bool on_object_end(std::size_t, boost::system::error_code&) { return EndContainer(); }
  bool on_string_part(json::string_view s, std::size_t, boost::system::error_code& ec) {
    return NoNul(s, Pointer(), ec);
  }
  bool on_string(json::string_view s, std::size_t, boost::system::error_code& ec) {
    return NoNul(s, Pointer(), ec) && ValueDone();
  }
  bool on_key_part(json::string_view s, std::size_t, boost::system::error_code&) {
    frames_.back().key.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t, boost::system::error_code& ec) {
    Frame& f = frames_.back();
    f.key.append(s.data(), s.size());
    if (!NoNul(f.key, Pointer(), ec)) return false;
    if (!f.keys.insert(f.key).second) {
      return Refuse(Pointer(), "json.duplicate_key",
                    fmt::format("the member \"{}\" appears more than once", f.key), ec);
    }
    return true;
  }
  bool on_number_part(json::string_view, boost::system::error_code&) { return true; }
  bool on_int64(std::int64_t, json::string_view, boost::system::error_code&) { return ValueDone(); }
  bool on_uint64(std::uint64_t, json::string_view, boost::system::error_code&) {
    return ValueDone();
  }
  bool on_double(double d, json::string_view, boost::system::error_code& ec) {
    if (!std::isfinite(d)) {
      return Refuse(Pointer(), "json.number_range", "the number is beyond the range of a double",
                    ec);
    }
    return ValueDone();
  }
  bool on_bool(bool, boost::system::error_code&) { return ValueDone(); }
  bool on_null(boost::system::error_code&) { return ValueDone(); }
  bool on_comment_part(json::string_view, boost::system::error_code&) { return true; }
  bool on_comment(json::string_view, boost::system::error_code&) { return true; }

 private:
  struct Frame {
    bool object;
    std::size_t index = 0;                    // arrays: the current element
    std::string key;                          // objects: the current member
    std::set<std::string, std::less<>> keys;  // objects: the members so far
  };
  std::vector<Frame> frames_;

  std::string Pointer() const {
    std::string out;
    for (const Frame& f : frames_) {
      out += '/';
      out += f.object ? JsonPointerEscape(f.key) : std::to_string(f.index);
    }
    return out;
  }
  bool ValueDone() {
    if (frames_.empty()) return true;
    Frame& f = frames_.back();
    if (f.object) {
      f.key.clear();
    } else {
      ++f.index;
    }
    return true;
  }
  bool EndContainer() {
    frames_.pop_back();
    return ValueDone();
  }
  bool NoNul(std::string_view s, std::string pointer, boost::system::error_code& ec) {
    if (s.find('\0') == std::string_view::npos) return true;
    return Refuse(std::move(pointer), "json.nul_character",
                  "text may not contain the NUL character (U+0000)", ec);
  }
  bool Refuse(std::string pointer, std::string key, std::string detail,
              boost::system::error_code& ec) {
    problem = Problem{std::move(pointer), std::move(key), std::move(detail)};
    ec = json::error::extra_data;  // any error stops the parser; `problem` says which
    return false;
  }
};

std::optional<BodyRules::Problem> CheckBodyRules(std::string_view body) {
  json::basic_parser<BodyRules> checker(json::parse_options{});
  boost::system::error_code ec;
  checker.write_some(false, body.data(), body.size(), ec);
  return std::move(checker.handler().problem);
}

}  // namespace

std::string JsonPointerEscape(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

zt::Result<json::value> ParseJson(std::string_view body) {
  json::stream_parser parser;
  boost::system::error_code ec;
  std::size_t consumed = parser.write_some(body.data(), body.size(), ec);
  std::size_t offset = consumed;
  std::string problem;
  if (ec) {
    problem = ec.message();
  } else {
    std::size_t rest = consumed;
    while (rest < body.size() &&
           (body[rest] == ' ' || body[rest] == '\t' || body[rest] == '\n' || body[rest] == '\r')) {
      ++rest;
    }
    if (rest < body.size()) {
      problem = "unexpected data after the JSON value";
      offset = rest;
    } else {
      parser.finish(ec);
      if (ec) {
        problem = body.empty() ? "empty body" : "incomplete JSON";
        offset = body.size();
      }
    }
  }
  if (problem.empty()) {
    if (auto broken = CheckBodyRules(body)) {
      std::vector<zt::FieldError> fields{{broken->pointer, broken->key, broken->detail}};
      return zt::Fail(zt::ErrorCode::kInvalidArgument, broken->key, broken->detail,
                      std::move(fields));
    }
    return parser.release();
  }
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < body.size(); ++i) {
    if (body[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(body[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  std::string detail =
      fmt::format("{} at line {}, column {} (byte offset {})", problem, line, column, offset);
  return zt::FieldFail("", "json.malformed", std::move(detail));
}

struct JsonObjectReader::State {
  struct Scope {
    const json::object* object = nullptr;  // nullptr: failed scope, reads as empty
    std::string pointer;
    std::set<std::string, std::less<>> read;
  };
  json::value root;  // owned when the reader parsed the body
  std::deque<Scope> scopes;
  std::vector<zt::FieldError> errors;
  std::vector<zt::Error> merged;  // whole Errors added with AddError, kept for their key

  std::size_t AddScope(const json::object* object, std::string pointer) {
    scopes.push_back({object, std::move(pointer), {}});
    return scopes.size() - 1;
  }
  void Fail(std::string pointer, std::string key, std::string detail) {
    errors.push_back({std::move(pointer), std::move(key), std::move(detail)});
  }
};

JsonObjectReader::JsonObjectReader(std::shared_ptr<State> state, std::size_t scope)
    : state_(std::move(state)), scope_(scope) {}

JsonObjectReader::JsonObjectReader(std::string_view body) : state_(std::make_shared<State>()) {
  auto parsed = ParseJson(body);
  if (!parsed) {
    state_->errors = parsed.error().fields();
    scope_ = state_->AddScope(nullptr, "");
    return;
  }
  state_->root = std::move(*parsed);
  if (!state_->root.is_object()) {
    state_->Fail("", "json.not_object", TypeDetail("an object", state_->root));
    scope_ = state_->AddScope(nullptr, "");
    return;
  }
  scope_ = state_->AddScope(&state_->root.get_object(), "");
}

JsonObjectReader JsonObjectReader::FromValue(const json::value& value, std::string prefix) {
  auto state = std::make_shared<State>();
  std::size_t scope;
  if (!value.is_object()) {
    state->Fail(prefix, "json.type", TypeDetail("an object", value));
    scope = state->AddScope(nullptr, std::move(prefix));
  } else {
    scope = state->AddScope(&value.get_object(), std::move(prefix));
  }
  return JsonObjectReader(std::move(state), scope);
}

JsonObjectReader::~JsonObjectReader() = default;
JsonObjectReader::JsonObjectReader(const JsonObjectReader&) = default;
JsonObjectReader& JsonObjectReader::operator=(const JsonObjectReader&) = default;
JsonObjectReader::JsonObjectReader(JsonObjectReader&&) noexcept = default;
JsonObjectReader& JsonObjectReader::operator=(JsonObjectReader&&) noexcept = default;

// The scope this reader reads.
#define ZT_SCOPE (state_->scopes[scope_])

const std::string& JsonObjectReader::pointer() const { return ZT_SCOPE.pointer; }

bool JsonObjectReader::ok() const { return state_->errors.empty() && state_->merged.empty(); }

bool JsonObjectReader::Has(std::string_view name) const {
  const auto* obj = ZT_SCOPE.object;
  return obj && obj->find(name) != obj->end();
}

void JsonObjectReader::AddFieldError(std::string_view name, std::string key, std::string detail) {
  state_->Fail(ZT_SCOPE.pointer + "/" + JsonPointerEscape(name), std::move(key), std::move(detail));
}

void JsonObjectReader::AddError(zt::Error error) {
  error.WithPointerPrefix(ZT_SCOPE.pointer);
  if (error.fields().empty()) {
    state_->Fail(ZT_SCOPE.pointer, error.key(), error.detail());
  } else {
    for (const auto& f : error.fields()) state_->errors.push_back(f);
  }
}

// Finds member `name`; returns {nullptr, true} when the scope failed (nothing to record),
// {nullptr, false} when absent or null, else the value. Marks the member as read.
static std::pair<const json::value*, bool> FindMember(JsonObjectReader::State& state,
                                                      std::size_t scope, std::string_view name) {
  auto& sc = state.scopes[scope];
  if (!sc.object) return {nullptr, true};
  sc.read.emplace(name);
  auto it = sc.object->find(name);
  if (it == sc.object->end() || it->value().is_null()) return {nullptr, false};
  return {&it->value(), false};
}

namespace {

std::string Ptr(const std::string& base, std::string_view name) {
  return base + "/" + JsonPointerEscape(name);
}

// Checks a string value; records problems into `state`. Returns the string or "".
template <class StateT>
std::optional<std::string> CheckString(StateT& state, const json::value& v, const std::string& ptr,
                                       std::size_t min_len, std::size_t max_len) {
  if (!v.is_string()) {
    state.Fail(ptr, "json.type", TypeDetail("a string", v));
    return std::nullopt;
  }
  std::string s(v.get_string().data(), v.get_string().size());
  std::size_t n = CodePoints(s);
  if (n < min_len) {
    state.Fail(ptr, "json.too_short", fmt::format("at least {} characters", min_len));
    return std::nullopt;
  }
  if (n > max_len) {
    state.Fail(ptr, "json.too_long", fmt::format("at most {} characters", max_len));
    return std::nullopt;
  }
  return s;
}

template <class StateT>
std::optional<std::int64_t> CheckInt(StateT& state, const json::value& v, const std::string& ptr,
                                     std::int64_t min, std::int64_t max) {
  std::int64_t n = 0;
  if (v.is_int64()) {
    n = v.get_int64();
  } else if (v.is_uint64()) {
    // Larger than int64 max: always out of any int64 range.
    state.Fail(ptr, "json.out_of_range", fmt::format("must be between {} and {}", min, max));
    return std::nullopt;
  } else {
    state.Fail(ptr, "json.type", TypeDetail("an integer", v));
    return std::nullopt;
  }
  if (n < min || n > max) {
    state.Fail(ptr, "json.out_of_range", fmt::format("must be between {} and {}", min, max));
    return std::nullopt;
  }
  return n;
}

}  // namespace

std::string JsonObjectReader::RequireString(std::string_view name, std::size_t min_len,
                                            std::size_t max_len) {
  auto [v, failed] = FindMember(*state_, scope_, name);
  if (failed) return {};
  if (!v) {
    state_->Fail(Ptr(ZT_SCOPE.pointer, name), "json.required", "required");
    return {};
  }
  return CheckString(*state_, *v, Ptr(ZT_SCOPE.pointer, name), min_len, max_len).value_or("");
}

std::optional<std::string> JsonObjectReader::OptionalString(std::string_view name,
                                                            std::size_t min_len,
                                                            std::size_t max_len) {
  auto [v, failed] = FindMember(*state_, scope_, name);
  if (!v) return std::nullopt;
  return CheckString(*state_, *v, Ptr(ZT_SCOPE.pointer, name), min_len, max_len);
}

std::int64_t JsonObjectReader::RequireInt(std::string_view name, std::int64_t min,
                                          std::int64_t max) {
  auto [v, failed] = FindMember(*state_, scope_, name);
  if (failed) return 0;
  if (!v) {
    state_->Fail(Ptr(ZT_SCOPE.pointer, name), "json.required", "required");
    return 0;
  }
  return CheckInt(*state_, *v, Ptr(ZT_SCOPE.pointer, name), min, max).value_or(0);
}

std::optional<std::int64_t> JsonObjectReader::OptionalInt(std::string_view name, std::int64_t min,
                                                          std::int64_t max) {
  auto [v, failed] = FindMember(*state_, scope_, name);
  if (!v) return std::nullopt;
  return CheckInt(*state_, *v, Ptr(ZT_SCOPE.pointer, name), min, max);
}

double JsonObjectReader::RequireNumber(std::string_view name) {
  auto [v, failed] = FindMember(*state_, scope_, name);
  if (failed) return 0;
  if (!v) {
    state_->Fail(Ptr(ZT_SCOPE.pointer, name), "json.required", "required");
    return 0;
  }
  if (!v->is_number()) {
    state_->Fail(Ptr(ZT_SCOPE.pointer, name), "json.type", TypeDetail("a number", *v));
    return 0;
  }
  return v->to_number<double>();
}

std::optional<double> JsonObjectReader::OptionalNumber(std::string_view name) {
  auto [v, failed] = FindMember(*state_, scope_, name);
  if (!v) return std::nullopt;
  if (!v->is_number()) {
    state_->Fail(Ptr(ZT_SCOPE.pointer, name), "json.type", TypeDetail("a number", *v));
    return std::nullopt;
  }
  return v->to_number<double>();
}

bool JsonObjectReader::RequireBool(std::string_view name) {
  auto [v, failed] = FindMember(*state_, scope_, name);
  if (failed) return false;
  if (!v) {
    state_->Fail(Ptr(ZT_SCOPE.pointer, name), "json.required", "required");
    return false;
  }
  if (!v->is_bool()) {
    state_->Fail(Ptr(ZT_SCOPE.pointer, name), "json.type", TypeDetail("a boolean", *v));
    return false;
  }
  return v->get_bool();
}

std::optional<bool> JsonObjectReader::OptionalBool(std::string_view name) {
  auto [v, failed] = FindMember(*state_, scope_, name);
  if (!v) return std::nullopt;
  if (!v->is_bool()) {
    state_->Fail(Ptr(ZT_SCOPE.pointer, name), "json.type", TypeDetail("a boolean", *v));
    return std::nullopt;
  }
  return v->get_bool();
}

JsonObjectReader JsonObjectReader::RequireObject(std::string_view name) {
  std::string ptr = Ptr(ZT_SCOPE.pointer, name);
  auto [v, failed] = FindMember(*state_, scope_, name);
  if (!failed && !v) state_->Fail(ptr, "json.required", "required");
  if (v && !v->is_object()) state_->Fail(ptr, "json.type", TypeDetail("an object", *v));
  const json::object* obj = (v && v->is_object()) ? &v->get_object() : nullptr;
  std::size_t scope = state_->AddScope(obj, std::move(ptr));
  return JsonObjectReader(state_, scope);
}

std::optional<JsonObjectReader> JsonObjectReader::OptionalObject(std::string_view name) {
  std::string ptr = Ptr(ZT_SCOPE.pointer, name);
  auto [v, failed] = FindMember(*state_, scope_, name);
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    state_->Fail(ptr, "json.type", TypeDetail("an object", *v));
    return std::nullopt;
  }
  std::size_t scope = state_->AddScope(&v->get_object(), std::move(ptr));
  return JsonObjectReader(state_, scope);
}

namespace {

template <class StateT>
const json::array* CheckArray(StateT& state, const json::value& v, const std::string& ptr,
                              std::size_t min_items, std::size_t max_items) {
  if (!v.is_array()) {
    state.Fail(ptr, "json.type", TypeDetail("an array", v));
    return nullptr;
  }
  const json::array& a = v.get_array();
  if (a.size() < min_items) {
    state.Fail(ptr, "json.too_few_items", fmt::format("at least {} items", min_items));
  } else if (a.size() > max_items) {
    state.Fail(ptr, "json.too_many_items", fmt::format("at most {} items", max_items));
    return nullptr;
  }
  return &a;
}

}  // namespace

JsonArrayReader JsonObjectReader::RequireArray(std::string_view name, std::size_t min_items,
                                               std::size_t max_items) {
  std::string ptr = Ptr(ZT_SCOPE.pointer, name);
  auto [v, failed] = FindMember(*state_, scope_, name);
  if (!failed && !v) state_->Fail(ptr, "json.required", "required");
  const json::array* a = v ? CheckArray(*state_, *v, ptr, min_items, max_items) : nullptr;
  return JsonArrayReader(state_, a, std::move(ptr));
}

std::optional<JsonArrayReader> JsonObjectReader::OptionalArray(std::string_view name,
                                                               std::size_t min_items,
                                                               std::size_t max_items) {
  std::string ptr = Ptr(ZT_SCOPE.pointer, name);
  auto [v, failed] = FindMember(*state_, scope_, name);
  if (!v) return std::nullopt;
  const json::array* a = CheckArray(*state_, *v, ptr, min_items, max_items);
  if (!a) return std::nullopt;
  return JsonArrayReader(state_, a, std::move(ptr));
}

const json::value* JsonObjectReader::RawValue(std::string_view name) {
  auto& sc = ZT_SCOPE;
  if (!sc.object) return nullptr;
  sc.read.emplace(name);
  auto it = sc.object->find(name);
  return it == sc.object->end() ? nullptr : &it->value();
}

zt::Status JsonObjectReader::Finish() {
  std::vector<zt::FieldError> all = state_->errors;
  for (const auto& sc : state_->scopes) {
    if (!sc.object) continue;
    for (const auto& kv : *sc.object) {
      std::string_view key(kv.key().data(), kv.key().size());
      if (sc.read.contains(key)) continue;
      all.push_back(
          {Ptr(sc.pointer, key), "json.unknown_field", fmt::format("unknown field \"{}\"", key)});
    }
  }
  if (all.empty()) return zt::Ok();
  if (all.size() == 1) {
    std::string key = all[0].key, detail = all[0].detail;
    return zt::Fail(zt::ErrorCode::kInvalidArgument, std::move(key), std::move(detail),
                    std::move(all));
  }
  std::string detail = fmt::format("{} problems:", all.size());
  for (std::size_t i = 0; i < all.size() && i < 10; ++i) {
    detail += (i ? ", " : " ") + (all[i].pointer.empty() ? std::string("(body)") : all[i].pointer);
  }
  return zt::Fail(zt::ErrorCode::kInvalidArgument, "request.invalid", std::move(detail),
                  std::move(all));
}

#undef ZT_SCOPE

JsonArrayReader::JsonArrayReader(std::shared_ptr<JsonObjectReader::State> state,
                                 const json::array* array, std::string pointer)
    : state_(std::move(state)), array_(array), pointer_(std::move(pointer)) {}
JsonArrayReader::~JsonArrayReader() = default;
JsonArrayReader::JsonArrayReader(const JsonArrayReader&) = default;
JsonArrayReader& JsonArrayReader::operator=(const JsonArrayReader&) = default;
JsonArrayReader::JsonArrayReader(JsonArrayReader&&) noexcept = default;
JsonArrayReader& JsonArrayReader::operator=(JsonArrayReader&&) noexcept = default;

std::size_t JsonArrayReader::size() const { return array_ ? array_->size() : 0; }

const json::value* JsonArrayReader::RawAt(std::size_t index) const {
  return (array_ && index < array_->size()) ? &(*array_)[index] : nullptr;
}

JsonObjectReader JsonArrayReader::ObjectAt(std::size_t index) {
  std::string ptr = pointer_ + "/" + std::to_string(index);
  const json::value* v = RawAt(index);
  if (v && !v->is_object()) state_->Fail(ptr, "json.type", TypeDetail("an object", *v));
  const json::object* obj = (v && v->is_object()) ? &v->get_object() : nullptr;
  std::size_t scope = state_->AddScope(obj, std::move(ptr));
  return JsonObjectReader(state_, scope);
}

std::string JsonArrayReader::StringAt(std::size_t index, std::size_t min_len, std::size_t max_len) {
  const json::value* v = RawAt(index);
  if (!v) return {};
  return CheckString(*state_, *v, pointer_ + "/" + std::to_string(index), min_len, max_len)
      .value_or("");
}

std::int64_t JsonArrayReader::IntAt(std::size_t index, std::int64_t min, std::int64_t max) {
  const json::value* v = RawAt(index);
  if (!v) return 0;
  return CheckInt(*state_, *v, pointer_ + "/" + std::to_string(index), min, max).value_or(0);
}

}  // namespace zt::http
