// Indicators and the annual report over HTTP against the real `zhengtong serve` process, on
// SQLite or PostgreSQL (chosen at build time): a concluded application shows in the values
// with its formula and drills down to its receipt number; scope holds per role; the CSV and
// XLSX exports; the counter check; the annual report generated, its prose edited with the
// figures bound, and its PDF.
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

class IndicatorHttpTest : public ::testing::Test {
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
  }

  std::uint16_t port() const { return server_->port(); }

  static std::string Key(const HttpResult& r) {
    json::value v = r.Json();
    return v.is_object() && v.as_object().contains("key") ? std::string(v.at("key").as_string())
                                                          : std::string();
  }

  static const json::object& Value(const json::value& body, std::string_view id) {
    for (const auto& v : body.at("values").as_array()) {
      if (v.at("id").as_string() == id) return v.as_object();
    }
    throw std::runtime_error("missing " + std::string(id));
  }

  // One application, submitted, accepted, approved and concluded today; its receipt number.
  std::string ConcludedApplication() {
    Session admin = FirstStaffLogin(port(), "ck-admin");
    json::object item{{"code", "440802-scj-i01"}, {"name", "食品经营许可"},
                      {"type", "licensing"},      {"department_id", "440802-scj"},
                      {"region_code", "440802"},  {"statutory_limit_wd", 20},
                      {"promised_limit_wd", 5}};
    auto created = Http(port(), "POST", "/api/v1/items", json::serialize(item), admin.With());
    EXPECT_EQ(created.status, 201) << created.body;
    std::string item_id(created.Json().at("id").as_string());
    EXPECT_NE(PublishThroughReview(port(), admin, FirstStaffLogin(port(), "zj-item-reviewer"),
                                   item_id, created.Header("etag")),
              "");
    std::string id = seed::DemoIdNumber("440802", *ParseDate("1985-06-15"), 123);
    auto registered = Http(port(), "POST", "/api/v1/citizens",
                           json::serialize(json::object{{"id_number", id},
                                                        {"name", "陈晓明"},
                                                        {"phone", "13807591234"},
                                                        {"password", kNewPassword}}));
    EXPECT_EQ(registered.status, 201) << registered.body;
    Session citizen = Login(port(), id, kNewPassword);
    auto applied = Http(port(), "POST", "/api/v1/applications",
                        json::serialize(json::object{{"item_id", item_id}}), citizen.With());
    EXPECT_EQ(applied.status, 201) << applied.body;
    std::string case_id(applied.Json().at("id").as_string());
    clerk_ = FirstStaffLogin(port(), "ck-clerk");
    Session reviewer = FirstStaffLogin(port(), "ck-reviewer");
    std::string etag = "\"1\"";
    for (auto [who, transition] : {std::pair{&clerk_, "accept"}, std::pair{&reviewer, "approve"},
                                   std::pair{&clerk_, "conclude"}}) {
      auto r = Http(port(), "POST", "/api/v1/applications/" + case_id + "/transitions",
                    json::serialize(json::object{{"transition", transition}}),
                    who->With({{"If-Match", etag}}));
      EXPECT_EQ(r.status, 200) << transition << ": " << r.body;
      etag = r.Header("etag");
    }
    return std::string(applied.Json().at("receipt_no").as_string());
  }

  std::unique_ptr<StoreTestDatabase> db_;
  std::unique_ptr<ServerProcess> server_;
  Session clerk_;  // logged in by ConcludedApplication (a first login changes the password)
};

constexpr const char* kPeriod = "from=2020-01-01&to=2029-12-31";

TEST_F(IndicatorHttpTest, ValuesDrillDownScopeAndExports) {
  std::string receipt = ConcludedApplication();
  Session manager = FirstStaffLogin(port(), "zj-manager");
  auto values =
      Http(port(), "GET", std::string("/api/v1/indicators/values?region=440800&") + kPeriod, "",
           manager.With());
  ASSERT_EQ(values.status, 200) << values.body;
  json::value body = values.Json();
  EXPECT_EQ(Value(body, "case.submitted").at("numerator").to_number<double>(), 1);
  const auto& on_time = Value(body, "case.on_time_rate");
  EXPECT_EQ(on_time.at("numerator").to_number<double>(), 1);  // concluded the day it began
  EXPECT_EQ(on_time.at("denominator").as_int64(), 1);
  EXPECT_EQ(on_time.at("value").to_number<double>(), 100.0);
  EXPECT_NE(std::string(on_time.at("formula").as_string()).find("on_time=yes"), std::string::npos);
  EXPECT_EQ(Value(body, "item.published").at("value").to_number<double>(), 1);

  auto records =
      Http(port(), "GET",
           std::string("/api/v1/indicators/case.concluded/records?region=440800&") + kPeriod, "",
           manager.With());
  ASSERT_EQ(records.status, 200) << records.body;
  ASSERT_EQ(records.Json().at("items").as_array().size(), 1u);
  EXPECT_EQ(records.Json().at("items").at(0).at("label").as_string(), receipt);

  // A clerk sees their department's figures; another district's clerk is out of scope there.
  const Session& clerk = clerk_;
  auto own = Http(port(), "GET", std::string("/api/v1/indicators/values?region=440802&") + kPeriod,
                  "", clerk.With());
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(own.Json().at("department_id").as_string(), "440802-scj");
  Session other = FirstStaffLogin(port(), "xs-clerk");
  auto foreign =
      Http(port(), "GET", std::string("/api/v1/indicators/values?region=440802&") + kPeriod, "",
           other.With());
  EXPECT_EQ(foreign.status, 403) << foreign.body;
  EXPECT_EQ(Key(foreign), "indicator.out_of_scope");

  auto csv = Http(port(), "GET",
                  std::string("/api/v1/indicators/values?region=440800&format=csv&") + kPeriod, "",
                  manager.With());
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv.body.find("case.on_time_rate"), std::string::npos);
  auto xlsx =
      Http(port(), "GET",
           std::string("/api/v1/indicators/breakdown?group=department&format=xlsx&") + kPeriod, "",
           manager.With());
  ASSERT_EQ(xlsx.status, 200) << xlsx.body;
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");

  auto check = Http(port(), "GET", "/api/v1/indicators/check", "", manager.With());
  ASSERT_EQ(check.status, 200) << check.body;
  EXPECT_TRUE(check.Json().at("equal").as_bool());
  EXPECT_GT(check.Json().at("stored_rows").as_int64(), 0);
}

TEST_F(IndicatorHttpTest, AnnualReportIsGeneratedEditedAndPrinted) {
  ConcludedApplication();
  Session manager = FirstStaffLogin(port(), "zj-manager");
  std::string year =
      std::to_string(CivilDateCst(std::chrono::time_point_cast<std::chrono::milliseconds>(
                                      std::chrono::system_clock::now()))
                         .year());
  std::string base = "/api/v1/reports/annual/440800/" + year;
  auto generated = Http(port(), "POST", base + "/generate", "", manager.With());
  ASSERT_EQ(generated.status, 200) << generated.body;
  json::value report = generated.Json();
  EXPECT_TRUE(report.at("has_data").as_bool());
  EXPECT_EQ(report.at("sections").at(0).at("status").as_string(), "data");
  EXPECT_NE(std::string(report.at("sections").at(0).at("prose").as_string()).find("办结1件"),
            std::string::npos);

  auto edited = Http(port(), "PUT", base + "/sections/government_services/prose",
                     json::serialize(json::object{{"prose", "全年办结{case.concluded}件。"}}),
                     manager.With({{"If-Match", generated.Header("etag")}}));
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.Json().at("sections").at(0).at("prose").as_string(), "全年办结1件。");
  auto stale = Http(port(), "PUT", base + "/sections/government_services/prose",
                    json::serialize(json::object{{"prose", "x"}}),
                    manager.With({{"If-Match", generated.Header("etag")}}));
  EXPECT_EQ(stale.status, 412) << stale.body;

  auto html = Http(port(), "GET", base + "?format=html", "", manager.With());
  ASSERT_EQ(html.status, 200);
  EXPECT_NE(html.body.find("全年办结1件。"), std::string::npos);
  auto pdf = Http(port(), "GET", base + "?format=pdf", "", manager.With());
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");

  const Session& clerk = clerk_;
  auto refused = Http(port(), "GET", base, "", clerk.With());
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(Key(refused), "report.not_allowed");
  auto bad_year = Http(port(), "GET", "/api/v1/reports/annual/440800/1999", "", manager.With());
  EXPECT_EQ(bad_year.status, 400);
  EXPECT_EQ(Key(bad_year), "report.year");
}

}  // namespace
}  // namespace zt::testing
