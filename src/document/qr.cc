#include "zt/document/qr.h"

#include <cerrno>
#include <memory>

#include <cairo.h>
#include <fmt/format.h>
#include <qrencode.h>

namespace zt::document {
namespace {

constexpr int kQuietModules = 4;

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

Result<QrMatrix> EncodeQr(std::string_view payload) {
  if (payload.empty()) {
    return FieldFail("payload", "document.qr_payload_empty", "a QR code needs a payload");
  }
  if (payload.size() > kMaxQrPayloadBytes) {
    return FieldFail(
        "payload", "document.qr_payload_too_long",
        fmt::format("QR payload of {} bytes exceeds {}", payload.size(), kMaxQrPayloadBytes));
  }
  // 8-bit mode encodes the UTF-8 bytes as they are; version 0 picks the smallest that fits.
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeData(static_cast<int>(payload.size()),
                        reinterpret_cast<const unsigned char*>(payload.data()), 0, QR_ECLEVEL_M),
      &QRcode_free);
  if (!code) {
    return Fail(ErrorCode::kInternal, "document.render_failed",
                fmt::format("QR encoding failed (errno {})", errno));
  }
  QrMatrix matrix;
  matrix.size = code->width;
  matrix.dark.resize(static_cast<std::size_t>(code->width) * code->width);
  for (std::size_t i = 0; i < matrix.dark.size(); ++i) matrix.dark[i] = (code->data[i] & 1) != 0;
  return matrix;
}

Result<std::string> QrSvg(std::string_view payload, int module_px) {
  if (module_px < 1 || module_px > 32) {
    return FieldFail("module_px", "document.qr_size", "module size must lie in 1–32 pixels");
  }
  ZT_ASSIGN_OR_RETURN(const QrMatrix matrix, EncodeQr(payload));
  const int side = matrix.size + 2 * kQuietModules;
  // One path of horizontal runs keeps the file small; crispEdges avoids seams between runs.
  std::string path;
  for (int y = 0; y < matrix.size; ++y) {
    for (int x = 0; x < matrix.size;) {
      if (!matrix.At(x, y)) {
        ++x;
        continue;
      }
      int end = x;
      while (end < matrix.size && matrix.At(end, y)) ++end;
      path +=
          fmt::format("M{} {}h{}v1h-{}z", x + kQuietModules, y + kQuietModules, end - x, end - x);
      x = end;
    }
  }
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{0}\" "
      "viewBox=\"0 0 {1} {1}\" shape-rendering=\"crispEdges\">"
      "<rect width=\"{1}\" height=\"{1}\" fill=\"#fff\"/>"
      "<path fill=\"#000\" d=\"{2}\"/></svg>\n",
      side * module_px, side, path);
}

Result<std::string> QrPng(std::string_view payload, int module_px) {
  if (module_px < 1 || module_px > 32) {
    return FieldFail("module_px", "document.qr_size", "module size must lie in 1–32 pixels");
  }
  ZT_ASSIGN_OR_RETURN(const QrMatrix matrix, EncodeQr(payload));
  const int side = (matrix.size + 2 * kQuietModules) * module_px;
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side), &cairo_surface_destroy);
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()),
                                                        &cairo_destroy);
  cairo_set_antialias(cr.get(), CAIRO_ANTIALIAS_NONE);
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  cairo_paint(cr.get());
  cairo_set_source_rgb(cr.get(), 0, 0, 0);
  for (int y = 0; y < matrix.size; ++y) {
    for (int x = 0; x < matrix.size; ++x) {
      if (matrix.At(x, y)) {
        cairo_rectangle(cr.get(), (x + kQuietModules) * module_px, (y + kQuietModules) * module_px,
                        module_px, module_px);
      }
    }
  }
  cairo_fill(cr.get());
  std::string png;
  if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS ||
      cairo_surface_write_to_png_stream(surface.get(), &AppendToString, &png) !=
          CAIRO_STATUS_SUCCESS) {
    return Fail(ErrorCode::kInternal, "document.render_failed", "writing the QR PNG failed");
  }
  return png;
}

}  // namespace zt::document
