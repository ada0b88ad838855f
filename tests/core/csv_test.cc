#include "zt/core/csv.h"

#include <gtest/gtest.h>

namespace zt {
namespace {

TEST(CsvTest, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvField("食品经营许可"), "食品经营许可");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\r\nlines"), "\"two\r\nlines\"");
  EXPECT_EQ(CsvLine({"a", "", "b"}), "a,,b\r\n");
}

TEST(CsvTest, GuardsFormulaCells) {
  EXPECT_EQ(CsvField("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(CsvField("+1"), "'+1");
  EXPECT_EQ(CsvField("-2"), "'-2");
  EXPECT_EQ(CsvField("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvUnguard("'=1+1"), "=1+1");
  EXPECT_EQ(CsvUnguard("'abc"), "'abc");
  EXPECT_EQ(CsvUnguard("'"), "'");
}

TEST(CsvTest, ParsesBomCrlfAndQuotes) {
  std::string text =
      std::string(CsvBom()) + "code,name\r\n\"a,1\",\"x\"\"y\"\r\n\r\nb,\"two\nlines\"";
  auto rows = ParseCsv(text);
  ASSERT_TRUE(rows.has_value()) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0], (std::vector<std::string>{"code", "name"}));
  EXPECT_EQ((*rows)[1], (std::vector<std::string>{"a,1", "x\"y"}));
  EXPECT_EQ((*rows)[2], (std::vector<std::string>{"b", "two\nlines"}));
}

TEST(CsvTest, KeepsEmptyTrailingFields) {
  auto rows = ParseCsv("a,,\n");
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ((*rows)[0], (std::vector<std::string>{"a", "", ""}));
}

TEST(CsvTest, RefusesMalformedQuotes) {
  EXPECT_EQ(ParseCsv("a\"b,c\r\n").error().key(), "csv.malformed");
  EXPECT_EQ(ParseCsv("\"ab\"c\r\n").error().key(), "csv.malformed");
  EXPECT_EQ(ParseCsv("\"open\r\n").error().key(), "csv.malformed");
}

TEST(CsvTest, RoundTripsEveryField) {
  std::vector<std::string> fields = {"=cmd", "a,b", "q\"q", "行\r\n二", "", "-5", "@x"};
  auto rows = ParseCsv(std::string(CsvBom()) + CsvLine(fields));
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 1u);
  std::vector<std::string> back;
  for (const auto& c : (*rows)[0]) back.push_back(CsvUnguard(c));
  EXPECT_EQ(back, fields);
}

}  // namespace
}  // namespace zt
