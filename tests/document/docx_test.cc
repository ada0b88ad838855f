// DOCX files are opened by LibreOffice headless (libreoffice-writer-nogui): converted to text
// and to PDF, whose pages, footer and QR code are then read with poppler-utils and zbarimg.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "expect_error.h"
#include "tools.h"
#include "zt/document/render.h"

namespace zt::document {
namespace {

using testing::Quote;
using testing::RunTool;
using testing::TempDir;

constexpr const char* kVerifyUrl = "https://zwfw.zhanjiang.gov.cn/licences/verify/GD-ZJ-0001";

std::string Flatten(const std::string& text) {
  std::string flat;
  for (char c : text) {
    if (c != '\n' && c != ' ' && c != '\f' && c != '\r') flat += c;
  }
  return flat;
}

Document AnnualReport() {
  Document doc{.title = "湛江市2026年法治政府建设年度报告",
               .metadata = {.author = "湛江市人民政府",
                            .subject = "法治政府建设年度报告",
                            .created = "2027-01-15"},
               .footer = "湛江市人民政府"};
  doc.blocks.push_back(Heading{.level = 1, .text = "一、政务服务"});
  doc.blocks.push_back(Paragraph{
      .runs = {{"全年受理申请"}, {"62万件", true}, {"，办结率100%。\n第二行：按时办结率99.5%。"}}});
  doc.blocks.push_back(Heading{.level = 2, .text = "（一）电子证照"});
  doc.blocks.push_back(KeyValueTable{.rows = {{"证照类型", "278类"}, {"已开通", "260类"}}});
  Table table{.header = {"部门", "办件量", "按时办结率"}, .column_widths = {0.5, 0.25, 0.25}};
  for (int i = 1; i <= 120; ++i) {
    table.rows.push_back({fmt::format("第{}号部门", i), std::to_string(i * 100), "99.0%"});
  }
  doc.blocks.push_back(std::move(table));
  doc.blocks.push_back(Heading{.level = 3, .text = "核验"});
  doc.blocks.push_back(QrCode{.payload = kVerifyUrl, .size_mm = 35, .caption = "扫码核验"});
  doc.blocks.push_back(Paragraph::Of("湛江市人民政府\n2027年1月15日", Align::kRight));
  return doc;
}

class DocumentDocx : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"soffice", "pdftotext", "pdfinfo", "pdftoppm", "zbarimg"}) {
      ASSERT_TRUE(testing::HaveTool(tool)) << tool << " missing: run scripts/bootstrap.sh";
    }
  }

  // Converts with a private LibreOffice profile, so parallel tests do not share one.
  std::filesystem::path Convert(const std::filesystem::path& docx, std::string_view filter) {
    const auto out = dir_.path() / "out";
    const auto result = RunTool(fmt::format(
        "soffice -env:UserInstallation=file://{} --headless --convert-to {} --outdir {} {}",
        (dir_.path() / "profile").string(), filter, Quote(out), Quote(docx)));
    EXPECT_EQ(result.exit_code, 0) << result.output;
    const std::string extension = std::string(filter.substr(0, filter.find(':')));
    return out / (docx.stem().string() + "." + extension);
  }

  TempDir dir_;
};

TEST_F(DocumentDocx, LibreOfficeReadsEveryBlocksText) {
  auto docx = RenderDocx(AnnualReport());
  ASSERT_TRUE(docx) << docx.error().ToString();
  ASSERT_TRUE(docx->starts_with("PK\x03\x04"));
  const auto txt = Convert(dir_.Write("report.docx", *docx), "txt:Text");
  const std::string text = testing::ReadFile(txt);
  for (const char* expected :
       {"湛江市2026年法治政府建设年度报告", "一、政务服务", "全年受理申请62万件，办结率100%。",
        "第二行：按时办结率99.5%。", "（一）电子证照", "证照类型", "278类", "部门", "第1号部门",
        "第120号部门", "12000", "核验", "扫码核验", "2027年1月15日"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << "missing: " << expected;
  }
}

TEST_F(DocumentDocx, PrintsWithPageNumbersAndAScannableQrCode) {
  auto docx = RenderDocx(AnnualReport());
  ASSERT_TRUE(docx) << docx.error().ToString();
  const auto pdf = Convert(dir_.Write("report.docx", *docx), "pdf");
  const auto info = RunTool("pdfinfo " + Quote(pdf));
  ASSERT_EQ(info.exit_code, 0) << info.output;
  EXPECT_NE(info.output.find("湛江市2026年法治政府建设年度报告"), std::string::npos)
      << "title from docProps/core.xml:\n"
      << info.output;
  const auto pages_at = info.output.find("Pages:");
  ASSERT_NE(pages_at, std::string::npos);
  const int pages = std::stoi(info.output.substr(pages_at + 6));
  EXPECT_GE(pages, 3) << "120 table rows should span at least three pages";

  const std::string flat = Flatten(RunTool("pdftotext -enc UTF-8 " + Quote(pdf) + " -").output);
  for (int page = 1; page <= pages; ++page) {
    EXPECT_NE(flat.find(fmt::format("第{}页共{}页", page, pages)), std::string::npos) << page;
  }
  // The header row repeats on each page the table spans.
  const std::string header = "部门办件量按时办结率";
  int headers = 0;
  for (auto pos = flat.find(header); pos != std::string::npos; pos = flat.find(header, pos + 1)) {
    ++headers;
  }
  EXPECT_GE(headers, pages - 1);

  const auto raster = RunTool(fmt::format("pdftoppm -r 150 -png -f {0} -l {0} {1} {2}", pages,
                                          Quote(pdf), Quote(dir_.path() / "last")));
  ASSERT_EQ(raster.exit_code, 0) << raster.output;
  std::filesystem::path png;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
    if (entry.path().extension() == ".png") png = entry.path();
  }
  ASSERT_FALSE(png.empty());
  const auto scan = RunTool("zbarimg -q --raw " + Quote(png), false);
  ASSERT_EQ(scan.exit_code, 0) << "no QR code found on the last page";
  EXPECT_EQ(scan.output, std::string(kVerifyUrl) + "\n");
}

TEST_F(DocumentDocx, MarkupInTextIsEscapedNotInterpreted) {
  const std::string hostile = "A&B <w:t>x</w:t> \"q\" 'a' </w:p>]]>";
  Document doc{.title = hostile};
  doc.blocks.push_back(Paragraph::Of(hostile + "\x01"));  // a control character is dropped
  doc.blocks.push_back(Table{.header = {hostile}, .rows = {{"<b>"}}});
  auto docx = RenderDocx(doc);
  ASSERT_TRUE(docx) << docx.error().ToString();
  const std::string text = testing::ReadFile(Convert(dir_.Write("x.docx", *docx), "txt:Text"));
  int count = 0;
  for (auto pos = text.find(hostile); pos != std::string::npos; pos = text.find(hostile, pos + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 3) << text;
  EXPECT_NE(text.find("<b>"), std::string::npos);
}

TEST(DocumentDocxRefusal, InvalidDocumentsAreRefusedWithTheirKey) {
  Document doc;
  doc.blocks.push_back(Heading{.level = 0, .text = "x"});
  EXPECT_TRUE(zt::testing::FailsWith(RenderDocx(doc), ErrorCode::kInvalidArgument,
                                     "document.heading_level"));
  doc.blocks[0] = QrCode{.payload = ""};
  EXPECT_TRUE(zt::testing::FailsWith(RenderDocx(doc), ErrorCode::kInvalidArgument,
                                     "document.qr_payload_empty"));
}

}  // namespace
}  // namespace zt::document
