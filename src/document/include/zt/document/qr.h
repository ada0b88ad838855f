// File: qr.h
//
// QR codes for web pages and APIs (a licence wallet, a receipt's progress link). Error
// correction level M, UTF-8 (8-bit) payload, a 4-module quiet zone. Payloads must be 1 to
// kMaxQrPayloadBytes bytes (document.qr_payload_empty / document.qr_payload_too_long).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"
#include "zt/document/model.h"

namespace zt::document {

// The modules of a code, row by row, true = dark; quiet zone not included.
struct QrMatrix {
  int size = 0;  // modules per side
  std::vector<bool> dark;
  bool At(int x, int y) const { return dark[static_cast<std::size_t>(y) * size + x]; }
};

Result<QrMatrix> EncodeQr(std::string_view payload);

// A standalone SVG (image/svg+xml), one path, scalable; `module_px` sets the nominal size.
Result<std::string> QrSvg(std::string_view payload, int module_px = 8);

// A PNG (image/png), black on white, `module_px` pixels per module (1–32).
Result<std::string> QrPng(std::string_view payload, int module_px = 8);

}  // namespace zt::document
