// The power and responsibility list (权责清单): recording, reading, counts per category.
#include "catalogue_revisions.h"
#include "zt/core/region_code.h"
#include "zt/service/audit.h"
#include "zt/service/catalog_service.h"
#include "zt/service/catalogue_lists_service.h"

namespace zt::service {
namespace {

EventDraft PowerEvent(Instant at, std::string action, const catalog::PowerItem& p,
                      const accounts::Actor& actor, const RequestContext& ctx) {
  EventDraft event = ActorEvent(at, std::move(action), "power_item", p.id, actor, ctx);
  event.details = {{"code", p.code},
                   {"name", p.name},
                   {"category_list", p.category_list},
                   {"category_code", p.category_code},
                   {"department_id", p.department_id.value()},
                   {"region_code", p.region_code},
                   {"revision", std::to_string(p.revision)},
                   {"effective_from", p.effective_from.ToString()}};
  if (p.effective_to) event.details.push_back({"effective_to", p.effective_to->ToString()});
  return event;
}

std::unexpected<Error> NotFound() {
  return Fail(ErrorCode::kNotFound, "power_item.not_found", "no such power item");
}

std::unexpected<Error> NotAllowed() {
  return Fail(ErrorCode::kPermissionDenied, "power_item.not_allowed",
              "a department's powers are recorded by its administrator");
}

bool AdministersDepartment(const accounts::Actor& actor, const catalog::PowerItem& p) {
  return actor.role == accounts::Role::kDepartmentAdmin && !p.department_id.empty() &&
         actor.department_id == p.department_id;
}

Status StoredOrStale(Status written) {
  if (!written && written.error().code() == ErrorCode::kAborted) {
    return Fail(ErrorCode::kAborted, "version.stale",
                "the power item has changed since it was read");
  }
  return written;
}

}  // namespace

Result<catalog::PowerItem> PowerListService::Create(const accounts::Actor& actor,
                                                    catalog::PowerItem item,
                                                    const RequestContext& ctx) {
  if (!AdministersDepartment(actor, item)) {
    return AuditDenied(store_, clock_, actor, "power_item", item.code, ctx, NotAllowed());
  }
  ZT_RETURN_IF_ERROR(catalog::Validate(item));
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto department, tx->FindDepartment(item.department_id));
  if (!department) return FieldFail("/department_id", "department.unknown", "no such department");
  const Instant now = clock_.Now();
  item.id = NewId(crypto_, "pw_");
  item.region_code = department->region_code;
  revisions::StartFirstRevision(item, now);
  if (auto inserted = tx->catalogue_lists().InsertPowerItem(item); !inserted) {
    if (inserted.error().code() == ErrorCode::kAlreadyExists) {
      return Fail(ErrorCode::kAlreadyExists, "power_item.code_taken",
                  "a power item with this code exists",
                  {{"/code", "power_item.code_taken", "a power item with this code exists"}});
    }
    return std::unexpected(inserted.error());
  }
  ZT_RETURN_IF_ERROR(tx->catalogue_lists().InsertPowerItemRevision(item));
  ZT_RETURN_IF_ERROR(tx->AppendEvent(PowerEvent(now, "power_item.created", item, actor, ctx)));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return item;
}

Result<catalog::PowerItem> PowerListService::Revise(const accounts::Actor& actor,
                                                    const std::string& id, std::int64_t if_match,
                                                    catalog::PowerItem content,
                                                    std::optional<Date> effective_from,
                                                    const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->catalogue_lists().FindPowerItem(id));
  if (!found) return NotFound();
  const catalog::PowerItem current = std::move(*found);
  if (!AdministersDepartment(actor, current)) {
    return AuditDenied(store_, clock_, actor, "power_item", id, ctx, NotAllowed(), tx);
  }
  if (current.version != if_match) {
    return Fail(ErrorCode::kAborted, "version.stale",
                "the power item has changed since it was read (version " +
                    std::to_string(current.version) + ")");
  }
  if (current.withdrawn) {
    return Fail(ErrorCode::kFailedPrecondition, "power_item.withdrawn",
                "a withdrawn power item is not revised");
  }
  const Instant now = clock_.Now();
  const Date today = CivilDateCst(now);
  const Date from = effective_from.value_or(today);
  // The power's identity stays: a revision never moves it to another code or body.
  content.id = current.id;
  content.code = current.code;
  content.department_id = current.department_id;
  content.region_code = current.region_code;
  std::vector<FieldError> errors;
  if (auto valid = catalog::Validate(content); !valid) errors = valid.error().fields();
  revisions::CheckEffectiveFrom("power_item", from, today, current.effective_from, errors);
  if (!errors.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "power_item.invalid",
                std::to_string(errors.size()) + " problem(s) in the power item", std::move(errors));
  }
  const auto changed = catalog::ChangedFields(current, content);
  if (changed.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "power_item.unchanged",
                "the revision changes nothing");
  }
  catalog::PowerItem next = revisions::NextRevision(current, std::move(content), now, from);
  ZT_RETURN_IF_ERROR(tx->catalogue_lists().EndPowerItemRevisions(id, from.AddDays(-1)));
  ZT_RETURN_IF_ERROR(tx->catalogue_lists().InsertPowerItemRevision(next));
  ZT_RETURN_IF_ERROR(StoredOrStale(tx->catalogue_lists().UpdatePowerItem(next, current.version)));
  EventDraft event = PowerEvent(now, "power_item.revised", next, actor, ctx);
  event.details.push_back({"changed", revisions::JoinedFieldNames(changed)});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(std::move(event)));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return next;
}

Result<catalog::PowerItem> PowerListService::Withdraw(const accounts::Actor& actor,
                                                      const std::string& id, std::int64_t if_match,
                                                      const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->catalogue_lists().FindPowerItem(id));
  if (!found) return NotFound();
  if (!AdministersDepartment(actor, *found)) {
    return AuditDenied(store_, clock_, actor, "power_item", id, ctx, NotAllowed(), tx);
  }
  if (found->version != if_match) {
    return Fail(ErrorCode::kAborted, "version.stale",
                "the power item has changed since it was read (version " +
                    std::to_string(found->version) + ")");
  }
  if (found->withdrawn) {
    return Fail(ErrorCode::kFailedPrecondition, "power_item.withdrawn",
                "the power item is already withdrawn");
  }
  const Instant now = clock_.Now();
  // Withdrawn from today: the last day in force is yesterday.
  const Date last_day = CivilDateCst(now).AddDays(-1);
  catalog::PowerItem next = revisions::WithdrawnRevision(*found, now, last_day);
  ZT_RETURN_IF_ERROR(tx->catalogue_lists().EndPowerItemRevisions(id, last_day));
  ZT_RETURN_IF_ERROR(StoredOrStale(tx->catalogue_lists().UpdatePowerItem(next, found->version)));
  ZT_RETURN_IF_ERROR(tx->AppendEvent(PowerEvent(now, "power_item.withdrawn", next, actor, ctx)));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return next;
}

Result<catalog::PowerItem> PowerListService::Get(const std::string& id, std::optional<Date> as_of) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  if (as_of) {
    ZT_ASSIGN_OR_RETURN(auto revisions, tx->catalogue_lists().ListPowerItemRevisions(id));
    if (revisions.empty()) return NotFound();
    for (auto& r : revisions) {
      if (catalog::InForceAt(r, *as_of)) return std::move(r);
    }
    return Fail(ErrorCode::kNotFound, "power_item.not_in_force",
                "the power item was not in force on " + as_of->ToString());
  }
  ZT_ASSIGN_OR_RETURN(auto item, tx->catalogue_lists().FindPowerItem(id));
  if (!item) return NotFound();
  return *item;
}

Result<std::vector<catalog::PowerItem>> PowerListService::Revisions(const std::string& id) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto revisions, tx->catalogue_lists().ListPowerItemRevisions(id));
  if (revisions.empty()) return NotFound();
  return revisions;
}

Result<Page<catalog::PowerItem>> PowerListService::List(std::string_view region,
                                                        PowerItemQuery query) {
  ZT_ASSIGN_OR_RETURN(query.region_prefix, RegionFilterPrefix(region));
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  return tx->catalogue_lists().ListPowerItems(query);
}

Result<catalog::PowerListCounts> PowerListService::Counts(std::string_view region,
                                                          const DepartmentId& department,
                                                          std::string_view category_list,
                                                          std::optional<Date> as_of) {
  if (catalog::PowerCategories(category_list).empty()) {
    return FieldFail("list", "delegation.category_list_unknown", "unknown category list");
  }
  PowerItemQuery query;
  ZT_ASSIGN_OR_RETURN(query.region_prefix, RegionFilterPrefix(region));
  query.department_id = department;
  query.category_list = std::string(category_list);
  query.as_of = as_of;
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto groups, tx->catalogue_lists().CountPowerItems(query));
  return catalog::CountsFromGroups(category_list, groups);
}

}  // namespace zt::service
