#include "zt/service/catalog_service.h"

#include <map>

#include "zt/core/region_code.h"
#include "zt/service/audit.h"

namespace zt::service {
namespace {

EventDraft ItemEvent(Instant at, std::string action, const catalog::ServiceItem& item,
                     const accounts::Actor& actor, const RequestContext& ctx) {
  EventDraft e;
  e.at = at;
  e.action = std::move(action);
  e.object_type = "item";
  e.object_id = item.id.value();
  e.actor_id = actor.account_id;
  e.actor_role = std::string(accounts::RoleName(actor.role));
  e.actor_region = actor.region_code;
  e.request_id = ctx.request_id;
  e.source_ip = ctx.source_ip;
  e.details.push_back({"code", item.code});
  e.details.push_back({"version", std::to_string(item.version)});
  return e;
}

bool IsDepartmentAdminOf(const accounts::Actor& actor, const DepartmentId& department,
                         std::string_view region) {
  return actor.role == accounts::Role::kDepartmentAdmin &&
         accounts::CanSeeDepartmentRecord(actor, region, department);
}

// Staff in whose scope the item lies see it in any status; everyone else sees published.
bool CanSeeUnpublished(const std::optional<accounts::Actor>& actor,
                       const catalog::ServiceItem& item) {
  return actor && accounts::CanSeeDepartmentRecord(*actor, item.region_code, item.department_id);
}

}  // namespace

std::string RegionScopePrefix(std::string_view region_code) {
  std::string prefix(region_code);
  if (prefix.size() == 6) {
    while (prefix.size() > 2 && prefix.ends_with("00")) prefix.resize(prefix.size() - 2);
  }
  return prefix;
}

std::string NewId(Crypto& crypto, std::string_view prefix) {
  return std::string(prefix) + crypto.RandomToken(16);
}

Result<ItemView> CatalogService::Create(const accounts::Actor& actor, catalog::ServiceItem item,
                                        const RequestContext& ctx) {
  ZT_RETURN_IF_ERROR(catalog::Validate(item));
  if (!RegionCode::Parse(item.region_code)) {
    return FieldFail("/region_code", "region.format", "not a region code");
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto department, tx->FindDepartment(item.department_id));
  if (!department) {
    return FieldFail("/department_id", "department.unknown", "no such department");
  }
  ZT_ASSIGN_OR_RETURN(auto region, tx->FindRegion(item.region_code));
  if (!region) return FieldFail("/region_code", "region.unknown", "no such region");
  if (!IsDepartmentAdminOf(actor, item.department_id, item.region_code)) {
    return AuditDenied(store_, clock_, actor, "item", item.code, ctx,
                       Fail(ErrorCode::kPermissionDenied, "item.not_your_department",
                            "only the department's administrator publishes its items"),
                       tx);
  }
  Instant now = clock_.Now();
  item.id = ItemId(NewId(crypto_, "i_"));
  item.status = catalog::ItemStatus::kDraft;
  item.version = 1;
  item.created_at = now;
  item.updated_at = now;
  auto inserted = tx->InsertItem(item);
  if (!inserted) {
    if (inserted.error().code() == ErrorCode::kAlreadyExists) {
      return Fail(ErrorCode::kAlreadyExists, "item.code_taken", "an item with this code exists",
                  {{"/code", "item.code_taken", "an item with this code exists"}});
    }
    return std::unexpected(inserted.error());
  }
  ZT_RETURN_IF_ERROR(tx->AppendEvent(ItemEvent(now, "item.created", item, actor, ctx)));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return ItemView{std::move(item), department->name};
}

Result<ItemView> CatalogService::ChangeStatus(const accounts::Actor& actor, const ItemId& id,
                                              std::int64_t if_match, catalog::ItemStatus from,
                                              catalog::ItemStatus to, const char* action,
                                              const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindItem(id));
  if (!found || !CanSeeUnpublished(actor, *found)) {
    return AuditDenied(store_, clock_, actor, "item", id.value(), ctx,
                       Fail(ErrorCode::kNotFound, "item.not_found", "no such item"), tx);
  }
  if (!IsDepartmentAdminOf(actor, found->department_id, found->region_code)) {
    return AuditDenied(store_, clock_, actor, "item", id.value(), ctx,
                       Fail(ErrorCode::kPermissionDenied, "item.not_your_department",
                            "only the department's administrator publishes its items"),
                       tx);
  }
  if (found->version != if_match) {
    return Fail(
        ErrorCode::kAborted, "version.stale",
        "the item has changed since it was read (version " + std::to_string(found->version) + ")");
  }
  if (found->status != from) {
    return Fail(ErrorCode::kFailedPrecondition, "item.status_not_allowed",
                std::string("cannot ") + action + " an item that is " +
                    std::string(catalog::ItemStatusName(found->status)));
  }
  catalog::ServiceItem item = *found;
  item.status = to;
  item.version = found->version + 1;
  item.updated_at = clock_.Now();
  ZT_RETURN_IF_ERROR(tx->UpdateItem(item, found->version));
  ZT_RETURN_IF_ERROR(
      tx->AppendEvent(ItemEvent(item.updated_at, std::string("item.") + action, item, actor, ctx)));
  ZT_ASSIGN_OR_RETURN(auto department, tx->FindDepartment(item.department_id));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return ItemView{std::move(item), department ? department->name : ""};
}

Result<ItemView> CatalogService::Publish(const accounts::Actor& actor, const ItemId& id,
                                         std::int64_t if_match, const RequestContext& ctx) {
  return ChangeStatus(actor, id, if_match, catalog::ItemStatus::kDraft,
                      catalog::ItemStatus::kPublished, "published", ctx);
}

Result<ItemView> CatalogService::Withdraw(const accounts::Actor& actor, const ItemId& id,
                                          std::int64_t if_match, const RequestContext& ctx) {
  return ChangeStatus(actor, id, if_match, catalog::ItemStatus::kPublished,
                      catalog::ItemStatus::kWithdrawn, "withdrawn", ctx);
}

Result<ItemView> CatalogService::Get(const std::optional<accounts::Actor>& actor,
                                     const ItemId& id) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindItem(id));
  if (!found ||
      (found->status != catalog::ItemStatus::kPublished && !CanSeeUnpublished(actor, *found))) {
    return Fail(ErrorCode::kNotFound, "item.not_found", "no such item");
  }
  ZT_ASSIGN_OR_RETURN(auto department, tx->FindDepartment(found->department_id));
  return ItemView{std::move(*found), department ? department->name : ""};
}

Result<Page<ItemView>> CatalogService::List(const std::optional<accounts::Actor>& actor,
                                            ItemQuery query) {
  bool staff = actor && actor->role != accounts::Role::kCitizen && !actor->region_code.empty();
  if (staff && accounts::IsDepartmentalRole(actor->role)) {
    // Departmental staff list their own department's items in any status.
    query.department_id = actor->department_id;
  } else if (staff && actor->role == accounts::Role::kBureauManager) {
    auto scope = RegionCode::Parse(actor->region_code);
    if (scope && query.region_prefix.empty()) {
      query.region_prefix = RegionScopePrefix(actor->region_code);
    }
  } else {
    query.status = catalog::ItemStatus::kPublished;
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto page, tx->ListItems(query));
  Page<ItemView> out;
  out.total = page.total;
  std::map<std::string, std::string> names;
  for (auto& item : page.items) {
    auto it = names.find(item.department_id.value());
    if (it == names.end()) {
      ZT_ASSIGN_OR_RETURN(auto department, tx->FindDepartment(item.department_id));
      it = names.emplace(item.department_id.value(), department ? department->name : "").first;
    }
    out.items.push_back(ItemView{std::move(item), it->second});
  }
  return out;
}

}  // namespace zt::service
