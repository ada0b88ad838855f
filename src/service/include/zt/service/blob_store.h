// File: blob_store.h
//
// The blob-store port: file bytes kept outside the database, addressed by their content hash
// (lower-case hex). The filesystem adapter (store/file_blob_store.h) writes a temporary file,
// fsyncs it, renames it into place and fsyncs the directory, so that Put returning ok means
// the bytes survive a crash. Writing the same content twice is harmless.
#pragma once

#include <string>
#include <string_view>

#include "zt/core/error.h"

namespace zt::service {

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // Stores `bytes` under `hash` durably. kInvalidArgument "blob.address" for a hash that is
  // not 64 lower-case hex digits; kUnavailable when the disk refuses.
  virtual Status Put(std::string_view hash, std::string_view bytes) = 0;
  // kNotFound "blob.not_found" when absent. The caller checks the bytes against the hash.
  virtual Result<std::string> Get(std::string_view hash) = 0;
};

}  // namespace zt::service
