// Zip packages in memory with libzip (internal): DOCX is written with ZipWrite, XLSX uploads
// are read with ZipReader under size limits, so a zip bomb costs at most the limit.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "zt/core/error.h"

namespace zt::document::internal {

// A deflated zip of the entries, in the given order. kInternal document.render_failed.
Result<std::string> ZipWrite(const std::vector<std::pair<std::string, std::string>>& entries);

class ZipReader {
 public:
  // Keys on failure: xlsx.not_xlsx (not a zip), xlsx.too_large (more than `max_entries`).
  // `bytes` must outlive the reader.
  static Result<ZipReader> Open(std::string_view bytes, std::size_t max_entries);

  ZipReader(ZipReader&&) noexcept;
  ZipReader& operator=(ZipReader&&) noexcept;
  ~ZipReader();

  bool Has(const std::string& name) const;

  // Reads one entry, inflating at most `budget` bytes and subtracting what it read; the
  // sizes recorded in the zip are not trusted. Keys: xlsx.malformed (missing or corrupt
  // entry), xlsx.too_large (budget exhausted).
  Result<std::string> Read(const std::string& name, std::size_t& budget) const;

 private:
  struct Impl;
  explicit ZipReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace zt::document::internal
