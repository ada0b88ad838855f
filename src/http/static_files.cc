#include "zt/http/static_files.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include "zt/http/problem.h"

namespace zt::http {
namespace fs = std::filesystem;

namespace {

Response NotFound(const Request& req) {
  return Problem(zt::Error(zt::ErrorCode::kNotFound, "static.not_found"), req);
}

// Vite names bundles "index-4f3a9c1b.js" / "index-BvKz3_9a.css": a '-' or '.' followed by
// at least 8 hash characters just before the extension.
bool LooksHashed(std::string_view file_name) {
  std::size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return false;
  std::string_view stem = file_name.substr(0, dot);
  std::size_t sep = stem.find_last_of("-.");
  if (sep == std::string_view::npos) return false;
  std::string_view hash = stem.substr(sep + 1);
  if (hash.size() < 8) return false;
  for (char c : hash) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::optional<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

}  // namespace

StaticFiles::StaticFiles(const fs::path& root) {
  std::error_code ec;
  root_ = fs::weakly_canonical(fs::absolute(root, ec), ec);
  if (ec) root_ = root;
}

std::string_view StaticFiles::ContentTypeFor(std::string_view ext) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".txt", "text/plain; charset=utf-8"},
      {".xml", "application/xml"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".avif", "image/avif"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".otf", "font/otf"},
      {".wasm", "application/wasm"},
      {".pdf", "application/pdf"},
  };
  std::string lower;
  for (char c : ext) lower.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
  for (const auto& [e, type] : kTypes) {
    if (e == lower) return type;
  }
  return "application/octet-stream";
}

Response StaticFiles::Serve(const Request& req) const {
  // Validate every decoded segment: no "..", ".", backslash, NUL or empty names, so
  // neither "/../etc/passwd" nor "/%2e%2e/%2e%2e/etc/passwd" can climb out of the root.
  std::string_view path = req.path();
  if (path.empty() || path.front() != '/') return NotFound(req);
  fs::path rel;
  bool has_segments = false;
  std::string last;
  std::string_view rest = path.substr(1);
  while (!rest.empty()) {
    std::size_t slash = rest.find('/');
    std::string_view raw = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    auto seg = PercentDecode(raw);
    if (!seg) return NotFound(req);
    if (seg->empty()) {
      if (rest.empty()) break;  // a trailing slash
      return NotFound(req);
    }
    if (*seg == "." || *seg == ".." ||
        seg->find_first_of(std::string_view("\\/\0", 3)) != std::string::npos) {
      return NotFound(req);
    }
    if ((*seg)[0] == '.') return NotFound(req);  // hidden files (.env, .git)
    rel /= *seg;
    last = *seg;
    has_segments = true;
  }

  fs::path target = has_segments ? root_ / rel : root_ / "index.html";
  std::error_code ec;
  if (has_segments && fs::is_directory(target, ec)) target /= "index.html";
  bool spa_fallback = false;
  if (!fs::is_regular_file(target, ec)) {
    // Client-side routes ("/applications/42") get the app shell; missing files 404.
    if (last.find('.') != std::string::npos || path.starts_with("/assets/")) return NotFound(req);
    target = root_ / "index.html";
    spa_fallback = true;
    if (!fs::is_regular_file(target, ec)) return NotFound(req);
  }
  // Symlinks must not lead outside the root either.
  fs::path canonical = fs::weakly_canonical(target, ec);
  if (ec) return NotFound(req);
  auto [root_end, ignored] =
      std::mismatch(root_.begin(), root_.end(), canonical.begin(), canonical.end());
  if (root_end != root_.end()) return NotFound(req);

  std::optional<std::string> body = ReadFile(canonical);
  if (!body) return NotFound(req);
  std::string ext = canonical.extension().string();
  Response res(200, std::move(*body), std::string(ContentTypeFor(ext)));
  std::string file_name = canonical.filename().string();
  if (!spa_fallback && (path.starts_with("/assets/") || LooksHashed(file_name)) &&
      file_name != "index.html") {
    res.SetHeader("Cache-Control", "public, max-age=31536000, immutable");
  } else {
    res.SetHeader("Cache-Control", "no-cache");
  }
  return res;
}

}  // namespace zt::http
