// INP-08 (RELIABILITY.md): no internals in any error. Every operation of docs/openapi.json
// (which api_openapi_tests keep equal to the router) is probed on the real binary with
// malformed input — bad JSON, wrong types, huge numbers, unknown and odd ids, bad If-Match,
// wrong content types, bad query values, invalid UTF-8 — by an anonymous caller, a
// department admin and a system admin. Every error body is scanned (leak_scan.h) for stack
// traces, SQL statement text, driver names, file paths and exception type names: zero
// findings and no 5xx (bad input is the client's error, on every store; a 5xx would still have
// to carry a request id). The scanner itself must flag planted strings.

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "http_session.h"
#include "leak_scan.h"
#include "server_process.h"
#include "store_test_db.h"
#include "two_districts.h"

namespace zt::testing {
namespace {

namespace json = boost::json;

TEST(LeakScanTest, FlagsPlantedInternalsAndPassesAPlainProblem) {
  const char* planted[] = {
      "#0 0x00007f3a2b1c in zt::store::Run",
      "terminate called after throwing an instance of 'x'",
      "SELECT id, name FROM accounts WHERE id = $1",
      "INSERT INTO events (id) VALUES ($1)",
      "UPDATE items SET version = 2",
      "DELETE FROM sessions WHERE token = $1",
      "DROP TABLE accounts",
      "sqlite3_step failed",
      "PostgreSQL said: ERROR:  relation does not exist",
      "SQLITE_CONSTRAINT: UNIQUE constraint failed: items.code",
      "at src/store/sql_store.cc:812",
      "/home/builder/zhengtong",
      "cannot open /tmp/zt-1/db",
      "std::out_of_range: vector::_M_range_check",
      "what(): bad_alloc",
      "boost::json::system_error",
  };
  for (const char* s : planted) {
    std::string body = R"({"status":500,"detail":")" + std::string(s) + R"("})";
    EXPECT_FALSE(ScanForLeaks(body).empty()) << "not flagged: " << s;
  }
  const char* clean =
      R"({"type":"https://zhengtong.invalid/problems/invalid_argument","title":"请求有误",)"
      R"("status":400,"detail":"Select a department from the list","instance":"/api/v1/items",)"
      R"("code":"invalid_argument","key":"item.name_length","errors":[{"pointer":"/name",)"
      R"("key":"item.name_length","message":"name must have 1 to 200 characters"}],)"
      R"("request_id":"3f2a9c"})";
  EXPECT_TRUE(ScanForLeaks(clean).empty());
}

json::value ReadJson(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return json::parse(s.str());
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string Fill(std::string path, const std::string& value) {
  for (std::size_t open; (open = path.find('{')) != std::string::npos;) {
    path.replace(open, path.find('}', open) - open + 1, value);
  }
  return path;
}

struct Probe {
  std::string method;
  std::string target;
  std::string body;
  Headers headers;
};

// The malformed requests for one operation. Nothing here contains a string the scanner
// looks for, so an echo of the request cannot be mistaken for a leak.
std::vector<Probe> ProbesFor(const std::string& method, const std::string& path) {
  std::vector<std::string> targets;
  if (path.find('{') == std::string::npos) {
    targets.push_back(path);
  } else {
    const std::vector<std::string> ids = {"unknown-id-0",
                                          "99999999999999999999999999",
                                          "-1",
                                          "%27%20OR%201%3D1",
                                          "%E4%B8%AD%FF%FE",
                                          "..%2F..%2Fpasswd",
                                          std::string(300, 'x')};
    for (const std::string& id : ids) {
      targets.push_back(Fill(path, id));
    }
  }
  std::vector<Probe> out;
  const Headers json_type = {{"Content-Type", "application/json"}};
  for (const std::string& target : targets) {
    if (method == "GET") {
      out.push_back({method, target, "", {}});
      for (const char* query :
           {"?limit=abc&offset=-5", "?limit=99999999999999999999999&offset=1e400",
            "?from=2020-13-45&to=notadate&date=31-02-2020", "?q=%FFab%00cd&region=%27",
            "?state=nonsense&status=%00&page_token=%%%", "?year=-99999999999&month=13&id=%FF"}) {
        out.push_back({method, target + query, "", {}});
      }
      continue;
    }
    out.push_back({method, target, "{", json_type});
    out.push_back({method, target, "{\"a\": [1, 2", json_type});
    out.push_back({method, target, "[]", json_type});
    out.push_back({method, target, "\"text\"", json_type});
    out.push_back({method, target, "null", json_type});
    out.push_back(
        {method, target,
         R"({"name": [], "code": {}, "item_id": 123, "department_id": true, "region_code": 1.5,
             "form": "x", "materials": 7, "transition": [], "password": 1, "username": [],
             "id_number": false, "title": 3, "content": {}, "version": "v", "limit": "many"})",
         json_type});
    out.push_back({method, target,
                   R"({"version": 1e400, "limit": 18446744073709551616, "amount":
                       -9223372036854775809, "statutory_limit_wd": 99999999999999999999999})",
                   json_type});
    out.push_back({method, target, "{}", {{"Content-Type", "text/plain"}}});
    out.push_back({method, target, "<a>1</a>", {{"Content-Type", "application/xml"}}});
    out.push_back({method, target, "{\"name\": \"\xff\xfe\xc0\xaf\"}", json_type});
    out.push_back(
        {method, target, "{}", {{"Content-Type", "application/json"}, {"If-Match", "garbage"}}});
    out.push_back(
        {method,
         target,
         "{}",
         {{"Content-Type", "application/json"}, {"If-Match", "\"99999999999999999999999999\""}}});
    out.push_back(
        {method, target, "{}", {{"Content-Type", "application/json"}, {"If-Match", "W/\"-1\""}}});
  }
  return out;
}

class ErrorLeakTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = StoreTestDatabase::Create(ZT_TEST_BACKEND);
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
    {
      auto store = db_->Open();
      ASSERT_TRUE(store.has_value());
      ASSERT_TRUE((*store)->Migrate().has_value());
      ASSERT_TRUE(PutTwoDistricts(**store).has_value());
      using accounts::Role;
      auto staff =
          CreateStaff(**store, {{"ck-admin", Role::kDepartmentAdmin, "440802", "440802-scj"},
                                {"zj-sysadmin", Role::kSystemAdmin, "440800", ""}});
      ASSERT_TRUE(staff.has_value()) << staff.error().ToString();
    }
    server_ = std::make_unique<ServerProcess>(ZhengtongBinary(), db_->Url());
  }

  std::uint16_t port() const { return server_->port(); }

  std::unique_ptr<StoreTestDatabase> db_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(ErrorLeakTest, MalformedInputToEveryRouteDisclosesNothing) {
  std::vector<std::pair<std::string, std::string>> operations;
  json::value doc = ReadJson(ZT_OPENAPI_FILE);
  for (const auto& [path, ops] : doc.at("paths").as_object()) {
    for (const auto& [method, op] : ops.as_object()) {
      std::string m(method);
      if (m == "get" || m == "post" || m == "put" || m == "patch" || m == "delete") {
        operations.emplace_back(Upper(m), std::string(path));
      }
    }
  }
  ASSERT_GT(operations.size(), 50u);

  // Staff first: the anonymous probes of the login route count as failed logins and would
  // soon rate-limit a later login from this address.
  struct Caller {
    const char* name;
    std::string user;
    Session session;
  };
  std::vector<Caller> callers = {{"department_admin", "ck-admin", {}},
                                 {"system_admin", "zj-sysadmin", {}},
                                 {"anonymous", "", {}}};
  for (Caller& c : callers) {
    if (!c.user.empty()) c.session = FirstStaffLogin(port(), c.user);
  }

  int requests = 0, errors = 0, server_errors = 0, findings = 0, lost_sessions = 0;
  std::map<int, int> by_status;
  for (Caller& c : callers) {
    for (const auto& [method, path] : operations) {
      // Logging out would end the probe's own session; the anonymous pass covers it.
      if (!c.user.empty() && method == "DELETE" && path == "/api/v1/session") continue;
      for (const Probe& probe : ProbesFor(method, path)) {
        Headers headers = c.user.empty() ? probe.headers : c.session.With(probe.headers);
        HttpResult r = Http(port(), probe.method, probe.target, probe.body, headers);
        ++requests;
        ++by_status[r.status];
        EXPECT_NE(r.status, 0) << c.name << " " << probe.method << " " << probe.target;
        if (r.status < 400) continue;
        ++errors;
        for (const std::string& rule : ScanForLeaks(r.body)) {
          ++findings;
          ADD_FAILURE() << c.name << " " << probe.method << " " << probe.target << " → " << r.status
                        << " discloses (" << rule << "): " << r.body.substr(0, 600);
        }
        if (r.status >= 500) {
          ++server_errors;
          bool has_request_id = false;
          try {
            has_request_id = r.Json().as_object().contains("request_id");
          } catch (const std::exception&) {
          }
          EXPECT_TRUE(has_request_id) << c.name << " " << probe.method << " " << probe.target
                                      << " → " << r.status << " without a request id: " << r.body;
          std::cout << "[5xx] " << c.name << " " << probe.method << " " << probe.target << " → "
                    << r.status << std::endl;
        }
        if (!c.user.empty() && r.status == 401) {
          ++lost_sessions;  // the probe ended the session somehow: log in again
          c.session = Login(port(), c.user, kNewPassword);
        }
      }
    }
  }
  EXPECT_EQ(lost_sessions, 0);
  EXPECT_EQ(server_errors, 0) << "malformed input must get a 4xx answer, never a 5xx";
  std::cout << "[figures] INP-08 (" ZT_TEST_BACKEND "): " << operations.size()
            << " operations probed by 3 callers, " << requests << " requests, " << errors
            << " error answers scanned, " << server_errors << " answers 5xx, " << findings
            << " findings; statuses:";
  for (const auto& [status, n] : by_status) std::cout << " " << status << "×" << n;
  std::cout << std::endl;
}

}  // namespace
}  // namespace zt::testing
