// AUD-01 and AUD-09 (RELIABILITY.md) against the real `zhengtong serve` binary, on SQLite or
// PostgreSQL:
//  - every state-changing operation of docs/openapi.json, sent by a logged-in department
//    admin with an empty body and unknown ids (its failure path), leaves exactly one audit
//    record; so do the success paths of the main operations, the security events (failed
//    login, lockout, refusals) and the sensitive reads (unmasking, an export's file);
//  - each record carries time (ms, inside the request's window), actor, role, region,
//    action, object, result (ok only for a 2xx answer), source address and the request id
//    the server answered with (the X-Request-Id header);
//  - audit fields holding CR/LF, ANSI escapes, JSON breakers and 10 KB strings forge no
//    entry: exactly the expected records appear, the values read back byte for byte, the SM3
//    chain verifies and every line of the server's log is one JSON object.
// Each test prints a `[figures]` line (docs/security.md).

#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "http_session.h"
#include "item_review.h"
#include "server_process.h"
#include "store_test_db.h"
#include "two_districts.h"
#include "zt/seed/seed.h"
#include "zt/service/audit_store.h"
#include "zt/store/open.h"

#ifndef ZT_OPENAPI_FILE
#error "ZT_OPENAPI_FILE must name docs/openapi.json"
#endif

namespace zt::testing {
namespace {

namespace json = boost::json;

// Security events that go with the record of the request that caused them (docs/security.md).
const std::set<std::string> kCompanionActions = {"account.locked", "account.totp_reused"};

std::int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct MutatingOperation {
  std::string method;
  std::string path;  // the pattern
};

std::vector<MutatingOperation> MutatingOperations() {
  std::ifstream in(ZT_OPENAPI_FILE);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  json::value doc = json::parse(text);
  std::vector<MutatingOperation> out;
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method, op] : item.as_object()) {
      std::string m(method);
      if (m == "post" || m == "put" || m == "patch" || m == "delete") {
        for (char& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        out.push_back({m, std::string(path)});
      }
    }
  }
  return out;
}

std::string FillPath(std::string pattern, const std::string& value) {
  for (std::size_t open; (open = pattern.find('{')) != std::string::npos;) {
    pattern.replace(open, pattern.find('}', open) - open + 1, value);
  }
  return pattern;
}

struct Expect {
  std::string action;                // the main record's action; "" for any
  bool anonymous = false;            // the record may name no actor (an unknown username)
  std::set<std::string> companions;  // companion actions that must be there too
};

class AuditCoverageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = StoreTestDatabase::Create(ZT_TEST_BACKEND);
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
    auto store = db_->Open();
    ASSERT_TRUE(store.has_value());
    store_ = std::move(*store);
    ASSERT_TRUE(store_->Migrate().has_value());
    ASSERT_TRUE(PutTwoDistricts(*store_).has_value());
    using accounts::Role;
    auto staff = CreateStaff(*store_, {{"ck-admin", Role::kDepartmentAdmin, "440802", "440802-scj"},
                                       {"ck-clerk", Role::kWindowClerk, "440802", "440802-scj"},
                                       {"ck-reviewer", Role::kReviewer, "440802", "440802-scj"},
                                       {"xs-clerk", Role::kWindowClerk, "440803", "440803-scj"},
                                       {"zj-manager", Role::kBureauManager, "440800", ""},
                                       {"zj-item-reviewer", Role::kBureauManager, "440800", ""},
                                       {"zj-locked", Role::kWindowClerk, "440802", "440802-scj"}});
    ASSERT_TRUE(staff.has_value()) << staff.error().ToString();
    server_ = std::make_unique<ServerProcess>(ZhengtongBinary(), db_->Url());
    citizen_id_ = seed::DemoIdNumber("440802", *ParseDate("1985-06-15"), 123);
  }

  std::uint16_t port() const { return server_->port(); }

  std::vector<service::EventRecord> EventsOfRequest(const std::string& request_id) {
    auto tx = store_->Begin();
    EXPECT_TRUE(tx.has_value());
    if (!tx.has_value()) return {};
    auto events = (*tx)->audit().EventsOfRequest(request_id);
    EXPECT_TRUE(events.has_value()) << events.error().ToString();
    return events.value_or(std::vector<service::EventRecord>{});
  }

  // Sends one request and checks the records it left. `label` names it in failures.
  HttpResult Send(const std::string& label, const std::string& method, const std::string& target,
                  const std::string& body, const Headers& headers, const Expect& expect = {}) {
    std::int64_t before = NowMillis();
    HttpResult r = Http(port(), method, target, body, headers);
    std::int64_t after = NowMillis();
    EXPECT_GT(r.status, 0) << label;
    EXPECT_LT(r.status, 500) << label << ": " << r.body;
    std::string request_id = r.Header("x-request-id");
    EXPECT_FALSE(request_id.empty()) << label;
    ++requests_;
    std::vector<service::EventRecord> events = EventsOfRequest(request_id);
    records_ += events.size();
    for (const auto& e : events) ++actions_[e.event.action];
    std::vector<const service::EventRecord*> main;
    std::set<std::string> companions;
    for (const auto& e : events) {
      if (kCompanionActions.contains(e.event.action)) {
        companions.insert(e.event.action);
      } else {
        main.push_back(&e);
      }
    }
    if (main.size() != 1) {
      ++misses_;
      std::string actions;
      for (const auto& e : events) actions += e.event.action + " ";
      ADD_FAILURE() << label << " (" << r.status << ") left " << main.size()
                    << " records, expected exactly 1: " << actions << r.body;
    }
    EXPECT_EQ(companions, expect.companions) << label;
    for (const auto& record : events) {
      const service::EventDraft& e = record.event;
      std::int64_t at =
          std::chrono::duration_cast<std::chrono::milliseconds>(e.at.time_since_epoch()).count();
      EXPECT_GE(at, before - 1000) << label;
      EXPECT_LE(at, after + 1000) << label;
      EXPECT_EQ(e.request_id, request_id) << label;
      EXPECT_FALSE(e.source_ip.empty()) << label;
      EXPECT_FALSE(e.action.empty()) << label;
      EXPECT_FALSE(e.object_type.empty()) << label << " " << e.action;
      EXPECT_TRUE(e.result == "ok" || e.result == "denied" || e.result == "failed")
          << label << " result " << e.result;
      if (!expect.anonymous) {
        EXPECT_FALSE(e.actor_id.value().empty()) << label << " " << e.action;
        EXPECT_FALSE(e.actor_role.empty()) << label << " " << e.action;
        if (e.actor_role != "citizen") {
          EXPECT_FALSE(e.actor_region.empty()) << label << " " << e.action;
        }
      }
    }
    if (main.size() == 1) {
      const service::EventDraft& e = main[0]->event;
      bool success = r.status >= 200 && r.status < 300;
      EXPECT_EQ(e.result == "ok", success)
          << label << ": answer " << r.status << ", record " << e.action << " " << e.result;
      if (!expect.action.empty()) {
        EXPECT_EQ(e.action, expect.action) << label;
      }
      if (e.object_id.empty() && e.action != "account.login_failed") {
        ADD_FAILURE() << label << ": " << e.action << " names no object";
      }
    }
    return r;
  }

  void PrintFigures(const std::string& what) {
    std::cout << "[figures] AUD-01 " << ZT_TEST_BACKEND << " " << what << ": " << requests_
              << " requests, " << records_ << " records checked, " << misses_ << " misses"
              << std::endl;
  }

  std::unique_ptr<StoreTestDatabase> db_;
  std::unique_ptr<service::Store> store_;
  std::unique_ptr<ServerProcess> server_;
  std::string citizen_id_;
  std::size_t requests_ = 0;
  std::size_t records_ = 0;
  std::size_t misses_ = 0;
  std::map<std::string, int> actions_;  // records seen, by action
};

// The failure path of every state-changing operation the API documents.
TEST_F(AuditCoverageTest, EveryStateChangingOperationLeavesOneRecordWhenItFails) {
  Session admin = FirstStaffLogin(port(), "ck-admin");
  std::vector<MutatingOperation> operations = MutatingOperations();
  ASSERT_GE(operations.size(), 60u);
  std::map<int, int> statuses;
  std::size_t covered = 0;
  for (const MutatingOperation& op : operations) {
    if (op.method == "DELETE" && op.path == "/api/v1/session") continue;  // below, last
    HttpResult r =
        Send(op.method + " " + op.path, op.method, FillPath(op.path, "aud01-unknown"), "{}",
             admin.With({{"Content-Type", "application/json"}, {"If-Match", "\"1\""}}));
    ++statuses[r.status];
    ++covered;
  }
  Send("DELETE /api/v1/session", "DELETE", "/api/v1/session", "", admin.With(),
       {.action = "account.logout"});
  ++covered;
  std::string spread;
  for (const auto& [status, n] : statuses)
    spread += std::to_string(status) + "×" + std::to_string(n) + " ";
  std::cout << "[figures] AUD-01 " << ZT_TEST_BACKEND << " operations covered: " << covered
            << " of " << operations.size() << " (answers " << spread << "); "
            << actions_["request.refused"] << " recorded by the api's request.refused, "
            << records_ - static_cast<std::size_t>(actions_["request.refused"])
            << " by the services" << std::endl;
  EXPECT_EQ(covered, operations.size());
  PrintFigures("failure paths");
}

// Success paths of the main operations, the security events and the sensitive reads.
TEST_F(AuditCoverageTest, SuccessPathsSecurityEventsAndSensitiveReadsLeaveOneRecordEach) {
  const Headers kJson = {{"Content-Type", "application/json"}};
  // A citizen registers (anonymous, the record names the new account) and logs in.
  Send("register", "POST", "/api/v1/citizens",
       json::serialize(json::object{{"id_number", citizen_id_},
                                    {"name", "陈晓明"},
                                    {"phone", "13807591234"},
                                    {"password", kNewPassword}}),
       kJson);
  HttpResult citizen_login =
      Send("login", "POST", "/api/v1/session",
           json::serialize(json::object{{"username", citizen_id_}, {"password", kNewPassword}}),
           kJson, {.action = "account.login"});
  ASSERT_EQ(citizen_login.status, 200);
  Session citizen = Login(port(), citizen_id_, kNewPassword);

  // Failed logins: an unknown user (no actor), a wrong password, and the fifth in a row, which
  // also locks the account.
  Send("login unknown user", "POST", "/api/v1/session",
       R"({"username":"nobody-here","password":"wrong-password-1"})", kJson,
       {.action = "account.login_failed", .anonymous = true});
  for (int i = 1; i <= 5; ++i) {
    Expect expect{.action = "account.login_failed"};
    if (i == 5) expect.companions = {"account.locked"};
    Send("wrong password " + std::to_string(i), "POST", "/api/v1/session",
         R"({"username":"zj-locked","password":"wrong-password-1"})", kJson, expect);
  }
  Send("login while locked", "POST", "/api/v1/session",
       R"({"username":"zj-locked","password":"initial-password-1"})", kJson,
       {.action = "account.login_failed"});

  // The catalogue: create, submit for review, approve.
  Session admin = FirstStaffLogin(port(), "ck-admin");
  Session reviewer_manager = FirstStaffLogin(port(), "zj-item-reviewer");
  json::object item{
      {"code", "440802-scj-001"},
      {"name", "食品经营许可"},
      {"type", "licensing"},
      {"department_id", "440802-scj"},
      {"region_code", "440802"},
      {"statutory_limit_wd", 20},
      {"promised_limit_wd", 5},
      {"materials", json::array{json::object{{"name", "申请表"}, {"required", true}}}}};
  HttpResult created =
      Send("create item", "POST", "/api/v1/items", json::serialize(item), admin.With(kJson));
  ASSERT_EQ(created.status, 201) << created.body;
  std::string item_id(created.Json().at("id").as_string());
  HttpResult submitted = Send("submit item", "POST", "/api/v1/items/" + item_id + "/publish", "",
                              admin.With({{"If-Match", created.Header("etag")}}));
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  HttpResult reviewed =
      Send("review item", "POST", "/api/v1/catalogue/items/" + item_id + "/review",
           R"({"decision":"approve"})",
           reviewer_manager.With(
               {{"Content-Type", "application/json"}, {"If-Match", submitted.Header("etag")}}));
  ASSERT_EQ(reviewed.status, 200) << reviewed.body;

  // An application: submitted, accepted, a stale If-Match refused, approved.
  HttpResult applied = Send(
      "submit application", "POST", "/api/v1/applications",
      json::serialize(json::object{{"item_id", item_id}, {"form", json::object{{"说明", "开店"}}}}),
      citizen.With({{"Content-Type", "application/json"}, {"Idempotency-Key", "aud01-1"}}));
  ASSERT_EQ(applied.status, 201) << applied.body;
  std::string case_id(applied.Json().at("id").as_string());
  Session clerk = FirstStaffLogin(port(), "ck-clerk");
  Session reviewer = FirstStaffLogin(port(), "ck-reviewer");
  Session other_clerk = FirstStaffLogin(port(), "xs-clerk");
  const std::string transitions = "/api/v1/applications/" + case_id + "/transitions";
  // A material: uploaded by the applicant, read by the clerk (a sensitive read).
  HttpResult uploaded =
      Send("upload material", "POST",
           "/api/v1/applications/" + case_id + "/materials?material=%E7%94%B3%E8%AF%B7%E8%A1%A8",
           "%PDF-1.4\n%%EOF\n", citizen.With({{"Content-Type", "application/pdf"}}),
           {.action = "application.material_uploaded"});
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  Send("staff read material", "GET", uploaded.Header("location"), "", clerk.With(),
       {.action = "application.material_read"});
  Send("material out of scope", "GET", uploaded.Header("location"), "", other_clerk.With(),
       {.action = "access.denied"});

  HttpResult accepted =
      Send("accept", "POST", transitions, R"({"transition":"accept"})",
           clerk.With({{"Content-Type", "application/json"}, {"If-Match", "\"1\""}}));
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  Send("stale If-Match", "POST", transitions, R"({"transition":"approve"})",
       reviewer.With({{"Content-Type", "application/json"}, {"If-Match", "\"1\""}}),
       {.action = "request.refused"});
  Send("transition out of scope", "POST", transitions, R"({"transition":"approve"})",
       other_clerk.With({{"Content-Type", "application/json"}, {"If-Match", "\"2\""}}),
       {.action = "access.denied"});
  Send("read out of scope", "GET", "/api/v1/applications/" + case_id, "", other_clerk.With(),
       {.action = "access.denied"});
  HttpResult approved = Send(
      "approve", "POST", transitions, R"({"transition":"approve"})",
      reviewer.With({{"Content-Type", "application/json"}, {"If-Match", accepted.Header("etag")}}));
  ASSERT_EQ(approved.status, 200) << approved.body;

  // Unmasking: with a reason (a sensitive read), without one, by a role without the right.
  Send("unmask", "POST", "/api/v1/applications/" + case_id + "/unmask",
       R"({"reason":"核对申请人身份"})", clerk.With(kJson), {.action = "personal_data.unmasked"});
  Send("unmask without reason", "POST", "/api/v1/applications/" + case_id + "/unmask",
       R"({"reason":"  "})", clerk.With(kJson), {.action = "request.refused"});
  Session manager = FirstStaffLogin(port(), "zj-manager");
  Send("unmask by a manager", "POST", "/api/v1/applications/" + case_id + "/unmask",
       R"({"reason":"看看"})", manager.With(kJson), {.action = "access.denied"});

  // A bulk export: asked, refused to its own requester, approved by a second person, read.
  HttpResult asked = Send("ask export", "POST", "/api/v1/exports",
                          R"({"kind":"applications","format":"csv","region_code":"440802",
                              "reason":"年度办件核查"})",
                          manager.With(kJson), {.action = "export.requested"});
  ASSERT_EQ(asked.status, 201) << asked.body;
  std::string export_id(asked.Json().at("id").as_string());
  Send("approve own export", "POST", "/api/v1/exports/" + export_id + "/approve", "",
       manager.With());
  Send("approve export", "POST", "/api/v1/exports/" + export_id + "/approve", "",
       reviewer_manager.With(), {.action = "export.approved"});
  Send("download export", "GET", "/api/v1/exports/" + export_id + "/file", "", manager.With(),
       {.action = "export.downloaded"});

  // Refusals in the api layer: a missing CSRF token, the password-change gate.
  Send("no CSRF token", "POST", "/api/v1/items", json::serialize(item),
       {{"Content-Type", "application/json"}, {"Cookie", admin.cookie}},
       {.action = "request.refused"});

  // Password change and logout.
  Send("change password", "POST", "/api/v1/session/password",
       json::serialize(
           json::object{{"old_password", kNewPassword}, {"new_password", "another-passphrase-3"}}),
       clerk.With(kJson), {.action = "account.password_changed"});
  Send("logout", "DELETE", "/api/v1/session", "", reviewer.With(), {.action = "account.logout"});

  PrintFigures("success paths and security events");
}

// AUD-09: hostile text in audited fields.
TEST_F(AuditCoverageTest, HostileTextInAuditedFieldsForgesNoEntry) {
  const Headers kJson = {{"Content-Type", "application/json"}};
  const std::vector<std::string> hostile = {
      "line one\r\nline two",
      "\n{\"seq\":1,\"action\":\"account.login\",\"result\":\"ok\"}\n",
      "\x1b[31mred\x1b[0m \x1b]0;title\x07 \x1b[2J",
      "\"}],\"action\":\"export.approved\",\"x\":[{\"",
      "\\\" \\n \\u0000 </script><script>alert(1)</script>",
      std::string(10 * 1024, 'A') + "\r\n" + std::string(10, 'B'),
      "tab\there\u2028sep\u2029end",
  };
  Session manager = FirstStaffLogin(port(), "zj-manager");
  auto tx = store_->Begin();
  ASSERT_TRUE(tx.has_value());
  auto head_before = (*tx)->audit().Head();
  ASSERT_TRUE(head_before.has_value());
  tx->reset();
  std::size_t sent = 0, accepted = 0, refused = 0;
  for (const std::string& text : hostile) {
    // The reason of an export request is kept in its record's details; a login's username in
    // the failed-login record (as a digest, for an unknown user).
    std::string reason = text.size() > 500 ? text.substr(0, 500) : text;
    HttpResult asked = Send("export reason", "POST", "/api/v1/exports",
                            json::serialize(json::object{{"kind", "applications"},
                                                         {"format", "csv"},
                                                         {"region_code", "440802"},
                                                         {"reason", reason}}),
                            manager.With(kJson));
    ++sent;
    auto recorded = EventsOfRequest(asked.Header("x-request-id"));
    ASSERT_EQ(recorded.size(), 1u);
    EXPECT_EQ(recorded[0].event.action,
              asked.status == 201 ? "export.requested" : "request.refused");
    ++(asked.status == 201 ? accepted : refused);
    if (asked.status == 201) {
      auto events = EventsOfRequest(asked.Header("x-request-id"));
      ASSERT_EQ(events.size(), 1u);
      bool found = false;
      for (const auto& [key, value] : events[0].event.details) {
        if (value == reason) found = true;
      }
      EXPECT_TRUE(found) << "the reason did not read back byte for byte";
    }
    Send("hostile path", "POST", "/api/v1/exports/" + std::string("x%0D%0A%1B%5B31m") + "/approve",
         "", manager.With());
    ++sent;
    Send("hostile username", "POST", "/api/v1/session",
         json::serialize(json::object{{"username", text.substr(0, 64)}, {"password", "x"}}), kJson,
         {.action = "account.login_failed", .anonymous = true});
    ++sent;
  }
  // No forged entries: the log grew by exactly the records of the requests sent.
  auto after = store_->Begin();
  ASSERT_TRUE(after.has_value());
  auto head_after = (*after)->audit().Head();
  ASSERT_TRUE(head_after.has_value());
  after->reset();
  EXPECT_EQ(static_cast<std::size_t>(head_after->seq - head_before->seq), records_);
  EXPECT_EQ(records_, sent);
  auto chain = store_->VerifyChain();
  ASSERT_TRUE(chain.has_value());
  EXPECT_TRUE(chain->intact) << chain->problem;
  // One line per log record: every request line of the server's log is one JSON object, no
  // raw control character reaches the log, and no other line carries the hostile text.
  std::ifstream log(server_->log_path());
  std::string line;
  std::size_t lines = 0;
  while (std::getline(log, line)) {
    for (char c : line) {
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
        ADD_FAILURE() << "a control character in the log: " << line.substr(0, 200);
        break;
      }
    }
    if (!line.starts_with("{")) {
      for (const char* marker : {"line two", "alert(", "BBBBBBBBBB", "\"action\""}) {
        EXPECT_EQ(line.find(marker), std::string::npos)
            << "a forged log line: " << line.substr(0, 200);
      }
      continue;
    }
    ++lines;
    boost::system::error_code ec;
    json::value v = json::parse(line, ec);
    EXPECT_TRUE(!ec && v.is_object()) << "not one JSON object: " << line.substr(0, 200);
  }
  EXPECT_GT(lines, sent);  // every request is logged
  std::cout << "[figures] AUD-09 " << ZT_TEST_BACKEND << ": " << hostile.size()
            << " hostile values (" << accepted << " export reasons accepted and read back, "
            << refused << " refused as bad input), " << sent << " requests, " << records_
            << " records, " << lines << " log lines, 0 forged" << std::endl;
  PrintFigures("hostile text");
}

}  // namespace
}  // namespace zt::testing
