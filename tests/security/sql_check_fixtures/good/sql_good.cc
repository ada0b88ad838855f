// Control for sql_static_check.py: constants joined, a ternary between constants, a local
// built from constants only, values bound as parameters: 0 findings. Never compiled.
#include "sql_support.h"

constexpr std::string_view kAccountColumns = "SELECT id, name FROM accounts ";
constexpr const char kByName[] = "WHERE name = $1";
#define ZT_ORDER " ORDER BY id"

Result<QueryResult> FindByName(Statements& sql_, const std::string& name) {
  std::string sql = std::string(kAccountColumns) + kByName;
  sql += ZT_ORDER;
  return sql_.Read("FindByName", sql, {name});
}

Result<QueryResult> Either(Statements& sql_, bool pg, const std::string& name) {
  return sql_.Read("Either", pg ? "SELECT 1 WHERE $1 = ''" : "SELECT 2 WHERE $1 = ''", {name});
}
