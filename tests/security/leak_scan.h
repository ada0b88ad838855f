// INP-08: what an error answer must never contain — stack traces, SQL statement text or
// driver names, file paths of the build or host, exception type names. Shared by
// error_leak_test.cc (malformed input to every route) and injection_test.cc (payloads).
#pragma once

#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace zt::testing {

struct LeakRule {
  const char* name;
  std::regex pattern;
};

inline const std::vector<LeakRule>& LeakRules() {
  using std::regex;
  constexpr auto kIcase = regex::ECMAScript | regex::icase;
  static const std::vector<LeakRule> rules = {
      // Stack traces: backtrace frames, sanitizer and libstdc++ terminate texts.
      {"stack frame", regex(R"(#[0-9]+ +0x[0-9a-fA-F]+)")},
      {"stack trace", regex(R"(stack ?trace|backtrace|terminate called|Traceback)", kIcase)},
      // SQL in statement form (upper case, as our statements are written) and driver names.
      {"SQL SELECT…FROM", regex(R"(SELECT\s[^"]{0,200}?\sFROM\s)")},
      {"SQL INSERT INTO", regex(R"(INSERT\s+INTO\s)")},
      {"SQL UPDATE…SET", regex(R"(UPDATE\s+[A-Za-z_]+\s+SET\s)")},
      {"SQL DELETE FROM", regex(R"(DELETE\s+FROM\s)")},
      {"SQL DDL", regex(R"((CREATE|DROP|ALTER)\s+(TABLE|INDEX|TRIGGER)\s)")},
      {"database driver", regex(R"(sqlite|postgres|libpq|SQLSTATE|pg_catalog)", kIcase)},
      {"PostgreSQL error text",
       regex(R"(ERROR:\s|syntax error at or near|violates \w+ constraint)")},
      {"SQLite error code",
       regex(R"(SQLITE_[A-Z]+|no such (table|column)|UNIQUE constraint failed)")},
      // File paths of sources and hosts.
      {"source path", regex(R"(/src/|\.cc:|\.cpp:|\.h:[0-9])")},
      {"host path", regex(R"(/home/|/tmp/|/usr/|/root/|/work/|/var/|/etc/)")},
      // Exception type names and texts.
      {"exception type", regex(R"(std::|boost::|what\(\):|bad_alloc|out_of_range|logic_error)")},
  };
  return rules;
}

// The names of the rules `body` breaks; empty when it discloses nothing.
inline std::vector<std::string> ScanForLeaks(std::string_view body) {
  std::vector<std::string> found;
  const std::string text(body);
  for (const LeakRule& rule : LeakRules()) {
    if (std::regex_search(text, rule.pattern)) found.emplace_back(rule.name);
  }
  return found;
}

}  // namespace zt::testing
