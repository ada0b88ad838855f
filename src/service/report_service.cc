#include "zt/service/report_service.h"

#include <algorithm>

#include "zt/core/region_code.h"
#include "zt/core/text.h"

namespace zt::service {
namespace {

EventDraft ReportEvent(Instant at, std::string action, const accounts::Actor& actor,
                       const std::string& region_code, int year, const RequestContext& ctx) {
  EventDraft e;
  e.at = at;
  e.action = std::move(action);
  e.object_type = "annual_report";
  e.object_id = region_code + "/" + std::to_string(year);
  e.actor_id = actor.account_id;
  e.actor_role = std::string(accounts::RoleName(actor.role));
  e.actor_region = actor.region_code;
  e.request_id = ctx.request_id;
  e.source_ip = ctx.source_ip;
  return e;
}

}  // namespace

Status ReportService::CheckAccess(const accounts::Actor& actor, const std::string& region_code,
                                  int year) const {
  if (actor.role != accounts::Role::kBureauManager) {
    return Fail(ErrorCode::kPermissionDenied, "report.not_allowed",
                "annual reports are drafted by bureau managers");
  }
  if (year < 2000 || year > 2100) {
    return FieldFail("/year", "report.year", "a year from 2000 to 2100");
  }
  auto wanted = RegionCode::Parse(region_code);
  if (!wanted) return FieldFail("/region", "region.format", "not a region code");
  if (actor.role != accounts::Role::kBureauManager) {
    return Fail(ErrorCode::kPermissionDenied, "report.not_allowed",
                "annual reports are drafted by bureau managers");
  }
  auto own = RegionCode::Parse(actor.region_code);
  if (!own || !own->Contains(*wanted)) {
    return Fail(ErrorCode::kPermissionDenied, "report.out_of_scope",
                "the region lies outside the manager's");
  }
  return Ok();
}

std::vector<indicators::Value> ReportService::AreaValues(const accounts::Actor& actor,
                                                         const std::string& region_code, int year,
                                                         const Progress& progress) {
  if (progress) progress("reading the figures of licences, ratings and the hotline");
  auto from = Date::FromYmd(year, 1, 1);
  auto to = Date::FromYmd(year, 12, 31);
  if (!from || !to) return {};
  return indicators_.AreaValues(actor, {region_code, "", *from, *to});
}

Result<report::Report> ReportService::DraftIn(UnitOfWork& tx, const accounts::Actor& actor,
                                              const std::string& region_code, int year,
                                              std::vector<indicators::Value> area_values,
                                              const Progress& progress) {
  auto step = [&](std::string_view s) {
    if (progress) progress(s);
  };
  ZT_ASSIGN_OR_RETURN(auto region, tx.FindRegion(region_code));
  if (!region) return Fail(ErrorCode::kNotFound, "report.region_not_found", "no such region");
  step("reading the year's indicator values");
  ZT_ASSIGN_OR_RETURN(Date from, Date::FromYmd(year, 1, 1));
  ZT_ASSIGN_OR_RETURN(Date to, Date::FromYmd(year, 12, 31));
  ZT_ASSIGN_OR_RETURN(auto values, indicators_.ComputeValues(tx, actor, region_code, "", from, to));
  step("reading the stored draft");
  ZT_ASSIGN_OR_RETURN(auto stored, tx.indicators().FindReportDraft(region_code, year));
  report::DraftInput in;
  in.region_code = region_code;
  in.region_name = region->name;
  in.year = year;
  in.now = clock_.Now();
  in.values = std::move(values.values);
  for (auto& v : area_values) in.values.push_back(std::move(v));
  in.areas = indicators_.areas();
  if (stored) {
    in.prose = report::DecodeProse(stored->prose);
    in.generated = report::DecodeFigures(stored->figures);
    in.generated_at = stored->generated_at;
    in.version = stored->version;
  }
  step("drafting the sections");
  return report::Draft(in);
}

Result<report::Report> ReportService::Draft(const accounts::Actor& actor,
                                            const std::string& region_code, int year,
                                            const Progress& progress) {
  ZT_RETURN_IF_ERROR(CheckAccess(actor, region_code, year));
  auto areas = AreaValues(actor, region_code, year, progress);
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  return DraftIn(*tx, actor, region_code, year, std::move(areas), progress);
}

Result<report::Report> ReportService::Generate(const accounts::Actor& actor,
                                               const std::string& region_code, int year,
                                               const RequestContext& ctx,
                                               const Progress& progress) {
  ZT_RETURN_IF_ERROR(CheckAccess(actor, region_code, year));
  auto areas = AreaValues(actor, region_code, year, progress);
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto r, DraftIn(*tx, actor, region_code, year, std::move(areas), progress));
  if (progress) progress("recording the figures as generated");
  ZT_ASSIGN_OR_RETURN(auto stored, tx->indicators().FindReportDraft(region_code, year));
  Instant now = clock_.Now();
  ReportDraftRecord record{region_code,
                           year,
                           now,
                           actor.account_id,
                           report::EncodeFigures(r),
                           stored ? stored->prose : std::string(),
                           stored ? stored->version + 1 : 1};
  ZT_RETURN_IF_ERROR(tx->indicators().SaveReportDraft(record, stored ? stored->version : 0));
  auto event = ReportEvent(now, "report.generated", actor, region_code, year, ctx);
  event.details.push_back({"has_data", r.has_data ? "true" : "false"});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(event));
  ZT_RETURN_IF_ERROR(tx->Commit());
  // The figures are now the baseline: nothing has changed since.
  r.generated_at = now;
  r.version = record.version;
  r.figures_changed = false;
  for (auto& s : r.sections) {
    for (auto& f : s.figures) {
      f.changed = false;
      f.generated_known = true;
      f.generated_value = f.value.value;
    }
  }
  return r;
}

Result<report::Report> ReportService::SaveProse(const accounts::Actor& actor,
                                                const std::string& region_code, int year,
                                                const std::string& section_id,
                                                const std::string& text, std::int64_t if_match,
                                                const RequestContext& ctx) {
  ZT_RETURN_IF_ERROR(CheckAccess(actor, region_code, year));
  const auto& ids = report::SectionIds();
  if (std::find(ids.begin(), ids.end(), section_id) == ids.end()) {
    return FieldFail("/section", "report.section_unknown", "no such section");
  }
  if (Utf8Length(text) > 20000) {
    return FieldFail("/prose", "report.prose_length", "at most 20000 characters");
  }
  auto areas = AreaValues(actor, region_code, year, {});
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto stored, tx->indicators().FindReportDraft(region_code, year));
  if (!stored) {
    return Fail(ErrorCode::kFailedPrecondition, "report.not_generated",
                "generate the draft before editing its prose");
  }
  if (stored->version != if_match) {
    return Fail(ErrorCode::kAborted, "version.stale",
                "the draft has changed since it was read (version " +
                    std::to_string(stored->version) + ")");
  }
  auto prose = report::DecodeProse(stored->prose);
  if (text.empty()) {
    prose.erase(section_id);
  } else {
    prose[section_id] = text;
  }
  ReportDraftRecord record = *stored;
  record.prose = report::EncodeProse(prose);
  record.version = stored->version + 1;
  ZT_RETURN_IF_ERROR(tx->indicators().SaveReportDraft(record, stored->version));
  auto event = ReportEvent(clock_.Now(), "report.prose_edited", actor, region_code, year, ctx);
  event.details.push_back({"section", section_id});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(event));
  ZT_ASSIGN_OR_RETURN(auto r, DraftIn(*tx, actor, region_code, year, std::move(areas), {}));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return r;
}

}  // namespace zt::service
