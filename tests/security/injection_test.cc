// INP-05 (RELIABILITY.md): SQL-injection payloads sent to the real binary, on SQLite and
// PostgreSQL, in search queries (q=), path ids and JSON string fields of item creation,
// application submission and hotline intake. For every request:
//  - the answer is a normal 2xx or 4xx, never 5xx, and discloses nothing (leak_scan.h);
//  - a 2xx write stores the payload byte for byte (read back through the API) and appends
//    exactly as many audit events as the same write with a harmless value; a refused one
//    appends only its refusal's record (AUD-01);
// and at the end every table still exists, the payload-carrying tables grew by exactly the
// acknowledged creations, no other table lost rows, the accounts are unchanged, every
// account still logs in and the SM3 chain verifies.

#include <map>

#include <gtest/gtest.h>

#include "http_session.h"
#include "item_review.h"
#include "leak_scan.h"
#include "server_process.h"
#include "store_test_db.h"
#include "two_districts.h"
#include "zt/seed/seed.h"
#include "zt/store/open.h"

namespace zt::testing {
namespace {

namespace json = boost::json;

// Classic and encoding-based payloads; none contains NUL (JSON strings and paths carry them
// elsewhere, INP-08 probes NUL in queries).
const std::vector<std::string>& Payloads() {
  static const std::vector<std::string> payloads = {
      "' OR '1'='1",
      "' OR 1=1 --",
      "\" OR \"\"=\"",
      "'; DROP TABLE accounts;--",
      "\"; DROP TABLE items; --",
      "'); DELETE FROM events; --",
      "1; UPDATE accounts SET role = 'system_admin'",
      "' UNION SELECT username, password_hash FROM accounts --",
      "1' UNION ALL SELECT NULL, NULL, NULL, version() --",
      "' || (SELECT string_agg(username, ',') FROM accounts) || '",
      "' AND 1 = CAST((SELECT current_user) AS INT) --",
      "'; COMMIT; DROP TABLE events; BEGIN; --",
      "'; SELECT pg_sleep(5); --",
      "'; ATTACH DATABASE 'x.db' AS x; --",
      "\\'; DROP TABLE sessions; --",
      "\\",
      "\\\\' OR 1=1 \\\\",
      "%' AND '%' = '",
      "%",
      "_",
      "$1",
      "$$; DROP TABLE items; $$",
      "/**/OR/**/1=1",
      "` OR 1=1 --",
      "' OR 'a'='a' ORDER BY 1 --",
      "\r\n' OR 1=1 --",
      "名称'）；DROP TABLE items；--",
      "＇ OR ＇1＇=＇1",        // full-width apostrophes
      "ʼ OR 1=1 --",            // U+02BC modifier letter apostrophe
      "’ OR ‘1’=‘1",            // typographic quotes
      "é́' OR 'é'='é",           // combining marks
      "🙂' OR '🙂'='🙂",  // four-byte UTF-8
      "湛江' UNION SELECT id_number FROM accounts WHERE '1'='1",
  };
  return payloads;
}

std::string UrlEncode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string Str(const json::value& v) { return std::string(v.as_string()); }

class InjectionTest : public ::testing::Test {
 protected:
  static constexpr const char* kTables[] = {
      "accounts",     "sessions",       "regions", "departments", "items",
      "applications", "hotline_orders", "events",  "idempotency", "chain_head"};

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
                                {"ck-clerk", Role::kWindowClerk, "440802", "440802-scj"},
                                {"zj-agent", Role::kHotlineAgent, "440800", ""},
                                {"zj-supervisor", Role::kHotlineSupervisor, "440800", ""},
                                {"zj-item-reviewer", Role::kBureauManager, "440800", ""}});
      ASSERT_TRUE(staff.has_value()) << staff.error().ToString();
    }
    server_ = std::make_unique<ServerProcess>(ZhengtongBinary(), db_->Url());
    admin_ = FirstStaffLogin(port(), "ck-admin");
    clerk_ = FirstStaffLogin(port(), "ck-clerk");
    agent_ = FirstStaffLogin(port(), "zj-agent");
    supervisor_ = FirstStaffLogin(port(), "zj-supervisor");
    auto rule = Http(port(), "POST", "/api/v1/hotline/routing",
                     R"({"category_prefix": "02", "region_prefix": "4408",
                         "department_id": "440802-scj"})",
                     supervisor_.With({{"Content-Type", "application/json"}}));
    ASSERT_EQ(rule.status, 204) << rule.body;
    citizen_id_ = seed::DemoIdNumber("440802", *ParseDate("1985-06-15"), 321);
    auto registered = Http(port(), "POST", "/api/v1/citizens",
                           json::serialize(json::object{{"id_number", citizen_id_},
                                                        {"name", "陈晓明"},
                                                        {"phone", "13807591234"},
                                                        {"password", kNewPassword}}));
    ASSERT_EQ(registered.status, 201) << registered.body;
    citizen_ = Login(port(), citizen_id_, kNewPassword);
  }

  std::uint16_t port() const { return server_->port(); }

  std::int64_t ChainEntries() {
    auto store = store::OpenStore(db_->Url());
    EXPECT_TRUE(store.has_value());
    if (!store.has_value()) return -1;
    auto report = (*store)->VerifyChain();
    EXPECT_TRUE(report.has_value());
    if (!report.has_value()) return -1;
    EXPECT_TRUE(report->intact) << report->problem;
    return report->entries;
  }

  // The row count of `table`, read without a SELECT the test could get wrong: the database
  // itself compares COUNT(*) with a bound in a CHECK constraint; a binary search finds it.
  // -1 when the table is gone.
  std::int64_t RowCount(const std::string& table) {
    const std::string probe = "zt_inp05_probe";
    // Whether COUNT(*) < bound; nullopt when the probe table cannot be made.
    auto below = [&](std::int64_t bound) -> std::optional<bool> {
      (void)db_->ExecRaw("DROP TABLE IF EXISTS " + probe);
      auto made = db_->ExecRaw("CREATE TABLE " + probe + " (n BIGINT CHECK (n < " +
                               std::to_string(bound) + "))");
      if (!made.has_value()) {
        ADD_FAILURE() << made.error().ToString();
        return std::nullopt;
      }
      bool ok = db_->ExecRaw("INSERT INTO " + probe + " SELECT COUNT(*) FROM " + table).has_value();
      (void)db_->ExecRaw("DROP TABLE IF EXISTS " + probe);
      return ok;
    };
    // A table that is gone fails even against the widest bound.
    constexpr std::int64_t kWidest = std::int64_t{1} << 40;
    if (!below(kWidest).value_or(false)) return -1;
    std::int64_t low = 0, high = 1;  // low <= count < high
    while (high < kWidest && !below(high).value_or(true)) {
      low = high;
      high *= 2;
    }
    while (high - low > 1) {
      std::int64_t mid = (low + high) / 2;
      std::optional<bool> b = below(mid);
      if (!b) return -1;
      (*b ? high : low) = mid;
    }
    return low;
  }

  std::map<std::string, std::int64_t> Counts() {
    std::map<std::string, std::int64_t> out;
    for (const char* t : kTables) out[t] = RowCount(t);
    return out;
  }

  // Every non-2xx body must disclose nothing beyond what the request itself carried (the
  // problem's `instance` echoes the path).
  void ExpectNoLeak(const HttpResult& r, const std::string& payload, const std::string& where) {
    ++requests_;
    EXPECT_GT(r.status, 0) << where;
    EXPECT_LT(r.status, 500) << where << ": " << r.body;
    if (r.status >= 200 && r.status < 300) return;
    std::string body = r.body;
    std::string escaped = json::serialize(json::string(payload));
    escaped = escaped.substr(1, escaped.size() - 2);
    for (const std::string& echo : {payload, escaped, UrlEncode(payload)}) {
      for (std::size_t at; !echo.empty() && (at = body.find(echo)) != std::string::npos;) {
        body.erase(at, echo.size());
      }
    }
    for (const std::string& rule : ScanForLeaks(body)) {
      ADD_FAILURE() << where << " discloses (" << rule << "): " << r.body;
    }
  }

  json::object ItemDraft(const std::string& code, const std::string& name) {
    return json::object{{"code", code},
                        {"name", name},
                        {"type", "licensing"},
                        {"department_id", "440802-scj"},
                        {"region_code", "440802"},
                        {"statutory_limit_wd", 20},
                        {"promised_limit_wd", 5},
                        {"materials", json::array{}}};
  }

  json::object HotlineCall(const std::string& text) {
    return json::object{{"source", "phone"},
                        {"caller_name", "李秀英"},
                        {"caller_phone", "13807591234"},
                        {"matter_type", "complaint"},
                        {"category_code", "0201"},
                        {"region_code", "440802"},
                        {"address", text},
                        {"title", "噪音" + text},
                        {"content", text},
                        {"disposition", "dispatch"}};
  }

  std::unique_ptr<StoreTestDatabase> db_;
  std::unique_ptr<ServerProcess> server_;
  Session admin_, clerk_, agent_, supervisor_, citizen_;
  std::string citizen_id_;
  int requests_ = 0;
};

TEST_F(InjectionTest, PayloadsAreStoredVerbatimAndChangeNothingElse) {
  const Headers json_type = {{"Content-Type", "application/json"}};
  // Controls with harmless values: how many events one acknowledged write of each kind
  // appends, and the published item applications go to.
  std::int64_t before = ChainEntries();
  auto item = Http(port(), "POST", "/api/v1/items",
                   json::serialize(ItemDraft("440802-scj-001", "食品经营许可")), admin_.With());
  ASSERT_EQ(item.status, 201) << item.body;
  const std::int64_t item_events = ChainEntries() - before;
  const std::string item_id = Str(item.Json().at("id"));
  ASSERT_NE(PublishThroughReview(port(), admin_, FirstStaffLogin(port(), "zj-item-reviewer"),
                                 item_id, item.Header("etag")),
            "");

  before = ChainEntries();
  auto application = Http(
      port(), "POST", "/api/v1/applications",
      json::serialize(json::object{{"item_id", item_id}, {"form", json::object{{"说明", "开店"}}}}),
      citizen_.With({{"Idempotency-Key", "control"}}));
  ASSERT_EQ(application.status, 201) << application.body;
  const std::int64_t application_events = ChainEntries() - before;

  before = ChainEntries();
  auto order = Http(port(), "POST", "/api/v1/hotline/orders",
                    json::serialize(HotlineCall("中山二路18号")), agent_.With(json_type));
  ASSERT_EQ(order.status, 201) << order.body;
  const std::int64_t order_events = ChainEntries() - before;
  ASSERT_GT(item_events, 0);
  ASSERT_GT(application_events, 0);
  ASSERT_GT(order_events, 0);

  const std::map<std::string, std::int64_t> counts_before = Counts();
  for (const auto& [table, n] : counts_before) ASSERT_GE(n, 0) << table;

  int items_created = 0, applications_created = 0, orders_created = 0, refused = 0;
  int n = 0;
  for (const std::string& p : Payloads()) {
    SCOPED_TRACE("payload " + std::to_string(n) + ": " + p);
    const std::string tag = std::to_string(100 + n++);

    // Item creation: the payload in the name.
    before = ChainEntries();
    auto created =
        Http(port(), "POST", "/api/v1/items",
             json::serialize(ItemDraft("440802-scj-" + tag, "注入" + tag + p)), admin_.With());
    ExpectNoLeak(created, p, "POST /api/v1/items");
    if (created.status == 201) {
      ++items_created;
      EXPECT_EQ(ChainEntries() - before, item_events);
      std::string id = Str(created.Json().at("id"));
      auto read = Http(port(), "GET", "/api/v1/items/" + id, "", admin_.With());
      ExpectNoLeak(read, p, "GET /api/v1/items/{id}");
      EXPECT_EQ(Str(read.Json().at("name")), "注入" + tag + p);
      // Search for the payload itself: the item is found, as text, not as SQL.
      auto found =
          Http(port(), "GET", "/api/v1/items?limit=200&q=" + UrlEncode(p), "", admin_.With());
      ExpectNoLeak(found, p, "GET /api/v1/items?q=");
      bool seen = false;
      const json::value listed = found.Json();
      for (const auto& i : listed.at("items").as_array()) seen |= Str(i.at("id")) == id;
      EXPECT_TRUE(seen) << found.body;
    } else {
      ++refused;
      EXPECT_EQ(ChainEntries() - before, 1) << created.body;  // its refusal (AUD-01)
    }

    // Application submission: the payload as a form value and as a form key.
    before = ChainEntries();
    auto submitted =
        Http(port(), "POST", "/api/v1/applications",
             json::serialize(json::object{{"item_id", item_id},
                                          {"form", json::object{{"说明", p}, {"k" + p, "值"}}}}),
             citizen_.With({{"Idempotency-Key", "inj-" + tag}}));
    ExpectNoLeak(submitted, p, "POST /api/v1/applications");
    if (submitted.status == 201) {
      ++applications_created;
      EXPECT_EQ(ChainEntries() - before, application_events);
      std::string id = Str(submitted.Json().at("id"));
      auto read = Http(port(), "GET", "/api/v1/applications/" + id, "", citizen_.With());
      ExpectNoLeak(read, p, "GET /api/v1/applications/{id}");
      const json::value stored = read.Json();
      const json::object& form = stored.at("form").as_object();
      EXPECT_EQ(Str(form.at("说明")), p);
      EXPECT_TRUE(form.contains("k" + p)) << read.body;
    } else {
      ++refused;
      EXPECT_EQ(ChainEntries() - before, 1) << submitted.body;  // its refusal (AUD-01)
    }

    // Hotline intake: the payload in the address, title and content.
    before = ChainEntries();
    auto taken = Http(port(), "POST", "/api/v1/hotline/orders", json::serialize(HotlineCall(p)),
                      agent_.With(json_type));
    ExpectNoLeak(taken, p, "POST /api/v1/hotline/orders");
    if (taken.status == 201) {
      ++orders_created;
      EXPECT_EQ(ChainEntries() - before, order_events);
      std::string id = Str(taken.Json().at("id"));
      auto read = Http(port(), "GET", "/api/v1/hotline/orders/" + id, "", supervisor_.With());
      ExpectNoLeak(read, p, "GET /api/v1/hotline/orders/{id}");
      EXPECT_EQ(Str(read.Json().at("content")), p);
      EXPECT_EQ(Str(read.Json().at("address")), p);
      EXPECT_EQ(Str(read.Json().at("title")), "噪音" + p);
    } else {
      ++refused;
      EXPECT_EQ(ChainEntries() - before, 1) << taken.body;  // its refusal (AUD-01)
    }

    // Searches and path ids carrying the payload: answered, never an error of the store.
    before = ChainEntries();
    const std::string q = UrlEncode(p);
    for (const auto& [who, target] : std::vector<std::pair<const Session*, std::string>>{
             {nullptr, "/api/v1/items?q=" + q},
             {&admin_, "/api/v1/applications?q=" + q},
             {&agent_, "/api/v1/hotline/orders?q=" + q},
             {&agent_, "/api/v1/hotline/knowledge?q=" + q},
             {nullptr, "/api/v1/items/" + q},
             {&clerk_, "/api/v1/applications/" + q},
             {&citizen_, "/api/v1/applications/" + q},
             {&agent_, "/api/v1/hotline/orders/" + q}}) {
      auto r = Http(port(), "GET", target, "", who ? who->With() : Headers{});
      ExpectNoLeak(r, p, "GET " + target);
      if (target.find('?') == std::string::npos) {
        EXPECT_TRUE(r.status == 404 || r.status == 400) << target << ": " << r.status;
      }
    }
    // Reads append nothing but the audit of refused path ids (access.denied, one per
    // staff or citizen lookup of a record it cannot see: 3 per payload).
    EXPECT_LE(ChainEntries() - before, 3) << "a read appended events";
  }

  // Nothing else changed: every table is still there, the payload tables grew by exactly
  // the acknowledged creations, no table lost rows, the accounts are the same.
  const std::map<std::string, std::int64_t> counts_after = Counts();
  for (const auto& [table, n] : counts_after) {
    ASSERT_GE(n, 0) << "table " << table << " is gone";
    EXPECT_GE(n, counts_before.at(table)) << table << " lost rows";
  }
  EXPECT_EQ(counts_after.at("items"), counts_before.at("items") + items_created);
  EXPECT_EQ(counts_after.at("applications"),
            counts_before.at("applications") + applications_created);
  EXPECT_EQ(counts_after.at("hotline_orders"), counts_before.at("hotline_orders") + orders_created);
  EXPECT_EQ(counts_after.at("accounts"), counts_before.at("accounts"));
  EXPECT_EQ(counts_after.at("regions"), counts_before.at("regions"));
  EXPECT_EQ(counts_after.at("departments"), counts_before.at("departments"));
  EXPECT_EQ(counts_after.at("chain_head"), counts_before.at("chain_head"));
  for (const char* user : {"ck-admin", "ck-clerk", "zj-agent", "zj-supervisor"}) {
    Login(port(), user, kNewPassword);
  }
  Login(port(), citizen_id_, kNewPassword);
  EXPECT_GT(ChainEntries(), 0);

  std::cout << "[figures] INP-05 payloads (" ZT_TEST_BACKEND "): " << Payloads().size()
            << " payloads, " << requests_ << " requests, " << items_created << "/"
            << Payloads().size() << " items, " << applications_created << " applications, "
            << orders_created << " hotline orders stored verbatim, " << refused
            << " refused by validation, 0 answers 5xx" << std::endl;
}

}  // namespace
}  // namespace zt::testing
