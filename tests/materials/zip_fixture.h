// Builds zip archives byte by byte for the upload tests: stored (uncompressed) entries whose
// declared sizes can be overridden, to make zip bombs and traversal names without shipping
// dangerous files.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace zt::testing {

struct ZipEntry {
  std::string name;
  std::string data;
  // Overrides of the central directory's sizes (a bomb declares far more than it stores).
  std::optional<std::uint32_t> declared_uncompressed;
  std::optional<std::uint32_t> declared_compressed;
};

std::string BuildZip(const std::vector<ZipEntry>& entries);

// A minimal one-page PDF.
std::string TinyPdf();

}  // namespace zt::testing
