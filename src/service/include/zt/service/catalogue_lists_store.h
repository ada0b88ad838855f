// File: catalogue_lists_store.h
//
// The catalogue's published lists beyond the items (store/sql_catalogue_lists.cc): the power
// and responsibility list (权责清单) and life events (一件事), plus the application counts the
// public search ranks by. Reached through UnitOfWork::catalogue_lists(), so writes share the
// unit of work's transaction and event log.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "zt/catalog/life_event.h"
#include "zt/catalog/power_list.h"
#include "zt/core/error.h"
#include "zt/core/ids.h"
#include "zt/service/store.h"

namespace zt::service {

// '' disables a filter.
struct PowerItemQuery {
  std::string region_prefix;
  DepartmentId department_id;
  std::string category_list;
  std::string category_code;
  std::string text;  // substring of the name or the code
  int offset = 0;
  int limit = 20;  // ordered by code
};

struct LifeEventQuery {
  std::string region_prefix;  // '' for everywhere
  int offset = 0;
  int limit = 20;  // ordered by code
};

class CatalogueListStore {
 public:
  virtual ~CatalogueListStore() = default;

  virtual Status InsertPowerItem(const catalog::PowerItem& item) = 0;  // kAlreadyExists on code
  virtual Result<std::optional<catalog::PowerItem>> FindPowerItem(std::string_view id) = 0;
  virtual Result<Page<catalog::PowerItem>> ListPowerItems(const PowerItemQuery& query) = 0;
  // (category code, count) of the items matching query's region, department and list.
  virtual Result<std::vector<std::pair<std::string, std::int64_t>>> CountPowerItems(
      const PowerItemQuery& query) = 0;

  virtual Status InsertLifeEvent(const catalog::LifeEvent& event) = 0;  // kAlreadyExists on code
  virtual Result<std::optional<catalog::LifeEvent>> FindLifeEvent(std::string_view id) = 0;
  virtual Result<Page<catalog::LifeEvent>> ListLifeEvents(const LifeEventQuery& query) = 0;

  // Applications made per item (the search's popularity).
  virtual Result<std::vector<std::pair<ItemId, std::int64_t>>> ApplicationsPerItem() = 0;
};

}  // namespace zt::service
