// Every JSON endpoint through the real router, middleware and handlers (zt::api::Api) over a
// real SQLite store seeded with the demo city (a few applications), in process.
//
// Input: a first line "ROLE METHOD TARGET [IF-MATCH]" and the request body after it.
//   ROLE    anon, sysadmin, secadmin, auditadmin, admin (city market regulator's department
//           admin), clerk, reviewer, manager, citizen, agent, supervisor
//   TARGET  a path and query; "{items}", "{applications}", "{hotline_orders}", "{licences}",
//           "{departments}", "{licence_types}", "{ratings}", "{accounts}", "{hotline_articles}",
//           "{report_drafts}", "{regions}", "{standard_items}", "{item_implementations}",
//           "{rectifications}" are replaced by the first id (first column) of that table,
//           in the target and in the body
// Logged-in roles send their session cookie and CSRF token. A finding: any 5xx answer
// (RELIABILITY.md INP-01 counts a 5xx as a crash), or an exception escaping the router.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz_support.h"
#include "zt/api/api.h"
#include "zt/calendar/calendar.h"
#include "zt/caseflow/case_type_file.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/http/router.h"
#include "zt/seed/seed.h"
#include "zt/service/account_service.h"
#include "zt/store/open.h"

namespace {

using namespace std::chrono_literals;

constexpr std::string_view kNewPassword = "fuzz-harness-password-1";

struct Login {
  std::string username;
  std::string token;
  std::string csrf;
};

class ApiHarness {
 public:
  ApiHarness()
      : clock_(zt::Instant{std::chrono::sys_days{std::chrono::year{2026} / 11 / 20}} + 2h) {
    char pattern[] = "/tmp/zt-fuzz-api-XXXXXX";
    const char* dir = ::mkdtemp(pattern);
    zt::fuzz::Check(dir != nullptr, "mkdtemp");
    dir_ = dir;
    // The harness lives until the process exits; its database goes with it.
    static std::string cleanup_dir;
    cleanup_dir = dir_;
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(cleanup_dir, ec);
    });
    db_file_ = dir_ + "/fuzz.db";
    auto store = zt::store::OpenStore("sqlite:" + db_file_);
    zt::fuzz::Check(store.has_value(), "open store");
    store_ = std::move(*store);
    zt::fuzz::Check(store_->Migrate().has_value(), "migrate");
    zt::fuzz::Check(zt::caseflow::LoadBuiltInCaseTypes().has_value(), "case types");
    zt::seed::SeedOptions options;
    options.applications = 4;
    options.demo_password = "fuzz-demo-password-0";
    options.now = clock_.Now();
    auto seeded = zt::seed::SeedDemoCity(*store_, crypto_, options);
    zt::fuzz::Check(seeded.has_value(), "seed");
    zt::api::ApiOptions api_options;
    api_options.staff_second_factor_required = false;  // staff log in with the password alone
    api_ = std::make_unique<zt::api::Api>(*store_, crypto_, clock_,
                                          zt::calendar::WorkingCalendar::China(), api_options);
    api_->Register(router_);
    const std::map<std::string, std::string> usernames = {
        {"sysadmin", "zj-sysadmin"},     {"secadmin", "zj-secadmin"},
        {"auditadmin", "zj-auditadmin"}, {"admin", "440800-scj-admin"},
        {"clerk", "440800-scj-clerk"},   {"reviewer", "440800-scj-reviewer"},
        {"manager", "zj-manager"},       {"citizen", "440802196001031016"},
        {"agent", "zj-12345-agent1"},    {"supervisor", "zj-12345-supervisor"}};
    zt::service::AccountService accounts(*store_, crypto_, clock_);
    for (const auto& [role, username] : usernames) {
      auto first = accounts.Login(username, options.demo_password, {"fuzz", ""});
      zt::fuzz::Check(first.has_value(), "first login of " + username);
      zt::fuzz::Check(
          accounts
              .ChangePassword(first->account.id, options.demo_password, kNewPassword, {"fuzz", ""})
              .has_value(),
          "password change of " + username);
      logins_[role] = Login{username, "", ""};
    }
    LookUpIds();
  }

  void Run(std::string_view input) {
    std::size_t eol = input.find('\n');
    std::string_view line = input.substr(0, eol);
    std::string_view body = eol == std::string_view::npos ? "" : input.substr(eol + 1);
    std::string_view fields[4];
    int n = 0;
    while (n < 4 && !line.empty()) {
      std::size_t sp = line.find(' ');
      fields[n++] = line.substr(0, sp);
      line = sp == std::string_view::npos ? "" : line.substr(sp + 1);
    }
    if (n < 3) return;
    zt::http::Request req;
    req.set_method(std::string(fields[1]));
    req.set_target(Substitute(fields[2]));
    req.set_body(Substitute(body));
    req.set_remote_address("192.0.2.7");
    req.set_request_id("fuzz");
    req.add_header("Content-Type", "application/json");
    if (n == 4) req.add_header("If-Match", std::string(fields[3]));
    if (fields[0] != "anon") {
      Login* login = SessionFor(fields[0]);
      if (login == nullptr) return;
      req.add_header("Cookie", std::string(zt::api::kSessionCookie) + "=" + login->token);
      req.add_header("X-CSRF-Token", login->csrf);
    }
    zt::http::Response response = router_.Handle(req);
    zt::fuzz::Check(response.status() < 500,
                    "answer " + std::to_string(response.status()) + ": " + response.body(), input);
  }

 private:
  // A live session for `role`, logging in again when a fuzzed request ended it.
  Login* SessionFor(std::string_view role) {
    auto it = logins_.find(std::string(role));
    if (it == logins_.end()) return nullptr;
    Login& login = it->second;
    zt::service::AccountService accounts(*store_, crypto_, clock_);
    if (!login.token.empty() && accounts.Authenticate(login.token)) return &login;
    auto session = accounts.Login(login.username, kNewPassword, {"fuzz", ""});
    if (!session) return nullptr;  // a fuzzed request changed the password or locked it
    login.token = session->token;
    login.csrf = session->csrf_token;
    return &login;
  }

  std::string Substitute(std::string_view target) const {
    std::string out(target);
    for (const auto& [table, id] : ids_) {
      std::string placeholder = "{" + table + "}";
      for (std::size_t at; (at = out.find(placeholder)) != std::string::npos;) {
        out.replace(at, placeholder.size(), id);
      }
    }
    return out;
  }

  void LookUpIds() {
    sqlite3* db = nullptr;
    zt::fuzz::Check(
        sqlite3_open_v2(db_file_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK,
        "open the seeded database");
    for (const char* table :
         {"items", "applications", "hotline_orders", "licences", "departments", "licence_types",
          "ratings", "accounts", "hotline_articles", "report_drafts", "regions", "standard_items",
          "item_implementations", "rectifications"}) {
      std::string sql = std::string("SELECT * FROM ") + table + " LIMIT 1";
      sqlite3_stmt* stmt = nullptr;
      if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
          sqlite3_step(stmt) == SQLITE_ROW) {
        const unsigned char* text = sqlite3_column_text(stmt, 0);
        ids_[table] = text != nullptr ? reinterpret_cast<const char*>(text) : "";
      } else {
        ids_[table] = "none";
      }
      sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
  }

  zt::SimulatedClock clock_;
  zt::crypto::OpenSslCrypto crypto_;
  std::string dir_;
  std::string db_file_;
  std::unique_ptr<zt::service::Store> store_;
  std::unique_ptr<zt::api::Api> api_;
  zt::http::Router router_;
  std::map<std::string, Login> logins_;
  std::map<std::string, std::string> ids_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static ApiHarness* harness = new ApiHarness();  // lives for the process, like the server
  harness->Run(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
