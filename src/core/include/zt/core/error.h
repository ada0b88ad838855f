// File: error.h
//
// The one error vocabulary of zhengtong. Every function that can fail for a reason a user
// or operator should hear about returns `Result<T>` (a value or an `Error`) or `Status`.
// Exceptions never cross a module boundary: adapters catch them and return an `Error`.
//
//   Result<Receipt> r = service.Accept(case_id, actor, version);
//   if (!r) return r.error();          // or ZT_ASSIGN_OR_RETURN(auto receipt, ...)
//
// Choosing a code (after absl::StatusCode, applied to our cases):
//   kInvalidArgument    the input itself is wrong whatever the state of the system: a bad
//                       ID number, a date that does not exist, a missing required field.
//                       Carry one FieldError per offending field.
//   kNotFound           the named thing does not exist (or the caller may not know it does).
//   kAlreadyExists      a create collides with an existing record (duplicate item code).
//   kFailedPrecondition the system is not in a state that allows this: approving a
//                       withdrawn application, a deadline in a year with no holiday data.
//                       Retrying will not help until the state changes.
//   kAborted            a concurrency conflict: the If-Match version is stale. Re-read and
//                       retry the read-modify-write.
//   kPreconditionRequired a mutating request on an existing record came without If-Match.
//   kPermissionDenied   the caller is known but may not do this (role, region, department).
//   kUnauthenticated    no valid session or credentials.
//   kResourceExhausted  a limit was hit: body too large, too many attempts.
//   kUnavailable        a dependency is down (database); retrying later may succeed.
//   kInternal           a broken invariant or an unexpected adapter failure.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zt {

enum class ErrorCode : std::uint8_t {
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,
  kAborted,
  kPreconditionRequired,
  kPermissionDenied,
  kUnauthenticated,
  kResourceExhausted,
  kUnavailable,
  kInternal,
};

// Stable machine name of a code ("invalid_argument", ...), used in logs and problem types.
std::string_view ErrorCodeName(ErrorCode code);

// One problem with one input field. `pointer` is a JSON Pointer into the request body
// ("/applicant/id_number") or a parameter name ("If-Match"). `key` is a stable message key
// that the edge translates ("id_number.check_digit"); `detail` an English fallback with
// the specifics.
struct FieldError {
  std::string pointer;
  std::string key;
  std::string detail;
};

class [[nodiscard]] Error {
 public:
  // `key` is a stable message key such as "case.transition_not_allowed"; `detail` is an
  // English sentence with the specifics, safe to show to the caller (no SQL, no paths).
  Error(ErrorCode code, std::string key, std::string detail = {},
        std::vector<FieldError> fields = {})
      : code_(code), key_(std::move(key)), detail_(std::move(detail)), fields_(std::move(fields)) {}

  ErrorCode code() const { return code_; }
  const std::string& key() const { return key_; }
  const std::string& detail() const { return detail_; }
  const std::vector<FieldError>& fields() const { return fields_; }

  // Prefixes every field pointer, so a nested validator's errors land at the right path.
  Error& WithPointerPrefix(std::string_view prefix);

  std::string ToString() const;

 private:
  ErrorCode code_;
  std::string key_;
  std::string detail_;
  std::vector<FieldError> fields_;
};

template <class T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> Fail(ErrorCode code, std::string key, std::string detail = {},
                                   std::vector<FieldError> fields = {}) {
  return std::unexpected<Error>(Error(code, std::move(key), std::move(detail), std::move(fields)));
}

// A validation failure naming one field.
inline std::unexpected<Error> FieldFail(std::string pointer, std::string key, std::string detail) {
  std::vector<FieldError> fields{{std::move(pointer), key, detail}};
  return Fail(ErrorCode::kInvalidArgument, std::move(key), std::move(detail), std::move(fields));
}

inline Status Ok() { return {}; }

}  // namespace zt

#define ZT_INTERNAL_CONCAT2(a, b) a##b
#define ZT_INTERNAL_CONCAT(a, b) ZT_INTERNAL_CONCAT2(a, b)

// Returns the error of `expr` (a Status or Result) from the enclosing function.
#define ZT_RETURN_IF_ERROR(expr)                                 \
  do {                                                           \
    auto&& zt_status_ = (expr);                                  \
    if (!zt_status_) return std::unexpected(zt_status_.error()); \
  } while (false)

// `lhs` = value of the Result `expr`, or returns its error from the enclosing function.
#define ZT_ASSIGN_OR_RETURN(lhs, expr) \
  ZT_INTERNAL_ASSIGN_OR_RETURN(ZT_INTERNAL_CONCAT(zt_result_, __LINE__), lhs, expr)
#define ZT_INTERNAL_ASSIGN_OR_RETURN(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp) return std::unexpected(tmp.error());     \
  lhs = std::move(*tmp)
