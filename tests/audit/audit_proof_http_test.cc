// AUD-05 end to end: the real `zhengtong serve` takes signed checkpoints (every second) that
// carry the log's Merkle tree head; the audit administrator fetches an inclusion proof and a
// consistency proof over HTTP, and `zhengtong audit verify-proof` checks them offline against
// the checkpoint files and the public key (exit 0), refusing an altered proof or checkpoints
// given in the wrong order (exit 1). Every other role gets 403 audit.proofs_not_allowed, an
// anonymous caller 401, and bad numbers 400 naming the parameter.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "http_session.h"
#include "server_process.h"
#include "store_test_db.h"
#include "two_districts.h"
#include "zt/service/audit_checkpoint.h"
#include "zt/service/audit_store.h"

namespace zt::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

struct CommandRun {
  int exit_code = -1;
  std::string out;
};

CommandRun Command(const std::string& command) {
  CommandRun run;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) run.out += buffer;
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// The checkpoint files of `dir`, by seq (the newest of equal seqs last).
std::vector<std::pair<service::Checkpoint, fs::path>> Checkpoints(const fs::path& dir) {
  std::vector<std::pair<service::Checkpoint, fs::path>> out;
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::ifstream in(file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto parsed = service::ParseCheckpoint(text);
    if (parsed) out.emplace_back(*parsed, file);
  }
  return out;
}

void WriteFile(const fs::path& file, const std::string& text) { std::ofstream(file) << text; }

TEST(AuditProofHttpTest, TheAuditAdministratorsProofsVerifyOfflineAgainstSignedCheckpoints) {
  auto db = StoreTestDatabase::Create(ZT_TEST_BACKEND);
  ASSERT_TRUE(db.has_value()) << db.error().ToString();
  auto store = (*db)->Open();
  ASSERT_TRUE(store.has_value());
  ASSERT_TRUE((*store)->Migrate().has_value());
  ASSERT_TRUE(PutTwoDistricts(**store).has_value());
  ASSERT_TRUE(CreateStaff(**store, {{"pf-auditor", accounts::Role::kAuditAdmin, "440800", ""},
                                    {"pf-sysadmin", accounts::Role::kSystemAdmin, "440800", ""},
                                    {"pf-secadmin", accounts::Role::kSecurityAdmin, "440800", ""},
                                    {"pf-deptadmin", accounts::Role::kDepartmentAdmin, "440802",
                                     "440802-scj"}})
                  .has_value());

  fs::path dir = fs::temp_directory_path() /
                 ("zt-aud05-" + std::to_string(::getpid()) + "-" + std::string(ZT_TEST_BACKEND));
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::path keys = dir / "keys", out = dir / "checkpoints";
  setenv("ZT_LICENCE_KEK", "aud05-test-kek-0123456789", 1);
  ASSERT_EQ(
      Command(ZhengtongBinary() + " audit checkpoint-key --key-dir " + keys.string()).exit_code, 0);
  const std::string pub = (keys / "checkpoint-key.pub.pem").string();
  setenv("ZT_CHECKPOINT_KEY_DIR", keys.c_str(), 1);
  setenv("ZT_CHECKPOINT_DIR", out.c_str(), 1);
  setenv("ZT_CHECKPOINT_EVERY_SECONDS", "1", 1);
  ServerProcess server(ZhengtongBinary(), (*db)->Url());
  for (const char* name :
       {"ZT_CHECKPOINT_KEY_DIR", "ZT_CHECKPOINT_DIR", "ZT_CHECKPOINT_EVERY_SECONDS"}) {
    unsetenv(name);
  }
  Session auditor = FirstStaffLogin(server.port(), "pf-auditor");
  // Waits for a checkpoint of at least `seq` entries.
  auto checkpoint_at_least = [&](std::int64_t seq) {
    for (int i = 0; i < 200; ++i) {
      auto all = Checkpoints(out);
      if (!all.empty() && all.back().first.seq >= seq) return all.back();
      std::this_thread::sleep_for(100ms);
    }
    ADD_FAILURE() << "no checkpoint of " << seq << " entries";
    return std::pair<service::Checkpoint, fs::path>{};
  };
  auto head = [&]() {
    auto tx = (*store)->Begin();
    EXPECT_TRUE(tx.has_value());
    return (*tx)->audit().Head().value_or(service::ChainAnchor{}).seq;
  };
  auto [older, older_file] = checkpoint_at_least(head());
  Session others[] = {FirstStaffLogin(server.port(), "pf-sysadmin"),
                      FirstStaffLogin(server.port(), "pf-secadmin"),
                      FirstStaffLogin(server.port(), "pf-deptadmin")};
  auto [newer, newer_file] = checkpoint_at_least(head());
  ASSERT_EQ(older.version, 2);
  ASSERT_EQ(older.tree_size, older.seq);
  ASSERT_LT(older.seq, newer.seq);

  // Inclusion of every entry of the newer tree, each verified offline.
  int verified = 0;
  for (std::int64_t seq = 1; seq <= newer.seq; ++seq) {
    HttpResult r = Http(server.port(), "GET",
                        "/api/v1/audit/proofs/inclusion?seq=" + std::to_string(seq) +
                            "&tree_size=" + std::to_string(newer.seq),
                        "", auditor.With());
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json().at("root").as_string(), newer.root);
    WriteFile(dir / "inclusion.json", r.body);
    CommandRun ok = Command(ZhengtongBinary() + " audit verify-proof --proof " +
                            (dir / "inclusion.json").string() + " --checkpoint " +
                            newer_file.string() + " --public-key " + pub);
    EXPECT_EQ(ok.exit_code, 0) << ok.out;
    EXPECT_NE(ok.out.find("proof verifies"), std::string::npos) << ok.out;
    verified += ok.exit_code == 0;
  }
  // The last proof claimed for another entry is refused.
  std::string moved =
      Http(server.port(), "GET",
           "/api/v1/audit/proofs/inclusion?seq=1&tree_size=" + std::to_string(newer.seq), "",
           auditor.With())
          .body;
  moved.replace(moved.find("\"seq\":1,"), 8, "\"seq\":2,");
  WriteFile(dir / "moved.json", moved);
  CommandRun refused =
      Command(ZhengtongBinary() + " audit verify-proof --proof " + (dir / "moved.json").string() +
              " --checkpoint " + newer_file.string() + " --public-key " + pub);
  EXPECT_EQ(refused.exit_code, 1) << refused.out;
  EXPECT_NE(refused.out.find("does NOT verify"), std::string::npos) << refused.out;

  // Consistency between the two checkpoints.
  HttpResult consistency =
      Http(server.port(), "GET",
           "/api/v1/audit/proofs/consistency?first=" + std::to_string(older.seq) +
               "&second=" + std::to_string(newer.seq),
           "", auditor.With());
  ASSERT_EQ(consistency.status, 200) << consistency.body;
  WriteFile(dir / "consistency.json", consistency.body);
  std::string verify_consistency = ZhengtongBinary() + " audit verify-proof --proof " +
                                   (dir / "consistency.json").string() + " --public-key " + pub;
  CommandRun extends = Command(verify_consistency + " --checkpoint " + older_file.string() +
                               " --checkpoint " + newer_file.string());
  EXPECT_EQ(extends.exit_code, 0) << extends.out;
  CommandRun swapped = Command(verify_consistency + " --checkpoint " + newer_file.string() +
                               " --checkpoint " + older_file.string());
  EXPECT_EQ(swapped.exit_code, 1) << swapped.out;
  // A checkpoint file edited to match a forged proof fails its signature.
  std::ifstream in(newer_file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  text.replace(text.find("root: ") + 6, 1, text[text.find("root: ") + 6] == 'a' ? "b" : "a");
  WriteFile(dir / "edited.txt", text);
  CommandRun edited = Command(verify_consistency + " --checkpoint " + older_file.string() +
                              " --checkpoint " + (dir / "edited.txt").string());
  EXPECT_EQ(edited.exit_code, 1) << edited.out;
  EXPECT_NE(edited.out.find("signature does not verify"), std::string::npos) << edited.out;

  // Bad numbers, for the audit administrator: 400 naming the parameter.
  for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
           {"inclusion?seq=0&tree_size=3", "seq"},
           {"inclusion?seq=x&tree_size=3", "seq"},
           {"inclusion?seq=3", "tree_size"},
           {"inclusion?seq=4&tree_size=3", "tree_size"},
           {"inclusion?seq=1&tree_size=99999999", "tree_size"},
           {"consistency?first=2", "second"},
           {"consistency?first=-1&second=3", "first"}}) {
    HttpResult r = Http(server.port(), "GET", "/api/v1/audit/proofs/" + query, "", auditor.With());
    EXPECT_EQ(r.status, 400) << query << ": " << r.body;
    EXPECT_NE(r.body.find("\"" + field + "\""), std::string::npos) << query << ": " << r.body;
  }
  // Only the audit administrator.
  int denied = 0;
  for (const Session& other : others) {
    for (const char* target : {"/api/v1/audit/proofs/inclusion?seq=1&tree_size=1",
                               "/api/v1/audit/proofs/consistency?first=1&second=2"}) {
      HttpResult r = Http(server.port(), "GET", target, "", other.With());
      EXPECT_EQ(r.status, 403) << target << ": " << r.body;
      EXPECT_NE(r.body.find("audit.proofs_not_allowed"), std::string::npos) << r.body;
      EXPECT_EQ(r.body.find("\"root\""), std::string::npos) << r.body;
      denied += r.status == 403;
    }
  }
  EXPECT_EQ(Http(server.port(), "GET", "/api/v1/audit/proofs/inclusion?seq=1&tree_size=1").status,
            401);
  std::cout << "[figures] AUD-05 " << ZT_TEST_BACKEND << " over HTTP: " << verified
            << " inclusion proofs (every entry of a " << newer.seq
            << "-entry tree) and 1 consistency proof (" << older.seq << " to " << newer.seq
            << ") verified offline against the server's signed checkpoints; " << denied
            << " requests of 3 other roles refused" << std::endl;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace zt::testing
