#include "account_commands.h"

#include <cstdlib>
#include <iostream>

#include <pwd.h>
#include <unistd.h>

#include "zt/service/account_admin_service.h"

namespace zt::cli {
namespace {

// The OS user running the command, named in every event it appends.
std::string OperatorName() {
  if (const passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_name != nullptr) {
    return std::string("os:") + pw->pw_name;
  }
  return "os:uid " + std::to_string(getuid());
}

int Failed(std::string_view command, const Error& e) {
  std::cerr << "zhengtong: accounts " << command << ": " << e.ToString() << "\n";
  return e.code() == ErrorCode::kUnavailable ? 4 : 1;
}

void PrintAccount(const service::AccountRecord& a) {
  std::cout << a.username << "\t" << accounts::RoleName(a.role) << "\t" << a.region_code << "\t"
            << (a.department_id.empty() ? "-" : a.department_id.value()) << "\t"
            << (a.disabled ? "disabled" : "enabled") << "\t"
            << (a.totp_enabled ? "totp" : "no-totp") << "\t" << a.display_name << "\n";
}

}  // namespace

void AddAccountCommands(CLI::App& app, std::string& db, AccountCommands& c) {
  auto* accounts = app.add_subcommand("accounts", "Staff accounts (the operator's bootstrap)");
  accounts->require_subcommand(1);
  c.list = accounts->add_subcommand("list", "List staff accounts");
  c.list->add_option("--role", c.role, "Only this role");
  c.create = accounts->add_subcommand(
      "create", "Create a staff account; prints its one-time initial password");
  c.create->add_option("--username", c.username, "Login name")->required();
  c.create->add_option("--name", c.display_name, "Display name")->required();
  c.create->add_option("--role", c.role, "Role (system_admin, security_admin, ...)")->required();
  c.create->add_option("--region", c.region, "Region code")->required();
  c.create->add_option("--department", c.department, "Department id (departmental roles)");
  c.disable = accounts->add_subcommand("disable", "Disable an account; its sessions end at once");
  c.disable->add_option("username", c.username, "Login name")->required();
  c.disable->add_option("--reason", c.reason, "Why (kept in the audit trail)");
  c.enable = accounts->add_subcommand("enable", "Re-enable a disabled account");
  c.enable->add_option("username", c.username, "Login name")->required();
  c.enable->add_option("--reason", c.reason, "Why (kept in the audit trail)");
  c.disable_inactive = accounts->add_subcommand(
      "disable-inactive", "Disable staff accounts unused for DAYS days (AUTH-09)");
  c.disable_inactive->add_option("--days", c.days, "Days without a login")
      ->capture_default_str()
      ->check(CLI::Range(1, 3650));
  for (CLI::App* sub : {c.list, c.create, c.disable, c.enable, c.disable_inactive}) {
    sub->add_option("--db", db, "Database")->capture_default_str();
  }
}

std::optional<int> RunAccountCommands(const AccountCommands& c, service::Store& store,
                                      service::Crypto& crypto, const Clock& clock) {
  service::AccountAdminService admin(store, crypto, clock);
  service::RequestContext ctx{"cli-" + crypto.RandomToken(8), "local"};
  service::AdminActor op{std::nullopt, OperatorName()};
  if (c.list != nullptr && *c.list) {
    service::StaffListRequest request;
    if (!c.role.empty()) {
      auto role = accounts::ParseRole(c.role);
      if (!role) return Failed("list", role.error());
      request.role = *role;
    }
    request.limit = 1000;
    for (;;) {
      auto page = admin.ListAll(request);
      if (!page) return Failed("list", page.error());
      for (const auto& s : page->items) PrintAccount(s.account);
      if (page->next_after.empty()) break;
      request.after = page->next_after;
    }
    return 0;
  }
  if (c.create != nullptr && *c.create) {
    auto role = accounts::ParseRole(c.role);
    if (!role) return Failed("create", role.error());
    service::NewStaffAccount in{c.username, c.display_name, *role, c.region,
                                DepartmentId(c.department)};
    auto created = admin.Create(op, in, ctx);
    if (!created) return Failed("create", created.error());
    PrintAccount(created->account);
    std::cout << "initial password (shown once; change it at the first login): "
              << created->initial_password << "\n";
    return 0;
  }
  for (auto [sub, disabled, name] :
       {std::tuple{c.disable, true, "disable"}, std::tuple{c.enable, false, "enable"}}) {
    if (sub == nullptr || !*sub) continue;
    auto found = admin.FindByUsername(c.username);
    if (!found) return Failed(name, found.error());
    auto changed = admin.SetDisabled(op, found->id, std::nullopt, disabled, c.reason, ctx);
    if (!changed) return Failed(name, changed.error());
    PrintAccount(*changed);
    return 0;
  }
  if (c.disable_inactive != nullptr && *c.disable_inactive) {
    auto disabled = admin.DisableInactive(c.days, op.operator_name, ctx);
    if (!disabled) return Failed("disable-inactive", disabled.error());
    for (const auto& a : *disabled) PrintAccount(a);
    std::cout << "disabled " << disabled->size() << " account(s) unused for " << c.days
              << " days\n";
    return 0;
  }
  return std::nullopt;
}

}  // namespace zt::cli
