// `zhengtong licence verify`: offline with the published keys (and status lists), and against
// the register with --db, on the test's database.
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "licence_fixture.h"
#include "zt/api/licence_document.h"

namespace zt::service {
namespace {

namespace fs = std::filesystem;

struct CliRun {
  int status = -1;
  std::string output;
};

class LicenceCliTest : public LicenceFixture {
 protected:
  void SetUp() override {
    LicenceFixture::SetUp();
    dir_ = fs::temp_directory_path() /
           ("zt-licence-cli-" + std::to_string(::getpid()) + "-" + ZT_TEST_BACKEND);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }

  CliRun Zhengtong(const std::string& args) {
    std::string command = "'" + std::string(ZT_BINARY) + "' " + args + " > '" +
                          (dir_ / "out.txt").string() + "' 2>&1";
    CliRun r;
    int raw = std::system(command.c_str());
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    std::ifstream in(dir_ / "out.txt");
    std::stringstream s;
    s << in.rdbuf();
    r.output = s.str();
    return r;
  }

  std::string KeysJson() {
    boost::json::array keys;
    auto published = licences_.PublishedKeys();
    EXPECT_TRUE(published.has_value());
    for (const auto& k : *published) keys.push_back(api::PublishedKeyJson(k));
    return boost::json::serialize(boost::json::object{{"keys", keys}});
  }

  fs::path dir_;
};

TEST_F(LicenceCliTest, VerifiesOfflineWithPublishedKeysAndStatusLists) {
  LicenceView issued = IssueFood();
  Write("licence.json", api::RenderLicenceDocument(issued.document, "valid"));
  Write("keys.json", KeysJson());
  std::string files =
      "'" + (dir_ / "licence.json").string() + "' --keys '" + (dir_ / "keys.json").string() + "'";
  CliRun ok = Zhengtong("licence verify " + files);
  EXPECT_EQ(ok.status, 0) << ok.output;
  EXPECT_NE(ok.output.find("VALID"), std::string::npos) << ok.output;
  EXPECT_NE(ok.output.find("verify.status_unknown"), std::string::npos) << ok.output;

  LicenceDocument tampered = issued.document;
  tampered.content.holder_name = "别人的公司";
  Write("tampered.json", api::RenderLicenceDocument(tampered, "valid"));
  CliRun bad = Zhengtong("licence verify '" + (dir_ / "tampered.json").string() + "' --keys '" +
                         (dir_ / "keys.json").string() + "'");
  EXPECT_EQ(bad.status, 1) << bad.output;
  EXPECT_NE(bad.output.find("verify.content_tampered"), std::string::npos) << bad.output;

  Write("nokeys.json", R"({"keys":[]})");
  CliRun unknown = Zhengtong("licence verify '" + (dir_ / "licence.json").string() + "' --keys '" +
                             (dir_ / "nokeys.json").string() + "'");
  EXPECT_EQ(unknown.status, 1);
  EXPECT_NE(unknown.output.find("verify.key_unknown"), std::string::npos) << unknown.output;

  // Revoked: the signed revocation list names it.
  ASSERT_TRUE(licences_
                  .ChangeStatus(admin_, issued.record.content.id, licence::StatusAction::kRevoke,
                                "吊销", "决定书 1 号", 1, ctx_)
                  .has_value());
  auto list = licences_.StatusList("revocation");
  ASSERT_TRUE(list.has_value());
  Write("revocation.json",
        boost::json::serialize(api::StatusListCredentialJson(*list, "https://zw.example.cn")));
  CliRun revoked = Zhengtong("licence verify " + files + " --status-list '" +
                             (dir_ / "revocation.json").string() + "'");
  EXPECT_EQ(revoked.status, 1) << revoked.output;
  EXPECT_NE(revoked.output.find("verify.revoked"), std::string::npos) << revoked.output;

  // A forged list (signature of another list) is refused, not believed.
  auto suspension = licences_.StatusList("suspension");
  ASSERT_TRUE(suspension.has_value());
  suspension->bitstring = list->bitstring;  // claims the revocation bits as suspension
  Write("forged.json", boost::json::serialize(
                           api::StatusListCredentialJson(*suspension, "https://zw.example.cn")));
  CliRun forged = Zhengtong("licence verify " + files + " --status-list '" +
                            (dir_ / "forged.json").string() + "'");
  EXPECT_EQ(forged.status, 1) << forged.output;
  EXPECT_NE(forged.output.find("status_list.signature"), std::string::npos) << forged.output;
}

TEST_F(LicenceCliTest, VerifiesAgainstTheRegister) {
  LicenceView issued = IssueFood();
  Write("licence.json", api::RenderLicenceDocument(issued.document, "valid"));
  std::string args =
      "licence verify '" + (dir_ / "licence.json").string() + "' --db '" + db_->Url() + "'";
  CliRun ok = Zhengtong(args);
  EXPECT_EQ(ok.status, 0) << ok.output;
  EXPECT_NE(ok.output.find("status:   valid"), std::string::npos) << ok.output;
  ASSERT_TRUE(licences_
                  .ChangeStatus(admin_, issued.record.content.id, licence::StatusAction::kSuspend,
                                "停业整顿", "决定书 2 号", 1, ctx_)
                  .has_value());
  CliRun suspended = Zhengtong(args);
  EXPECT_EQ(suspended.status, 1) << suspended.output;
  EXPECT_NE(suspended.output.find("verify.suspended"), std::string::npos) << suspended.output;
}

}  // namespace
}  // namespace zt::service
