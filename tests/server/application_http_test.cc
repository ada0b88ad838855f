// The case engine over HTTP against the real `zhengtong serve` process, on SQLite or
// PostgreSQL: 容缺受理 with its supply task, the work queue, a deadline explained day by day,
// the notices as PDFs (scoped like the application) and the case-level indicators.
#include <gtest/gtest.h>

#include "http_session.h"
#include "item_review.h"
#include "server_process.h"
#include "store_test_db.h"
#include "two_districts.h"
#include "zt/seed/seed.h"

namespace zt::testing {
namespace {

namespace json = boost::json;

class ApplicationHttpTest : public ::testing::Test {
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
                                {"xs-clerk", Role::kWindowClerk, "440803", "440803-scj"},
                                {"zj-manager", Role::kBureauManager, "440800", ""},
                                {"zj-item-reviewer", Role::kBureauManager, "440800", ""}});
      ASSERT_TRUE(staff.has_value()) << staff.error().ToString();
    }
    server_ = std::make_unique<ServerProcess>(ZhengtongBinary(), db_->Url());
    citizen_id_ = seed::DemoIdNumber("440802", *ParseDate("1985-06-15"), 123);
  }

  std::uint16_t port() const { return server_->port(); }

  std::unique_ptr<StoreTestDatabase> db_;
  std::unique_ptr<ServerProcess> server_;
  std::string citizen_id_;
};

TEST_F(ApplicationHttpTest, ToleranceQueueExplanationNoticesAndIndicators) {
  Session admin = FirstStaffLogin(port(), "ck-admin");
  json::object item{{"code", "440802-scj-rq"},
                    {"name", "食品经营许可"},
                    {"type", "licensing"},
                    {"department_id", "440802-scj"},
                    {"region_code", "440802"},
                    {"statutory_limit_wd", 20},
                    {"promised_limit_wd", 5},
                    {"materials", json::array{json::object{{"name", "申请表"}, {"required", true}},
                                              json::object{{"name", "营业执照复印件"},
                                                           {"required", true},
                                                           {"secondary", true}}}}};
  auto created = Http(port(), "POST", "/api/v1/items", json::serialize(item), admin.With());
  ASSERT_EQ(created.status, 201) << created.body;
  std::string item_id(created.Json().at("id").as_string());
  ASSERT_NE(PublishThroughReview(port(), admin, FirstStaffLogin(port(), "zj-item-reviewer"),
                                 item_id, created.Header("etag")),
            "");

  auto registered = Http(port(), "POST", "/api/v1/citizens",
                         json::serialize(json::object{{"id_number", citizen_id_},
                                                      {"name", "陈晓明"},
                                                      {"phone", "13807591234"},
                                                      {"password", kNewPassword}}));
  ASSERT_EQ(registered.status, 201) << registered.body;
  Session citizen = Login(port(), citizen_id_, kNewPassword);
  auto applied = Http(port(), "POST", "/api/v1/applications",
                      json::serialize(json::object{{"item_id", item_id}}), citizen.With());
  ASSERT_EQ(applied.status, 201) << applied.body;
  std::string id(applied.Json().at("id").as_string());
  std::string base = "/api/v1/applications/" + id;

  Session clerk = FirstStaffLogin(port(), "ck-clerk");
  // Not yet accepted: no acceptance notice; an unknown document is 404.
  auto early = Http(port(), "GET", base + "/documents/acceptance-notice.pdf", "", clerk.With());
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(Http(port(), "GET", base + "/documents/licence.pdf", "", clerk.With()).status, 404);

  // 容缺: a main material cannot be waived; nothing changes.
  auto refused = Http(port(), "POST", base + "/transitions",
                      json::serialize(json::object{{"transition", "accept_with_tolerance"},
                                                   {"missing", "申请表"},
                                                   {"commitment", "五日内补交"}}),
                      clerk.With({{"If-Match", "\"1\""}}));
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.Json().at("key").as_string(), "application.material_not_secondary");
  auto accepted = Http(port(), "POST", base + "/transitions",
                       json::serialize(json::object{{"transition", "accept_with_tolerance"},
                                                    {"missing", "营业执照复印件"},
                                                    {"commitment", "五日内补交"}}),
                       clerk.With({{"If-Match", "\"1\""}}));
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  json::value acc = accepted.Json();
  ASSERT_EQ(acc.at("tasks").as_array().size(), 1u);
  EXPECT_EQ(acc.at("tasks").as_array()[0].at("kind").as_string(), "supply_materials");
  EXPECT_TRUE(acc.at("tasks").as_array()[0].at("done_at").is_null());

  // The clerk's queue holds the case for its supply task.
  auto queue = Http(port(), "GET", "/api/v1/work-queue", "", clerk.With());
  ASSERT_EQ(queue.status, 200) << queue.body;
  json::value q = queue.Json();
  ASSERT_EQ(q.at("items").as_array().size(), 1u);
  EXPECT_EQ(q.at("items").as_array()[0].at("due_kind").as_string(), "supply_materials");
  EXPECT_EQ(q.at("items").as_array()[0].at("application").at("id").as_string(), id);
  EXPECT_EQ(Http(port(), "GET", "/api/v1/work-queue?limit=0", "", clerk.With()).status, 400);
  EXPECT_EQ(Http(port(), "GET", "/api/v1/work-queue", "", citizen.With()).status, 403);

  auto explained = Http(port(), "GET", base + "/deadline-explanation", "", clerk.With());
  ASSERT_EQ(explained.status, 200) << explained.body;
  json::value e = explained.Json();
  EXPECT_EQ(e.at("clock").as_string(), "handling");
  EXPECT_EQ(e.at("limit").as_int64(), 5);
  EXPECT_EQ(e.at("deadline").as_string(), acc.at("promised_deadline").as_string());
  EXPECT_EQ(e.at("days").as_array().back().at("running_count").as_int64(), 5);

  // The receipt: a PDF for the clerk and the applicant, 404 for another district.
  auto pdf = Http(port(), "GET", base + "/documents/acceptance-notice.pdf", "", citizen.With());
  ASSERT_EQ(pdf.status, 200) << pdf.body.substr(0, 300);
  EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  EXPECT_GT(pdf.body.size(), 2000u);
  EXPECT_NE(pdf.Header("content-type").find("application/pdf"), std::string::npos);
  Session xiashan = FirstStaffLogin(port(), "xs-clerk");
  EXPECT_EQ(
      Http(port(), "GET", base + "/documents/acceptance-notice.pdf", "", xiashan.With()).status,
      404);
  EXPECT_EQ(Http(port(), "GET", base + "/deadline-explanation", "", xiashan.With()).status, 404);
  EXPECT_EQ(Http(port(), "GET", base + "/documents/rejection-notice.pdf", "", clerk.With()).status,
            409);

  // Supplied, approved, concluded: the indicators count it.
  std::string etag = accepted.Header("etag");
  auto supplied = Http(port(), "POST", base + "/transitions",
                       json::serialize(json::object{{"transition", "supply_materials"}}),
                       citizen.With({{"If-Match", etag}}));
  ASSERT_EQ(supplied.status, 200) << supplied.body;
  Session reviewer = FirstStaffLogin(port(), "ck-reviewer");
  auto approved = Http(port(), "POST", base + "/transitions",
                       json::serialize(json::object{{"transition", "approve"}}),
                       reviewer.With({{"If-Match", supplied.Header("etag")}}));
  ASSERT_EQ(approved.status, 200) << approved.body;
  auto concluded = Http(port(), "POST", base + "/transitions",
                        json::serialize(json::object{{"transition", "conclude"}}),
                        clerk.With({{"If-Match", approved.Header("etag")}}));
  ASSERT_EQ(concluded.status, 200) << concluded.body;

  Session manager = FirstStaffLogin(port(), "zj-manager");
  auto stats = Http(port(), "GET", "/api/v1/stats/cases", "", manager.With());
  ASSERT_EQ(stats.status, 200) << stats.body;
  json::value s = stats.Json();
  bool saw_rate = false, saw_online = false;
  for (const auto& row : s.at("items").as_array()) {
    if (row.at("key").as_string() == "case.conclusion_rate") {
      saw_rate = true;
      EXPECT_EQ(row.at("value").as_double(), 100.0);
      EXPECT_EQ(row.at("denominator").as_int64(), 1);
    }
    if (row.at("key").as_string() == "case.fully_online") {
      saw_online = true;  // filed online, supplied online: no visit
      EXPECT_EQ(row.at("value").as_double(), 1.0);
    }
  }
  EXPECT_TRUE(saw_rate && saw_online) << stats.body;
  EXPECT_EQ(Http(port(), "GET", "/api/v1/stats/cases", "", clerk.With()).status, 403);
}

}  // namespace
}  // namespace zt::testing
