// CON-01..04 against the real server, on SQLite or PostgreSQL (chosen at build time):
//   CON-01 lost updates: 50 clients read-modify-write one case (suspend ⇄ resume, each with
//          the If-Match of what they read, re-reading after a 412): the final version grows
//          by exactly the number of 2xx answers, every other answer is 412, no 5xx, and
//          there is exactly one event per 2xx;
//   CON-02 a transition without If-Match: 428, nothing written;
//   CON-03 conflicting transitions: 10 reviewers race approve and deny on each of 20 cases:
//          exactly one winner per case, losers 412 or 409, one terminal event per case;
//   CON-04 Idempotency-Key: each of 20 submissions sent three times (two of them at the same
//          moment) makes one case and three identical answers; the same key with another body
//          is 409 idempotency.key_reused; the same key from another account makes that
//          account's own case and reveals nothing of the first.

#include <atomic>
#include <map>
#include <mutex>
#include <set>
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

class ConcurrencyHttpTest : public ::testing::Test {
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
      ASSERT_TRUE(
          CreateStaff(**store, {{"ck-admin", Role::kDepartmentAdmin, "440802", "440802-scj"},
                                {"ck-clerk", Role::kWindowClerk, "440802", "440802-scj"},
                                {"ck-reviewer", Role::kReviewer, "440802", "440802-scj"},
                                {"zj-item-reviewer", Role::kBureauManager, "440800", ""}})
              .has_value());
    }
    server_ = std::make_unique<ServerProcess>(ZhengtongBinary(), db_->Url());
    admin_ = FirstStaffLogin(port(), "ck-admin");
    clerk_ = FirstStaffLogin(port(), "ck-clerk");
    reviewer_ = FirstStaffLogin(port(), "ck-reviewer");
    json::object draft{{"code", "440802-scj-031"}, {"name", "食品经营许可"},
                       {"type", "licensing"},      {"department_id", "440802-scj"},
                       {"region_code", "440802"},  {"statutory_limit_wd", 20},
                       {"promised_limit_wd", 5},   {"materials", json::array{}}};
    auto created = Http(port(), "POST", "/api/v1/items", json::serialize(draft), admin_.With());
    ASSERT_EQ(created.status, 201) << created.body;
    item_ = std::string(created.Json().at("id").as_string());
    ASSERT_NE(PublishThroughReview(port(), admin_, FirstStaffLogin(port(), "zj-item-reviewer"),
                                   item_, created.Header("etag")),
              "");
    citizen_ = NewCitizen(1);
  }

  std::uint16_t port() const { return server_->port(); }

  Session NewCitizen(int n) {
    std::string id = seed::DemoIdNumber("440802", *ParseDate("1988-03-04"), n);
    auto r = Http(port(), "POST", "/api/v1/citizens",
                  json::serialize(json::object{{"id_number", id},
                                               {"name", "市民" + std::to_string(n)},
                                               {"phone", "1380759" + std::to_string(1000 + n)},
                                               {"password", kNewPassword}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return Login(port(), id, kNewPassword);
  }

  std::string Submit(const Session& who, const std::string& key = "") {
    Headers h;
    if (!key.empty()) h.push_back({"Idempotency-Key", key});
    auto r = Http(port(), "POST", "/api/v1/applications",
                  json::serialize(json::object{{"item_id", item_}}), who.With(h));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? std::string(r.Json().at("id").as_string()) : "";
  }

  HttpResult Act(const Session& who, const std::string& id, json::object body,
                 const std::string& etag) {
    Headers h;
    if (!etag.empty()) h.push_back({"If-Match", etag});
    return Http(port(), "POST", "/api/v1/applications/" + id + "/transitions",
                json::serialize(body), who.With(h));
  }

  std::string AcceptedCase() {
    std::string id = Submit(citizen_);
    auto r = Act(clerk_, id, {{"transition", "accept"}}, "\"1\"");
    EXPECT_EQ(r.status, 200) << r.body;
    return id;
  }

  std::map<std::string, int> EventCounts(const std::string& id) {
    std::map<std::string, int> counts;
    auto store = store::OpenStore(db_->Url());
    EXPECT_TRUE(store.has_value());
    auto uow = (*store)->Begin();
    EXPECT_TRUE(uow.has_value());
    auto events = (*uow)->ListEventsFor("application", id);
    EXPECT_TRUE(events.has_value());
    for (const auto& e : *events) ++counts[e.event.action];
    return counts;
  }

  std::unique_ptr<StoreTestDatabase> db_;
  std::unique_ptr<ServerProcess> server_;
  Session admin_, clerk_, reviewer_, citizen_;
  std::string item_;
};

TEST_F(ConcurrencyHttpTest, Con01FiftyClientsReadModifyWriteOneCaseWithoutLostUpdates) {
  std::string id = AcceptedCase();
  constexpr int kClients = 50, kWinsEach = 2;
  std::atomic<int> ok{0}, precondition_failed{0}, other{0}, server_errors{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < kClients; ++t) {
    clients.emplace_back([&] {
      for (int wins = 0, tries = 0; wins < kWinsEach && tries < 200; ++tries) {
        auto read = Http(port(), "GET", "/api/v1/applications/" + id, "", reviewer_.With());
        if (read.status != 200) {
          (read.status >= 500 ? server_errors : other)++;
          continue;
        }
        bool accepted = read.Json().at("state").as_string() == "accepted";
        json::object body{{"transition", accepted ? "suspend" : "resume"}};
        if (accepted) body["note"] = "等待现场核查";
        auto r = Act(reviewer_, id, body, read.Header("etag"));
        if (r.status == 200) {
          ++ok;
          ++wins;
        } else if (r.status == 412) {
          ++precondition_failed;
        } else {
          (r.status >= 500 ? server_errors : other)++;
          ADD_FAILURE() << r.status << " " << r.body;
        }
      }
    });
  }
  for (auto& c : clients) c.join();
  auto final_read = Http(port(), "GET", "/api/v1/applications/" + id, "", reviewer_.With());
  ASSERT_EQ(final_read.status, 200);
  std::int64_t version = std::stoll(final_read.Header("etag").substr(1));
  auto counts = EventCounts(id);
  std::printf("[figures] CON-01: %d clients, %d acknowledged, %d refused 412, %d other, %d 5xx\n",
              kClients, ok.load(), precondition_failed.load(), other.load(), server_errors.load());
  EXPECT_EQ(ok.load(), kClients * kWinsEach);
  EXPECT_EQ(version, 2 + ok.load()) << "the version must grow by exactly the 2xx answers";
  EXPECT_EQ(counts["application.suspended"] + counts["application.resumed"], ok.load());
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(server_errors.load(), 0);
}

TEST_F(ConcurrencyHttpTest, Con02TransitionsWithoutIfMatchGet428AndChangeNothing) {
  std::string id = AcceptedCase();
  auto before = EventCounts(id);
  for (int i = 0; i < 20; ++i) {
    auto r = Act(reviewer_, id, {{"transition", "suspend"}, {"note", "核查"}}, "");
    EXPECT_EQ(r.status, 428) << r.body;
  }
  EXPECT_EQ(EventCounts(id), before);
}

TEST_F(ConcurrencyHttpTest, Con03RacingApproveAndDenyHaveExactlyOneWinnerPerCase) {
  constexpr int kCases = 20, kRacers = 10;
  int cases_with_one_winner = 0;
  for (int c = 0; c < kCases; ++c) {
    std::string id = AcceptedCase();
    std::atomic<int> winners{0}, losers{0}, wrong{0};
    std::vector<std::thread> racers;
    for (int t = 0; t < kRacers; ++t) {
      racers.emplace_back([&, t] {
        json::object body{{"transition", t % 2 == 0 ? "approve" : "deny"}};
        if (t % 2 == 1) body["note"] = "材料不符合法定条件";
        auto r = Act(reviewer_, id, body, "\"2\"");
        if (r.status == 200) {
          ++winners;
        } else if (r.status == 412 || r.status == 409) {
          ++losers;
        } else {
          ++wrong;
        }
      });
    }
    for (auto& r : racers) r.join();
    auto counts = EventCounts(id);
    EXPECT_EQ(winners.load(), 1) << id;
    EXPECT_EQ(wrong.load(), 0) << id;
    EXPECT_EQ(counts["application.approved"] + counts["application.denied"], 1) << id;
    if (winners == 1) ++cases_with_one_winner;
  }
  std::printf("[figures] CON-03: %d/%d cases with exactly one winner of %d racers\n",
              cases_with_one_winner, kCases, kRacers);
}

TEST_F(ConcurrencyHttpTest, Con04IdempotencyKeysGiveOneCaseAndTheSameAnswer) {
  constexpr int kPosts = 20;
  std::set<std::string> cases;
  int identical = 0;
  for (int i = 0; i < kPosts; ++i) {
    std::string key = "con04-" + std::to_string(i);
    std::string body = json::serialize(json::object{{"item_id", item_}});
    auto post = [&] {
      return Http(port(), "POST", "/api/v1/applications", body,
                  citizen_.With({{"Idempotency-Key", key}}));
    };
    HttpResult first = post();
    HttpResult a, b;
    std::thread ta([&] { a = post(); }), tb([&] { b = post(); });
    ta.join();
    tb.join();
    ASSERT_EQ(first.status, 201) << first.body;
    std::string id(first.Json().at("id").as_string());
    for (const HttpResult* r : {&a, &b}) {
      // A concurrent copy gets the identical result (or 409 while the first is in flight).
      if (r->status == 409) continue;
      EXPECT_EQ(r->status, 201) << r->body;
      if (r->status == 201 && r->Json().at("id").as_string() == id) ++identical;
    }
    cases.insert(id);
  }
  EXPECT_EQ(cases.size(), static_cast<std::size_t>(kPosts));
  EXPECT_EQ(identical, 2 * kPosts);

  // Same key, another body: refused, documented as 409 idempotency.key_reused.
  auto other_body = Http(port(), "POST", "/api/v1/applications",
                         json::serialize(json::object{{"item_id", item_}, {"channel", "mobile"}}),
                         citizen_.With({{"Idempotency-Key", "con04-0"}}));
  EXPECT_EQ(other_body.status, 409) << other_body.body;
  EXPECT_NE(other_body.body.find("idempotency.key_reused"), std::string::npos) << other_body.body;

  // Same key from another account: that account's own new case, nothing of the first's.
  Session stranger = NewCitizen(2);
  auto theirs = Http(port(), "POST", "/api/v1/applications",
                     json::serialize(json::object{{"item_id", item_}}),
                     stranger.With({{"Idempotency-Key", "con04-0"}}));
  ASSERT_EQ(theirs.status, 201) << theirs.body;
  EXPECT_EQ(cases.count(std::string(theirs.Json().at("id").as_string())), 0u)
      << "another account's key returned the first account's case";
  std::printf("[figures] CON-04: %d keys x 3 posts, %zu cases, %d identical replays\n", kPosts,
              cases.size(), identical);
}

}  // namespace
}  // namespace zt::testing
