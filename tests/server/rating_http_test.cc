// 好差评 end to end over HTTP against the real `zhengtong serve` process, on SQLite or
// PostgreSQL (chosen at build time): a concluded application rated badly by its applicant, a
// second rating and a stranger's rating refused, the department's rectification with
// If-Match, the call-back, the citizen's re-rating and the public figures.
#include <gtest/gtest.h>

#include "http_session.h"
#include "item_review.h"
#include "server_process.h"
#include "store_test_db.h"
#include "two_districts.h"
#include "zt/seed/seed.h"
#include "zt/store/open.h"

namespace zt::testing {
namespace {

namespace json = boost::json;

class RatingHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = StoreTestDatabase::Create(ZT_TEST_BACKEND);
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
    {
      auto store = db_->Open();
      ASSERT_TRUE(store.has_value());
      ASSERT_TRUE((*store)->Migrate().has_value());
      ASSERT_TRUE(PutTwoDistricts(**store).has_value());
      using accounts::Role;
      auto staff =
          CreateStaff(**store, {{"ck-admin", Role::kDepartmentAdmin, "440802", "440802-scj"},
                                {"ck-clerk", Role::kWindowClerk, "440802", "440802-scj"},
                                {"ck-reviewer", Role::kReviewer, "440802", "440802-scj"},
                                {"xs-admin", Role::kDepartmentAdmin, "440803", "440803-scj"},
                                {"zj-item-reviewer", Role::kBureauManager, "440800", ""}});
      ASSERT_TRUE(staff.has_value()) << staff.error().ToString();
    }
    url_ = db_->Url();
    server_ = std::make_unique<ServerProcess>(ZhengtongBinary(), url_);
  }

  std::uint16_t port() const { return server_->port(); }

  Session Citizen(int serial, const char* phone) {
    std::string id = seed::DemoIdNumber("440802", *ParseDate("1985-06-15"), serial);
    auto r = Http(
        port(), "POST", "/api/v1/citizens",
        json::serialize(json::object{
            {"id_number", id}, {"name", "陈晓明"}, {"phone", phone}, {"password", kNewPassword}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return Login(port(), id, kNewPassword);
  }

  static std::string Key(const HttpResult& r) {
    json::value v = r.Json();
    return v.is_object() && v.as_object().contains("key") ? std::string(v.at("key").as_string())
                                                          : std::string();
  }

  std::unique_ptr<StoreTestDatabase> db_;
  std::string url_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(RatingHttpTest, BadRatingToRectificationToReRating) {
  Session admin = FirstStaffLogin(port(), "ck-admin");
  json::object item{{"code", "440802-scj-r01"}, {"name", "食品经营许可"},
                    {"type", "licensing"},      {"department_id", "440802-scj"},
                    {"region_code", "440802"},  {"statutory_limit_wd", 20},
                    {"promised_limit_wd", 5}};
  auto created = Http(port(), "POST", "/api/v1/items", json::serialize(item), admin.With());
  ASSERT_EQ(created.status, 201) << created.body;
  std::string item_id(created.Json().at("id").as_string());
  ASSERT_NE(PublishThroughReview(port(), admin, FirstStaffLogin(port(), "zj-item-reviewer"),
                                 item_id, created.Header("etag")),
            "");
  Session citizen = Citizen(123, "13807591234");
  auto applied = Http(port(), "POST", "/api/v1/applications",
                      json::serialize(json::object{{"item_id", item_id}}), citizen.With());
  ASSERT_EQ(applied.status, 201) << applied.body;
  std::string case_id(applied.Json().at("id").as_string());

  std::string rate_body = json::serialize(json::object{{"case_id", case_id},
                                                       {"level", "very_dissatisfied"},
                                                       {"tags", json::array{"多次跑动"}},
                                                       {"comment", "跑了三次"}});
  // Not concluded yet: refused.
  auto early = Http(port(), "POST", "/api/v1/ratings", rate_body, citizen.With());
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(Key(early), "rating.case_not_concluded");

  Session clerk = FirstStaffLogin(port(), "ck-clerk");
  Session reviewer = FirstStaffLogin(port(), "ck-reviewer");
  std::string etag = "\"1\"";
  for (auto [who, transition] : {std::pair{&clerk, "accept"}, std::pair{&reviewer, "approve"},
                                 std::pair{&clerk, "conclude"}}) {
    auto r = Http(port(), "POST", "/api/v1/applications/" + case_id + "/transitions",
                  json::serialize(json::object{{"transition", transition}}),
                  who->With({{"If-Match", etag}}));
    ASSERT_EQ(r.status, 200) << transition << ": " << r.body;
    etag = r.Header("etag");
  }

  // Someone else may not rate it; nor may staff.
  Session stranger = Citizen(125, "13807591235");
  auto foreign = Http(port(), "POST", "/api/v1/ratings", rate_body, stranger.With());
  EXPECT_EQ(foreign.status, 404) << foreign.body;
  auto staff = Http(port(), "POST", "/api/v1/ratings", rate_body, clerk.With());
  EXPECT_EQ(staff.status, 403) << staff.body;
  EXPECT_EQ(Key(staff), "rating.applicant_only");

  auto rated = Http(port(), "POST", "/api/v1/ratings", rate_body, citizen.With());
  ASSERT_EQ(rated.status, 201) << rated.body;
  json::value rated_json = rated.Json();
  EXPECT_EQ(rated_json.at("initial").at("level_name").as_string(), "非常不满意");
  EXPECT_EQ(rated_json.at("initial").at("clerk_id").as_string().empty(), false);
  std::string rect_id(rated_json.at("rectification").at("id").as_string());
  EXPECT_EQ(rated_json.at("rectification").at("state").as_string(), "opened");

  auto twice = Http(port(), "POST", "/api/v1/ratings", rate_body, citizen.With());
  EXPECT_EQ(twice.status, 409) << twice.body;
  EXPECT_EQ(Key(twice), "rating.already_rated");

  // The other district's administrator does not see it.
  Session xiashan = FirstStaffLogin(port(), "xs-admin");
  EXPECT_EQ(Http(port(), "GET", "/api/v1/rectifications/" + rect_id, "", xiashan.With()).status,
            404);
  auto inbox = Http(port(), "GET", "/api/v1/rectifications", "", admin.With());
  ASSERT_EQ(inbox.status, 200) << inbox.body;
  EXPECT_EQ(inbox.Json().at("total_size").as_int64(), 1);

  auto got = Http(port(), "GET", "/api/v1/rectifications/" + rect_id, "", admin.With());
  ASSERT_EQ(got.status, 200) << got.body;
  etag = got.Header("etag");
  EXPECT_EQ(etag, "\"1\"");
  auto step = [&](const Session& who, const char* transition, const char* note) {
    return Http(port(), "POST", "/api/v1/rectifications/" + rect_id + "/transitions",
                json::serialize(json::object{{"transition", transition}, {"note", note}}),
                who.With({{"If-Match", etag}}));
  };
  auto missing_note = Http(port(), "POST", "/api/v1/rectifications/" + rect_id + "/transitions",
                           json::serialize(json::object{{"transition", "verify_real"}}),
                           admin.With({{"If-Match", etag}}));
  EXPECT_EQ(missing_note.status, 400) << missing_note.body;
  for (auto [transition, note] :
       {std::pair{"verify_real", "属实"}, std::pair{"rectify", "已培训"},
        std::pair{"reply", "已整改，致歉"}, std::pair{"call_back", "电话回访"}}) {
    auto r = step(admin, transition, note);
    ASSERT_EQ(r.status, 200) << transition << ": " << r.body;
    etag = r.Header("etag");
  }
  EXPECT_EQ(step(admin, "call_back", "again").status, 409);  // not from called_back

  auto seen = Http(port(), "GET", "/api/v1/ratings/by-case/" + case_id, "", citizen.With());
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.Json().at("rectification").at("state").as_string(), "called_back");
  EXPECT_EQ(seen.Json().at("rectification").at("reply").as_string(), "已整改，致歉");

  auto stale = Http(port(), "POST", "/api/v1/rectifications/" + rect_id + "/rerating",
                    json::serialize(json::object{{"level", "satisfied"}}),
                    citizen.With({{"If-Match", "\"1\""}}));
  EXPECT_EQ(stale.status, 412) << stale.body;
  auto rerated = Http(port(), "POST", "/api/v1/rectifications/" + rect_id + "/rerating",
                      json::serialize(json::object{{"level", "satisfied"}}),
                      citizen.With({{"If-Match", etag}}));
  ASSERT_EQ(rerated.status, 200) << rerated.body;
  EXPECT_EQ(rerated.Json().at("state").as_string(), "rerated");
  EXPECT_EQ(rerated.Json().at("rerating").at("score").as_int64(), 4);

  // The public figures, without a login.
  auto stats = Http(port(), "GET", "/api/v1/stats/ratings?department_id=440802-scj");
  ASSERT_EQ(stats.status, 200) << stats.body;
  json::value figures = stats.Json();
  for (const auto& i : figures.at("indicators").as_array()) {
    std::string key(i.at("key").as_string());
    if (key == "bad_rate") {
      EXPECT_EQ(i.at("value").as_double(), 100.0);
    }
    if (key == "call_back_rate") {
      EXPECT_EQ(i.at("numerator").as_int64(), 1);
    }
    if (key == "rerating_uplift") {
      EXPECT_EQ(i.at("value").as_double(), 3.0);
    }
  }
  EXPECT_EQ(Http(port(), "GET", "/api/v1/stats/ratings?period=2026-13").status, 400);
  EXPECT_EQ(server_->Terminate(), 0);
}

}  // namespace
}  // namespace zt::testing
