// File: delegation_service.h
//
// The delegation ledger (赋权清单, catalog/delegation.h, docs/catalogue.md): a bureau manager
// records a document's entries as one batch (one unit of work, one event per entry); anyone
// may read the ledger and its totals at a date, since the list is published.
//
//   DelegationService ledger(store, crypto, clock);
//   auto entries = ledger.Record(manager, batch, ctx);   // all or nothing
//   auto totals = ledger.Totals("440800", *zt::ParseDate("2021-07-01"));
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "zt/accounts/roles.h"
#include "zt/catalog/delegation.h"
#include "zt/core/error.h"
#include "zt/core/time.h"
#include "zt/service/catalog_store.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::service {

// One item of a document. The receiving body defaults to the batch's.
struct DelegationItemInput {
  std::string item_ref;
  std::string item_name;
  std::string category_code;
  std::string to_region;  // empty: the batch's
  std::string to_body;    // empty: the batch's
};

// One document (文号) with the entries it makes; every entry shares kind, giving body and dates.
struct DelegationBatch {
  catalog::DelegationKind kind = catalog::DelegationKind::kDelegate;
  std::string category_list = std::string(catalog::kPowerCategoryListVersion);
  std::string document_number;
  std::string from_region;
  std::string from_body;
  std::string to_region;  // empty for 取消
  std::string to_body;
  Date effective_from;
  std::optional<Date> effective_until;
  std::vector<DelegationItemInput> items;
};
inline constexpr std::size_t kMaxDelegationBatch = 10000;

struct DelegationTotalsView {
  std::string region_prefix;
  catalog::DelegationTotals totals;
};

class DelegationService {
 public:
  DelegationService(Store& store, Crypto& crypto, const Clock& clock)
      : store_(store), crypto_(crypto), clock_(clock) {}

  // Records every entry of the batch in ONE unit of work with a "delegation.recorded" event
  // each, or nothing. kPermissionDenied "delegation.not_allowed" (audited) unless `actor` is
  // a bureau manager whose region contains the giving and every receiving region.
  // kInvalidArgument "delegation.invalid" listing every problem (pointers "/items/N/..."):
  // an empty or oversized batch, unknown regions, the entry rules of catalog::Validate, an
  // item twice for the same receiver, and a 收回 with no grant in force to take back.
  Result<std::vector<catalog::DelegationEntry>> Record(const accounts::Actor& actor,
                                                       const DelegationBatch& batch,
                                                       const RequestContext& ctx);

  // The published ledger; query.region_prefix is taken from `region` ("" for everywhere).
  Result<Page<catalog::DelegationEntry>> List(std::string_view region, DelegationQuery query);
  // Grants in force at `date` by kind and category, computed from the ledger entries that
  // touch `region`.
  Result<DelegationTotalsView> Totals(std::string_view region, Date date);

 private:
  Store& store_;
  Crypto& crypto_;
  const Clock& clock_;
};

}  // namespace zt::service
