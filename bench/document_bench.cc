// How long documents take to render and how large they are: a one-page acceptance notice
// (PDF, DOCX), a 100-page report table (PDF), and XLSX export/import of 100,000 rows.
// Figures only; docs/documents.md quotes them.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "must.h"
#include "zt/document/render.h"
#include "zt/document/xlsx.h"

namespace {

using namespace zt::document;

Document Notice() {
  Document doc{.title = "受理通知书",
               .metadata = {.author = "湛江市政务服务数据管理局", .created = "2026-11-23"},
               .footer = "湛江市政务服务数据管理局"};
  doc.blocks.push_back(Paragraph{
      .runs = {
          {"申请人："},
          {"张三", true},
          {"：您于2026年11月23日提交的申请，经审查，材料齐全、符合法定形式，决定予以受理。"}}});
  doc.blocks.push_back(KeyValueTable{.rows = {{"受理编号", "ZJ20261123000123"},
                                              {"事项名称", "食品经营许可（新办）"},
                                              {"承诺时限", "5 个工作日（法定 20 个工作日）"},
                                              {"受理窗口", "湛江市政务服务中心 12 号窗口"}}});
  doc.blocks.push_back(QrCode{.payload = "https://zwfw.zhanjiang.gov.cn/progress/ZJ20261123000123",
                              .caption = "扫码查询办理进度"});
  doc.blocks.push_back(Paragraph::Of("湛江市政务服务数据管理局\n2026年11月23日", Align::kRight));
  return doc;
}

Document Report(int rows) {
  Document doc{.title = "湛江市2026年法治政府建设年度报告"};
  doc.blocks.push_back(Heading{.level = 1, .text = "一、政务服务"});
  Table table{.header = {"部门", "办件量", "办结率", "按时办结率"}};
  for (int i = 0; i < rows; ++i) {
    table.rows.push_back(
        {fmt::format("湛江市第{}部门", i), std::to_string(1000 + i), "100.0%", "99.5%"});
  }
  doc.blocks.push_back(std::move(table));
  return doc;
}

void BM_PdfNotice(benchmark::State& state) {
  const Document doc = Notice();
  std::size_t bytes = 0;
  for (auto _ : state) bytes = zt::bench::Must(RenderPdf(doc), "pdf").size();
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_PdfNotice)->Unit(benchmark::kMillisecond);

void BM_DocxNotice(benchmark::State& state) {
  const Document doc = Notice();
  std::size_t bytes = 0;
  for (auto _ : state) bytes = zt::bench::Must(RenderDocx(doc), "docx").size();
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_DocxNotice)->Unit(benchmark::kMillisecond);

// About 30 rows a page: 3,000 rows is a 100-page table.
void BM_PdfReportTable(benchmark::State& state) {
  const Document doc = Report(static_cast<int>(state.range(0)));
  std::size_t bytes = 0;
  for (auto _ : state) bytes = zt::bench::Must(RenderPdf(doc), "pdf").size();
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_PdfReportTable)->Arg(3000)->Unit(benchmark::kMillisecond)->Iterations(2);

Sheet Rows(int n) {
  Sheet sheet{.name = "事项"};
  sheet.rows.push_back({"编码", "名称", "部门", "承诺时限"});
  for (int i = 0; i < n; ++i) {
    sheet.rows.push_back({fmt::format("{:012d}", i), fmt::format("事项名称{}", i),
                          "湛江市市场监督管理局", double(i % 20)});
  }
  return sheet;
}

void BM_XlsxWrite(benchmark::State& state) {
  const Sheet sheet = Rows(static_cast<int>(state.range(0)));
  std::size_t bytes = 0;
  for (auto _ : state) bytes = zt::bench::Must(WriteXlsx(sheet), "xlsx").size();
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_XlsxWrite)->Arg(100'000)->Unit(benchmark::kMillisecond)->Iterations(2);

void BM_XlsxRead(benchmark::State& state) {
  const std::string bytes =
      zt::bench::Must(WriteXlsx(Rows(static_cast<int>(state.range(0)))), "xlsx");
  std::size_t rows = 0;
  for (auto _ : state) rows = zt::bench::Must(ReadXlsx(bytes), "read").rows.size();
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_XlsxRead)->Arg(100'000)->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace

BENCHMARK_MAIN();
