// Licences through the real `zhengtong serve` binary: concluding an application over HTTP
// issues its licence (the middleware after the transition), the holder downloads the document,
// anyone verifies it online, and the status list is served compressed and signed.
#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "http_session.h"
#include "licence_fixture.h"
#include "server_process.h"
#include "zt/api/licence_document.h"
#include "zt/licence/status_list.h"

namespace zt::service {
namespace {

namespace json = boost::json;
using testing::Http;

class LicenceHttpTest : public LicenceFixture {};

// pdftotext's reading of a PDF with all whitespace removed (it breaks CJK lines anywhere).
std::string PdfText(const std::string& pdf) {
  auto dir =
      std::filesystem::temp_directory_path() / ("zt-licence-pdf-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  { std::ofstream(dir / "licence.pdf", std::ios::binary) << pdf; }
  std::string command = "pdftotext -enc UTF-8 '" + (dir / "licence.pdf").string() + "' -";
  std::string out;
  if (FILE* p = ::popen(command.c_str(), "r")) {
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    ::pclose(p);
  }
  std::filesystem::remove_all(dir);
  std::string flat;
  for (char c : out) {
    if (c != '\n' && c != ' ' && c != '\f') flat += c;
  }
  return flat;
}

TEST_F(LicenceHttpTest, ConclusionIssuesTheLicenceWhichVerifiesOnline) {
  ::setenv("ZT_LICENCE_KEK", kTestKek, 1);
  ASSERT_TRUE(testing::CreateStaff(
                  *store_, {{"h-clerk", accounts::Role::kWindowClerk, "440802", "440802-scj"},
                            {"h-reviewer", accounts::Role::kReviewer, "440802", "440802-scj"}})
                  .has_value());
  auto item = PublishedItem("440802-scj-gt-h", {{"申请表", true, ""}});
  ASSERT_TRUE(licences_.CreateType(admin_, ResidenceType(item.code), ctx_).has_value());
  auto applied = Apply(citizen_, item, R"({"trade_name":"晓明海鲜档"})");
  const std::string case_path = "/api/v1/applications/" + applied.record.id.value();

  testing::ServerProcess server(testing::ZhengtongBinary(), db_->Url());
  auto clerk = testing::FirstStaffLogin(server.port(), "h-clerk");
  auto reviewer = testing::FirstStaffLogin(server.port(), "h-reviewer");
  auto act = [&](const testing::Session& who, const char* transition, int version) {
    auto r = Http(server.port(), "POST", case_path + "/transitions",
                  json::serialize(json::object{{"transition", transition}}),
                  who.With({{"If-Match", "\"" + std::to_string(version) + "\""},
                            {"Content-Type", "application/json"}}));
    EXPECT_EQ(r.status, 200) << transition << ": " << r.body;
  };
  act(clerk, "accept", 1);
  act(reviewer, "approve", 2);
  act(clerk, "conclude", 3);

  auto citizen = testing::Login(server.port(), citizen_id_, kTestPassword);
  auto wallet = Http(server.port(), "GET", "/api/v1/licences", "", citizen.With());
  ASSERT_EQ(wallet.status, 200) << wallet.body;
  json::value listed = wallet.Json();
  ASSERT_EQ(listed.at("total").as_int64(), 1) << wallet.body;
  std::string id(listed.at("items").at(0).at("id").as_string());
  EXPECT_EQ(listed.at("items").at(0).at("case_id").as_string(), applied.record.id.value());
  EXPECT_EQ(listed.at("items").at(0).at("fields").at("trade_name").as_string(), "晓明海鲜档");

  auto document =
      Http(server.port(), "GET", "/api/v1/licences/" + id + "/document", "", citizen.With());
  ASSERT_EQ(document.status, 200) << document.body;
  EXPECT_NE(document.Header("content-disposition").find("attachment"), std::string::npos);
  auto verified = Http(server.port(), "POST", "/api/v1/licence-verifications", document.body,
                       {{"Content-Type", "application/json"}});
  ASSERT_EQ(verified.status, 200) << verified.body;
  EXPECT_TRUE(verified.Json().at("valid").as_bool()) << verified.body;
  EXPECT_EQ(verified.Json().at("status").as_string(), "valid");

  json::value tampered = json::parse(document.body);
  tampered.at("content").at("holder_name") = "王五";
  auto refused = Http(server.port(), "POST", "/api/v1/licence-verifications",
                      json::serialize(tampered), {{"Content-Type", "application/json"}});
  ASSERT_EQ(refused.status, 200) << refused.body;
  EXPECT_FALSE(refused.Json().at("valid").as_bool());
  EXPECT_EQ(refused.Json().at("reasons").at(0).as_string(), "verify.content_tampered");

  // The printable PDF: what pdftotext reads back holds the face, the issuer and the identifier.
  auto pdf =
      Http(server.port(), "GET", "/api/v1/licences/" + id + "/licence.pdf", "", citizen.With());
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  ASSERT_TRUE(pdf.body.starts_with("%PDF-")) << pdf.body.substr(0, 100);
  std::string text = PdfText(pdf.body);
  for (std::string_view expected :
       {std::string_view(id), std::string_view("晓明海鲜档"), std::string_view("陈晓明"),
        std::string_view(citizen_id_), std::string_view("证照标识"), std::string_view("有效期")}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " not in:\n" << text;
  }
  EXPECT_NE(text.find(std::string(listed.at("items").at(0).at("issuer_name").as_string())),
            std::string::npos)
      << text;
  // The QR code of the wallet: an SVG, scoped like the PDF.
  auto qr = Http(server.port(), "GET", "/api/v1/licences/" + id + "/qr.svg", "", citizen.With());
  ASSERT_EQ(qr.status, 200);
  EXPECT_NE(qr.body.find("<svg"), std::string::npos);

  // Another citizen cannot see it, nor its PDF or QR code; nobody anonymous either.
  auto other = testing::Login(server.port(), other_id_, kTestPassword);
  EXPECT_EQ(Http(server.port(), "GET", "/api/v1/licences/" + id, "", other.With()).status, 404);
  EXPECT_EQ(Http(server.port(), "GET", "/api/v1/licences/" + id + "/licence.pdf", "", other.With())
                .status,
            404);
  EXPECT_EQ(
      Http(server.port(), "GET", "/api/v1/licences/" + id + "/qr.svg", "", other.With()).status,
      404);
  EXPECT_EQ(Http(server.port(), "GET", "/api/v1/licences/" + id + "/licence.pdf").status, 401);

  // The revocation list: GZIP'd, multibase base64url, bit clear for this licence.
  auto list = Http(server.port(), "GET", "/api/v1/licence-status/revocation");
  ASSERT_EQ(list.status, 200) << list.body;
  json::value credential = json::parse(list.body);
  auto bits = api::DecodeStatusList(
      std::string(credential.at("credentialSubject").at("encodedList").as_string()));
  ASSERT_TRUE(bits.has_value()) << bits.error().ToString();
  EXPECT_EQ(bits->size(), 16384u);
  EXPECT_FALSE(licence::BitAt(*bits, listed.at("items").at(0).at("status_index").as_int64()));
  // Signed and dated, the list may be cached; revalidated while the bits stand, it is 304.
  EXPECT_EQ(list.Header("cache-control"), "public, max-age=300");
  std::string etag = list.Header("etag");
  ASSERT_TRUE(etag.starts_with("W/\"revocation-")) << etag;
  auto unchanged = Http(server.port(), "GET", "/api/v1/licence-status/revocation", "",
                        {{"If-None-Match", etag}});
  EXPECT_EQ(unchanged.status, 304);
  EXPECT_TRUE(unchanged.body.empty());
  // Other answers of the API stay uncacheable.
  EXPECT_EQ(Http(server.port(), "GET", "/api/v1/licence-keys").Header("cache-control"), "no-store");

  // Published keys and the PEM form the openssl steps read.
  auto keys = Http(server.port(), "GET", "/api/v1/licence-keys");
  ASSERT_EQ(keys.status, 200);
  std::string key_id(keys.Json().at("keys").at(0).at("key_id").as_string());
  auto pem = Http(server.port(), "GET", "/api/v1/licence-keys/" + key_id + "?format=pem");
  ASSERT_EQ(pem.status, 200);
  EXPECT_TRUE(pem.body.starts_with("-----BEGIN PUBLIC KEY-----")) << pem.body;
  ::unsetenv("ZT_LICENCE_KEK");
}

// 入库 from a CSV upload, and a representative who, once recorded by staff, sees the
// organisation's licences in the wallet until the link ends.
TEST_F(LicenceHttpTest, UploadedHistoricalEntryAndRepresentativesWallet) {
  ::setenv("ZT_LICENCE_KEK", kTestKek, 1);
  ASSERT_TRUE(testing::CreateStaff(
                  *store_, {{"h-admin", accounts::Role::kDepartmentAdmin, "440802", "440802-scj"}})
                  .has_value());
  ASSERT_TRUE(licences_.CreateType(admin_, FoodType(), ctx_).has_value());
  testing::ServerProcess server(testing::ZhengtongBinary(), db_->Url());
  auto admin = testing::FirstStaffLogin(server.port(), "h-admin");
  const std::string imports = std::string("/api/v1/licence-types/") + kFoodType + "/imports";
  const std::string csv =
      "number,holder_name,holder_id,issue_date,valid_until,scope,premises\n"
      "JY1,湛江市赤坎区海鲜酒楼有限公司,91440802MA0000001B,2019-05-01,,预包装食品销售,赤坎区\n"
      "JY2,乙公司,not-a-code,2019-05-01,,预包装食品销售,赤坎区\n";
  auto wrong_type =
      Http(server.port(), "POST", imports, csv, admin.With({{"Content-Type", "application/json"}}));
  EXPECT_EQ(wrong_type.status, 400) << wrong_type.body;
  auto entered =
      Http(server.port(), "POST", imports, csv, admin.With({{"Content-Type", "text/csv"}}));
  ASSERT_EQ(entered.status, 200) << entered.body;
  json::value report = entered.Json();
  EXPECT_EQ(report.at("entered").as_int64(), 1);
  EXPECT_EQ(report.at("rejected").as_int64(), 1);
  EXPECT_EQ(report.at("report").at(1).at("errors").at(0).at("pointer").as_string(), "/holder_id");
  std::string licence_id(report.at("report").at(0).at("licence_id").as_string());
  ASSERT_FALSE(licence_id.empty());

  auto citizen = testing::Login(server.port(), citizen_id_, kTestPassword);
  auto other = testing::Login(server.port(), other_id_, kTestPassword);
  const std::string wallet = "/api/v1/licences?holder=91440802MA0000001B";
  EXPECT_EQ(Http(server.port(), "GET", wallet, "", citizen.With()).Json().at("total").as_int64(),
            0);
  json::object link{{"credit_code", "91440802MA0000001B"},
                    {"organisation_name", "湛江市赤坎区海鲜酒楼有限公司"},
                    {"id_number", citizen_id_},
                    {"person_name", "陈晓明"},
                    {"capacity", "legal_representative"},
                    {"evidence", "营业执照 法定代表人栏"}};
  auto by_citizen =
      Http(server.port(), "POST", "/api/v1/organisation-representatives", json::serialize(link),
           citizen.With({{"Content-Type", "application/json"}}));
  EXPECT_EQ(by_citizen.status, 403) << by_citizen.body;
  auto recorded = Http(server.port(), "POST", "/api/v1/organisation-representatives",
                       json::serialize(link), admin.With({{"Content-Type", "application/json"}}));
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  EXPECT_NE(recorded.Json().at("id_number").as_string(), citizen_id_);  // masked for staff
  std::string link_id(recorded.Json().at("id").as_string());

  auto mine =
      Http(server.port(), "GET", "/api/v1/organisation-representatives", "", citizen.With());
  ASSERT_EQ(mine.status, 200) << mine.body;
  ASSERT_EQ(mine.Json().at("items").as_array().size(), 1u);
  EXPECT_EQ(mine.Json().at("items").at(0).at("id_number").as_string(), citizen_id_);
  auto listed = Http(server.port(), "GET", wallet, "", citizen.With());
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.Json().at("total").as_int64(), 1) << listed.body;
  EXPECT_EQ(listed.Json().at("items").at(0).at("id").as_string(), licence_id);
  EXPECT_EQ(Http(server.port(), "GET", "/api/v1/licences/" + licence_id, "", citizen.With()).status,
            200);
  EXPECT_EQ(Http(server.port(), "GET", wallet, "", other.With()).Json().at("total").as_int64(), 0);
  EXPECT_EQ(Http(server.port(), "GET", "/api/v1/licences/" + licence_id, "", other.With()).status,
            404);

  auto ended =
      Http(server.port(), "POST", "/api/v1/organisation-representatives/" + link_id + "/end",
           json::serialize(json::object{{"reason", "法定代表人变更"}}),
           admin.With({{"Content-Type", "application/json"}, {"If-Match", "\"1\""}}));
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(Http(server.port(), "GET", wallet, "", citizen.With()).Json().at("total").as_int64(),
            0);
  ::unsetenv("ZT_LICENCE_KEK");
}

}  // namespace
}  // namespace zt::service
