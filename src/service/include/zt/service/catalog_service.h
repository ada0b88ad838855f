// File: catalog_service.h
//
// Publishing service items. Department administrators create drafts for their own
// department and publish or withdraw them; everyone may read published items; staff read
// any status inside their scope. Every change is an event.
#pragma once

#include <optional>

#include "zt/accounts/roles.h"
#include "zt/catalog/item.h"
#include "zt/core/error.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::service {

struct ItemView {
  catalog::ServiceItem item;
  std::string department_name;
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
  // draft → published / published → withdrawn, with the If-Match version.
  // kAborted for a stale version, kFailedPrecondition from the wrong status.
  Result<ItemView> Publish(const accounts::Actor& actor, const ItemId& id, std::int64_t if_match,
                           const RequestContext& ctx);
  Result<ItemView> Withdraw(const accounts::Actor& actor, const ItemId& id, std::int64_t if_match,
                            const RequestContext& ctx);
  // Anonymous callers (nullopt) and citizens see published items only; kNotFound otherwise.
  Result<ItemView> Get(const std::optional<accounts::Actor>& actor, const ItemId& id);
  Result<Page<ItemView>> List(const std::optional<accounts::Actor>& actor, ItemQuery query);

 private:
  Result<ItemView> ChangeStatus(const accounts::Actor& actor, const ItemId& id,
                                std::int64_t if_match, catalog::ItemStatus from,
                                catalog::ItemStatus to, const char* action,
                                const RequestContext& ctx);
  Store& store_;
  Crypto& crypto_;
  const Clock& clock_;
};

// The prefix of region codes inside `region_code`'s area: "440800" → "4408" (the city and
// everything in it), "440000" → "44", "440802" → "440802". Stores filter by it.
std::string RegionScopePrefix(std::string_view region_code);

// A new opaque id with a readable prefix ("c_", "i_", "a_"), 128 random bits.
std::string NewId(Crypto& crypto, std::string_view prefix);

}  // namespace zt::service
