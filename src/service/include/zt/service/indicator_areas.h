// File: indicator_areas.h
//
// The registration point of the areas that report their own figures as zt::Indicator
// values: electronic licences (LicenceService::Indicators), ratings (RatingService::Stats)
// and the 12345 hotline (HotlineService::Figures). The binary calls this once where it
// builds the IndicatorService, so dashboards and the annual report read them with the
// registry's own values (basis "area").
//
//   IndicatorService indicators(store, clock);
//   RegisterAreaIndicators(indicators, {store, crypto, signer, clock, calendar});
#pragma once

#include "zt/calendar/calendar.h"
#include "zt/service/indicator_service.h"
#include "zt/service/ports.h"
#include "zt/service/signer.h"
#include "zt/service/store.h"

namespace zt::service {

struct AreaDeps {
  Store& store;
  Crypto& crypto;
  Signer& signer;  // LicenceService needs one; reading figures never signs
  const Clock& clock;
  const calendar::WorkingCalendar& calendar;
};

// Registers "licences", "ratings" and "hotline". The services live as long as `indicators`
// holds the registered sources; `deps` must outlive it.
void RegisterAreaIndicators(IndicatorService& indicators, const AreaDeps& deps);

}  // namespace zt::service
