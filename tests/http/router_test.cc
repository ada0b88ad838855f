#include "zt/http/router.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace zt::http {
namespace {

using ::testing::ElementsAre;

Request Make(std::string method, std::string target) {
  Request req;
  req.set_method(std::move(method));
  req.set_target(target);
  req.set_request_id("test-id");
  return req;
}

Handler Echo(std::string tag) {
  return [tag](Request& req) -> zt::Result<Response> {
    std::string out = tag;
    for (const auto& [n, v] : req.path_params()) out += " " + n + "=" + v;
    return Response::Text(200, out);
  };
}

TEST(RouterTest, MatchesPathParametersAndDecodesThem) {
  Router router;
  router.Post("/api/v1/applications/{id}/transitions", Echo("t"));
  Request req = Make("POST", "/api/v1/applications/A%2F1/transitions?x=1");
  Response res = router.Handle(req);
  EXPECT_EQ(res.status(), 200);
  EXPECT_EQ(res.body(), "t id=A/1");
  EXPECT_EQ(req.route_pattern(), "/api/v1/applications/{id}/transitions");
  EXPECT_EQ(req.path_param("id"), "A/1");
}

TEST(RouterTest, PathSegmentThatIsNotUtf8TextMatchesNothing) {
  Router router;
  router.Get("/api/v1/items/{id}", Echo("item"));
  Request chinese = Make("GET", "/api/v1/items/%E4%B8%AD");
  EXPECT_EQ(router.Handle(chinese).status(), 200);
  Request not_utf8 = Make("GET", "/api/v1/items/%E4%B8%AD%FF%FE");
  EXPECT_EQ(router.Handle(not_utf8).status(), 404);
  Request with_nul = Make("GET", "/api/v1/items/a%00b");
  EXPECT_EQ(router.Handle(with_nul).status(), 404);
}

TEST(RouterTest, QueryValueThatIsNotUtf8TextIsRefused) {
  Router router;
  router.Get("/api/v1/items", Echo("items"));
  Request fine = Make("GET", "/api/v1/items?q=%E7%A4%BE%E4%BF%9D");
  EXPECT_EQ(router.Handle(fine).status(), 200);
  Request bad = Make("GET", "/api/v1/items?q=%FFab");
  Response res = router.Handle(bad);
  EXPECT_EQ(res.status(), 400);
  EXPECT_EQ(boost::json::parse(res.body()).as_object().at("key"), "query.encoding");
  Request nul = Make("GET", "/api/v1/items?q=a%00b");
  EXPECT_EQ(router.Handle(nul).status(), 400);
}

TEST(RouterTest, LiteralSegmentBeatsParameter) {
  Router router;
  router.Get("/api/v1/items/{id}", Echo("param"));
  router.Get("/api/v1/items/search", Echo("literal"));
  Request a = Make("GET", "/api/v1/items/search");
  Request b = Make("GET", "/api/v1/items/42");
  EXPECT_EQ(router.Handle(a).body(), "literal");
  EXPECT_EQ(router.Handle(b).body(), "param id=42");
}

TEST(RouterTest, UnknownPathIsNotFoundProblem) {
  Router router;
  router.Get("/api/v1/items", Echo("x"));
  Request req = Make("GET", "/api/v1/nothing");
  Response res = router.Handle(req);
  EXPECT_EQ(res.status(), 404);
  EXPECT_EQ(res.content_type(), "application/problem+json");
  auto body = boost::json::parse(res.body()).as_object();
  EXPECT_EQ(body.at("key"), "route.not_found");
  EXPECT_EQ(body.at("instance"), "/api/v1/nothing");
  EXPECT_EQ(body.at("request_id"), "test-id");
  // An empty parameter segment does not match.
  router.Get("/api/v1/items/{id}", Echo("x"));
  Request empty = Make("GET", "/api/v1/items//");
  EXPECT_EQ(router.Handle(empty).status(), 404);
}

TEST(RouterTest, WrongMethodIs405WithAllowHeader) {
  Router router;
  router.Get("/api/v1/items/{id}", Echo("get"));
  router.Delete("/api/v1/items/{id}", Echo("delete"));
  Request req = Make("PUT", "/api/v1/items/7");
  Response res = router.Handle(req);
  EXPECT_EQ(res.status(), 405);
  EXPECT_EQ(res.header("Allow"), "DELETE, GET, HEAD");
  auto body = boost::json::parse(res.body()).as_object();
  EXPECT_EQ(body.at("key"), "method.not_allowed");
  EXPECT_EQ(body.at("status"), 405);
  EXPECT_EQ(router.Resolve("PUT", "/api/v1/items/7"), RouteMatch::kMethodNotAllowed);
  EXPECT_EQ(router.Resolve("HEAD", "/api/v1/items/7"), RouteMatch::kFound);
  EXPECT_EQ(router.Resolve("GET", "/api/v1/other"), RouteMatch::kNotFound);
}

TEST(RouterTest, RoutesListsMethodAndPatternInOrder) {
  Router router;
  router.Get("/healthz", Echo("h"));
  router.Post("/api/v1/items", Echo("c"));
  router.Get("/api/v1/items/{id}", Echo("g"));
  router.Get("/healthz", Echo("replaced"));
  EXPECT_THAT(router.routes(),
              ElementsAre(RouteInfo{"GET", "/healthz"}, RouteInfo{"POST", "/api/v1/items"},
                          RouteInfo{"GET", "/api/v1/items/{id}"}));
}

TEST(RouterTest, MiddlewareRunsInOrderAndCanShortCircuitWithError) {
  Router router;
  std::vector<std::string> trace;
  router.Use([&](Request& req, const Next& next) -> zt::Result<Response> {
    trace.push_back("outer:" + req.route_pattern());
    Response res = next(req);
    res.SetHeader("X-Outer", "1");
    return res;
  });
  router.Use([&](Request& req, const Next& next) -> zt::Result<Response> {
    trace.push_back("auth");
    if (!req.header("Authorization")) {
      return zt::Fail(zt::ErrorCode::kUnauthenticated, "auth.required", "log in first");
    }
    req.set_principal(std::string("alice"));
    return next(req);
  });
  router.Get("/api/v1/me", [](Request& req) -> zt::Result<Response> {
    const std::string* who = req.principal<std::string>();
    return Response::Text(200, who ? *who : "nobody");
  });

  Request anon = Make("GET", "/api/v1/me");
  Response denied = router.Handle(anon);
  EXPECT_EQ(denied.status(), 401);
  EXPECT_EQ(denied.header("X-Outer"), "1");  // the outer middleware saw the problem
  EXPECT_THAT(trace, ElementsAre("outer:/api/v1/me", "auth"));

  Request authed = Make("GET", "/api/v1/me");
  authed.add_header("authorization", "Bearer x");
  Response ok = router.Handle(authed);
  EXPECT_EQ(ok.status(), 200);
  EXPECT_EQ(ok.body(), "alice");
  EXPECT_EQ(authed.principal<int>(), nullptr);

  // Unmatched paths never reach middleware.
  trace.clear();
  Request missing = Make("GET", "/api/v1/missing");
  EXPECT_EQ(router.Handle(missing).status(), 404);
  EXPECT_TRUE(trace.empty());
}

TEST(RouterTest, HandlerExceptionBecomesGeneric500) {
  Router router;
  router.Get("/boom", [](Request&) -> zt::Result<Response> {
    throw std::runtime_error("secret: /etc/zt/db.conf SELECT * FROM accounts");
  });
  Request req = Make("GET", "/boom");
  Response res = router.Handle(req);
  EXPECT_EQ(res.status(), 500);
  EXPECT_EQ(res.body().find("secret"), std::string::npos);
  EXPECT_EQ(res.body().find("SELECT"), std::string::npos);
  auto body = boost::json::parse(res.body()).as_object();
  EXPECT_EQ(body.at("code"), "internal");
  EXPECT_EQ(body.at("request_id"), "test-id");
}

TEST(RequestTest, DecodesQueryAndChoosesLocale) {
  Request req = Make("GET", "/api/v1/items?q=%E5%BC%A0+%E4%B8%89&page=2&bad=%zz&flag");
  EXPECT_EQ(req.path(), "/api/v1/items");
  EXPECT_EQ(req.query("q"), "张 三");
  EXPECT_EQ(req.query("page"), "2");
  EXPECT_EQ(req.query("bad"), "%zz");
  EXPECT_EQ(req.query("flag"), "");
  EXPECT_EQ(req.query("missing"), std::nullopt);
  EXPECT_EQ(req.locale(), Locale::kZhCn);
  EXPECT_EQ(ChooseLocale("en-US,en;q=0.9"), Locale::kEn);
  EXPECT_EQ(ChooseLocale("zh-CN,zh;q=0.9,en;q=0.8"), Locale::kZhCn);
  EXPECT_EQ(ChooseLocale("fr-FR, en;q=0.5"), Locale::kEn);
  EXPECT_EQ(ChooseLocale("en;q=0.3, zh;q=0.7"), Locale::kZhCn);
  EXPECT_EQ(ChooseLocale("de"), Locale::kZhCn);
  EXPECT_EQ(ChooseLocale(""), Locale::kZhCn);
}

}  // namespace
}  // namespace zt::http
