// Private helpers shared by the http module's .cc files. Not installed, not public.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

namespace zt::http::internal {

enum class LogLevel { kInfo, kWarn, kError };

// Writes `fields` as one JSON line, with "ts" (RFC 3339, +08:00) and "level" first, to
// the spdlog logger "zt.http" (created on stdout with pattern "%v" when absent). The
// JSON is built with Boost.JSON, so quotes in values never break the line. Thread-safe.
void LogEvent(LogLevel level, const boost::json::object& fields);

// 32 lower-case hex characters from a per-thread random generator. Thread-safe.
std::string GenerateRequestId();

// True for 1..64 characters of [A-Za-z0-9._-]: safe to echo and log.
bool IsSaneRequestId(std::string_view id);

}  // namespace zt::http::internal
