// The Beast/Asio server. Sockets are served by `io_threads` running one io_context, each
// connection on its own strand; every request's middleware and handler run on a
// thread_pool, and the result is posted back to the connection's strand. A per-request
// timer answers 503 when a handler overruns handler_timeout.
#include "zt/http/server.h"

#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cmath>
#include <condition_variable>
#include <csignal>
#include <list>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>  // before Asio: GCC 12 + Asio in C++20+ mode needs std::exchange

#include "internal.h"
#include "zt/http/metrics.h"
#include "zt/http/problem.h"
#include "zt/http/router.h"
#include "zt/http/static_files.h"

namespace zt::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// No 'unsafe-inline' anywhere (INP-06): Vue sets :style bindings through the CSSOM, which the
// CSP allows, and the web build has no inline <script>, <style> or style attribute.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'";
constexpr std::string_view kRequestsTotal = "zt_http_requests_total";
constexpr std::string_view kRequestDuration = "zt_http_request_duration_seconds";
constexpr std::chrono::seconds kDrainTimeout{2};
constexpr std::size_t kDrainLimit = 16 * 1024 * 1024;

std::string_view MethodLabel(std::string_view m) {
  for (std::string_view known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    if (m == known) return known;
  }
  return "OTHER";  // keep label cardinality bounded
}

}  // namespace

class Session;

struct Server::Impl {
  Impl(const Router& r, ServerOptions o)
      : router(r),
        options(std::move(o)),
        metrics(options.metrics ? options.metrics : &zt::http::metrics()) {
    if (options.threads <= 0) {
      options.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    }
    if (options.io_threads <= 0) options.io_threads = 1;
    if (!options.static_dir.empty()) static_files.emplace(options.static_dir);
    metrics->DefineCounter(kRequestsTotal, "HTTP requests by method, route pattern and status.");
    metrics->DefineHistogram(kRequestDuration, "HTTP request duration by route pattern.");
  }

  bool IsApiPath(std::string_view path) const {
    const std::string& p = options.api_prefix;
    return !p.empty() && path.starts_with(p) && (path.size() == p.size() || path[p.size()] == '/');
  }

  // Routes or serves a static file. Never throws.
  Response Dispatch(Request& req) const {
    try {
      if (static_files && (req.method() == "GET" || req.method() == "HEAD") &&
          !IsApiPath(req.path()) &&
          router.Resolve(req.method(), req.path()) == RouteMatch::kNotFound) {
        req.set_route("(static)", {});
        return static_files->Serve(req);
      }
      return router.Handle(req);
    } catch (const std::exception& e) {
      internal::LogEvent(
          internal::LogLevel::kError,
          {{"msg", "dispatch threw"}, {"request_id", req.request_id()}, {"exception", e.what()}});
    } catch (...) {
      internal::LogEvent(internal::LogLevel::kError,
                         {{"msg", "dispatch threw"}, {"request_id", req.request_id()}});
    }
    return Problem(zt::Error(zt::ErrorCode::kInternal, "internal"), req);
  }

  // Security headers, request id and caching policy, on every response.
  void Finalize(Response& res, const Request& req) const {
    res.SetHeader("Content-Security-Policy", kContentSecurityPolicy);
    res.SetHeader("X-Content-Type-Options", "nosniff");
    res.SetHeader("Referrer-Policy", "no-referrer");
    res.SetHeader("X-Frame-Options", "DENY");
    res.SetHeader("X-Request-Id", req.request_id());
    // no-store unless the handler chose a policy (a signed status list may be cached).
    if (!res.header("Cache-Control")) res.SetHeader("Cache-Control", "no-store");
  }

  void Record(const Request& req, int status, std::size_t bytes,
              std::chrono::steady_clock::duration elapsed) const {
    std::string route = req.route_pattern().empty() ? "(unmatched)" : req.route_pattern();
    std::string method(MethodLabel(req.method()));
    double seconds = std::chrono::duration<double>(elapsed).count();
    metrics->IncrementCounter(
        kRequestsTotal, {{"method", method}, {"route", route}, {"status", std::to_string(status)}});
    metrics->Observe(kRequestDuration, {{"method", method}, {"route", route}}, seconds);
    if (!options.access_log) return;
    for (const std::string& p : options.access_log_exempt) {
      if (req.path() == p) return;
    }
    // The path only: query strings may carry ID numbers.
    internal::LogEvent(internal::LogLevel::kInfo, {{"msg", "request"},
                                                   {"request_id", req.request_id()},
                                                   {"method", req.method()},
                                                   {"path", req.path()},
                                                   {"route", route},
                                                   {"status", status},
                                                   {"duration_ms", std::round(seconds * 1e6) / 1e3},
                                                   {"bytes", bytes}});
  }

  void BeginRequest() {
    std::lock_guard lock(mu);
    ++active_requests;
  }
  void EndRequest() {
    std::lock_guard lock(mu);
    --active_requests;
    cv.notify_all();
  }

  void DoAccept();

  const Router& router;
  ServerOptions options;
  Metrics* metrics;
  std::optional<StaticFiles> static_files;

  std::mutex mu;
  std::condition_variable cv;
  std::list<std::weak_ptr<Session>> sessions;  // guarded by mu
  int active_requests = 0;                     // guarded by mu
  bool stopped = false;                        // guarded by mu
  std::mutex stop_mu;                          // serialises Stop()
  std::atomic<bool> started{false};
  std::atomic<bool> running{false};
  std::atomic<bool> stopping{false};
  std::atomic<std::uint16_t> port{0};

  net::io_context ioc;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  std::optional<tcp::acceptor> acceptor;
  std::unique_ptr<net::thread_pool> workers;
  std::vector<std::thread> io_threads;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Server::Impl& server, tcp::socket&& socket)
      : server_(server), stream_(std::move(socket)), handler_timer_(stream_.get_executor()) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
  }

  void Run() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->DoRead(); });
  }

  // Called (on the strand) when the server stops: idle connections close now, busy ones
  // after their response.
  void OnServerStop() {
    if (state_ == State::kIdle) {
      Close();
    } else {
      close_after_write_ = true;
    }
  }
  void ForceClose() { Close(); }

  net::any_io_executor executor() { return stream_.get_executor(); }

 private:
  enum class State { kIdle, kReadingBody, kHandling, kWriting, kDraining, kClosed };

  void DoRead() {
    if (server_.stopping || close_after_write_) return Close();
    state_ = State::kIdle;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes));
    parser_->body_limit(boost::none);  // checked against Content-Length after the header
    stream_.expires_after(server_.options.read_timeout);
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
  }

  // The body limit of a request: larger for the upload routes (ServerOptions).
  template <class Message>
  std::size_t BodyLimitFor(const Message& msg) const {
    const auto& o = server_.options;
    if (o.max_upload_bytes <= o.max_body_bytes || msg.method() != bhttp::verb::post) {
      return o.max_body_bytes;
    }
    std::string_view path(msg.target().data(), msg.target().size());
    path = path.substr(0, path.find('?'));
    for (const auto& suffix : o.upload_path_suffixes) {
      if (path.ends_with(suffix)) return o.max_upload_bytes;
    }
    return o.max_body_bytes;
  }

  void OnHeader(beast::error_code ec) {
    if (state_ == State::kClosed) return;
    start_ = std::chrono::steady_clock::now();
    if (ec == bhttp::error::header_limit) {
      return RespondEarly(zt::Error(zt::ErrorCode::kResourceExhausted, "request.headers_too_large",
                                    "Headers exceed the limit."));
    }
    if (ec) return Close();
    BeginRequest();
    auto& msg = parser_->get();
    boost::optional<std::uint64_t> length = parser_->content_length();
    std::size_t limit = BodyLimitFor(msg);
    if (length && *length > limit) {
      return RespondEarly(TooLarge());
    }
    parser_->body_limit(limit);
    state_ = State::kReadingBody;
    auto expect = msg.find(bhttp::field::expect);
    if (expect != msg.end() && beast::iequals(expect->value(), "100-continue") &&
        !parser_->is_done()) {
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      stream_.expires_after(server_.options.read_timeout);
      net::async_write(stream_, net::buffer(kContinue),
                       [self = shared_from_this()](beast::error_code ec, std::size_t) {
                         if (ec) return self->Close();
                         self->ReadBody();
                       });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    stream_.expires_after(server_.options.read_timeout);
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnBody(ec); });
  }

  void OnBody(beast::error_code ec) {
    if (state_ == State::kClosed) return;
    if (ec == bhttp::error::body_limit) return RespondEarly(TooLarge());
    if (ec) return Close();
    Handle();
  }

  zt::Error TooLarge() const {
    return zt::Error(
        zt::ErrorCode::kResourceExhausted, "request.too_large",
        "The request body exceeds " + std::to_string(server_.options.max_body_bytes) + " bytes.");
  }

  // Request metadata (no body) for problem responses, logs and metrics.
  Request BuildMeta() {
    auto& msg = parser_->get();
    Request req;
    req.set_method(std::string(msg.method_string()));
    req.set_target(std::string_view(msg.target().data(), msg.target().size()));
    for (const auto& field : msg) {
      req.add_header(std::string(field.name_string()), std::string(field.value()));
    }
    req.set_remote_address(remote_);
    auto incoming = req.header("X-Request-Id");
    req.set_request_id(incoming && internal::IsSaneRequestId(*incoming)
                           ? std::string(*incoming)
                           : internal::GenerateRequestId());
    return req;
  }

  void Handle() {
    state_ = State::kHandling;
    auto& msg = parser_->get();
    keep_alive_ = msg.keep_alive();
    version_ = msg.version();
    auto req = std::make_shared<Request>(BuildMeta());
    req->set_body(std::move(msg.body()));
    meta_ = *req;  // a copy: the worker may modify *req while the timer reads meta_
    meta_.set_body({});
    const std::uint64_t generation = ++generation_;
    handler_timer_.expires_after(server_.options.handler_timeout);
    handler_timer_.async_wait([self = shared_from_this(), generation](beast::error_code ec) {
      if (!ec) self->OnHandlerTimeout(generation);
    });
    net::post(*server_.workers, [self = shared_from_this(), req, generation] {
      Response res = self->server_.Dispatch(*req);
      std::string route = req->route_pattern();
      net::post(self->stream_.get_executor(),
                [self, generation, route = std::move(route), res = std::move(res)]() mutable {
                  self->OnHandled(generation, std::move(route), std::move(res));
                });
    });
  }

  void OnHandled(std::uint64_t generation, std::string route, Response res) {
    if (generation != generation_ || state_ != State::kHandling) return;  // timed out
    handler_timer_.cancel();
    meta_.set_route(std::move(route), {});
    Write(std::move(res));
  }

  void OnHandlerTimeout(std::uint64_t generation) {
    if (generation != generation_ || state_ != State::kHandling) return;
    ++generation_;  // the late result will be discarded
    close_after_write_ = true;
    meta_.set_route("(timed_out)", {});  // the pattern is only known on the worker
    internal::LogEvent(internal::LogLevel::kWarn, {{"msg", "handler timed out"},
                                                   {"request_id", meta_.request_id()},
                                                   {"method", meta_.method()},
                                                   {"path", meta_.path()}});
    Write(Problem(zt::Error(zt::ErrorCode::kUnavailable, "request.timeout"), meta_));
  }

  // Answers before the body was read (413, 431): then closes, draining unread input.
  void RespondEarly(zt::Error error) {
    BeginRequest();
    auto& msg = parser_->get();
    keep_alive_ = false;
    version_ = msg.version() ? msg.version() : 11;
    meta_ = BuildMeta();
    close_after_write_ = true;
    drain_ = true;
    Write(Problem(error, meta_));
  }

  void Write(Response res) {
    state_ = State::kWriting;
    server_.Finalize(res, meta_);
    status_ = res.status();
    auto out = std::make_shared<bhttp::response<bhttp::string_body>>();
    out->version(version_);
    out->result(static_cast<unsigned>(res.status()));
    for (const auto& [name, value] : res.headers()) out->insert(name, value);
    if (!res.content_type().empty()) out->set(bhttp::field::content_type, res.content_type());
    bytes_ = res.body().size();
    out->body() = std::move(res.mutable_body());
    out->keep_alive(keep_alive_ && !close_after_write_ && !server_.stopping);
    out->prepare_payload();
    if (meta_.method() == "HEAD") {
      out->body().clear();  // Content-Length stays that of the GET body
      bytes_ = 0;
    }
    response_ = out;
    stream_.expires_after(server_.options.read_timeout);
    bhttp::async_write(
        stream_, *out,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnWrite(ec); });
  }

  void OnWrite(beast::error_code ec) {
    server_.Record(meta_, status_, bytes_, std::chrono::steady_clock::now() - start_);
    bool keep_alive = response_->keep_alive();
    response_.reset();
    EndRequest();
    if (ec) return Close();
    if (!keep_alive) return drain_ ? DrainAndClose() : Close();
    DoRead();
  }

  // Closing with unread input makes the kernel send RST, which can destroy the response
  // before the client reads it. So: half-close, read and discard, then close.
  void DrainAndClose() {
    state_ = State::kDraining;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    DrainSome();
  }

  void DrainSome() {
    stream_.expires_after(kDrainTimeout);
    stream_.async_read_some(net::buffer(drain_buffer_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > kDrainLimit) return self->Close();
                              self->DrainSome();
                            });
  }

  void Close() {
    if (state_ == State::kClosed) return;
    state_ = State::kClosed;
    EndRequest();
    handler_timer_.cancel();
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  void BeginRequest() {
    if (counted_) return;
    counted_ = true;
    server_.BeginRequest();
  }
  void EndRequest() {
    if (!counted_) return;
    counted_ = false;
    server_.EndRequest();
  }

  Server::Impl& server_;
  beast::tcp_stream stream_;
  net::steady_timer handler_timer_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::shared_ptr<bhttp::response<bhttp::string_body>> response_;
  std::string remote_;
  Request meta_;
  State state_ = State::kIdle;
  std::uint64_t generation_ = 0;
  bool keep_alive_ = true;
  unsigned version_ = 11;
  bool close_after_write_ = false;
  bool drain_ = false;
  bool counted_ = false;
  int status_ = 0;
  std::size_t bytes_ = 0;
  std::size_t drained_ = 0;
  std::array<char, 16 * 1024> drain_buffer_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

void Server::Impl::DoAccept() {
  acceptor->async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == net::error::operation_aborted || !acceptor->is_open()) return;
      internal::LogEvent(internal::LogLevel::kWarn,
                         {{"msg", "accept failed"}, {"error", ec.message()}});
    } else if (stopping) {
      return;
    } else {
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      auto session = std::make_shared<Session>(*this, std::move(socket));
      {
        std::lock_guard lock(mu);
        std::erase_if(sessions, [](const auto& w) { return w.expired(); });
        sessions.push_back(session);
      }
      session->Run();
    }
    DoAccept();
  });
}

Server::Server(const Router& router, ServerOptions options)
    : impl_(std::make_unique<Impl>(router, std::move(options))) {}

Server::~Server() { Stop(); }

zt::Status Server::Start(std::string_view address, std::uint16_t port) {
  Impl& s = *impl_;
  if (s.started.exchange(true)) {
    return zt::Fail(zt::ErrorCode::kFailedPrecondition, "server.already_started",
                    "A server can be started once.");
  }
  beast::error_code ec;
  net::ip::address addr = net::ip::make_address(std::string(address), ec);
  if (ec) {
    s.started = false;
    return zt::Fail(zt::ErrorCode::kInvalidArgument, "server.bad_address",
                    "Not an IP address: " + std::string(address));
  }
  tcp::endpoint endpoint(addr, port);
  s.acceptor.emplace(net::make_strand(s.ioc));
  auto fail = [&](std::string_view what) {
    std::string detail = std::string(what) + " " + std::string(address) + ":" +
                         std::to_string(port) + ": " + ec.message();
    s.acceptor.reset();
    s.started = false;
    return zt::Fail(zt::ErrorCode::kUnavailable, "server.bind_failed", std::move(detail));
  };
  if (s.acceptor->open(endpoint.protocol(), ec)) return fail("open");
  if (s.acceptor->set_option(net::socket_base::reuse_address(true), ec)) return fail("reuse");
  if (s.acceptor->bind(endpoint, ec)) return fail("bind");
  if (s.acceptor->listen(net::socket_base::max_listen_connections, ec)) return fail("listen");
  s.port = s.acceptor->local_endpoint(ec).port();

  s.workers = std::make_unique<net::thread_pool>(static_cast<std::size_t>(s.options.threads));
  s.work.emplace(s.ioc.get_executor());
  s.running = true;
  net::dispatch(s.acceptor->get_executor(), [&s] { s.DoAccept(); });
  for (int i = 0; i < s.options.io_threads; ++i) {
    s.io_threads.emplace_back([&s] { s.ioc.run(); });
  }
  return zt::Ok();
}

std::uint16_t Server::port() const { return impl_->port; }

bool Server::running() const { return impl_->running; }

Metrics& Server::metrics() { return *impl_->metrics; }

void Server::Stop() {
  Impl& s = *impl_;
  std::lock_guard stop_lock(s.stop_mu);
  if (!s.running) return;
  s.stopping = true;

  // 1. Stop accepting.
  net::post(s.acceptor->get_executor(), [&s] {
    beast::error_code ec;
    s.acceptor->close(ec);
  });
  // 2. Close idle connections; busy ones close after their response.
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(s.mu);
    for (auto& w : s.sessions) {
      if (auto p = w.lock()) live.push_back(std::move(p));
    }
  }
  for (auto& session : live) {
    net::post(session->executor(), [session] { session->OnServerStop(); });
  }
  // 3. Let in-flight requests finish, for a bounded time.
  {
    std::unique_lock lock(s.mu);
    s.cv.wait_for(lock, s.options.shutdown_grace, [&s] { return s.active_requests == 0; });
  }
  // 4. Close whatever is left and stop the threads.
  for (auto& session : live) {
    net::post(session->executor(), [session] { session->ForceClose(); });
  }
  live.clear();
  s.work.reset();
  s.ioc.stop();
  for (auto& t : s.io_threads) t.join();
  s.io_threads.clear();
  s.workers->stop();
  s.workers->join();
  s.running = false;
  {
    std::lock_guard lock(s.mu);
    s.stopped = true;
  }
  s.cv.notify_all();
}

void Server::Wait() {
  std::unique_lock lock(impl_->mu);
  impl_->cv.wait(lock, [this] { return impl_->stopped || !impl_->started; });
}

int RunUntilSignal(Server& server) {
  net::io_context signal_ioc;
  net::signal_set signals(signal_ioc, SIGINT, SIGTERM);
  int received = 0;
  signals.async_wait([&](beast::error_code ec, int signal_number) {
    if (!ec) received = signal_number;
  });
  std::thread waiter([&] {
    server.Wait();
    net::post(signal_ioc, [&] { signals.cancel(); });
  });
  signal_ioc.run();
  if (received != 0) {
    internal::LogEvent(internal::LogLevel::kInfo,
                       {{"msg", "signal received, stopping"}, {"signal", received}});
    server.Stop();
  }
  waiter.join();
  return received;
}

}  // namespace zt::http
