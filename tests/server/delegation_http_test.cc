// The delegation ledger (赋权清单) end to end against the real `zhengtong serve` process, on
// SQLite or PostgreSQL: only the bureau above both bodies records a document, a bad entry
// refuses the whole document with every problem, and the public totals come from the entries.
#include <memory>

#include <gtest/gtest.h>

#include "http_session.h"
#include "server_process.h"
#include "store_test_db.h"
#include "two_districts.h"

namespace zt::testing {
namespace {

namespace json = boost::json;

class DelegationHttpTest : public ::testing::Test {
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
      ASSERT_TRUE((*tx)->PutRegion({"440802001", "中华街道", "440802", "township"}).has_value());
      ASSERT_TRUE((*tx)->Commit().has_value());
      using accounts::Role;
      auto staff =
          CreateStaff(**store, {{"ck-admin", Role::kDepartmentAdmin, "440802", "440802-scj"},
                                {"zj-manager", Role::kBureauManager, "440800", ""}});
      ASSERT_TRUE(staff.has_value()) << staff.error().ToString();
    }
    server_ = std::make_unique<ServerProcess>(ZhengtongBinary(), db_->Url());
  }
  std::uint16_t port() const { return server_->port(); }

  std::unique_ptr<StoreTestDatabase> db_;
  std::unique_ptr<ServerProcess> server_;
};

json::object Document() {
  json::array items;
  for (auto [ref, category] :
       {std::pair{"ZF-CF-001", "02"}, std::pair{"ZF-CF-002", "02"}, std::pair{"ZF-JC-001", "06"}}) {
    items.push_back(
        json::object{{"item_ref", ref}, {"item_name", "执法事项"}, {"category_code", category}});
  }
  return {{"kind", "delegate"},
          {"document_number", "湛府〔2021〕12号"},
          {"from_region", "440800"},
          {"from_body", "湛江市城市管理和综合执法局"},
          {"to_region", "440802001"},
          {"to_body", "中华街道办事处"},
          {"effective_from", "2021-07-01"},
          {"items", std::move(items)}};
}

TEST_F(DelegationHttpTest, RecordListAndTotalsEndToEnd) {
  Session manager = FirstStaffLogin(port(), "zj-manager");
  Session admin = FirstStaffLogin(port(), "ck-admin");
  const std::string path = "/api/v1/catalogue/delegations";

  EXPECT_EQ(Http(port(), "POST", path, json::serialize(Document())).status, 401);
  auto refused = Http(port(), "POST", path, json::serialize(Document()), admin.With());
  EXPECT_EQ(refused.status, 403) << refused.body;

  json::object bad = Document();
  bad["items"].as_array()[1].as_object()["category_code"] = "99";
  bad["to_region"] = "440800";  // 下放 to the same level
  auto invalid =
      Http(port(), "POST", path, json::serialize(bad), manager.With({{"Accept-Language", "en"}}));
  ASSERT_EQ(invalid.status, 400) << invalid.body;
  json::object problem = json::parse(invalid.body).as_object();
  // Three level problems and one category problem, all in one answer.
  EXPECT_EQ(problem.at("errors").as_array().size(), 4u) << invalid.body;
  EXPECT_EQ(Http(port(), "GET", path).body.find("ZF-CF"), std::string::npos);

  auto recorded = Http(port(), "POST", path, json::serialize(Document()), manager.With());
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  EXPECT_EQ(json::parse(recorded.body).at("recorded").as_int64(), 3);

  auto listed = Http(port(), "GET", path + "?region=440802&category_code=02");
  ASSERT_EQ(listed.status, 200) << listed.body;
  json::object page = json::parse(listed.body).as_object();
  EXPECT_EQ(page.at("total_size").as_int64(), 2);
  const json::object& first = page.at("items").as_array().at(0).as_object();
  EXPECT_EQ(first.at("kind_name").as_string(), "下放");
  EXPECT_EQ(first.at("category_name").as_string(), "行政处罚");
  EXPECT_EQ(first.at("to").at("level").as_string(), "town");

  auto totals = Http(port(), "GET", path + "/totals?region=440800&date=2021-07-01");
  ASSERT_EQ(totals.status, 200) << totals.body;
  json::object t = json::parse(totals.body).as_object();
  EXPECT_EQ(t.at("in_force").as_int64(), 3);
  EXPECT_EQ(t.at("grants").as_array().at(0).at("count").as_int64(), 2);
  auto earlier = Http(port(), "GET", path + "/totals?region=440800&date=2021-06-30");
  EXPECT_EQ(json::parse(earlier.body).at("in_force").as_int64(), 0);
  EXPECT_EQ(Http(port(), "GET", path + "/totals?date=2021-02-30").status, 400);

  auto categories = Http(port(), "GET", "/api/v1/catalogue/power-categories");
  ASSERT_EQ(categories.status, 200);
  EXPECT_EQ(json::parse(categories.body).at("items").as_array().size(), 10u);
}

}  // namespace
}  // namespace zt::testing
