// Private to the store module: the audit-privilege check on one connection (pg_privileges.h).
#pragma once

#include <vector>

#include "sql.h"
#include "zt/store/pg_privileges.h"

namespace zt::store::internal {

// The connected role's forbidden privileges on the audit tables; empty on SQLite.
Result<std::vector<AuditPrivilege>> JudgeAuditPrivileges(Connection& conn);

}  // namespace zt::store::internal
