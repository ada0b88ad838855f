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

#include "number_scan.h"
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
#include "zt/service/hotline_store.h"

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
    api::ApiOptions api_options;
    api_options.staff_second_factor_required = false;  // staff log in with the password alone
    api_ =
        new api::Api(*store_, *crypto_, *clock_, calendar::WorkingCalendar::China(), api_options);
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
    // One id per request, as the server gives them (the audit trail finds records by it).
    static int requests = 0;
    req.set_request_id("req-export-test-" + std::to_string(++requests));
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

  // Asks for an export of work orders with the given extra members and returns its id.
  std::string AskOrders(const Login& who, json::object extra = {}) {
    json::object body{{"kind", "hotline_orders"},
                      {"format", "csv"},
                      {"region_code", "440800"},
                      {"reason", "工单办理情况核查"}};
    for (auto& [k, v] : extra) body[k] = v;
    http::Response r = Call(who, "POST", "/api/v1/exports", json::serialize(body));
    EXPECT_EQ(r.status(), 201) << r.body();
    if (r.status() != 201) return "";
    return std::string(json::parse(r.body()).as_object().at("id").as_string());
  }

  // The ids of GET /api/v1/exports?<query> as `who` sees them.
  std::vector<std::string> Listed(const Login& who, const std::string& query = "") {
    http::Response r = Call(who, "GET", "/api/v1/exports" + query);
    EXPECT_EQ(r.status(), 200) << r.body();
    std::vector<std::string> ids;
    if (r.status() != 200) return ids;
    json::value page = json::parse(r.body());
    for (const auto& item : page.as_object().at("items").as_array()) {
      ids.emplace_back(item.as_object().at("id").as_string());
    }
    return ids;
  }

  static std::vector<hotline::WorkOrder> Orders(service::OrderQuery q) {
    auto tx = store_->Begin();
    q.limit = 1000;
    auto page = (*tx)->hotline().ListOrders(q);
    EXPECT_TRUE(page.has_value());
    return page ? page->items : std::vector<hotline::WorkOrder>{};
  }

  std::vector<service::EventRecord> EventsOf(const std::string& id,
                                             const std::string& object = "export") {
    auto tx = store_->Begin();
    EXPECT_TRUE(tx.has_value());
    auto events = (*tx)->ListEventsFor(object, id);
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
  // Masked unless the approver approved plain numbers: 440802********101X.
  EXPECT_EQ((*table)[2][6].size(), 18u) << (*table)[2][6];
  EXPECT_NE((*table)[2][6].find("********"), std::string::npos) << (*table)[2][6];

  auto events = EventsOf(id);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].event.action, "export.requested");
  EXPECT_EQ(events[0].event.actor_id, requester.id);
  EXPECT_EQ(events[1].event.action, "export.approved");
  EXPECT_EQ(events[1].event.actor_id, approver.id);
  EXPECT_EQ(events[2].event.action, "export.downloaded");
  EXPECT_EQ(events[2].event.source_ip, "192.0.2.10");
  EXPECT_TRUE(events[2].event.request_id.starts_with("req-export-test-"));
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
  // Nothing but the refusal's own record (AUD-01, request.refused).
  EXPECT_EQ(store_->VerifyChain()->entries, before + 1);
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

TEST_F(ExportTest, WorkOrdersExportIsMaskedWatermarkedAndHandedOutOnce) {
  Login requester = As("zj-12345-supervisor");
  Login approver = As("zj-manager");
  std::string id = AskOrders(requester);
  ASSERT_FALSE(id.empty());

  // The requester can neither approve nor refuse it; nothing changes.
  http::Response own = Call(requester, "POST", "/api/v1/exports/" + id + "/approve");
  EXPECT_EQ(own.status(), 403) << own.body();
  EXPECT_NE(own.body().find("export.same_person"), std::string::npos) << own.body();
  // A role without the right (a 12345 agent, a department's clerk) gets nothing either.
  EXPECT_EQ(Call(As("zj-12345-agent1"), "POST", "/api/v1/exports/" + id + "/approve").status(),
            404);
  http::Response clerk = Call(As("440802-scj-clerk"), "POST", "/api/v1/exports",
                              R"({"kind":"hotline_orders","format":"csv","region_code":"440802",)"
                              R"("reason":"核查"})");
  EXPECT_EQ(clerk.status(), 403) << clerk.body();
  EXPECT_NE(clerk.body().find("export.role"), std::string::npos) << clerk.body();
  // Plain numbers were not asked for, so they cannot be approved.
  http::Response plain =
      Call(approver, "POST", "/api/v1/exports/" + id + "/approve", R"({"unmasked":true})");
  EXPECT_EQ(plain.status(), 400) << plain.body();
  EXPECT_NE(plain.body().find("export.unmasked_not_requested"), std::string::npos);
  auto events = EventsOf(id);
  ASSERT_EQ(events.size(), 3u);  // asked, and the two refusals of access, audited
  EXPECT_EQ(events[1].event.action, "access.denied");
  EXPECT_EQ(events[2].event.action, "access.denied");

  ASSERT_EQ(Call(approver, "POST", "/api/v1/exports/" + id + "/approve").status(), 200);
  http::Response file = Call(requester, "GET", "/api/v1/exports/" + id + "/file");
  ASSERT_EQ(file.status(), 200) << file.body();
  auto table = ParseCsv(file.body());
  ASSERT_TRUE(table.has_value());
  std::size_t expected = Orders({.region_prefix = "4408"}).size();
  ASSERT_GT(expected, 0u);
  ASSERT_EQ(table->size(), expected + 3);
  EXPECT_EQ((*table)[1][0], "工单编号");
  for (const auto* row : {&table->front(), &table->back()}) {
    ASSERT_EQ(row->size(), 1u);
    EXPECT_NE((*row)[0].find("导出人 " + requester.name), std::string::npos) << (*row)[0];
    EXPECT_NE((*row)[0].find("审批人 " + approver.name), std::string::npos) << (*row)[0];
    EXPECT_NE((*row)[0].find("批准时间 2026-11-20T10:00:00+08:00"), std::string::npos);
  }
  // The scanner of PRIV-01 finds no plain number of the city's data, and masked ones.
  testing::KnownNumbers known = testing::CollectThroughTheStore(*store_);
  ASSERT_GT(known.orders_with_phone, 0);
  auto hits = testing::ScanText(file.body(), known, "work-order export");
  EXPECT_TRUE(hits.empty()) << hits.front().number << " in " << hits.front().context;
  EXPECT_GE(testing::CountMasks(file.body()), 1);

  // One download per approval.
  http::Response again = Call(requester, "GET", "/api/v1/exports/" + id + "/file");
  EXPECT_EQ(again.status(), 409) << again.body();
  EXPECT_NE(again.body().find("export.downloaded"), std::string::npos) << again.body();
  events = EventsOf(id);
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[4].event.action, "export.downloaded");
  bool counted = false;
  for (const auto& [k, v] : events[4].event.details) {
    if (k == "rows") counted = v == std::to_string(expected);
  }
  EXPECT_TRUE(counted);
}

TEST_F(ExportTest, AnUnmaskedWorkOrderExportNeedsTheApproverToSaySoAndTheScannerSeesIt) {
  Login requester = As("zj-12345-supervisor");
  Login approver = As("zj-manager");
  std::string id = AskOrders(requester, {{"unmasked", true}, {"format", "xlsx"}});
  http::Response approved =
      Call(approver, "POST", "/api/v1/exports/" + id + "/approve", R"({"unmasked":true})");
  ASSERT_EQ(approved.status(), 200) << approved.body();
  EXPECT_NE(approved.body().find("\"unmasked\":true"), std::string::npos) << approved.body();
  http::Response file = Call(requester, "GET", "/api/v1/exports/" + id + "/file");
  ASSERT_EQ(file.status(), 200) << file.body();
  // Negative control of the scan above: the approved plain numbers are caught.
  std::string text = testing::VisibleText(file.content_type(), file.body());
  auto hits = testing::ScanText(text, testing::CollectThroughTheStore(*store_), "unmasked");
  EXPECT_FALSE(hits.empty());
  EXPECT_NE(text.find("含完整号码"), std::string::npos);
}

TEST_F(ExportTest, WorkOrderFiltersNarrowTheRowsToTheRequestersScope) {
  Login requester = As("440800-sthj-admin");  // a city bureau: only its own orders
  Login approver = As("zj-manager");
  auto all = Orders({.region_prefix = "4408", .department_id = DepartmentId("440800-sthj")});
  ASSERT_FALSE(all.empty());
  const hotline::WorkOrder& probe = all.front();
  Date day = CivilDateCst(probe.received_at);
  std::string id = AskOrders(
      requester,
      {{"from", day.ToString()}, {"to", day.ToString()}, {"category_code", probe.category_code}});
  ASSERT_EQ(Call(approver, "POST", "/api/v1/exports/" + id + "/approve").status(), 200);
  http::Response file = Call(requester, "GET", "/api/v1/exports/" + id + "/file");
  ASSERT_EQ(file.status(), 200) << file.body();
  auto table = ParseCsv(file.body());
  ASSERT_TRUE(table.has_value());
  std::size_t expected = 0;
  for (const auto& o : all) {
    if (CivilDateCst(o.received_at) == day && o.category_code == probe.category_code) ++expected;
  }
  ASSERT_EQ(table->size(), expected + 3);
  for (std::size_t i = 2; i + 1 < table->size(); ++i) {
    EXPECT_EQ((*table)[i][8], "440800-sthj");
    EXPECT_EQ((*table)[i][6], probe.category_code);
  }
  // Bad filters name their fields; filters on applications are refused.
  http::Response bad = Call(requester, "POST", "/api/v1/exports",
                            R"({"kind":"hotline_orders","format":"csv","region_code":"440800",)"
                            R"("reason":"核查","from":"2026-11-10","to":"2026-11-01",)"
                            R"("state":"flying"})");
  EXPECT_EQ(bad.status(), 400) << bad.body();
  EXPECT_NE(bad.body().find("/to"), std::string::npos) << bad.body();
  EXPECT_NE(bad.body().find("/state"), std::string::npos) << bad.body();
}

TEST_F(ExportTest, TheListShowsOwnRequestsAndThoseTheCallerMayDecideByState) {
  Login requester = As("440802-scj-admin");
  Login approver = As("chikan-manager");
  std::string id = Ask(requester, "csv", "440802", "440802-scj");
  auto has = [&](const std::vector<std::string>& ids) {
    return std::ranges::find(ids, id) != ids.end();
  };
  EXPECT_TRUE(has(Listed(requester)));
  EXPECT_TRUE(has(Listed(requester, "?state=pending")));
  EXPECT_TRUE(has(Listed(approver, "?state=pending")));
  EXPECT_FALSE(has(Listed(approver, "?state=approved")));
  // Others: a clerk of the department, another district's manager, the 12345 centre.
  EXPECT_FALSE(has(Listed(As("440802-scj-clerk"))));
  EXPECT_FALSE(has(Listed(As("440803-scj-admin"))));
  EXPECT_FALSE(has(Listed(As("zj-12345-supervisor"))));

  ASSERT_EQ(Call(approver, "POST", "/api/v1/exports/" + id + "/approve").status(), 200);
  EXPECT_FALSE(has(Listed(approver, "?state=pending")));
  EXPECT_TRUE(has(Listed(requester, "?state=approved")));
  ASSERT_EQ(Call(requester, "GET", "/api/v1/exports/" + id + "/file").status(), 200);
  EXPECT_FALSE(has(Listed(requester, "?state=approved")));
  EXPECT_TRUE(has(Listed(requester, "?state=downloaded")));

  // An approval not used within 24 hours is listed as expired.
  std::string late = Ask(requester, "csv", "440802", "440802-scj");
  ASSERT_EQ(Call(approver, "POST", "/api/v1/exports/" + late + "/approve").status(), 200);
  clock_->Advance(25h);
  service::ExportService exports(*store_, *crypto_, *clock_);
  accounts::Actor actor{requester.id,
                        requester.name,
                        accounts::Role::kDepartmentAdmin,
                        "440802",
                        DepartmentId("440802-scj"),
                        ""};
  auto expired = exports.List(actor, {.state = "expired"});
  auto live = exports.List(actor, {.state = "approved"});
  clock_->Advance(-25h);
  ASSERT_TRUE(expired.has_value()) << expired.error().ToString();
  ASSERT_TRUE(live.has_value());
  EXPECT_TRUE(std::ranges::any_of(
      expired->items, [&](const auto& r) { return r.id == late && r.state == "expired"; }));
  EXPECT_FALSE(std::ranges::any_of(live->items, [&](const auto& r) { return r.id == late; }));

  http::Response bad = Call(requester, "GET", "/api/v1/exports?state=lost");
  EXPECT_EQ(bad.status(), 400) << bad.body();
  EXPECT_NE(bad.body().find("export.state"), std::string::npos);
  http::Response paged = Call(requester, "GET", "/api/v1/exports?page_size=1");
  ASSERT_EQ(paged.status(), 200);
  auto page = json::parse(paged.body()).as_object();
  EXPECT_EQ(page.at("items").as_array().size(), 1u);
  EXPECT_GE(page.at("total").as_int64(), 2);
}

TEST_F(ExportTest, UnmaskingACallerNeedsAReasonTheRightAndIsAudited) {
  auto held = Orders({.region_prefix = "4408", .department_id = DepartmentId("440800-sthj")});
  auto with_phone = std::ranges::find_if(
      held, [](const auto& o) { return !o.caller_phone.empty() && !o.confidential; });
  ASSERT_NE(with_phone, held.end());
  std::string path = "/api/v1/hotline/orders/" + with_phone->id.value() + "/unmask";
  Login admin = As("440800-sthj-admin");

  auto before = EventsOf(with_phone->id.value(), "hotline_order").size();
  http::Response blank = Call(admin, "POST", path, R"({"reason":"　 "})");
  EXPECT_EQ(blank.status(), 400) << blank.body();
  EXPECT_NE(blank.body().find("personal_data.reason_required"), std::string::npos);
  EXPECT_EQ(EventsOf(with_phone->id.value(), "hotline_order").size(), before);

  http::Response ok = Call(admin, "POST", path, R"({"reason":"回访核实诉求"})");
  ASSERT_EQ(ok.status(), 200) << ok.body();
  auto body = json::parse(ok.body()).as_object();
  EXPECT_EQ(body.at("caller_phone").as_string(), with_phone->caller_phone);
  auto events = EventsOf(with_phone->id.value(), "hotline_order");
  ASSERT_EQ(events.size(), before + 1);
  EXPECT_EQ(events.back().event.action, "personal_data.unmasked");
  EXPECT_EQ(events.back().event.actor_id, admin.id);
  bool reason = false;
  for (const auto& [k, v] : events.back().event.details)
    reason |= k == "reason" && v == "回访核实诉求";
  EXPECT_TRUE(reason);

  // The order view of the same person stays masked.
  http::Response view = Call(admin, "GET", "/api/v1/hotline/orders/" + with_phone->id.value());
  EXPECT_EQ(view.body().find(with_phone->caller_phone), std::string::npos);

  // A bureau manager may read the order but not unmask it; another department does not see it.
  http::Response manager = Call(As("zj-manager"), "POST", path, R"({"reason":"查看"})");
  EXPECT_EQ(manager.status(), 403) << manager.body();
  EXPECT_NE(manager.body().find("personal_data.unmask_not_allowed"), std::string::npos);
  EXPECT_EQ(Call(As("440800-rsj-admin"), "POST", path, R"({"reason":"查看"})").status(), 404);
  events = EventsOf(with_phone->id.value(), "hotline_order");
  ASSERT_EQ(events.size(), before + 3);
  EXPECT_EQ(events[before + 1].event.action, "access.denied");
  EXPECT_EQ(events[before + 2].event.action, "access.denied");
}

}  // namespace
}  // namespace zt
