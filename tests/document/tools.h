// Runs Debian's document tools on rendered bytes, so tests check what real readers see.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace zt::document::testing {

// A directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes `bytes` to `name` inside the directory and returns the full path.
  std::filesystem::path Write(std::string_view name, std::string_view bytes) const;

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string output;
};

// Runs `command` (arguments already quoted) through /bin/sh and captures its stdout; stderr
// is kept only when
// `with_stderr` (zbarimg, for one, chatters about D-Bus on stderr).
CommandResult RunTool(const std::string& command, bool with_stderr = true);

// Single-quotes a path for the shell.
std::string Quote(const std::filesystem::path& path);

// True when `program` is on PATH.
bool HaveTool(std::string_view program);

std::string ReadFile(const std::filesystem::path& path);

}  // namespace zt::document::testing
