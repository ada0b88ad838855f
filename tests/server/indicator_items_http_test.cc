// The catalogue (事项口径) indicators over HTTP against the real `zhengtong serve` process, on
// SQLite or PostgreSQL (chosen at build time): the registry lists the extended item
// indicators with their formulas and the level among their scope; values narrow to a level
// (`?level=`) and an unknown level answers 400 indicator.level.
#include <gtest/gtest.h>

#include "http_session.h"
#include "item_review.h"
#include "server_process.h"
#include "store_test_db.h"
#include "two_districts.h"

namespace zt::testing {
namespace {

namespace json = boost::json;

class IndicatorItemsHttpTest : public ::testing::Test {
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
                                {"zj-manager", Role::kBureauManager, "440800", ""},
                                {"zj-item-reviewer", Role::kBureauManager, "440800", ""}});
      ASSERT_TRUE(staff.has_value()) << staff.error().ToString();
    }
    server_ = std::make_unique<ServerProcess>(ZhengtongBinary(), db_->Url());
  }

  std::uint16_t port() const { return server_->port(); }

  static const json::object& Value(const json::value& body, std::string_view id) {
    for (const auto& v : body.at("values").as_array()) {
      if (v.at("id").as_string() == id) return v.as_object();
    }
    throw std::runtime_error("missing " + std::string(id));
  }

  std::unique_ptr<StoreTestDatabase> db_;
  std::unique_ptr<ServerProcess> server_;
};

constexpr const char* kPeriod = "from=2020-01-01&to=2029-12-31";

TEST_F(IndicatorItemsHttpTest, ExtendedItemIndicatorsByLevel) {
  Session manager = FirstStaffLogin(port(), "zj-manager");
  auto registry = Http(port(), "GET", "/api/v1/indicators", "", manager.With());
  ASSERT_EQ(registry.status, 200) << registry.body;
  bool listed = false;
  json::value definitions = registry.Json();
  for (const auto& d : definitions.at("items").as_array()) {
    if (d.at("id").as_string() != "item.exempt_material_rate") continue;
    listed = true;
    EXPECT_EQ(d.at("basis").as_string(), "items");
    EXPECT_EQ(d.at("formula").as_string(),
              "sum(exempt_material_count of items) ÷ sum(material_count of items)");
    EXPECT_EQ(d.at("scope").as_array().back().as_string(), "level");
  }
  EXPECT_TRUE(listed);

  // One county item, published through review.
  Session admin = FirstStaffLogin(port(), "ck-admin");
  json::object item{{"code", "440802-scj-i01"}, {"name", "食品经营许可"},
                    {"type", "licensing"},      {"department_id", "440802-scj"},
                    {"region_code", "440802"},  {"statutory_limit_wd", 20},
                    {"promised_limit_wd", 5}};
  auto created = Http(port(), "POST", "/api/v1/items", json::serialize(item), admin.With());
  ASSERT_EQ(created.status, 201) << created.body;
  std::string item_id(created.Json().at("id").as_string());
  ASSERT_NE(PublishThroughReview(port(), admin, FirstStaffLogin(port(), "zj-item-reviewer"),
                                 item_id, created.Header("etag")),
            "");

  auto at = [&](const std::string& level) {
    return Http(port(), "GET",
                "/api/v1/indicators/values?region=440800&level=" + level + "&" + kPeriod, "",
                manager.With());
  };
  auto county = at("county");
  ASSERT_EQ(county.status, 200) << county.body;
  json::value county_body = county.Json();
  EXPECT_EQ(Value(county_body, "item.published").at("value").to_number<double>(), 1);
  const auto& visits = Value(county_body, "item.at_most_one_visit_rate");
  EXPECT_EQ(visits.at("denominator").as_int64(), 1);
  EXPECT_EQ(visits.at("formula").as_string(),
            "count(items where at_most_one_visit=true) ÷ count(items)");
  auto town = at("town");
  ASSERT_EQ(town.status, 200) << town.body;
  json::value town_body = town.Json();
  EXPECT_EQ(Value(town_body, "item.published").at("value").to_number<double>(), 0);
  EXPECT_TRUE(Value(town_body, "item.fully_online_rate").at("value").is_null());

  auto bad = at("district");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.Json().at("key").as_string(), "indicator.level");
}

}  // namespace
}  // namespace zt::testing
