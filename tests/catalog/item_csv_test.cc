#include "zt/catalog/item_csv.h"

#include <gtest/gtest.h>

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

TEST(ItemCsvTest, WritesBomHeaderAndCrlf) {
  std::string csv = FormatItemsCsv({Sample()}, /*bom=*/true);
  EXPECT_TRUE(csv.starts_with("\xEF\xBB\xBF" + std::string(kHeader)));
  EXPECT_TRUE(
      csv.ends_with("440802-scj-1,食品经营许可,licensing,440802-scj,440802,20,5,promised,false,"
                    "申请表|required;照片\\|彩色\\;两张|optional\r\n"));
  EXPECT_FALSE(FormatItemsCsv({}, /*bom=*/false).starts_with("\xEF\xBB\xBF"));
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
