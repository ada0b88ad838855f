// The report as the plain document model (zt/document/model.h) that the document adapter
// renders as DOCX (a template the bureau can restyle) and PDF.
#include "zt/report/report.h"

namespace zt::report {

document::Document ToDocument(const Report& r) {
  std::string year = std::to_string(r.year);
  document::Document doc;
  doc.title = r.region_name + year + "年法治政府建设年度报告";
  doc.metadata.author = r.region_name;
  doc.metadata.subject = "法治政府建设年度报告（数据部分草稿）";
  doc.metadata.created = FormatInstant(r.drafted_at).substr(0, 10);
  doc.footer = "数据部分草稿 · 统计期 " + r.period_from + " 至 " + r.period_to;
  if (!r.has_data) {
    doc.blocks.push_back(document::Paragraph::Of(
        year + "年在本系统中没有可用于生成报告的记录。以下各节不列示数字，以免将零误作事实。"));
  }
  if (r.figures_changed) {
    doc.blocks.push_back(document::Paragraph{
        .runs = {{"自上次生成以来，部分数字已随记录变化（表中标“*”）。", true}}});
  }
  for (const auto& s : r.sections) {
    doc.blocks.push_back(document::Heading{1, s.title});
    if (s.status != SectionStatus::kData) doc.blocks.push_back(document::Paragraph::Of(s.note));
    if (!s.prose.empty()) doc.blocks.push_back(document::Paragraph::Of("　　" + s.FilledProse()));
    if (s.figures.empty()) continue;
    document::Table table;
    table.header = {"指标", "数值", "分子", "分母", "口径与公式"};
    table.column_widths = {0.2, 0.12, 0.12, 0.12, 0.44};
    for (const auto& f : s.figures) {
      const auto& v = f.value;
      std::string numerator =
          v.numerator == static_cast<double>(static_cast<long long>(v.numerator))
              ? std::to_string(static_cast<long long>(v.numerator))
              : std::to_string(v.numerator);
      table.rows.push_back({v.name_zh + (f.changed ? " *" : ""), f.Display(), numerator,
                            v.has_denominator ? std::to_string(v.denominator) : "—",
                            v.formula + "（v" + std::to_string(v.version) + "）"});
    }
    doc.blocks.push_back(std::move(table));
  }
  return doc;
}

}  // namespace zt::report
