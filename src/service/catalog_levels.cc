// The catalogue across levels: basic-catalogue (基本目录) items, their implementations by
// the bodies of each level, and the drift report (docs/catalogue.md).
#include <map>

#include "catalog_internal.h"
#include "zt/core/region_code.h"
#include "zt/service/audit.h"
#include "zt/service/catalog_service.h"

namespace zt::service {
namespace {

using catalog_internal::IsDepartmentAdminOf;
using catalog_internal::ItemEvent;
using catalog_internal::ItemNotFound;
using catalog_internal::ManagesRegion;

EventDraft StandardEvent(Instant at, std::string action, const catalog::StandardItem& s,
                         const accounts::Actor& actor, const RequestContext& ctx) {
  EventDraft e = ActorEvent(at, std::move(action), "standard", s.id, actor, ctx);
  e.details.push_back({"basic_code", s.basic_code});
  e.details.push_back({"version", std::to_string(s.version)});
  return e;
}

EventDraft ImplementationEvent(Instant at, std::string action, const catalog::ServiceItem& item,
                               const catalog::Implementation& impl, const accounts::Actor& actor,
                               const RequestContext& ctx) {
  EventDraft e = ItemEvent(at, std::move(action), item, actor, ctx);
  e.details.push_back({"standard_id", impl.standard_id});
  e.details.push_back({"standard_version", std::to_string(impl.standard_version)});
  return e;
}

std::unexpected<Error> StandardNotFound() {
  return Fail(ErrorCode::kNotFound, "standard.not_found", "no such standard item");
}

}  // namespace

Result<catalog::StandardItem> CatalogService::CreateStandard(const accounts::Actor& actor,
                                                             catalog::StandardItem standard,
                                                             const RequestContext& ctx) {
  if (!RegionCode::Parse(standard.region_code)) {
    return FieldFail("/region_code", "region.format", "not a region code");
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto region, tx->FindRegion(standard.region_code));
  if (!region) return FieldFail("/region_code", "region.unknown", "no such region");
  if (!ManagesRegion(actor, standard.region_code)) {
    return AuditDenied(store_, clock_, actor, "standard", standard.basic_code, ctx,
                       Fail(ErrorCode::kPermissionDenied, "standard.not_allowed",
                            "basic-catalogue items are defined by the bureau of the region"),
                       tx);
  }
  std::optional<catalog::Level> level = catalog::LevelOfRegion(region->level);
  if (!level) return FieldFail("/region_code", "region.unknown", "the region has no known level");
  standard.level = *level;
  ZT_RETURN_IF_ERROR(catalog::Validate(standard));
  Instant now = clock_.Now();
  standard.id = NewId(crypto_, "s_");
  standard.version = 1;
  standard.created_at = now;
  standard.updated_at = now;
  auto inserted = tx->catalog().InsertStandard(standard);
  if (!inserted) {
    if (inserted.error().code() == ErrorCode::kAlreadyExists) {
      return Fail(ErrorCode::kAlreadyExists, "standard.code_taken",
                  "a standard item with this basic code exists",
                  {{"/basic_code", "standard.code_taken", "this basic code is in use"}});
    }
    return std::unexpected(inserted.error());
  }
  ZT_RETURN_IF_ERROR(tx->AppendEvent(StandardEvent(now, "standard.created", standard, actor, ctx)));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return standard;
}

Result<catalog::StandardItem> CatalogService::ReviseStandard(const accounts::Actor& actor,
                                                             const std::string& id,
                                                             std::int64_t if_match,
                                                             catalog::StandardItem revised,
                                                             const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->catalog().FindStandard(id));
  if (!found) return StandardNotFound();
  if (!ManagesRegion(actor, found->region_code)) {
    return AuditDenied(store_, clock_, actor, "standard", id, ctx,
                       Fail(ErrorCode::kPermissionDenied, "standard.not_allowed",
                            "basic-catalogue items are revised by the bureau of the region"),
                       tx);
  }
  if (found->version != if_match) {
    return Fail(ErrorCode::kAborted, "version.stale",
                "the standard item has changed since it was read (version " +
                    std::to_string(found->version) + ")");
  }
  // Where and at which level it is defined does not change; everything locked may.
  revised.id = found->id;
  revised.level = found->level;
  revised.region_code = found->region_code;
  revised.created_at = found->created_at;
  revised.version = found->version + 1;
  revised.updated_at = clock_.Now();
  ZT_RETURN_IF_ERROR(catalog::Validate(revised));
  auto updated = tx->catalog().UpdateStandard(revised, found->version);
  if (!updated) {
    if (updated.error().code() == ErrorCode::kAlreadyExists) {
      return Fail(ErrorCode::kAlreadyExists, "standard.code_taken",
                  "a standard item with this basic code exists",
                  {{"/basic_code", "standard.code_taken", "this basic code is in use"}});
    }
    return std::unexpected(updated.error());
  }
  EventDraft e = StandardEvent(revised.updated_at, "standard.revised", revised, actor, ctx);
  for (const auto& d :
       catalog::CompareWithStandard(*found,
                                    catalog::ServiceItem{.name = revised.name,
                                    .type = revised.type,
                                    .statutory_limit_wd = revised.statutory_limit_wd},
                                    catalog::Implementation{.basic_code = revised.basic_code,
                                    .competent_department = revised.competent_department,
                                    .legal_basis = revised.legal_basis})) {
    e.details.push_back({"changed_" + d.element, "1"});
  }
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return revised;
}

Result<catalog::StandardItem> CatalogService::GetStandard(const std::string& id) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->catalog().FindStandard(id));
  if (!found) return StandardNotFound();
  return std::move(*found);
}

Result<Page<catalog::StandardItem>> CatalogService::ListStandards(StandardQuery query) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  return tx->catalog().ListStandards(query);
}

Result<ImplementationView> CatalogService::ViewOf(UnitOfWork& tx, catalog::ServiceItem item,
                                                  catalog::Implementation implementation,
                                                  catalog::StandardItem standard) {
  ZT_ASSIGN_OR_RETURN(auto department, tx.FindDepartment(item.department_id));
  ImplementationView view;
  view.drift = catalog::CompareWithStandard(standard, item, implementation);
  view.item = ItemView{std::move(item), department ? department->name : ""};
  view.implementation = std::move(implementation);
  view.standard = std::move(standard);
  return view;
}

Result<ImplementationView> CatalogService::Implement(const accounts::Actor& actor,
                                                     const std::string& standard_id,
                                                     ImplementRequest request,
                                                     const RequestContext& ctx) {
  catalog::ServiceItem& item = request.item;
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto standard, tx->catalog().FindStandard(standard_id));
  if (!standard) return StandardNotFound();
  catalog::Implementation impl;
  catalog::ApplyLockedElements(*standard, item, impl);
  request.local.promised_limit_wd = item.promised_limit_wd;
  ZT_RETURN_IF_ERROR(catalog::ValidateLocal(request.local));
  ZT_RETURN_IF_ERROR(catalog::Validate(item));
  auto code = RegionCode::Parse(item.region_code);
  if (!code) return FieldFail("/region_code", "region.format", "not a region code");
  ZT_ASSIGN_OR_RETURN(auto department, tx->FindDepartment(item.department_id));
  if (!department) return FieldFail("/department_id", "department.unknown", "no such department");
  ZT_ASSIGN_OR_RETURN(auto region, tx->FindRegion(item.region_code));
  if (!region) return FieldFail("/region_code", "region.unknown", "no such region");
  if (!IsDepartmentAdminOf(actor, item.department_id, item.region_code)) {
    return AuditDenied(store_, clock_, actor, "standard", standard_id, ctx,
                       Fail(ErrorCode::kPermissionDenied, "item.not_your_department",
                            "only the department's administrator implements items for it"),
                       tx);
  }
  auto standard_region = RegionCode::Parse(standard->region_code);
  if (!standard_region || !standard_region->Contains(*code)) {
    return FieldFail("/region_code", "standard.region_outside",
                     "the item's region lies outside the standard item's region");
  }
  std::optional<catalog::Level> level = catalog::LevelOfRegion(region->level);
  if (!level) return FieldFail("/region_code", "region.unknown", "the region has no known level");
  ZT_RETURN_IF_ERROR(catalog::CheckImplementingLevel(*standard, *level));

  Instant now = clock_.Now();
  item.id = ItemId(NewId(crypto_, "i_"));
  item.status = catalog::ItemStatus::kDraft;
  item.version = 1;
  item.created_at = now;
  item.updated_at = now;
  impl.item_id = item.id;
  impl.region_code = item.region_code;
  impl.level = *level;
  impl.address = std::move(request.local.address);
  impl.office_hours = std::move(request.local.office_hours);
  impl.windows = std::move(request.local.windows);
  auto inserted = tx->InsertItem(item);
  if (!inserted) {
    if (inserted.error().code() == ErrorCode::kAlreadyExists) {
      return Fail(ErrorCode::kAlreadyExists, "item.code_taken", "an item with this code exists",
                  {{"/code", "item.code_taken", "an item with this code exists"}});
    }
    return std::unexpected(inserted.error());
  }
  ZT_RETURN_IF_ERROR(tx->catalog().PutImplementation(impl));
  ZT_RETURN_IF_ERROR(
      tx->AppendEvent(ImplementationEvent(now, "item.created", item, impl, actor, ctx)));
  ZT_ASSIGN_OR_RETURN(auto view, ViewOf(*tx, std::move(item), std::move(impl), *standard));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return view;
}

Result<ImplementationView> CatalogService::GetImplementation(
    const std::optional<accounts::Actor>& actor, const ItemId& id) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto item, tx->FindItem(id));
  if (!item || (item->status != catalog::ItemStatus::kPublished &&
                !(actor && accounts::CanSeeDepartmentRecord(*actor, item->region_code,
                                                            item->department_id)))) {
    return ItemNotFound();
  }
  ZT_ASSIGN_OR_RETURN(auto impl, tx->catalog().FindImplementation(id));
  if (!impl) {
    return Fail(ErrorCode::kNotFound, "item.not_an_implementation",
                "the item does not implement a basic-catalogue item");
  }
  ZT_ASSIGN_OR_RETURN(auto standard, tx->catalog().FindStandard(impl->standard_id));
  if (!standard) return Fail(ErrorCode::kInternal, "store.internal", "standard item missing");
  return ViewOf(*tx, std::move(*item), std::move(*impl), std::move(*standard));
}

Result<CatalogService::DraftImplementation> CatalogService::LoadDraftImplementation(
    std::unique_ptr<UnitOfWork>& tx, const accounts::Actor& actor, const ItemId& id,
    std::int64_t if_match, const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto item, tx->FindItem(id));
  if (!item || !accounts::CanSeeDepartmentRecord(actor, item->region_code, item->department_id)) {
    return AuditDenied(store_, clock_, actor, "item", id.value(), ctx, ItemNotFound(), tx);
  }
  if (!IsDepartmentAdminOf(actor, item->department_id, item->region_code)) {
    return AuditDenied(store_, clock_, actor, "item", id.value(), ctx,
                       Fail(ErrorCode::kPermissionDenied, "item.not_your_department",
                            "only the department's administrator edits its items"),
                       tx);
  }
  ZT_ASSIGN_OR_RETURN(auto impl, tx->catalog().FindImplementation(id));
  if (!impl) {
    return Fail(ErrorCode::kNotFound, "item.not_an_implementation",
                "the item does not implement a basic-catalogue item");
  }
  if (item->version != if_match) {
    return Fail(
        ErrorCode::kAborted, "version.stale",
        "the item has changed since it was read (version " + std::to_string(item->version) + ")");
  }
  if (item->status != catalog::ItemStatus::kDraft) {
    return Fail(
        ErrorCode::kFailedPrecondition, "item.not_draft",
        "a " + std::string(catalog::ItemStatusName(item->status)) + " item is not edited in place");
  }
  ZT_ASSIGN_OR_RETURN(auto standard, tx->catalog().FindStandard(impl->standard_id));
  if (!standard) return Fail(ErrorCode::kInternal, "store.internal", "standard item missing");
  return DraftImplementation{std::move(*item), std::move(*impl), std::move(*standard)};
}

Result<ImplementationView> CatalogService::UpdateLocal(const accounts::Actor& actor,
                                                       const ItemId& id, std::int64_t if_match,
                                                       catalog::LocalElements local,
                                                       const RequestContext& ctx) {
  ZT_RETURN_IF_ERROR(catalog::ValidateLocal(local));
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto draft, LoadDraftImplementation(tx, actor, id, if_match, ctx));
  catalog::ServiceItem item = std::move(draft.item);
  item.promised_limit_wd = local.promised_limit_wd;
  ZT_RETURN_IF_ERROR(catalog::Validate(item));
  item.version = if_match + 1;
  item.updated_at = clock_.Now();
  catalog::Implementation impl = std::move(draft.implementation);
  impl.address = std::move(local.address);
  impl.office_hours = std::move(local.office_hours);
  impl.windows = std::move(local.windows);
  ZT_RETURN_IF_ERROR(tx->UpdateItem(item, if_match));
  ZT_RETURN_IF_ERROR(tx->catalog().PutImplementation(impl));
  ZT_RETURN_IF_ERROR(tx->AppendEvent(
      ImplementationEvent(item.updated_at, "item.local_updated", item, impl, actor, ctx)));
  ZT_ASSIGN_OR_RETURN(auto view,
                      ViewOf(*tx, std::move(item), std::move(impl), std::move(draft.standard)));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return view;
}

Result<ImplementationView> CatalogService::FollowStandard(const accounts::Actor& actor,
                                                          const ItemId& id, std::int64_t if_match,
                                                          const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto draft, LoadDraftImplementation(tx, actor, id, if_match, ctx));
  catalog::ServiceItem item = std::move(draft.item);
  catalog::Implementation impl = std::move(draft.implementation);
  catalog::ApplyLockedElements(draft.standard, item, impl);
  // A lower statutory limit may now be below the promise: refused until the promise follows.
  ZT_RETURN_IF_ERROR(catalog::Validate(item));
  item.version = if_match + 1;
  item.updated_at = clock_.Now();
  ZT_RETURN_IF_ERROR(tx->UpdateItem(item, if_match));
  ZT_RETURN_IF_ERROR(tx->catalog().PutImplementation(impl));
  ZT_RETURN_IF_ERROR(tx->AppendEvent(
      ImplementationEvent(item.updated_at, "item.standard_followed", item, impl, actor, ctx)));
  ZT_ASSIGN_OR_RETURN(auto view,
                      ViewOf(*tx, std::move(item), std::move(impl), std::move(draft.standard)));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return view;
}

Result<DriftReport> ComputeDrift(UnitOfWork& tx, std::string_view region_prefix,
                                 const DepartmentId& department) {
  DriftReport report;
  report.region_prefix = std::string(region_prefix);
  report.department_id = department;
  ZT_ASSIGN_OR_RETURN(auto implementations,
                      tx.catalog().ListImplementations({"", std::string(region_prefix)}));
  std::map<std::string, std::optional<catalog::StandardItem>> standards;
  std::map<std::string, std::string> department_names;
  for (auto& impl : implementations) {
    ZT_ASSIGN_OR_RETURN(auto item, tx.FindItem(impl.item_id));
    if (!item || item->status == catalog::ItemStatus::kWithdrawn) continue;
    if (!department.empty() && item->department_id != department) continue;
    auto standard = standards.find(impl.standard_id);
    if (standard == standards.end()) {
      ZT_ASSIGN_OR_RETURN(auto s, tx.catalog().FindStandard(impl.standard_id));
      standard = standards.emplace(impl.standard_id, std::move(s)).first;
    }
    if (!standard->second) continue;
    ++report.checked;
    auto drift = catalog::CompareWithStandard(*standard->second, *item, impl);
    if (drift.empty()) continue;
    auto name = department_names.find(item->department_id.value());
    if (name == department_names.end()) {
      ZT_ASSIGN_OR_RETURN(auto d, tx.FindDepartment(item->department_id));
      name = department_names.emplace(item->department_id.value(), d ? d->name : "").first;
    }
    report.rows.push_back(ImplementationView{ItemView{std::move(*item), name->second},
                                             std::move(impl), *standard->second, std::move(drift)});
  }
  return report;
}

Result<DriftReport> CatalogService::Drift(const accounts::Actor& actor, std::string_view region,
                                          const DepartmentId& department) {
  std::string prefix;
  DepartmentId only = department;
  if (actor.role == accounts::Role::kBureauManager && !actor.region_code.empty()) {
    std::string asked = region.empty() ? actor.region_code : std::string(region);
    if (!RegionCode::Parse(asked)) return FieldFail("region", "region.format", "not a region code");
    if (!ManagesRegion(actor, asked)) {
      return Fail(ErrorCode::kPermissionDenied, "stats.out_of_scope",
                  "the region lies outside your scope");
    }
    prefix = RegionScopePrefix(asked);
  } else if (actor.role == accounts::Role::kDepartmentAdmin && !actor.department_id.empty()) {
    if (!department.empty() && department != actor.department_id) {
      return Fail(ErrorCode::kPermissionDenied, "stats.out_of_scope",
                  "you see the drift of your own department only");
    }
    only = actor.department_id;
    prefix = RegionScopePrefix(actor.region_code);
  } else {
    return Fail(ErrorCode::kPermissionDenied, "catalogue.drift_not_allowed",
                "the drift report is for bureau managers and department administrators");
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto report, ComputeDrift(*tx, prefix, only));
  std::erase_if(report.rows, [&](const ImplementationView& v) {
    return !accounts::CanSeeDepartmentRecord(actor, v.item.item.region_code,
                                             v.item.item.department_id);
  });
  return report;
}

}  // namespace zt::service
