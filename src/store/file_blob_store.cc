#include "zt/store/file_blob_store.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace zt::store {
namespace {

namespace fs = std::filesystem;

bool ValidAddress(std::string_view hash) {
  if (hash.size() != 64) return false;
  for (char c : hash) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::unexpected<Error> DiskError(std::string_view op, int err) {
  return Fail(ErrorCode::kUnavailable, "blob.io", std::string(op) + ": " + std::strerror(err));
}

// Writes everything, retrying short writes and EINTR.
bool WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

Status FsyncDirectory(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return DiskError("open directory", errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return DiskError("fsync directory", err);
  return Ok();
}

}  // namespace

std::string BlobDirectoryOf(std::string_view data_dir) {
  return (fs::path(std::string(data_dir)) / "blobs").string();
}

Status FileBlobStore::Put(std::string_view hash, std::string_view bytes) {
  if (!ValidAddress(hash)) {
    return Fail(ErrorCode::kInvalidArgument, "blob.address", "not a 64-digit hex digest");
  }
  const std::string name(hash);
  fs::path dir = fs::path(root_) / name.substr(0, 2) / name.substr(2, 2);
  fs::path target = dir / name;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return DiskError("create directories", ec.value());
  struct stat st {};
  if (::stat(target.c_str(), &st) == 0 && static_cast<std::size_t>(st.st_size) == bytes.size()) {
    return Ok();  // already stored (content-addressed)
  }
  // Unique per process and call, so concurrent uploads of one content never share a file.
  static std::atomic<unsigned long> serial{0};
  fs::path temp = dir / (name + ".tmp-" + std::to_string(::getpid()) + "-" +
                         std::to_string(serial.fetch_add(1)));
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return DiskError("create", errno);
  bool written = WriteAll(fd, bytes);
  int err = errno;
  if (written && ::fsync(fd) != 0) {
    written = false;
    err = errno;
  }
  ::close(fd);
  if (!written) {
    ::unlink(temp.c_str());
    return DiskError("write", err);
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    err = errno;
    ::unlink(temp.c_str());
    return DiskError("rename", err);
  }
  // The rename is durable only once its directory is; new parent directories need theirs.
  ZT_RETURN_IF_ERROR(FsyncDirectory(dir));
  ZT_RETURN_IF_ERROR(FsyncDirectory(dir.parent_path()));
  return FsyncDirectory(fs::path(root_));
}

Result<std::string> FileBlobStore::Get(std::string_view hash) {
  if (!ValidAddress(hash)) {
    return Fail(ErrorCode::kInvalidArgument, "blob.address", "not a 64-digit hex digest");
  }
  const std::string name(hash);
  fs::path target = fs::path(root_) / name.substr(0, 2) / name.substr(2, 2) / name;
  int fd = ::open(target.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Fail(ErrorCode::kNotFound, "blob.not_found", "no such blob");
    return DiskError("open", errno);
  }
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return DiskError("read", err);
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

}  // namespace zt::store
