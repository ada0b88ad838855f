// End to end over HTTP against the real `zhengtong serve` process, on SQLite or PostgreSQL
// (chosen at build time): the foundation slice, bad input that changes nothing, and
// acknowledged writes surviving kill -9.
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

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
                                {"zj-manager", Role::kBureauManager, "440800", ""},
                                {"zj-item-reviewer", Role::kBureauManager, "440800", ""}});
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
    // Published through review: the admin submits, a second person approves.
    Session reviewer = StaffLogin("zj-item-reviewer");
    EXPECT_NE(PublishThroughReview(port(), admin, reviewer, id, created.Header("etag")), "");
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
  // Nothing was written but the refusals' records (AUD-01): one `request.refused` for each of
  // the 8 state-changing requests of a logged-in user; none for the anonymous ones.
  EXPECT_EQ(AuditEntries(), before + 8);
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

// REL-01: kill -9 during concurrent submissions and transitions, with a client-side history
// and a checker. Three phases (submit with an Idempotency-Key, accept with If-Match "1",
// approve with If-Match "2"), each driven by four clients; in each phase the server is
// killed once a third of the requests are acknowledged, restarted, and every request not
// yet acknowledged is retried with the same key or precondition until it settles (a 412 on
// a retry means the lost reply's request had been applied; the checker confirms it). The
// checker then reads the store: every acknowledged request applied, nothing applied twice
// (one case per key, exactly one event per transition), and `zhengtong audit verify` passes.
// ZT_KILL_CASES sets the number of cases (default 60; scripts/long_tier.sh raises it).
TEST_F(HttpSliceTest, AcknowledgedWritesSurviveKillNine) {
  const char* env_cases = std::getenv("ZT_KILL_CASES");
  const int cases = env_cases ? std::max(3, std::atoi(env_cases)) : 60;
  constexpr int kClients = 4;
  Session admin = StaffLogin("ck-admin");
  std::string item = PublishedItem(admin, "440802-scj-004");
  Session citizen = Citizen();
  Session clerk = StaffLogin("ck-clerk");
  Session reviewer = StaffLogin("ck-reviewer");

  std::vector<std::string> ids(cases);
  int kills = 0;
  std::atomic<int> requests{0};
  int acknowledged_total = 0;
  int replays_confirmed = 0;

  // Runs `attempt(i)` for every i until it settles. attempt returns 1 when acknowledged,
  // 2 when settled without an acknowledgement (a 412 after a lost reply), 0 otherwise.
  auto run_phase = [&](const std::function<int(int)>& attempt) {
    std::vector<int> outcome(cases, 0);
    std::mutex mu;
    int next = 0, settled = 0;
    std::atomic<bool> killed{false};
    std::vector<std::thread> clients;
    for (int t = 0; t < kClients; ++t) {
      clients.emplace_back([&] {
        while (!killed) {
          int i;
          {
            std::lock_guard lock(mu);
            if (next >= cases) return;
            i = next++;
          }
          int o = attempt(i);
          std::lock_guard lock(mu);
          outcome[i] = o;
          if (o != 0) ++settled;
        }
      });
    }
    while (true) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      std::lock_guard lock(mu);
      if (settled >= cases / 3 || next >= cases) break;
    }
    server_->Kill9();
    killed = true;
    ++kills;
    for (auto& c : clients) c.join();
    server_->Restart();
    for (int i = 0; i < cases; ++i) {
      for (int tries = 0; outcome[i] == 0 && tries < 5; ++tries) outcome[i] = attempt(i);
      EXPECT_NE(outcome[i], 0) << "request " << i << " never settled";
      if (outcome[i] == 1) ++acknowledged_total;
      if (outcome[i] == 2) ++replays_confirmed;
    }
    return outcome;
  };

  auto submitted = run_phase([&](int i) {
    requests++;
    auto r = Http(port(), "POST", "/api/v1/applications",
                  json::serialize(json::object{{"item_id", item}}),
                  citizen.With({{"Idempotency-Key", "kill-" + std::to_string(i)}}));
    if (r.status != 201) return 0;
    ids[i] = std::string(r.Json().at("id").as_string());
    return 1;
  });
  auto transition = [&](const Session& who, const char* name, const char* etag) {
    return [&, name, etag](int i) {
      requests++;
      auto r =
          Http(port(), "POST", "/api/v1/applications/" + ids[i] + "/transitions",
               json::serialize(json::object{{"transition", name}}), who.With({{"If-Match", etag}}));
      return r.status == 200 ? 1 : r.status == 412 ? 2 : 0;
    };
  };
  auto accepted = run_phase(transition(clerk, "accept", "\"1\""));
  auto approved = run_phase(transition(reviewer, "approve", "\"2\""));

  // The checker, on the store itself.
  auto store = store::OpenStore(url_);
  ASSERT_TRUE(store.has_value());
  auto uow = (*store)->Begin();
  ASSERT_TRUE(uow.has_value());
  service::CaseQuery all;
  all.region_prefix = "440802";
  all.limit = 1;
  auto page = (*uow)->ListCases(all);
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->total, cases) << "a submission was applied twice or lost";
  std::set<std::string> distinct(ids.begin(), ids.end());
  EXPECT_EQ(distinct.size(), static_cast<std::size_t>(cases)) << "two keys share a case";
  int lost = 0, doubled = 0;
  for (int i = 0; i < cases; ++i) {
    ASSERT_FALSE(ids[i].empty());
    auto c = (*uow)->FindCase(CaseId(ids[i]));
    ASSERT_TRUE(c.has_value() && c->has_value()) << ids[i];
    auto events = (*uow)->ListEventsFor("application", ids[i]);
    ASSERT_TRUE(events.has_value());
    std::map<std::string, int> count;
    for (const auto& e : *events) ++count[e.event.action];
    for (const char* action :
         {"application.submitted", "application.accepted", "application.approved"}) {
      if (count[action] == 0) ++lost;
      if (count[action] > 1) ++doubled;
    }
    EXPECT_EQ((*c)->version, 3) << ids[i];
    // A 412 on a retry is only right if the earlier attempt was applied.
    if (accepted[i] == 2) {
      EXPECT_EQ(count["application.accepted"], 1) << ids[i];
    }
    if (approved[i] == 2) {
      EXPECT_EQ(count["application.approved"], 1) << ids[i];
    }
  }
  uow->reset();
  EXPECT_EQ(lost, 0);
  EXPECT_EQ(doubled, 0);
  std::printf(
      "[figures] kill -9: %d kills survived, %d requests sent (%d cases x submit, accept, "
      "approve), %d acknowledged, %d settled by a 412 after a lost reply, %d lost, %d "
      "applied twice\n",
      kills, requests.load(), cases, acknowledged_total, replays_confirmed, lost, doubled);
  AuditEntries();  // chain intact after the crashes
  std::string command = ZhengtongBinary() + " audit verify --db '" + url_ + "' >/dev/null 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0) << "zhengtong audit verify failed";
}

}  // namespace
}  // namespace zt::testing
