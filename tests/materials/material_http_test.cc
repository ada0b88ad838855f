// Materials and notifications end to end over HTTP against the real `zhengtong serve` process
// (SQLite): a PDF uploaded as the raw body, listed with provenance, grade and hash, downloaded
// with a safe Content-Disposition and nosniff by the applicant and the department's clerk, 404
// for a stranger and the other district; a disguised file, an empty one and one over the
// upload limit refused with nothing stored; the applicant's messages and the staff's outbox
// with the phone masked, and `zhengtong outbox deliver` marking them sent.
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "http_session.h"
#include "item_review.h"
#include "server_process.h"
#include "store_test_db.h"
#include "two_districts.h"
#include "zip_fixture.h"
#include "zt/seed/seed.h"

namespace zt::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

std::size_t FilesUnder(const fs::path& dir) {
  std::size_t n = 0;
  if (!fs::exists(dir)) return 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) n += e.is_regular_file();
  return n;
}

class MaterialHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_dir_ = fs::temp_directory_path() / ("zt-material-http-" + std::to_string(::getpid()));
    fs::remove_all(data_dir_);
    // The server inherits the data directory (docs/materials.md).
    ::setenv("ZT_DATA_DIR", data_dir_.c_str(), 1);
    auto db = StoreTestDatabase::Create("sqlite");
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
                                {"xs-clerk", Role::kWindowClerk, "440803", "440803-scj"},
                                {"zj-item-reviewer", Role::kBureauManager, "440800", ""}});
      ASSERT_TRUE(staff.has_value()) << staff.error().ToString();
    }
    server_ = std::make_unique<ServerProcess>(ZhengtongBinary(), db_->Url());
  }
  void TearDown() override {
    server_.reset();
    ::unsetenv("ZT_DATA_DIR");
    fs::remove_all(data_dir_);
  }

  std::uint16_t port() const { return server_->port(); }

  Session Citizen(int serial, const char* phone) {
    std::string id = seed::DemoIdNumber("440802", *ParseDate("1985-06-15"), serial);
    auto r = Http(
        port(), "POST", "/api/v1/citizens",
        json::serialize(json::object{
            {"id_number", id}, {"name", "陈晓明"}, {"phone", phone}, {"password", kNewPassword}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return Login(port(), id, kNewPassword);
  }

  static std::string Key(const HttpResult& r) {
    json::value v = r.Json();
    return v.is_object() && v.as_object().contains("key") ? std::string(v.at("key").as_string())
                                                          : std::string();
  }

  fs::path data_dir_;
  std::unique_ptr<StoreTestDatabase> db_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(MaterialHttpTest, UploadListDownloadScopeAndMessages) {
  Session admin = FirstStaffLogin(port(), "ck-admin");
  json::object item{
      {"code", "440802-scj-m01"},
      {"name", "食品经营许可"},
      {"type", "licensing"},
      {"department_id", "440802-scj"},
      {"region_code", "440802"},
      {"statutory_limit_wd", 20},
      {"promised_limit_wd", 5},
      {"materials", json::array{json::object{{"name", "营业执照"}, {"trust_grade", "A"}}}}};
  auto created = Http(port(), "POST", "/api/v1/items", json::serialize(item), admin.With());
  ASSERT_EQ(created.status, 201) << created.body;
  std::string item_id(created.Json().at("id").as_string());
  ASSERT_NE(PublishThroughReview(port(), admin, FirstStaffLogin(port(), "zj-item-reviewer"),
                                 item_id, created.Header("etag")),
            "");
  Session citizen = Citizen(123, "13807591234");
  auto applied = Http(port(), "POST", "/api/v1/applications",
                      json::serialize(json::object{{"item_id", item_id}}), citizen.With());
  ASSERT_EQ(applied.status, 201) << applied.body;
  std::string case_id(applied.Json().at("id").as_string());
  std::string base = "/api/v1/applications/" + case_id + "/materials";
  std::string name = "%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7";  // 营业执照

  // Disguised, empty and oversized files: refused, nothing stored.
  auto disguised =
      Http(port(), "POST", base + "?material=" + name + "&file_name=a.pdf",
           "<html>not a pdf</html>", citizen.With({{"Content-Type", "application/pdf"}}));
  EXPECT_EQ(disguised.status, 400) << disguised.body;
  EXPECT_EQ(Key(disguised), "material.type_not_allowed");
  auto empty = Http(port(), "POST", base + "?material=" + name, "", citizen.With());
  EXPECT_EQ(empty.status, 400) << empty.body;
  EXPECT_EQ(Key(empty), "material.empty");
  std::string big = "%PDF-1.4\n" + std::string(11 * 1024 * 1024, 'x');
  auto too_big = Http(port(), "POST", base + "?material=" + name, big, citizen.With());
  EXPECT_EQ(too_big.status, 413) << too_big.body.substr(0, 200);
  EXPECT_EQ(FilesUnder(data_dir_ / "blobs"), 0u);

  // A real upload: more than the 1 MiB JSON limit, less than the upload limit.
  std::string pdf = TinyPdf() + std::string(2 * 1024 * 1024, '\n');
  auto up =
      Http(port(), "POST", base + "?material=" + name + "&file_name=%E6%89%A7%E7%85%A7%22.pdf", pdf,
           citizen.With({{"Content-Type", "text/plain"}}));
  ASSERT_EQ(up.status, 201) << up.body;
  json::value m = up.Json();
  EXPECT_EQ(m.at("kind").as_string(), "pdf");
  EXPECT_EQ(m.at("provenance").as_string(), "upload");
  EXPECT_EQ(m.at("trust_grade").as_string(), "A");
  EXPECT_EQ(m.at("size").as_int64(), static_cast<std::int64_t>(pdf.size()));
  std::string hash(m.at("content_hash").as_string());
  EXPECT_TRUE(fs::exists(data_dir_ / "blobs" / hash.substr(0, 2) / hash.substr(2, 2) / hash));
  std::string href(m.at("href").as_string());

  auto listed = Http(port(), "GET", base, "", citizen.With());
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.Json().at("items").as_array().size(), 1u);

  Session clerk = FirstStaffLogin(port(), "ck-clerk");
  for (Session* who : {&citizen, &clerk}) {
    auto down = Http(port(), "GET", href, "", who->With());
    ASSERT_EQ(down.status, 200);
    EXPECT_EQ(down.body, pdf);
    EXPECT_EQ(down.Header("content-type"), "application/pdf");
    EXPECT_EQ(down.Header("x-content-type-options"), "nosniff");
    std::string disposition = down.Header("content-disposition");
    EXPECT_EQ(disposition.find("attachment; filename=\"__.pdf\""), 0u) << disposition;
    EXPECT_NE(disposition.find("filename*=UTF-8''%E6%89%A7%E7%85%A7.pdf"), std::string::npos)
        << disposition;
  }
  Session stranger = Citizen(125, "13807591235");
  Session xiashan = FirstStaffLogin(port(), "xs-clerk");
  for (Session* who : {&stranger, &xiashan}) {
    EXPECT_EQ(Http(port(), "GET", href, "", who->With()).status, 404);
    EXPECT_EQ(Http(port(), "GET", base, "", who->With()).status, 404);
    EXPECT_EQ(Http(port(), "POST", base + "?material=" + name, TinyPdf(), who->With()).status, 404);
  }
  EXPECT_EQ(Http(port(), "GET", href).status, 401);

  // The applicant's messages (own number) and the staff's outbox (masked).
  auto mine =
      Http(port(), "GET", "/api/v1/applications/" + case_id + "/notifications", "", citizen.With());
  ASSERT_EQ(mine.status, 200) << mine.body;
  auto mine_items = mine.Json().at("items").as_array();
  ASSERT_EQ(mine_items.size(), 1u);
  EXPECT_EQ(mine_items[0].at("milestone").as_string(), "submitted");
  EXPECT_EQ(mine_items[0].at("recipient").as_string(), "13807591234");
  auto outbox = Http(port(), "GET", "/api/v1/outbox", "", clerk.With());
  ASSERT_EQ(outbox.status, 200) << outbox.body;
  auto rows = outbox.Json().at("items").as_array();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at("recipient").as_string(), "138****1234");
  EXPECT_EQ(Http(port(), "GET", "/api/v1/outbox", "", citizen.With()).status, 403);
  EXPECT_EQ(Http(port(), "GET", "/api/v1/outbox", "", xiashan.With()).Json().at("total_size"), 0);

  // The CLI delivers through the local outbox (the server's worker may have done it already).
  std::string command = ZhengtongBinary() + " outbox deliver --db '" + db_->Url() + "' >/dev/null";
  EXPECT_EQ(std::system(command.c_str()), 0);
  auto after = Http(port(), "GET", "/api/v1/outbox?status=sent", "", clerk.With());
  EXPECT_EQ(after.Json().at("total_size"), 1);
}

}  // namespace
}  // namespace zt::testing
