// File: file_blob_store.h
//
// The filesystem adapter of the blob-store port (service/blob_store.h): content-addressed
// files under a root directory, <root>/<hash[0:2]>/<hash[2:4]>/<hash>. A Put writes a
// temporary file in the target directory, fsyncs it, renames it into place and fsyncs the
// directory, so an acknowledged write survives a crash; an existing blob of the same length
// is left as it is (same address, same content).
//
//   zt::store::FileBlobStore blobs("var/blobs");
//   ZT_RETURN_IF_ERROR(blobs.Put(hash, bytes));
#pragma once

#include <string>
#include <string_view>

#include "zt/service/blob_store.h"

namespace zt::store {

class FileBlobStore final : public service::BlobStore {
 public:
  // The directory is created on the first Put.
  explicit FileBlobStore(std::string root) : root_(std::move(root)) {}

  Status Put(std::string_view hash, std::string_view bytes) override;
  Result<std::string> Get(std::string_view hash) override;

  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

// The blob directory of a data directory: "<data_dir>/blobs".
std::string BlobDirectoryOf(std::string_view data_dir);

}  // namespace zt::store
