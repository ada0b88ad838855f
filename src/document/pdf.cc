// PDF rendering with cairo (PDF surface) and pango (shaping, line breaking, CJK fonts).
//
// The document is laid out twice: the first pass only counts the pages (on a recording
// surface, measuring text with the PDF's font options), so the second can print
// "第 N 页 共 M 页". Layout is deterministic, so both passes break pages at the same places.
#include <algorithm>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>
#include <pango/pangocairo.h>

#include "zt/document/qr.h"
#include "zt/document/render.h"

namespace zt::document {
namespace {

constexpr double kPtPerMm = 72.0 / 25.4;
constexpr double kPageWidth = 210 * kPtPerMm;
constexpr double kPageHeight = 297 * kPtPerMm;
constexpr double kMarginSide = 25 * kPtPerMm;
constexpr double kMarginTop = 20 * kPtPerMm;
constexpr double kMarginBottom = 20 * kPtPerMm;
constexpr double kFooterGap = 8 * kPtPerMm;  // between the text area and the footer line
constexpr double kTextWidth = kPageWidth - 2 * kMarginSide;
constexpr double kTextTop = kMarginTop;
constexpr double kTextBottom = kPageHeight - kMarginBottom - kFooterGap;
constexpr double kCellPadding = 4;
constexpr double kRule = 0.6;
constexpr int kQuietModules = 4;

constexpr const char* kBodyFont = "Noto Serif CJK SC 11";
constexpr const char* kTableFont = "Noto Sans CJK SC 9.5";
constexpr const char* kTableHeaderFont = "Noto Sans CJK SC Bold 9.5";
constexpr const char* kCaptionFont = "Noto Sans CJK SC 9";
constexpr const char* kFooterFont = "Noto Sans CJK SC 8.5";
constexpr const char* kTitleFont = "Noto Sans CJK SC Bold 20";
constexpr const char* kHeadingFonts[] = {"Noto Sans CJK SC Bold 16", "Noto Sans CJK SC Bold 13.5",
                                         "Noto Sans CJK SC Bold 11.5"};

double ToPt(int pango_units) { return static_cast<double>(pango_units) / PANGO_SCALE; }
int ToPango(double pt) { return static_cast<int>(pt * PANGO_SCALE); }

struct GObjectUnref {
  void operator()(void* p) const { g_object_unref(p); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectUnref>;
using ContextPtr = std::unique_ptr<PangoContext, GObjectUnref>;

struct FontDescFree {
  void operator()(PangoFontDescription* p) const { pango_font_description_free(p); }
};

struct AttrListUnref {
  void operator()(PangoAttrList* p) const { pango_attr_list_unref(p); }
};

PangoAlignment ToPango(Align align) {
  switch (align) {
    case Align::kCenter:
      return PANGO_ALIGN_CENTER;
    case Align::kRight:
      return PANGO_ALIGN_RIGHT;
    case Align::kLeft:
      break;
  }
  return PANGO_ALIGN_LEFT;
}

// cairo wants an ISO 8601 instant; a bare date is taken as midnight in China Standard Time.
std::string PdfDate(const std::string& created) {
  static const std::regex kDate(R"(\d{4}-\d{2}-\d{2})");
  if (std::regex_match(created, kDate)) return created + "T00:00:00+08:00";
  return created;
}

class PdfPainter {
 public:
  // `font_options`: those of the PDF surface, when `cr` draws on another (the counting pass),
  // so that text is measured exactly as in the PDF.
  PdfPainter(cairo_t* cr, const Document& document, int total_pages,
             const cairo_font_options_t* font_options = nullptr)
      : cr_(cr), document_(document), total_pages_(total_pages) {
    context_.reset(pango_cairo_create_context(cr));
    if (font_options != nullptr) pango_cairo_context_set_font_options(context_.get(), font_options);
    // Sizes are in points and the surface's unit is the point.
    pango_cairo_context_set_resolution(context_.get(), 72);
    y_ = kTextTop;
  }

  void Run() {
    if (!document_.title.empty()) {
      auto title = Layout(document_.title, kTitleFont, kTextWidth, Align::kCenter);
      DrawSplittable(title.get(), kMarginSide);
      y_ += 14;
    }
    for (const Block& block : document_.blocks) {
      std::visit([this](const auto& b) { Draw(b); }, block);
    }
    DrawFooter();
  }

  int pages() const { return page_; }
  // The first failure of a block that could not be drawn, if any.
  const std::optional<Error>& failure() const { return failure_; }

 private:
  LayoutPtr Layout(std::string_view text, const char* font, double width, Align align,
                   PangoAttrList* attrs = nullptr) {
    LayoutPtr layout(pango_layout_new(context_.get()));
    std::unique_ptr<PangoFontDescription, FontDescFree> desc(
        pango_font_description_from_string(font));
    pango_layout_set_font_description(layout.get(), desc.get());
    pango_layout_set_width(layout.get(), ToPango(width));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), ToPango(align));
    pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
    if (attrs != nullptr) pango_layout_set_attributes(layout.get(), attrs);
    return layout;
  }

  static double Height(PangoLayout* layout) {
    int w = 0, h = 0;
    pango_layout_get_size(layout, &w, &h);
    return ToPt(h);
  }

  bool AtPageTop() const { return y_ <= kTextTop + 0.01; }

  void NewPage() {
    DrawFooter();
    cairo_show_page(cr_);
    ++page_;
    y_ = kTextTop;
  }

  // Starts a new page unless `height` fits below the current position (or nothing would fit
  // better: the page is still empty).
  void EnsureSpace(double height) {
    if (y_ + height > kTextBottom && !AtPageTop()) NewPage();
  }

  void ShowLayout(PangoLayout* layout, double x, double y) {
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout);
  }

  // Draws a layout at the current position, continuing on new pages between lines.
  void DrawSplittable(PangoLayout* layout, double x) {
    std::vector<std::pair<double, double>> lines;  // top and bottom of each line
    PangoLayoutIter* iter = pango_layout_get_iter(layout);
    do {
      int top = 0, bottom = 0;
      pango_layout_iter_get_line_yrange(iter, &top, &bottom);
      lines.emplace_back(ToPt(top), ToPt(bottom));
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);

    std::size_t first = 0;
    while (first < lines.size()) {
      const double offset = lines[first].first;
      std::size_t end = first;
      while (end < lines.size() && lines[end].second - offset <= kTextBottom - y_) ++end;
      if (end == first) {
        if (!AtPageTop()) {
          NewPage();
          continue;
        }
        end = first + 1;  // a line taller than a page: print it clipped
      }
      const double height = lines[end - 1].second - offset;
      cairo_save(cr_);
      cairo_rectangle(cr_, 0, y_, kPageWidth, height);
      cairo_clip(cr_);
      ShowLayout(layout, x, y_ - offset);
      cairo_restore(cr_);
      y_ += height;
      first = end;
      if (first < lines.size()) NewPage();
    }
  }

  void Draw(const Heading& heading) {
    auto layout = Layout(heading.text, kHeadingFonts[heading.level - 1], kTextWidth, Align::kLeft);
    const double space_before = heading.level == 1 ? 12 : 8;
    // Keep a heading with at least two lines of what follows.
    EnsureSpace(space_before + Height(layout.get()) + 40);
    if (!AtPageTop()) y_ += space_before;
    DrawSplittable(layout.get(), kMarginSide);
    y_ += 6;
  }

  void Draw(const Paragraph& paragraph) {
    std::string text;
    std::unique_ptr<PangoAttrList, AttrListUnref> attrs(pango_attr_list_new());
    for (const auto& run : paragraph.runs) {
      const auto start = static_cast<guint>(text.size());
      text += run.text;
      if (run.bold) {
        PangoAttribute* bold = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
        bold->start_index = start;
        bold->end_index = static_cast<guint>(text.size());
        pango_attr_list_insert(attrs.get(), bold);
      }
    }
    auto layout = Layout(text, kBodyFont, kTextWidth, paragraph.align, attrs.get());
    pango_layout_set_line_spacing(layout.get(), 1.5);
    DrawSplittable(layout.get(), kMarginSide);
    y_ += 6;
  }

  struct CellStyle {
    const char* font;
    bool shaded;
  };

  // Draws one row of cells; returns false (drawing nothing) when it does not fit on this page.
  bool DrawRow(const std::vector<std::string_view>& cells, const std::vector<double>& widths,
               const std::vector<CellStyle>& styles, bool force) {
    std::vector<LayoutPtr> layouts;
    double row_height = 0;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      layouts.push_back(
          Layout(cells[c], styles[c].font, widths[c] - 2 * kCellPadding, Align::kLeft));
      row_height = std::max(row_height, Height(layouts.back().get()) + 2 * kCellPadding);
    }
    if (y_ + row_height > kTextBottom && !force) return false;
    const double visible = std::min(row_height, kTextBottom - y_);
    double x = kMarginSide;
    cairo_set_line_width(cr_, kRule);
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (styles[c].shaded) {
        cairo_set_source_rgb(cr_, 0.93, 0.93, 0.93);
        cairo_rectangle(cr_, x, y_, widths[c], visible);
        cairo_fill(cr_);
      }
      cairo_set_source_rgb(cr_, 0, 0, 0);
      cairo_save(cr_);
      cairo_rectangle(cr_, x, y_, widths[c], visible);
      cairo_clip(cr_);
      ShowLayout(layouts[c].get(), x + kCellPadding, y_ + kCellPadding);
      cairo_restore(cr_);
      cairo_rectangle(cr_, x, y_, widths[c], visible);
      cairo_stroke(cr_);
      x += widths[c];
    }
    y_ += visible;
    return true;
  }

  void Draw(const KeyValueTable& table) {
    const std::vector<double> widths{kTextWidth * table.label_width,
                                     kTextWidth * (1 - table.label_width)};
    const std::vector<CellStyle> styles{{kTableHeaderFont, true}, {kTableFont, false}};
    for (const auto& row : table.rows) {
      const std::vector<std::string_view> cells{row.label, row.value};
      if (!DrawRow(cells, widths, styles, AtPageTop())) {
        NewPage();
        DrawRow(cells, widths, styles, true);
      }
    }
    y_ += 8;
  }

  void Draw(const Table& table) {
    const std::size_t columns = table.header.size();
    std::vector<double> widths;
    for (std::size_t c = 0; c < columns; ++c) {
      widths.push_back(kTextWidth *
                       (table.column_widths.empty() ? 1.0 / columns : table.column_widths[c]));
    }
    const std::vector<CellStyle> header_styles(columns, CellStyle{kTableHeaderFont, true});
    const std::vector<CellStyle> body_styles(columns, CellStyle{kTableFont, false});
    const std::vector<std::string_view> header(table.header.begin(), table.header.end());
    // The header with at least one row, or neither on this page.
    auto draw_header = [&] {
      EnsureSpace(60);
      DrawRow(header, widths, header_styles, true);
    };
    draw_header();
    for (const auto& row : table.rows) {
      const std::vector<std::string_view> cells(row.begin(), row.end());
      if (!DrawRow(cells, widths, body_styles, false)) {
        NewPage();
        draw_header();
        DrawRow(cells, widths, body_styles, true);
      }
    }
    y_ += 8;
  }

  void Draw(const QrCode& qr) {
    // Validated before rendering, so only a library failure is left; it fails the render.
    auto matrix = EncodeQr(qr.payload);
    if (!matrix) {
      failure_ = matrix.error();
      return;
    }
    const double side = qr.size_mm * kPtPerMm;
    LayoutPtr caption;
    double caption_height = 0;
    if (!qr.caption.empty()) {
      caption = Layout(qr.caption, kCaptionFont, kTextWidth, Align::kCenter);
      caption_height = Height(caption.get()) + 2;
    }
    EnsureSpace(side + caption_height);
    const double module = side / (matrix->size + 2 * kQuietModules);
    const double left = kMarginSide + (kTextWidth - side) / 2 + kQuietModules * module;
    const double top = y_ + kQuietModules * module;
    cairo_set_source_rgb(cr_, 0, 0, 0);
    // Horizontal runs of dark modules, so scanners see no hairline seams between squares.
    for (int y = 0; y < matrix->size; ++y) {
      for (int x = 0; x < matrix->size;) {
        if (!matrix->At(x, y)) {
          ++x;
          continue;
        }
        int end = x;
        while (end < matrix->size && matrix->At(end, y)) ++end;
        cairo_rectangle(cr_, left + x * module, top + y * module, (end - x) * module, module);
        x = end;
      }
    }
    cairo_fill(cr_);
    y_ += side;
    if (caption) {
      y_ += 2;
      ShowLayout(caption.get(), kMarginSide, y_);
      y_ += caption_height;
    }
    y_ += 6;
  }

  void Draw(const Spacer& spacer) {
    y_ += spacer.height_mm * kPtPerMm;
    if (y_ > kTextBottom) NewPage();
  }

  void Draw(const PageBreak&) { NewPage(); }

  void DrawFooter() {
    std::string number;
    switch (document_.page_numbers) {
      case PageNumbers::kChinese:
        number = fmt::format("第 {} 页 共 {} 页", page_, total_pages_);
        break;
      case PageNumbers::kEnglish:
        number = fmt::format("Page {} of {}", page_, total_pages_);
        break;
      case PageNumbers::kNone:
        break;
    }
    const double y = kPageHeight - kMarginBottom;
    cairo_set_source_rgb(cr_, 0.3, 0.3, 0.3);
    if (!document_.footer.empty()) {
      auto footer = Layout(document_.footer, kFooterFont,
                           number.empty() ? kTextWidth : kTextWidth * 0.7, Align::kLeft);
      ShowLayout(footer.get(), kMarginSide, y);
    }
    if (!number.empty()) {
      auto layout = Layout(number, kFooterFont, kTextWidth,
                           document_.footer.empty() ? Align::kCenter : Align::kRight);
      ShowLayout(layout.get(), kMarginSide, y);
    }
    cairo_set_source_rgb(cr_, 0, 0, 0);
  }

  cairo_t* cr_;
  const Document& document_;
  int total_pages_;
  ContextPtr context_;
  double y_ = 0;
  int page_ = 1;
  std::optional<Error> failure_;
};

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  if (closure != nullptr) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  }
  return CAIRO_STATUS_SUCCESS;
}

using SurfacePtr = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using CairoPtr = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

SurfacePtr PdfSurface(std::string* out) {
  return SurfacePtr(
      cairo_pdf_surface_create_for_stream(&AppendToString, out, kPageWidth, kPageHeight),
      &cairo_surface_destroy);
}

std::unexpected<Error> CairoFailed(cairo_status_t status) {
  return Fail(ErrorCode::kInternal, "document.render_failed",
              fmt::format("cairo: {}", cairo_status_to_string(status)));
}

// Lays the document out without producing a PDF and returns its page count. Drawing goes to
// a recording surface (font subsetting, most of a PDF's cost, is skipped) while text is
// measured with the PDF surface's font options.
Result<int> CountPages(const Document& document) {
  SurfacePtr pdf = PdfSurface(nullptr);
  std::unique_ptr<cairo_font_options_t, decltype(&cairo_font_options_destroy)> options(
      cairo_font_options_create(), &cairo_font_options_destroy);
  cairo_surface_get_font_options(pdf.get(), options.get());
  SurfacePtr recording(cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, nullptr),
                       &cairo_surface_destroy);
  CairoPtr cr(cairo_create(recording.get()), &cairo_destroy);
  PdfPainter painter(cr.get(), document, 0, options.get());
  painter.Run();
  if (painter.failure()) return std::unexpected(*painter.failure());
  if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) return CairoFailed(cairo_status(cr.get()));
  return painter.pages();
}

// Renders the PDF with "共 `total_pages` 页" and returns the pages it printed.
Result<int> Paint(const Document& document, int total_pages, std::string& out) {
  SurfacePtr surface = PdfSurface(&out);
  cairo_pdf_surface_restrict_to_version(surface.get(), CAIRO_PDF_VERSION_1_5);
  const std::string created = PdfDate(document.metadata.created);
  const std::pair<cairo_pdf_metadata_t, const std::string*> fields[] = {
      {CAIRO_PDF_METADATA_TITLE, &document.title},
      {CAIRO_PDF_METADATA_AUTHOR, &document.metadata.author},
      {CAIRO_PDF_METADATA_SUBJECT, &document.metadata.subject},
      {CAIRO_PDF_METADATA_CREATE_DATE, &created},
  };
  for (const auto& [field, value] : fields) {
    if (!value->empty()) cairo_pdf_surface_set_metadata(surface.get(), field, value->c_str());
  }
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "zhengtong");
  int pages = 0;
  {
    CairoPtr cr(cairo_create(surface.get()), &cairo_destroy);
    PdfPainter painter(cr.get(), document, total_pages);
    painter.Run();
    if (painter.failure()) return std::unexpected(*painter.failure());
    pages = painter.pages();
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) return CairoFailed(cairo_status(cr.get()));
  }
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return CairoFailed(cairo_surface_status(surface.get()));
  }
  return pages;
}

}  // namespace

Result<std::string> RenderPdf(const Document& document) {
  ZT_RETURN_IF_ERROR(Validate(document));
  ZT_ASSIGN_OR_RETURN(int pages, CountPages(document));
  // The passes measure text alike, so one print normally suffices; should they ever
  // disagree, print again with the count the print itself found.
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::string pdf;
    ZT_ASSIGN_OR_RETURN(const int printed, Paint(document, pages, pdf));
    if (printed == pages) return pdf;
    pages = printed;
  }
  return Fail(ErrorCode::kInternal, "document.render_failed",
              "the page count did not settle between layout passes");
}

}  // namespace zt::document
