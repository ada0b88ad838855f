// XLSX round trips (libxlsxwriter out, our libzip + pugixml reader back), other writers'
// cell forms, and hostile files.
#include "zt/document/xlsx.h"

#include <random>
#include <regex>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <zip.h>

#include "expect_error.h"
#include "tools.h"

namespace zt::document {
namespace {

using zt::testing::FailsWith;

// Replaces (or adds) one part of a zip package, as another writer or an attacker would.
std::string ReplacePart(const std::string& package, const std::string& name,
                        const std::string& content, bool add_only = false) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(buffer);
  // Copy the package into the writable buffer source first.
  zip_source_begin_write(buffer);
  zip_source_write(buffer, package.data(), package.size());
  zip_source_commit_write(buffer);
  zip_t* archive = zip_open_from_source(buffer, 0, &error);
  EXPECT_NE(archive, nullptr);
  zip_source_t* part = zip_source_buffer(archive, content.data(), content.size(), 0);
  EXPECT_GE(zip_file_add(archive, name.c_str(), part, add_only ? 0 : ZIP_FL_OVERWRITE), 0);
  EXPECT_EQ(zip_close(archive), 0);
  zip_stat_t stat;
  zip_source_stat(buffer, &stat);
  std::string out(stat.size, '\0');
  zip_source_open(buffer);
  zip_source_read(buffer, out.data(), stat.size);
  zip_source_close(buffer);
  zip_source_free(buffer);
  return out;
}

std::string ReadPart(const std::string& package, const std::string& name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(package.data(), package.size(), 0, &error);
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  EXPECT_NE(archive, nullptr);
  zip_stat_t stat;
  EXPECT_EQ(zip_stat(archive, name.c_str(), 0, &stat), 0) << name;
  std::string content(stat.size, '\0');
  zip_file_t* file = zip_fopen(archive, name.c_str(), 0);
  zip_fread(file, content.data(), stat.size);
  zip_fclose(file);
  zip_discard(archive);
  return content;
}

Sheet People() {
  return Sheet{.name = "申请人",
               .rows = {{"身份证号", "姓名", "事项编码", "金额", "备注"},
                        {"44080219900101001X", "张三", "0012", 3.5, "首次申请"},
                        {"440802199001010012", "李四", "000000", 42.0, std::monostate{}},
                        {"440802200012310021", std::monostate{}, "11440800MB2C12345X", -0.25,
                         "第二行\n换行"}},
               .column_widths = {22, 10, 20, 8, 16}};
}

TEST(DocumentXlsx, RoundTripKeepsIdsAsTextAndNumbersAsNumbers) {
  const Sheet people = People();
  auto bytes = WriteXlsx(people);
  ASSERT_TRUE(bytes) << bytes.error().ToString();
  ASSERT_TRUE(bytes->starts_with("PK\x03\x04"));
  auto back = ReadXlsx(*bytes);
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(back->name, "申请人");
  ASSERT_EQ(back->rows.size(), 4u);
  // Trailing empty cells are not written, so row 2 ends at 金额.
  EXPECT_EQ(back->rows[0], people.rows[0]);
  EXPECT_EQ(back->rows[1], people.rows[1]);
  EXPECT_EQ(back->rows[2], (std::vector<Cell>{"440802199001010012", "李四", "000000", 42.0}));
  EXPECT_EQ(back->rows[3], people.rows[3]);
  EXPECT_EQ(std::get<std::string>(back->rows[1][0]), "44080219900101001X");
  EXPECT_EQ(std::get<std::string>(back->rows[2][2]), "000000") << "leading zeros kept";
  EXPECT_TRUE(std::holds_alternative<std::monostate>(back->rows[3][1])) << "empty stays empty";
}

TEST(DocumentXlsx, TextCellsCarryTheTextFormatSoSpreadsheetsKeepThemText) {
  auto bytes = WriteXlsx(People());
  ASSERT_TRUE(bytes);
  // The ID cell A2 is a string cell whose style uses number format 49, Excel's built-in "@".
  const std::string sheet = ReadPart(*bytes, "xl/worksheets/sheet1.xml");
  std::smatch cell;
  ASSERT_TRUE(std::regex_search(sheet, cell, std::regex(R"re(<c r="A2" s="(\d+)" t="s")re")))
      << sheet.substr(0, 2000);
  const std::string styles = ReadPart(*bytes, "xl/styles.xml");
  const auto xfs_at = styles.find("<cellXfs");
  ASSERT_NE(xfs_at, std::string::npos);
  std::vector<std::string> xfs;
  const std::regex xf(R"(<xf [^>]*>)");
  for (auto it = std::sregex_iterator(styles.begin() + static_cast<long>(xfs_at), styles.end(), xf);
       it != std::sregex_iterator(); ++it) {
    xfs.push_back(it->str());
  }
  const std::size_t style = std::stoul(cell[1]);
  ASSERT_LT(style, xfs.size());
  EXPECT_NE(xfs[style].find("numFmtId=\"49\""), std::string::npos) << xfs[style];

  // What the text format protects against: the same ID stored as a number loses digits.
  const std::string numeric_sheet =
      R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
      R"(<sheetData><row r="1"><c r="A1"><v>440802199001010012</v></c></row></sheetData>)"
      R"(</worksheet>)";
  auto mangled = ReadXlsx(ReplacePart(*bytes, "xl/worksheets/sheet1.xml", numeric_sheet));
  ASSERT_TRUE(mangled) << mangled.error().ToString();
  ASSERT_TRUE(std::holds_alternative<double>(mangled->rows[0][0]));
  EXPECT_NE(CellText(mangled->rows[0][0]), "440802199001010012");
}

// The clerk's round trip: a real spreadsheet program (LibreOffice Calc, headless) opens the
// export, shows the IDs as text, and saves it again in its own way (shared strings, its own
// styles), which our reader then imports unchanged.
TEST(DocumentXlsx, LibreOfficeCalcKeepsIdsAsTextAndItsSavedFileReadsBack) {
  ASSERT_TRUE(testing::HaveTool("soffice")) << "soffice missing: run scripts/bootstrap.sh";
  auto bytes = WriteXlsx(People());
  ASSERT_TRUE(bytes) << bytes.error().ToString();
  testing::TempDir dir;
  const auto file = dir.Write("people.xlsx", *bytes);
  const auto convert = [&](std::string_view filter, std::string_view out) {
    const auto result = testing::RunTool(fmt::format(
        "soffice -env:UserInstallation=file://{} --headless --convert-to {} --outdir {} {}",
        (dir.path() / "profile").string(), filter, testing::Quote(dir.path() / out),
        testing::Quote(file)));
    EXPECT_EQ(result.exit_code, 0) << result.output;
  };
  convert("csv:\"Text - txt - csv (StarCalc)\":44,34,76", "csv");
  const std::string csv = testing::ReadFile(dir.path() / "csv" / "people.csv");
  EXPECT_NE(csv.find("44080219900101001X,张三,0012,3.5,首次申请"), std::string::npos) << csv;
  EXPECT_NE(csv.find("440802199001010012,李四,000000,42"), std::string::npos) << csv;

  convert("xlsx:\"Calc MS Excel 2007 XML\"", "resaved");
  const std::string resaved = testing::ReadFile(dir.path() / "resaved" / "people.xlsx");
  ASSERT_FALSE(resaved.empty());
  auto back = ReadXlsx(resaved);
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(back->name, "申请人");
  ASSERT_EQ(back->rows.size(), 4u);
  EXPECT_EQ(back->rows[1], People().rows[1]);
  EXPECT_EQ(back->rows[2], (std::vector<Cell>{"440802199001010012", "李四", "000000", 42.0}));
  EXPECT_EQ(back->rows[3], People().rows[3]);
}

TEST(DocumentXlsx, SeveralSheetsAreReadByName) {
  Sheet second{.name = "统计", .rows = {{"合计"}, {1234.0}}};
  auto bytes = WriteXlsx(std::vector<Sheet>{People(), second});
  ASSERT_TRUE(bytes) << bytes.error().ToString();
  auto first = ReadXlsx(*bytes);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->name, "申请人");
  auto stats = ReadXlsx(*bytes, "统计");
  ASSERT_TRUE(stats) << stats.error().ToString();
  EXPECT_EQ(stats->rows, second.rows);
  EXPECT_TRUE(FailsWith(ReadXlsx(*bytes, "没有"), ErrorCode::kNotFound, "xlsx.sheet_not_found"));
}

TEST(DocumentXlsx, LargeSheetsStreamWithInlineStringsAndStillRoundTrip) {
  Sheet big{.name = "licences"};
  big.rows.push_back({"id", "holder", "n"});
  for (int i = 0; i < 80'000; ++i) {
    big.rows.push_back({fmt::format("{:018d}", i), fmt::format("持证人{}", i), double(i)});
  }
  auto bytes = WriteXlsx(big);
  ASSERT_TRUE(bytes) << bytes.error().ToString();
  EXPECT_EQ(bytes->find("xl/sharedStrings.xml"), std::string::npos)
      << "constant-memory mode writes inline strings";
  auto back = ReadXlsx(*bytes);
  ASSERT_TRUE(back) << back.error().ToString();
  ASSERT_EQ(back->rows.size(), big.rows.size());
  for (std::size_t r : {std::size_t{0}, std::size_t{1}, std::size_t{40'000}, big.rows.size() - 1}) {
    EXPECT_EQ(back->rows[r], big.rows[r]) << "row " << r;
  }
  EXPECT_EQ(std::get<std::string>(back->rows[8][0]), "000000000000000007");
}

TEST(DocumentXlsx, ReadsOtherWritersCellForms) {
  auto base = WriteXlsx(Sheet{.name = "S", .rows = {{"x"}}});
  ASSERT_TRUE(base);
  const std::string shared =
      R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2">)"
      R"(<si><t>plain</t></si>)"
      R"(<si><r><rPr><b/></rPr><t>富</t></r><r><t xml:space="preserve">文本 </t></r>)"
      R"(<rPh sb="0" eb="1"><t>fu</t></rPh></si></sst>)";
  const std::string sheet =
      R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
      R"(<x:sheetData>)"
      R"(<x:row r="1"><x:c r="A1" t="s"><x:v>1</x:v></x:c><x:c r="C1" t="inlineStr">)"
      R"(<x:is><x:t>内联</x:t></x:is></x:c><x:c r="D1" t="b"><x:v>1</x:v></x:c></x:row>)"
      R"(<x:row r="3"><x:c t="str"><x:f>A1</x:f><x:v>公式结果</x:v></x:c>)"
      R"(<x:c t="e"><x:v>#N/A</x:v></x:c><x:c s="3"/><x:c><x:v> 1.5E3 </x:v></x:c>)"
      R"(<x:c t="s"><x:v>0</x:v></x:c></x:row>)"
      R"(<x:row r="4"><x:c r="A4" s="1"/></x:row>)"
      R"(<x:row r="5"><x:c r="B5" t="inlineStr"><x:is><x:t>a_x000D_b</x:t></x:is></x:c></x:row>)"
      R"(</x:sheetData></x:worksheet>)";
  auto bytes = ReplacePart(ReplacePart(*base, "xl/sharedStrings.xml", shared),
                           "xl/worksheets/sheet1.xml", sheet);
  auto back = ReadXlsx(bytes);
  ASSERT_TRUE(back) << back.error().ToString();
  ASSERT_EQ(back->rows.size(), 5u);
  EXPECT_EQ(back->rows[0], (std::vector<Cell>{"富文本 ", std::monostate{}, "内联", 1.0}));
  EXPECT_TRUE(back->rows[1].empty());
  EXPECT_EQ(back->rows[2],
            (std::vector<Cell>{"公式结果", "#N/A", std::monostate{}, 1500.0, "plain"}));
  EXPECT_TRUE(back->rows[3].empty()) << "a styled empty cell is no data";
  EXPECT_EQ(back->rows[4], (std::vector<Cell>{std::monostate{}, "a\rb"}));
}

TEST(DocumentXlsx, CellTextForImporters) {
  EXPECT_EQ(CellText(Cell{12.0}), "12");
  EXPECT_EQ(CellText(Cell{-3.0}), "-3");
  EXPECT_EQ(CellText(Cell{1.5}), "1.5");
  EXPECT_EQ(CellText(Cell{0.1}), "0.1");
  EXPECT_EQ(CellText(Cell{std::string("0012")}), "0012");
  EXPECT_EQ(CellText(Cell{}), "");
}

TEST(DocumentXlsxRefusal, NotAWorkbook) {
  EXPECT_TRUE(
      FailsWith(ReadXlsx("name,id\n张三,1\n"), ErrorCode::kInvalidArgument, "xlsx.not_xlsx"));
  EXPECT_TRUE(FailsWith(ReadXlsx(""), ErrorCode::kInvalidArgument, "xlsx.not_xlsx"));
  auto bytes = WriteXlsx(People());
  ASSERT_TRUE(bytes);
  EXPECT_TRUE(FailsWith(ReadXlsx(std::string_view(*bytes).substr(0, bytes->size() / 2)),
                        ErrorCode::kInvalidArgument, "xlsx.not_xlsx"))
      << "a truncated upload";
  // A zip that is a word-processing document, not a workbook.
  const std::string docx_like = ReplacePart(
      ReplacePart(*bytes, "xl/workbook.xml", "<w/>"), "_rels/.rels",
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
      R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/)"
      R"(relationships/officeDocument" Target="word/document.xml"/></Relationships>)");
  EXPECT_TRUE(FailsWith(ReadXlsx(docx_like), ErrorCode::kInvalidArgument, "xlsx.not_xlsx"));
}

TEST(DocumentXlsxRefusal, MalformedParts) {
  auto bytes = WriteXlsx(People());
  ASSERT_TRUE(bytes);
  EXPECT_TRUE(FailsWith(ReadXlsx(ReplacePart(*bytes, "xl/worksheets/sheet1.xml", "<worksheet><")),
                        ErrorCode::kInvalidArgument, "xlsx.malformed"));
  const auto sheet_with = [&](const std::string& cells) {
    return ReplacePart(
        *bytes, "xl/worksheets/sheet1.xml",
        "<worksheet><sheetData><row r=\"1\">" + cells + "</row></sheetData></worksheet>");
  };
  EXPECT_TRUE(FailsWith(ReadXlsx(sheet_with(R"(<c r="A1" t="s"><v>999</v></c>)")),
                        ErrorCode::kInvalidArgument, "xlsx.malformed"))
      << "shared string index out of range";
  EXPECT_TRUE(FailsWith(ReadXlsx(sheet_with(R"(<c r="A1"><v>12abc</v></c>)")),
                        ErrorCode::kInvalidArgument, "xlsx.malformed"));
  EXPECT_TRUE(FailsWith(ReadXlsx(sheet_with(R"(<c r="XFE1"><v>1</v></c>)")),
                        ErrorCode::kInvalidArgument, "xlsx.malformed"))
      << "column past XFD";
  EXPECT_TRUE(FailsWith(ReadXlsx(sheet_with(R"(<c r="B1"><v>1</v></c><c r="A1"><v>1</v></c>)")),
                        ErrorCode::kInvalidArgument, "xlsx.malformed"));
  // An entity bomb: pugixml expands no DTD entities, so the text stays small and literal.
  const std::string laughs =
      R"(<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>)"
      R"(<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c>)"
      R"(</row></sheetData></worksheet>)";
  auto bomb = ReadXlsx(ReplacePart(*bytes, "xl/worksheets/sheet1.xml", laughs));
  ASSERT_TRUE(bomb) << bomb.error().ToString();
  EXPECT_EQ(CellText(bomb->rows[0][0]).find("lollol"), std::string::npos);
}

TEST(DocumentXlsxRefusal, ZipBombsAndHugeSheetsHitTheLimits) {
  // 200,000 identical cells deflate to a few hundred KB but inflate to several MB.
  Sheet repetitive{.name = "S"};
  for (int r = 0; r < 20'000; ++r) repetitive.rows.push_back(std::vector<Cell>(10, Cell{1.0}));
  auto bytes = WriteXlsx(repetitive);
  ASSERT_TRUE(bytes) << bytes.error().ToString();
  ASSERT_LT(bytes->size(), 1u << 20);
  EXPECT_TRUE(ReadXlsx(*bytes).has_value());
  EXPECT_TRUE(FailsWith(ReadXlsx(*bytes, {}, XlsxReadLimits{.max_uncompressed_bytes = 1u << 20}),
                        ErrorCode::kInvalidArgument, "xlsx.too_large"));
  EXPECT_TRUE(FailsWith(ReadXlsx(*bytes, {}, XlsxReadLimits{.max_cells = 100'000}),
                        ErrorCode::kInvalidArgument, "xlsx.too_large"));
  EXPECT_TRUE(FailsWith(ReadXlsx(*bytes, {}, XlsxReadLimits{.max_compressed_bytes = 1000}),
                        ErrorCode::kInvalidArgument, "xlsx.too_large"));
  // Thousands of tiny entries.
  std::string crowded = *bytes;
  for (int i = 0; i < 40; ++i)
    crowded = ReplacePart(crowded, fmt::format("junk/{}.xml", i), "x", true);
  EXPECT_TRUE(FailsWith(ReadXlsx(crowded, {}, XlsxReadLimits{.max_entries = 30}),
                        ErrorCode::kInvalidArgument, "xlsx.too_large"));
}

// Damaged uploads (flipped bytes anywhere in a real workbook) are refused or read, never
// crash; run under ZT_SANITIZE=address,undefined this also checks memory safety.
TEST(DocumentXlsxRefusal, DamagedFilesNeverCrashTheReader) {
  auto bytes = WriteXlsx(People());
  ASSERT_TRUE(bytes);
  std::mt19937 random(20261123);
  int refused = 0;
  for (int i = 0; i < 400; ++i) {
    std::string damaged = *bytes;
    for (int k = 0; k < 1 + i % 4; ++k) {
      damaged[random() % damaged.size()] = static_cast<char>(random() & 0xFF);
    }
    auto result = ReadXlsx(damaged);
    if (!result) {
      ++refused;
      const std::string& key = result.error().key();
      EXPECT_TRUE(key == "xlsx.not_xlsx" || key == "xlsx.malformed" || key == "xlsx.too_large" ||
                  key == "xlsx.sheet_not_found")
          << result.error().ToString();
    }
  }
  EXPECT_GT(refused, 200) << "most damage lands in deflated data and must be detected (CRC)";
}

TEST(DocumentXlsxRefusal, BadSheetsAreNotWritten) {
  EXPECT_TRUE(
      FailsWith(WriteXlsx(Sheet{.name = "a/b"}), ErrorCode::kInvalidArgument, "xlsx.sheet_name"));
  EXPECT_TRUE(FailsWith(WriteXlsx(Sheet{.name = std::string(32, 'a')}), ErrorCode::kInvalidArgument,
                        "xlsx.sheet_name"));
  EXPECT_TRUE(WriteXlsx(Sheet{.name = "三十一个字符以内的中文名称可以"}).has_value());
  EXPECT_TRUE(FailsWith(WriteXlsx(std::vector<Sheet>{Sheet{.name = "A"}, Sheet{.name = "A"}}),
                        ErrorCode::kInvalidArgument, "xlsx.sheet_name"));
  EXPECT_TRUE(FailsWith(WriteXlsx(Sheet{.rows = {{std::string("\xFF")}}}),
                        ErrorCode::kInvalidArgument, "xlsx.invalid_utf8"));
  EXPECT_TRUE(FailsWith(WriteXlsx(Sheet{.rows = {{std::string(32'768, 'a')}}}),
                        ErrorCode::kInvalidArgument, "xlsx.too_large"));
  EXPECT_TRUE(
      FailsWith(WriteXlsx(std::vector<Sheet>{}), ErrorCode::kInvalidArgument, "xlsx.no_sheets"));
}

}  // namespace
}  // namespace zt::document
