// File: report.h
//
// The data-driven sections of a 法治政府建设年度报告 for one body and year, in the style of
// the seeds (政务服务, 电子证照, 好差评, 12345). Every figure is an indicator value with its
// numerator, denominator, formula and version; the prose around the figures is a template
// staff may edit, in which "{case.on_time_rate}" stands for that figure, so the numbers stay
// bound to the record. A section whose module has no data yet says so, and a year with no
// data says so rather than printing zeros as facts.
//
//   DraftInput in{.region_code = "440800", .region_name = "湛江市", .year = 2026, ...};
//   Report r = Draft(in);
//   std::string html = RenderHtml(r);
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "zt/core/time.h"
#include "zt/document/model.h"
#include "zt/indicators/evaluate.h"

namespace zt::report {

struct Figure {
  indicators::Value value;
  // The value when the draft was last generated; set when a stored draft exists.
  std::optional<double> generated_value;
  bool generated_known = false;  // whether the stored draft had this figure
  bool changed = false;          // differs from the generated value
  // "83.3%", "1,234", "3.5"; "—" when there is no value (0 ÷ 0).
  std::string Display() const;
};

enum class SectionStatus { kData, kNoData, kNoModule };
std::string_view SectionStatusName(SectionStatus s);  // "data" | "no_data" | "no_module"

struct Section {
  std::string id;     // "government_services", "licences", "ratings", "hotline"
  std::string title;  // "一、政务服务"
  SectionStatus status = SectionStatus::kData;
  std::string note;  // why a section has no figures
  std::vector<Figure> figures;
  std::string prose;          // the template (edited or default)
  bool prose_edited = false;  // staff changed the default
  // The template with each "{id}" replaced by its figure's Display(); an unknown
  // placeholder is kept visibly as "{id?}".
  std::string FilledProse() const;
};

struct Report {
  std::string region_code;
  std::string region_name;
  int year = 0;
  std::string period_from;  // "YYYY-01-01"
  std::string period_to;    // "YYYY-12-31"
  Instant drafted_at{};
  std::optional<Instant> generated_at;  // of the stored draft
  std::int64_t version = 0;             // of the stored draft; 0 when never generated
  bool has_data = false;
  bool figures_changed = false;  // any figure differs from the stored draft
  std::vector<Section> sections;
};

struct DraftInput {
  std::string region_code;
  std::string region_name;
  int year = 0;
  Instant now{};
  std::vector<indicators::Value> values;     // the year's values (cases, items, areas)
  std::vector<std::string> areas;            // areas whose services reported ("ratings", ...)
  std::map<std::string, std::string> prose;  // edited prose by section id
  // The stored draft's figure values (indicator id → value), when one exists.
  std::optional<std::map<std::string, std::optional<double>>> generated;
  std::optional<Instant> generated_at;
  std::int64_t version = 0;
};

// The sections in order: 政务服务, 电子证照, 好差评, 12345.
Report Draft(const DraftInput& in);
// Section ids, in order.
const std::vector<std::string>& SectionIds();
// The default prose of a section (before any edit).
std::string DefaultProse(const std::string& section_id);

std::string RenderHtml(const Report& r);
// A JSON document following docs/annual-report.schema.json.
std::string RenderJson(const Report& r);
// The plain document model for the DOCX and PDF adapters (zt/document/render.h).
document::Document ToDocument(const Report& r);

// The figure values of a report as "id\tvalue" lines ("" for no value), the form the store
// keeps them in, and back.
std::string EncodeFigures(const Report& r);
std::map<std::string, std::optional<double>> DecodeFigures(std::string_view text);
// Edited prose as "section_id\ttext" lines with \\, \t and \n escaped, and back.
std::string EncodeProse(const std::map<std::string, std::string>& prose);
std::map<std::string, std::string> DecodeProse(std::string_view text);

}  // namespace zt::report
