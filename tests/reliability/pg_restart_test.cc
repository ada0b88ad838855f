// REL-02: PostgreSQL crashes and comes back while four clients submit applications through
// the real server. The test runs its own PostgreSQL (scripts/pg_test_server.sh), stops it
// with `pg_ctl -m immediate` (no shutdown checkpoint, like a crash) once some submissions
// are acknowledged, starts it again a second later, and keeps the clients going. Checked:
// the server serves again without a restart of its own (the pool drops dead connections and
// retries once), every submission is retried with its Idempotency-Key until acknowledged,
// every acknowledged one is in the database exactly once, and the event chain verifies.

#include <array>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "http_session.h"
#include "item_review.h"
#include "reliability_support.h"
#include "server_process.h"
#include "two_districts.h"
#include "zt/store/open.h"

namespace zt::testing {
namespace {

namespace json = boost::json;

int Shell(const std::string& command) {
  int status = std::system((command + " >/dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string PgUrl(const std::filesystem::path& dir) {
  std::ifstream in(dir / "conninfo");
  std::string word, host, port;
  while (in >> word) {
    if (word.starts_with("host=")) host = word.substr(5);
    if (word.starts_with("port=")) port = word.substr(5);
  }
  return "postgresql://zt@/zt?host=" + host + "&port=" + port;
}

TEST(PgRestartTest, AcknowledgedSubmissionsSurviveADatabaseCrashAndTheServerRecovers) {
  TempDir dir;
  const std::string script = ZT_PG_SCRIPT;
  ASSERT_EQ(Shell(script + " start " + dir.path().string()), 0);
  struct StopAtEnd {
    std::string command;
    ~StopAtEnd() { Shell(command); }
  } stop_at_end{script + " stop " + dir.path().string()};
  const std::string url = PgUrl(dir.path());
  {
    auto store = store::OpenStore(url);
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    ASSERT_TRUE((*store)->Migrate().has_value());
    ASSERT_TRUE(PutTwoDistricts(**store).has_value());
    ASSERT_TRUE(CreateStaff(**store,
                            {{"ck-admin", accounts::Role::kDepartmentAdmin, "440802", "440802-scj"},
                             {"zj-item-reviewer", accounts::Role::kBureauManager, "440800", ""}})
                    .has_value());
  }
  ServerProcess server(ZhengtongBinary(), url);
  Session admin = FirstStaffLogin(server.port(), "ck-admin");
  json::object draft{{"code", "440802-scj-009"}, {"name", "食品经营许可"},
                     {"type", "licensing"},      {"department_id", "440802-scj"},
                     {"region_code", "440802"},  {"statutory_limit_wd", 20},
                     {"promised_limit_wd", 5},   {"materials", json::array{}}};
  auto created = Http(server.port(), "POST", "/api/v1/items", json::serialize(draft), admin.With());
  ASSERT_EQ(created.status, 201) << created.body;
  std::string item(created.Json().at("id").as_string());
  ASSERT_NE(
      PublishThroughReview(server.port(), admin, FirstStaffLogin(server.port(), "zj-item-reviewer"),
                           item, created.Header("etag")),
      "");
  std::string citizen_id = seed::DemoIdNumber("440802", *ParseDate("1990-01-01"), 7);
  ASSERT_EQ(Http(server.port(), "POST", "/api/v1/citizens",
                 json::serialize(json::object{{"id_number", citizen_id},
                                              {"name", "林小雨"},
                                              {"phone", "13807590000"},
                                              {"password", kNewPassword}}))
                .status,
            201);
  Session citizen = Login(server.port(), citizen_id, kNewPassword);

  const int total = static_cast<int>(EnvCount("ZT_PG_RESTART_SUBMISSIONS", 120));
  std::mutex mu;
  std::vector<std::string> ids(total);
  std::atomic<int> next{0}, acked{0}, requests{0}, failures_during_outage{0};
  auto submit = [&](int i) {
    requests++;
    auto r = Http(server.port(), "POST", "/api/v1/applications",
                  json::serialize(json::object{{"item_id", item}}),
                  citizen.With({{"Idempotency-Key", "pg-" + std::to_string(i)}}));
    if (r.status != 201) return r.status;
    std::lock_guard lock(mu);
    ids[i] = std::string(r.Json().at("id").as_string());
    return 201;
  };
  std::vector<int> unsettled_after_first_try;
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&] {
      for (int i; (i = next++) < total;) {
        int status = submit(i);
        if (status == 201) {
          acked++;
        } else {
          failures_during_outage++;
          EXPECT_NE(status, 500) << "a database outage must answer 503, not 500";
          std::lock_guard lock(mu);
          unsettled_after_first_try.push_back(i);
        }
      }
    });
  }
  while (acked < total / 4) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_EQ(Shell(script + " crash " + dir.path().string()), 0);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  ASSERT_EQ(Shell(script + " resume " + dir.path().string()), 0);
  auto back = std::chrono::steady_clock::now();
  for (auto& c : clients) c.join();
  // Ready again within 30 s of the database being back, without restarting the server.
  bool ready = false;
  while (!ready && std::chrono::steady_clock::now() - back < std::chrono::seconds(30)) {
    ready = Http(server.port(), "GET", "/readyz").status == 200;
    if (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(ready);
  for (int i : unsettled_after_first_try) {
    for (int tries = 0; tries < 20 && submit(i) != 201; ++tries) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

  auto store = store::OpenStore(url);
  ASSERT_TRUE(store.has_value());
  {
    auto uow = (*store)->Begin();
    ASSERT_TRUE(uow.has_value());
    service::CaseQuery all;
    all.region_prefix = "440802";
    all.limit = 1;
    auto page = (*uow)->ListCases(all);
    ASSERT_TRUE(page.has_value());
    EXPECT_EQ(page->total, total) << "a submission was lost or applied twice";
    int missing = 0;
    for (const std::string& id : ids) {
      if (id.empty()) {
        ++missing;
        continue;
      }
      auto c = (*uow)->FindCase(CaseId(id));
      if (!c || !c->has_value()) ++missing;
    }
    EXPECT_EQ(missing, 0);
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(),
              static_cast<std::size_t>(total));
  }
  auto chain = (*store)->VerifyChain();
  ASSERT_TRUE(chain.has_value());
  EXPECT_TRUE(chain->intact) << chain->problem;
  std::printf(
      "[figures] PostgreSQL crash: %d submissions, %d requests, %d acknowledged before "
      "or during the outage, %d refused and retried, 0 lost unless reported above\n",
      total, requests.load(), acked.load(), failures_during_outage.load());
}

}  // namespace
}  // namespace zt::testing
