// File: personal_data_service.h
//
// Unmasking personal data (GB/T 35273-2020 §7.1, §7.2; RELIABILITY.md PRIV-02). Responses show
// ID and mobile numbers masked to everyone but their owner; a member of staff who handles the
// record may ask for the plain numbers once, stating why, and every such reveal is an audit
// event (`personal_data.unmasked`: actor, role, region, object, reason, request id, address).
//
//   PersonalDataService pd(store, clock);
//   ZT_ASSIGN_OR_RETURN(UnmaskedNumbers n,
//                       pd.UnmaskApplicant(actor, case_id, "回访申请人核实材料", ctx));
//
// Who may unmask (MayUnmask): the departmental roles that handle applications and work
// orders — window clerk, reviewer, department admin — for records of their own department and
// region (and, for work orders, the 12345 centre). Bureau managers, the three administrators
// and citizens may not (citizens see their own numbers unmasked already). Refusals are audited as
// access.denied: 403 for a role without the right, 404 for a record the actor cannot see (so its
// existence does not leak).
#pragma once

#include <string>
#include <string_view>

#include "zt/accounts/roles.h"
#include "zt/core/error.h"
#include "zt/core/ids.h"
#include "zt/core/time.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::service {

inline constexpr std::size_t kMaxUnmaskReasonLength = 500;  // characters

struct UnmaskedNumbers {
  std::string id_number;
  std::string phone;
};

struct UnmaskedCaller {
  std::string name;
  std::string phone;
};

class PersonalDataService {
 public:
  PersonalDataService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  static bool MayUnmask(accounts::Role role);

  // The applicant's plain ID and mobile numbers of application `id`. Errors:
  // kInvalidArgument "personal_data.reason_required" (field /reason) for an empty or blank
  // reason, "personal_data.reason_too_long" over 500 characters (nothing written);
  // kPermissionDenied "personal_data.unmask_not_allowed" and kNotFound "application.not_found",
  // both audited as access.denied.
  Result<UnmaskedNumbers> UnmaskApplicant(const accounts::Actor& actor, const CaseId& id,
                                          std::string_view reason, const RequestContext& ctx);

  // The caller's name and phone of 12345 work order `id`, for the department staff handling
  // it (MayUnmask roles of the holding department) and the 12345 centre (which sees them
  // anyway; the reveal is still recorded). Errors as UnmaskApplicant, with kNotFound
  // "hotline.not_found"; a 保密 (confidential) caller is kPermissionDenied
  // "personal_data.confidential_caller" for everyone but the centre. Appends
  // `personal_data.unmasked` on object ("hotline_order", id).
  Result<UnmaskedCaller> UnmaskCaller(const accounts::Actor& actor, const CaseId& id,
                                      std::string_view reason, const RequestContext& ctx);

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace zt::service
