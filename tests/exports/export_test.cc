// Bulk exports of personal data: a second person of the right role approves, never the
// requester; the file names who exported it, who approved and when; every step is an event.
// Requests go through the real router and handlers (zt::api::Api) over the demo city seeded
// into this backend's store.
#include <array>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "store_test_db.h"
#include "zt/api/api.h"
#include "zt/calendar/calendar.h"
#include "zt/caseflow/case_type_file.h"
#include "zt/core/csv.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/document/xlsx.h"
#include "zt/http/router.h"
#include "zt/seed/seed.h"
#include "zt/service/account_service.h"
#include "zt/service/export_service.h"

namespace zt {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

constexpr const char* kDemoPassword = "export-test-demo-password";
constexpr const char* kPassword = "export-test-new-password";

struct Login {
  std::string token, csrf, name;
  AccountId id;
};

// One seeded store per test binary: seeding takes seconds, and every test works on its own
// export requests.
class ExportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(caseflow::LoadBuiltInCaseTypes().has_value());
    db_ = testing::CreateTestDatabaseOrThrow(ZT_TEST_BACKEND).release();
    store_ = testing::OpenMigratedOrThrow(*db_).release();
    clock_ =
        new SimulatedClock(Instant{std::chrono::sys_days{std::chrono::year{2026} / 11 / 20}} + 2h);
    crypto_ = new crypto::OpenSslCrypto();
    seed::SeedOptions options;
    options.applications = 40;
    options.demo_password = kDemoPassword;
    options.now = clock_->Now();
    auto seeded = seed::SeedDemoCity(*store_, *crypto_, options);
    ASSERT_TRUE(seeded.has_value()) << seeded.error().ToString();
    api_ = new api::Api(*store_, *crypto_, *clock_, calendar::WorkingCalendar::China());
    router_ = new http::Router();
    api_->Register(*router_);
  }
  static void TearDownTestSuite() {
    delete router_;
    delete api_;
    delete store_;
    delete db_;
    delete crypto_;
    delete clock_;
  }

  Login As(const std::string& username) {
    static std::map<std::string, Login> logins;
    if (auto it = logins.find(username); it != logins.end()) return it->second;
    service::AccountService accounts(*store_, *crypto_, *clock_);
    auto first = accounts.Login(username, kDemoPassword, {"t", ""});
    EXPECT_TRUE(first.has_value()) << username;
    if (!first) return {};
    EXPECT_TRUE(accounts.ChangePassword(first->account.id, kDemoPassword, kPassword, {"t", ""}));
    auto session = accounts.Login(username, kPassword, {"t", ""});
    EXPECT_TRUE(session.has_value());
    Login login{session->token, session->csrf_token, session->actor.display_name,
                session->account.id};
    logins[username] = login;
    return login;
  }

  http::Response Call(const Login& who, const std::string& method, const std::string& target,
                      const std::string& body = "") {
    http::Request req;
    req.set_method(method);
    req.set_target(target);
    req.set_body(body);
    req.set_request_id("req-export-test");
    req.set_remote_address("192.0.2.10");
    req.add_header("Content-Type", "application/json");
    req.add_header("Cookie", std::string(api::kSessionCookie) + "=" + who.token);
    req.add_header("X-CSRF-Token", who.csrf);
    return router_->Handle(req);
  }

  // Asks for an export and returns its id.
  std::string Ask(const Login& who, const std::string& format, const std::string& region,
                  const std::string& department = "") {
    json::object body{{"kind", "applications"},
                      {"format", format},
                      {"region_code", region},
                      {"reason", "年度办件核查"}};
    if (!department.empty()) body["department_id"] = department;
    http::Response r = Call(who, "POST", "/api/v1/exports", json::serialize(body));
    EXPECT_EQ(r.status(), 201) << r.body();
    return std::string(json::parse(r.body()).as_object().at("id").as_string());
  }

  std::vector<service::EventRecord> EventsOf(const std::string& id) {
    auto tx = store_->Begin();
    EXPECT_TRUE(tx.has_value());
    auto events = (*tx)->ListEventsFor("export", id);
    EXPECT_TRUE(events.has_value());
    return events.value_or(std::vector<service::EventRecord>{});
  }

  static std::int64_t CasesIn(const std::string& region_prefix, const std::string& department) {
    auto tx = store_->Begin();
    service::CaseQuery q;
    q.region_prefix = region_prefix;
    q.department_id = DepartmentId(department);
    q.limit = 1;
    auto page = (*tx)->ListCases(q);
    return page ? page->total : -1;
  }

  static inline testing::StoreTestDatabase* db_ = nullptr;
  static inline service::Store* store_ = nullptr;
  static inline SimulatedClock* clock_ = nullptr;
  static inline crypto::OpenSslCrypto* crypto_ = nullptr;
  static inline api::Api* api_ = nullptr;
  static inline http::Router* router_ = nullptr;
};

TEST_F(ExportTest, ASecondPersonApprovesAndTheCsvCarriesTheWatermark) {
  Login requester = As("zj-manager");
  Login approver = As("chikan-manager");
  std::string id = Ask(requester, "csv", "440802");

  http::Response early = Call(requester, "GET", "/api/v1/exports/" + id + "/file");
  EXPECT_EQ(early.status(), 409) << early.body();
  EXPECT_NE(early.body().find("export.not_approved"), std::string::npos) << early.body();

  http::Response approved = Call(approver, "POST", "/api/v1/exports/" + id + "/approve");
  ASSERT_EQ(approved.status(), 200) << approved.body();
  EXPECT_NE(approved.body().find("\"state\":\"approved\""), std::string::npos);

  http::Response file = Call(requester, "GET", "/api/v1/exports/" + id + "/file");
  ASSERT_EQ(file.status(), 200) << file.body();
  EXPECT_EQ(file.content_type(), "text/csv; charset=utf-8");
  auto table = ParseCsv(file.body());
  ASSERT_TRUE(table.has_value());
  ASSERT_GE(table->size(), 3u);
  for (const auto* row : {&table->front(), &table->back()}) {
    ASSERT_EQ(row->size(), 1u);
    const std::string& mark = (*row)[0];
    EXPECT_NE(mark.find("导出人 " + requester.name), std::string::npos) << mark;
    EXPECT_NE(mark.find("审批人 " + approver.name), std::string::npos) << mark;
    EXPECT_NE(mark.find("导出时间 2026-11-20T10:00:00+08:00"), std::string::npos) << mark;
    EXPECT_NE(mark.find(id), std::string::npos) << mark;
  }
  EXPECT_EQ((*table)[1][0], "受理编号");
  std::int64_t expected_rows = CasesIn("440802", "");
  EXPECT_GT(expected_rows, 0);
  EXPECT_EQ(static_cast<std::int64_t>(table->size()) - 3, expected_rows);
  // The export is the unmasked data: full 18-character ID numbers.
  EXPECT_EQ((*table)[2][6].size(), 18u) << (*table)[2][6];

  auto events = EventsOf(id);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].event.action, "export.requested");
  EXPECT_EQ(events[0].event.actor_id, requester.id);
  EXPECT_EQ(events[1].event.action, "export.approved");
  EXPECT_EQ(events[1].event.actor_id, approver.id);
  EXPECT_EQ(events[2].event.action, "export.downloaded");
  EXPECT_EQ(events[2].event.source_ip, "192.0.2.10");
  EXPECT_EQ(events[2].event.request_id, "req-export-test");
  bool counted = false;
  for (const auto& [k, v] : events[2].event.details) {
    if (k == "rows") counted = v == std::to_string(expected_rows);
  }
  EXPECT_TRUE(counted);
}

TEST_F(ExportTest, TheRequesterCannotApproveTheirOwnExport) {
  Login requester = As("440802-scj-admin");
  std::string id = Ask(requester, "csv", "440802", "440802-scj");
  http::Response own = Call(requester, "POST", "/api/v1/exports/" + id + "/approve");
  EXPECT_EQ(own.status(), 403) << own.body();
  EXPECT_NE(own.body().find("export.same_person"), std::string::npos) << own.body();
  http::Response refuse_own =
      Call(requester, "POST", "/api/v1/exports/" + id + "/refuse", R"({"reason":"不需要了"})");
  EXPECT_EQ(refuse_own.status(), 403) << refuse_own.body();
  // Nothing was decided and nothing can be downloaded; the refusals are audited.
  auto events = EventsOf(id);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].event.action, "export.requested");
  EXPECT_EQ(events[1].event.action, "access.denied");
  EXPECT_EQ(events[2].event.action, "access.denied");
  EXPECT_EQ(Call(requester, "GET", "/api/v1/exports/" + id + "/file").status(), 409);
  http::Response state = Call(requester, "GET", "/api/v1/exports/" + id);
  EXPECT_NE(state.body().find("\"state\":\"pending\""), std::string::npos) << state.body();
}

TEST_F(ExportTest, OnlyTheRightRolesInScopeAskDecideAndDownload) {
  Login requester = As("440802-scj-admin");
  std::string id = Ask(requester, "csv", "440802", "440802-scj");
  // A clerk cannot ask; another department's admin and another district's manager do not
  // even see the request.
  http::Response clerk = Call(As("440802-scj-clerk"), "POST", "/api/v1/exports",
                              R"({"kind":"applications","format":"csv","region_code":"440802",)"
                              R"("reason":"核查"})");
  EXPECT_EQ(clerk.status(), 403) << clerk.body();
  EXPECT_NE(clerk.body().find("export.role"), std::string::npos);
  EXPECT_EQ(Call(As("440803-scj-admin"), "POST", "/api/v1/exports/" + id + "/approve").status(),
            404);
  EXPECT_EQ(Call(As("440800-rsj-admin"), "GET", "/api/v1/exports/" + id).status(), 404);
  // A reviewer of the department has no say.
  EXPECT_EQ(Call(As("440802-scj-reviewer"), "POST", "/api/v1/exports/" + id + "/approve").status(),
            404);
  // A department admin cannot ask for another department's data.
  http::Response other = Call(requester, "POST", "/api/v1/exports",
                              R"({"kind":"applications","format":"csv","region_code":"440802",)"
                              R"("department_id":"440802-rsj","reason":"核查"})");
  EXPECT_EQ(other.status(), 404) << other.body();
  // The city's bureau manager approves; only the requester downloads.
  ASSERT_EQ(Call(As("zj-manager"), "POST", "/api/v1/exports/" + id + "/approve").status(), 200);
  EXPECT_EQ(Call(As("zj-manager"), "GET", "/api/v1/exports/" + id + "/file").status(), 404);
  EXPECT_EQ(Call(requester, "GET", "/api/v1/exports/" + id + "/file").status(), 200);
  // Decided once.
  http::Response again = Call(As("zj-manager"), "POST", "/api/v1/exports/" + id + "/refuse",
                              R"({"reason":"改主意了"})");
  EXPECT_EQ(again.status(), 409) << again.body();
}

TEST_F(ExportTest, ARefusedExportIsNeverHandedOut) {
  Login requester = As("440802-scj-admin");
  std::string id = Ask(requester, "xlsx", "440802", "440802-scj");
  http::Response refused = Call(As("chikan-manager"), "POST", "/api/v1/exports/" + id + "/refuse",
                                R"({"reason":"理由不充分"})");
  ASSERT_EQ(refused.status(), 200) << refused.body();
  EXPECT_NE(refused.body().find("理由不充分"), std::string::npos);
  http::Response file = Call(requester, "GET", "/api/v1/exports/" + id + "/file");
  EXPECT_EQ(file.status(), 409);
  EXPECT_NE(file.body().find("export.not_approved"), std::string::npos);
}

TEST_F(ExportTest, BadRequestsNameTheirFieldsAndWriteNothing) {
  Login requester = As("zj-manager");
  auto before = store_->VerifyChain()->entries;
  http::Response bad = Call(requester, "POST", "/api/v1/exports",
                            R"({"kind":"ratings","format":"doc","region_code":"12",)"
                            R"("reason":"x"})");
  EXPECT_EQ(bad.status(), 400) << bad.body();
  for (const char* field : {"/kind", "/format", "/region_code", "/reason"}) {
    EXPECT_NE(bad.body().find(field), std::string::npos) << field << bad.body();
  }
  EXPECT_EQ(store_->VerifyChain()->entries, before);
}

TEST_F(ExportTest, XlsxAndPdfCarryTheWatermarkAndApprovalsExpireAfter24Hours) {
  Login requester = As("zj-manager");
  Login approver = As("chikan-manager");
  std::string xlsx_id = Ask(requester, "xlsx", "440802");
  std::string pdf_id = Ask(requester, "pdf", "440802");
  std::string late_id = Ask(requester, "csv", "440802");
  for (const auto& id : {xlsx_id, pdf_id, late_id}) {
    ASSERT_EQ(Call(approver, "POST", "/api/v1/exports/" + id + "/approve").status(), 200);
  }
  http::Response xlsx = Call(requester, "GET", "/api/v1/exports/" + xlsx_id + "/file");
  ASSERT_EQ(xlsx.status(), 200) << xlsx.body();
  auto sheet = document::ReadXlsx(xlsx.body());
  ASSERT_TRUE(sheet.has_value()) << sheet.error().ToString();
  ASSERT_GE(sheet->rows.size(), 3u);
  for (const auto* row : {&sheet->rows.front(), &sheet->rows.back()}) {
    std::string mark = document::CellText(row->at(0));
    EXPECT_NE(mark.find("导出人 " + requester.name), std::string::npos) << mark;
    EXPECT_NE(mark.find("审批人 " + approver.name), std::string::npos) << mark;
  }

  http::Response pdf = Call(requester, "GET", "/api/v1/exports/" + pdf_id + "/file");
  ASSERT_EQ(pdf.status(), 200) << pdf.body();
  ASSERT_TRUE(pdf.body().starts_with("%PDF"));
  auto file =
      std::filesystem::temp_directory_path() / ("zt-export-" + std::to_string(::getpid()) + ".pdf");
  std::ofstream(file, std::ios::binary) << pdf.body();
  std::string text;
  if (FILE* p = ::popen(("pdftotext -layout '" + file.string() + "' - 2>/dev/null").c_str(), "r")) {
    std::array<char, 4096> buffer;
    while (std::fgets(buffer.data(), buffer.size(), p) != nullptr) text += buffer.data();
    ::pclose(p);
  }
  std::filesystem::remove(file);
  ASSERT_FALSE(text.empty()) << "pdftotext (poppler-utils) is needed";
  // The PDF wraps the long line: compare without the whitespace.
  std::erase_if(text, [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\f'; });
  EXPECT_NE(text.find("审批人" + approver.name), std::string::npos) << text.substr(0, 400);
  EXPECT_NE(text.find("导出人" + requester.name), std::string::npos) << text.substr(0, 400);

  // A day later the sessions above have expired: the requester logs in again.
  clock_->Advance(25h);
  service::AccountService accounts(*store_, *crypto_, *clock_);
  auto later = accounts.Login("zj-manager", kPassword, {"t", ""});
  ASSERT_TRUE(later.has_value());
  Login again{later->token, later->csrf_token, requester.name, requester.id};
  http::Response late = Call(again, "GET", "/api/v1/exports/" + late_id + "/file");
  clock_->Advance(-25h);
  EXPECT_EQ(late.status(), 409) << late.body();
  EXPECT_NE(late.body().find("export.expired"), std::string::npos) << late.body();
}

}  // namespace
}  // namespace zt
