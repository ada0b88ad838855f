#include "indicators.h"

#include "zt/calendar/calendar.h"
#include "zt/crypto/signer_openssl.h"
#include "zt/service/account_service.h"
#include "zt/service/indicator_areas.h"
#include "zt/service/indicator_service.h"
#include "zt/service/report_service.h"

namespace zt::seed {

Status SeedIndicators(service::Store& store, service::Crypto& crypto, Instant now) {
  std::optional<service::AccountRecord> manager;
  {
    ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
    ZT_ASSIGN_OR_RETURN(manager, tx->FindAccountByUsername("zj-manager"));
  }
  if (!manager) return Ok();  // a seed without the city's manager has nothing to report
  accounts::Actor actor = service::AccountService::ActorOf(*manager);
  SimulatedClock clock(now);
  crypto::OpenSslSigner signer{std::string()};  // verify-only: figures never sign
  service::IndicatorService indicators(store, clock);
  service::RegisterAreaIndicators(
      indicators, {store, crypto, signer, clock, calendar::WorkingCalendar::China()});
  service::RequestContext ctx{"seed-indicators", ""};
  Date today = CivilDateCst(now);
  Date this_month = today.AddDays(1 - static_cast<int>(today.day()));
  Date last_month_end = this_month.AddDays(-1);
  Date last_month = last_month_end.AddDays(1 - static_cast<int>(last_month_end.day()));
  ZT_RETURN_IF_ERROR(
      indicators.Freeze(actor, {actor.region_code, "", last_month, last_month_end}, ctx));
  service::ReportService reports(store, clock, indicators);
  ZT_RETURN_IF_ERROR(reports.Generate(actor, actor.region_code, today.year(), ctx));
  return Ok();
}

}  // namespace zt::seed
