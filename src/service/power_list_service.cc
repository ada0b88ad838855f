// The power and responsibility list (权责清单): recording, reading, counts per category.
#include "zt/core/region_code.h"
#include "zt/service/audit.h"
#include "zt/service/catalog_service.h"
#include "zt/service/catalogue_lists_service.h"

namespace zt::service {
namespace {

Result<std::string> PrefixOf(std::string_view region) {
  if (region.empty()) return std::string();
  auto code = RegionCode::Parse(region);
  if (!code) return FieldFail("region", "region.format", "not a region code");
  return RegionScopePrefix(code->value());
}

EventDraft CreatedEvent(Instant at, const catalog::PowerItem& p, const accounts::Actor& actor,
                        const RequestContext& ctx) {
  EventDraft event;
  event.at = at;
  event.action = "power_item.created";
  event.object_type = "power_item";
  event.object_id = p.id;
  event.actor_id = actor.account_id;
  event.actor_role = std::string(accounts::RoleName(actor.role));
  event.actor_region = actor.region_code;
  event.request_id = ctx.request_id;
  event.source_ip = ctx.source_ip;
  event.details = {{"code", p.code},
                   {"name", p.name},
                   {"category_list", p.category_list},
                   {"category_code", p.category_code},
                   {"department_id", p.department_id.value()},
                   {"region_code", p.region_code}};
  return event;
}

}  // namespace

Result<catalog::PowerItem> PowerListService::Create(const accounts::Actor& actor,
                                                    catalog::PowerItem item,
                                                    const RequestContext& ctx) {
  if (actor.role != accounts::Role::kDepartmentAdmin || item.department_id.empty() ||
      actor.department_id != item.department_id) {
    return AuditDenied(store_, clock_, actor, "power_item", item.code, ctx,
                       Fail(ErrorCode::kPermissionDenied, "power_item.not_allowed",
                            "a department's powers are recorded by its administrator"));
  }
  ZT_RETURN_IF_ERROR(catalog::Validate(item));
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto department, tx->FindDepartment(item.department_id));
  if (!department) return FieldFail("/department_id", "department.unknown", "no such department");
  const Instant now = clock_.Now();
  item.id = NewId(crypto_, "pw_");
  item.region_code = department->region_code;
  item.version = 1;
  item.created_at = now;
  item.updated_at = now;
  if (auto inserted = tx->catalogue_lists().InsertPowerItem(item); !inserted) {
    if (inserted.error().code() == ErrorCode::kAlreadyExists) {
      return Fail(ErrorCode::kAlreadyExists, "power_item.code_taken",
                  "a power item with this code exists",
                  {{"/code", "power_item.code_taken", "a power item with this code exists"}});
    }
    return std::unexpected(inserted.error());
  }
  ZT_RETURN_IF_ERROR(tx->AppendEvent(CreatedEvent(now, item, actor, ctx)));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return item;
}

Result<catalog::PowerItem> PowerListService::Get(const std::string& id) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto item, tx->catalogue_lists().FindPowerItem(id));
  if (!item) return Fail(ErrorCode::kNotFound, "power_item.not_found", "no such power item");
  return *item;
}

Result<Page<catalog::PowerItem>> PowerListService::List(std::string_view region,
                                                        PowerItemQuery query) {
  ZT_ASSIGN_OR_RETURN(query.region_prefix, PrefixOf(region));
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  return tx->catalogue_lists().ListPowerItems(query);
}

Result<catalog::PowerListCounts> PowerListService::Counts(std::string_view region,
                                                          const DepartmentId& department,
                                                          std::string_view category_list) {
  if (catalog::PowerCategories(category_list).empty()) {
    return FieldFail("list", "delegation.category_list_unknown", "unknown category list");
  }
  PowerItemQuery query;
  ZT_ASSIGN_OR_RETURN(query.region_prefix, PrefixOf(region));
  query.department_id = department;
  query.category_list = std::string(category_list);
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto groups, tx->catalogue_lists().CountPowerItems(query));
  return catalog::CountsFromGroups(category_list, groups);
}

}  // namespace zt::service
