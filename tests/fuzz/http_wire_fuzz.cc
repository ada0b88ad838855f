// The HTTP/1.1 request parser and the server around it (http::Server, Boost.Beast): the
// input is written as raw bytes to a real server on a loopback port, the write side is
// closed, and everything it answers is read. Every answer must be a well-formed status line
// below 500, and the server must still answer a plain request afterwards.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "fuzz_support.h"
#include "zt/http/router.h"
#include "zt/http/server.h"

namespace {

struct WireServer {
  zt::http::Router router;
  std::unique_ptr<zt::http::Server> server;

  WireServer() {
    router.Get("/api/v1/ping", [](zt::http::Request&) -> zt::Result<zt::http::Response> {
      return zt::http::Response(200, "{}", "application/json");
    });
    router.Post("/api/v1/echo/{id}", [](zt::http::Request& req) -> zt::Result<zt::http::Response> {
      // Not the body itself: an echoed "HTTP/1.1 500" would look like a finding.
      return zt::http::Response(200, std::to_string(req.body().size()), "text/plain");
    });
    zt::http::ServerOptions options;
    options.threads = 2;
    options.access_log = false;
    options.read_timeout = std::chrono::milliseconds(2000);
    options.max_body_bytes = 64 * 1024;
    server = std::make_unique<zt::http::Server>(router, options);
    zt::fuzz::Check(server->Start("127.0.0.1", 0).has_value(), "server does not start");
  }

  // Sends `bytes`, half-closes, returns all that came back.
  std::string Exchange(std::string_view bytes) const {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    zt::fuzz::Check(fd >= 0, "socket");
    timeval tv{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(server->port());
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    zt::fuzz::Check(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0, "connect");
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;  // the server may close early (413, a parse error)
      sent += static_cast<std::size_t>(n);
    }
    ::shutdown(fd, SHUT_WR);
    std::string answer;
    char buffer[4096];
    for (;;) {
      ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      answer.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return answer;
  }
};

// Every "HTTP/1.1 " that begins a response: its status must be 100..499.
void CheckStatuses(std::string_view answer, std::string_view input) {
  std::size_t at = 0;
  while ((at = answer.find("HTTP/1.1 ", at)) != std::string_view::npos) {
    bool starts_line = at == 0 || answer[at - 1] == '\n';
    if (starts_line && at + 12 <= answer.size()) {
      std::string_view code = answer.substr(at + 9, 3);
      bool digits = code[0] >= '1' && code[0] <= '5' && code[1] >= '0' && code[1] <= '9' &&
                    code[2] >= '0' && code[2] <= '9';
      zt::fuzz::Check(digits, "malformed status line", input);
      zt::fuzz::Check(code[0] != '5', "the server answered 5xx", input);
    }
    at += 9;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static WireServer wire;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  CheckStatuses(wire.Exchange(input), input);
  // Alive means a plain request is answered; a few tries, since a loaded machine (and the
  // sanitizers) can make one answer miss the socket timeout.
  bool alive = false;
  for (int attempt = 0; attempt < 3 && !alive; ++attempt) {
    alive = wire.Exchange("GET /api/v1/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .starts_with("HTTP/1.1 200");
  }
  zt::fuzz::Check(alive, "the server stopped answering", input);
  return 0;
}
