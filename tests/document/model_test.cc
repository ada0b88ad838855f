#include "zt/document/model.h"

#include <gtest/gtest.h>

#include "expect_error.h"

namespace zt::document {
namespace {

using zt::testing::FailsWith;

std::string PointerOf(const Status& status) {
  return status || status.error().fields().empty() ? "" : status.error().fields()[0].pointer;
}

TEST(DocumentValidate, AcceptsEveryBlockKind) {
  Document doc{.title = "受理通知书"};
  doc.blocks = {Heading{.level = 3, .text = "标题"},
                Paragraph{.runs = {{"普通"}, {"加粗", true}}},
                KeyValueTable{.rows = {{"编号", "1"}}},
                Table{.header = {"a", "b"}, .rows = {{"1", "2"}}, .column_widths = {0.305, 0.7}},
                QrCode{.payload = "https://example.gov.cn/p/1"},
                Spacer{},
                PageBreak{}};
  EXPECT_TRUE(Validate(doc)) << Validate(doc).error().ToString();
}

TEST(DocumentValidate, NamesTheBlockAndTheRuleBroken) {
  Document doc;
  doc.blocks = {Paragraph::Of("ok"), Heading{.level = 4, .text = "x"}};
  auto status = Validate(doc);
  EXPECT_TRUE(FailsWith(status, ErrorCode::kInvalidArgument, "document.heading_level"));
  EXPECT_EQ(PointerOf(status), "/blocks/1");

  doc.blocks = {Table{.header = {"a", "b"}, .rows = {{"1"}}}};
  EXPECT_TRUE(FailsWith(Validate(doc), ErrorCode::kInvalidArgument, "document.table_shape"));
  doc.blocks = {Table{.header = {}}};
  EXPECT_TRUE(FailsWith(Validate(doc), ErrorCode::kInvalidArgument, "document.table_shape"));
  doc.blocks = {Table{.header = {"a", "b"}, .column_widths = {0.5, 0.4}}};
  EXPECT_TRUE(FailsWith(Validate(doc), ErrorCode::kInvalidArgument, "document.column_widths"));
  doc.blocks = {Table{.header = {"a", "b"}, .column_widths = {1.2, -0.2}}};
  EXPECT_TRUE(FailsWith(Validate(doc), ErrorCode::kInvalidArgument, "document.column_widths"));
  doc.blocks = {QrCode{.payload = "x", .size_mm = 5}};
  EXPECT_TRUE(FailsWith(Validate(doc), ErrorCode::kInvalidArgument, "document.qr_size"));
  doc.blocks = {Spacer{.height_mm = -1}};
  EXPECT_TRUE(FailsWith(Validate(doc), ErrorCode::kInvalidArgument, "document.spacer_height"));
}

TEST(DocumentValidate, RefusesInvalidUtf8Anywhere) {
  const std::string bad_strings[] = {"\xC3", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                                     "ok\xFF"};
  for (const auto& bad : bad_strings) {
    Document doc;
    doc.blocks = {Table{.header = {"a"}, .rows = {{bad}}}};
    EXPECT_TRUE(FailsWith(Validate(doc), ErrorCode::kInvalidArgument, "document.invalid_utf8"));
    Document titled{.title = bad};
    EXPECT_TRUE(FailsWith(Validate(titled), ErrorCode::kInvalidArgument, "document.invalid_utf8"));
  }
  Document fine{.title = "湛江 ✓ 𠀀"};
  EXPECT_TRUE(Validate(fine));
}

TEST(DocumentValidate, RefusesTooLargeDocuments) {
  Document doc;
  doc.blocks.assign(100'001, Spacer{.height_mm = 0});
  EXPECT_TRUE(FailsWith(Validate(doc), ErrorCode::kInvalidArgument, "document.too_large"));
  Document big;
  big.blocks = {Paragraph::Of(std::string(33u << 20, 'a'))};
  EXPECT_TRUE(FailsWith(Validate(big), ErrorCode::kInvalidArgument, "document.too_large"));
}

}  // namespace
}  // namespace zt::document
