#include "zt/service/indicator_areas.h"

#include <cstdio>
#include <memory>

#include "zt/service/hotline_service.h"
#include "zt/service/licence_service.h"
#include "zt/service/rating_service.h"

namespace zt::service {
namespace {

// RatingService::Stats takes a calendar year or month: "YYYY" or "YYYY-MM" when the period
// is exactly one, otherwise nothing (the ratings then stay out of the values).
std::optional<std::string> RatingPeriod(Date from, Date to) {
  char buf[16];
  if (from.month() == 1 && from.day() == 1 && to.year() == from.year() && to.month() == 12 &&
      to.day() == 31) {
    std::snprintf(buf, sizeof buf, "%04d", from.year());
    return std::string(buf);
  }
  if (from.day() == 1 && to.year() == from.year() && to.month() == from.month() &&
      to.AddDays(1).day() == 1) {
    std::snprintf(buf, sizeof buf, "%04d-%02u", from.year(), from.month());
    return std::string(buf);
  }
  return std::nullopt;
}

}  // namespace

void RegisterAreaIndicators(IndicatorService& indicators, const AreaDeps& deps) {
  auto licences =
      std::make_shared<LicenceService>(deps.store, deps.crypto, deps.signer, deps.clock);
  indicators.RegisterArea("licences",
                          [licences](const accounts::Actor& actor, const ValueQuery& q) {
                            return licences->Indicators(actor, q.from, q.to);
                          });
  auto ratings =
      std::make_shared<RatingService>(deps.store, deps.crypto, deps.clock, deps.calendar);
  indicators.RegisterArea("ratings",
                          [ratings](const accounts::Actor& actor,
                                    const ValueQuery& q) -> Result<std::vector<Indicator>> {
                            auto period = RatingPeriod(q.from, q.to);
                            if (!period) {
                              return Fail(ErrorCode::kInvalidArgument, "indicator.period",
                                          "ratings are reported by calendar year or month");
                            }
                            RatingStatsQuery rq;
                            rq.region_code =
                                actor.region_code;  // the region asked for (AreaValues narrows it)
                            rq.department_id = DepartmentId(q.department_id);
                            rq.period = *period;
                            ZT_ASSIGN_OR_RETURN(auto stats, ratings->Stats(rq));
                            for (auto& i : stats.indicators) {
                              if (!i.key.starts_with("rating.")) i.key = "rating." + i.key;
                            }
                            return stats.indicators;
                          });
  auto hotline =
      std::make_shared<HotlineService>(deps.store, deps.crypto, deps.clock, deps.calendar);
  indicators.RegisterArea(
      "hotline",
      [hotline](const accounts::Actor& actor,
                const ValueQuery& q) -> Result<std::vector<Indicator>> {
        FiguresQuery fq;
        fq.region_code = q.region_code;
        fq.from = q.from;
        fq.to = q.to;
        fq.department_id = DepartmentId(q.department_id);
        ZT_ASSIGN_OR_RETURN(auto figures, hotline->Figures(actor, fq));
        const auto& c = figures.total.counters;
        std::vector<Indicator> out = {
            {"hotline.calls_in", "热线呼入量", static_cast<double>(c.calls_in),
             static_cast<double>(c.calls_in), 0, "calls received in the period"},
            {"hotline.valid_matters", "有效诉求量", static_cast<double>(c.valid_matters),
             static_cast<double>(c.valid_matters), 0, "matters recorded (answered + dispatched)"},
            {"hotline.dispatched", "派单量", static_cast<double>(c.dispatched),
             static_cast<double>(c.dispatched), 0, "work orders sent to a department"},
        };
        for (const auto& rate : figures.total.rates) {
          Indicator r = rate;
          if (!r.key.starts_with("hotline.")) r.key = "hotline." + r.key;
          out.push_back(std::move(r));
        }
        return out;
      });
}

}  // namespace zt::service
