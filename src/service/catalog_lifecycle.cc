// The item record's life cycle: draft → review → published → withdrawn, with numbered
// versions and effective dates, the catalogue as it stood at a past date, and 认领
// (docs/catalogue.md "Life cycle and versions", "Claiming").
#include <algorithm>
#include <map>
#include <set>

#include "catalog_internal.h"
#include "zt/core/region_code.h"
#include "zt/service/audit.h"
#include "zt/service/catalog_service.h"

namespace zt::service {
namespace {

using catalog_internal::ItemEvent;
using catalog_internal::ItemNotFound;
using catalog_internal::ManagesRegion;

EventDraft LifecycleEvent(Instant at, std::string action, const catalog::ServiceItem& item,
                          std::int64_t number, const accounts::Actor& actor,
                          const RequestContext& ctx) {
  EventDraft e = ItemEvent(at, std::move(action), item, actor, ctx);
  e.details.push_back({"content_version", std::to_string(number)});
  return e;
}

EventDraft ClaimEvent(Instant at, std::string action, const catalog::Claim& claim,
                      const accounts::Actor& actor, const RequestContext& ctx) {
  EventDraft e = ActorEvent(at, std::move(action), "standard", claim.standard_id, actor, ctx);
  e.details.push_back({"department_id", claim.department_id.value()});
  return e;
}

bool IsDepartmentAdminOf(const accounts::Actor& actor, const catalog::ServiceItem& item) {
  return catalog_internal::IsDepartmentAdminOf(actor, item.department_id, item.region_code);
}

// The open version (draft or review), if any: always the highest number.
catalog::ItemVersion* OpenVersion(std::vector<catalog::ItemVersion>& versions) {
  if (versions.empty()) return nullptr;
  catalog::ItemVersion& last = versions.back();
  return last.state == catalog::VersionState::kDraft || last.state == catalog::VersionState::kReview
             ? &last
             : nullptr;
}

// The version in force now, if any: the published one.
catalog::ItemVersion* PublishedVersion(std::vector<catalog::ItemVersion>& versions) {
  for (auto& v : versions) {
    if (v.state == catalog::VersionState::kPublished) return &v;
  }
  return nullptr;
}

// The item's record columns from `content`, keeping the item's identity and bookkeeping.
void TakeContent(catalog::ServiceItem& item, const catalog::ServiceItem& content) {
  catalog::ServiceItem next = content;
  next.id = item.id;
  next.status = item.status;
  next.version = item.version;
  next.created_at = item.created_at;
  next.updated_at = item.updated_at;
  item = std::move(next);
}

}  // namespace

Result<catalog::ServiceItem> CatalogService::LoadAdministered(std::unique_ptr<UnitOfWork>& tx,
                                                              const accounts::Actor& actor,
                                                              const ItemId& id,
                                                              std::int64_t if_match,
                                                              const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindItem(id));
  if (!found ||
      !accounts::CanSeeDepartmentRecord(actor, found->region_code, found->department_id)) {
    return AuditDenied(store_, clock_, actor, "item", id.value(), ctx, ItemNotFound(), tx);
  }
  if (!IsDepartmentAdminOf(actor, *found)) {
    return AuditDenied(store_, clock_, actor, "item", id.value(), ctx,
                       Fail(ErrorCode::kPermissionDenied, "item.not_your_department",
                            "only the department's administrator changes its items"),
                       tx);
  }
  if (found->version != if_match) {
    return Fail(
        ErrorCode::kAborted, "version.stale",
        "the item has changed since it was read (version " + std::to_string(found->version) + ")");
  }
  ZT_ASSIGN_OR_RETURN(auto elements, tx->catalog().FindItemElements(id));
  if (elements) found->elements = std::move(*elements);
  return std::move(*found);
}

Result<ItemRecord> CatalogService::RecordOf(UnitOfWork& tx, catalog::ServiceItem item,
                                            bool with_drafts) {
  ZT_ASSIGN_OR_RETURN(auto elements, tx.catalog().FindItemElements(item.id));
  if (elements) item.elements = std::move(*elements);
  ZT_ASSIGN_OR_RETURN(auto versions, tx.catalog().ListItemVersions(item.id));
  ZT_ASSIGN_OR_RETURN(auto department, tx.FindDepartment(item.department_id));
  ItemRecord out;
  out.item = ItemView{std::move(item), department ? department->name : ""};
  if (with_drafts) {
    if (catalog::ItemVersion* open = OpenVersion(versions)) out.open_version = *open;
  } else {
    std::erase_if(versions, [](const catalog::ItemVersion& v) {
      return v.state == catalog::VersionState::kDraft || v.state == catalog::VersionState::kReview;
    });
  }
  out.versions = std::move(versions);
  return out;
}

Result<ItemRecord> CatalogService::GetRecord(const std::optional<accounts::Actor>& actor,
                                             const ItemId& id) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindItem(id));
  bool staff = found && actor && actor->role != accounts::Role::kCitizen &&
               accounts::CanSeeDepartmentRecord(*actor, found->region_code, found->department_id);
  if (!found || (!staff && found->status != catalog::ItemStatus::kPublished)) {
    return ItemNotFound();
  }
  return RecordOf(*tx, std::move(*found), staff);
}

Result<ItemRecord> CatalogService::UpdateDraft(const accounts::Actor& actor, const ItemId& id,
                                               std::int64_t if_match, catalog::ServiceItem content,
                                               const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto item, LoadAdministered(tx, actor, id, if_match, ctx));
  ZT_ASSIGN_OR_RETURN(auto versions, tx->catalog().ListItemVersions(id));
  catalog::ItemVersion* open = OpenVersion(versions);
  const bool first = item.status == catalog::ItemStatus::kDraft;
  if (open && open->state == catalog::VersionState::kReview) {
    return Fail(ErrorCode::kFailedPrecondition, "item.in_review",
                "the version is in review; it is edited after it is returned");
  }
  if (!first && !open) {
    return Fail(ErrorCode::kFailedPrecondition, "item.not_draft",
                "a published or withdrawn item is not edited in place: start a new version");
  }
  // The item's identity stays; a revision never moves it to another body or code.
  content.id = item.id;
  content.department_id = item.department_id;
  content.region_code = item.region_code;
  if (!first) content.code = item.code;
  ZT_RETURN_IF_ERROR(catalog::Validate(content));
  ZT_ASSIGN_OR_RETURN(auto implementation, tx->catalog().FindImplementation(id));
  if (implementation) {
    std::vector<FieldError> locked;
    if (content.name != item.name) locked.push_back({"/name", "item.element_locked", "locked"});
    if (content.type != item.type) locked.push_back({"/type", "item.element_locked", "locked"});
    if (content.statutory_limit_wd != item.statutory_limit_wd) {
      locked.push_back({"/statutory_limit_wd", "item.element_locked", "locked"});
    }
    if (!locked.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "item.element_locked",
                  "these elements are set by the basic catalogue", std::move(locked));
    }
  }
  if (!content.elements.parent_id.empty()) {
    ZT_ASSIGN_OR_RETURN(auto parent, tx->FindItem(content.elements.parent_id));
    if (!parent || parent->department_id != item.department_id) {
      return FieldFail("/elements/parent_id", "item.parent_unknown",
                       "the parent item is not one of this department's items");
    }
  }
  Instant now = clock_.Now();
  catalog::ServiceItem next = item;
  if (first) TakeContent(next, content);
  next.version = item.version + 1;
  next.updated_at = now;
  auto updated = tx->UpdateItem(next, item.version);
  if (!updated) {
    if (updated.error().code() == ErrorCode::kAlreadyExists) {
      return Fail(ErrorCode::kAlreadyExists, "item.code_taken", "an item with this code exists",
                  {{"/code", "item.code_taken", "an item with this code exists"}});
    }
    return std::unexpected(updated.error());
  }
  if (first) ZT_RETURN_IF_ERROR(tx->catalog().PutItemElements(id, next.elements));
  catalog::ItemVersion version;
  if (open) {
    version = *open;
  } else {
    // An item stored before versions existed gets its first version now.
    version.item_id = id;
    version.number = versions.empty() ? 1 : versions.back().number + 1;
    version.author_id = actor.account_id.value();
    version.created_at = now;
  }
  version.content = content;
  version.updated_at = now;
  if (open) {
    ZT_RETURN_IF_ERROR(tx->catalog().UpdateItemVersion(version));
  } else {
    ZT_RETURN_IF_ERROR(tx->catalog().InsertItemVersion(version));
  }
  ZT_RETURN_IF_ERROR(
      tx->AppendEvent(LifecycleEvent(now, "item.draft_updated", next, version.number, actor, ctx)));
  ZT_ASSIGN_OR_RETURN(auto record, RecordOf(*tx, next, true));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return record;
}

Result<ItemRecord> CatalogService::StartRevision(const accounts::Actor& actor, const ItemId& id,
                                                 std::int64_t if_match, const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto item, LoadAdministered(tx, actor, id, if_match, ctx));
  if (item.status != catalog::ItemStatus::kPublished) {
    return Fail(ErrorCode::kFailedPrecondition, "item.status_not_allowed",
                "only a published item gets a new version");
  }
  ZT_ASSIGN_OR_RETURN(auto versions, tx->catalog().ListItemVersions(id));
  if (OpenVersion(versions)) {
    return Fail(ErrorCode::kFailedPrecondition, "item.revision_open",
                "a new version of this item is already being prepared");
  }
  Instant now = clock_.Now();
  catalog::ServiceItem next = item;
  next.version = item.version + 1;
  next.updated_at = now;
  ZT_RETURN_IF_ERROR(tx->UpdateItem(next, item.version));
  catalog::ItemVersion version;
  version.item_id = id;
  version.number = versions.empty() ? 1 : versions.back().number + 1;
  version.author_id = actor.account_id.value();
  version.content = item;
  version.created_at = now;
  version.updated_at = now;
  ZT_RETURN_IF_ERROR(tx->catalog().InsertItemVersion(version));
  ZT_RETURN_IF_ERROR(tx->AppendEvent(
      LifecycleEvent(now, "item.revision_started", next, version.number, actor, ctx)));
  ZT_ASSIGN_OR_RETURN(auto record, RecordOf(*tx, next, true));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return record;
}

Result<ItemRecord> CatalogService::SubmitForReview(const accounts::Actor& actor, const ItemId& id,
                                                   std::int64_t if_match,
                                                   const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto item, LoadAdministered(tx, actor, id, if_match, ctx));
  ZT_ASSIGN_OR_RETURN(auto versions, tx->catalog().ListItemVersions(id));
  catalog::ItemVersion* open = OpenVersion(versions);
  const bool first = item.status == catalog::ItemStatus::kDraft;
  if (open && open->state == catalog::VersionState::kReview) {
    return Fail(ErrorCode::kFailedPrecondition, "item.in_review", "the version is in review");
  }
  if (!first && !open) {
    return Fail(ErrorCode::kFailedPrecondition, "item.not_draft", "no draft version is open");
  }
  Instant now = clock_.Now();
  catalog::ItemVersion version;
  if (open) {
    version = *open;
  } else {
    version.item_id = id;
    version.number = versions.empty() ? 1 : versions.back().number + 1;
    version.author_id = actor.account_id.value();
    version.created_at = now;
  }
  // A first version is the item's own record (implementations change it through their
  // local elements), so that is what goes to review.
  if (first) version.content = item;
  ZT_RETURN_IF_ERROR(catalog::Validate(version.content));
  version.state = catalog::VersionState::kReview;
  version.submitted_by = actor.account_id.value();
  version.updated_at = now;
  if (open) {
    ZT_RETURN_IF_ERROR(tx->catalog().UpdateItemVersion(version));
  } else {
    ZT_RETURN_IF_ERROR(tx->catalog().InsertItemVersion(version));
  }
  catalog::ServiceItem next = item;
  next.version = item.version + 1;
  next.updated_at = now;
  ZT_RETURN_IF_ERROR(tx->UpdateItem(next, item.version));
  ZT_RETURN_IF_ERROR(
      tx->AppendEvent(LifecycleEvent(now, "item.submitted", next, version.number, actor, ctx)));
  ZT_ASSIGN_OR_RETURN(auto record, RecordOf(*tx, next, true));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return record;
}

Result<ItemRecord> CatalogService::Review(const accounts::Actor& actor, const ItemId& id,
                                          std::int64_t if_match, ReviewDecision decision,
                                          const RequestContext& ctx) {
  if (decision.note.size() > 2000) {
    return FieldFail("/note", "item.text_length", "at most 500 characters");
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindItem(id));
  if (!found ||
      !accounts::CanSeeDepartmentRecord(actor, found->region_code, found->department_id)) {
    return AuditDenied(store_, clock_, actor, "item", id.value(), ctx, ItemNotFound(), tx);
  }
  catalog::ServiceItem item = std::move(*found);
  if (!IsDepartmentAdminOf(actor, item) && !ManagesRegion(actor, item.region_code)) {
    return AuditDenied(store_, clock_, actor, "item", id.value(), ctx,
                       Fail(ErrorCode::kPermissionDenied, "item.review_not_allowed",
                            "items are reviewed by the department's administrator or the bureau"),
                       tx);
  }
  if (item.version != if_match) {
    return Fail(
        ErrorCode::kAborted, "version.stale",
        "the item has changed since it was read (version " + std::to_string(item.version) + ")");
  }
  ZT_ASSIGN_OR_RETURN(auto versions, tx->catalog().ListItemVersions(id));
  catalog::ItemVersion* open = OpenVersion(versions);
  if (!open || open->state != catalog::VersionState::kReview) {
    return Fail(ErrorCode::kFailedPrecondition, "item.not_in_review",
                "no version of this item is in review");
  }
  if (open->author_id == actor.account_id.value() ||
      open->submitted_by == actor.account_id.value()) {
    return AuditDenied(store_, clock_, actor, "item", id.value(), ctx,
                       Fail(ErrorCode::kPermissionDenied, "item.review_by_author",
                            "a version is reviewed by someone other than its author"),
                       tx);
  }
  Instant now = clock_.Now();
  const Date today = CivilDateCst(now);
  catalog::ItemVersion version = *open;
  version.reviewed_by = actor.account_id.value();
  version.review_note = decision.note;
  version.updated_at = now;
  catalog::ServiceItem next = item;
  next.version = item.version + 1;
  next.updated_at = now;
  std::string action = "item.review_returned";
  if (decision.approve) {
    Date from = decision.effective_from.value_or(today);
    if (from < today) {
      return FieldFail("/effective_from", "item.effective_from_past",
                       "a version takes effect today or later, not on " + from.ToString());
    }
    if (catalog::ItemVersion* current = PublishedVersion(versions)) {
      current->state = catalog::VersionState::kSuperseded;
      current->effective_to = from.AddDays(-1);
      current->updated_at = now;
      ZT_RETURN_IF_ERROR(tx->catalog().UpdateItemVersion(*current));
    }
    version.state = catalog::VersionState::kPublished;
    version.effective_from = from;
    version.effective_to.reset();
    TakeContent(next, version.content);
    next.status = catalog::ItemStatus::kPublished;
    ZT_RETURN_IF_ERROR(tx->catalog().PutItemElements(id, next.elements));
    action = "item.published";
  } else {
    version.state = catalog::VersionState::kDraft;
  }
  ZT_RETURN_IF_ERROR(tx->UpdateItem(next, item.version));
  ZT_RETURN_IF_ERROR(tx->catalog().UpdateItemVersion(version));
  EventDraft e = LifecycleEvent(now, action, next, version.number, actor, ctx);
  if (version.effective_from) {
    e.details.push_back({"effective_from", version.effective_from->ToString()});
  }
  e.details.push_back({"reviewed", "true"});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
  ZT_ASSIGN_OR_RETURN(auto record, RecordOf(*tx, next, true));
  ZT_RETURN_IF_ERROR(tx->Commit());
  if (decision.approve) InvalidateIndex();
  return record;
}

Result<std::vector<catalog::ItemVersion>> CatalogService::ReviewQueue(
    const accounts::Actor& actor) {
  std::string prefix;
  DepartmentId department;
  if (actor.role == accounts::Role::kBureauManager && RegionCode::Parse(actor.region_code)) {
    prefix = RegionScopePrefix(actor.region_code);
  } else if (actor.role == accounts::Role::kDepartmentAdmin && !actor.department_id.empty()) {
    prefix = RegionScopePrefix(actor.region_code);
    department = actor.department_id;
  } else {
    return Fail(ErrorCode::kPermissionDenied, "item.review_not_allowed",
                "items are reviewed by the department's administrator or the bureau");
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto versions, tx->catalog().VersionsInState(catalog::VersionState::kReview,
                                                                   prefix, department));
  std::erase_if(versions, [&](const catalog::ItemVersion& v) {
    return !accounts::CanSeeDepartmentRecord(actor, v.content.region_code, v.content.department_id);
  });
  return versions;
}

Result<std::vector<ItemView>> CatalogService::CatalogueAt(Date date, std::string_view region_prefix,
                                                          const DepartmentId& department) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  VersionsInForceQuery query{date, std::string(region_prefix), department};
  ZT_ASSIGN_OR_RETURN(auto versions, tx->catalog().VersionsInForce(query));
  std::map<std::string, std::string> names;
  std::vector<ItemView> out;
  for (auto& v : versions) {
    auto it = names.find(v.content.department_id.value());
    if (it == names.end()) {
      ZT_ASSIGN_OR_RETURN(auto d, tx->FindDepartment(v.content.department_id));
      it = names.emplace(v.content.department_id.value(), d ? d->name : "").first;
    }
    catalog::ServiceItem item = std::move(v.content);
    item.status = catalog::ItemStatus::kPublished;
    item.version = v.number;  // the content version, not the row's
    out.push_back(ItemView{std::move(item), it->second});
  }
  return out;
}

Result<catalog::ItemVersion> CatalogService::VersionAt(const ItemId& id, Date date) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto versions, tx->catalog().ListItemVersions(id));
  for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
    if (catalog::InForceAt(*it, date)) return std::move(*it);
  }
  return Fail(ErrorCode::kNotFound, "item.not_in_force",
              "no version of this item was in force on " + date.ToString());
}

// ---- 认领 ----

Result<std::vector<catalog::Claim>> CatalogService::AssignClaims(
    const accounts::Actor& actor, const std::string& standard_id,
    const std::vector<DepartmentId>& departments, const RequestContext& ctx) {
  if (departments.empty() || departments.size() > 1000) {
    return FieldFail("/department_ids", "claim.departments_count", "name 1 to 1000 departments");
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto standard, tx->catalog().FindStandard(standard_id));
  if (!standard) {
    return Fail(ErrorCode::kNotFound, "standard.not_found", "no such standard item");
  }
  if (!ManagesRegion(actor, standard->region_code)) {
    return AuditDenied(store_, clock_, actor, "standard", standard_id, ctx,
                       Fail(ErrorCode::kPermissionDenied, "claim.not_allowed",
                            "the bureau over the standard's region assigns it"),
                       tx);
  }
  auto standard_region = RegionCode::Parse(standard->region_code);
  std::vector<FieldError> errors;
  std::vector<std::pair<Department, catalog::Level>> targets;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < departments.size(); ++i) {
    const std::string at = "/department_ids/" + std::to_string(i);
    if (!seen.insert(departments[i].value()).second) {
      errors.push_back({at, "claim.department_repeated", "listed twice"});
      continue;
    }
    ZT_ASSIGN_OR_RETURN(auto d, tx->FindDepartment(departments[i]));
    if (!d) {
      errors.push_back({at, "department.unknown", "no such department"});
      continue;
    }
    auto region_code = RegionCode::Parse(d->region_code);
    ZT_ASSIGN_OR_RETURN(auto region, tx->FindRegion(d->region_code));
    std::optional<catalog::Level> level =
        region ? catalog::LevelOfRegion(region->level) : std::nullopt;
    if (!region_code || !standard_region || !standard_region->Contains(*region_code) ||
        !ManagesRegion(actor, d->region_code)) {
      errors.push_back(
          {at, "standard.region_outside", "the department lies outside the standard's region"});
      continue;
    }
    if (!level || !catalog::CheckImplementingLevel(*standard, *level)) {
      errors.push_back(
          {at, "standard.level_above", "the department is above the standard's level"});
      continue;
    }
    targets.emplace_back(std::move(*d), *level);
  }
  if (!errors.empty()) {
    std::string key = errors.front().key;
    return Fail(ErrorCode::kInvalidArgument, key, "some departments cannot claim this item",
                std::move(errors));
  }
  Instant now = clock_.Now();
  std::vector<catalog::Claim> out;
  for (const auto& [d, level] : targets) {
    ZT_ASSIGN_OR_RETURN(auto existing, tx->catalog().FindClaim(standard_id, d.id));
    if (existing) {
      out.push_back(std::move(*existing));
      continue;
    }
    catalog::Claim claim{standard_id, d.id, d.region_code, actor.account_id.value(), now, "", {}};
    ZT_RETURN_IF_ERROR(tx->catalog().PutClaim(claim));
    ZT_RETURN_IF_ERROR(
        tx->AppendEvent(ClaimEvent(now, "standard.claim_assigned", claim, actor, ctx)));
    out.push_back(std::move(claim));
  }
  ZT_RETURN_IF_ERROR(tx->Commit());
  return out;
}

Result<catalog::Claim> CatalogService::ClaimStandard(const accounts::Actor& actor,
                                                     const std::string& standard_id,
                                                     const RequestContext& ctx) {
  if (actor.role != accounts::Role::kDepartmentAdmin || actor.department_id.empty()) {
    return AuditDenied(store_, clock_, actor, "standard", standard_id, ctx,
                       Fail(ErrorCode::kPermissionDenied, "claim.not_allowed",
                            "a department's administrator claims for the department"));
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto claim, tx->catalog().FindClaim(standard_id, actor.department_id));
  if (!claim) {
    return Fail(ErrorCode::kNotFound, "claim.not_assigned",
                "this basic-catalogue item is not assigned to your department");
  }
  if (claim->claimed_at) {
    return Fail(ErrorCode::kFailedPrecondition, "claim.already_claimed",
                "your department has already claimed this item");
  }
  Instant now = clock_.Now();
  claim->claimed_at = now;
  claim->claimed_by = actor.account_id.value();
  ZT_RETURN_IF_ERROR(tx->catalog().PutClaim(*claim));
  ZT_RETURN_IF_ERROR(tx->AppendEvent(ClaimEvent(now, "standard.claimed", *claim, actor, ctx)));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return std::move(*claim);
}

Result<ClaimReport> CatalogService::Claims(const accounts::Actor& actor, std::string_view region) {
  ClaimReport out;
  ClaimQuery query;
  if (actor.role == accounts::Role::kBureauManager && !actor.region_code.empty()) {
    std::string asked = region.empty() ? actor.region_code : std::string(region);
    if (!RegionCode::Parse(asked)) return FieldFail("region", "region.format", "not a region code");
    if (!ManagesRegion(actor, asked)) {
      return Fail(ErrorCode::kPermissionDenied, "stats.out_of_scope",
                  "the region lies outside your scope");
    }
    query.region_prefix = RegionScopePrefix(asked);
  } else if (actor.role == accounts::Role::kDepartmentAdmin && !actor.department_id.empty()) {
    query.department_id = actor.department_id;
    query.region_prefix = RegionScopePrefix(actor.region_code);
  } else {
    return Fail(ErrorCode::kPermissionDenied, "claim.not_allowed",
                "认领 figures are for bureau managers and department administrators");
  }
  out.region_prefix = query.region_prefix;
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(out.claims, tx->catalog().ListClaims(query));
  std::erase_if(out.claims, [&](const catalog::Claim& c) {
    return !accounts::CanSeeDepartmentRecord(actor, c.region_code, c.department_id);
  });
  for (const auto& c : out.claims) {
    if (!out.department_names.contains(c.department_id.value())) {
      ZT_ASSIGN_OR_RETURN(auto d, tx->FindDepartment(c.department_id));
      out.department_names[c.department_id.value()] = d ? d->name : "";
    }
    if (!out.standards.contains(c.standard_id)) {
      ZT_ASSIGN_OR_RETURN(auto s, tx->catalog().FindStandard(c.standard_id));
      if (s) out.standards[c.standard_id] = std::move(*s);
    }
  }
  out.by_department = catalog::CountClaimsByDepartment(out.claims);
  out.by_region = catalog::CountClaimsByRegion(out.claims);
  return out;
}

}  // namespace zt::service
