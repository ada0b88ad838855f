// End-to-end tests over a real socket on 127.0.0.1 (port 0), with a small Beast client.
#include "zt/http/server.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "zt/http/json_body.h"
#include "zt/http/metrics.h"
#include "zt/http/problem.h"
#include "zt/http/router.h"

namespace zt::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
namespace fs = std::filesystem;
using tcp = net::ip::tcp;
using ::testing::HasSubstr;
using ::testing::Not;

using ClientResponse = bhttp::response<bhttp::string_body>;

// A blocking HTTP/1.1 client on one connection (keep-alive), with 10 s socket timeouts.
class Client {
 public:
  explicit Client(std::uint16_t port) : socket_(ioc_) {
    socket_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    timeval tv{10, 0};
    setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(socket_.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  }

  ClientResponse Send(std::string_view method, std::string_view target, std::string body = {},
                      std::vector<std::pair<std::string, std::string>> headers = {}) {
    bhttp::request<bhttp::string_body> req;
    req.method_string(method);
    req.target(target);
    req.version(11);
    req.set(bhttp::field::host, "127.0.0.1");
    for (const auto& [n, v] : headers) req.set(n, v);
    req.body() = std::move(body);
    req.prepare_payload();
    bhttp::write(socket_, req);
    return Read(method == "HEAD");
  }

  // Writes raw bytes, ignoring errors (the server may close early).
  void WriteRaw(std::string_view data) {
    beast::error_code ec;
    net::write(socket_, net::buffer(data), ec);
  }

  ClientResponse Read(bool head = false) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    parser.skip(head);
    bhttp::read(socket_, buffer_, parser);
    return parser.release();
  }

  // True when the server has closed the connection (EOF on read).
  bool ServerClosed() {
    beast::error_code ec;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(socket_, buffer_, res, ec);
    return ec == bhttp::error::end_of_stream || ec == net::error::eof ||
           ec == net::error::connection_reset;
  }

 private:
  net::io_context ioc_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

boost::json::object JsonOf(const ClientResponse& res) {
  return boost::json::parse(res.body()).as_object();
}

// A gate a handler waits on, so tests control timing without sleeping.
class Gate {
 public:
  void Open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  void Wait() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return open_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("zt_http_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "dist" / "assets");
    Write(dir_ / "dist" / "index.html", "<!doctype html><title>政通</title>");
    Write(dir_ / "dist" / "assets" / "index-4f3a9c1b.js", "console.log(1)");
    Write(dir_ / "dist" / "favicon.svg", "<svg/>");
    Write(dir_ / "secret.txt", "TOP-SECRET");

    router_.Use([](Request& req, const Next& next) -> zt::Result<Response> {
      Response res = next(req);
      res.SetHeader("X-Middleware", "seen");
      return res;
    });
    router_.Get("/api/v1/items/{id}", [](Request& req) -> zt::Result<Response> {
      return Response::Json(200,
                            {{"id", req.path_param("id")}, {"q", req.query("q").value_or("")}});
    });
    router_.Post("/api/v1/items", [](Request& req) -> zt::Result<Response> {
      JsonObjectReader r(req.body());
      std::string name = r.RequireString("name", 1, 200);
      std::int64_t days = r.RequireInt("statutory_limit_wd", 0, 365);
      std::optional<std::int64_t> promised = r.OptionalInt("promised_limit_wd", 0, 365);
      ZT_RETURN_IF_ERROR(r.Finish());
      return Response::Json(201, {{"name", name},
                                  {"statutory_limit_wd", days},
                                  {"promised_limit_wd", promised.value_or(days)}});
    });
    router_.Get("/api/v1/boom", [](Request&) -> zt::Result<Response> {
      throw std::runtime_error("connection string host=db password=hunter2");
    });
    router_.Get("/api/v1/slow", [this](Request&) -> zt::Result<Response> {
      slow_started_.set_value();
      gate_.Wait();
      return Response::Text(200, "done");
    });
    router_.Get("/metrics", [this](Request&) -> zt::Result<Response> {
      return Response::Text(200, metrics_.Render(), std::string(kPrometheusContentType));
    });
  }

  void TearDown() override {
    gate_.Open();
    if (server_) server_->Stop();
    server_.reset();
    fs::remove_all(dir_);
  }

  static void Write(const fs::path& p, std::string_view text) {
    std::ofstream(p, std::ios::binary) << text;
  }

  void StartServer(ServerOptions options = {}) {
    options.threads = 4;
    options.metrics = &metrics_;
    options.static_dir = (dir_ / "dist").string();
    server_ = std::make_unique<Server>(router_, options);
    ASSERT_TRUE(server_->Start("127.0.0.1", 0));
    ASSERT_NE(server_->port(), 0);
  }

  fs::path dir_;
  Router router_;
  Metrics metrics_;
  Gate gate_;
  std::promise<void> slow_started_;
  std::unique_ptr<Server> server_;
};

TEST_F(ServerTest, RoutesWithPathParameters) {
  StartServer();
  Client c(server_->port());
  ClientResponse res = c.Send("GET", "/api/v1/items/A-42?q=%E7%85%A7");
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res[bhttp::field::content_type], "application/json");
  EXPECT_EQ(res["X-Middleware"], "seen");
  auto body = JsonOf(res);
  EXPECT_EQ(body.at("id"), "A-42");
  EXPECT_EQ(body.at("q"), "照");
}

TEST_F(ServerTest, UnknownPathAndWrongMethodAreProblems) {
  StartServer();
  Client c(server_->port());
  ClientResponse missing = c.Send("GET", "/api/v1/nope");
  EXPECT_EQ(missing.result_int(), 404);
  EXPECT_EQ(missing[bhttp::field::content_type], "application/problem+json");
  auto m = JsonOf(missing);
  EXPECT_EQ(m.at("type"), "https://zhengtong.invalid/problems/not_found");
  EXPECT_EQ(m.at("key"), "route.not_found");
  EXPECT_EQ(m.at("instance"), "/api/v1/nope");

  ClientResponse wrong = c.Send("DELETE", "/api/v1/items/1");
  EXPECT_EQ(wrong.result_int(), 405);
  EXPECT_EQ(wrong[bhttp::field::allow], "GET, HEAD");
  EXPECT_EQ(JsonOf(wrong).at("key"), "method.not_allowed");
}

TEST_F(ServerTest, MalformedJsonNamesThePosition) {
  StartServer();
  Client c(server_->port());
  ClientResponse res =
      c.Send("POST", "/api/v1/items", "{\"name\": \"x\",\n \"statutory_limit_wd\": }",
             {{"Content-Type", "application/json"}});
  EXPECT_EQ(res.result_int(), 400);
  auto body = JsonOf(res);
  EXPECT_EQ(body.at("key"), "json.malformed");
  EXPECT_THAT(std::string(body.at("detail").as_string()), HasSubstr("line 2"));
  auto errors = body.at("errors").as_array();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].at("pointer"), "");
}

TEST_F(ServerTest, UnknownFieldNamesThePointer) {
  StartServer();
  Client c(server_->port());
  ClientResponse res = c.Send("POST", "/api/v1/items",
                              R"({"name":"营业执照","statutory_limit_wd":20,"colour":"red"})");
  EXPECT_EQ(res.result_int(), 400);
  auto body = JsonOf(res);
  EXPECT_EQ(body.at("key"), "json.unknown_field");
  auto errors = body.at("errors").as_array();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].at("pointer"), "/colour");
  EXPECT_EQ(errors[0].at("key"), "json.unknown_field");
  EXPECT_EQ(errors[0].at("message"), "不支持的字段");
}

TEST_F(ServerTest, CollectsAllFieldErrorsAndLocalises) {
  StartServer();
  Client c(server_->port());
  std::string body = R"({"name":"","statutory_limit_wd":999,"promised_limit_wd":"3","x":1})";
  auto zh = JsonOf(c.Send("POST", "/api/v1/items", body));
  EXPECT_EQ(zh.at("title"), "请求参数有误");
  EXPECT_EQ(zh.at("key"), "request.invalid");
  auto errors = zh.at("errors").as_array();
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0].at("pointer"), "/name");
  EXPECT_EQ(errors[1].at("pointer"), "/statutory_limit_wd");
  EXPECT_EQ(errors[1].at("key"), "json.out_of_range");
  EXPECT_EQ(errors[2].at("pointer"), "/promised_limit_wd");
  EXPECT_EQ(errors[2].at("key"), "json.type");
  EXPECT_EQ(errors[3].at("pointer"), "/x");

  auto en = JsonOf(c.Send("POST", "/api/v1/items", body, {{"Accept-Language", "en-US,en;q=0.9"}}));
  EXPECT_EQ(en.at("title"), "Invalid request");
  EXPECT_EQ(en.at("errors").as_array()[1].at("message"), "Out of range: must be between 0 and 365");

  ClientResponse ok = c.Send("POST", "/api/v1/items", R"({"name":"a","statutory_limit_wd":5})");
  EXPECT_EQ(ok.result_int(), 201);
  EXPECT_EQ(JsonOf(ok).at("promised_limit_wd"), 5);
}

TEST_F(ServerTest, OversizedBodyGets413AndTheConnectionIsClosedCleanly) {
  StartServer();
  {
    Client c(server_->port());
    std::string big(2 * 1024 * 1024, 'x');
    c.WriteRaw(
        "POST /api/v1/items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: " +
        std::to_string(big.size()) + "\r\n\r\n");
    c.WriteRaw(big);
    ClientResponse res = c.Read();
    EXPECT_EQ(res.result_int(), 413);
    EXPECT_EQ(res[bhttp::field::content_type], "application/problem+json");
    EXPECT_EQ(JsonOf(res).at("key"), "request.too_large");
    EXPECT_FALSE(res.keep_alive());
    EXPECT_TRUE(c.ServerClosed());
  }
  {
    // Chunked bodies are limited too.
    Client c(server_->port());
    std::string chunk(512 * 1024, 'y');
    std::string data =
        "POST /api/v1/items HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 3; ++i) data += "80000\r\n" + chunk + "\r\n";
    data += "0\r\n\r\n";
    c.WriteRaw(data);
    EXPECT_EQ(c.Read().result_int(), 413);
  }
  // The server still serves new connections.
  Client next(server_->port());
  EXPECT_EQ(next.Send("GET", "/api/v1/items/1").result_int(), 200);
}

TEST_F(ServerTest, OversizedHeadersGet431) {
  StartServer();
  Client c(server_->port());
  ClientResponse res = c.Send("GET", "/api/v1/items/1", {}, {{"X-Big", std::string(20000, 'h')}});
  EXPECT_EQ(res.result_int(), 431);
}

TEST_F(ServerTest, HandlerExceptionIsA500WithoutTheMessage) {
  StartServer();
  Client c(server_->port());
  ClientResponse res = c.Send("GET", "/api/v1/boom", {}, {{"X-Request-Id", "boom-1"}});
  EXPECT_EQ(res.result_int(), 500);
  EXPECT_THAT(res.body(), Not(HasSubstr("hunter2")));
  EXPECT_THAT(res.body(), Not(HasSubstr("password")));
  auto body = JsonOf(res);
  EXPECT_EQ(body.at("code"), "internal");
  EXPECT_EQ(body.at("request_id"), "boom-1");
  // The connection survives.
  EXPECT_EQ(c.Send("GET", "/api/v1/items/1").result_int(), 200);
}

TEST_F(ServerTest, SecurityHeadersOnEveryResponse) {
  StartServer();
  Client c(server_->port());
  for (std::string target : {"/api/v1/items/1", "/api/v1/nope", "/", "/assets/index-4f3a9c1b.js"}) {
    SCOPED_TRACE(target);
    ClientResponse res = c.Send("GET", target);
    EXPECT_EQ(res["Content-Security-Policy"],
              "default-src 'self'; script-src 'self'; style-src 'self'; "
              "img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'");
    EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
    EXPECT_EQ(res["Referrer-Policy"], "no-referrer");
    EXPECT_EQ(res["X-Frame-Options"], "DENY");
    if (target.starts_with("/api")) {
      EXPECT_EQ(res[bhttp::field::cache_control], "no-store");
    }
  }
}

TEST_F(ServerTest, EchoesSaneRequestIdAndGeneratesOtherwise) {
  StartServer();
  Client c(server_->port());
  ClientResponse echoed = c.Send("GET", "/api/v1/items/1", {}, {{"X-Request-Id", "req-abc.123"}});
  EXPECT_EQ(echoed["X-Request-Id"], "req-abc.123");
  ClientResponse replaced = c.Send("GET", "/api/v1/nope", {}, {{"X-Request-Id", "<script>x"}});
  std::string id(replaced["X-Request-Id"]);
  EXPECT_EQ(id.size(), 32u);
  EXPECT_EQ(id.find('<'), std::string::npos);
  EXPECT_EQ(JsonOf(replaced).at("request_id"), boost::json::value(id));
  ClientResponse generated = c.Send("GET", "/api/v1/items/1");
  EXPECT_EQ(generated["X-Request-Id"].size(), 32u);
  EXPECT_NE(generated["X-Request-Id"], id);
}

TEST_F(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  StartServer();
  Client c(server_->port());
  for (int i = 0; i < 5; ++i) {
    ClientResponse res = c.Send("GET", "/api/v1/items/" + std::to_string(i));
    ASSERT_EQ(res.result_int(), 200);
    EXPECT_TRUE(res.keep_alive());
    EXPECT_EQ(JsonOf(res).at("id"), boost::json::value(std::to_string(i)));
  }
  ClientResponse head = c.Send("HEAD", "/api/v1/items/7");
  EXPECT_EQ(head.result_int(), 200);
  EXPECT_EQ(head[bhttp::field::content_length], "17");
  EXPECT_EQ(c.Send("GET", "/api/v1/items/8").result_int(), 200);
}

TEST_F(ServerTest, ServesStaticFilesWithTypesAndCaching) {
  StartServer();
  Client c(server_->port());
  ClientResponse index = c.Send("GET", "/");
  EXPECT_EQ(index.result_int(), 200);
  EXPECT_EQ(index[bhttp::field::content_type], "text/html; charset=utf-8");
  EXPECT_EQ(index[bhttp::field::cache_control], "no-cache");
  EXPECT_THAT(index.body(), HasSubstr("政通"));

  ClientResponse js = c.Send("GET", "/assets/index-4f3a9c1b.js");
  EXPECT_EQ(js[bhttp::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ(js[bhttp::field::cache_control], "public, max-age=31536000, immutable");
  EXPECT_EQ(c.Send("GET", "/favicon.svg")[bhttp::field::content_type], "image/svg+xml");

  // Client-side routes get the app shell; missing files and /api paths do not.
  EXPECT_THAT(c.Send("GET", "/applications/42").body(), HasSubstr("政通"));
  EXPECT_EQ(c.Send("GET", "/missing.png").result_int(), 404);
  EXPECT_EQ(c.Send("GET", "/assets/gone-12345678.js").result_int(), 404);
  ClientResponse api = c.Send("GET", "/api/v1/unknown");
  EXPECT_EQ(api.result_int(), 404);
  EXPECT_EQ(api[bhttp::field::content_type], "application/problem+json");
  EXPECT_EQ(c.Send("POST", "/index.html").result_int(), 404);
}

TEST_F(ServerTest, RefusesDirectoryTraversal) {
  StartServer();
  for (std::string target : {"/../secret.txt", "/../../../../etc/passwd", "/%2e%2e/secret.txt",
                             "/%2E%2E/%2e%2e/etc/passwd", "/assets/..%2f..%2fsecret.txt",
                             "/assets/%2e%2e/%2e%2e/secret.txt", "/..%5csecret.txt",
                             "/./index.html", "/%00index.html", "/%zz"}) {
    SCOPED_TRACE(target);
    Client c(server_->port());  // a fresh connection: the server may close on a bad target
    beast::error_code ec;
    ClientResponse res = c.Send("GET", target);
    EXPECT_NE(res.result_int(), 200);
    EXPECT_THAT(res.body(), Not(HasSubstr("TOP-SECRET")));
    EXPECT_THAT(res.body(), Not(HasSubstr("root:")));
  }
}

TEST_F(ServerTest, MetricsCountRequestsByRoutePattern) {
  StartServer();
  Client c(server_->port());
  c.Send("GET", "/api/v1/items/1");
  c.Send("GET", "/api/v1/items/2");
  c.Send("GET", "/api/v1/nope");
  ClientResponse res = c.Send("GET", "/metrics");
  EXPECT_EQ(res[bhttp::field::content_type], "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_THAT(res.body(), HasSubstr("# TYPE zt_http_requests_total counter"));
  EXPECT_THAT(res.body(),
              HasSubstr("zt_http_requests_total{method=\"GET\",route=\"/api/v1/items/{id}\","
                        "status=\"200\"} 2\n"));
  EXPECT_THAT(res.body(), HasSubstr("route=\"(unmatched)\",status=\"404\"} 1\n"));
  EXPECT_THAT(res.body(), HasSubstr("zt_http_request_duration_seconds_count{method=\"GET\","
                                    "route=\"/api/v1/items/{id}\"} 2\n"));
  EXPECT_THAT(res.body(), Not(HasSubstr("/api/v1/items/1")));
}

TEST_F(ServerTest, GracefulStopFinishesTheInFlightRequest) {
  StartServer();
  const std::uint16_t port = server_->port();
  auto in_flight = std::async(std::launch::async, [port] {
    Client c(port);
    return c.Send("GET", "/api/v1/slow");
  });
  slow_started_.get_future().wait();
  Client idle(port);  // an idle keep-alive connection is closed by Stop
  ASSERT_EQ(idle.Send("GET", "/api/v1/items/1").result_int(), 200);

  auto stopping = std::async(std::launch::async, [this] { server_->Stop(); });
  // Stop has begun once new connections are refused; the slow request is still running.
  bool refused = false;
  for (int i = 0; i < 500 && !refused; ++i) {
    try {
      Client probe(port);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    } catch (const std::exception&) {
      refused = true;
    }
  }
  EXPECT_TRUE(refused);
  EXPECT_EQ(stopping.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
  EXPECT_TRUE(idle.ServerClosed());

  gate_.Open();
  ClientResponse res = in_flight.get();
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "done");
  EXPECT_FALSE(res.keep_alive());
  stopping.get();
  EXPECT_FALSE(server_->running());
}

TEST_F(ServerTest, SlowHandlerGets503AfterTheHandlerTimeout) {
  ServerOptions options;
  options.handler_timeout = std::chrono::milliseconds(200);
  StartServer(options);
  Client c(server_->port());
  ClientResponse res = c.Send("GET", "/api/v1/slow", {}, {{"Accept-Language", "en"}});
  EXPECT_EQ(res.result_int(), 503);
  auto body = JsonOf(res);
  EXPECT_EQ(body.at("key"), "request.timeout");
  EXPECT_EQ(body.at("title"), "Service unavailable");
  gate_.Open();
}

TEST_F(ServerTest, StartFailsOnABadAddressOrBusyPort) {
  StartServer();
  Server other(router_, {.threads = 1, .metrics = &metrics_});
  auto busy = other.Start("127.0.0.1", server_->port());
  ASSERT_FALSE(busy);
  EXPECT_EQ(busy.error().code(), zt::ErrorCode::kUnavailable);
  Server bad(router_, {.threads = 1, .metrics = &metrics_});
  auto s = bad.Start("not-an-ip", 0);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code(), zt::ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace zt::http
