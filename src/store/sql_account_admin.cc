#include "sql_account_admin.h"

#include <algorithm>

#include "names.h"

namespace zt::store::internal {
namespace {

// One role at a time: the pages of several roles are merged by username in C++, so the
// statement stays one constant with bound parameters.
constexpr std::string_view kListStaffOfRole =
    "SELECT id, username FROM accounts WHERE role = $1 "
    "AND ($2 = '' OR (region_code >= $2 AND region_code < $3)) "
    "AND ($4 = '' OR department_id = $4) AND username > $5 ORDER BY username LIMIT $6";
// Activity is a successful login or a re-enabling (events_object serves the lookup).
constexpr std::string_view kListInactiveStaff =
    "SELECT a.id FROM accounts a WHERE a.role <> 'citizen' AND a.disabled = 0 "
    "AND a.created_at < $1 AND NOT EXISTS (SELECT 1 FROM events e "
    "WHERE e.object_type = 'account' AND e.object_id = a.id "
    "AND (e.action = 'account.login' OR e.action = 'account.enabled') AND e.at >= $1) "
    "ORDER BY a.id LIMIT $2";
constexpr std::string_view kLastLogin =
    "SELECT MAX(at) FROM events WHERE object_type = 'account' AND object_id = $1 "
    "AND action = 'account.login'";

}  // namespace

Result<std::vector<AccountId>> SqlAccountAdminStore::ListStaff(
    const service::StaffAccountQuery& query) {
  return Guard("ListStaff", [&]() -> Result<std::vector<AccountId>> {
    ZT_ASSIGN_OR_RETURN(std::string upper, PrefixUpperBound(query.region_prefix));
    int limit = ClampLimit(query.limit);
    std::vector<std::pair<std::string, std::string>> rows;  // username, id
    for (accounts::Role role : query.roles) {
      ZT_ASSIGN_OR_RETURN(QueryResult r,
                          sql_.Read("ListStaff", kListStaffOfRole,
                                    {StoredName(role), query.region_prefix, upper,
                                     query.department_id.value(), query.after_username, limit}));
      for (const Row& row : r.rows) {
        RowReader reader(row);
        std::string id = reader.Text();
        std::string username = reader.Text();
        if (!reader.ok()) return Corrupt("ListStaff");
        rows.emplace_back(std::move(username), std::move(id));
      }
    }
    std::sort(rows.begin(), rows.end());
    if (static_cast<int>(rows.size()) > limit) rows.resize(static_cast<std::size_t>(limit));
    std::vector<AccountId> out;
    out.reserve(rows.size());
    for (auto& [username, id] : rows) out.emplace_back(std::move(id));
    return out;
  });
}

Result<std::vector<AccountId>> SqlAccountAdminStore::ListInactiveStaff(Instant cutoff, int limit) {
  return Guard("ListInactiveStaff", [&]() -> Result<std::vector<AccountId>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("ListInactiveStaff", kListInactiveStaff,
                                                 {Millis(cutoff), ClampLimit(limit)}));
    std::vector<AccountId> out;
    for (const Row& row : r.rows) {
      RowReader reader(row);
      out.emplace_back(reader.Text());
      if (!reader.ok()) return Corrupt("ListInactiveStaff");
    }
    return out;
  });
}

Result<std::optional<Instant>> SqlAccountAdminStore::LastLogin(const AccountId& id) {
  return Guard("LastLogin", [&]() -> Result<std::optional<Instant>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("LastLogin", kLastLogin, {id.value()}));
    if (r.rows.empty()) return std::optional<Instant>();
    RowReader reader(r.rows[0]);
    return reader.OptAt();
  });
}

}  // namespace zt::store::internal
