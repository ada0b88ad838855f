// End to end over HTTP against the real `zhengtong serve` process, on SQLite or PostgreSQL
// (chosen at build time): the catalogue's CSV export and all-or-nothing import, who may use
// them, the anonymous search over published items, and the 事项口径 figures.
#include <optional>
#include <set>

#include <gtest/gtest.h>

#include "http_session.h"
#include "item_review.h"
#include "server_process.h"
#include "store_test_db.h"
#include "two_districts.h"
#include "zt/store/open.h"

namespace zt::testing {
namespace {

namespace json = boost::json;

constexpr const char* kBom = "\xEF\xBB\xBF";
constexpr const char* kHeader =
    "code,name,type,department_id,region_code,statutory_limit_wd,promised_limit_wd,case_kind,"
    "online,materials";

class CatalogHttpTest : public ::testing::Test {
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
                                {"zj-manager", Role::kBureauManager, "440800", ""},
                                {"zj-item-reviewer", Role::kBureauManager, "440800", ""}});
      ASSERT_TRUE(staff.has_value()) << staff.error().ToString();
    }
    url_ = db_->Url();
    server_ = std::make_unique<ServerProcess>(ZhengtongBinary(), url_);
  }

  std::uint16_t port() const { return server_->port(); }

  Session Login(const std::string& user, const std::string& password, int expect = 200) {
    return testing::Login(port(), user, password, expect);
  }

  Session StaffLogin(const std::string& user) { return FirstStaffLogin(port(), user); }

  // Creates the item as a draft and publishes it through review (the admin submits, the
  // bureau's reviewer approves); returns its id.
  std::string PublishedItem(const Session& admin, const json::object& item) {
    auto created = Http(port(), "POST", "/api/v1/items", json::serialize(item), admin.With());
    EXPECT_EQ(created.status, 201) << created.body;
    if (created.status != 201) return "";
    std::string id(created.Json().at("id").as_string());
    if (!item_reviewer_) item_reviewer_ = StaffLogin("zj-item-reviewer");
    PublishThroughReview(port(), admin, *item_reviewer_, id, created.Header("etag"));
    auto published = Http(port(), "GET", "/api/v1/items/" + id);
    EXPECT_EQ(published.status, 200) << published.body;
    EXPECT_EQ(published.Json().at("status").as_string(), "published");
    return id;
  }

  // The two published items of 440802-scj every test starts from:
  //   440802-scj-101 食品经营许可   online, promised, statutory 20 / promised 5
  //   440802-scj-102 个体工商户名称变更 window only, instant, statutory 10 / promised 0
  void PublishTwoItems(const Session& admin) {
    PublishedItem(
        admin, {{"code", "440802-scj-101"},
                {"name", "食品经营许可"},
                {"type", "licensing"},
                {"department_id", "440802-scj"},
                {"region_code", "440802"},
                {"statutory_limit_wd", 20},
                {"promised_limit_wd", 5},
                {"case_kind", "promised"},
                {"online", true},
                {"materials", json::array{json::object{{"name", "申请表"}, {"required", true}}}}});
    PublishedItem(admin, {{"code", "440802-scj-102"},
                          {"name", "个体工商户名称变更"},
                          {"type", "public_service"},
                          {"department_id", "440802-scj"},
                          {"region_code", "440802"},
                          {"statutory_limit_wd", 10},
                          {"promised_limit_wd", 0},
                          {"case_kind", "instant"},
                          {"online", false}});
  }

  HttpResult Import(const Session& who, const std::string& csv) {
    return Http(port(), "POST", "/api/v1/items/import", csv,
                who.With({{"Content-Type", "text/csv; charset=utf-8"}}));
  }

  // The codes of every item the caller's list shows (staff: every status in their scope).
  std::set<std::string> Codes(const Session& who) {
    auto r =
        Http(port(), "GET", "/api/v1/items?department_id=440802-scj&page_size=100", "", who.With());
    EXPECT_EQ(r.status, 200) << r.body;
    std::set<std::string> out;
    json::value v = r.Json();
    if (!v.is_object()) return out;
    for (const auto& item : v.at("items").as_array()) {
      out.insert(std::string(item.at("code").as_string()));
    }
    return out;
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
  std::optional<Session> item_reviewer_;  // logged in at the first publication
};

TEST_F(CatalogHttpTest, ExportImportSearchAndFigures) {
  Session admin = StaffLogin("ck-admin");
  PublishTwoItems(admin);

  // Export: the department's items as a spreadsheet-friendly CSV.
  auto exported =
      Http(port(), "GET", "/api/v1/items/export.csv?department_id=440802-scj", "", admin.With());
  ASSERT_EQ(exported.status, 200) << exported.body;
  EXPECT_TRUE(exported.Header("content-type").starts_with("text/csv"))
      << exported.Header("content-type");
  const std::string& csv = exported.body;
  ASSERT_TRUE(csv.starts_with(kBom));
  // The core columns, then every element of the record (docs/catalogue.md).
  EXPECT_TRUE(csv.substr(3).starts_with(std::string(kHeader) + ",tier,parent_code,")) << csv;
  EXPECT_TRUE(csv.ends_with("\r\n"));
  for (std::size_t i = 0; i < csv.size(); ++i) {
    if (csv[i] == '\n') {
      ASSERT_TRUE(i > 0 && csv[i - 1] == '\r') << "bare LF at byte " << i;
    }
  }
  EXPECT_NE(csv.find("\r\n440802-scj-101,食品经营许可,licensing,440802-scj,440802,20,5,promised,"
                     "true,申请表|required,handling,"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("\r\n440802-scj-102,个体工商户名称变更,public_service,440802-scj,440802,10,0,"
                     "instant,false,,handling,"),
            std::string::npos)
      << csv;
  auto without_bom = Http(port(), "GET", "/api/v1/items/export.csv?bom=0", "", admin.With());
  ASSERT_EQ(without_bom.status, 200);
  EXPECT_EQ(without_bom.body, csv.substr(3));  // the own department by default

  // Import: two new rows become drafts.
  auto imported =
      Import(admin, std::string(kHeader) +
                        "\r\n440802-scj-201,食品生产许可,licensing,440802-scj,440802,20,10,"
                        "promised,true,申请表|required;营业执照|optional\r\n"
                        "440802-scj-202,食品小作坊登记,confirmation,440802-scj,440802,15,3,"
                        "promised,false,\r\n");
  ASSERT_EQ(imported.status, 201) << imported.body;
  json::value created_json = imported.Json();
  EXPECT_EQ(created_json.at("created").as_int64(), 2);
  const auto& created = created_json.at("items").as_array();
  ASSERT_EQ(created.size(), 2u);
  for (const auto& item : created) EXPECT_EQ(item.at("status").as_string(), "draft");
  EXPECT_EQ(created[0].at("code").as_string(), "440802-scj-201");
  EXPECT_EQ(created[0].at("materials").as_array().size(), 2u);
  EXPECT_EQ(created[1].at("code").as_string(), "440802-scj-202");
  EXPECT_FALSE(created[1].at("online").as_bool());
  EXPECT_EQ(Codes(admin), (std::set<std::string>{"440802-scj-101", "440802-scj-102",
                                                 "440802-scj-201", "440802-scj-202"}));

  // One good row and one bad row: the whole file is refused and nothing is written.
  std::int64_t before = AuditEntries();
  auto rejected =
      Import(admin, std::string(kHeader) +
                        "\r\n440802-scj-301,食品摊贩登记,licensing,440802-scj,440802,10,5,"
                        "promised,true,\r\n"
                        "440802-scj-302,食品销售备案,licensing,440802-scj,440802,5,9,"
                        "promised,true,\r\n");
  ASSERT_EQ(rejected.status, 400) << rejected.body;
  EXPECT_EQ(rejected.Header("content-type"), "application/problem+json");
  json::value problem = rejected.Json();
  ASSERT_TRUE(problem.is_object()) << rejected.body;
  EXPECT_EQ(problem.at("status").as_int64(), 400);
  EXPECT_EQ(problem.at("key").as_string(), "item.import_rejected");
  const auto& rows = problem.at("rows").as_array();
  ASSERT_EQ(rows.size(), 1u) << rejected.body;
  EXPECT_EQ(rows[0].at("row").as_int64(), 3);  // row 1 is the header
  EXPECT_EQ(rows[0].at("field").as_string(), "promised_limit_wd");
  EXPECT_EQ(rows[0].at("key").as_string(), "item.promised_exceeds_statutory");
  EXPECT_FALSE(rows[0].at("message").as_string().empty());
  ASSERT_EQ(problem.at("errors").as_array().size(), 1u);
  EXPECT_EQ(problem.at("errors").as_array()[0].at("pointer").as_string(),
            "/rows/3/promised_limit_wd");
  std::set<std::string> after_rejection = Codes(admin);
  EXPECT_FALSE(after_rejection.contains("440802-scj-301")) << "the good row must not be imported";
  EXPECT_FALSE(after_rejection.contains("440802-scj-302"));
  EXPECT_EQ(after_rejection.size(), 4u);
  EXPECT_EQ(AuditEntries(), before + 1);  // only the refusal's record (AUD-01)

  // A clerk of the same department may not export (and the denial is audited).
  Session clerk = StaffLogin("ck-clerk");
  std::int64_t before_clerk = AuditEntries();
  auto denied =
      Http(port(), "GET", "/api/v1/items/export.csv?department_id=440802-scj", "", clerk.With());
  EXPECT_EQ(denied.status, 403) << denied.body;
  EXPECT_EQ(denied.Header("content-type"), "application/problem+json");
  EXPECT_EQ(denied.Json().at("key").as_string(), "item.not_your_department");
  EXPECT_EQ(denied.body.find("440802-scj-101"), std::string::npos);
  EXPECT_EQ(AuditEntries(), before_clerk + 1);

  // Anonymous search with a 2-character query: the published item, not the 食品 drafts.
  auto found = Http(port(), "GET", "/api/v1/items?q=%E9%A3%9F%E5%93%81");  // 食品
  ASSERT_EQ(found.status, 200) << found.body;
  json::value found_json = found.Json();
  EXPECT_EQ(found_json.at("total_size").as_int64(), 1) << found.body;
  const auto& hits = found_json.at("items").as_array();
  ASSERT_EQ(hits.size(), 1u) << found.body;
  EXPECT_EQ(hits[0].at("code").as_string(), "440802-scj-101");
  EXPECT_EQ(hits[0].at("status").as_string(), "published");

  // 事项口径 figures for 湛江市 (the manager's region): the two published items only.
  //   网上可办率       online 1 (101) ÷ items 2                      = 50.0
  //   即办件比例       instant 1 (102) ÷ items 2                     = 50.0
  //   压缩率（合计）   Σ(法定−承诺) (20−5)+(10−0) = 25 ÷ Σ法定 30      = 83.3
  //   压缩率（逐项）   (15/20 + 10/10) = 1.75 over 2 items           = 87.5
  Session manager = StaffLogin("zj-manager");
  auto stats = Http(port(), "GET", "/api/v1/stats/catalog", "", manager.With());
  ASSERT_EQ(stats.status, 200) << stats.body;
  json::value stats_json = stats.Json();
  EXPECT_EQ(stats_json.at("basis").as_string(), "事项口径");
  EXPECT_EQ(stats_json.at("region_prefix").as_string(), "4408");
  EXPECT_EQ(stats_json.at("items").as_int64(), 2);
  struct Expected {
    const char* key;
    const char* name;
    double value;
    double numerator;
    std::int64_t denominator;
  };
  const std::vector<Expected> expected{
      {"online_rate", "网上可办率", 50.0, 1, 2},
      {"instant_rate", "即办件比例", 50.0, 1, 2},
      {"time_compression_rate", "承诺时限压缩率（合计）", 83.3, 25, 30},
      {"time_compression_mean_rate", "承诺时限压缩率（逐项平均）", 87.5, 1.75, 2},
  };
  const auto& indicators = stats_json.at("indicators").as_array();
  ASSERT_EQ(indicators.size(), expected.size()) << stats.body;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE(expected[i].key);
    const auto& got = indicators[i];
    EXPECT_EQ(got.at("key").as_string(), expected[i].key);
    EXPECT_EQ(got.at("name").as_string(), expected[i].name);
    EXPECT_DOUBLE_EQ(got.at("value").to_number<double>(), expected[i].value);
    EXPECT_DOUBLE_EQ(got.at("numerator").to_number<double>(), expected[i].numerator);
    EXPECT_EQ(got.at("denominator").as_int64(), expected[i].denominator);
    EXPECT_FALSE(got.at("formula").as_string().empty());
  }
  // Counting numerators are whole numbers in the JSON, not 1.0.
  EXPECT_TRUE(indicators[0].at("numerator").is_int64());
  EXPECT_TRUE(indicators[2].at("numerator").is_int64());
  EXPECT_EQ(server_->Terminate(), 0);
}

TEST_F(CatalogHttpTest, OnlyTheDepartmentAdminImportsAndExports) {
  Session admin = StaffLogin("ck-admin");
  PublishTwoItems(admin);
  Session clerk = StaffLogin("ck-clerk");
  const std::string good_row =
      std::string(kHeader) +
      "\r\n440802-scj-401,食品经营许可变更,licensing,440802-scj,440802,20,5,promised,true,\r\n";
  std::int64_t before_clerk = AuditEntries();
  auto clerk_import = Import(clerk, good_row);
  EXPECT_EQ(clerk_import.status, 403) << clerk_import.body;
  EXPECT_EQ(clerk_import.Json().at("key").as_string(), "item.not_your_department");
  EXPECT_EQ(AuditEntries(), before_clerk + 1);  // the refusal is audited, nothing imported
  // The admin of 440802-scj exporting 霞山's department: refused, and the refusal audited.
  std::int64_t before = AuditEntries();
  auto other =
      Http(port(), "GET", "/api/v1/items/export.csv?department_id=440803-scj", "", admin.With());
  EXPECT_EQ(other.status, 403) << other.body;
  EXPECT_EQ(other.Json().at("key").as_string(), "item.not_your_department");
  EXPECT_EQ(AuditEntries(), before + 1);
  // Anonymous callers must log in.
  auto anonymous = Http(port(), "GET", "/api/v1/items/export.csv?department_id=440802-scj");
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;
  // A row for another department is refused as a whole file, by row and field; so is a body
  // not sent as text/csv. Neither writes anything.
  before = AuditEntries();
  auto foreign = Import(admin, std::string(kHeader) +
                                   "\r\n440803-scj-401,食品经营许可,licensing,440803-scj,440803,"
                                   "20,5,promised,true,\r\n");
  ASSERT_EQ(foreign.status, 400) << foreign.body;
  json::value foreign_json = foreign.Json();
  ASSERT_EQ(foreign_json.at("rows").as_array().size(), 1u) << foreign.body;
  EXPECT_EQ(foreign_json.at("rows").as_array()[0].at("row").as_int64(), 2);
  EXPECT_EQ(foreign_json.at("rows").as_array()[0].at("field").as_string(), "department_id");
  EXPECT_EQ(foreign_json.at("rows").as_array()[0].at("key").as_string(),
            "item.not_your_department");
  auto as_json = Http(port(), "POST", "/api/v1/items/import", good_row, admin.With());
  EXPECT_EQ(as_json.status, 400) << as_json.body;
  EXPECT_EQ(AuditEntries(), before + 2);  // only the two refusals' records (AUD-01)

  EXPECT_EQ(Codes(admin), (std::set<std::string>{"440802-scj-101", "440802-scj-102"}));
}

}  // namespace
}  // namespace zt::testing
