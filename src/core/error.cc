#include "zt/core/error.h"

namespace zt {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kAlreadyExists:
      return "already_exists";
    case ErrorCode::kFailedPrecondition:
      return "failed_precondition";
    case ErrorCode::kAborted:
      return "aborted";
    case ErrorCode::kPreconditionRequired:
      return "precondition_required";
    case ErrorCode::kPermissionDenied:
      return "permission_denied";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kResourceExhausted:
      return "resource_exhausted";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

Error& Error::WithPointerPrefix(std::string_view prefix) {
  for (auto& f : fields_) f.pointer = std::string(prefix) + f.pointer;
  return *this;
}

std::string Error::ToString() const {
  std::string out(ErrorCodeName(code_));
  out += ": ";
  out += key_;
  if (!detail_.empty()) {
    out += ": ";
    out += detail_;
  }
  for (const auto& f : fields_) {
    out += " [" + f.pointer + " " + f.key + "]";
  }
  return out;
}

}  // namespace zt
