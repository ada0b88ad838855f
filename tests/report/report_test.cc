// The annual report drafted from indicator values: sections with and without data, prose
// bound to the figures, figures changed since generation, and every output format.
#include "zt/report/report.h"

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "zt/document/render.h"

namespace zt::report {
namespace {

using indicators::Rounding;

std::vector<indicators::Value> YearValues() {
  std::vector<indicators::CounterRow> rows = {
      {"application.submitted", "online", "promised", "", "", 300, 0},
      {"application.submitted", "window", "promised", "", "", 100, 0},
      {"application.accepted", "online", "promised", "", "", 360, 0},
      {"application.concluded", "online", "promised", "yes", "", 300, 1500},
      {"application.concluded", "online", "promised", "no", "", 20, 400},
  };
  catalog::ServiceItem a, b;
  a.statutory_limit_wd = 20;
  a.promised_limit_wd = 5;
  b.statutory_limit_wd = 20;
  b.promised_limit_wd = 10;
  b.online = false;
  std::vector<catalog::ServiceItem> items = {a, b};
  return indicators::EvaluateAll(indicators::DefaultRegistry(), rows, items);
}

DraftInput Input() {
  DraftInput in;
  in.region_code = "440800";
  in.region_name = "湛江市";
  in.year = 2026;
  in.now = *ParseInstant("2027-01-15T09:00:00+08:00");
  in.values = YearValues();
  return in;
}

TEST(ReportTest, DraftsTheServiceSectionWithFiguresBoundToTheRecord) {
  Report r = Draft(Input());
  ASSERT_EQ(r.sections.size(), 4u);
  EXPECT_TRUE(r.has_data);
  const Section& s = r.sections[0];
  EXPECT_EQ(s.status, SectionStatus::kData);
  // 办结 320 of 360 accepted = 88.9%; on time 300 of 320 = 93.75 → 93.8; 1900 ÷ 320 = 5.9375.
  std::string prose = s.FilledProse();
  EXPECT_NE(prose.find("2026年，湛江市政务服务共收到办件申请400件"), std::string::npos) << prose;
  EXPECT_NE(prose.find("办结率88.9%"), std::string::npos) << prose;
  EXPECT_NE(prose.find("按时办结率93.8%"), std::string::npos) << prose;
  EXPECT_NE(prose.find("平均办理用时5.9个工作日"), std::string::npos) << prose;
  EXPECT_NE(prose.find("网上申办率75.0%"), std::string::npos) << prose;
  EXPECT_NE(prose.find("压缩62.5%"), std::string::npos) << prose;  // (15 + 10) ÷ 40
  // Modules that are not connected say so, with no figures.
  for (std::size_t i = 1; i < 4; ++i) {
    EXPECT_EQ(r.sections[i].status, SectionStatus::kNoModule) << r.sections[i].id;
    EXPECT_TRUE(r.sections[i].figures.empty());
    EXPECT_FALSE(r.sections[i].note.empty());
  }
}

TEST(ReportTest, AYearWithoutDataSaysSoInsteadOfPrintingZeros) {
  DraftInput in = Input();
  in.values = indicators::EvaluateAll(indicators::DefaultRegistry(), {}, {});
  in.areas = {"ratings"};
  in.values.push_back(
      indicators::FromAreaIndicator({"rating.count", "评价量", 0.0, 0, 0, "c"}, "ratings"));
  Report r = Draft(in);
  EXPECT_FALSE(r.has_data);
  EXPECT_EQ(r.sections[0].status, SectionStatus::kNoData);
  EXPECT_TRUE(r.sections[0].figures.empty());
  EXPECT_EQ(r.sections[2].status, SectionStatus::kNoData);  // connected, but nothing recorded
  std::string html = RenderHtml(r);
  EXPECT_NE(html.find("data-no-data=\"year\""), std::string::npos);
  EXPECT_EQ(html.find("<table>"), std::string::npos);  // no zero tables
  EXPECT_EQ(html.find("0件"), std::string::npos);
}

TEST(ReportTest, EditedProseKeepsFiguresBoundAndChangesAreMarked) {
  DraftInput in = Input();
  in.prose["government_services"] =
      "本年办结{case.concluded}件，按时率{case.on_time_rate}，{no.such}。";
  in.generated = DecodeFigures(EncodeFigures(Draft(Input())));
  in.generated->at("case.concluded") = 310;  // the record moved since generation
  Report r = Draft(in);
  const Section& s = r.sections[0];
  EXPECT_TRUE(s.prose_edited);
  EXPECT_EQ(s.FilledProse(), "本年办结320件，按时率93.8%，{no.such?}。");
  EXPECT_TRUE(r.figures_changed);
  int changed = 0;
  for (const auto& f : s.figures) changed += f.changed ? 1 : 0;
  EXPECT_EQ(changed, 1);
  std::string html = RenderHtml(r);
  EXPECT_NE(html.find("data-figures-changed=\"true\""), std::string::npos);
  EXPECT_NE(html.find("（原 310）"), std::string::npos);
}

TEST(ReportTest, ProseAndFiguresRoundTripThroughTheirStoredForm) {
  std::map<std::string, std::string> prose = {{"hotline", "行一\n行二\t制表\\反斜杠"},
                                              {"licences", ""}};
  EXPECT_EQ(DecodeProse(EncodeProse(prose)), prose);
  Report r = Draft(Input());
  auto figures = DecodeFigures(EncodeFigures(r));
  EXPECT_EQ(figures.at("case.on_time_rate"), 93.8);
  EXPECT_EQ(figures.at("case.submitted"), 400.0);
}

TEST(ReportTest, JsonIsValidAndCarriesFormulas) {
  DraftInput in = Input();
  in.region_name = "湛江\"市\"\n";  // escaping
  Report r = Draft(in);
  std::string text = RenderJson(r);
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(text, ec);
  ASSERT_FALSE(ec) << text;
  EXPECT_EQ(doc.at("year").as_int64(), 2026);
  EXPECT_EQ(doc.at("body").at("name").as_string(), "湛江\"市\"\n");
  const auto& figures = doc.at("sections").at(0).at("figures").as_array();
  bool found = false;
  for (const auto& f : figures) {
    if (f.at("id").as_string() != "case.on_time_rate") continue;
    found = true;
    EXPECT_EQ(f.at("value").to_number<double>(), 93.8);
    EXPECT_EQ(f.at("numerator").to_number<double>(), 300);
    EXPECT_EQ(f.at("denominator").as_int64(), 320);
    EXPECT_NE(std::string(f.at("formula").as_string()).find("on_time=yes"), std::string::npos);
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(doc.at("sections").at(1).at("status").as_string(), "no_module");
}

TEST(ReportTest, SchemaFileDescribesTheDocument) {
  std::ifstream in(std::string(ZT_SOURCE_DIR) + "/docs/annual-report.schema.json");
  ASSERT_TRUE(in.good());
  std::stringstream buf;
  buf << in.rdbuf();
  boost::system::error_code ec;
  boost::json::value schema = boost::json::parse(buf.str(), ec);
  ASSERT_FALSE(ec);
  // Every top-level key the renderer writes is declared, and every required key is written.
  boost::json::value doc = boost::json::parse(RenderJson(Draft(Input())));
  const auto& props = schema.at("properties").as_object();
  for (const auto& [key, value] : doc.as_object()) {
    EXPECT_TRUE(props.contains(key)) << key;
  }
  for (const auto& key : schema.at("required").as_array()) {
    EXPECT_TRUE(doc.as_object().contains(key.as_string())) << key;
  }
  const auto& figure_props = schema.at("$defs").at("figure").at("properties").as_object();
  for (const auto& [key, value] : doc.at("sections").at(0).at("figures").at(0).as_object()) {
    EXPECT_TRUE(figure_props.contains(key)) << key;
  }
}

std::string RunCommand(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  pclose(p);
  return out;
}

std::filesystem::path TempDir() {
  auto dir =
      std::filesystem::temp_directory_path() / ("zt-report-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(ReportTest, PdfContainsTheFigures) {
  auto pdf = document::RenderPdf(ToDocument(Draft(Input())));
  ASSERT_TRUE(pdf.has_value()) << pdf.error().ToString();
  auto dir = TempDir();
  std::ofstream(dir / "report.pdf", std::ios::binary) << *pdf;
  std::string text = RunCommand("pdftotext -layout '" + (dir / "report.pdf").string() + "' - 2>&1");
  std::filesystem::remove_all(dir);
  EXPECT_NE(text.find("93.8%"), std::string::npos) << text;
  EXPECT_NE(text.find("88.9%"), std::string::npos);
  EXPECT_NE(text.find("按时办结率"), std::string::npos);
}

TEST(ReportTest, DocxOpensInLibreOffice) {
  auto docx = document::RenderDocx(ToDocument(Draft(Input())));
  ASSERT_TRUE(docx.has_value()) << docx.error().ToString();
  ASSERT_GT(docx->size(), 1000u);
  EXPECT_EQ(docx->substr(0, 2), "PK");  // a zip container
  if (std::system("command -v soffice >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "LibreOffice (soffice) is not installed";
  }
  auto dir = TempDir();
  std::ofstream(dir / "report.docx", std::ios::binary) << *docx;
  RunCommand("cd '" + dir.string() + "' && HOME='" + dir.string() +
             "' timeout 120 soffice --headless --convert-to txt:Text report.docx >/dev/null 2>&1");
  std::ifstream txt(dir / "report.txt");
  std::stringstream buf;
  buf << txt.rdbuf();
  std::filesystem::remove_all(dir);
  EXPECT_NE(buf.str().find("93.8%"), std::string::npos) << buf.str();
}

}  // namespace
}  // namespace zt::report
