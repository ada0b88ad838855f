// AUD-06 over HTTP on the real binary (SQLite and PostgreSQL): only the audit administrator
// searches and exports the audit trail; the system and security administrators and everyone
// else get 403 audit.admin_only, recorded as access.denied (negative control: the audit
// administrator's own search answers). Every search and export is itself recorded, filters
// combine, pages follow one another without gaps, ID and mobile numbers stay masked, and the
// CSV export carries a watermark naming who exported it and when, first and last.
#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "http_session.h"
#include "server_process.h"
#include "store_test_db.h"

namespace zt::testing {
namespace {

namespace json = boost::json;
using accounts::Role;

std::string Key(const HttpResult& r) {
  if (!r.Json().is_object() || !r.Json().as_object().contains("key")) return "";
  return std::string(r.Json().at("key").as_string());
}

class AuditSearchHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = StoreTestDatabase::Create(ZT_TEST_BACKEND);
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
    auto store = db_->Open();
    ASSERT_TRUE(store.has_value());
    store_ = std::move(*store);
    ASSERT_TRUE(store_->Migrate().has_value());
    auto tx = store_->Begin();
    ASSERT_TRUE(tx.has_value());
    ASSERT_TRUE((*tx)->PutRegion({"440800", "湛江市", "440000", "prefecture"}).has_value());
    ASSERT_TRUE((*tx)->Commit().has_value());
    ASSERT_TRUE(CreateStaff(*store_, {{"sysadmin", Role::kSystemAdmin, "440800", ""},
                                      {"secadmin", Role::kSecurityAdmin, "440800", ""},
                                      {"auditadmin", Role::kAuditAdmin, "440800", ""},
                                      {"manager", Role::kBureauManager, "440800", ""}})
                    .has_value());
    server_ = std::make_unique<ServerProcess>(ZhengtongBinary(), db_->Url());
    for (const char* user : {"sysadmin", "secadmin", "auditadmin", "manager"}) {
      sessions_[user] = FirstStaffLogin(port(), user);
    }
  }

  std::uint16_t port() const { return server_->port(); }

  HttpResult Get(const std::string& user, const std::string& target) {
    return Http(port(), "GET", target, "", sessions_[user].With());
  }

  std::vector<service::EventRecord> EventsOn(const std::string& type, const std::string& id) {
    auto tx = store_->Begin();
    auto events = (*tx)->ListEventsFor(type, id);
    EXPECT_TRUE(events.has_value());
    return *events;
  }

  std::unique_ptr<StoreTestDatabase> db_;
  std::unique_ptr<service::Store> store_;
  std::unique_ptr<ServerProcess> server_;
  std::map<std::string, Session> sessions_;
};

TEST_F(AuditSearchHttpTest, OnlyTheAuditAdministratorSearchesOrExportsAndEveryRefusalIsAudited) {
  const std::map<std::string, std::string> roles{
      {"sysadmin", "system_admin"}, {"secadmin", "security_admin"}, {"manager", "bureau_manager"}};
  for (const char* user : {"sysadmin", "secadmin", "manager"}) {
    SCOPED_TRACE(user);
    std::size_t before = EventsOn("audit", "events").size();
    for (const char* target : {"/api/v1/audit/events", "/api/v1/audit/events.csv",
                               "/api/v1/audit/events?action=account."}) {
      auto r = Get(user, target);
      EXPECT_EQ(r.status, 403) << target << " " << r.body;
      EXPECT_EQ(Key(r), "audit.admin_only");
      EXPECT_EQ(r.body.find("account.login"), std::string::npos) << "a refusal reveals entries";
    }
    auto events = EventsOn("audit", "events");
    ASSERT_EQ(events.size(), before + 3);
    for (std::size_t i = before; i < events.size(); ++i) {
      EXPECT_EQ(events[i].event.action, "access.denied");
      EXPECT_EQ(events[i].event.result, "denied");
      EXPECT_EQ(events[i].event.actor_role, roles.at(user));
    }
  }
  auto anonymous = Http(port(), "GET", "/api/v1/audit/events");
  EXPECT_EQ(anonymous.status, 401);

  // Negative control: the audit administrator reads the trail, refusals included.
  auto r = Get("auditadmin", "/api/v1/audit/events?action=access.denied&object_type=audit");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json().at("items").as_array().size(), 9u);
  EXPECT_EQ(r.Header("cache-control"), "no-store");
}

TEST_F(AuditSearchHttpTest, FiltersCombinePagesFollowAndReadingIsRecorded) {
  // Known entries: each account logged in twice (first login, then after the password change).
  auto logins = Get("auditadmin", "/api/v1/audit/events?action=account.login&result=ok");
  ASSERT_EQ(logins.status, 200) << logins.body;
  json::value logins_json = logins.Json();
  const auto& items = logins_json.at("items").as_array();
  EXPECT_EQ(items.size(), 8u);
  std::int64_t last_seq = std::numeric_limits<std::int64_t>::max();
  for (const auto& item : items) {
    EXPECT_EQ(item.at("action").as_string(), "account.login");
    EXPECT_EQ(item.at("result").as_string(), "ok");
    EXPECT_LT(item.at("seq").as_int64(), last_seq);  // newest first
    last_seq = item.at("seq").as_int64();
  }
  // The prefix is a prefix: "account.log" matches login and login_failed, "ccount" nothing.
  auto none = Get("auditadmin", "/api/v1/audit/events?action=ccount.");
  ASSERT_EQ(none.status, 200);
  EXPECT_TRUE(none.Json().at("items").as_array().empty());

  // Actor and request id filters.
  std::string sys_id(items[0].at("actor_id").as_string());
  auto by_actor = Get("auditadmin", "/api/v1/audit/events?actor=" + sys_id);
  ASSERT_EQ(by_actor.status, 200);
  json::value by_actor_json = by_actor.Json();
  for (const auto& item : by_actor_json.at("items").as_array()) {
    EXPECT_EQ(item.at("actor_id").as_string(), sys_id);
  }
  std::string request(items[0].at("request_id").as_string());
  auto by_request = Get("auditadmin", "/api/v1/audit/events?request_id=" + request);
  ASSERT_EQ(by_request.status, 200);
  EXPECT_EQ(by_request.Json().at("items").as_array().size(), 1u);

  // A time range after everything finds nothing; before everything too.
  EXPECT_TRUE(Get("auditadmin", "/api/v1/audit/events?from=2099-01-01T00:00:00%2B08:00")
                  .Json()
                  .at("items")
                  .as_array()
                  .empty());
  EXPECT_TRUE(Get("auditadmin", "/api/v1/audit/events?until=2000-01-01T00:00:00%2B08:00")
                  .Json()
                  .at("items")
                  .as_array()
                  .empty());

  // Pages of 3 over the 8 logins: every entry once, in order.
  std::vector<std::int64_t> paged;
  std::string next = "/api/v1/audit/events?action=account.login&result=ok&limit=3";
  for (int guard = 0; guard < 10 && !next.empty(); ++guard) {
    auto page = Get("auditadmin", next);
    ASSERT_EQ(page.status, 200) << page.body;
    json::value page_json = page.Json();
    for (const auto& item : page_json.at("items").as_array())
      paged.push_back(item.at("seq").as_int64());
    next.clear();
    if (page.Json().as_object().contains("next_before")) {
      next = "/api/v1/audit/events?action=account.login&result=ok&limit=3&before=" +
             std::to_string(page.Json().at("next_before").as_int64());
    }
  }
  std::vector<std::int64_t> all;
  for (const auto& item : items) all.push_back(item.at("seq").as_int64());
  EXPECT_EQ(paged, all);

  // Bad filters are field errors.
  for (const char* bad : {"/api/v1/audit/events?result=maybe", "/api/v1/audit/events?limit=0",
                          "/api/v1/audit/events?limit=201", "/api/v1/audit/events?from=yesterday",
                          "/api/v1/audit/events?before=x"}) {
    auto r = Get("auditadmin", bad);
    EXPECT_EQ(r.status, 400) << bad << " " << r.body;
  }

  // Each search was recorded, with its filters; an ID number given as a filter is masked.
  auto masked = Get("auditadmin", "/api/v1/audit/events?object_id=11010519491231002X");
  ASSERT_EQ(masked.status, 200);
  auto recorded = Get("auditadmin", "/api/v1/audit/events?action=audit.searched&limit=1");
  ASSERT_EQ(recorded.status, 200);
  json::value recorded_json = recorded.Json();
  const auto& last = recorded_json.at("items").as_array().at(0);
  EXPECT_EQ(last.at("actor_role").as_string(), "audit_admin");
  EXPECT_EQ(last.at("details").at("object_id").as_string(), "110105********002X");
  EXPECT_EQ(recorded.body.find("11010519491231002X"), std::string::npos);
  auto searches = EventsOn("audit", "events");
  EXPECT_GE(std::count_if(searches.begin(), searches.end(),
                          [](const auto& e) { return e.event.action == "audit.searched"; }),
            10);
}

TEST_F(AuditSearchHttpTest, TheCsvExportCarriesAWatermarkFirstAndLast) {
  auto r = Get("auditadmin", "/api/v1/audit/events.csv?action=account.");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("content-type"), "text/csv; charset=utf-8");
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < r.body.size()) {
    std::size_t end = r.body.find("\r\n", start);
    if (end == std::string::npos) end = r.body.size();
    lines.push_back(r.body.substr(start, end - start));
    start = end + 2;
  }
  ASSERT_GE(lines.size(), 4u);
  EXPECT_NE(lines.front().find("导出人 auditadmin"), std::string::npos) << lines.front();
  EXPECT_NE(lines.front().find("导出时间 20"), std::string::npos);
  EXPECT_EQ(lines.back(), lines.front().substr(3));  // the same watermark without the BOM
  EXPECT_EQ(lines[1].substr(0, 9), "seq,at,ac");
  EXPECT_NE(r.body.find("account.login"), std::string::npos);
  auto exported = EventsOn("audit", "events");
  EXPECT_TRUE(std::any_of(exported.begin(), exported.end(),
                          [](const auto& e) { return e.event.action == "audit.exported"; }));
}

}  // namespace
}  // namespace zt::testing
