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
  // Set: the revisions in force on that date (withdrawn or superseded since or not); empty:
  // the current revision of every power that is not withdrawn.
  std::optional<Date> as_of;
  int offset = 0;
  int limit = 20;  // ordered by code
};

struct LifeEventQuery {
  std::string region_prefix;  // '' for everywhere
  std::optional<Date> as_of;  // as PowerItemQuery::as_of
  int offset = 0;
  int limit = 20;  // ordered by code
};

class CatalogueListStore {
 public:
  virtual ~CatalogueListStore() = default;

  virtual Status InsertPowerItem(const catalog::PowerItem& item) = 0;  // kAlreadyExists on code
  virtual Result<std::optional<catalog::PowerItem>> FindPowerItem(std::string_view id) = 0;
  // Replaces the current revision's row; kAborted "version.stale" unless its version is
  // `expected_version`, kNotFound when there is no such power.
  virtual Status UpdatePowerItem(const catalog::PowerItem& item, std::int64_t expected_version) = 0;
  // Keeps `item` as revision item.revision (every revision is kept, never changed but for
  // its end date).
  virtual Status InsertPowerItemRevision(const catalog::PowerItem& item) = 0;
  // Ends every revision of `id` still in force after `last_day` on `last_day`.
  virtual Status EndPowerItemRevisions(std::string_view id, Date last_day) = 0;
  // Every revision of `id`, oldest first.
  virtual Result<std::vector<catalog::PowerItem>> ListPowerItemRevisions(std::string_view id) = 0;
  virtual Result<Page<catalog::PowerItem>> ListPowerItems(const PowerItemQuery& query) = 0;
  // (category code, count) of the items matching query's region, department, list and date.
  virtual Result<std::vector<std::pair<std::string, std::int64_t>>> CountPowerItems(
      const PowerItemQuery& query) = 0;

  virtual Status InsertLifeEvent(const catalog::LifeEvent& event) = 0;  // kAlreadyExists on code
  virtual Result<std::optional<catalog::LifeEvent>> FindLifeEvent(std::string_view id) = 0;
  virtual Status UpdateLifeEvent(const catalog::LifeEvent& event,
                                 std::int64_t expected_version) = 0;  // as UpdatePowerItem
  virtual Status InsertLifeEventRevision(const catalog::LifeEvent& event) = 0;
  virtual Status EndLifeEventRevisions(std::string_view id, Date last_day) = 0;
  virtual Result<std::vector<catalog::LifeEvent>> ListLifeEventRevisions(std::string_view id) = 0;
  virtual Result<Page<catalog::LifeEvent>> ListLifeEvents(const LifeEventQuery& query) = 0;

  // Applications made per item (the search's popularity).
  virtual Result<std::vector<std::pair<ItemId, std::int64_t>>> ApplicationsPerItem() = 0;
};

}  // namespace zt::service
