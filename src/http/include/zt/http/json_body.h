// File: json_body.h
//
// Strict reading of JSON request bodies. A JsonObjectReader parses (or wraps) an object,
// remembers which members were read, and collects EVERY problem — malformed JSON, missing
// or mistyped fields, out-of-range values, unknown members — into one kInvalidArgument
// Error whose FieldErrors carry JSON Pointers. Getters never fail: on a problem they
// record it and return a default, so a handler reads straight through and checks once:
//
//   JsonObjectReader r(req.body());
//   std::string name = r.RequireString("name", 1, 200);
//   std::int64_t days = r.RequireInt("statutory_limit_wd", 0, 365);
//   std::optional<std::int64_t> promised = r.OptionalInt("promised_limit_wd", 0, 365);
//   JsonObjectReader applicant = r.RequireObject("applicant");  // pointers "/applicant/..."
//   std::string id_number = applicant.RequireString("id_number", 18, 18);
//   ZT_RETURN_IF_ERROR(r.Finish());   // also reports unknown members of nested readers
//
// Message keys (translated by problem.cc): json.malformed, json.not_object, json.required,
// json.type, json.too_short, json.too_long, json.out_of_range, json.too_few_items,
// json.too_many_items, json.unknown_field, json.duplicate_key, json.nul_character,
// json.number_range, request.invalid (several fields).
//
// Readers created from one root share its error list; they are cheap handles. Not
// thread-safe: use a reader from one thread.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "zt/core/error.h"

namespace zt::http {

// Parses `body` as JSON. Returns kInvalidArgument "json.malformed" whose detail (and its
// one FieldError with pointer "") names the line, column and byte offset of the problem.
// Invalid UTF-8 is malformed. Duplicate member names ("json.duplicate_key"), U+0000 in any
// string or name ("json.nul_character") and numbers beyond double ("json.number_range", e.g.
// 1e400) are refused too, with the offending value's pointer. Thread-safe.
zt::Result<boost::json::value> ParseJson(std::string_view body);

// Escapes a member name for use inside a JSON Pointer ("a/b" -> "a~1b", "~" -> "~0").
std::string JsonPointerEscape(std::string_view name);

class JsonArrayReader;

class JsonObjectReader {
 public:
  static constexpr std::int64_t kMinInt = std::numeric_limits<std::int64_t>::min();
  static constexpr std::int64_t kMaxInt = std::numeric_limits<std::int64_t>::max();
  static constexpr std::size_t kNoLimit = std::numeric_limits<std::size_t>::max();

  // Parses `body`; a malformed body or a non-object records an error ("json.malformed",
  // "json.not_object") and the reader then behaves as an empty object whose getters
  // record nothing further.
  explicit JsonObjectReader(std::string_view body);
  // Reads an already parsed `value` (which must outlive the reader), reporting pointers
  // under `prefix` (e.g. "/form"). A non-object records "json.type" at `prefix`. (A named
  // factory: boost::json::value converts from const char*, so a constructor would make
  // JsonObjectReader r("{...}") ambiguous.)
  static JsonObjectReader FromValue(const boost::json::value& value, std::string prefix = {});
  ~JsonObjectReader();
  JsonObjectReader(const JsonObjectReader&);
  JsonObjectReader& operator=(const JsonObjectReader&);
  JsonObjectReader(JsonObjectReader&&) noexcept;
  JsonObjectReader& operator=(JsonObjectReader&&) noexcept;

  // Strings: length limits count Unicode code points, so "张三" has length 2. A missing
  // member or null records "json.required" for Require*; Optional* returns std::nullopt.
  std::string RequireString(std::string_view name, std::size_t min_len = 0,
                            std::size_t max_len = kNoLimit);
  std::optional<std::string> OptionalString(std::string_view name, std::size_t min_len = 0,
                                            std::size_t max_len = kNoLimit);
  // Integers: JSON numbers without fraction or exponent that fit int64 ("1.0" is a type
  // error), checked against [min, max] ("json.out_of_range").
  std::int64_t RequireInt(std::string_view name, std::int64_t min = kMinInt,
                          std::int64_t max = kMaxInt);
  std::optional<std::int64_t> OptionalInt(std::string_view name, std::int64_t min = kMinInt,
                                          std::int64_t max = kMaxInt);
  // Any JSON number, as a double.
  double RequireNumber(std::string_view name);
  std::optional<double> OptionalNumber(std::string_view name);
  bool RequireBool(std::string_view name);
  std::optional<bool> OptionalBool(std::string_view name);

  // Nested objects: the returned reader reports pointers under "/<name>" and shares this
  // reader's error list and unknown-member check. On a problem it reads as empty.
  JsonObjectReader RequireObject(std::string_view name);
  std::optional<JsonObjectReader> OptionalObject(std::string_view name);
  // Arrays with item-count limits ("json.too_few_items", "json.too_many_items").
  JsonArrayReader RequireArray(std::string_view name, std::size_t min_items = 0,
                               std::size_t max_items = kNoLimit);
  std::optional<JsonArrayReader> OptionalArray(std::string_view name, std::size_t min_items = 0,
                                               std::size_t max_items = kNoLimit);
  // The raw member (marked as read) for free-form content such as an application form;
  // nullptr when absent. Valid while the reader's root is alive.
  const boost::json::value* RawValue(std::string_view name);

  // True when the member is present (even if null). Does not mark it as read.
  bool Has(std::string_view name) const;

  // Records a custom validation problem for member `name` of this object (pointer
  // "<prefix>/<name>"), e.g. a domain validator's result. Use AddError(Error) to merge a
  // domain Error: its field pointers are prefixed with this reader's pointer.
  void AddFieldError(std::string_view name, std::string key, std::string detail);
  void AddError(zt::Error error);

  // The JSON Pointer of this object ("" for the root).
  const std::string& pointer() const;
  // True while no problem has been recorded (unknown members are found only by Finish).
  bool ok() const;

  // Checks every reader sharing this root for members that were never read (each
  // "json.unknown_field" at "/<name>"), then returns Ok or one kInvalidArgument Error
  // holding all FieldErrors. With one problem the Error's key and detail are that
  // problem's; with several, key "request.invalid". Call once, on the root reader.
  zt::Status Finish();

  struct State;  // implementation detail: the shared parsed value, scopes and errors

 private:
  friend class JsonArrayReader;
  JsonObjectReader(std::shared_ptr<State> state, std::size_t scope);
  std::shared_ptr<State> state_;
  std::size_t scope_ = 0;
};

// Reads array items with pointer-aware errors ("/materials/2/name"). Shares its root's
// error list. Not thread-safe.
class JsonArrayReader {
 public:
  ~JsonArrayReader();
  JsonArrayReader(const JsonArrayReader&);
  JsonArrayReader& operator=(const JsonArrayReader&);
  JsonArrayReader(JsonArrayReader&&) noexcept;
  JsonArrayReader& operator=(JsonArrayReader&&) noexcept;

  // Number of items (0 when the array was missing or mistyped).
  std::size_t size() const;
  // Item `index` as an object reader (records "json.type" if not an object).
  JsonObjectReader ObjectAt(std::size_t index);
  // Item `index` as a string / integer, with the same checks as the object getters.
  std::string StringAt(std::size_t index, std::size_t min_len = 0,
                       std::size_t max_len = JsonObjectReader::kNoLimit);
  std::int64_t IntAt(std::size_t index, std::int64_t min = JsonObjectReader::kMinInt,
                     std::int64_t max = JsonObjectReader::kMaxInt);
  // Raw item, or nullptr when out of range.
  const boost::json::value* RawAt(std::size_t index) const;
  const std::string& pointer() const { return pointer_; }

 private:
  friend class JsonObjectReader;
  JsonArrayReader(std::shared_ptr<JsonObjectReader::State> state, const boost::json::array* array,
                  std::string pointer);
  std::shared_ptr<JsonObjectReader::State> state_;
  const boost::json::array* array_ = nullptr;
  std::string pointer_;
};

}  // namespace zt::http
