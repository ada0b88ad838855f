#include "zt/document/model.h"

#include <cmath>
#include <numeric>
#include <string_view>

#include <fmt/format.h>

#include "text.h"

namespace zt::document {
namespace {

// Far above any real notice or report; guards the renderers' memory and time.
constexpr std::size_t kMaxBlocks = 100'000;
constexpr std::size_t kMaxTextBytes = 32u << 20;
constexpr std::size_t kMaxTableColumns = 40;

std::unexpected<Error> BlockFail(std::size_t index, std::string key, std::string detail) {
  return FieldFail(fmt::format("/blocks/{}", index), std::move(key), std::move(detail));
}

class TextBudget {
 public:
  // False when `text` is not UTF-8; remembers the bytes seen.
  bool Add(std::string_view text) {
    bytes_ += text.size();
    return internal::IsValidUtf8(text);
  }
  bool Exceeded() const { return bytes_ > kMaxTextBytes; }

 private:
  std::size_t bytes_ = 0;
};

Status ValidateBlock(const Block& block, std::size_t index, TextBudget& budget) {
  const auto utf8_fail = [&] {
    return BlockFail(index, "document.invalid_utf8", "text is not valid UTF-8");
  };
  if (const auto* h = std::get_if<Heading>(&block)) {
    if (h->level < 1 || h->level > 3) {
      return BlockFail(index, "document.heading_level",
                       fmt::format("heading level {} is not 1, 2 or 3", h->level));
    }
    if (!budget.Add(h->text)) return utf8_fail();
  } else if (const auto* p = std::get_if<Paragraph>(&block)) {
    for (const auto& run : p->runs) {
      if (!budget.Add(run.text)) return utf8_fail();
    }
  } else if (const auto* kv = std::get_if<KeyValueTable>(&block)) {
    if (!(kv->label_width >= 0.1 && kv->label_width <= 0.9)) {
      return BlockFail(index, "document.column_widths", "label_width must lie in 0.1–0.9");
    }
    for (const auto& row : kv->rows) {
      if (!budget.Add(row.label) || !budget.Add(row.value)) return utf8_fail();
    }
  } else if (const auto* t = std::get_if<Table>(&block)) {
    const std::size_t columns = t->header.size();
    if (columns == 0 || columns > kMaxTableColumns) {
      return BlockFail(
          index, "document.table_shape",
          fmt::format("a table needs 1–{} columns, has {}", kMaxTableColumns, columns));
    }
    for (std::size_t r = 0; r < t->rows.size(); ++r) {
      if (t->rows[r].size() != columns) {
        return BlockFail(
            index, "document.table_shape",
            fmt::format("row {} has {} cells, the header {}", r, t->rows[r].size(), columns));
      }
    }
    if (!t->column_widths.empty()) {
      if (t->column_widths.size() != columns) {
        return BlockFail(index, "document.column_widths",
                         fmt::format("{} widths for {} columns", t->column_widths.size(), columns));
      }
      double sum = 0;
      for (double w : t->column_widths) {
        if (!(w > 0)) return BlockFail(index, "document.column_widths", "widths must be positive");
        sum += w;
      }
      if (std::abs(sum - 1.0) > 0.01) {
        return BlockFail(index, "document.column_widths",
                         fmt::format("widths sum to {:.3f}, not 1", sum));
      }
    }
    for (const auto& cell : t->header) {
      if (!budget.Add(cell)) return utf8_fail();
    }
    for (const auto& row : t->rows) {
      for (const auto& cell : row) {
        if (!budget.Add(cell)) return utf8_fail();
      }
    }
  } else if (const auto* qr = std::get_if<QrCode>(&block)) {
    if (qr->payload.empty()) {
      return BlockFail(index, "document.qr_payload_empty", "a QR code needs a payload");
    }
    if (qr->payload.size() > kMaxQrPayloadBytes) {
      return BlockFail(
          index, "document.qr_payload_too_long",
          fmt::format("QR payload of {} bytes exceeds {}", qr->payload.size(), kMaxQrPayloadBytes));
    }
    if (!(qr->size_mm >= 15 && qr->size_mm <= 100)) {
      return BlockFail(index, "document.qr_size", "QR size must lie in 15–100 mm");
    }
    if (!budget.Add(qr->payload) || !budget.Add(qr->caption)) return utf8_fail();
  } else if (const auto* s = std::get_if<Spacer>(&block)) {
    if (!(s->height_mm >= 0 && s->height_mm <= 250)) {
      return BlockFail(index, "document.spacer_height", "spacer height must lie in 0–250 mm");
    }
  }
  if (budget.Exceeded()) {
    return Fail(ErrorCode::kInvalidArgument, "document.too_large",
                fmt::format("the document's text exceeds {} bytes", kMaxTextBytes));
  }
  return Ok();
}

}  // namespace

Status Validate(const Document& document) {
  if (document.blocks.size() > kMaxBlocks) {
    return Fail(ErrorCode::kInvalidArgument, "document.too_large",
                fmt::format("{} blocks exceed {}", document.blocks.size(), kMaxBlocks));
  }
  TextBudget budget;
  for (std::string_view text :
       {std::string_view(document.title), std::string_view(document.footer),
        std::string_view(document.metadata.author), std::string_view(document.metadata.subject),
        std::string_view(document.metadata.created)}) {
    if (!budget.Add(text)) {
      return Fail(ErrorCode::kInvalidArgument, "document.invalid_utf8",
                  "title, footer or metadata is not valid UTF-8");
    }
  }
  for (std::size_t i = 0; i < document.blocks.size(); ++i) {
    ZT_RETURN_IF_ERROR(ValidateBlock(document.blocks[i], i, budget));
  }
  return Ok();
}

}  // namespace zt::document
