// File: static_files.h
//
// Serves a directory (the built web front end, web/dist) for GET/HEAD requests:
// index.html for "/" and for extension-less paths (client-side routes), content types by
// extension, "Cache-Control: public, max-age=31536000, immutable" for content-hashed
// assets (under /assets/ or named like "index-4f3a9c1b.js") and "no-cache" otherwise.
// Paths with "..", ".", backslashes, NUL or bad escapes (also encoded as %2e%2e) and
// anything resolving outside the root (symlinks) are refused with a 404 problem.
#pragma once

#include <filesystem>
#include <string_view>

#include "zt/http/request.h"

namespace zt::http {

class StaticFiles {
 public:
  // `root` is the directory to serve; it is canonicalised once here.
  explicit StaticFiles(const std::filesystem::path& root);

  // The response for `req` (whose path is percent-encoded): the file, or a 404 problem.
  // Thread-safe (reads the file system on each call).
  Response Serve(const Request& req) const;

  // The Content-Type for a file extension such as ".js"; "application/octet-stream" for
  // unknown ones. Thread-safe.
  static std::string_view ContentTypeFor(std::string_view extension);

 private:
  std::filesystem::path root_;
};

}  // namespace zt::http
