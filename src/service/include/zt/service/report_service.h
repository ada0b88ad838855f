// File: report_service.h
//
// The annual report (法治政府建设年度报告) of a body (region) and year, drafted from the
// record (report/report.h): Draft reads the current figures and the stored draft's prose
// and baseline, so figures that changed since the draft was generated are marked;
// Generate records the current figures as the new baseline; SaveProse stores staff's
// edit of a section's text, in which "{indicator.id}" stays bound to the figure.
//
//   ReportService reports(store, clock, indicators);
//   auto r = reports.Generate(manager, "440800", 2026, ctx);
//   std::string html = report::RenderHtml(*r);
//
// Bureau managers of the region or a region above it only (kPermissionDenied
// "report.not_allowed", "report.out_of_scope").
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "zt/accounts/roles.h"
#include "zt/core/error.h"
#include "zt/report/report.h"
#include "zt/service/indicator_service.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::service {

class ReportService {
 public:
  // Called with a short description of each step, for the command line's progress.
  using Progress = std::function<void(std::string_view step)>;

  ReportService(Store& store, const Clock& clock, IndicatorService& indicators)
      : store_(store), clock_(clock), indicators_(indicators) {}

  // Errors: "report.year" (outside 2000..2100), "region.format", "report.region_not_found"
  // (kNotFound), scope as above.
  Result<report::Report> Draft(const accounts::Actor& actor, const std::string& region_code,
                               int year, const Progress& progress = {});
  // Stores the current figures as the draft's baseline (event report.generated).
  Result<report::Report> Generate(const accounts::Actor& actor, const std::string& region_code,
                                  int year, const RequestContext& ctx,
                                  const Progress& progress = {});
  // Replaces a section's prose (empty text restores the default) in the draft of version
  // `if_match` (event report.prose_edited). Errors: "report.not_generated"
  // (kFailedPrecondition), "report.section_unknown", "report.prose_length" (at most 20000
  // characters), "version.stale" (kAborted).
  Result<report::Report> SaveProse(const accounts::Actor& actor, const std::string& region_code,
                                   int year, const std::string& section_id, const std::string& text,
                                   std::int64_t if_match, const RequestContext& ctx);

 private:
  // `area_values`: the areas' figures, read before `tx` was opened.
  Result<report::Report> DraftIn(UnitOfWork& tx, const accounts::Actor& actor,
                                 const std::string& region_code, int year,
                                 std::vector<indicators::Value> area_values,
                                 const Progress& progress);
  std::vector<indicators::Value> AreaValues(const accounts::Actor& actor,
                                            const std::string& region_code, int year,
                                            const Progress& progress);
  Status CheckAccess(const accounts::Actor& actor, const std::string& region_code, int year) const;

  Store& store_;
  const Clock& clock_;
  IndicatorService& indicators_;
};

}  // namespace zt::service
