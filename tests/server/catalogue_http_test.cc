// The catalogue across levels end to end against the real `zhengtong serve` process, on
// SQLite or PostgreSQL: the bureau defines a standard item, a district department implements
// it, locked elements are refused, a revision makes the implementation drift, and both the
// drift report endpoint and `zhengtong items drift` list it.
#include <array>
#include <cstdio>
#include <memory>
#include <set>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "http_session.h"
#include "server_process.h"
#include "store_test_db.h"
#include "two_districts.h"

namespace zt::testing {
namespace {

namespace json = boost::json;

// Runs the binary with `args`; returns its exit status and stdout.
std::pair<int, std::string> RunCli(const std::string& args) {
  std::string command = ZhengtongBinary() + " " + args + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, ""};
  std::string out;
  std::array<char, 4096> buf;
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

class CatalogueHttpTest : public ::testing::Test {
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
                                {"zj-manager", Role::kBureauManager, "440800", ""}});
      ASSERT_TRUE(staff.has_value()) << staff.error().ToString();
    }
    server_ = std::make_unique<ServerProcess>(ZhengtongBinary(), db_->Url());
  }
  std::uint16_t port() const { return server_->port(); }

  std::unique_ptr<StoreTestDatabase> db_;
  std::unique_ptr<ServerProcess> server_;
};

const json::object kStandard{
    {"basic_code", "JB-XK-SP-001"},
    {"name", "食品经营许可"},
    {"type", "licensing"},
    {"competent_department", "市场监督管理局"},
    {"legal_basis", "《中华人民共和国食品安全法》第三十五条"},
    {"statutory_limit_wd", 20},
};

TEST_F(CatalogueHttpTest, StandardImplementationAndDriftEndToEnd) {
  Session manager = FirstStaffLogin(port(), "zj-manager");
  Session admin = FirstStaffLogin(port(), "ck-admin");

  json::object standard = kStandard;
  standard["region_code"] = "440800";
  auto refused =
      Http(port(), "POST", "/api/v1/catalogue/standards", json::serialize(standard), admin.With());
  EXPECT_EQ(refused.status, 403) << refused.body;
  auto created = Http(port(), "POST", "/api/v1/catalogue/standards", json::serialize(standard),
                      manager.With({{"Accept-Language", "en"}}));
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Header("etag"), "\"1\"");
  std::string standard_id(created.Json().at("id").as_string());
  EXPECT_EQ(created.Json().at("level").as_string(), "city");

  // Public: anyone reads the basic catalogue.
  auto listed = Http(port(), "GET", "/api/v1/catalogue/standards?q=%E9%A3%9F%E5%93%81");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.Json().at("total_size").as_int64(), 1);

  json::object implement{{"code", "440802-JB-XK-SP-001"},   {"department_id", "440802-scj"},
                         {"region_code", "440802"},         {"promised_limit_wd", 5},
                         {"address", "赤坎区政务服务中心"}, {"windows", json::array{"3号窗口"}}};
  json::object with_locked = implement;
  with_locked["name"] = "本地名称";
  with_locked["legal_basis"] = "本地依据";
  auto locked =
      Http(port(), "POST", "/api/v1/catalogue/standards/" + standard_id + "/implementations",
           json::serialize(with_locked), admin.With());
  ASSERT_EQ(locked.status, 400) << locked.body;
  std::set<std::string> pointers;
  const json::value problem = locked.Json();  // the loop must not run over a temporary
  for (const auto& e : problem.at("errors").as_array()) {
    EXPECT_EQ(e.at("key").as_string(), "item.element_locked");
    pointers.insert(std::string(e.at("pointer").as_string()));
  }
  EXPECT_EQ(pointers, (std::set<std::string>{"/name", "/legal_basis"}));

  auto made =
      Http(port(), "POST", "/api/v1/catalogue/standards/" + standard_id + "/implementations",
           json::serialize(implement), admin.With());
  ASSERT_EQ(made.status, 201) << made.body;
  json::value view = made.Json();
  std::string item_id(view.at("item").at("id").as_string());
  EXPECT_EQ(view.at("item").at("name").as_string(), "食品经营许可");
  EXPECT_EQ(view.at("level").as_string(), "county");
  EXPECT_EQ(view.at("local").at("address").as_string(), "赤坎区政务服务中心");
  EXPECT_TRUE(view.at("drift").as_array().empty());
  // The item endpoints see it as an ordinary draft item.
  auto item = Http(port(), "GET", "/api/v1/items/" + item_id, "", admin.With());
  ASSERT_EQ(item.status, 200) << item.body;
  EXPECT_EQ(item.Json().at("status").as_string(), "draft");

  // Revision without If-Match, then with it.
  auto no_match = Http(port(), "PUT", "/api/v1/catalogue/standards/" + standard_id,
                       json::serialize(kStandard), manager.With());
  EXPECT_EQ(no_match.status, 428) << no_match.body;
  json::object revised = kStandard;
  revised["statutory_limit_wd"] = 15;
  auto rev = Http(port(), "PUT", "/api/v1/catalogue/standards/" + standard_id,
                  json::serialize(revised), manager.With({{"If-Match", "\"1\""}}));
  ASSERT_EQ(rev.status, 200) << rev.body;
  EXPECT_EQ(rev.Header("etag"), "\"2\"");

  auto anonymous = Http(port(), "GET", "/api/v1/catalogue/drift");
  EXPECT_EQ(anonymous.status, 401);
  auto drift = Http(port(), "GET", "/api/v1/catalogue/drift", "", manager.With());
  ASSERT_EQ(drift.status, 200) << drift.body;
  json::value report = drift.Json();
  EXPECT_EQ(report.at("checked").as_int64(), 1);
  ASSERT_EQ(report.at("drifting").as_int64(), 1);
  const auto& row = report.at("items").as_array()[0];
  EXPECT_EQ(row.at("item").at("id").as_string(), item_id);
  ASSERT_EQ(row.at("drift").as_array().size(), 1u);
  EXPECT_EQ(row.at("drift").as_array()[0].at("element").as_string(), "statutory_limit_wd");
  EXPECT_EQ(row.at("drift").as_array()[0].at("standard_value").as_string(), "15");

  // The command line finds the same drift and says so with its exit status.
  auto [status, out] = RunCli("items drift --db '" + db_->Url() + "'");
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find("440802-JB-XK-SP-001"), std::string::npos) << out;
  EXPECT_NE(out.find("statutory_limit_wd\t20 -> 15"), std::string::npos) << out;

  // Following the standard brings it in line: the report and the CLI are clean again.
  auto followed = Http(port(), "POST", "/api/v1/catalogue/implementations/" + item_id + "/follow",
                       "", admin.With({{"If-Match", "\"1\""}}));
  ASSERT_EQ(followed.status, 200) << followed.body;
  EXPECT_EQ(followed.Json().at("item").at("statutory_limit_wd").as_int64(), 15);
  auto clean = Http(port(), "GET", "/api/v1/catalogue/drift", "", admin.With());
  ASSERT_EQ(clean.status, 200) << clean.body;
  EXPECT_EQ(clean.Json().at("drifting").as_int64(), 0);
  EXPECT_EQ(RunCli("items drift --db '" + db_->Url() + "'").first, 0);
}

}  // namespace
}  // namespace zt::testing

namespace zt::testing {
namespace {

// Issue 3: draft → review → published by a second person. The older publish route only
// sends the draft to review; the author cannot approve it; the bureau manager can; until
// then the public does not see it.
TEST_F(CatalogueHttpTest, NoHttpRoutePublishesWithoutASecondPerson) {
  Session admin = FirstStaffLogin(port(), "ck-admin");
  Session manager = FirstStaffLogin(port(), "zj-manager");
  json::object draft{{"code", "440802-scj-rv1"}, {"name", "食品经营许可"},
                     {"type", "licensing"},      {"department_id", "440802-scj"},
                     {"region_code", "440802"},  {"statutory_limit_wd", 20},
                     {"promised_limit_wd", 5},   {"materials", json::array{}}};
  auto created = Http(port(), "POST", "/api/v1/items", json::serialize(draft), admin.With());
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id(created.Json().at("id").as_string());

  auto sent = Http(port(), "POST", "/api/v1/items/" + id + "/publish", "",
                   admin.With({{"If-Match", created.Header("etag")}}));
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_EQ(sent.Json().at("status").as_string(), "draft");
  EXPECT_EQ(sent.Json().at("open_version").at("state").as_string(), "review");
  EXPECT_EQ(Http(port(), "GET", "/api/v1/items/" + id).status, 404) << "not public yet";

  // Sending it again does not publish it either.
  auto again = Http(port(), "POST", "/api/v1/items/" + id + "/publish", "",
                    admin.With({{"If-Match", sent.Header("etag")}}));
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.Json().at("key").as_string(), "item.in_review");

  const std::string approve = json::serialize(json::object{{"decision", "approve"}});
  auto self = Http(port(), "POST", "/api/v1/catalogue/items/" + id + "/review", approve,
                   admin.With({{"If-Match", sent.Header("etag")}}));
  EXPECT_EQ(self.status, 403) << self.body;
  EXPECT_EQ(self.Json().at("key").as_string(), "item.review_by_author");
  EXPECT_EQ(Http(port(), "GET", "/api/v1/items/" + id).status, 404);

  auto approved = Http(port(), "POST", "/api/v1/catalogue/items/" + id + "/review", approve,
                       manager.With({{"If-Match", sent.Header("etag")}}));
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.Json().at("status").as_string(), "published");
  auto visible = Http(port(), "GET", "/api/v1/items/" + id);
  ASSERT_EQ(visible.status, 200) << visible.body;
  EXPECT_EQ(visible.Json().at("status").as_string(), "published");
}

}  // namespace
}  // namespace zt::testing
