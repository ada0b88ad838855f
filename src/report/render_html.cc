// Print-ready HTML: A4 pages, the sections with their prose, each figure in a table with its
// numerator, denominator, formula and version, and a mark on figures that changed since
// the draft was generated.
#include "zt/report/report.h"

namespace zt::report {
namespace {

std::string Html(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

constexpr const char* kStyle = R"css(
@page { size: A4; margin: 25mm 25mm 20mm 25mm; }
body { font-family: "Noto Serif CJK SC", "SimSun", serif; font-size: 12pt; line-height: 1.8;
       color: #000; max-width: 170mm; margin: 0 auto; }
h1 { font-size: 20pt; text-align: center; margin: 0 0 4mm; }
.meta { text-align: center; color: #333; font-size: 10.5pt; }
h2 { font-size: 15pt; margin: 8mm 0 2mm; page-break-after: avoid; }
p.prose { text-indent: 2em; margin: 0 0 3mm; }
p.note { text-indent: 2em; color: #333; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 2mm 0 4mm;
        page-break-inside: auto; }
th, td { border: 0.5pt solid #000; padding: 1mm 1.5mm; vertical-align: top; }
th { background: #eee; }
td.num { text-align: right; white-space: nowrap; }
.changed { font-weight: bold; }
.banner { border: 1pt solid #000; padding: 2mm; margin: 4mm 0; }
@media print { .banner.changed-banner { border-style: dashed; } }
)css";

std::string Number(double v) {
  std::string s = std::to_string(v);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

}  // namespace

std::string RenderHtml(const Report& r) {
  std::string year = std::to_string(r.year);
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>";
  out += Html(r.region_name + year + "年法治政府建设年度报告（数据部分草稿）");
  out += "</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n<h1>" + Html(r.region_name) + year +
         "年法治政府建设年度报告</h1>\n<p class=\"meta\">数据部分草稿 · 统计期 " + r.period_from +
         " 至 " + r.period_to + " · 生成于 " + Html(FormatInstant(r.drafted_at)) + "</p>\n";
  if (!r.has_data) {
    out += "<p class=\"banner\" data-no-data=\"year\">" + year +
           "年在本系统中没有可用于生成报告的记录。以下各节不列示数字，以免将零误作事实。</p>\n";
  }
  if (r.figures_changed) {
    out += "<p class=\"banner changed-banner\" data-figures-changed=\"true\">自上次生成（" +
           Html(r.generated_at ? FormatInstant(*r.generated_at) : std::string("—")) +
           "）以来，标粗的数字已随记录变化。</p>\n";
  }
  for (const auto& s : r.sections) {
    out += "<section id=\"" + Html(s.id) + "\" data-status=\"" +
           std::string(SectionStatusName(s.status)) + "\">\n<h2>" + Html(s.title) + "</h2>\n";
    if (s.status != SectionStatus::kData) {
      out += "<p class=\"note\">" + Html(s.note) + "</p>\n";
    }
    if (!s.prose.empty()) out += "<p class=\"prose\">" + Html(s.FilledProse()) + "</p>\n";
    if (!s.figures.empty()) {
      out +=
          "<table>\n<thead><tr><th>指标</th><th>数值</th><th>分子</th><th>分母</th>"
          "<th>口径与公式</th><th>版本</th></tr></thead>\n<tbody>\n";
      for (const auto& f : s.figures) {
        const auto& v = f.value;
        out += "<tr data-indicator=\"" + Html(v.id) + "\"" +
               (f.changed ? " class=\"changed\"" : "") + "><td>" + Html(v.name_zh) +
               "</td><td class=\"num\">" + Html(f.Display());
        if (f.changed && f.generated_known) {
          out +=
              "（原 " + (f.generated_value ? Number(*f.generated_value) : std::string("—")) + "）";
        }
        out += "</td><td class=\"num\">" + Number(v.numerator) + "</td><td class=\"num\">" +
               (v.has_denominator ? std::to_string(v.denominator) : std::string("—")) +
               "</td><td>" + Html(v.formula) + "</td><td class=\"num\">v" +
               std::to_string(v.version) + "</td></tr>\n";
      }
      out += "</tbody>\n</table>\n";
    }
    out += "</section>\n";
  }
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace zt::report
