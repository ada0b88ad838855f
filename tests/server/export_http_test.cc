// Bulk exports of 12345 work orders over HTTP against the real `zhengtong serve` process on the
// seeded demo city (docs/exports.md): the requester cannot approve their own request; a role
// without the right is refused and nothing changes; a second person approves; the one download
// carries the watermark naming both and passes the personal-number scanner of PRIV-01.
#include <boost/json.hpp>
#include <string>

#include <gtest/gtest.h>

#include "http_session.h"
#include "number_scan.h"
#include "server_process.h"
#include "store_test_db.h"
#include "zt/core/csv.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/seed/seed.h"

namespace zt::testing {
namespace {

namespace json = boost::json;

TEST(ExportHttpTest, WorkOrdersExportNeedsASecondPersonAndLeaksNoPlainNumber) {
  auto db = StoreTestDatabase::Create(ZT_TEST_BACKEND);
  ASSERT_TRUE(db) << db.error().ToString();
  KnownNumbers known;
  {
    auto store = (*db)->Open();
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->Migrate());
    seed::SeedOptions options;
    options.applications = 4;
    options.demo_password = kInitialPassword;
    options.now = *ParseInstant("2025-11-20T10:00:00+08:00");
    crypto::OpenSslCrypto crypto;
    auto seeded = seed::SeedDemoCity(**store, crypto, options);
    ASSERT_TRUE(seeded) << seeded.error().ToString();
    known = CollectThroughTheStore(**store);
  }
  ASSERT_GT(known.orders_with_phone, 0);
  ServerProcess server(ZhengtongBinary(), (*db)->Url());
  const auto port = server.port();
  Session requester = FirstStaffLogin(port, "zj-12345-supervisor");
  Session approver = FirstStaffLogin(port, "zj-manager");
  Session clerk = FirstStaffLogin(port, "440802-scj-clerk");
  auto entries = [&] {
    auto store = (*db)->Open();
    return store ? (*store)->VerifyChain()->entries : -1;
  };

  std::string ask = json::serialize(json::object{{"kind", "hotline_orders"},
                                                 {"format", "csv"},
                                                 {"region_code", "440800"},
                                                 {"reason", "工单办理情况核查"}});
  auto asked = Http(port, "POST", "/api/v1/exports", ask, requester.With());
  ASSERT_EQ(asked.status, 201) << asked.body;
  std::string id(asked.Json().at("id").as_string());
  std::string path = "/api/v1/exports/" + id;

  // The requester's own approval: 403, audited, still pending.
  auto own = Http(port, "POST", path + "/approve", "", requester.With());
  EXPECT_EQ(own.status, 403) << own.body;
  EXPECT_EQ(std::string(own.Json().at("key").as_string()), "export.same_person");
  // A clerk may neither ask nor decide; each refusal adds exactly its one audit record.
  std::int64_t before = entries();
  auto clerk_ask = Http(port, "POST", "/api/v1/exports", ask, clerk.With());
  EXPECT_EQ(clerk_ask.status, 403) << clerk_ask.body;
  EXPECT_EQ(std::string(clerk_ask.Json().at("key").as_string()), "export.role");
  auto clerk_approve = Http(port, "POST", path + "/approve", "", clerk.With());
  EXPECT_EQ(clerk_approve.status, 404) << clerk_approve.body;
  EXPECT_EQ(entries(), before + 2);
  auto state = Http(port, "GET", path, "", requester.With());
  EXPECT_EQ(std::string(state.Json().at("state").as_string()), "pending") << state.body;
  EXPECT_EQ(Http(port, "GET", path + "/file", "", requester.With()).status, 409);

  // The approver sees it among the pending requests and approves it.
  auto pending = Http(port, "GET", "/api/v1/exports?state=pending", "", approver.With());
  ASSERT_EQ(pending.status, 200) << pending.body;
  EXPECT_NE(pending.body.find(id), std::string::npos);
  ASSERT_EQ(Http(port, "POST", path + "/approve", "", approver.With()).status, 200);

  auto file = Http(port, "GET", path + "/file", "", requester.With());
  ASSERT_EQ(file.status, 200) << file.body;
  EXPECT_EQ(file.Header("content-type"), "text/csv; charset=utf-8");
  auto table = ParseCsv(file.body);
  ASSERT_TRUE(table.has_value());
  ASSERT_GE(table->size(), 3u);
  for (const auto* row : {&table->front(), &table->back()}) {
    EXPECT_NE(row->at(0).find("导出人 热线督办 黄伟"), std::string::npos) << row->at(0);
    EXPECT_NE(row->at(0).find("审批人 "), std::string::npos) << row->at(0);
    EXPECT_NE(row->at(0).find(id), std::string::npos) << row->at(0);
  }
  auto hits = ScanText(file.body, known, "export file");
  EXPECT_TRUE(hits.empty()) << hits.front().number << " in " << hits.front().context;
  EXPECT_GE(CountMasks(file.body), 1);
  // One download per approval.
  auto again = Http(port, "GET", path + "/file", "", requester.With());
  EXPECT_EQ(again.status, 409) << again.body;
}

}  // namespace
}  // namespace zt::testing
