// QR codes as PNG and SVG, scanned back with zbarimg.
#include "zt/document/qr.h"

#include <gtest/gtest.h>

#include "expect_error.h"
#include "tools.h"

namespace zt::document {
namespace {

using testing::Quote;
using testing::RunTool;
using testing::TempDir;

TEST(DocumentQr, PngScansToTheUtf8Payload) {
  ASSERT_TRUE(testing::HaveTool("zbarimg")) << "zbarimg missing: run scripts/bootstrap.sh";
  const std::string payload = "https://zwfw.zhanjiang.gov.cn/licences/verify?id=湛江市-0001";
  auto png = QrPng(payload, 6);
  ASSERT_TRUE(png) << png.error().ToString();
  ASSERT_TRUE(png->starts_with("\x89PNG\r\n\x1a\n"));
  TempDir dir;
  const auto file = dir.Write("code.png", *png);
  const auto scan = RunTool("zbarimg -q --raw " + Quote(file), false);
  ASSERT_EQ(scan.exit_code, 0) << scan.output;
  EXPECT_EQ(scan.output, payload + "\n");
}

TEST(DocumentQr, SvgHasTheMatrixDrawnInsideAQuietZone) {
  auto matrix = EncodeQr("ZJ2026112300");
  ASSERT_TRUE(matrix) << matrix.error().ToString();
  EXPECT_EQ(matrix->size, 21);  // 12 bytes at level M fit version 1 (14 at most)
  // The three finder patterns: corners of a version-1 code are dark.
  EXPECT_TRUE(matrix->At(0, 0));
  EXPECT_TRUE(matrix->At(20, 0));
  EXPECT_TRUE(matrix->At(0, 20));
  EXPECT_FALSE(matrix->At(7, 7));  // the separator around a finder is light
  auto svg = QrSvg("ZJ2026112300", 4);
  ASSERT_TRUE(svg) << svg.error().ToString();
  EXPECT_TRUE(svg->starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"116\""));
  EXPECT_NE(svg->find("viewBox=\"0 0 29 29\""), std::string::npos);
  EXPECT_NE(svg->find("M4 4h7v1h-7z"), std::string::npos) << "top row of the finder pattern";
}

TEST(DocumentQr, RefusesEmptyAndOversizedPayloads) {
  EXPECT_TRUE(
      zt::testing::FailsWith(QrPng(""), ErrorCode::kInvalidArgument, "document.qr_payload_empty"));
  EXPECT_TRUE(zt::testing::FailsWith(QrSvg(std::string(kMaxQrPayloadBytes + 1, 'x')),
                                     ErrorCode::kInvalidArgument, "document.qr_payload_too_long"));
  EXPECT_TRUE(QrSvg(std::string(kMaxQrPayloadBytes, 'x')).has_value());
  EXPECT_TRUE(
      zt::testing::FailsWith(QrPng("x", 0), ErrorCode::kInvalidArgument, "document.qr_size"));
}

}  // namespace
}  // namespace zt::document
