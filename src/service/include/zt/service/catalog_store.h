// File: catalog_store.h
//
// The catalogue's own records beyond the items table (store/sql_catalog.cc): basic-catalogue
// (基本目录) items and the implementation records that link an item to its standard. Reached
// through UnitOfWork::catalog(), so writes share the unit of work's transaction and event log.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zt/catalog/delegation.h"
#include "zt/catalog/standard.h"
#include "zt/core/error.h"
#include "zt/core/ids.h"
#include "zt/service/store.h"

namespace zt::service {

struct StandardQuery {
  std::string text;           // substring of name or basic code; empty for all
  std::string region_prefix;  // defining region code prefix; empty for all
  int offset = 0;
  int limit = 20;  // ordered by basic code
};

struct ImplementationQuery {
  std::string standard_id;    // empty for every standard
  std::string region_prefix;  // the implementing item's region prefix; empty for all
};

// Delegation ledger rows (赋权清单); '' / nullopt disables a filter.
struct DelegationQuery {
  std::string region_prefix;  // the giving OR the receiving body's region lies under it
  std::optional<catalog::DelegationKind> kind;
  std::string category_code;
  std::string document_number;
  std::string item_ref;
  int offset = 0;
  int limit = 50;  // ordered by recorded_at, position in the batch, id
};

// Published item versions in force at a date (the catalogue as it stood then).
struct VersionsInForceQuery {
  Date date;
  std::string region_prefix;   // the item's region prefix; empty for all
  DepartmentId department_id;  // empty for every department
};

// Claim records (认领); '' disables a filter.
struct ClaimQuery {
  std::string standard_id;
  std::string region_prefix;  // the department's region prefix
  DepartmentId department_id;
};

class CatalogStore {
 public:
  virtual ~CatalogStore() = default;

  virtual Status InsertStandard(const catalog::StandardItem& s) = 0;  // kAlreadyExists on code
  // Writes `s` (whose version the caller set to expected_version + 1) if the stored version
  // equals expected_version; kAborted otherwise, kNotFound if absent.
  virtual Status UpdateStandard(const catalog::StandardItem& s, std::int64_t expected_version) = 0;
  virtual Result<std::optional<catalog::StandardItem>> FindStandard(std::string_view id) = 0;
  virtual Result<Page<catalog::StandardItem>> ListStandards(const StandardQuery& query) = 0;

  // Insert or replace the implementation record of impl.item_id.
  virtual Status PutImplementation(const catalog::Implementation& impl) = 0;
  virtual Result<std::optional<catalog::Implementation>> FindImplementation(const ItemId& item) = 0;
  // Ordered by region code, then item id.
  virtual Result<std::vector<catalog::Implementation>> ListImplementations(
      const ImplementationQuery& query) = 0;

  // The elements of an item beyond the items table (catalog::ItemElements), kept in step
  // with the item's current record; nullopt for an item stored before they existed.
  virtual Status PutItemElements(const ItemId& item, const catalog::ItemElements& elements) = 0;
  virtual Result<std::optional<catalog::ItemElements>> FindItemElements(const ItemId& item) = 0;
  // Every item's online depth (网上办理深度) from its elements, for the search filter; items
  // without stored elements are absent.
  virtual Result<std::vector<std::pair<ItemId, catalog::OnlineDepth>>> ItemOnlineDepths() = 0;

  // Item versions: inserted once per number, then changed in place as they move through
  // their states (the item row's own version is the lock that serialises these changes).
  virtual Status InsertItemVersion(const catalog::ItemVersion& version) = 0;  // kAlreadyExists
  virtual Status UpdateItemVersion(const catalog::ItemVersion& version) = 0;  // kNotFound
  // Every version of the item, by number.
  virtual Result<std::vector<catalog::ItemVersion>> ListItemVersions(const ItemId& item) = 0;
  // The versions in force on query.date (catalog::InForceAt), ordered by item code.
  virtual Result<std::vector<catalog::ItemVersion>> VersionsInForce(
      const VersionsInForceQuery& query) = 0;

  // The versions in one state (say, in review) of items under the region prefix and of the
  // department ('' for all), ordered by item code.
  virtual Result<std::vector<catalog::ItemVersion>> VersionsInState(
      catalog::VersionState state, std::string_view region_prefix,
      const DepartmentId& department) = 0;

  // 认领 records: one per standard and department (insert or replace).
  virtual Status PutClaim(const catalog::Claim& claim) = 0;
  virtual Result<std::optional<catalog::Claim>> FindClaim(std::string_view standard_id,
                                                          const DepartmentId& department) = 0;
  // Ordered by region, department, standard.
  virtual Result<std::vector<catalog::Claim>> ListClaims(const ClaimQuery& query) = 0;

  // The delegation ledger: entries are appended, never changed. `position` orders the
  // entries of one batch (one document) recorded at the same instant.
  virtual Status InsertDelegation(const catalog::DelegationEntry& entry, int position) = 0;
  virtual Result<Page<catalog::DelegationEntry>> ListDelegations(const DelegationQuery& query) = 0;
  // Every entry touching the region prefix, in ledger order (what totals are computed from).
  virtual Result<std::vector<catalog::DelegationEntry>> DelegationLedger(
      std::string_view region_prefix) = 0;
};

}  // namespace zt::service
