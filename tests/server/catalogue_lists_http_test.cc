// The 权责清单, life events, ranked search and the catalogue exports end to end against the
// real `zhengtong serve` process, on SQLite or PostgreSQL.
#include <memory>

#include <gtest/gtest.h>

#include "http_session.h"
#include "server_process.h"
#include "store_test_db.h"
#include "two_districts.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/service/account_service.h"
#include "zt/service/catalog_service.h"

namespace zt::testing {
namespace {

namespace json = boost::json;

constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

class CatalogueListsHttpTest : public ::testing::Test {
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
                                {"zj-manager", Role::kBureauManager, "440800", ""}}));
      // Published items, made through the service before the server starts.
      crypto::OpenSslCrypto crypto;
      SimulatedClock clock{*ParseInstant("2025-09-30T10:00:00+08:00")};
      service::AccountService accounts{**store, crypto, clock};
      auto admin = accounts.CreateStaff({"seed-admin", "seed-admin", Role::kDepartmentAdmin,
                                         "440802", DepartmentId("440802-scj"), "correct horse b"},
                                        std::nullopt, {"seed", "127.0.0.1"});
      ASSERT_TRUE(admin.has_value());
      service::CatalogService catalog{**store, crypto, clock};
      for (auto [code, name, material] :
           {std::tuple{"440802-scj-001", "企业设立登记", "申请书"},
            std::tuple{"440802-scj-002", "社会保障卡申领", "《申请书》"},
            std::tuple{"440802-scj-003", "食品经营许可", "健康证明"}}) {
        catalog::ServiceItem item;
        item.code = code;
        item.name = name;
        item.department_id = DepartmentId("440802-scj");
        item.region_code = "440802";
        item.statutory_limit_wd = 20;
        item.promised_limit_wd = 5;
        item.materials = {{material, true, ""}, {"身份证明", true, ""}};
        auto actor = service::AccountService::ActorOf(*admin);
        auto created = catalog.Create(actor, item, {"seed", "127.0.0.1"});
        ASSERT_TRUE(created.has_value()) << created.error().ToString();
        ASSERT_TRUE(catalog.PublishInitialLoad(actor, created->item.id, 1, "test fixture",
                                               {"seed", "127.0.0.1"}));
        ids_.push_back(created->item.id.value());
      }
    }
    server_ = std::make_unique<ServerProcess>(ZhengtongBinary(), db_->Url());
  }
  std::uint16_t port() const { return server_->port(); }

  std::unique_ptr<StoreTestDatabase> db_;
  std::unique_ptr<ServerProcess> server_;
  std::vector<std::string> ids_;
};

json::object PowerItem(std::string code, std::string category) {
  return {{"code", std::move(code)},
          {"name", "食品经营许可"},
          {"category_code", std::move(category)},
          {"department_id", "440802-scj"},
          {"legal_basis", "《中华人民共和国食品安全法》第三十五条"},
          {"steps", json::array{json::object{{"stage", "accept"}, {"duty", "依法受理"}},
                                json::object{{"stage", "supervise"}, {"duty", "事后监管"}}}},
          {"accountability", json::array{"不依法受理的"}}};
}

TEST_F(CatalogueListsHttpTest, PowerListIsRecordedByTheDepartmentAndCountedForAnyone) {
  Session admin = FirstStaffLogin(port(), "ck-admin");
  Session manager = FirstStaffLogin(port(), "zj-manager");
  const std::string path = "/api/v1/catalogue/power-items";
  EXPECT_EQ(Http(port(), "POST", path, json::serialize(PowerItem("XK-0001", "01"))).status, 401);
  EXPECT_EQ(Http(port(), "POST", path, json::serialize(PowerItem("XK-0001", "01")), manager.With())
                .status,
            403);
  for (auto [code, category] :
       {std::pair{"XK-000001", "01"}, std::pair{"CF-000001", "02"}, std::pair{"CF-000002", "02"}}) {
    auto created =
        Http(port(), "POST", path, json::serialize(PowerItem(code, category)), admin.With());
    ASSERT_EQ(created.status, 201) << created.body;
  }
  json::object bad = PowerItem("x", "99");
  bad["steps"].as_array()[0].as_object()["stage"] = "监督";
  auto refused =
      Http(port(), "POST", path, json::serialize(bad), admin.With({{"Accept-Language", "zh-CN"}}));
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_NE(refused.body.find("/steps/0/stage"), std::string::npos) << refused.body;

  auto counts = Http(port(), "GET", "/api/v1/catalogue/power-counts?region=440800");
  ASSERT_EQ(counts.status, 200) << counts.body;
  json::object c = counts.Json().as_object();
  EXPECT_EQ(c["total"].as_int64(), 3);
  EXPECT_EQ(c["categories"].as_array()[1].as_object()["count"].as_int64(), 2);
  EXPECT_EQ(c["categories"].as_array().size(), 10u);
  auto list = Http(port(), "GET", path + "?category_code=02");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.Json().as_object()["total_size"].as_int64(), 2);
}

TEST_F(CatalogueListsHttpTest, APowerRevisionNeedsIfMatchAndKeepsThePastReadable) {
  Session admin = FirstStaffLogin(port(), "ck-admin");
  Session manager = FirstStaffLogin(port(), "zj-manager");
  const std::string path = "/api/v1/catalogue/power-items";
  auto created =
      Http(port(), "POST", path, json::serialize(PowerItem("XK-000009", "01")), admin.With());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id(created.Json().as_object()["id"].as_string());
  const std::string one = "/api/v1/catalogue/power-items/" + id;
  json::object change = PowerItem("", "02");
  change.erase("code");
  change.erase("department_id");
  change["name"] = "对无证经营食品的处罚";

  EXPECT_EQ(Http(port(), "PUT", one, json::serialize(change), admin.With()).status, 428);
  EXPECT_EQ(Http(port(), "PUT", one, json::serialize(change), manager.With({{"If-Match", "\"1\""}}))
                .status,
            403)
      << "only the department's administrator";
  EXPECT_EQ(
      Http(port(), "PUT", one, json::serialize(change), admin.With({{"If-Match", "\"7\""}})).status,
      412);
  json::object bad = change;
  bad["category_code"] = "11";
  auto refused =
      Http(port(), "PUT", one, json::serialize(bad), admin.With({{"If-Match", "\"1\""}}));
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_NE(refused.body.find("/category_code"), std::string::npos) << refused.body;

  auto revised =
      Http(port(), "PUT", one, json::serialize(change), admin.With({{"If-Match", "\"1\""}}));
  ASSERT_EQ(revised.status, 200) << revised.body;
  EXPECT_EQ(revised.Header("etag"), "\"2\"");
  json::object r = revised.Json().as_object();
  EXPECT_EQ(r["revision"].as_int64(), 2);
  EXPECT_EQ(r["code"].as_string(), "XK-000009") << "the code stays";

  auto read = Http(port(), "GET", one);
  ASSERT_EQ(read.status, 200) << read.body;
  json::object body = read.Json().as_object();
  EXPECT_EQ(body["name"].as_string(), "对无证经营食品的处罚");
  ASSERT_EQ(body["revisions"].as_array().size(), 2u);
  const std::string today(body["effective_from"].as_string());
  EXPECT_TRUE(body["revisions"].as_array()[0].as_object()["effective_to"].is_string())
      << "revision 1 ends the day before revision 2 begins";
  auto day_before = Http(port(), "GET", one + "?as_of=2000-01-01");
  EXPECT_EQ(day_before.status, 404) << day_before.body;
  EXPECT_EQ(Http(port(), "GET", one + "?as_of=2000-02-30").status, 400);
  auto counts = Http(port(), "GET", "/api/v1/catalogue/power-counts?as_of=" + today);
  ASSERT_EQ(counts.status, 200) << counts.body;
  EXPECT_EQ(counts.Json().as_object()["categories"].as_array()[1].as_object()["count"].as_int64(),
            1)
      << "in force today: the revision in 行政处罚";

  auto withdrawn = Http(port(), "POST", one + "/withdraw", "", admin.With({{"If-Match", "\"2\""}}));
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
  EXPECT_EQ(Http(port(), "GET", path).Json().as_object()["total_size"].as_int64(), 0);
  EXPECT_EQ(
      Http(port(), "PUT", one, json::serialize(change), admin.With({{"If-Match", "\"3\""}})).status,
      409);
}

TEST_F(CatalogueListsHttpTest, LifeEventSearchAndJsonLd) {
  Session manager = FirstStaffLogin(port(), "zj-manager");
  json::object event{{"code", "KBQY-440802"},
                     {"name", "开办餐馆"},
                     {"audience", "enterprise"},
                     {"region_code", "440802"},
                     {"item_ids", json::array{ids_[0].c_str(), ids_[2].c_str()}},
                     {"keywords", json::array{"开饭店"}}};
  auto created =
      Http(port(), "POST", "/api/v1/catalogue/life-events", json::serialize(event), manager.With());
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id(created.Json().as_object()["id"].as_string());
  auto read = Http(port(), "GET", "/api/v1/catalogue/life-events/" + id);
  ASSERT_EQ(read.status, 200);
  json::array materials = read.Json().as_object()["materials"].as_array();
  ASSERT_EQ(materials.size(), 3u) << "身份证明 is asked for once: " << read.body;
  EXPECT_EQ(materials[1].as_object()["item_ids"].as_array().size(), 2u);

  auto search = Http(port(), "GET", "/api/v1/catalogue/search?q=%E7%A4%BE%E4%BF%9D");  // 社保
  ASSERT_EQ(search.status, 200) << search.body;
  json::array hits = search.Json().as_object()["items"].as_array();
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].as_object()["name"].as_string(), "社会保障卡申领");
  EXPECT_EQ(hits[0].as_object()["matched"].as_string(), "alias");
  auto by_event =
      Http(port(), "GET", "/api/v1/catalogue/search?q=%E5%BC%80%E9%A5%AD%E5%BA%97");  // 开饭店
  ASSERT_EQ(by_event.status, 200);
  EXPECT_EQ(by_event.Json().as_object()["total_size"].as_int64(), 2) << by_event.body;
  EXPECT_EQ(Http(port(), "GET", "/api/v1/catalogue/search?q=x&level=galaxy").status, 400);
  auto county = Http(port(), "GET", "/api/v1/catalogue/search?level=county&region=440803");
  EXPECT_EQ(county.Json().as_object()["total_size"].as_int64(), 0);

  auto ld = Http(port(), "GET", "/api/v1/catalogue/export.jsonld?region=440800");
  ASSERT_EQ(ld.status, 200);
  EXPECT_EQ(ld.Header("content-type"), "application/ld+json");
  json::object doc = json::parse(ld.body).as_object();
  json::array graph = doc["@graph"].as_array();
  ASSERT_EQ(graph.size(), 3u);
  EXPECT_EQ(graph[0].as_object()["@type"].as_string(), "cpsv:PublicService");
  EXPECT_EQ(graph[0].as_object()["dct:identifier"].as_string(), "440802-scj-001");
  EXPECT_EQ(graph[0].as_object()["cv:isGroupedBy"].as_array().size(), 1u);
}

TEST_F(CatalogueListsHttpTest, XlsxExportReadsBackThroughTheImportRules) {
  Session admin = FirstStaffLogin(port(), "ck-admin");
  auto exported = Http(port(), "GET", "/api/v1/catalogue/export.xlsx", "", admin.With());
  ASSERT_EQ(exported.status, 200) << exported.body;
  EXPECT_EQ(exported.Header("content-type"), kXlsx);
  EXPECT_EQ(exported.body.substr(0, 2), "PK");
  // The same workbook imported back: every row parses and matches its item's record, so
  // nothing is written (the full-record round trip, docs/catalogue.md).
  auto again = Http(port(), "POST", "/api/v1/catalogue/import.xlsx", exported.body,
                    admin.With({{"Content-Type", kXlsx}}));
  ASSERT_EQ(again.status, 201) << again.body;
  json::object outcome = again.Json().as_object();
  EXPECT_EQ(outcome["created"].to_number<std::int64_t>(), 0);
  EXPECT_TRUE(outcome["updated"].as_array().empty()) << again.body;
  EXPECT_EQ(outcome["unchanged"].as_int64(), 3);
  auto wrong = Http(port(), "POST", "/api/v1/catalogue/import.xlsx", "code,name\r\n",
                    admin.With({{"Content-Type", "text/csv"}}));
  EXPECT_EQ(wrong.status, 400);
  auto list = Http(port(), "GET", "/api/v1/items?page_size=100", "", admin.With());
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.Json().as_object()["total_size"].as_int64(), 3) << "nothing half imported";
}

}  // namespace
}  // namespace zt::testing
