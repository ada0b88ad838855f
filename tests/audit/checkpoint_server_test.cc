// AUD-04 end to end: the real `zhengtong serve` with automatic checkpoints
// (ZT_CHECKPOINT_* = the serve --checkpoint-* options) whose directory goes away (a regular
// file takes its place). With a grace period of 0 the first failed checkpoint turns
// writes off: a state-changing request gets 503 audit.checkpoint_unavailable while reads
// answer 200. Once the directory can be made, the next checkpoint covers every entry written
// until then, writes are accepted again, and `zhengtong audit verify --checkpoints` agrees.
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

int RunCommand(const std::string& command) {
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<service::Checkpoint> ReadCheckpoints(const fs::path& dir) {
  std::vector<service::Checkpoint> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::ifstream in(entry.path());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto parsed = service::ParseCheckpoint(text);
    EXPECT_TRUE(parsed.has_value()) << entry.path();
    if (parsed) out.push_back(*parsed);
  }
  return out;
}

TEST(CheckpointServerTest, WritesStopWhileCheckpointsFailAndTheNextOneCoversEveryEntry) {
  auto db = StoreTestDatabase::Create(ZT_TEST_BACKEND);
  ASSERT_TRUE(db.has_value()) << db.error().ToString();
  auto store = (*db)->Open();
  ASSERT_TRUE(store.has_value());
  ASSERT_TRUE((*store)->Migrate().has_value());
  ASSERT_TRUE(PutTwoDistricts(**store).has_value());
  ASSERT_TRUE(
      CreateStaff(**store, {{"ck-admin", accounts::Role::kDepartmentAdmin, "440802", "440802-scj"}})
          .has_value());

  fs::path dir = fs::temp_directory_path() / ("zt-aud04-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::path keys = dir / "keys", out = dir / "checkpoints", saved = dir / "saved";
  setenv("ZT_LICENCE_KEK", "aud04-test-kek-0123456789", 1);
  ASSERT_EQ(RunCommand(ZhengtongBinary() + " audit checkpoint-key --key-dir " + keys.string() +
                       " >/dev/null"),
            0);
  setenv("ZT_CHECKPOINT_KEY_DIR", keys.c_str(), 1);
  setenv("ZT_CHECKPOINT_DIR", out.c_str(), 1);
  setenv("ZT_CHECKPOINT_EVERY_SECONDS", "1", 1);
  setenv("ZT_CHECKPOINT_GRACE_SECONDS", "0", 1);
  ServerProcess server(ZhengtongBinary(), (*db)->Url());
  for (const char* name : {"ZT_CHECKPOINT_KEY_DIR", "ZT_CHECKPOINT_DIR",
                           "ZT_CHECKPOINT_EVERY_SECONDS", "ZT_CHECKPOINT_GRACE_SECONDS"}) {
    unsetenv(name);  // the server has them; other tests of this process must not
  }
  Session admin = FirstStaffLogin(server.port(), "ck-admin");  // entries to vouch for

  auto create = [&](int n) {
    std::string body = R"({"code":"440802-scj-)" + std::to_string(100 + n) +
                       R"(","name":"食品经营许可","type":"licensing","department_id":"440802-scj",
                          "region_code":"440802","statutory_limit_wd":20,"promised_limit_wd":5,
                          "materials":[{"name":"申请表","required":true}]})";
    return Http(server.port(), "POST", "/api/v1/items", body,
                admin.With({{"Content-Type", "application/json"}}));
  };
  // The checkpoint directory goes away: a regular file takes its place, so no checkpoint can
  // be written. The next due checkpoint fails within about a second; then writes are refused.
  for (int i = 0; i < 100 && !fs::exists(out); ++i) std::this_thread::sleep_for(100ms);
  ASSERT_TRUE(fs::exists(out)) << "no checkpoint was taken while the directory was there";
  fs::rename(out, saved);
  std::ofstream(out) << "a file where the checkpoint directory should be\n";
  HttpResult refused;
  for (int i = 0; i < 100; ++i) {
    refused = create(i);
    if (refused.status == 503) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(refused.status, 503) << refused.body;
  EXPECT_NE(refused.body.find("audit.checkpoint_unavailable"), std::string::npos) << refused.body;
  EXPECT_EQ(Http(server.port(), "GET", "/api/v1/items", "", admin.With()).status, 200);
  EXPECT_EQ(create(1000).status, 503);
  std::size_t before_recovery = ReadCheckpoints(saved).size();

  // Recovery: the entries written so far must all be covered by the next checkpoint.
  std::int64_t head_before = 0;
  {
    auto tx = (*store)->Begin();
    ASSERT_TRUE(tx.has_value());
    auto head = (*tx)->audit().Head();
    ASSERT_TRUE(head.has_value());
    head_before = head->seq;
  }
  fs::remove(out);
  fs::rename(saved, out);
  HttpResult accepted;
  for (int i = 0; i < 100; ++i) {
    accepted = create(2000 + i);
    if (accepted.status == 201) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(accepted.status, 201) << accepted.body;
  std::vector<service::Checkpoint> checkpoints = ReadCheckpoints(out);
  ASSERT_GT(checkpoints.size(), before_recovery);
  std::int64_t first = 0;  // the first checkpoint taken after the recovery
  for (const auto& c : checkpoints) {
    if (c.seq >= head_before && (first == 0 || c.seq < first)) first = c.seq;
  }
  EXPECT_GE(first, head_before);  // 0 gaps: everything before the recovery is covered
  EXPECT_EQ(RunCommand(ZhengtongBinary() + " audit verify --db '" + (*db)->Url() +
                       "' --checkpoints " + out.string() + " --public-key " +
                       (keys / "checkpoint-key.pub.pem").string() + " >/dev/null"),
            0);
  std::cout << "[figures] AUD-04 " << ZT_TEST_BACKEND << ": writes refused (503) while "
            << "checkpoints failed, reads 200; first checkpoint after recovery at entry " << first
            << " covering the " << head_before << " entries before it; " << checkpoints.size()
            << " checkpoint(s) verified" << std::endl;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace zt::testing
