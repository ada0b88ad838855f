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
// A non-empty body is sent as application/json unless `headers` names another Content-Type;
// {"Content-Type", ""} sends it without one.
HttpResult Http(std::uint16_t port, const std::string& method, const std::string& target,
                const std::string& body = {},
                const std::vector<std::pair<std::string, std::string>>& headers = {});

// How a test server treats staff without TOTP (docs/security.md, AUTH-05). Most tests log staff
// in with the password alone, so by default the harness relaxes the policy
// (ZT_STAFF_SECOND_FACTOR=optional); tests of the policy itself run the binary's own default,
// which requires the second factor.
enum class StaffSecondFactor { kRelaxedForTests, kBinaryDefault };

class ServerProcess {
 public:
  // Starts `binary serve --db url --port 0` and waits until /readyz answers 200. The API rate
  // limit is off (ZT_API_RATE=off) unless ZT_API_RATE is set in this process's environment.
  ServerProcess(std::string binary, std::string db_url,
                StaffSecondFactor second_factor = StaffSecondFactor::kRelaxedForTests);
  ~ServerProcess();  // SIGKILLs the server if still running
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }  // e.g. to read /proc/<pid>/status
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
  StaffSecondFactor second_factor_ = StaffSecondFactor::kRelaxedForTests;
  std::string dir_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

// The path of the built zhengtong binary: ZT_BINARY, else the one this build made.
std::string ZhengtongBinary();

}  // namespace zt::testing
