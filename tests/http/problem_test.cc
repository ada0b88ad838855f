#include "zt/http/problem.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace zt::http {
namespace {

using zt::ErrorCode;

int StatusOf(ErrorCode code, std::string key = "k") { return HttpStatusFor(zt::Error(code, key)); }

TEST(ProblemTest, MapsEveryErrorCodeToItsStatus) {
  EXPECT_EQ(StatusOf(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(StatusOf(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(StatusOf(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(StatusOf(ErrorCode::kNotFound), 404);
  EXPECT_EQ(StatusOf(ErrorCode::kAlreadyExists), 409);
  EXPECT_EQ(StatusOf(ErrorCode::kFailedPrecondition), 409);
  EXPECT_EQ(StatusOf(ErrorCode::kAborted), 412);
  EXPECT_EQ(StatusOf(ErrorCode::kPreconditionRequired), 428);
  EXPECT_EQ(StatusOf(ErrorCode::kResourceExhausted, "request.too_large"), 413);
  EXPECT_EQ(StatusOf(ErrorCode::kResourceExhausted, "request.too_large.upload"), 413);
  EXPECT_EQ(StatusOf(ErrorCode::kResourceExhausted, "login.too_many_attempts"), 429);
  EXPECT_EQ(StatusOf(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(StatusOf(ErrorCode::kInternal), 500);
  EXPECT_EQ(StatusOf(ErrorCode::kInvalidArgument, "method.not_allowed"), 405);
}

TEST(ProblemTest, BuildsLocalisedBody) {
  RegisterMessages("id_number.check_digit", "身份证号码校验位错误",
                   "The ID number's check digit is wrong");
  Request req;
  req.set_target("/api/v1/applications?id_number=440802199001011234");
  req.set_request_id("r-1");
  zt::Error error(ErrorCode::kInvalidArgument, "id_number.check_digit", "check digit should be X",
                  {{"/applicant/id_number", "id_number.check_digit", "check digit should be X"},
                   {"/applicant/phone", "phone.unknown_key", "eleven digits expected"}});

  Response zh = Problem(error, req);
  EXPECT_EQ(zh.status(), 400);
  EXPECT_EQ(zh.content_type(), "application/problem+json");
  auto body = boost::json::parse(zh.body()).as_object();
  EXPECT_EQ(body.at("type"), "https://zhengtong.invalid/problems/invalid_argument");
  EXPECT_EQ(body.at("title"), "请求参数有误");
  EXPECT_EQ(body.at("status"), 400);
  EXPECT_EQ(body.at("detail"), "身份证号码校验位错误");
  EXPECT_EQ(body.at("instance"), "/api/v1/applications");  // no query string
  EXPECT_EQ(body.at("code"), "invalid_argument");
  EXPECT_EQ(body.at("key"), "id_number.check_digit");
  EXPECT_EQ(body.at("request_id"), "r-1");
  auto errors = body.at("errors").as_array();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].at("pointer"), "/applicant/id_number");
  EXPECT_EQ(errors[0].at("message"), "身份证号码校验位错误");
  EXPECT_EQ(errors[1].at("message"), "eleven digits expected");  // no translation: detail

  req.add_header("Accept-Language", "en-GB,en;q=0.9");
  auto en = boost::json::parse(Problem(error, req).body()).as_object();
  EXPECT_EQ(en.at("title"), "Invalid request");
  EXPECT_EQ(en.at("detail"), "The ID number's check digit is wrong");
}

TEST(ProblemTest, UntranslatedKeyFallsBackToDetail) {
  Request req;
  auto body = boost::json::parse(Problem(zt::Error(ErrorCode::kFailedPrecondition, "x.unregistered",
                                                   "Case is withdrawn."),
                                         req)
                                     .body())
                  .as_object();
  EXPECT_EQ(body.at("detail"), "Case is withdrawn.");
  EXPECT_EQ(body.at("status"), 409);
}

TEST(ProblemTest, InternalErrorsNeverShowTheirDetail) {
  Request req;
  req.add_header("Accept-Language", "en");
  Response res = Problem(zt::Error(ErrorCode::kInternal, "store.sql",
                                   "SELECT * FROM cases failed in /var/lib/zt/db.sqlite",
                                   {{"/x", "k", "path /etc/passwd"}}),
                         req);
  EXPECT_EQ(res.status(), 500);
  EXPECT_EQ(res.body().find("SELECT"), std::string::npos);
  EXPECT_EQ(res.body().find("/var/lib"), std::string::npos);
  EXPECT_EQ(res.body().find("/etc/passwd"), std::string::npos);
}

TEST(ProblemTest, MessagePlaceholderTakesTheDetail) {
  RegisterMessages("test.placeholder", "出错：{detail}", "Failed: {detail}");
  EXPECT_EQ(LocalizeMessage("test.placeholder", Locale::kEn, "at line 2"), "Failed: at line 2");
  EXPECT_EQ(LocalizeMessage("test.placeholder", Locale::kZhCn, ""), "出错");
  EXPECT_EQ(LocalizeMessage("test.none", Locale::kEn), std::nullopt);
}

}  // namespace
}  // namespace zt::http
