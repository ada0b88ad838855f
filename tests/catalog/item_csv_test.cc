#include "zt/catalog/item_csv.h"

#include <map>

#include <gtest/gtest.h>

#include "zt/core/csv.h"

namespace zt::catalog {
namespace {

constexpr const char* kHeader =
    "code,name,type,department_id,region_code,statutory_limit_wd,promised_limit_wd,case_kind,"
    "online,materials\r\n";

ServiceItem Sample() {
  ServiceItem item;
  item.code = "440802-scj-1";
  item.name = "食品经营许可";
  item.type = ItemType::kLicensing;
  item.department_id = DepartmentId("440802-scj");
  item.region_code = "440802";
  item.statutory_limit_wd = 20;
  item.promised_limit_wd = 5;
  item.case_kind = CaseKind::kPromised;
  item.online = false;
  item.materials = {{"申请表", true, ""}, {"照片|彩色;两张", false, ""}};
  return item;
}

constexpr const char* kFullHeader =
    "code,name,type,department_id,region_code,statutory_limit_wd,promised_limit_wd,case_kind,"
    "online,materials,tier,parent_code,implementing_body,implementing_body_credit_code,"
    "legal_basis,conditions,situations,situation_materials,online_depth,onsite_visits,fees,"
    "channels,windows,one_window,tolerance,notification_commitment\r\n";

TEST(ItemCsvTest, WritesBomHeaderAndCrlf) {
  std::string csv = FormatItemsCsv({Sample()}, /*bom=*/true);
  EXPECT_TRUE(csv.starts_with("\xEF\xBB\xBF" + std::string(kFullHeader))) << csv;
  EXPECT_TRUE(
      csv.ends_with("440802-scj-1,食品经营许可,licensing,440802-scj,440802,20,5,promised,false,"
                    "申请表|required;照片\\|彩色\\;两张|optional,handling,,,,,,,,information,1,,,,"
                    "false,false,false\r\n"))
      << csv;
  EXPECT_FALSE(FormatItemsCsv({}, /*bom=*/false).starts_with("\xEF\xBB\xBF"));
}

// Every element of the record, with separators and escapes inside the texts.
ServiceItem FullRecord() {
  ServiceItem item = Sample();
  item.online = true;
  item.materials = {{"申请表", true, "原件"}, {"照片", false, ""}};
  item.materials[0].trust_grade = "B";
  ItemElements& e = item.elements;
  e.tier = ItemTier::kSub;
  e.parent_id = ItemId("i_parent");
  e.implementing_body = "赤坎区市场监督管理局";
  e.legal_basis = {{"《食品安全法》", "第三十五条", "国家对食品经营实行许可制度；具体办法|另定"},
                   {"《行政许可法》", "", ""}};
  e.conditions = "有经营场所，\n有卫生设施";
  Material licence{"营业执照", true, ""};
  licence.licence_type_code = "yyzz";
  licence.shared_data = "市场主体登记信息";
  Material plan{"平面图", true, "A3 纸"};
  plan.secondary = true;
  plan.trust_grade = "C";
  e.situations = {
      {"企业", "以企业名义", {licence, plan}}, {"个体户", "", {plan}}, {"其他", "", {}}};
  e.online_depth = OnlineDepth::kPreReview;
  e.onsite_visits = 1;
  e.fees = {{"工本费", "每件 10 元", "粤价〔2020〕1 号"}};
  e.channels = {"窗口办理", "网上办理"};
  e.windows = {"3号窗口"};
  e.one_window = true;
  e.tolerance = true;
  e.notification_commitment = true;
  return item;
}

TEST(ItemCsvTest, RoundTripsEveryElement) {
  ServiceItem item = FullRecord();
  item.id = ItemId("i_child");
  std::map<std::string, std::string> codes{{"i_parent", "440802-scj-main"}};
  std::string csv = FormatItemsCsv({item}, codes, true);
  ParsedItemsCsv parsed = ParseItemsCsv(csv);
  ASSERT_TRUE(parsed.errors.empty())
      << parsed.errors[0].field << " " << parsed.errors[0].key << " " << parsed.errors[0].message;
  ASSERT_EQ(parsed.items.size(), 1u);
  EXPECT_EQ(parsed.parent_codes, (std::vector<std::string>{"440802-scj-main"}));
  EXPECT_TRUE(parsed.full_layout);
  ServiceItem back = parsed.items[0];
  back.id = item.id;
  back.elements.parent_id = item.elements.parent_id;
  // The cells a spreadsheet shows are the same, and so is every field behind them.
  EXPECT_EQ(ItemCsvCells(back, "p"), ItemCsvCells(item, "p"));
  const ItemElements& e = back.elements;
  EXPECT_EQ(e.tier, ItemTier::kSub);
  EXPECT_EQ(e.legal_basis[0].text, "国家对食品经营实行许可制度；具体办法|另定");
  EXPECT_EQ(e.conditions, "有经营场所，\n有卫生设施");
  ASSERT_EQ(e.situations.size(), 3u);
  ASSERT_EQ(e.situations[0].materials.size(), 2u);
  EXPECT_EQ(e.situations[0].materials[0].licence_type_code, "yyzz");
  EXPECT_EQ(e.situations[0].materials[0].shared_data, "市场主体登记信息");
  EXPECT_TRUE(e.situations[0].materials[1].secondary);
  EXPECT_EQ(e.situations[0].materials[1].trust_grade, "C");
  EXPECT_EQ(e.situations[0].materials[1].note, "A3 纸");
  EXPECT_EQ(e.situations[1].materials.size(), 1u);
  EXPECT_TRUE(e.situations[2].materials.empty());
  EXPECT_EQ(back.materials[0].trust_grade, "B");
  EXPECT_EQ(back.materials[0].note, "原件");
  EXPECT_EQ(e.online_depth, OnlineDepth::kPreReview);
  EXPECT_EQ(e.fees[0].basis, "粤价〔2020〕1 号");
  EXPECT_EQ(e.channels, (std::vector<std::string>{"窗口办理", "网上办理"}));
  EXPECT_TRUE(e.one_window && e.tolerance && e.notification_commitment);
}

TEST(ItemCsvTest, ReportsBadElementCells) {
  ServiceItem item = FullRecord();
  std::vector<std::string> cells = ItemCsvCells(item, "440802-scj-p");
  auto file = [&](const std::vector<std::vector<std::string>>& rows) {
    std::string csv = kFullHeader;
    for (const auto& r : rows) {
      std::string line;
      for (std::size_t i = 0; i < r.size(); ++i) {
        line += (i ? "," : "") + std::string("\"");
        for (char c : r[i]) line += c == '"' ? std::string("\"\"") : std::string(1, c);
        line += "\"";
      }
      csv += line + "\r\n";
    }
    return ParseItemsCsv(csv);
  };
  auto with = [&](std::size_t column, std::string value, std::string code) {
    std::vector<std::string> r = cells;
    r[column] = std::move(value);
    r[0] = std::move(code);
    return r;
  };
  // tier, credit code, online depth, situation materials naming no situation, a fee with four
  // fields, a bad boolean, a 主项 with a parent, a promised limit above the statutory one.
  auto parsed =
      file({with(10, "top", "440802-scj-a1"), with(13, "ABC", "440802-scj-a2"),
            with(18, "full", "440802-scj-a3"),
            with(17, "企业|平面图|required|secondary;无此情形|申请表|required", "440802-scj-a4"),
            with(20, "a|b|c|d", "440802-scj-a5"), with(23, "yes", "440802-scj-a6"),
            with(6, "30", "440802-scj-a7")});
  std::vector<std::tuple<int, std::string, std::string>> got;
  for (const auto& e : parsed.errors) got.emplace_back(e.row, e.field, e.key);
  std::vector<std::tuple<int, std::string, std::string>> want = {
      {2, "tier", "item.tier_unknown"},
      {3, "implementing_body_credit_code", "item.credit_code_invalid"},
      {4, "online_depth", "item.online_depth_unknown"},
      {5, "situation_materials", "item.csv_situation_unknown"},
      {6, "fees", "item.csv_list"},
      {7, "one_window", "csv.boolean"},
      {8, "promised_limit_wd", "item.promised_exceeds_statutory"},
  };
  EXPECT_EQ(got, want);
  EXPECT_TRUE(parsed.items.empty());

  // A 主项 names no parent; the parent_code of a 子项 is kept for the service to resolve.
  std::vector<std::string> main = with(10, "main", "440802-scj-b1");
  main[11] = "440802-scj-b0";
  std::vector<std::string> sub = with(11, "440802-scj-b0", "440802-scj-b2");
  auto parents = file({main, sub});
  ASSERT_EQ(parents.errors.size(), 1u);
  EXPECT_EQ(parents.errors[0].field, "parent_code");
  EXPECT_EQ(parents.errors[0].key, "item.main_has_parent");
  EXPECT_EQ(parents.parent_codes, (std::vector<std::string>{"440802-scj-b0"}));
}

TEST(ItemCsvTest, RoundTripsItems) {
  ServiceItem instant = Sample();
  instant.code = "440802-scj-2";
  instant.name = "=cmd|' /C calc'!A0, \"quoted\"";
  instant.case_kind = CaseKind::kInstant;
  instant.promised_limit_wd = 0;
  instant.statutory_limit_wd = 0;
  instant.online = true;
  instant.materials = {};
  std::string csv = FormatItemsCsv({Sample(), instant}, true);
  ParsedItemsCsv parsed = ParseItemsCsv(csv);
  ASSERT_TRUE(parsed.errors.empty()) << parsed.errors[0].key << " " << parsed.errors[0].message;
  ASSERT_EQ(parsed.items.size(), 2u);
  EXPECT_EQ(parsed.rows, (std::vector<int>{2, 3}));
  const ServiceItem& a = parsed.items[0];
  EXPECT_EQ(a.code, "440802-scj-1");
  EXPECT_EQ(a.name, "食品经营许可");
  EXPECT_EQ(a.statutory_limit_wd, 20);
  EXPECT_EQ(a.promised_limit_wd, 5);
  EXPECT_FALSE(a.online);
  ASSERT_EQ(a.materials.size(), 2u);
  EXPECT_EQ(a.materials[1].name, "照片|彩色;两张");
  EXPECT_FALSE(a.materials[1].required);
  EXPECT_EQ(parsed.items[1].name, instant.name);  // guard and quoting undone
  EXPECT_EQ(parsed.items[1].case_kind, CaseKind::kInstant);
}

TEST(ItemCsvTest, GuardsFormulaInjection) {
  ServiceItem item = Sample();
  item.name = "@SUM(1+1)";
  std::string csv = FormatItemsCsv({item}, false);
  EXPECT_NE(csv.find(",'@SUM(1+1),"), std::string::npos) << csv;
}

TEST(ItemCsvTest, ReportsEveryRowProblem) {
  std::string csv = std::string(kHeader) +
                    "440802-scj-1,食品经营许可,licensing,440802-scj,440802,20,5,promised,true,\r\n"
                    "bad code!,名称,licensing,440802-scj,440802,20,5,promised,true,\r\n"
                    "440802-scj-3,名称,licensing,440802-scj,440802,5,20,promised,true,\r\n"
                    "440802-scj-4,名称,licensing,440802-scj,440802\r\n"
                    "440802-scj-1,重复,licensing,440802-scj,440802,20,5,promised,true,\r\n"
                    "440802-scj-6,名称,nope,440802-scj,440802,x,5,promised,maybe,a|b\r\n";
  ParsedItemsCsv parsed = ParseItemsCsv(csv);
  std::vector<std::tuple<int, std::string, std::string>> got;
  for (const auto& e : parsed.errors) got.emplace_back(e.row, e.field, e.key);
  std::vector<std::tuple<int, std::string, std::string>> want = {
      {3, "code", "item.code_format"},  {4, "promised_limit_wd", "item.promised_exceeds_statutory"},
      {5, "", "csv.column_count"},      {6, "code", "item.code_duplicate_in_file"},
      {7, "type", "item.type_unknown"}, {7, "statutory_limit_wd", "csv.number"},
      {7, "online", "csv.boolean"},     {7, "materials", "item.csv_materials"},
  };
  EXPECT_EQ(got, want);
  EXPECT_EQ(parsed.items.size(), 1u);  // only row 2 was clean
}

TEST(ItemCsvTest, RefusesWrongHeaderAndMalformedCsv) {
  auto wrong = ParseItemsCsv("code,name\r\nx,y\r\n");
  ASSERT_EQ(wrong.errors.size(), 1u);
  EXPECT_EQ(wrong.errors[0].row, 1);
  EXPECT_EQ(wrong.errors[0].key, "csv.header");
  EXPECT_EQ(ParseItemsCsv("").errors[0].key, "csv.header");
  EXPECT_EQ(ParseItemsCsv(std::string(kHeader) + "\"open").errors[0].key, "csv.malformed");
}

// Excel and WPS turn true/false into boolean cells: TRUE/FALSE, 1/0 in the XLSX file.
TEST(ItemCsvTest, ReadsSpreadsheetBooleans) {
  std::vector<std::string> cells = ItemCsvCells(FullRecord(), "440802-scj-p");
  std::string csv = kFullHeader;
  for (const auto& [yes, no] : std::vector<std::pair<std::string, std::string>>{
           {"TRUE", "FALSE"}, {"1", "0"}, {"是", "否"}}) {
    std::vector<std::string> r = cells;
    r[0] = "440802-scj-" + std::to_string(csv.size());
    r[8] = yes;  // online
    r[23] = no;  // one_window
    csv += CsvLine(r);
  }
  ParsedItemsCsv parsed = ParseItemsCsv(csv);
  ASSERT_TRUE(parsed.errors.empty()) << parsed.errors[0].field << parsed.errors[0].key;
  ASSERT_EQ(parsed.items.size(), 3u);
  for (const auto& item : parsed.items) {
    EXPECT_TRUE(item.online);
    EXPECT_FALSE(item.elements.one_window);
  }
}

TEST(ItemCsvTest, AcceptsLfAndNoBom) {
  std::string csv =
      "code,name,type,department_id,region_code,statutory_limit_wd,promised_limit_wd,case_kind,"
      "online,materials\n440802-scj-1,名称,licensing,440802-scj,440802,0,0,instant,true,\n";
  auto parsed = ParseItemsCsv(csv);
  EXPECT_TRUE(parsed.errors.empty());
  EXPECT_EQ(parsed.items.size(), 1u);
}

}  // namespace
}  // namespace zt::catalog
