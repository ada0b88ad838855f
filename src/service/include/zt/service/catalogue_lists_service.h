// File: catalogue_lists_service.h
//
// The catalogue's published lists and the public search (docs/catalogue.md):
//  - PowerListService: the power and responsibility list (权责清单). A department
//    administrator records its own department's powers; anyone reads the list and its counts
//    per category, which are computed from the records.
//  - LifeEventService: life events (一件事). A bureau manager bundles published items of
//    their region; anyone reads a life event with its combined material list.
//  - CatalogSearchService: the ranked public search over published items (catalog::
//    SearchIndex), built from the store and rebuilt when older than kSearchIndexMaxAge.
//
//   PowerListService powers(store, crypto, clock);
//   auto counts = powers.Counts("440800", DepartmentId(), "2015");
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "zt/accounts/roles.h"
#include "zt/catalog/life_event.h"
#include "zt/catalog/power_list.h"
#include "zt/catalog/search_index.h"
#include "zt/core/error.h"
#include "zt/service/catalogue_lists_store.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::service {

class PowerListService {
 public:
  PowerListService(Store& store, Crypto& crypto, const Clock& clock)
      : store_(store), crypto_(crypto), clock_(clock) {}

  // Records a power of `item.department_id` (its region is the department's) with a
  // "power_item.created" event. kPermissionDenied "power_item.not_allowed" (audited) unless
  // `actor` is that department's administrator; kInvalidArgument "power_item.invalid" with
  // every field problem, or "department.unknown"; kAlreadyExists "power_item.code_taken".
  // Revision 1 is in force from today.
  Result<catalog::PowerItem> Create(const accounts::Actor& actor, catalog::PowerItem item,
                                    const RequestContext& ctx);
  // A change is never made in place: revision n+1 takes `content` (its code, department and
  // region stay the power's) and is in force from `effective_from` (today by default); the
  // revisions before end the day before. One "power_item.revised" event names the changed
  // fields. kPermissionDenied "power_item.not_allowed" (audited) unless `actor` administers
  // the power's department; kAborted "version.stale" unless `if_match` is its version;
  // kFailedPrecondition "power_item.withdrawn"; kInvalidArgument "power_item.invalid" with
  // every field problem (also "/effective_from": "power_item.effective_from_past",
  // "power_item.effective_from_before_current"), "power_item.unchanged".
  Result<catalog::PowerItem> Revise(const accounts::Actor& actor, const std::string& id,
                                    std::int64_t if_match, catalog::PowerItem content,
                                    std::optional<Date> effective_from, const RequestContext& ctx);
  // Ends the power: in force until yesterday, then off the list ("power_item.withdrawn").
  // Same refusals as Revise.
  Result<catalog::PowerItem> Withdraw(const accounts::Actor& actor, const std::string& id,
                                      std::int64_t if_match, const RequestContext& ctx);
  // The list is published: anyone may read it. kNotFound "power_item.not_found"; with
  // `as_of`, the revision in force that day or kNotFound "power_item.not_in_force".
  Result<catalog::PowerItem> Get(const std::string& id, std::optional<Date> as_of = std::nullopt);
  // Every revision, oldest first. kNotFound "power_item.not_found".
  Result<std::vector<catalog::PowerItem>> Revisions(const std::string& id);
  // query.region_prefix is taken from `region` ("" for everywhere).
  Result<Page<catalog::PowerItem>> List(std::string_view region, PowerItemQuery query);
  // Items per category of `category_list` in the region (and department), computed; with
  // `as_of`, over the revisions in force that day.
  Result<catalog::PowerListCounts> Counts(std::string_view region, const DepartmentId& department,
                                          std::string_view category_list,
                                          std::optional<Date> as_of = std::nullopt);

 private:
  Store& store_;
  Crypto& crypto_;
  const Clock& clock_;
};

// A life event with the published items it bundles and their combined materials.
struct LifeEventView {
  catalog::LifeEvent event;
  std::vector<catalog::ServiceItem> items;  // in bundle order; unpublished ones left out
  std::vector<catalog::CombinedMaterial> materials;
};

class LifeEventService {
 public:
  LifeEventService(Store& store, Crypto& crypto, const Clock& clock)
      : store_(store), crypto_(crypto), clock_(clock) {}

  // Creates a life event with a "life_event.created" event. kPermissionDenied
  // "life_event.not_allowed" (audited) unless `actor` is a bureau manager whose region
  // contains event.region_code; kInvalidArgument "life_event.invalid" for bad fields, an
  // unknown region, or an item that is not a published item inside the region
  // ("life_event.item_unknown" at /item_ids/N); kAlreadyExists "life_event.code_taken".
  Result<LifeEventView> Create(const accounts::Actor& actor, catalog::LifeEvent event,
                               const RequestContext& ctx);
  // As PowerListService::Revise: revision n+1 of the event (its code and region stay) from
  // `effective_from`, checked as Create checks, with a "life_event.revised" event.
  // kPermissionDenied "life_event.not_allowed" (audited); kAborted "version.stale";
  // kFailedPrecondition "life_event.withdrawn"; kInvalidArgument "life_event.invalid",
  // "life_event.unchanged".
  Result<LifeEventView> Revise(const accounts::Actor& actor, const std::string& id,
                               std::int64_t if_match, catalog::LifeEvent content,
                               std::optional<Date> effective_from, const RequestContext& ctx);
  // Ends the life event (in force until yesterday), with a "life_event.withdrawn" event.
  Result<LifeEventView> Withdraw(const accounts::Actor& actor, const std::string& id,
                                 std::int64_t if_match, const RequestContext& ctx);
  // Public. kNotFound "life_event.not_found"; with `as_of`, the revision in force that day
  // (kNotFound "life_event.not_in_force"), with today's published items and materials.
  Result<LifeEventView> Get(const std::string& id, std::optional<Date> as_of = std::nullopt);
  // Every revision, oldest first.
  Result<std::vector<catalog::LifeEvent>> Revisions(const std::string& id);
  Result<Page<catalog::LifeEvent>> List(std::string_view region, LifeEventQuery query);

 private:
  Store& store_;
  Crypto& crypto_;
  const Clock& clock_;
};

// The index is rebuilt from the store when it is older than this: a publish shows in public
// search within a minute, and a busy search box does not reload 100,000 items per query.
inline constexpr std::chrono::seconds kSearchIndexMaxAge{60};

// A page of ranked hits; `index` keeps the documents the hits point to alive.
struct SearchPage {
  std::shared_ptr<const catalog::SearchIndex> index;
  catalog::RankedResult result;
};

class CatalogSearchService {
 public:
  CatalogSearchService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // kInvalidArgument "region.format" for a malformed region (query.region_prefix is taken
  // from `region`).
  Result<SearchPage> Search(std::string_view region, catalog::RankedQuery query);
  // Forces the next search to rebuild the index.
  void Invalidate();

 private:
  Result<std::shared_ptr<const catalog::SearchIndex>> Current();

  Store& store_;
  const Clock& clock_;
  std::mutex mutex_;
  std::shared_ptr<const catalog::SearchIndex> index_;
  std::optional<Instant> built_at_;
};

// Every published item with its level, department name, the life events that bundle it
// and its application count: what CatalogSearchService indexes (also used by the benchmark).
Result<std::vector<catalog::SearchDocument>> LoadSearchDocuments(UnitOfWork& tx);

}  // namespace zt::service
