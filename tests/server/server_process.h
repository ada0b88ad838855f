// Runs the real `zhengtong serve` binary as a child process for end-to-end tests, and a small
// blocking HTTP client to talk to it.
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <sys/types.h>

namespace zt::testing {

struct HttpResult {
  int status = 0;                              // 0 when the request failed at the socket level
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  boost::json::value Json() const;
  std::string Header(const std::string& lower_name) const;
};

// One request on a fresh connection (so a killed server fails the request, not the test).
HttpResult Http(std::uint16_t port, const std::string& method, const std::string& target,
                const std::string& body = {},
                const std::vector<std::pair<std::string, std::string>>& headers = {});

class ServerProcess {
 public:
  // Starts `binary serve --db url --port 0` and waits until /readyz answers 200.
  ServerProcess(std::string binary, std::string db_url);
  ~ServerProcess();  // SIGKILLs the server if still running
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  std::uint16_t port() const { return port_; }
  void Kill9();
  // Sends SIGTERM and returns the exit status (or -1 on timeout).
  int Terminate(std::chrono::seconds timeout = std::chrono::seconds(20));
  void Restart();  // starts again on the same database
  // The server's stderr and stdout (its access and error log), appended across restarts.
  std::string log_path() const { return dir_ + "/server.log"; }

 private:
  void Start();
  std::string binary_;
  std::string db_url_;
  std::string dir_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

// The path of the built zhengtong binary: ZT_BINARY, else the one this build made.
std::string ZhengtongBinary();

}  // namespace zt::testing
