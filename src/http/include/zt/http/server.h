// File: server.h
//
// The HTTP/1.1 server (Boost.Beast and Asio, kept out of this header). Connections are
// served with keep-alive by a few I/O threads; each request's middleware and handler run
// on a pool of worker threads, so a blocking store call never stalls other connections.
//
//   Router router;  ... register routes and middleware ...
//   Server server(router, {.threads = 4, .static_dir = "web/dist"});
//   if (auto s = server.Start("127.0.0.1", 8080); !s) { ... s.error() ... }
//   RunUntilSignal(server);   // SIGTERM/SIGINT -> graceful Stop()
//
// Every response gets the security headers (Content-Security-Policy, X-Content-Type-Options,
// Referrer-Policy, X-Frame-Options), an X-Request-Id, and Cache-Control: no-store unless
// it is a static file or the handler chose otherwise. One JSON access-log line per request
// goes to the spdlog logger "zt.http" (created on stdout with pattern "%v" if absent).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"

namespace zt::http {

class Router;
class Metrics;

struct ServerOptions {
  // Worker threads running handlers; 0 = std::thread::hardware_concurrency().
  int threads = 0;
  // Threads running socket I/O; 1 suits a 2-core machine (see PERFORMANCE.md (c)).
  int io_threads = 1;
  std::size_t max_header_bytes = 16 * 1024;
  // Larger bodies get 413 problem+json ("request.too_large") and the connection closes.
  std::size_t max_body_bytes = 1024 * 1024;
  // File uploads: a POST whose path ends with one of these suffixes may carry a body of up
  // to max_upload_bytes (when larger than max_body_bytes) instead.
  std::vector<std::string> upload_path_suffixes;
  std::size_t max_upload_bytes = 0;
  // Limit for reading one request (and for an idle keep-alive connection).
  std::chrono::milliseconds read_timeout{30'000};
  // A handler still running after this gets a 503 problem ("request.timeout") sent in its
  // place and the connection closed; its late result is discarded.
  std::chrono::milliseconds handler_timeout{30'000};
  // How long Stop() waits for in-flight requests before closing everything.
  std::chrono::milliseconds shutdown_grace{10'000};
  // Directory served for GET/HEAD paths outside `api_prefix` that match no route; empty
  // disables static files.
  std::string static_dir;
  std::string api_prefix = "/api";
  // Registry for the built-in HTTP metrics; nullptr = the process-wide metrics().
  Metrics* metrics = nullptr;
  bool access_log = true;
  // Paths not access-logged (health probes). Still counted in metrics.
  std::vector<std::string> access_log_exempt = {"/healthz", "/livez", "/readyz", "/metrics"};
};

class Server {
 public:
  // `router` must outlive the server and be fully registered before Start().
  explicit Server(const Router& router, ServerOptions options = {});
  // Stops the server (gracefully) if running.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds `address` ("127.0.0.1", "0.0.0.0", "::") and `port` (0 = a free port), then
  // starts the threads and returns. Returns kInvalidArgument for a bad address,
  // kUnavailable when binding fails (port in use), kFailedPrecondition when already
  // started. Not thread-safe with Stop().
  zt::Status Start(std::string_view address, std::uint16_t port);

  // The bound port (after Start), else 0. Thread-safe.
  std::uint16_t port() const;

  // Graceful stop: stops accepting, closes idle keep-alive connections, lets in-flight
  // requests finish and be written (up to shutdown_grace), then closes the rest and joins
  // the threads. A handler that never returns keeps its worker thread until it does.
  // Idempotent; safe to call from any thread except a handler's.
  void Stop();

  // Blocks until Stop() has completed (from another thread or a signal).
  void Wait();

  // True between a successful Start() and Stop(). Thread-safe.
  bool running() const;

  // The registry the server records into. Thread-safe.
  Metrics& metrics();

  struct Impl;  // implementation detail (Beast/Asio state), defined in server.cc

 private:
  std::unique_ptr<Impl> impl_;
};

// Blocks until SIGTERM or SIGINT arrives (or the server is stopped otherwise), then stops
// `server` gracefully and returns the signal number (0 if none). Call from the main thread
// after Start().
int RunUntilSignal(Server& server);

}  // namespace zt::http
