// File: model.h
//
// The plain document model that every printable zhengtong document is written in: licences,
// acceptance notices (受理通知书), annual reports. It holds no library types, so services
// can build a Document and hand it to an adapter (render.h) without touching cairo or XML.
//
//   Document doc{.title = "受理通知书", .metadata = {.author = "湛江市政务服务数据管理局"}};
//   doc.blocks.push_back(Paragraph::Of("申请人：张三"));
//   doc.blocks.push_back(KeyValueTable{.rows = {{"受理编号", "ZJ2026..."}}});
//   doc.blocks.push_back(QrCode{.payload = "https://…/progress/…", .caption = "扫码查询办理进度"});
//   Result<std::string> pdf = RenderPdf(doc);
//
// Pages are A4 portrait (210 × 297 mm) with 25 mm side and 20 mm top and bottom margins.
// All text is UTF-8. Limits are listed in docs/documents.md and checked by Validate().
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "zt/core/error.h"

namespace zt::document {

enum class Align { kLeft, kCenter, kRight };

// A stretch of text in one weight.
struct TextRun {
  std::string text;
  bool bold = false;
};

// A section heading; level 1 is the largest. Levels outside 1–3 are refused.
struct Heading {
  int level = 1;
  std::string text;
};

// Wrapped text. Line breaks ("\n") inside a run start a new line.
struct Paragraph {
  std::vector<TextRun> runs;
  Align align = Align::kLeft;

  static Paragraph Of(std::string text, Align align = Align::kLeft) {
    return Paragraph{.runs = {TextRun{std::move(text), false}}, .align = align};
  }
};

// Label/value rows with ruled borders, labels shaded: a licence's fields, a case's summary.
struct KeyValueRow {
  std::string label;
  std::string value;
};
struct KeyValueTable {
  std::vector<KeyValueRow> rows;
  double label_width = 0.3;  // fraction of the text width given to the label column
};

// A ruled table with a header row that is repeated on every page the table spans.
// `column_widths` are fractions of the text width (they must sum to 1 within 1%); empty means
// equal columns. Every row has exactly `header.size()` cells.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<double> column_widths;
};

// A QR code (error correction level M, UTF-8 payload, at most kMaxQrPayloadBytes), drawn as
// vector squares in PDFs and as a PNG image in DOCX, centred, with an optional caption below.
struct QrCode {
  std::string payload;
  double size_mm = 30;  // the printed side length, quiet zone included; 15–100
  std::string caption;
};

// Vertical white space.
struct Spacer {
  double height_mm = 5;
};

// Starts a new page.
struct PageBreak {};

using Block = std::variant<Heading, Paragraph, KeyValueTable, Table, QrCode, Spacer, PageBreak>;

struct Metadata {
  std::string author;   // the issuing body, e.g. "湛江市政务服务数据管理局"
  std::string subject;  // e.g. "行政许可受理通知书"
  std::string created;  // a date as text, e.g. "2026-11-23"; passed in, never read from a clock
};

enum class PageNumbers {
  kNone,
  kChinese,  // "第 N 页 共 M 页"
  kEnglish,  // "Page N of M"
};

struct Document {
  std::string title;  // printed centred at the top of the first page and set as the file's title
  Metadata metadata;
  std::vector<Block> blocks;
  std::string footer;  // printed at the bottom of every page, left of the page number
  PageNumbers page_numbers = PageNumbers::kChinese;
};

// The largest QR payload accepted, in bytes. Larger codes stop scanning reliably at print
// sizes; put a short address in the code, not the data.
inline constexpr std::size_t kMaxQrPayloadBytes = 1024;

// Checks a document against the rules above: heading levels, table shapes and widths, QR
// payloads and sizes, and the size limits of docs/documents.md. Keys:
//   document.heading_level, document.table_shape, document.column_widths,
//   document.qr_payload_empty, document.qr_payload_too_long, document.qr_size,
//   document.spacer_height, document.too_large, document.invalid_utf8.
// Each error names the offending block as a field pointer ("/blocks/3").
Status Validate(const Document& document);

}  // namespace zt::document
