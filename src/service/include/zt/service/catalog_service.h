// File: catalog_service.h
//
// Publishing service items. Department administrators create drafts for their own
// department and publish or withdraw them; everyone may read published items; staff read
// any status inside their scope. Every change is an event.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>

#include "zt/accounts/roles.h"
#include "zt/catalog/indicators.h"
#include "zt/catalog/item.h"
#include "zt/catalog/item_csv.h"
#include "zt/catalog/search.h"
#include "zt/catalog/standard.h"
#include "zt/core/error.h"
#include "zt/service/catalog_store.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::service {

struct ItemView {
  catalog::ServiceItem item;
  std::string department_name;
};

// What an import did: the drafts it created, the items whose draft it replaced or whose new
// version it opened, how many rows matched the record already — or (with nothing written)
// every row's problem.
struct ImportOutcome {
  std::vector<ItemView> created;
  std::vector<ItemView> updated;
  std::int64_t unchanged = 0;
  std::vector<catalog::CsvRowError> errors;  // non-empty: the file was refused as a whole
};

// Progress of a long import: the stage ("checking rows", "writing rows"), rows done, rows in
// the file. Called every 500 rows and at the end.
using ImportProgress = std::function<void(std::string_view stage, int done, int total)>;

// Catalogue indicators (事项口径) over the published items of a scope.
struct CatalogFigures {
  std::string region_prefix;   // "" for everywhere
  DepartmentId department_id;  // empty for every department
  std::int64_t items = 0;      // published items counted
  std::vector<catalog::Indicator> indicators;
};

// An item that implements a basic-catalogue item, with its standard and every locked
// element in which it differs from it (empty when in line).
struct ImplementationView {
  ItemView item;
  catalog::Implementation implementation;
  catalog::StandardItem standard;
  std::vector<catalog::ElementDrift> drift;
};

// What a department asks for when it implements a standard item: the item's own fields
// (code, department, region, promised limit, case kind, online, materials; the locked
// ones are taken from the standard whatever they say) and the local elements.
struct ImplementRequest {
  catalog::ServiceItem item;
  catalog::LocalElements local;
};

// Implementations that differ from their standard item where they must not.
struct DriftReport {
  std::string region_prefix;             // "" for everywhere
  DepartmentId department_id;            // empty for every department
  std::int64_t checked = 0;              // implementations compared (withdrawn items are not)
  std::vector<ImplementationView> rows;  // only those with drift, by region then item id
};

// The drift of every implementation in a region prefix (and department, when given),
// without a scope check: the CLI's operator view and CatalogService::Drift's core.
Result<DriftReport> ComputeDrift(UnitOfWork& tx, std::string_view region_prefix,
                                 const DepartmentId& department);

// An item with its elements and every version of its content (docs/catalogue.md "Life cycle
// and versions"). `versions` holds only published ones (in force, superseded, withdrawn)
// for callers who may not see drafts.
struct ItemRecord {
  ItemView item;
  std::vector<catalog::ItemVersion> versions;  // by number
  // The version being prepared (draft or in review), when there is one.
  std::optional<catalog::ItemVersion> open_version;
};

// A reviewer's decision on the version in review.
struct ReviewDecision {
  bool approve = false;
  std::optional<Date> effective_from;  // approve only; default today (CST); never in the past
  std::string note;                    // the reason when returning it; at most 500 characters
};

// 应认领 / 已认领 of a region's departments (catalog::Claim).
struct ClaimReport {
  std::string region_prefix;  // "" for everywhere
  std::vector<catalog::ClaimCount> by_department;
  std::vector<catalog::ClaimCount> by_region;
  std::vector<catalog::Claim> claims;
  std::map<std::string, std::string> department_names;     // id → name
  std::map<std::string, catalog::StandardItem> standards;  // id → the standard
};

class CatalogService {
 public:
  CatalogService(Store& store, Crypto& crypto, const Clock& clock)
      : store_(store), crypto_(crypto), clock_(clock) {}

  // Creates a draft. kPermissionDenied unless `actor` is the department admin of
  // item.department_id; kInvalidArgument for invalid fields (catalog::Validate) or an
  // unknown department/region; kAlreadyExists for a code already in use.
  Result<ItemView> Create(const accounts::Actor& actor, catalog::ServiceItem item,
                          const RequestContext& ctx);
  // An initial data load (the demo seed, the city-scale generator, test fixtures): a first
  // draft → published without review, in force from today. No HTTP route reaches it; every
  // publication through the API goes draft → review → published by a second person (Review).
  // The item.published event records initial_load=true, loaded_by and `reason`.
  // kInvalidArgument "item.initial_load_reason" for an empty reason (or over 200 bytes);
  // permissions as Create; kAborted for a stale version; kFailedPrecondition
  // "item.status_not_allowed" unless a draft never published, "item.in_review" in review.
  Result<ItemView> PublishInitialLoad(const accounts::Actor& actor, const ItemId& id,
                                      std::int64_t if_match, std::string_view reason,
                                      const RequestContext& ctx);
  // published → withdrawn, with the If-Match version.
  // kAborted for a stale version, kFailedPrecondition from the wrong status.
  Result<ItemView> Withdraw(const accounts::Actor& actor, const ItemId& id, std::int64_t if_match,
                            const RequestContext& ctx);
  // Anonymous callers (nullopt) and citizens see published items only; kNotFound otherwise.
  Result<ItemView> Get(const std::optional<accounts::Actor>& actor, const ItemId& id);
  // Anonymous callers and citizens with a non-empty query.text are served by the in-memory
  // search (catalog::CatalogIndex: synonyms, 1- and 2-character queries, ranking); staff
  // and empty queries by the store's ItemQuery (ordered by code).
  Result<Page<ItemView>> List(const std::optional<accounts::Actor>& actor, ItemQuery query);

  // The department's items in every status as CSV with every element (catalog/item_csv.h;
  // `bom` adds the UTF-8 BOM): each item's open draft or review version when it has one,
  // else its record. kPermissionDenied unless `actor` is that department's administrator (audited);
  // kNotFound "department.unknown" for an unknown department.
  Result<std::string> ExportCsv(const accounts::Actor& actor, const DepartmentId& department,
                                bool bom, const RequestContext& ctx);

  // Imports the full item records of `csv` (catalog/item_csv.h) in ONE unit of work, one
  // event per row that changes something: a new code creates a draft (item.created); the code
  // of one of the department's items replaces its draft — the record of a never-published
  // item or the open draft version — (item.draft_updated) or, for a published item, opens a
  // new version with the row's content (item.revision_started; the published version stays
  // in force until a second person approves the new one); a row equal to the record writes
  // nothing. Every event has source=csv_import. kPermissionDenied unless `actor` is a
  // department administrator. Every row is checked first — the file's own rules
  // (catalog::ParseItemsCsv), a department other than the actor's (item.not_your_department),
  // an unknown department or region, a code of another department (item.code_taken), a
  // changed region (item.region_locked), a withdrawn item (item.status_not_allowed), a
  // version in review (item.in_review), a locked element of an implementation
  // (item.element_locked), a parent_code that is no item of the department in the store or
  // the file (item.parent_unknown) — and if any row has a problem nothing is written and the
  // outcome lists them all (ok result, non-empty errors). An empty file body is one
  // csv.header error.
  Result<ImportOutcome> ImportCsv(const accounts::Actor& actor, std::string_view csv,
                                  const RequestContext& ctx, const ImportProgress& progress = {});

  // 事项口径 indicators over published items. A bureau manager asks for a region inside
  // their own (default: their region) and optionally one department; a department
  // administrator for their own department (default). kPermissionDenied
  // "stats.catalog_not_allowed" for other roles and anonymous callers, "stats.out_of_scope" for a
  // region or department outside the actor's scope; kInvalidArgument for a malformed region.
  // With `as_of`, over the versions in force on that date (the catalogue frozen at a
  // reporting date) instead of today's published items.
  Result<CatalogFigures> Figures(const accounts::Actor& actor, std::string_view region,
                                 const DepartmentId& department,
                                 std::optional<Date> as_of = std::nullopt);

  // ---- The catalogue across levels (catalog/standard.h, docs/catalogue.md) ----

  // Defines a basic-catalogue item at the level of its region (province or prefecture).
  // kPermissionDenied "standard.not_allowed" unless `actor` is a bureau manager whose region
  // contains standard.region_code; kInvalidArgument for invalid fields, an unknown region or
  // one below city level; kAlreadyExists "standard.code_taken" for a basic code in use.
  Result<catalog::StandardItem> CreateStandard(const accounts::Actor& actor,
                                               catalog::StandardItem standard,
                                               const RequestContext& ctx);
  // Replaces the locked elements (name, basic code, type, competent department, legal basis,
  // statutory limit) and bumps the version; implementations keep the elements they had and
  // show in the drift report until they follow. Same permissions as CreateStandard; kAborted
  // for a stale if_match; kNotFound "standard.not_found".
  Result<catalog::StandardItem> ReviseStandard(const accounts::Actor& actor, const std::string& id,
                                               std::int64_t if_match, catalog::StandardItem revised,
                                               const RequestContext& ctx);
  // The basic catalogue is public.
  Result<catalog::StandardItem> GetStandard(const std::string& id);
  Result<Page<catalog::StandardItem>> ListStandards(StandardQuery query);

  // Creates a draft item implementing the standard, its locked elements copied from it and
  // its level taken from its region. kPermissionDenied unless `actor` is the department
  // administrator of request.item.department_id; kInvalidArgument for invalid fields, a
  // region outside the standard's (standard.region_outside) or above its level
  // (standard.level_above); kAlreadyExists "item.code_taken".
  Result<ImplementationView> Implement(const accounts::Actor& actor, const std::string& standard_id,
                                       ImplementRequest request, const RequestContext& ctx);
  // The item with its standard and drift; visible as Get() makes items visible.
  Result<ImplementationView> GetImplementation(const std::optional<accounts::Actor>& actor,
                                               const ItemId& item);
  // Sets the local elements (address, hours, windows, promised limit) of a draft
  // implementation. kFailedPrecondition "item.not_draft" for a published or withdrawn item
  // (a published item is never edited in place); permissions and versions as Publish.
  Result<ImplementationView> UpdateLocal(const accounts::Actor& actor, const ItemId& item,
                                         std::int64_t if_match, catalog::LocalElements local,
                                         const RequestContext& ctx);
  // Brings a draft implementation's locked elements in line with the standard's current
  // version (the cure for drift). Same rules as UpdateLocal.
  Result<ImplementationView> FollowStandard(const accounts::Actor& actor, const ItemId& item,
                                            std::int64_t if_match, const RequestContext& ctx);
  // The drift report. A bureau manager asks for a region inside their own (default theirs)
  // and optionally one department; a department administrator sees their own department.
  // kPermissionDenied "catalogue.drift_not_allowed" for other roles, "stats.out_of_scope"
  // outside the actor's scope.
  Result<DriftReport> Drift(const accounts::Actor& actor, std::string_view region,
                            const DepartmentId& department);

  // ---- The item record's life cycle (docs/catalogue.md) ----

  // The item with its elements and versions. Anonymous callers and citizens see published
  // items and their published versions only (kNotFound otherwise); staff in scope see all.
  Result<ItemRecord> GetRecord(const std::optional<accounts::Actor>& actor, const ItemId& id);
  // Replaces the content of the item's open draft version: the item itself while it was
  // never published, or the revision opened by StartRevision (code, department and region
  // stay the item's). Department administrator of the item; If-Match on the item's version.
  // kFailedPrecondition "item.not_draft" when no draft is open (a published item is changed
  // by a revision), "item.in_review" while the version is in review; kInvalidArgument from
  // catalog::Validate (item.promised_exceeds_statutory, item.credit_code_invalid, ...),
  // item.element_locked for a locked element of an implementation.
  Result<ItemRecord> UpdateDraft(const accounts::Actor& actor, const ItemId& id,
                                 std::int64_t if_match, catalog::ServiceItem content,
                                 const RequestContext& ctx);
  // Opens a new draft version of a published item with its current content.
  // kFailedPrecondition "item.status_not_allowed" unless published, "item.revision_open"
  // when a draft or review is already open.
  Result<ItemRecord> StartRevision(const accounts::Actor& actor, const ItemId& id,
                                   std::int64_t if_match, const RequestContext& ctx);
  // draft → review. kFailedPrecondition "item.not_draft" when no draft is open.
  Result<ItemRecord> SubmitForReview(const accounts::Actor& actor, const ItemId& id,
                                     std::int64_t if_match, const RequestContext& ctx);
  // review → published (approve) or back to draft. The reviewer is the department's
  // administrator or a bureau manager over the item's region, and never the version's
  // author or submitter (kPermissionDenied "item.review_by_author"). Approving supersedes
  // the version in force (its effective_to becomes the day before) and makes the item's
  // record the new content. kFailedPrecondition "item.not_in_review";
  // kInvalidArgument "item.effective_from_past".
  Result<ItemRecord> Review(const accounts::Actor& actor, const ItemId& id, std::int64_t if_match,
                            ReviewDecision decision, const RequestContext& ctx);
  // The versions waiting for review that `actor` may review: a bureau manager's region, a
  // department administrator's department (their own submissions included, shown but not
  // reviewable). kPermissionDenied "item.review_not_allowed" for other roles.
  Result<std::vector<catalog::ItemVersion>> ReviewQueue(const accounts::Actor& actor);
  // The catalogue as it stood on `date`: the version of each item then in force (public).
  // `department` empty for all; `region_prefix` as RegionScopePrefix gives it.
  Result<std::vector<ItemView>> CatalogueAt(Date date, std::string_view region_prefix,
                                            const DepartmentId& department);
  // The item's version in force on `date`; kNotFound "item.not_in_force" when none was.
  Result<catalog::ItemVersion> VersionAt(const ItemId& id, Date date);

  // 认领: a bureau manager over the standard's region and every department's region assigns
  // the standard to departments at or below its level (应认领; kept when already assigned);
  // the department's administrator claims it (已认领). kNotFound "claim.not_assigned",
  // kFailedPrecondition "claim.already_claimed".
  Result<std::vector<catalog::Claim>> AssignClaims(const accounts::Actor& actor,
                                                   const std::string& standard_id,
                                                   const std::vector<DepartmentId>& departments,
                                                   const RequestContext& ctx);
  Result<catalog::Claim> ClaimStandard(const accounts::Actor& actor, const std::string& standard_id,
                                       const RequestContext& ctx);
  // 应认领/已认领 counts: a bureau manager for a region inside theirs (default theirs), a
  // department administrator for their own department. kPermissionDenied
  // "claim.not_allowed" for other roles, "stats.out_of_scope" outside the actor's scope.
  Result<ClaimReport> Claims(const accounts::Actor& actor, std::string_view region);

  // Marks the search index stale; publishing and withdrawing call it after they commit.
  void InvalidateIndex();

 private:
  struct IndexSnapshot {
    explicit IndexSnapshot(std::vector<catalog::ServiceItem> items) : index(std::move(items)) {}
    catalog::CatalogIndex index;
    std::map<std::string, std::string> department_names;
  };
  // The current index, built from the store when stale (see InvalidateIndex).
  Result<std::shared_ptr<const IndexSnapshot>> Index();
  Result<Page<ItemView>> Search(const ItemQuery& query);

  // Loads a draft implementation the actor administers, checking scope, role and version.
  struct DraftImplementation {
    catalog::ServiceItem item;
    catalog::Implementation implementation;
    catalog::StandardItem standard;
  };
  Result<DraftImplementation> LoadDraftImplementation(std::unique_ptr<UnitOfWork>& tx,
                                                      const accounts::Actor& actor,
                                                      const ItemId& id, std::int64_t if_match,
                                                      const RequestContext& ctx);
  Result<ImplementationView> ViewOf(UnitOfWork& tx, catalog::ServiceItem item,
                                    catalog::Implementation implementation,
                                    catalog::StandardItem standard);

  // Loads an item the actor administers with its elements, checking scope and version.
  Result<catalog::ServiceItem> LoadAdministered(std::unique_ptr<UnitOfWork>& tx,
                                                const accounts::Actor& actor, const ItemId& id,
                                                std::int64_t if_match, const RequestContext& ctx);
  Result<ItemRecord> RecordOf(UnitOfWork& tx, catalog::ServiceItem item, bool with_drafts);

  Result<ItemView> ChangeStatus(const accounts::Actor& actor, const ItemId& id,
                                std::int64_t if_match, catalog::ItemStatus from,
                                catalog::ItemStatus to, const char* action,
                                const RequestContext& ctx, std::string_view load_reason);
  Store& store_;
  Crypto& crypto_;
  const Clock& clock_;
  std::shared_mutex index_mutex_;
  std::uint64_t index_version_ = 0;  // the catalogue generation index_ was built at
  std::shared_ptr<const IndexSnapshot> index_;
};

// The item with exactly this code (without its elements), if any.
Result<std::optional<catalog::ServiceItem>> FindItemByCode(UnitOfWork& tx, std::string_view code);

// Every item matching `query` (its offset and limit ignored), read page by page.
Result<std::vector<catalog::ServiceItem>> ListAllItems(UnitOfWork& tx, ItemQuery query);

// The prefix of region codes inside `region_code`'s area: "440800" → "4408" (the city and
// everything in it), "440000" → "44", "440802" → "440802". Stores filter by it.
std::string RegionScopePrefix(std::string_view region_code);

// The prefix a list query's `region` parameter asks for: "" (everywhere) when none is given,
// a field error on `region` when it is not a region code.
Result<std::string> RegionFilterPrefix(std::string_view region);

// A new opaque id with a readable prefix ("c_", "i_", "a_"), 128 random bits.
std::string NewId(Crypto& crypto, std::string_view prefix);

}  // namespace zt::service
