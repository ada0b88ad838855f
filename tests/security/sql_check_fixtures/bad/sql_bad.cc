// Negative control for sql_static_check.py: each statement below splices a value into SQL
// text and must be reported (4 findings). Never compiled.
#include "sql_support.h"

constexpr std::string_view kAccountColumns = "SELECT id, name FROM accounts ";

Result<QueryResult> FindByName(Statements& sql_, const std::string& name) {
  std::string sql = std::string(kAccountColumns) + "WHERE name = '" + name + "'";
  return sql_.Read("FindByName", sql, {});
}

Result<QueryResult> FindByRegion(Statements& sql_, const std::string& region) {
  std::string sql = "SELECT id FROM accounts WHERE 1 = 1";
  sql += " AND region_code = '" + region + "'";
  return sql_.Read("FindByRegion", sql, {});
}

Result<QueryResult> Sorted(Statements& sql_, const std::string& column) {
  return sql_.Read("Sorted", fmt::format("SELECT id FROM accounts ORDER BY {}", column), {});
}

Status Rename(Connection& conn, const std::string& to) {
  std::string text = "ALTER TABLE accounts RENAME TO ";
  text.append(to);
  return conn.RunScript("Rename", text);
}
