// PRIV-01 and PRIV-02 on the real binary (docs/security.md "Personal data"): a seeded city is
// served; every GET operation of docs/openapi.json, with its formats (JSON, CSV, XLSX, PDF,
// DOCX, HTML) and path parameters filled from the data, is called as a citizen, a window
// clerk, a department admin, a hotline agent, a bureau manager and the system administrator,
// and every response body (exports as their visible text) and header, and the server's log,
// is scanned for the plain ID and mobile numbers the data holds. Then the unmasking endpoint:
// a reason is required, the reveal is audited once, other roles are refused and audited; the
// revealed response is fed to the scanner as its negative control.
#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "http_session.h"
#include "number_scan.h"
#include "server_process.h"
#include "store_test_db.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/seed/seed.h"
#include "zt/service/hotline_store.h"
#include "zt/service/licence_store.h"

namespace zt::testing {
namespace {

namespace json = boost::json;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct Operation {
  std::string path;
  // Per path parameter, the enum values the document declares (empty when free).
  std::map<std::string, std::vector<std::string>> path_enums;
  std::vector<std::string> formats;  // enum of the `format` query parameter
  bool paged = false;
};

const json::object* ResolveParameter(const json::object& doc, const json::value& p) {
  const json::object& o = p.as_object();
  if (const json::value* ref = o.if_contains("$ref")) {
    std::string name(ref->as_string());
    name = name.substr(name.rfind('/') + 1);
    return &doc.at("components").at("parameters").at(name).as_object();
  }
  return &o;
}

std::vector<Operation> GetOperations() {
  std::ifstream in(ZT_OPENAPI_FILE);
  json::value doc = json::parse(
      std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()));
  std::vector<Operation> out;
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    const json::value* get = item.as_object().if_contains("get");
    if (get == nullptr) continue;
    Operation op;
    op.path = std::string(path);
    if (const json::value* params = get->as_object().if_contains("parameters")) {
      for (const json::value& p : params->as_array()) {
        const json::object* param = ResolveParameter(doc.as_object(), p);
        std::string name(param->at("name").as_string());
        std::string in_(param->at("in").as_string());
        std::vector<std::string> values;
        if (const json::value* schema = param->if_contains("schema")) {
          if (const json::value* e = schema->as_object().if_contains("enum")) {
            for (const json::value& v : e->as_array()) values.emplace_back(v.as_string());
          }
        }
        if (in_ == "path") op.path_enums[name] = values;
        if (in_ == "query" && name == "format") op.formats = values;
        if (in_ == "query" && name == "page_size") op.paged = true;
      }
    }
    out.push_back(std::move(op));
  }
  return out;
}

struct Caller {
  std::string name;
  Session session;
  std::set<std::string> may_see;  // numbers this caller sees plain by right
};

class PersonalDataHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("ZT_LICENCE_KEK", "personal-data-test-kek", 1);  // so licences are issued
    auto db = StoreTestDatabase::Create(ZT_TEST_BACKEND);
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    auto store = db_->Open();
    ASSERT_TRUE(store);
    store_ = std::move(*store);
    ASSERT_TRUE(store_->Migrate());
    seed::SeedOptions options;
    options.applications = 24;
    options.demo_password = kInitialPassword;
    options.now = *ParseInstant("2025-11-20T10:00:00+08:00");
    crypto::OpenSslCrypto crypto;
    auto seeded = seed::SeedDemoCity(*store_, crypto, options);
    ASSERT_TRUE(seeded) << seeded.error().ToString();
    for (const auto& login : seeded->logins) {
      if (login.role == "citizen" && citizen_.empty()) citizen_ = login.username;
    }
    ASSERT_FALSE(citizen_.empty());
    known_ = CollectThroughTheStore(*store_);
    // One application and staff of its department (and of another one) for the sweep and for
    // the unmasking checks.
    auto tx = store_->Begin();
    ASSERT_TRUE(tx);
    service::CaseQuery q;
    q.limit = 100;
    auto cases = (*tx)->ListCases(q);
    ASSERT_TRUE(cases);
    ASSERT_FALSE(cases->items.empty());
    for (const auto& c : cases->items) {
      if (case_ids_.size() < 4) case_ids_.push_back(c.id.value());
      if (c.applicant_account.value() != "" && target_.id.empty()) target_ = c;
    }
    ASSERT_FALSE(target_.id.empty());
    for (const auto& c : cases->items) {
      if (c.department_id != target_.department_id && other_department_.empty()) {
        other_department_ = c.department_id.value();
        other_region_ = c.region_code;
      }
    }
    ASSERT_FALSE(other_department_.empty());
    service::OrderQuery oq;
    oq.limit = 4;
    auto orders = (*tx)->hotline().ListOrders(oq);
    ASSERT_TRUE(orders);
    for (const auto& o : orders->items) {
      order_ids_.push_back(o.id.value());
      order_numbers_.push_back(o.number);
    }
    service::LicenceQuery lq;
    lq.limit = 100;
    auto licences = (*tx)->licences().ListLicences(lq);
    ASSERT_TRUE(licences);
    for (const auto& l : licences->items) {
      if (known_.id_numbers.contains(l.content.holder_id) && licence_ids_.size() < 3) {
        licence_ids_.push_back(l.content.id);
      }
    }
    tx->reset();
    ASSERT_TRUE(
        CreateStaff(*store_, {{"pd-clerk", accounts::Role::kWindowClerk,
                               target_.region_code.c_str(), target_.department_id.value().c_str()},
                              {"pd-admin", accounts::Role::kDepartmentAdmin,
                               target_.region_code.c_str(), target_.department_id.value().c_str()},
                              {"pd-other-clerk", accounts::Role::kWindowClerk,
                               other_region_.c_str(), other_department_.c_str()},
                              {"pd-manager", accounts::Role::kBureauManager, "440800", ""}}));
    server_ = std::make_unique<ServerProcess>(ZhengtongBinary(), db_->Url());
  }

  std::vector<std::string> Candidates(const std::string& path, const std::string& param,
                                      const std::vector<std::string>& enums) const {
    if (!enums.empty()) return enums;
    if (param == "region") return {"440800"};
    if (param == "year") return {"2025"};
    if (path.starts_with("/api/v1/applications/") || path.starts_with("/api/v1/ratings/")) {
      return case_ids_;
    }
    if (path.starts_with("/api/v1/hotline/orders/")) return order_ids_;
    if (path.starts_with("/open311/")) return order_numbers_;
    if (path.starts_with("/api/v1/licences/")) return licence_ids_;
    return {"unknown"};
  }

  // Every target of the sweep: each GET operation with its path parameters filled and with
  // each declared format, plus a page of 100 where the operation pages.
  std::vector<std::string> Targets() const {
    std::vector<std::string> targets;
    for (const Operation& op : GetOperations()) {
      std::vector<std::string> paths{op.path};
      for (const auto& [param, enums] : op.path_enums) {
        std::vector<std::string> next;
        for (const std::string& p : paths) {
          for (const std::string& v : Candidates(op.path, param, enums)) {
            std::string filled = p;
            std::string marker = "{" + param + "}";
            filled.replace(filled.find(marker), marker.size(), v);
            next.push_back(filled);
          }
        }
        paths = std::move(next);
      }
      for (const std::string& p : paths) {
        targets.push_back(p);
        if (op.paged) targets.push_back(p + "?page_size=100");
        for (const std::string& f : op.formats) targets.push_back(p + "?format=" + f);
      }
    }
    return targets;
  }

  std::unique_ptr<StoreTestDatabase> db_;
  std::unique_ptr<service::Store> store_;
  std::unique_ptr<ServerProcess> server_;
  KnownNumbers known_;
  std::string citizen_;
  caseflow::ApplicationCase target_;
  std::string other_department_, other_region_;
  std::vector<std::string> case_ids_, order_ids_, order_numbers_, licence_ids_;
};

TEST_F(PersonalDataHttpTest, NoPlainNumberEscapesInAnyResponseExportOrLogLine) {
  ASSERT_GE(known_.id_numbers.size(), 8u);
  ASSERT_GE(known_.phones.size(), 8u);
  ASSERT_FALSE(licence_ids_.empty());
  ASSERT_FALSE(order_ids_.empty());
  std::uint16_t port = server_->port();
  // A citizen sees their own numbers; the 12345 agents see callers' phones to call back.
  std::set<std::string> own, caller_phones;
  {
    auto tx = store_->Begin();  // released before any login: SQLite has one writer
    ASSERT_TRUE(tx);
    auto me = (*tx)->FindAccountByUsername(citizen_);
    ASSERT_TRUE(me && *me);
    own = {(*me)->id_number, (*me)->phone};
    service::OrderQuery oq;
    oq.limit = 100;
    auto orders = (*tx)->hotline().ListOrders(oq);
    ASSERT_TRUE(orders);
    for (const auto& o : orders->items) caller_phones.insert(o.caller_phone);
  }
  std::vector<Caller> callers;
  callers.push_back({"citizen", FirstStaffLogin(port, citizen_), own});
  callers.push_back({"hotline_agent", FirstStaffLogin(port, "zj-12345-agent1"), caller_phones});
  callers.push_back({"window_clerk", FirstStaffLogin(port, "pd-clerk"), {}});
  callers.push_back({"department_admin", FirstStaffLogin(port, "pd-admin"), {}});
  callers.push_back({"bureau_manager", FirstStaffLogin(port, "pd-manager"), {}});
  callers.push_back({"system_admin", FirstStaffLogin(port, "zj-sysadmin"), {}});
  callers.push_back({"anonymous", Session{}, {}});

  std::vector<std::string> targets = Targets();
  std::vector<NumberHit> hits;
  int requests = 0, answered_2xx = 0, exports = 0, masks = 0;
  for (const Caller& caller : callers) {
    KnownNumbers forbidden = known_.Without(caller.may_see);
    Headers headers = caller.session.cookie.empty() ? Headers{} : caller.session.With();
    for (const std::string& target : targets) {
      HttpResult r = Http(port, "GET", target, "", headers);
      ++requests;
      ASSERT_NE(r.status, 0) << target;
      EXPECT_LT(r.status, 500) << target << " as " << caller.name << ": " << r.body;
      if (r.status / 100 == 2) ++answered_2xx;
      std::string where = "GET " + target + " as " + caller.name;
      std::string content_type = r.Header("content-type");
      std::string text = VisibleText(content_type, r.body);
      if (text.size() != r.body.size() || text != r.body) ++exports;
      masks += CountMasks(text);
      for (auto& h : ScanText(text, forbidden, where)) hits.push_back(std::move(h));
      for (const auto& [name, value] : r.headers) {
        for (auto& h : ScanText(value, forbidden, where + " header " + name)) {
          hits.push_back(std::move(h));
        }
      }
    }
  }
  std::string log = ReadFile(server_->log_path());
  ASSERT_FALSE(log.empty());
  for (auto& h : ScanText(log, known_, "server.log")) hits.push_back(std::move(h));
  for (const NumberHit& h : hits) {
    ADD_FAILURE() << "plain " << h.number << " in " << h.where << ": …" << h.context << "…";
    if (&h - hits.data() > 20) break;
  }
  // The sweep reached personal data: masked numbers were shown to staff.
  EXPECT_GT(masks, 0);
  EXPECT_GT(exports, 0);
  std::printf(
      "[figures] %s: %zu callers x %zu targets = %d requests (%d 2xx, %d exports as "
      "text), %d masked numbers seen, %zu log bytes; %zu plain numbers found\n",
      ZT_TEST_BACKEND, callers.size(), targets.size(), requests, answered_2xx, exports, masks,
      log.size(), hits.size());
}

TEST_F(PersonalDataHttpTest, UnmaskingNeedsAReasonIsAuditedAndRefusedToOthers) {
  std::uint16_t port = server_->port();
  const std::string target = "/api/v1/applications/" + target_.id.value() + "/unmask";
  auto events = [&](std::string_view action) {
    auto tx = store_->Begin();
    EXPECT_TRUE(tx);
    auto list = (*tx)->ListEventsFor("application", target_.id.value());
    EXPECT_TRUE(list);
    std::vector<service::EventRecord> out;
    for (auto& e : *list) {
      if (e.event.action == action) out.push_back(e);
    }
    return out;
  };
  std::size_t denied_before = events("access.denied").size();
  Session clerk = FirstStaffLogin(port, "pd-clerk");

  // The masked view first: the clerk sees the applicant masked.
  HttpResult view =
      Http(port, "GET", "/api/v1/applications/" + target_.id.value(), "", clerk.With());
  ASSERT_EQ(view.status, 200) << view.body;
  EXPECT_TRUE(ScanText(view.body, known_).empty());
  EXPECT_GT(CountMasks(view.body), 0);

  for (const std::string& body :
       {std::string(R"({"reason":""})"), std::string(R"({"reason":"  　"})"), std::string("{}")}) {
    HttpResult blank = Http(port, "POST", target, body, clerk.With());
    EXPECT_EQ(blank.status, 400) << body << " " << blank.body;
    EXPECT_NE(blank.body.find("/reason"), std::string::npos) << blank.body;
    EXPECT_TRUE(ScanText(blank.body, known_).empty());
  }
  EXPECT_TRUE(events("personal_data.unmasked").empty());

  const std::string reason = "申请人来电核实，需回拨确认材料";
  HttpResult shown =
      Http(port, "POST", target, json::serialize(json::object{{"reason", reason}}), clerk.With());
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown.Json().at("id_number").as_string(), target_.applicant_id_number);
  EXPECT_EQ(shown.Json().at("phone").as_string(), target_.applicant_phone);
  EXPECT_EQ(shown.Header("cache-control"), "no-store");
  // Negative control: the scanner catches the deliberately unmasked answer.
  std::vector<NumberHit> caught = ScanText(shown.body, known_, "unmask response");
  ASSERT_GE(caught.size(), 1u);
  EXPECT_EQ(caught.front().number, target_.applicant_id_number);

  auto unmasked = events("personal_data.unmasked");
  ASSERT_EQ(unmasked.size(), 1u);
  const service::EventDraft& e = unmasked.front().event;
  EXPECT_EQ(e.actor_role, "window_clerk");
  EXPECT_EQ(e.result, "ok");
  EXPECT_FALSE(e.request_id.empty());
  EXPECT_FALSE(e.source_ip.empty());
  bool has_reason = false;
  for (const auto& [k, v] : e.details) {
    if (k == "reason") has_reason = v == reason;
    EXPECT_TRUE(ScanText(v, known_).empty()) << "the audit event holds a plain number";
  }
  EXPECT_TRUE(has_reason);

  // Others: a bureau manager sees the case but may not unmask (403); a clerk of another
  // department and a citizen who is not the applicant do not see it (404). All audited.
  const std::string body = json::serialize(json::object{{"reason", "查看"}});
  HttpResult manager = Http(port, "POST", target, body, FirstStaffLogin(port, "pd-manager").With());
  EXPECT_EQ(manager.status, 403) << manager.body;
  HttpResult other =
      Http(port, "POST", target, body, FirstStaffLogin(port, "pd-other-clerk").With());
  EXPECT_EQ(other.status, 404) << other.body;
  HttpResult anonymous = Http(port, "POST", target, body);
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;
  for (const HttpResult* r : {&manager, &other, &anonymous}) {
    EXPECT_TRUE(ScanText(r->body, known_).empty()) << r->body;
  }
  EXPECT_EQ(events("access.denied").size(), denied_before + 2);
  EXPECT_EQ(events("personal_data.unmasked").size(), 1u);

  // The reveal reached no log line.
  std::string log = ReadFile(server_->log_path());
  EXPECT_TRUE(ScanText(log, known_).empty());
}

}  // namespace
}  // namespace zt::testing
