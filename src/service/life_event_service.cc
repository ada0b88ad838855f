// Life events (一件事): bundling published items, reading them with one material list.
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

EventDraft CreatedEvent(Instant at, const catalog::LifeEvent& e, const accounts::Actor& actor,
                        const RequestContext& ctx) {
  EventDraft event;
  event.at = at;
  event.action = "life_event.created";
  event.object_type = "life_event";
  event.object_id = e.id;
  event.actor_id = actor.account_id;
  event.actor_role = std::string(accounts::RoleName(actor.role));
  event.actor_region = actor.region_code;
  event.request_id = ctx.request_id;
  event.source_ip = ctx.source_ip;
  std::string items;
  for (const auto& id : e.item_ids) items += (items.empty() ? "" : ",") + id.value();
  event.details = {
      {"code", e.code}, {"name", e.name}, {"region_code", e.region_code}, {"item_ids", items}};
  return event;
}

// The published items of the event, in bundle order.
Result<std::vector<catalog::ServiceItem>> PublishedItems(UnitOfWork& tx,
                                                         const catalog::LifeEvent& event) {
  std::vector<catalog::ServiceItem> items;
  for (const auto& id : event.item_ids) {
    ZT_ASSIGN_OR_RETURN(auto item, tx.FindItem(id));
    if (item && item->status == catalog::ItemStatus::kPublished) items.push_back(std::move(*item));
  }
  return items;
}

}  // namespace

Result<LifeEventView> LifeEventService::Create(const accounts::Actor& actor,
                                               catalog::LifeEvent event,
                                               const RequestContext& ctx) {
  auto scope = RegionCode::Parse(actor.region_code);
  auto region = RegionCode::Parse(event.region_code);
  if (actor.role != accounts::Role::kBureauManager || !scope ||
      (region && !scope->Contains(*region))) {
    return AuditDenied(store_, clock_, actor, "life_event", event.code, ctx,
                       Fail(ErrorCode::kPermissionDenied, "life_event.not_allowed",
                            "life events are kept by the bureau of the region"));
  }
  std::vector<FieldError> errors;
  if (auto valid = catalog::Validate(event); !valid) errors = valid.error().fields();
  if (!region) errors.push_back({"/region_code", "region.format", "not a region code"});
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  if (region) {
    ZT_ASSIGN_OR_RETURN(auto known, tx->FindRegion(region->value()));
    if (!known) errors.push_back({"/region_code", "region.unknown", "no such region"});
  }
  const std::string prefix = region ? RegionScopePrefix(region->value()) : std::string();
  for (std::size_t i = 0; i < event.item_ids.size(); ++i) {
    ZT_ASSIGN_OR_RETURN(auto item, tx->FindItem(event.item_ids[i]));
    if (!item || item->status != catalog::ItemStatus::kPublished ||
        !item->region_code.starts_with(prefix)) {
      errors.push_back({"/item_ids/" + std::to_string(i), "life_event.item_unknown",
                        "not a published item of the region"});
    }
  }
  if (!errors.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "life_event.invalid",
                std::to_string(errors.size()) + " problem(s) in the life event", std::move(errors));
  }
  const Instant now = clock_.Now();
  event.id = NewId(crypto_, "le_");
  event.version = 1;
  event.created_at = now;
  event.updated_at = now;
  if (auto inserted = tx->catalogue_lists().InsertLifeEvent(event); !inserted) {
    if (inserted.error().code() == ErrorCode::kAlreadyExists) {
      return Fail(ErrorCode::kAlreadyExists, "life_event.code_taken",
                  "a life event with this code exists",
                  {{"/code", "life_event.code_taken", "a life event with this code exists"}});
    }
    return std::unexpected(inserted.error());
  }
  ZT_RETURN_IF_ERROR(tx->AppendEvent(CreatedEvent(now, event, actor, ctx)));
  ZT_ASSIGN_OR_RETURN(auto items, PublishedItems(*tx, event));
  ZT_RETURN_IF_ERROR(tx->Commit());
  auto materials = catalog::CombineMaterials(items);
  return LifeEventView{std::move(event), std::move(items), std::move(materials)};
}

Result<LifeEventView> LifeEventService::Get(const std::string& id) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto event, tx->catalogue_lists().FindLifeEvent(id));
  if (!event) return Fail(ErrorCode::kNotFound, "life_event.not_found", "no such life event");
  ZT_ASSIGN_OR_RETURN(auto items, PublishedItems(*tx, *event));
  auto materials = catalog::CombineMaterials(items);
  return LifeEventView{std::move(*event), std::move(items), std::move(materials)};
}

Result<Page<catalog::LifeEvent>> LifeEventService::List(std::string_view region,
                                                        LifeEventQuery query) {
  ZT_ASSIGN_OR_RETURN(query.region_prefix, PrefixOf(region));
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  return tx->catalogue_lists().ListLifeEvents(query);
}

}  // namespace zt::service
