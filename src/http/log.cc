#include <boost/json/serialize.hpp>
#include <chrono>
#include <mutex>
#include <random>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "internal.h"
#include "zt/core/time.h"

namespace zt::http::internal {
namespace {

std::shared_ptr<spdlog::logger> HttpLogger() {
  static std::mutex mu;
  std::lock_guard lock(mu);
  if (auto logger = spdlog::get("zt.http")) return logger;
  auto logger = spdlog::stdout_logger_mt("zt.http");
  logger->set_pattern("%v");
  return logger;
}

}  // namespace

void LogEvent(LogLevel level, const boost::json::object& fields) {
  static std::shared_ptr<spdlog::logger> logger = HttpLogger();
  spdlog::level::level_enum spd = level == LogLevel::kError  ? spdlog::level::err
                                  : level == LogLevel::kWarn ? spdlog::level::warn
                                                             : spdlog::level::info;
  if (!logger->should_log(spd)) return;
  boost::json::object line;
  line["ts"] = zt::FormatInstant(
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()));
  line["level"] = level == LogLevel::kError ? "error" : level == LogLevel::kWarn ? "warn" : "info";
  for (const auto& kv : fields) line[kv.key()] = kv.value();
  logger->log(spd, "{}", boost::json::serialize(line));
}

std::string GenerateRequestId() {
  thread_local std::mt19937_64 gen([] {
    std::random_device rd;
    std::seed_seq seq{rd(), rd(), rd(), rd()};
    return std::mt19937_64(seq);
  }());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(32, '0');
  std::uint64_t a = gen(), b = gen();
  for (int i = 0; i < 16; ++i) {
    id[i] = kHex[(a >> (i * 4)) & 0xF];
    id[16 + i] = kHex[(b >> (i * 4)) & 0xF];
  }
  return id;
}

bool IsSaneRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace zt::http::internal
