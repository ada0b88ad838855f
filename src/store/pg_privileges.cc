// The audit-privilege check of `serve --production` (pg_privileges.h): one query per audit
// table on a live connection, judged here.
#include "pg_privileges_internal.h"

namespace zt::store::internal {
namespace {

// has_table_privilege is true for the owner (unless revoked from itself) and always for a
// superuser, so an owner or superuser is named for every privilege too; the owner and
// superuser columns say why.
constexpr std::string_view kAuditTablePrivileges =
    "SELECT current_user::text, "
    "has_table_privilege(current_user, c.oid, 'UPDATE'), "
    "has_table_privilege(current_user, c.oid, 'DELETE'), "
    "has_table_privilege(current_user, c.oid, 'TRUNCATE'), "
    "pg_has_role(current_user, c.relowner, 'USAGE'), "
    "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
    "FROM pg_class c WHERE c.oid = to_regclass($1)";

bool IsTrue(const std::optional<std::string>& v) { return v && (*v == "t" || *v == "true"); }

}  // namespace

Result<std::vector<AuditPrivilege>> JudgeAuditPrivileges(Connection& conn) {
  std::vector<AuditPrivilege> out;
  if (conn.dialect() != Dialect::kPostgres) return out;
  for (const char* table : kAuditTables) {
    ZT_ASSIGN_OR_RETURN(QueryResult r,
                        conn.Run("CheckAuditPrivileges", kAuditTablePrivileges, {table}));
    if (r.rows.size() != 1) {
      return Fail(ErrorCode::kFailedPrecondition, "store.schema",
                  std::string("the audit table ") + table + " does not exist");
    }
    const Row& row = r.rows[0];
    std::string role = row[0].value_or("");
    const char* names[] = {"UPDATE", "DELETE", "TRUNCATE", "OWNER", "SUPERUSER"};
    for (std::size_t i = 0; i < 5; ++i) {
      if (IsTrue(row[i + 1])) out.push_back({role, table, names[i]});
    }
  }
  return out;
}

}  // namespace zt::store::internal
