// Life events (一件事): bundling published items, reading them with one material list.
#include "catalogue_revisions.h"
#include "zt/core/region_code.h"
#include "zt/service/audit.h"
#include "zt/service/catalog_service.h"
#include "zt/service/catalogue_lists_service.h"

namespace zt::service {
namespace {

EventDraft LifeEventDraft(Instant at, std::string action, const catalog::LifeEvent& e,
                          const accounts::Actor& actor, const RequestContext& ctx) {
  EventDraft event = ActorEvent(at, std::move(action), "life_event", e.id, actor, ctx);
  std::string items;
  for (const auto& id : e.item_ids) items += (items.empty() ? "" : ",") + id.value();
  event.details = {{"code", e.code},
                   {"name", e.name},
                   {"region_code", e.region_code},
                   {"item_ids", items},
                   {"revision", std::to_string(e.revision)},
                   {"effective_from", e.effective_from.ToString()}};
  if (e.effective_to) event.details.push_back({"effective_to", e.effective_to->ToString()});
  return event;
}

std::unexpected<Error> NotFound() {
  return Fail(ErrorCode::kNotFound, "life_event.not_found", "no such life event");
}

std::unexpected<Error> NotAllowed() {
  return Fail(ErrorCode::kPermissionDenied, "life_event.not_allowed",
              "life events are kept by the bureau of the region");
}

// A bureau manager whose region contains `region` (an unparsable region is left to the
// field checks when the manager's own region is valid).
bool KeepsRegion(const accounts::Actor& actor, std::string_view region) {
  auto scope = RegionCode::Parse(actor.region_code);
  auto asked = RegionCode::Parse(region);
  return actor.role == accounts::Role::kBureauManager && scope &&
         (!asked || scope->Contains(*asked));
}

// Every problem of `event` at once: its fields, its region, and items that are not
// published items of the region.
Result<std::vector<FieldError>> Problems(UnitOfWork& tx, const catalog::LifeEvent& event) {
  std::vector<FieldError> errors;
  if (auto valid = catalog::Validate(event); !valid) errors = valid.error().fields();
  auto region = RegionCode::Parse(event.region_code);
  if (!region) errors.push_back({"/region_code", "region.format", "not a region code"});
  if (region) {
    ZT_ASSIGN_OR_RETURN(auto known, tx.FindRegion(region->value()));
    if (!known) errors.push_back({"/region_code", "region.unknown", "no such region"});
  }
  const std::string prefix = region ? RegionScopePrefix(region->value()) : std::string();
  for (std::size_t i = 0; i < event.item_ids.size(); ++i) {
    ZT_ASSIGN_OR_RETURN(auto item, tx.FindItem(event.item_ids[i]));
    if (!item || item->status != catalog::ItemStatus::kPublished ||
        !item->region_code.starts_with(prefix)) {
      errors.push_back({"/item_ids/" + std::to_string(i), "life_event.item_unknown",
                        "not a published item of the region"});
    }
  }
  return errors;
}

std::unexpected<Error> Invalid(std::vector<FieldError> errors) {
  return Fail(ErrorCode::kInvalidArgument, "life_event.invalid",
              std::to_string(errors.size()) + " problem(s) in the life event", std::move(errors));
}

std::unexpected<Error> Stale(std::int64_t version) {
  return Fail(
      ErrorCode::kAborted, "version.stale",
      "the life event has changed since it was read (version " + std::to_string(version) + ")");
}

Status StoredOrStale(Status written, std::int64_t version) {
  if (!written && written.error().code() == ErrorCode::kAborted) return Stale(version);
  return written;
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
  if (!KeepsRegion(actor, event.region_code)) {
    return AuditDenied(store_, clock_, actor, "life_event", event.code, ctx, NotAllowed());
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto errors, Problems(*tx, event));
  if (!errors.empty()) return Invalid(std::move(errors));
  const Instant now = clock_.Now();
  event.id = NewId(crypto_, "le_");
  revisions::StartFirstRevision(event, now);
  if (auto inserted = tx->catalogue_lists().InsertLifeEvent(event); !inserted) {
    if (inserted.error().code() == ErrorCode::kAlreadyExists) {
      return Fail(ErrorCode::kAlreadyExists, "life_event.code_taken",
                  "a life event with this code exists",
                  {{"/code", "life_event.code_taken", "a life event with this code exists"}});
    }
    return std::unexpected(inserted.error());
  }
  ZT_RETURN_IF_ERROR(tx->catalogue_lists().InsertLifeEventRevision(event));
  ZT_RETURN_IF_ERROR(tx->AppendEvent(LifeEventDraft(now, "life_event.created", event, actor, ctx)));
  ZT_ASSIGN_OR_RETURN(auto items, PublishedItems(*tx, event));
  ZT_RETURN_IF_ERROR(tx->Commit());
  auto materials = catalog::CombineMaterials(items);
  return LifeEventView{std::move(event), std::move(items), std::move(materials)};
}

Result<LifeEventView> LifeEventService::Revise(const accounts::Actor& actor, const std::string& id,
                                               std::int64_t if_match, catalog::LifeEvent content,
                                               std::optional<Date> effective_from,
                                               const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->catalogue_lists().FindLifeEvent(id));
  if (!found) return NotFound();
  const catalog::LifeEvent current = std::move(*found);
  if (!KeepsRegion(actor, current.region_code)) {
    return AuditDenied(store_, clock_, actor, "life_event", id, ctx, NotAllowed(), tx);
  }
  if (current.version != if_match) return Stale(current.version);
  if (current.withdrawn) {
    return Fail(ErrorCode::kFailedPrecondition, "life_event.withdrawn",
                "a withdrawn life event is not revised");
  }
  const Instant now = clock_.Now();
  const Date today = CivilDateCst(now);
  const Date from = effective_from.value_or(today);
  // The event's identity stays: a revision keeps its code and region.
  content.id = current.id;
  content.code = current.code;
  content.region_code = current.region_code;
  ZT_ASSIGN_OR_RETURN(auto errors, Problems(*tx, content));
  revisions::CheckEffectiveFrom("life_event", from, today, current.effective_from, errors);
  if (!errors.empty()) return Invalid(std::move(errors));
  const auto changed = catalog::ChangedFields(current, content);
  if (changed.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "life_event.unchanged",
                "the revision changes nothing");
  }
  catalog::LifeEvent next = revisions::NextRevision(current, std::move(content), now, from);
  ZT_RETURN_IF_ERROR(tx->catalogue_lists().EndLifeEventRevisions(id, from.AddDays(-1)));
  ZT_RETURN_IF_ERROR(tx->catalogue_lists().InsertLifeEventRevision(next));
  ZT_RETURN_IF_ERROR(
      StoredOrStale(tx->catalogue_lists().UpdateLifeEvent(next, current.version), current.version));
  EventDraft event = LifeEventDraft(now, "life_event.revised", next, actor, ctx);
  event.details.push_back({"changed", revisions::JoinedFieldNames(changed)});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(std::move(event)));
  ZT_ASSIGN_OR_RETURN(auto items, PublishedItems(*tx, next));
  ZT_RETURN_IF_ERROR(tx->Commit());
  auto materials = catalog::CombineMaterials(items);
  return LifeEventView{std::move(next), std::move(items), std::move(materials)};
}

Result<LifeEventView> LifeEventService::Withdraw(const accounts::Actor& actor,
                                                 const std::string& id, std::int64_t if_match,
                                                 const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->catalogue_lists().FindLifeEvent(id));
  if (!found) return NotFound();
  if (!KeepsRegion(actor, found->region_code)) {
    return AuditDenied(store_, clock_, actor, "life_event", id, ctx, NotAllowed(), tx);
  }
  if (found->version != if_match) return Stale(found->version);
  if (found->withdrawn) {
    return Fail(ErrorCode::kFailedPrecondition, "life_event.withdrawn",
                "the life event is already withdrawn");
  }
  const Instant now = clock_.Now();
  // Withdrawn from today: the last day in force is yesterday.
  const Date last_day = CivilDateCst(now).AddDays(-1);
  catalog::LifeEvent next = revisions::WithdrawnRevision(*found, now, last_day);
  ZT_RETURN_IF_ERROR(tx->catalogue_lists().EndLifeEventRevisions(id, last_day));
  ZT_RETURN_IF_ERROR(
      StoredOrStale(tx->catalogue_lists().UpdateLifeEvent(next, found->version), found->version));
  ZT_RETURN_IF_ERROR(
      tx->AppendEvent(LifeEventDraft(now, "life_event.withdrawn", next, actor, ctx)));
  ZT_ASSIGN_OR_RETURN(auto items, PublishedItems(*tx, next));
  ZT_RETURN_IF_ERROR(tx->Commit());
  auto materials = catalog::CombineMaterials(items);
  return LifeEventView{std::move(next), std::move(items), std::move(materials)};
}

Result<std::vector<catalog::LifeEvent>> LifeEventService::Revisions(const std::string& id) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto revisions, tx->catalogue_lists().ListLifeEventRevisions(id));
  if (revisions.empty()) return NotFound();
  return revisions;
}

Result<LifeEventView> LifeEventService::Get(const std::string& id, std::optional<Date> as_of) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  std::optional<catalog::LifeEvent> event;
  if (as_of) {
    ZT_ASSIGN_OR_RETURN(auto revisions, tx->catalogue_lists().ListLifeEventRevisions(id));
    if (revisions.empty()) return NotFound();
    for (auto& r : revisions) {
      if (catalog::InForceAt(r, *as_of)) event = std::move(r);
    }
    if (!event) {
      return Fail(ErrorCode::kNotFound, "life_event.not_in_force",
                  "the life event was not in force on " + as_of->ToString());
    }
  } else {
    ZT_ASSIGN_OR_RETURN(event, tx->catalogue_lists().FindLifeEvent(id));
    if (!event) return NotFound();
  }
  ZT_ASSIGN_OR_RETURN(auto items, PublishedItems(*tx, *event));
  auto materials = catalog::CombineMaterials(items);
  return LifeEventView{std::move(*event), std::move(items), std::move(materials)};
}

Result<Page<catalog::LifeEvent>> LifeEventService::List(std::string_view region,
                                                        LifeEventQuery query) {
  ZT_ASSIGN_OR_RETURN(query.region_prefix, RegionFilterPrefix(region));
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  return tx->catalogue_lists().ListLifeEvents(query);
}

}  // namespace zt::service
