// End to end over HTTP against the real `zhengtong serve` process, on SQLite or PostgreSQL
// (chosen at build time): the foundation slice, bad input that changes nothing, and
// acknowledged writes surviving kill -9.
#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>

#include "http_session.h"
#include "server_process.h"
#include "store_test_db.h"
#include "two_districts.h"
#include "zt/seed/seed.h"
#include "zt/store/open.h"

namespace zt::testing {
namespace {

namespace json = boost::json;

class HttpSliceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = StoreTestDatabase::Create(ZT_TEST_BACKEND);
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
    {
      auto store = db_->Open();
      ASSERT_TRUE(store.has_value());
      ASSERT_TRUE((*store)->Migrate().has_value());
      auto seeded = PutTwoDistricts(**store);
      ASSERT_TRUE(seeded.has_value()) << seeded.error().ToString();
      using accounts::Role;
      auto staff =
          CreateStaff(**store, {{"ck-admin", Role::kDepartmentAdmin, "440802", "440802-scj"},
                                {"ck-clerk", Role::kWindowClerk, "440802", "440802-scj"},
                                {"ck-reviewer", Role::kReviewer, "440802", "440802-scj"},
                                {"xs-clerk", Role::kWindowClerk, "440803", "440803-scj"},
                                {"zj-manager", Role::kBureauManager, "440800", ""}});
      ASSERT_TRUE(staff.has_value()) << staff.error().ToString();
    }
    url_ = db_->Url();
    server_ = std::make_unique<ServerProcess>(ZhengtongBinary(), url_);
    citizen_id_ = seed::DemoIdNumber("440802", *ParseDate("1985-06-15"), 123);
  }

  std::uint16_t port() const { return server_->port(); }

  Session Login(const std::string& user, const std::string& password, int expect = 200) {
    return testing::Login(port(), user, password, expect);
  }

  Session StaffLogin(const std::string& user) { return FirstStaffLogin(port(), user); }

  Session Citizen() {
    auto r = Http(port(), "POST", "/api/v1/citizens",
                  json::serialize(json::object{{"id_number", citizen_id_},
                                               {"name", "陈晓明"},
                                               {"phone", "13807591234"},
                                               {"password", kNewPassword}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return Login(citizen_id_, kNewPassword);
  }

  std::string PublishedItem(const Session& admin, const std::string& code) {
    json::object item{
        {"code", code},
        {"name", "食品经营许可"},
        {"type", "licensing"},
        {"department_id", "440802-scj"},
        {"region_code", "440802"},
        {"statutory_limit_wd", 20},
        {"promised_limit_wd", 5},
        {"materials", json::array{json::object{{"name", "申请表"}, {"required", true}}}}};
    auto created = Http(port(), "POST", "/api/v1/items", json::serialize(item), admin.With());
    EXPECT_EQ(created.status, 201) << created.body;
    std::string id(created.Json().at("id").as_string());
    auto published = Http(port(), "POST", "/api/v1/items/" + id + "/publish", "",
                          admin.With({{"If-Match", created.Header("etag")}}));
    EXPECT_EQ(published.status, 200) << published.body;
    return id;
  }

  std::int64_t AuditEntries() {
    auto store = store::OpenStore(url_);
    EXPECT_TRUE(store.has_value());
    auto report = (*store)->VerifyChain();
    EXPECT_TRUE(report.has_value());
    EXPECT_TRUE(report->intact) << report->problem;
    return report->entries;
  }

  std::unique_ptr<StoreTestDatabase> db_;
  std::string url_;
  std::unique_ptr<ServerProcess> server_;
  std::string citizen_id_;
};

TEST_F(HttpSliceTest, SliceFromPublicationToConclusion) {
  Session admin = StaffLogin("ck-admin");
  std::string item = PublishedItem(admin, "440802-scj-001");
  Session citizen = Citizen();

  auto found = Http(port(), "GET", "/api/v1/items?q=%E9%A3%9F%E5%93%81");  // 食品
  ASSERT_EQ(found.status, 200);
  EXPECT_EQ(found.Json().at("total_size").as_int64(), 1);

  std::string body =
      json::serialize(json::object{{"item_id", item}, {"form", json::object{{"说明", "开店"}}}});
  auto applied = Http(port(), "POST", "/api/v1/applications", body,
                      citizen.With({{"Idempotency-Key", "k-1"}}));
  ASSERT_EQ(applied.status, 201) << applied.body;
  auto application = applied.Json().as_object();
  std::string id(application.at("id").as_string());
  std::string receipt(application.at("receipt_no").as_string());
  EXPECT_EQ(application.at("applicant").at("id_number").as_string(), citizen_id_);  // own view
  auto retried = Http(port(), "POST", "/api/v1/applications", body,
                      citizen.With({{"Idempotency-Key", "k-1"}}));
  ASSERT_EQ(retried.status, 201);
  EXPECT_EQ(retried.Json().at("id").as_string(), id);

  Session clerk = StaffLogin("ck-clerk");
  auto queue = Http(port(), "GET", "/api/v1/applications?state=submitted", "", clerk.With());
  ASSERT_EQ(queue.status, 200);
  ASSERT_EQ(queue.Json().at("total_size").as_int64(), 1);
  // Staff see the applicant's numbers masked.
  std::string masked(
      queue.Json().at("items").as_array()[0].at("applicant").at("id_number").as_string());
  EXPECT_NE(masked, citizen_id_);
  EXPECT_EQ(masked.substr(0, 6), citizen_id_.substr(0, 6));
  EXPECT_NE(masked.find('*'), std::string::npos);

  auto act = [&](const Session& who, const char* transition, const std::string& etag) {
    return Http(port(), "POST", "/api/v1/applications/" + id + "/transitions",
                json::serialize(json::object{{"transition", transition}}),
                who.With({{"If-Match", etag}}));
  };
  auto accepted = act(clerk, "accept", "\"1\"");
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_FALSE(accepted.Json().at("promised_deadline").is_null());
  Session reviewer = StaffLogin("ck-reviewer");
  auto approved = act(reviewer, "approve", accepted.Header("etag"));
  ASSERT_EQ(approved.status, 200) << approved.body;
  auto concluded = act(clerk, "conclude", approved.Header("etag"));
  ASSERT_EQ(concluded.status, 200) << concluded.body;
  EXPECT_EQ(concluded.Json().at("state").as_string(), "concluded");

  auto progress =
      Http(port(), "GET", "/api/v1/progress?receipt_no=" + receipt + "&id_number=" + citizen_id_);
  ASSERT_EQ(progress.status, 200) << progress.body;
  EXPECT_EQ(progress.Json().at("state_name").as_string(), "已办结");
  EXPECT_EQ(progress.Json().at("steps").as_array().size(), 4u);
  EXPECT_EQ(progress.body.find(citizen_id_), std::string::npos) << "public view must mask the ID";

  Session xiashan = StaffLogin("xs-clerk");
  auto hidden = Http(port(), "GET", "/api/v1/applications/" + id, "", xiashan.With());
  EXPECT_EQ(hidden.status, 404);

  Session manager = StaffLogin("zj-manager");
  auto stats = Http(port(), "GET", "/api/v1/stats/departments", "", manager.With());
  ASSERT_EQ(stats.status, 200) << stats.body;
  bool found_department = false;
  json::value stats_json = stats.Json();  // kept alive: the loop holds references into it
  for (const auto& row : stats_json.at("items").as_array()) {
    if (row.at("department_id").as_string() != "440802-scj") continue;
    found_department = true;
    EXPECT_EQ(row.at("concluded").as_int64(), 1);
    EXPECT_EQ(row.at("conclusion_rate").at("value").as_double(), 100.0);
    EXPECT_EQ(row.at("conclusion_rate").at("denominator").as_int64(), 1);
  }
  EXPECT_TRUE(found_department);
  EXPECT_EQ(server_->Terminate(), 0);  // SIGTERM: graceful stop, exit 0
}

TEST_F(HttpSliceTest, BadInputGetsProblemAndChangesNothing) {
  Session admin = StaffLogin("ck-admin");
  std::string item = PublishedItem(admin, "440802-scj-002");
  Session citizen = Citizen();
  auto applied = Http(port(), "POST", "/api/v1/applications",
                      json::serialize(json::object{{"item_id", item}}), citizen.With());
  ASSERT_EQ(applied.status, 201);
  std::string id(applied.Json().at("id").as_string());
  Session clerk = StaffLogin("ck-clerk");
  std::int64_t before = AuditEntries();

  struct Case {
    const char* what;
    HttpResult result;
    int status;
    const char* pointer;  // expected errors[0].pointer, or nullptr
  };
  std::string transitions = "/api/v1/applications/" + id + "/transitions";
  std::vector<Case> cases;
  cases.push_back(
      {"malformed JSON",
       Http(port(), "POST", transitions, "{\"transition\":", clerk.With({{"If-Match", "\"1\""}})),
       400, nullptr});
  cases.push_back({"unknown field",
                   Http(port(), "POST", transitions, "{\"transition\":\"accept\",\"x\":1}",
                        clerk.With({{"If-Match", "\"1\""}})),
                   400, "/x"});
  cases.push_back(
      {"wrong type",
       Http(port(), "POST", transitions, "{\"transition\":7}", clerk.With({{"If-Match", "\"1\""}})),
       400, "/transition"});
  cases.push_back({"no If-Match",
                   Http(port(), "POST", transitions, "{\"transition\":\"accept\"}", clerk.With()),
                   428, nullptr});
  cases.push_back({"stale If-Match",
                   Http(port(), "POST", transitions, "{\"transition\":\"accept\"}",
                        clerk.With({{"If-Match", "\"7\""}})),
                   412, nullptr});
  cases.push_back({"state forbids",
                   Http(port(), "POST", transitions, "{\"transition\":\"conclude\"}",
                        clerk.With({{"If-Match", "\"1\""}})),
                   409, nullptr});
  cases.push_back({"no CSRF token",
                   Http(port(), "POST", transitions, "{\"transition\":\"accept\"}",
                        {{"Cookie", clerk.cookie}, {"If-Match", "\"1\""}}),
                   403, nullptr});
  cases.push_back(
      {"not logged in",
       Http(port(), "POST", transitions, "{\"transition\":\"accept\"}", {{"If-Match", "\"1\""}}),
       401, nullptr});
  std::string bad_id = citizen_id_;
  bad_id.back() = bad_id.back() == '1' ? '2' : '1';
  cases.push_back({"ID check digit",
                   Http(port(), "POST", "/api/v1/citizens",
                        json::serialize(json::object{{"id_number", bad_id},
                                                     {"name", "林秀英"},
                                                     {"phone", "13807590000"},
                                                     {"password", kNewPassword}})),
                   400, "/id_number"});
  cases.push_back({"nonexistent date",
                   Http(port(), "GET", "/api/v1/calendar/deadline?start=2023-02-29&days=3"), 400,
                   "start"});
  cases.push_back({"oversized body",
                   Http(port(), "POST", "/api/v1/citizens", std::string(2 * 1024 * 1024, ' ')), 413,
                   nullptr});
  cases.push_back({"promised > statutory",
                   Http(port(), "POST", "/api/v1/items",
                        json::serialize(json::object{{"code", "440802-scj-003"},
                                                     {"name", "x"},
                                                     {"type", "licensing"},
                                                     {"department_id", "440802-scj"},
                                                     {"region_code", "440802"},
                                                     {"statutory_limit_wd", 5},
                                                     {"promised_limit_wd", 9}}),
                        admin.With()),
                   400, "/promised_limit_wd"});
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(c.result.status, c.status) << c.result.body;
    EXPECT_EQ(c.result.Header("content-type"), "application/problem+json");
    auto problem = c.result.Json();
    ASSERT_TRUE(problem.is_object()) << c.result.body;
    EXPECT_EQ(problem.at("status").as_int64(), c.status);
    if (c.pointer != nullptr) {
      ASSERT_FALSE(problem.at("errors").as_array().empty());
      EXPECT_EQ(problem.at("errors").as_array()[0].at("pointer").as_string(), c.pointer);
    }
  }
  // The failed login attempts are not among these requests: nothing was written at all.
  EXPECT_EQ(AuditEntries(), before);
  auto still = Http(port(), "GET", "/api/v1/applications/" + id, "", clerk.With());
  EXPECT_EQ(still.Json().at("state").as_string(), "submitted");
  EXPECT_EQ(still.Json().at("version").as_int64(), 1);
}

TEST_F(HttpSliceTest, EnglishProblemsWhenAskedFor) {
  auto r = Http(port(), "POST", "/api/v1/session",
                "{\"username\":\"nobody\",\"password\":\"nothing-at-all\"}",
                {{"Accept-Language", "en-US,en;q=0.9"}});
  ASSERT_EQ(r.status, 401);
  EXPECT_EQ(r.Json().at("detail").as_string(), "The username or password is wrong");
  auto zh = Http(port(), "POST", "/api/v1/session",
                 "{\"username\":\"nobody\",\"password\":\"nothing-at-all\"}");
  EXPECT_EQ(zh.Json().at("detail").as_string(), "用户名或密码错误");
}

TEST_F(HttpSliceTest, AcknowledgedWritesSurviveKillNine) {
  Session admin = StaffLogin("ck-admin");
  std::string item = PublishedItem(admin, "440802-scj-004");
  Session citizen = Citizen();
  std::mutex mu;
  std::set<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::atomic<int> attempts{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&, t] {
      for (int i = 0; !stop; ++i) {
        attempts++;
        auto r = Http(
            port(), "POST", "/api/v1/applications",
            json::serialize(json::object{{"item_id", item}}),
            citizen.With({{"Idempotency-Key", "t" + std::to_string(t) + "-" + std::to_string(i)}}));
        if (r.status == 201) {
          std::lock_guard lock(mu);
          acknowledged.insert(std::string(r.Json().at("id").as_string()));
        }
      }
    });
  }
  // Let some writes through, then kill the server mid-stream.
  while (true) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::lock_guard lock(mu);
    if (acknowledged.size() >= 40) break;
  }
  server_->Kill9();
  stop = true;
  for (auto& c : clients) c.join();
  server_->Restart();
  Session again = Login(citizen_id_, kNewPassword);
  int missing = 0;
  for (const auto& id : acknowledged) {
    if (Http(port(), "GET", "/api/v1/applications/" + id, "", again.With()).status != 200)
      ++missing;
  }
  EXPECT_EQ(missing, 0) << "of " << acknowledged.size() << " acknowledged";
  std::printf("kill -9: %zu acknowledged of %d attempts, %d lost\n", acknowledged.size(),
              attempts.load(), missing);
  AuditEntries();  // chain intact after the crash
}

}  // namespace
}  // namespace zt::testing
