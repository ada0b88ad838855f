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

  // Published keys and the PEM form the openssl steps read.
  auto keys = Http(server.port(), "GET", "/api/v1/licence-keys");
  ASSERT_EQ(keys.status, 200);
  std::string key_id(keys.Json().at("keys").at(0).at("key_id").as_string());
  auto pem = Http(server.port(), "GET", "/api/v1/licence-keys/" + key_id + "?format=pem");
  ASSERT_EQ(pem.status, 200);
  EXPECT_TRUE(pem.body.starts_with("-----BEGIN PUBLIC KEY-----")) << pem.body;
  ::unsetenv("ZT_LICENCE_KEK");
}

}  // namespace
}  // namespace zt::service
