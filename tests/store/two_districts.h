// Test data shared by the service, server and scenario suites: 湛江市 with two of its
// districts (赤坎区 440802, 霞山区 440803) and a market-regulation office in each
// (departments "440802-scj" and "440803-scj").
#pragma once

#include "zt/core/error.h"
#include "zt/seed/seed.h"
#include "zt/service/store.h"

namespace zt::testing {

inline Status PutTwoDistricts(service::Store& store) {
  ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
  for (const auto& r : {service::Region{"440800", "湛江市", "440000", "prefecture"},
                        service::Region{"440802", "赤坎区", "440800", "county"},
                        service::Region{"440803", "霞山区", "440800", "county"}}) {
    ZT_RETURN_IF_ERROR(tx->PutRegion(r));
  }
  ZT_RETURN_IF_ERROR(
      tx->PutDepartment({DepartmentId("440802-scj"), "赤坎区市场监督管理局", "市场监管局", "440802",
                         seed::GovernmentCreditCode("440802", 1)}));
  ZT_RETURN_IF_ERROR(
      tx->PutDepartment({DepartmentId("440803-scj"), "霞山区市场监督管理局", "市场监管局", "440803",
                         seed::GovernmentCreditCode("440803", 2)}));
  return tx->Commit();
}

}  // namespace zt::testing
