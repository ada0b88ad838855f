#include "server_process.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace zt::testing {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

}  // namespace

boost::json::value HttpResult::Json() const {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec) return nullptr;
  return v;
}

std::string HttpResult::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

HttpResult Http(std::uint16_t port, const std::string& method, const std::string& target,
                const std::string& body,
                const std::vector<std::pair<std::string, std::string>>& headers) {
  HttpResult out;
  try {
    net::io_context ioc;
    tcp::socket socket(ioc);
    socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    timeval tv{30, 0};
    setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    bhttp::request<bhttp::string_body> req;
    req.method_string(method);
    req.target(target);
    req.version(11);
    req.set(bhttp::field::host, "127.0.0.1");
    req.set(bhttp::field::connection, "close");
    if (!body.empty()) req.set(bhttp::field::content_type, "application/json");
    // An empty Content-Type leaves the header out (a body sent without one, ASVS 13.1.5).
    for (const auto& [n, v] : headers) {
      if (v.empty() && beast::iequals(n, "Content-Type")) {
        req.erase(bhttp::field::content_type);
      } else {
        req.set(n, v);
      }
    }
    req.body() = body;
    req.prepare_payload();
    // A server may answer (413) and close before reading a large body: a failed write is not
    // the end, the response may still be there to read.
    beast::error_code write_error;
    bhttp::write(socket, req, write_error);
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    bhttp::read(socket, buffer, parser);
    auto res = parser.release();
    out.status = res.result_int();
    out.body = res.body();
    for (const auto& field : res) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value(field.value());
      if (out.headers.count(name) && name == "set-cookie") value = out.headers[name] + "\n" + value;
      out.headers[name] = value;
    }
  } catch (const std::exception&) {
    out.status = 0;
  }
  return out;
}

std::string ZhengtongBinary() {
  const char* env = std::getenv("ZT_BINARY");
  return env != nullptr ? env : ZT_DEFAULT_BINARY;
}

ServerProcess::ServerProcess(std::string binary, std::string db_url,
                             StaffSecondFactor second_factor)
    : binary_(std::move(binary)), db_url_(std::move(db_url)), second_factor_(second_factor) {
  static int counter = 0;
  dir_ = (std::filesystem::temp_directory_path() /
          ("zt-server-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
             .string();
  std::filesystem::create_directories(dir_);
  Start();
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Kill9();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void ServerProcess::Start() {
  std::string port_file = dir_ + "/port";
  std::filesystem::remove(port_file);
  std::string log = dir_ + "/server.log";
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    std::FILE* f = std::freopen(log.c_str(), "a", stderr);
    (void)f;
    std::FILE* g = std::freopen(log.c_str(), "a", stdout);
    (void)g;
    // Tests hammer the server: no API rate limit unless the test chose one (RATE-01 tests set
    // ZT_API_RATE before starting the server).
    ::setenv("ZT_API_RATE", "off", 0);
    if (second_factor_ == StaffSecondFactor::kRelaxedForTests) {
      ::setenv("ZT_STAFF_SECOND_FACTOR", "optional", 1);
    } else {
      ::unsetenv("ZT_STAFF_SECOND_FACTOR");
    }
    ::execl(binary_.c_str(), binary_.c_str(), "serve", "--db", db_url_.c_str(), "--port", "0",
            "--threads", "4", "--port-file", port_file.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(port_file);
    int port = 0;
    if (in >> port && port > 0) {
      port_ = static_cast<std::uint16_t>(port);
      if (Http(port_, "GET", "/readyz").status == 200) return;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("zhengtong serve exited at start; see " + log);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw std::runtime_error("zhengtong serve did not become ready; see " + log);
}

void ServerProcess::Kill9() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

int ServerProcess::Terminate(std::chrono::seconds timeout) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Kill9();
  return -1;
}

void ServerProcess::Restart() {
  if (pid_ > 0) Kill9();
  Start();
}

}  // namespace zt::testing
