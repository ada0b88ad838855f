// Private to the store module: the SQL of the power and responsibility list and of life
// events (service/catalogue_lists_store.h), over the unit of work's statements.
#pragma once

#include "sql_support.h"
#include "zt/service/catalogue_lists_store.h"

namespace zt::store::internal {

class SqlCatalogueLists final : public service::CatalogueListStore {
 public:
  explicit SqlCatalogueLists(Statements& sql) : sql_(sql) {}

  Status InsertPowerItem(const catalog::PowerItem& item) override;
  Result<std::optional<catalog::PowerItem>> FindPowerItem(std::string_view id) override;
  Status UpdatePowerItem(const catalog::PowerItem& item, std::int64_t expected_version) override;
  Status InsertPowerItemRevision(const catalog::PowerItem& item) override;
  Status EndPowerItemRevisions(std::string_view id, Date last_day) override;
  Result<std::vector<catalog::PowerItem>> ListPowerItemRevisions(std::string_view id) override;
  Result<service::Page<catalog::PowerItem>> ListPowerItems(
      const service::PowerItemQuery& query) override;
  Result<std::vector<std::pair<std::string, std::int64_t>>> CountPowerItems(
      const service::PowerItemQuery& query) override;

  Status InsertLifeEvent(const catalog::LifeEvent& event) override;
  Result<std::optional<catalog::LifeEvent>> FindLifeEvent(std::string_view id) override;
  Status UpdateLifeEvent(const catalog::LifeEvent& event, std::int64_t expected_version) override;
  Status InsertLifeEventRevision(const catalog::LifeEvent& event) override;
  Status EndLifeEventRevisions(std::string_view id, Date last_day) override;
  Result<std::vector<catalog::LifeEvent>> ListLifeEventRevisions(std::string_view id) override;
  Result<service::Page<catalog::LifeEvent>> ListLifeEvents(
      const service::LifeEventQuery& query) override;

  Result<std::vector<std::pair<ItemId, std::int64_t>>> ApplicationsPerItem() override;

 private:
  Statements& sql_;
};

}  // namespace zt::store::internal
