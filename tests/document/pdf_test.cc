// PDFs are read back with poppler-utils and their QR codes scanned with zbarimg: the text,
// page count, fonts and codes a reader sees, not the bytes we wrote.
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "expect_error.h"
#include "tools.h"
#include "zt/document/render.h"

namespace zt::document {
namespace {

using testing::HaveTool;
using testing::Quote;
using testing::RunTool;
using testing::TempDir;

constexpr const char* kProgressUrl = "https://zwfw.zhanjiang.gov.cn/progress/ZJ20261123000123";

int CountOf(const std::string& haystack, const std::string& needle) {
  int count = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++count;
  }
  return count;
}

// pdftotext drops the narrow spaces between CJK characters and breaks lines anywhere in a
// sentence, so text is compared with all whitespace removed.
std::string Flatten(const std::string& text) {
  std::string flat;
  for (char c : text) {
    if (c != '\n' && c != ' ' && c != '\f') flat += c;
  }
  return flat;
}

int PageCount(const std::filesystem::path& pdf) {
  const auto info = RunTool("pdfinfo " + Quote(pdf));
  std::smatch m;
  if (info.exit_code != 0 || !std::regex_search(info.output, m, std::regex(R"(Pages:\s+(\d+))"))) {
    ADD_FAILURE() << "pdfinfo failed: " << info.output;
    return -1;
  }
  return std::stoi(m[1]);
}

// A notice with Chinese headings, a key–value table, a 150-row table and a QR code.
Document LongNotice() {
  Document doc{.title = "受理通知书",
               .metadata = {.author = "湛江市政务服务数据管理局",
                            .subject = "行政许可受理通知书",
                            .created = "2026-11-23"},
               .footer = "湛江市政务服务数据管理局"};
  doc.blocks.push_back(Heading{.level = 1, .text = "一、申请事项"});
  doc.blocks.push_back(
      Paragraph{.runs = {{"申请人："}, {"张三", true}, {"，您提交的申请材料齐全。"}}});
  doc.blocks.push_back(KeyValueTable{.rows = {{"受理编号", "ZJ20261123000123"},
                                              {"事项名称", "食品经营许可（新办）"},
                                              {"承诺时限", "5 个工作日"}}});
  doc.blocks.push_back(Heading{.level = 2, .text = "二、材料清单"});
  Table table{.header = {"序号", "材料名称", "份数"}, .column_widths = {0.15, 0.65, 0.2}};
  for (int i = 1; i <= 150; ++i) {
    table.rows.push_back({std::to_string(i), fmt::format("第{}项材料：营业执照复印件", i), "1"});
  }
  doc.blocks.push_back(std::move(table));
  doc.blocks.push_back(Heading{.level = 3, .text = "三、办理进度查询"});
  doc.blocks.push_back(
      QrCode{.payload = kProgressUrl, .size_mm = 35, .caption = "扫码查询办理进度"});
  return doc;
}

class DocumentPdf : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"pdftotext", "pdfinfo", "pdffonts", "pdftoppm", "zbarimg"}) {
      ASSERT_TRUE(HaveTool(tool)) << tool << " missing: run scripts/bootstrap.sh";
    }
  }
  TempDir dir_;
};

TEST_F(DocumentPdf, ChineseTextTablesAcrossPagesAndPageNumbersComeOut) {
  auto pdf = RenderPdf(LongNotice());
  ASSERT_TRUE(pdf) << pdf.error().ToString();
  ASSERT_TRUE(pdf->starts_with("%PDF-"));
  const auto file = dir_.Write("notice.pdf", *pdf);

  const int pages = PageCount(file);
  EXPECT_GE(pages, 3) << "150 table rows should span at least three A4 pages";

  const auto text = RunTool("pdftotext -enc UTF-8 " + Quote(file) + " -");
  ASSERT_EQ(text.exit_code, 0) << text.output;
  for (const char* expected :
       {"受理通知书", "一、申请事项", "二、材料清单", "三、办理进度查询", "张三",
        "ZJ20261123000123", "食品经营许可（新办）", "第1项材料：营业执照复印件",
        "第150项材料：营业执照复印件", "扫码查询办理进度", "湛江市政务服务数据管理局"}) {
    EXPECT_NE(text.output.find(expected), std::string::npos) << "missing: " << expected;
  }
  // Every page is numbered against the total, and the table header repeats on every page
  // the table spans (at least all but the first and last page).
  const std::string flat = Flatten(text.output);
  for (int page = 1; page <= pages; ++page) {
    EXPECT_NE(flat.find(fmt::format("第{}页共{}页", page, pages)), std::string::npos)
        << "page number of page " << page;
  }
  EXPECT_GE(CountOf(text.output, "材料名称"), pages - 1);
  // Rows stay whole and in order: no row is printed twice or lost at a page break.
  for (int i : {1, 37, 75, 149, 150}) {
    EXPECT_EQ(CountOf(text.output, fmt::format("第{}项材料：", i)), 1) << "row " << i;
  }
}

TEST_F(DocumentPdf, EmbedsTheNotoCjkFontsAndTheMetadata) {
  auto pdf = RenderPdf(LongNotice());
  ASSERT_TRUE(pdf) << pdf.error().ToString();
  const auto file = dir_.Write("notice.pdf", *pdf);
  const auto fonts = RunTool("pdffonts " + Quote(file));
  EXPECT_NE(fonts.output.find("NotoSerifCJK"), std::string::npos) << fonts.output;
  EXPECT_NE(fonts.output.find("NotoSansCJK"), std::string::npos) << fonts.output;
  EXPECT_EQ(fonts.output.find(" no  "), std::string::npos) << "a font is not embedded:\n"
                                                           << fonts.output;
  const auto info = RunTool("pdfinfo " + Quote(file));
  EXPECT_NE(info.output.find("受理通知书"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("湛江市政务服务数据管理局"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("2026"), std::string::npos) << info.output;
}

TEST_F(DocumentPdf, TheQrCodeInThePdfScansToItsPayload) {
  auto pdf = RenderPdf(LongNotice());
  ASSERT_TRUE(pdf) << pdf.error().ToString();
  const auto file = dir_.Write("notice.pdf", *pdf);
  const int pages = PageCount(file);
  // The QR code is the last block: rasterise the last page and scan it.
  const auto raster = RunTool(fmt::format("pdftoppm -r 150 -png -f {0} -l {0} {1} {2}", pages,
                                          Quote(file), Quote(dir_.path() / "page")));
  ASSERT_EQ(raster.exit_code, 0) << raster.output;
  std::filesystem::path png;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
    if (entry.path().extension() == ".png") png = entry.path();
  }
  ASSERT_FALSE(png.empty());
  const auto scan = RunTool("zbarimg -q --raw " + Quote(png), false);
  ASSERT_EQ(scan.exit_code, 0) << scan.output;
  EXPECT_EQ(scan.output, std::string(kProgressUrl) + "\n");
}

TEST_F(DocumentPdf, AParagraphLongerThanAPageContinuesOnTheNext) {
  std::string long_text;
  for (int i = 0; i < 400; ++i) long_text += fmt::format("第{}句：依法行政，执法为民。", i);
  Document doc{.title = "年度报告", .page_numbers = PageNumbers::kEnglish};
  doc.blocks.push_back(Paragraph::Of(long_text));
  doc.blocks.push_back(Paragraph::Of("结束语", Align::kRight));
  auto pdf = RenderPdf(doc);
  ASSERT_TRUE(pdf) << pdf.error().ToString();
  const auto file = dir_.Write("long.pdf", *pdf);
  const int pages = PageCount(file);
  EXPECT_GE(pages, 2);
  const auto text = RunTool("pdftotext -enc UTF-8 " + Quote(file) + " -");
  const std::string flat = Flatten(text.output);
  EXPECT_NE(flat.find("第0句：依法行政"), std::string::npos);
  EXPECT_NE(flat.find("第399句：依法行政，执法为民。"), std::string::npos);
  EXPECT_NE(flat.find("结束语"), std::string::npos);
  EXPECT_NE(flat.find(fmt::format("Page{}of{}", pages, pages)), std::string::npos);
}

TEST_F(DocumentPdf, PageBreakStartsANewPage) {
  Document doc{.title = "测试", .page_numbers = PageNumbers::kNone};
  doc.blocks.push_back(Paragraph::Of("第一页"));
  doc.blocks.push_back(PageBreak{});
  doc.blocks.push_back(Paragraph::Of("第二页"));
  auto pdf = RenderPdf(doc);
  ASSERT_TRUE(pdf) << pdf.error().ToString();
  const auto file = dir_.Write("break.pdf", *pdf);
  EXPECT_EQ(PageCount(file), 2);
  const auto second = RunTool("pdftotext -enc UTF-8 -f 2 -l 2 " + Quote(file) + " -");
  EXPECT_NE(second.output.find("第二页"), std::string::npos);
  EXPECT_EQ(second.output.find("第一页"), std::string::npos);
  EXPECT_EQ(Flatten(second.output).find("页共"), std::string::npos) << "page numbers are off";
}

// The server renders on several threads at once; pango and fontconfig must cope.
TEST_F(DocumentPdf, ThreadsRenderingAtOnceProduceTheSameDocument) {
  const Document notice = LongNotice();
  auto reference = RenderPdf(notice);
  ASSERT_TRUE(reference) << reference.error().ToString();
  const int reference_pages = PageCount(dir_.Write("reference.pdf", *reference));
  std::vector<Result<std::string>> results(4, Result<std::string>(std::string()));
  {
    std::vector<std::jthread> threads;
    for (std::size_t i = 0; i < results.size(); ++i) {
      threads.emplace_back([&, i] { results[i] = RenderPdf(notice); });
    }
  }
  for (std::size_t i = 0; i < results.size(); ++i) {
    ASSERT_TRUE(results[i]) << results[i].error().ToString();
    const auto file = dir_.Write(fmt::format("thread{}.pdf", i), *results[i]);
    EXPECT_EQ(PageCount(file), reference_pages);
    const auto text = RunTool("pdftotext -enc UTF-8 " + Quote(file) + " -");
    EXPECT_NE(text.output.find("第150项材料：营业执照复印件"), std::string::npos);
  }
}

TEST(DocumentPdfRefusal, InvalidDocumentsAreRefusedWithTheirKey) {
  Document doc{.title = "x"};
  doc.blocks.push_back(Paragraph::Of("ok"));
  doc.blocks.push_back(QrCode{.payload = ""});
  auto pdf = RenderPdf(doc);
  ASSERT_TRUE(
      zt::testing::FailsWith(pdf, ErrorCode::kInvalidArgument, "document.qr_payload_empty"));
  ASSERT_EQ(pdf.error().fields().size(), 1u);
  EXPECT_EQ(pdf.error().fields()[0].pointer, "/blocks/1");

  doc.blocks[1] = QrCode{.payload = std::string(kMaxQrPayloadBytes + 1, 'a')};
  EXPECT_TRUE(zt::testing::FailsWith(RenderPdf(doc), ErrorCode::kInvalidArgument,
                                     "document.qr_payload_too_long"));
}

}  // namespace
}  // namespace zt::document
