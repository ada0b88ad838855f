// The ranked public search: the index is built from the store's published items, their
// regions' levels, department names, the life events that bundle them and their
// application counts.
#include <map>

#include "zt/core/region_code.h"
#include "zt/service/catalog_service.h"
#include "zt/service/catalogue_lists_service.h"

namespace zt::service {
namespace {

// A region's level by the shape of its code when the region table does not know it.
catalog::Level LevelByCode(std::string_view code) {
  if (code.size() >= 12) return catalog::Level::kVillage;
  if (code.size() >= 9) return catalog::Level::kTown;
  if (code.ends_with("0000")) return catalog::Level::kProvince;
  if (code.ends_with("00")) return catalog::Level::kCity;
  return catalog::Level::kCounty;
}

}  // namespace

Result<std::vector<catalog::SearchDocument>> LoadSearchDocuments(UnitOfWork& tx) {
  ItemQuery published;
  published.status = catalog::ItemStatus::kPublished;
  ZT_ASSIGN_OR_RETURN(auto items, ListAllItems(tx, published));
  std::map<std::string, catalog::Level> levels;
  ZT_ASSIGN_OR_RETURN(auto regions, tx.ListRegions());
  for (const auto& r : regions) {
    if (auto level = catalog::LevelOfRegion(r.level)) levels[r.code] = *level;
  }
  std::map<std::string, std::string> department_names;
  ZT_ASSIGN_OR_RETURN(auto departments, tx.ListDepartments(""));
  for (const auto& d : departments) department_names[d.id.value()] = d.name;
  std::map<std::string, std::int64_t> popularity;
  ZT_ASSIGN_OR_RETURN(auto counts, tx.catalogue_lists().ApplicationsPerItem());
  for (const auto& [id, n] : counts) popularity[id.value()] = n;
  std::map<std::string, std::vector<const catalog::LifeEvent*>> events_of;
  std::vector<catalog::LifeEvent> events;
  for (LifeEventQuery q{.limit = 1000};; q.offset += q.limit) {
    ZT_ASSIGN_OR_RETURN(auto page, tx.catalogue_lists().ListLifeEvents(q));
    for (auto& e : page.items) events.push_back(std::move(e));
    if (page.items.size() < static_cast<std::size_t>(q.limit)) break;
  }
  for (const auto& e : events) {
    for (const auto& id : e.item_ids) events_of[id.value()].push_back(&e);
  }

  std::map<std::string, catalog::OnlineDepth> depths;
  ZT_ASSIGN_OR_RETURN(auto stored_depths, tx.catalog().ItemOnlineDepths());
  for (const auto& [id, depth] : stored_depths) depths[id.value()] = depth;

  std::vector<catalog::SearchDocument> docs;
  docs.reserve(items.size());
  for (auto& item : items) {
    catalog::SearchDocument d;
    auto level = levels.find(item.region_code);
    d.level = level != levels.end() ? level->second : LevelByCode(item.region_code);
    if (auto name = department_names.find(item.department_id.value());
        name != department_names.end()) {
      d.department_name = name->second;
    }
    if (auto n = popularity.find(item.id.value()); n != popularity.end()) d.popularity = n->second;
    if (auto depth = depths.find(item.id.value()); depth != depths.end()) {
      item.elements.online_depth = depth->second;
    }
    if (auto found = events_of.find(item.id.value()); found != events_of.end()) {
      for (const catalog::LifeEvent* e : found->second) {
        d.life_events.push_back(e->name);
        d.keywords.insert(d.keywords.end(), e->keywords.begin(), e->keywords.end());
      }
    }
    d.item = std::move(item);
    docs.push_back(std::move(d));
  }
  return docs;
}

Result<std::shared_ptr<const catalog::SearchIndex>> CatalogSearchService::Current() {
  std::lock_guard lock(mutex_);
  const Instant now = clock_.Now();
  if (index_ && built_at_ && now - *built_at_ < kSearchIndexMaxAge) return index_;
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto docs, LoadSearchDocuments(*tx));
  index_ = std::make_shared<const catalog::SearchIndex>(std::move(docs));
  built_at_ = now;
  return index_;
}

void CatalogSearchService::Invalidate() {
  std::lock_guard lock(mutex_);
  built_at_.reset();
}

Result<SearchPage> CatalogSearchService::Search(std::string_view region,
                                                catalog::RankedQuery query) {
  if (!region.empty()) {
    auto code = RegionCode::Parse(region);
    if (!code) return FieldFail("region", "region.format", "not a region code");
    query.region_prefix = RegionScopePrefix(code->value());
  }
  ZT_ASSIGN_OR_RETURN(auto index, Current());
  SearchPage page{index, index->Search(query)};
  return page;
}

}  // namespace zt::service
