// The openssl cross-check: a licence issued here is verified with the `openssl` command line
// alone, by running the very command blocks that docs/licences.md gives verifiers (marked
// "<!-- openssl-check: sm2 -->" and "<!-- openssl-check: ed25519 -->").
#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "licence_fixture.h"
#include "zt/api/licence_document.h"
#include "zt/licence/status_list.h"

namespace zt::service {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const fs::path& p, std::string_view text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// The shell block after the marker in docs/licences.md.
std::string DocumentedCommands(std::string_view algorithm) {
  std::string doc = ReadFile(fs::path(ZT_SOURCE_DIR) / "docs" / "licences.md");
  std::string marker = "<!-- openssl-check: " + std::string(algorithm) + " -->";
  std::size_t at = doc.find(marker);
  if (at == std::string::npos) return "";
  std::size_t open = doc.find("```sh\n", at);
  std::size_t close = doc.find("```", open + 6);
  if (open == std::string::npos || close == std::string::npos) return "";
  return doc.substr(open + 6, close - open - 6);
}

struct ShellResult {
  int status = -1;
  std::string output;
};

ShellResult RunIn(const fs::path& dir, const std::string& script) {
  WriteFile(dir / "verify.sh", "set -e\nexport PATH=\"$(dirname " + std::string(ZT_OPENSSL_CLI) +
                                   "):$PATH\"\n" + script);
  std::string command = "cd '" + dir.string() + "' && sh verify.sh > out.txt 2>&1";
  ShellResult r;
  r.status = std::system(command.c_str());
  r.output = ReadFile(dir / "out.txt");
  return r;
}

class OpensslCrossCheck : public LicenceFixture, public ::testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override {
    LicenceFixture::SetUp();
    dir_ = fs::temp_directory_path() /
           ("zt-openssl-" + std::to_string(::getpid()) + "-" + GetParam() + "-" + ZT_TEST_BACKEND);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_P(OpensslCrossCheck, DocumentedCommandsVerifyAndCatchTampering) {
  std::string algorithm = GetParam() == "sm2" ? "SM2-SM3" : "Ed25519";
  ASSERT_TRUE(licences_.CreateType(admin_, FoodType(), ctx_).has_value());
  LicenceService service(*store_, crypto_, signer_, clock_, {}, algorithm);
  auto issued = service.Issue(clerk_, FoodRequest(), ctx_);
  ASSERT_TRUE(issued.has_value()) << issued.error().ToString();

  // What the holder downloads and what the server publishes, as a verifier receives them.
  boost::json::value doc = boost::json::parse(api::RenderLicenceDocument(issued->document, ""));
  const auto& proof = doc.at("proof").as_object();
  WriteFile(dir_ / "content.b64", std::string(proof.at("signed_content").as_string()));
  WriteFile(dir_ / "signature.b64", std::string(proof.at("signature").as_string()));
  auto keys = licences_.PublishedKeys();
  ASSERT_TRUE(keys.has_value());
  for (const auto& k : *keys) {
    if (k.key_id == issued->record.key_id) WriteFile(dir_ / "key.pem", k.public_key_pem);
  }

  std::string commands = DocumentedCommands(GetParam());
  ASSERT_FALSE(commands.empty()) << "docs/licences.md lacks the openssl-check block";
  ShellResult ok = RunIn(dir_, commands);
  EXPECT_EQ(ok.status, 0) << ok.output;
  EXPECT_NE(ok.output.find("Signature Verified Successfully"), std::string::npos) << ok.output;
  // `openssl dgst -sm3 -r` prints the digest the document states.
  EXPECT_NE(ok.output.find(issued->record.content_digest), std::string::npos) << ok.output;
  EXPECT_EQ(ReadFile(dir_ / "content.bin"), licence::CanonicalContent(issued->record.content));

  // One changed character in the content: openssl refuses it.
  std::string content = licence::CanonicalContent(issued->record.content);
  std::size_t at = content.find("number=") + 7;
  content[at] = content[at] == '9' ? '8' : '9';
  WriteFile(dir_ / "content.b64", licence::Base64Encode(content));
  ShellResult tampered = RunIn(dir_, commands);
  EXPECT_NE(tampered.status, 0) << tampered.output;
  EXPECT_EQ(tampered.output.find("Signature Verified Successfully"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Algorithms, OpensslCrossCheck, ::testing::Values("sm2", "ed25519"));

}  // namespace
}  // namespace zt::service
