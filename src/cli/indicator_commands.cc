#include "indicator_commands.h"

#include <cstdio>
#include <fstream>
#include <iostream>

#include "zt/core/csv.h"
#include "zt/crypto/signer_openssl.h"
#include "zt/document/render.h"
#include "zt/service/indicator_areas.h"
#include "zt/service/indicator_service.h"
#include "zt/service/report_service.h"

namespace zt::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitNo = 1;
constexpr int kExitUsage = 2;
constexpr int kExitUnavailable = 4;

int Fail(const Error& e) {
  std::cerr << "error: " << e.ToString() << "\n";
  return e.code() == ErrorCode::kUnavailable ? kExitUnavailable : kExitNo;
}

// An operator on the server acts as the region's bureau manager would.
accounts::Actor Operator(const std::string& region) {
  accounts::Actor a;
  a.account_id = AccountId("cli-operator");
  a.role = accounts::Role::kBureauManager;
  a.region_code = region;
  return a;
}

std::string Number(const std::optional<double>& v) {
  if (!v) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", *v);
  return buf;
}

int PrintIndicators(const IndicatorCommands& c, service::IndicatorService& indicators,
                    const Clock& clock) {
  if (c.check) {
    auto check = indicators.CheckCounters(Operator(c.region), false, {"cli-indicators", ""});
    if (!check) return Fail(check.error());
    std::printf("counters: %lld stored rows, %lld recomputed rows: %s\n",
                static_cast<long long>(check->stored_rows),
                static_cast<long long>(check->recomputed_rows),
                check->equal ? "identical" : ("DIFFER at " + check->first_difference).c_str());
    return check->equal ? kExitOk : kExitNo;
  }
  service::ValueQuery q;
  q.region_code = c.region;
  q.department_id = c.department;
  Date today = CivilDateCst(clock.Now());
  auto from = c.from.empty() ? Date::FromYmd(today.year(), 1, 1) : ParseDate(c.from);
  auto to = c.to.empty() ? Result<Date>(today) : ParseDate(c.to);
  if (!from || !to) {
    std::cerr << "error: --from and --to are YYYY-MM-DD\n";
    return kExitUsage;
  }
  q.from = *from;
  q.to = *to;
  auto values = indicators.Values(Operator(c.region), q);
  if (!values) return Fail(values.error());
  if (c.csv) {
    std::cout << CsvLine(
        {"id", "name_zh", "basis", "value", "numerator", "denominator", "formula", "version"});
    for (const auto& v : values->values) {
      std::cout << CsvLine({v.id, v.name_zh, std::string(indicators::BasisName(v.basis)),
                            Number(v.value), Number(v.numerator),
                            v.has_denominator ? std::to_string(v.denominator) : "", v.formula,
                            std::to_string(v.version)});
    }
    return kExitOk;
  }
  std::printf("region %s%s%s, %s to %s%s\n", values->region_code.c_str(),
              values->department_id.empty() ? "" : " department ", values->department_id.c_str(),
              values->from.ToString().c_str(), values->to.ToString().c_str(),
              values->frozen ? " (frozen)" : "");
  for (const auto& v : values->values) {
    std::string shown = v.value ? Number(v.value) : "—";
    if (v.value && v.rounding != indicators::Rounding::kCount &&
        v.rounding != indicators::Rounding::kPercentile90) {
      char buf[32];
      std::snprintf(buf, sizeof buf,
                    v.rounding == indicators::Rounding::kDecimalHalfUp2 ? "%.2f" : "%.1f",
                    *v.value);
      shown = buf;
      if (v.rounding == indicators::Rounding::kPercentHalfUp1) shown += "%";
    }
    std::printf("%-32s %-26s %10s  = %s", v.id.c_str(), v.name_zh.c_str(), shown.c_str(),
                Number(v.numerator).c_str());
    if (v.has_denominator) std::printf(" / %lld", static_cast<long long>(v.denominator));
    std::printf("\n    %s (v%d)\n", v.formula.c_str(), v.version);
  }
  return kExitOk;
}

int GenerateReport(const IndicatorCommands& c, service::ReportService& reports) {
  if (c.format != "html" && c.format != "json" && c.format != "docx" && c.format != "pdf") {
    std::cerr << "error: --format is html, json, docx or pdf\n";
    return kExitUsage;
  }
  auto progress = [](std::string_view step) { std::cerr << "… " << step << "\n"; };
  auto r = reports.Generate(Operator(c.region), c.region, c.year, {"cli-report", ""}, progress);
  if (!r) return Fail(r.error());
  std::cerr << "… rendering " << c.format << "\n";
  std::string bytes;
  if (c.format == "html") {
    bytes = report::RenderHtml(*r);
  } else if (c.format == "json") {
    bytes = report::RenderJson(*r);
  } else {
    auto rendered = c.format == "pdf" ? document::RenderPdf(report::ToDocument(*r))
                                      : document::RenderDocx(report::ToDocument(*r));
    if (!rendered) return Fail(rendered.error());
    bytes = std::move(*rendered);
  }
  std::ofstream out(c.out, std::ios::binary);
  out << bytes;
  out.close();
  if (!out) {
    std::cerr << "error: cannot write " << c.out << "\n";
    return kExitNo;
  }
  std::cerr << "wrote " << c.out << " (" << bytes.size() << " bytes, draft version " << r->version
            << (r->has_data ? "" : ", the year has no data") << ")\n";
  return kExitOk;
}

}  // namespace

void AddIndicatorCommands(CLI::App& app, CLI::App& report, std::string& db, IndicatorCommands& c) {
  c.indicators = app.add_subcommand("indicators",
                                    "Indicator values with numerators, denominators and formulas");
  c.indicators->add_option("--db", db, "Database")->capture_default_str();
  c.indicators->add_option("--region", c.region, "Region code")->capture_default_str();
  c.indicators->add_option("--department", c.department, "One department id");
  c.indicators->add_option("--from", c.from, "First day (default 1 January of this year)");
  c.indicators->add_option("--to", c.to, "Last day, inclusive (default today)");
  c.indicators->add_flag("--csv", c.csv, "Print CSV");
  c.indicators->add_flag("--check", c.check,
                         "Compare the counters with a recomputation from the event log");
  c.report_generate = report.add_subcommand(
      "generate", "Draft the annual report of a region and year from the record");
  c.report_generate->add_option("--db", db, "Database")->capture_default_str();
  c.report_generate->add_option("--region", c.region, "Region code")->capture_default_str();
  c.report_generate->add_option("--year", c.year, "Year")->required();
  c.report_generate->add_option("--format", c.format, "html, json, docx or pdf")
      ->capture_default_str();
  c.report_generate->add_option("--out", c.out, "Output file")->required();
}

std::optional<int> RunIndicatorCommands(const IndicatorCommands& c, service::Store& store,
                                        service::Crypto& crypto, const Clock& clock,
                                        const calendar::WorkingCalendar& calendar) {
  bool indicators_chosen = c.indicators != nullptr && c.indicators->parsed();
  bool report_chosen = c.report_generate != nullptr && c.report_generate->parsed();
  if (!indicators_chosen && !report_chosen) return std::nullopt;
  crypto::OpenSslSigner signer{std::string()};  // verify-only: figures never sign
  service::IndicatorService indicators(store, clock);
  service::RegisterAreaIndicators(indicators, {store, crypto, signer, clock, calendar});
  if (indicators_chosen) return PrintIndicators(c, indicators, clock);
  service::ReportService reports(store, clock, indicators);
  return GenerateReport(c, reports);
}

}  // namespace zt::cli
