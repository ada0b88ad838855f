// File: pg_privileges.h
//
// Whether the application's database role could change the audit (AUD-03, docs/security.md
// "Append-only under the database role"). On PostgreSQL the server should connect as a role
// that may only read and append the event log; `serve --production` refuses to start when the
// role it connects as can UPDATE, DELETE or TRUNCATE an audit table (has_table_privilege), owns
// one (an owner can drop the append-only trigger and grant itself the rest), or is a
// superuser, naming the table and the privilege.
//
//   ZT_ASSIGN_OR_RETURN(auto findings, zt::store::CheckAuditPrivileges(*store));
//   for (const auto& f : findings) std::cerr << f.table << ": " << f.privilege << "\n";
//
// SQLite has no roles (its RAISE(ABORT) triggers are the wall): no findings.
#pragma once

#include <string>
#include <vector>

#include "zt/core/error.h"
#include "zt/service/store.h"

namespace zt::store {

// The tables of the audit: what the application role must never change.
inline constexpr const char* kAuditTables[] = {"events"};

// One thing the connected role can do to an audit table that it must not.
struct AuditPrivilege {
  std::string role;       // the role connected (current_user)
  std::string table;      // "events"
  std::string privilege;  // "UPDATE", "DELETE", "TRUNCATE", "OWNER" or "SUPERUSER"
};

// Reads the connected role's privileges on the audit tables from a live connection of `store`
// (made by OpenStore). Empty means the role can only read and append (or the store is SQLite).
// kInvalidArgument for a store this module did not make.
Result<std::vector<AuditPrivilege>> CheckAuditPrivileges(service::Store& store);

}  // namespace zt::store
