// The 12345 hotline end to end over HTTP against the real `zhengtong serve` process, on SQLite
// or PostgreSQL (chosen at build time): a call taken, dispatched, answered by the department,
// called back and closed; bad input refused with nothing written; and an Open311 GeoReport v2
// client filing a request and following it to "closed".
#include <gtest/gtest.h>

#include "http_session.h"
#include "server_process.h"
#include "store_test_db.h"
#include "two_districts.h"

namespace zt::testing {
namespace {

namespace json = boost::json;

std::string Str(const json::value& v) { return std::string(v.as_string()); }

class HotlineHttpTest : public ::testing::Test {
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
      auto tx = (*store)->Begin();
      ASSERT_TRUE(tx.has_value());
      ASSERT_TRUE((*tx)
                      ->PutDepartment({DepartmentId("440802-hbj"), "赤坎区生态环境分局",
                                       "生态环境分局", "440802", ""})
                      .has_value());
      ASSERT_TRUE((*tx)->Commit().has_value());
      using accounts::Role;
      auto staff = CreateStaff(**store, {{"zj-agent", Role::kHotlineAgent, "440800", ""},
                                         {"zj-supervisor", Role::kHotlineSupervisor, "440800", ""},
                                         {"ck-hbj", Role::kReviewer, "440802", "440802-hbj"},
                                         {"ck-scj", Role::kReviewer, "440802", "440802-scj"}});
      ASSERT_TRUE(staff.has_value()) << staff.error().ToString();
    }
    server_ = std::make_unique<ServerProcess>(ZhengtongBinary(), db_->Url());
    agent_ = FirstStaffLogin(port(), "zj-agent");
    supervisor_ = FirstStaffLogin(port(), "zj-supervisor");
    hbj_ = FirstStaffLogin(port(), "ck-hbj");
    auto rule = Http(port(), "POST", "/api/v1/hotline/routing",
                     R"({"category_prefix": "02", "region_prefix": "4408",
                         "department_id": "440802-hbj"})",
                     supervisor_.With({{"Content-Type", "application/json"}}));
    ASSERT_EQ(rule.status, 204) << rule.body;
  }

  std::uint16_t port() const { return server_->port(); }

  HttpResult Act(const Session& who, const json::value& order, const std::string& transition,
                 json::object fields = {}) {
    fields["transition"] = transition;
    return Http(
        port(), "POST", "/api/v1/hotline/orders/" + Str(order.at("id")) + "/transitions",
        json::serialize(fields),
        who.With({{"Content-Type", "application/json"},
                  {"If-Match", "\"" + std::to_string(order.at("version").as_int64()) + "\""}}));
  }

  std::unique_ptr<StoreTestDatabase> db_;
  std::unique_ptr<ServerProcess> server_;
  Session agent_, supervisor_, hbj_;
};

TEST_F(HotlineHttpTest, CallIsDispatchedRepliedCalledBackAndClosed) {
  json::object call{
      {"source", "phone"},          {"caller_name", "李秀英"}, {"caller_phone", "13807591234"},
      {"matter_type", "complaint"}, {"category_code", "0201"}, {"region_code", "440802"},
      {"address", "中山二路18号"},  {"title", "夜间施工噪音"}, {"content", "凌晨两点工地仍在打桩"},
      {"disposition", "dispatch"}};
  auto created = Http(port(), "POST", "/api/v1/hotline/orders", json::serialize(call),
                      agent_.With({{"Content-Type", "application/json"}}));
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Header("etag"), "\"1\"");
  json::value order = created.Json();
  EXPECT_EQ(Str(order.at("state")), "dispatched");
  EXPECT_EQ(Str(order.at("department_id")), "440802-hbj");

  // The department's inbox shows it, with the caller masked.
  auto inbox = Http(port(), "GET", "/api/v1/hotline/orders?state=dispatched", "", hbj_.With());
  ASSERT_EQ(inbox.status, 200) << inbox.body;
  ASSERT_EQ(inbox.Json().at("total_size").as_int64(), 1);
  EXPECT_EQ(Str(inbox.Json().at("items").at(0).at("caller_phone")), "138****1234");

  auto accepted = Act(hbj_, order, "accept");
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  auto replied = Act(hbj_, accepted.Json(), "reply", {{"note", "已责令停止夜间施工"}});
  ASSERT_EQ(replied.status, 200) << replied.body;
  auto stale = Act(supervisor_, accepted.Json(), "call_back", {{"satisfaction", "satisfied"}});
  EXPECT_EQ(stale.status, 412) << stale.body;
  auto called = Act(supervisor_, replied.Json(), "call_back", {{"satisfaction", "satisfied"}});
  ASSERT_EQ(called.status, 200) << called.body;
  auto closed = Act(supervisor_, called.Json(), "close_resolved");
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(Str(closed.Json().at("state")), "closed_resolved");
  EXPECT_EQ(closed.Json().at("steps").as_array().size(), 5u);

  auto stats = Http(port(), "GET", "/api/v1/stats/hotline?from=2020-01-01&to=2030-12-31", "",
                    supervisor_.With());
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_EQ(stats.Json().at("counters").at("dispatched").as_int64(), 1);
}

TEST_F(HotlineHttpTest, BadInputIsRefusedWithFieldErrorsAndNothingWritten) {
  json::object call{
      {"category_code", "0201"}, {"region_code", "440899"}, {"title", "噪音"}, {"content", "噪音"}};
  auto refused = Http(port(), "POST", "/api/v1/hotline/orders", json::serialize(call),
                      agent_.With({{"Content-Type", "application/json"}}));
  ASSERT_EQ(refused.status, 400) << refused.body;
  json::value problem = refused.Json();
  EXPECT_EQ(Str(problem.at("key")), "hotline.type_required");
  EXPECT_EQ(Str(problem.at("detail")), "请选择诉求类型");
  call["matter_type"] = "complaint";
  auto unknown_region = Http(port(), "POST", "/api/v1/hotline/orders", json::serialize(call),
                             agent_.With({{"Content-Type", "application/json"}}));
  ASSERT_EQ(unknown_region.status, 400) << unknown_region.body;
  EXPECT_EQ(Str(unknown_region.Json().at("key")), "hotline.region_invalid");
  auto list = Http(port(), "GET", "/api/v1/hotline/orders", "", supervisor_.With());
  EXPECT_EQ(list.Json().at("total_size").as_int64(), 0);
}

TEST_F(HotlineHttpTest, Open311ClientFilesAndFollowsARequest) {
  auto services = Http(port(), "GET", "/open311/v2/services.json");
  ASSERT_EQ(services.status, 200) << services.body;
  bool noise = false;
  const json::value list = services.Json();
  for (const auto& s : list.as_array()) {
    noise = noise || Str(s.at("service_code")) == "0201";
  }
  EXPECT_TRUE(noise);

  // A GeoReport client posts form-encoded fields, anonymously.
  std::string form =
      "service_code=0201&jurisdiction_id=440802&address_string=%E4%B8%AD%E5%B1%B1%E4%BA%8C%E8%B7%AF"
      "&description=%E5%A4%9C%E9%97%B4%E6%96%BD%E5%B7%A5%E5%99%AA%E9%9F%B3&first_name=Wei"
      "&last_name=Li&api_key=ignored";
  auto filed = Http(port(), "POST", "/open311/v2/requests.json", form,
                    {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(filed.status, 201) << filed.body;
  ASSERT_TRUE(filed.Json().is_array() && filed.Json().as_array().size() == 1) << filed.body;
  std::string id = Str(filed.Json().at(0).at("service_request_id"));
  EXPECT_TRUE(id.starts_with("12345-")) << id;

  auto followed = Http(port(), "GET", "/open311/v2/requests/" + id + ".json");
  ASSERT_EQ(followed.status, 200) << followed.body;
  ASSERT_EQ(followed.Json().as_array().size(), 1u) << followed.body;
  EXPECT_EQ(Str(followed.Json().at(0).at("status")), "open");
  EXPECT_EQ(Str(followed.Json().at(0).at("description")), "夜间施工噪音");
  EXPECT_EQ(Str(followed.Json().at(0).at("agency_responsible")), "赤坎区生态环境分局");

  // The department handles it; the centre closes it without calling it fixed.
  auto inbox = Http(port(), "GET", "/api/v1/hotline/orders", "", hbj_.With());
  ASSERT_EQ(inbox.status, 200) << inbox.body;
  ASSERT_EQ(inbox.Json().at("total_size").as_int64(), 1) << inbox.body;
  json::value order = inbox.Json().at("items").at(0);
  EXPECT_EQ(Str(order.at("source")), "open311");
  auto step = Act(hbj_, order, "accept");
  ASSERT_EQ(step.status, 200) << step.body;
  step = Act(hbj_, step.Json(), "reply", {{"note", "施工单位持有夜间施工许可"}});
  ASSERT_EQ(step.status, 200) << step.body;
  step = Act(supervisor_, step.Json(), "call_back", {{"satisfaction", "unsatisfied"}});
  ASSERT_EQ(step.status, 200) << step.body;
  step = Act(supervisor_, step.Json(), "close_unresolved", {{"note", "许可合法，未能解决"}});
  ASSERT_EQ(step.status, 200) << step.body;

  followed = Http(port(), "GET", "/open311/v2/requests/" + id + ".json");
  ASSERT_EQ(followed.status, 200) << followed.body;
  EXPECT_EQ(Str(followed.Json().at(0).at("status")), "closed");
  EXPECT_EQ(Str(followed.Json().at(0).at("status_notes")), "closed: not resolved (未解决)");
  auto closed = Http(port(), "GET", "/open311/v2/requests.json?status=closed");
  ASSERT_EQ(closed.status, 200);
  ASSERT_EQ(closed.Json().as_array().size(), 1u);
  auto open = Http(port(), "GET", "/open311/v2/requests.json?status=open");
  EXPECT_TRUE(open.Json().as_array().empty());

  // Bad input: no region, and an unknown request.
  auto no_region =
      Http(port(), "POST", "/open311/v2/requests.json", "service_code=0201&description=x",
           {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(no_region.status, 400) << no_region.body;
  EXPECT_EQ(Http(port(), "GET", "/open311/v2/requests/12345-19990101-000001.json").status, 404);
}

}  // namespace
}  // namespace zt::testing
