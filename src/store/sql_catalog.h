// Private to the store module: the SQL of the catalogue's standard items and implementation
// records (service/catalog_store.h), over the unit of work's statements.
#pragma once

#include "sql_support.h"
#include "zt/service/catalog_store.h"

namespace zt::store::internal {

class SqlCatalogStore final : public service::CatalogStore {
 public:
  explicit SqlCatalogStore(Statements& sql) : sql_(sql) {}

  Status InsertStandard(const catalog::StandardItem& s) override;
  Status UpdateStandard(const catalog::StandardItem& s, std::int64_t expected_version) override;
  Result<std::optional<catalog::StandardItem>> FindStandard(std::string_view id) override;
  Result<service::Page<catalog::StandardItem>> ListStandards(
      const service::StandardQuery& query) override;

  Status PutImplementation(const catalog::Implementation& impl) override;
  Result<std::optional<catalog::Implementation>> FindImplementation(const ItemId& item) override;
  Result<std::vector<catalog::Implementation>> ListImplementations(
      const service::ImplementationQuery& query) override;

  Status PutItemElements(const ItemId& item, const catalog::ItemElements& elements) override;
  Result<std::optional<catalog::ItemElements>> FindItemElements(const ItemId& item) override;
  Result<std::vector<std::pair<ItemId, catalog::OnlineDepth>>> ItemOnlineDepths() override;
  Status InsertItemVersion(const catalog::ItemVersion& version) override;
  Status UpdateItemVersion(const catalog::ItemVersion& version) override;
  Result<std::vector<catalog::ItemVersion>> ListItemVersions(const ItemId& item) override;
  Result<std::vector<catalog::ItemVersion>> VersionsInForce(
      const service::VersionsInForceQuery& query) override;
  Result<std::vector<catalog::ItemVersion>> VersionsInState(
      catalog::VersionState state, std::string_view region_prefix,
      const DepartmentId& department) override;
  Status PutClaim(const catalog::Claim& claim) override;
  Result<std::optional<catalog::Claim>> FindClaim(std::string_view standard_id,
                                                  const DepartmentId& department) override;
  Result<std::vector<catalog::Claim>> ListClaims(const service::ClaimQuery& query) override;

  Status InsertDelegation(const catalog::DelegationEntry& entry, int position) override;
  Result<service::Page<catalog::DelegationEntry>> ListDelegations(
      const service::DelegationQuery& query) override;
  Result<std::vector<catalog::DelegationEntry>> DelegationLedger(
      std::string_view region_prefix) override;

 private:
  Statements& sql_;
};

}  // namespace zt::store::internal
