#include "zip_archive.h"

#include <fmt/format.h>
#include <zip.h>

namespace zt::document::internal {
namespace {

std::unexpected<Error> WriteFailed(std::string_view what, zip_error_t* error) {
  return Fail(ErrorCode::kInternal, "document.render_failed",
              fmt::format("zip {}: {}", what, zip_error_strerror(error)));
}

}  // namespace

Result<std::string> ZipWrite(const std::vector<std::pair<std::string, std::string>>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) return WriteFailed("buffer", &error);
  // Keep the buffer alive after zip_close so the finished archive can be read back from it.
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    auto failed = WriteFailed("open", &error);
    zip_source_free(buffer);
    return failed;
  }
  for (const auto& [name, content] : entries) {
    // libzip reads the data at zip_close; `entries` outlives that.
    zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
    if (source == nullptr || zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8) < 0) {
      if (source != nullptr) zip_source_free(source);
      auto failed = WriteFailed("add", zip_get_error(archive));
      zip_discard(archive);
      zip_source_free(buffer);
      return failed;
    }
  }
  if (zip_close(archive) < 0) {
    auto failed = WriteFailed("close", zip_get_error(archive));
    zip_discard(archive);
    zip_source_free(buffer);
    return failed;
  }
  std::string out;
  zip_stat_t stat;
  if (zip_source_stat(buffer, &stat) < 0 || zip_source_open(buffer) < 0) {
    auto failed = WriteFailed("read back", zip_source_error(buffer));
    zip_source_free(buffer);
    return failed;
  }
  out.resize(stat.size);
  const zip_int64_t read = zip_source_read(buffer, out.data(), stat.size);
  zip_source_close(buffer);
  zip_source_free(buffer);
  if (read < 0 || static_cast<zip_uint64_t>(read) != stat.size) {
    return Fail(ErrorCode::kInternal, "document.render_failed", "zip read back was short");
  }
  return out;
}

struct ZipReader::Impl {
  zip_t* archive = nullptr;
  ~Impl() {
    if (archive != nullptr) zip_discard(archive);
  }
};

ZipReader::ZipReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ZipReader::ZipReader(ZipReader&&) noexcept = default;
ZipReader& ZipReader::operator=(ZipReader&&) noexcept = default;
ZipReader::~ZipReader() = default;

Result<ZipReader> ZipReader::Open(std::string_view bytes, std::size_t max_entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    return Fail(ErrorCode::kInternal, "xlsx.read_failed", zip_error_strerror(&error));
  }
  auto impl = std::make_unique<Impl>();
  impl->archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (impl->archive == nullptr) {
    zip_source_free(source);
    return Fail(
        ErrorCode::kInvalidArgument, "xlsx.not_xlsx",
        fmt::format("the file is not an XLSX workbook (zip: {})", zip_error_strerror(&error)));
  }
  const zip_int64_t count = zip_get_num_entries(impl->archive, 0);
  if (count < 0 || static_cast<std::size_t>(count) > max_entries) {
    return Fail(ErrorCode::kInvalidArgument, "xlsx.too_large",
                fmt::format("the file holds {} parts, more than {}", count, max_entries));
  }
  return ZipReader(std::move(impl));
}

bool ZipReader::Has(const std::string& name) const {
  return zip_name_locate(impl_->archive, name.c_str(), 0) >= 0;
}

Result<std::string> ZipReader::Read(const std::string& name, std::size_t& budget) const {
  // A part that declares more than the budget is refused before anything is inflated (INP-07:
  // a zip bomb costs nothing); one that lies about its size still stops at the budget below.
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat(impl_->archive, name.c_str(), 0, &stat) == 0 && (stat.valid & ZIP_STAT_SIZE) != 0 &&
      stat.size > budget) {
    return Fail(ErrorCode::kInvalidArgument, "xlsx.too_large",
                "the workbook inflates beyond the size limit");
  }
  zip_file_t* file = zip_fopen(impl_->archive, name.c_str(), 0);
  if (file == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, "xlsx.malformed",
                fmt::format("the workbook has no part {}", name));
  }
  std::string content;
  char chunk[64 * 1024];
  while (true) {
    const zip_int64_t n = zip_fread(file, chunk, sizeof chunk);
    if (n < 0) {
      std::string reason = zip_error_strerror(zip_file_get_error(file));
      zip_fclose(file);
      return Fail(ErrorCode::kInvalidArgument, "xlsx.malformed",
                  fmt::format("part {} is corrupt ({})", name, reason));
    }
    if (n == 0) break;
    if (static_cast<std::size_t>(n) > budget) {
      zip_fclose(file);
      return Fail(ErrorCode::kInvalidArgument, "xlsx.too_large",
                  "the workbook inflates beyond the size limit");
    }
    budget -= static_cast<std::size_t>(n);
    content.append(chunk, static_cast<std::size_t>(n));
  }
  zip_fclose(file);
  return content;
}

}  // namespace zt::document::internal
