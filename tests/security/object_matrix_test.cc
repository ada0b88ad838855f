// AZ-01 (the record types beyond applications and items), AZ-02 (IDOR sweep) and AZ-03 (mass
// assignment over every write body) against the real binary, one server process per store.
//
//  - Object cells: for the work orders, appointments and export requests of the policy's
//    "matrix" (tests/security/access_policy.json), a record in 赤坎区 (440802-scj, "low") and
//    one in 湛江市 (440800-scj, "high"); every staff role × region relation (same, child,
//    parent, sibling, other), citizens as owner or not, the staff requester of an export as
//    "own", and anonymous. Allowed = 200 with the record; a denial is 403/404 with no byte of
//    the record and exactly one access.denied event on it.
//  - Fresh-record writes (policy "writes"): each cell gets a record made for it alone; the
//    answer must be the declared 200/403 (404 otherwise), and the record, read back by an
//    allowed reader, changed exactly when the cell was allowed.
//  - AZ-02: every object route of the matrix, every actor, with the ids of records it may not
//    see plus adjacent and random ids: the declared answer, and every denial byte-identical
//    (apart from the instance and the request id) to the answer for an unknown id, with the
//    same header names.
//  - AZ-03: every JSON write operation of docs/openapi.json called by a role its column admits
//    with only privileged fields: each is refused as json.unknown_field unless the policy's
//    "mass_assignment" names it as a field the route reads (then its scope is the service's
//    check); valid bodies plus privileged fields on the fixture's write routes are refused
//    and nothing is written.

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "http_session.h"
#include "item_review.h"
#include "server_process.h"
#include "store_test_db.h"
#include "two_districts.h"
#include "zt/seed/seed.h"
#include "zt/store/open.h"

namespace zt::testing {
namespace {

namespace json = boost::json;

constexpr const char* kMatrixKek = "object matrix test key-encryption key, not secret";

json::value ReadJson(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return json::parse(s.str());
}

std::string Str(const json::value& v) { return std::string(v.as_string()); }

std::string Fill(std::string path, const std::string& value) {
  for (std::size_t open; (open = path.find('{')) != std::string::npos;) {
    path.replace(open, path.find('}', open) - open + 1, value);
  }
  return path;
}

std::string PathOf(const std::string& route) { return route.substr(route.find(' ') + 1); }
std::string MethodOf(const std::string& route) { return route.substr(0, route.find(' ')); }

bool Lists(const json::object& allow, const std::string& role, const std::string& relation) {
  const json::value* relations = allow.if_contains(role);
  if (relations == nullptr) return false;
  for (const auto& r : relations->as_array()) {
    if (r.as_string() == relation) return true;
  }
  return false;
}

// The problem document without what differs between any two requests.
std::string Normalised(const std::string& body) {
  json::value v = json::parse(body);
  if (v.is_object()) {
    v.as_object().erase("instance");
    v.as_object().erase("request_id");
  }
  return json::serialize(v);
}

std::set<std::string> HeaderNames(const HttpResult& r) {
  std::set<std::string> out;
  for (const auto& [name, value] : r.headers) {
    if (name != "content-length") out.insert(name);
  }
  return out;
}

struct Actor {
  std::string role;
  std::string relation;              // same, child, parent, sibling, other; own / other
  const Session* session = nullptr;  // null: anonymous
  bool high = false;                 // looks at the "high" record
  char position = 'a';               // staff: where the account sits (a, b, c, d)
};

// The relation of a staff actor at `position` to the low (440802) or high (440800) record.
std::string RelationTo(const Actor& actor, bool high) {
  if (actor.role == "citizen" || actor.role == "anonymous") return actor.relation;
  if (actor.relation == "own" && !high) return "own";
  switch (actor.position) {
    case 'a':
      return high ? "parent" : "same";
    case 'b':
      return high ? "same" : "child";
    case 'c':
      return high ? "parent" : "sibling";
    default:
      return "other";
  }
}

// One record of the world: its id and the strings that must not leak in a denial.
struct Record {
  std::string id;
  std::vector<std::string> secrets;
};

class ObjectMatrixTest : public ::testing::Test {
 protected:
  static constexpr const char* kDepartmentalRoles[] = {"window_clerk", "reviewer",
                                                       "department_admin"};
  static constexpr const char* kRegionalRoles[] = {
      "bureau_manager", "system_admin",       "security_admin",  "audit_admin",
      "hotline_agent",  "hotline_supervisor", "front_desk_clerk"};
  struct Position {
    const char* name;
    const char* region;
    const char* department;
  };
  static constexpr Position kPositions[] = {{"a", "440802", "440802-scj"},
                                            {"b", "440800", "440800-scj"},
                                            {"c", "440803", "440803-scj"},
                                            {"d", "441500", "441500-scj"}};

  struct World {
    std::unique_ptr<StoreTestDatabase> db;
    std::unique_ptr<ServerProcess> server;
    std::map<std::string, Session> staff;                   // by username
    Session owner, stranger;                                // citizens
    std::string owner_id;                                   // the owner's ID number
    std::string item_low, item_high;                        // published items
    std::string window_low, window_high;                    // appointment windows
    int next_day = 0;                                       // fresh slot days handed out so far
    std::map<std::string, std::map<bool, Record>> records;  // object → high → record
    std::set<std::string> owned_by_stranger;                // ids of the stranger's records
  };
  static inline World* world_ = nullptr;

  static std::uint16_t port() { return world_->server->port(); }
  static const Session& S(const std::string& user) { return world_->staff.at(user); }

  static void SetUpTestSuite() {
    world_ = new World;
    auto db = StoreTestDatabase::Create(ZT_TEST_BACKEND);
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    world_->db = std::move(*db);
    std::vector<std::string> usernames;
    {
      auto store = world_->db->Open();
      ASSERT_TRUE(store.has_value());
      ASSERT_TRUE((*store)->Migrate().has_value());
      ASSERT_TRUE(PutTwoDistricts(**store).has_value());
      auto tx = (*store)->Begin();
      ASSERT_TRUE(tx.has_value());
      ASSERT_TRUE((*tx)->PutRegion({"441500", "汕尾市", "440000", "prefecture"}).has_value());
      ASSERT_TRUE(
          (*tx)
              ->PutDepartment({DepartmentId("440800-scj"), "湛江市市场监督管理局", "市场监管局",
                               "440800", seed::GovernmentCreditCode("440800", 3)})
              .has_value());
      ASSERT_TRUE(
          (*tx)
              ->PutDepartment({DepartmentId("441500-scj"), "汕尾市市场监督管理局", "市场监管局",
                               "441500", seed::GovernmentCreditCode("441500", 4)})
              .has_value());
      ASSERT_TRUE((*tx)->Commit().has_value());
      std::vector<StaffSpec> staff;
      std::deque<std::string> names;  // StaffSpec holds pointers into these
      for (const Position& p : kPositions) {
        for (const char* role : kDepartmentalRoles) {
          names.push_back(std::string(role) + "-" + p.name);
          staff.push_back(
              {names.back().c_str(), *accounts::ParseRole(role), p.region, p.department});
        }
        for (const char* role : kRegionalRoles) {
          names.push_back(std::string(role) + "-" + p.name);
          staff.push_back({names.back().c_str(), *accounts::ParseRole(role), p.region, ""});
        }
      }
      // The requesters of the export fixtures (their "own" cells) and the items' reviewer.
      staff.push_back({"exporter-a", accounts::Role::kDepartmentAdmin, "440802", "440802-scj"});
      staff.push_back({"exporter-b", accounts::Role::kDepartmentAdmin, "440800", "440800-scj"});
      staff.push_back({"item-reviewer", accounts::Role::kBureauManager, "440800", ""});
      auto created = CreateStaff(**store, staff);
      ASSERT_TRUE(created.has_value()) << created.error().ToString();
      for (const auto& s : staff) usernames.emplace_back(s.username);
    }
    // Licences are signed under a key the server seals with this KEK (test value, not secret).
    ::setenv("ZT_LICENCE_KEK", kMatrixKek, 1);
    world_->server = std::make_unique<ServerProcess>(ZhengtongBinary(), world_->db->Url());
    for (const std::string& user : usernames) {
      world_->staff.emplace(user, FirstStaffLogin(port(), user));
    }
    world_->owner = Citizen(51, "郑一鸣");
    world_->owner_id = CitizenId(51);
    world_->stranger = Citizen(52, "王二");
    world_->item_low =
        PublishedItem("department_admin-a", "440802-scj", "440802", "440802-scj-501");
    world_->item_high =
        PublishedItem("department_admin-b", "440800-scj", "440800", "440800-scj-501");
    world_->window_low = Window("440802", "440802-scj");
    world_->window_high = Window("440800", "440800-scj");
    for (bool high : {false, true}) {
      world_->records["hotline_order"][high] = NewOrder(high);
      world_->records["appointment"][high] = NewBooking(high, world_->owner);
      world_->records["export"][high] = NewExport(high);
      world_->records["licence"][high] =
          NewLicence(high, "department_admin-" + std::string(high ? "b" : "a"));
      // The stranger's own records: ids an owner may not see (AZ-02).
      Record theirs = NewBooking(high, world_->stranger);
      world_->owned_by_stranger.insert(theirs.id);
    }
  }

  static void TearDownTestSuite() {
    ::unsetenv("ZT_LICENCE_KEK");
    delete world_;
    world_ = nullptr;
  }

  static std::string CitizenId(int n) {
    return seed::DemoIdNumber("440802", *ParseDate("1979-11-02"), n);
  }

  static Session Citizen(int n, const std::string& name) {
    std::string id = CitizenId(n);
    auto r = Http(port(), "POST", "/api/v1/citizens",
                  json::serialize(json::object{{"id_number", id},
                                               {"name", name},
                                               {"phone", "1390759" + std::to_string(3000 + n)},
                                               {"password", kNewPassword}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return Login(port(), id, kNewPassword);
  }

  static std::string PublishedItem(const std::string& admin, const std::string& department,
                                   const std::string& region, const std::string& code) {
    json::object draft{{"code", code},           {"name", "对象矩阵事项" + code},
                       {"type", "licensing"},    {"department_id", department},
                       {"region_code", region},  {"statutory_limit_wd", 20},
                       {"promised_limit_wd", 5}, {"materials", json::array{}}};
    auto created = Http(port(), "POST", "/api/v1/items", json::serialize(draft), S(admin).With());
    EXPECT_EQ(created.status, 201) << created.body;
    std::string id = Str(created.Json().at("id"));
    EXPECT_NE(
        PublishThroughReview(port(), S(admin), S("item-reviewer"), id, created.Header("etag")), "");
    return id;
  }

  // A hall of the region with one window of the department.
  static std::string Window(const std::string& region, const std::string& department) {
    auto hall = Http(port(), "POST", "/api/v1/appointment-halls",
                     json::serialize(json::object{{"name", "政务服务大厅" + region},
                                                  {"region_code", region},
                                                  {"address", "人民大道1号"}}),
                     S("bureau_manager-b").With());
    EXPECT_EQ(hall.status, 201) << hall.body;
    auto window =
        Http(port(), "POST", "/api/v1/appointment-halls/" + Str(hall.Json().at("id")) + "/windows",
             json::serialize(json::object{{"name", "市场监管窗口"}, {"department_id", department}}),
             S("bureau_manager-b").With());
    EXPECT_EQ(window.status, 201) << window.body;
    return Str(window.Json().at("id"));
  }

  // A dispatched work order of the low (440802-scj) or high (440800-scj) department.
  static Record NewOrder(bool high) {
    json::object call{{"source", "phone"},
                      {"caller_name", "矩阵来电人"},
                      {"caller_phone", "13807598765"},
                      {"matter_type", "complaint"},
                      {"category_code", "0201"},
                      {"region_code", high ? "440800" : "440802"},
                      {"address", "矩阵路8号"},
                      {"title", "矩阵测试诉求"},
                      {"content", "夜间施工噪音扰民"},
                      {"disposition", "dispatch"},
                      {"department_id", high ? "440800-scj" : "440802-scj"}};
    auto r = Http(port(), "POST", "/api/v1/hotline/orders", json::serialize(call),
                  S("hotline_agent-b").With());
    EXPECT_EQ(r.status, 201) << r.body;
    return {Str(r.Json().at("id")), {"矩阵来电人", "矩阵测试诉求", "矩阵路8号"}};
  }

  // A booking by `citizen` on a day of its own (a citizen books an item once a day).
  static Record NewBooking(bool high, const Session& citizen) {
    int day = world_->next_day++;
    std::string date = FarDay().AddDays(day).ToString();
    const std::string& window = high ? world_->window_high : world_->window_low;
    auto slots = Http(port(), "POST", "/api/v1/appointment-windows/" + window + "/slots",
                      json::serialize(json::object{{"day", date},
                                                   {"first", "09:00"},
                                                   {"last", "10:00"},
                                                   {"minutes", 30},
                                                   {"capacity", 50}}),
                      S("bureau_manager-b").With());
    EXPECT_EQ(slots.status, 201) << slots.body;
    std::string slot = Str(slots.Json().at("items").at(0).at("id"));
    auto r = Http(port(), "POST", "/api/v1/appointments",
                  json::serialize(json::object{
                      {"slot_id", slot}, {"item_id", high ? world_->item_high : world_->item_low}}),
                  citizen.With());
    EXPECT_EQ(r.status, 201) << r.body;
    return {Str(r.Json().at("id")), {Str(r.Json().at("code")), Str(r.Json().at("applicant_name"))}};
  }

  // A person-held licence of the low or high department, held by the owner citizen, entered
  // through the department's 入库 upload (one type per department).
  static Record NewLicence(bool high, const std::string& admin) {
    std::string code = high ? "AZ01LICENCEHIGH" : "AZ01LICENCELOW";
    json::object type{
        {"code", code},
        {"name", "对象矩阵许可证"},
        {"holder_kind", "person"},
        {"opened", true},
        {"fields", json::array{json::object{{"name", "scope"}, {"label", "许可范围"}}}}};
    auto created =
        Http(port(), "POST", "/api/v1/licence-types", json::serialize(type), S(admin).With());
    EXPECT_EQ(created.status, 201) << created.body;
    std::string csv = "number,holder_name,holder_id,issue_date,valid_until,scope\n" + code +
                      "-1,郑一鸣," + world_->owner_id + ",2024-05-01,,矩阵许可经营范围\n";
    auto entered = Http(port(), "POST", "/api/v1/licence-types/" + code + "/imports", csv,
                        S(admin).With({{"Content-Type", "text/csv"}}));
    EXPECT_EQ(entered.status, 200) << entered.body;
    if (entered.status != 200) return {};
    json::value report = entered.Json();
    EXPECT_EQ(report.at("entered").as_int64(), 1) << entered.body;
    return {Str(report.at("report").at(0).at("licence_id")), {"矩阵许可经营范围", "郑一鸣"}};
  }

  static Record NewExport(bool high) {
    auto r =
        Http(port(), "POST", "/api/v1/exports",
             json::serialize(json::object{{"kind", "applications"},
                                          {"format", "csv"},
                                          {"region_code", high ? "440800" : "440802"},
                                          {"department_id", high ? "440800-scj" : "440802-scj"},
                                          {"reason", "对象矩阵导出理由"}}),
             S(high ? "exporter-b" : "exporter-a").With());
    EXPECT_EQ(r.status, 201) << r.body;
    return {Str(r.Json().at("id")), {"对象矩阵导出理由"}};
  }

  static Record Fresh(const std::string& object, bool high) {
    if (object == "hotline_order") return NewOrder(high);
    if (object == "appointment") return NewBooking(high, world_->owner);
    return NewExport(high);
  }

  // The record as an allowed reader sees it (the bureau manager of the city sees both).
  static json::value ReadBack(const std::string& object, const std::string& id) {
    std::string path = object == "hotline_order" ? "/api/v1/hotline/orders/"
                       : object == "appointment" ? "/api/v1/appointments/"
                                                 : "/api/v1/exports/";
    auto r = Http(port(), "GET", path + id, "", S("bureau_manager-b").With());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.Json() : json::value();
  }

  static int DeniedEvents(const std::string& type, const std::string& id) {
    auto store = store::OpenStore(world_->db->Url());
    EXPECT_TRUE(store.has_value());
    auto uow = (*store)->Begin();
    EXPECT_TRUE(uow.has_value());
    auto events = (*uow)->ListEventsFor(type, id);
    EXPECT_TRUE(events.has_value());
    int n = 0;
    for (const auto& e : *events) n += e.event.action == "access.denied";
    return n;
  }

  // Every actor: ten roles × five relations, the export's requester, citizens, anonymous.
  static std::vector<Actor> Actors(const std::string& object) {
    std::vector<Actor> out;
    std::vector<std::string> roles(std::begin(kDepartmentalRoles), std::end(kDepartmentalRoles));
    roles.insert(roles.end(), std::begin(kRegionalRoles), std::end(kRegionalRoles));
    for (const std::string& role : roles) {
      out.push_back({role, "same", &S(role + "-a"), false, 'a'});
      out.push_back({role, "child", &S(role + "-b"), false, 'b'});
      out.push_back({role, "parent", &S(role + "-a"), true, 'a'});
      out.push_back({role, "sibling", &S(role + "-c"), false, 'c'});
      out.push_back({role, "other", &S(role + "-d"), false, 'd'});
    }
    if (object == "export") {
      out.push_back({"department_admin", "own", &S("exporter-a"), false, 'a'});
    }
    out.push_back({"citizen", "own", &world_->owner, false});
    out.push_back({"citizen", "other", &world_->stranger, false});
    out.push_back({"anonymous", "none", nullptr, false});
    return out;
  }

  static HttpResult Call(const Actor& actor, const std::string& method, const std::string& path,
                         const std::string& body = "", Headers extra = {}) {
    if (actor.session == nullptr) return Http(port(), method, path, body, extra);
    return Http(port(), method, path, body, actor.session->With(std::move(extra)));
  }

  // Slot days a year ahead of the server's (wall) clock: bookable whenever the test runs.
  static Date FarDay() {
    return Date(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) +
                std::chrono::days(365));
  }

  static bool Known(const std::string& object) { return world_->records.contains(object); }
};

TEST_F(ObjectMatrixTest, RecordsOfEveryTypeMatchThePolicyByRoleRegionAndOwnership) {
  ASSERT_NE(world_, nullptr);
  json::value policy = ReadJson(ZT_POLICY_FILE);
  int cells = 0, mismatches = 0, denials = 0, audited = 0, routes = 0;
  for (const auto& [route_key, spec] : policy.at("matrix").as_object()) {
    std::string route(route_key);
    std::string object(spec.at("object").as_string());
    if (!Known(object)) continue;  // applications and items: AccessMatrixTest
    ++routes;
    const json::object& allow = spec.at("allow").as_object();
    for (const Actor& actor : Actors(object)) {
      const Record& record = world_->records[object][actor.high];
      std::string path = Fill(PathOf(route), record.id);
      bool expected = Lists(allow, actor.role, actor.relation);
      int before = actor.session ? DeniedEvents(object, record.id) : 0;
      // A sensitive read by POST (unmasking) carries its body, e.g. the reason.
      std::string body =
          spec.as_object().contains("body") ? json::serialize(spec.at("body")) : std::string();
      auto r = Call(actor, MethodOf(route), path, body);
      ++cells;
      std::string cell = route + " × " + actor.role + " × " + actor.relation;
      bool allowed = r.status == 200;
      if (allowed != expected) {
        ++mismatches;
        ADD_FAILURE() << cell << ": expected " << (expected ? "allow" : "deny") << ", got "
                      << r.status << " " << r.body.substr(0, 200);
        continue;
      }
      if (allowed) {
        // An answer about the record rather than the record (the unmasked caller) need not
        // repeat its id; the policy then names what the answer shows instead.
        const json::value* shows = spec.as_object().if_contains("allowed_shows");
        std::string expected_text = shows ? std::string(shows->as_string()) : record.id;
        EXPECT_NE(r.body.find(expected_text), std::string::npos) << cell << ": " << r.body;
        continue;
      }
      ++denials;
      EXPECT_TRUE(r.status == 403 || r.status == 404 || (!actor.session && r.status == 401))
          << cell << ": " << r.status;
      for (const std::string& secret : record.secrets) {
        EXPECT_EQ(r.body.find(secret), std::string::npos) << cell << " reveals " << secret;
      }
      if (actor.session) {
        int after = DeniedEvents(object, record.id);
        EXPECT_EQ(after - before, 1) << cell << ": a denial must leave one access.denied event";
        audited += after - before == 1;
      }
    }
  }
  std::printf(
      "[figures] AZ-01 object matrix: %d routes, %d cells, %d denials (%d audited), %d "
      "mismatches\n",
      routes, cells, denials, audited, mismatches);
  EXPECT_GE(routes, 3);
  EXPECT_EQ(mismatches, 0);
}

// Each cell writes to a record made for it alone, so an allowed write never changes the record
// another cell is judged on; a denied write must leave the record as it was.
TEST_F(ObjectMatrixTest, WritesOnFreshRecordsMatchThePolicyAndDenialsChangeNothing) {
  ASSERT_NE(world_, nullptr);
  json::value policy = ReadJson(ZT_POLICY_FILE);
  int cells = 0, mismatches = 0, unchanged = 0, denials = 0;
  for (const auto& [route_key, spec] : policy.at("writes").as_object()) {
    std::string route(route_key);
    std::string object(spec.at("object").as_string());
    ASSERT_TRUE(Known(object)) << route;
    std::string body = spec.as_object().contains("body") ? json::serialize(spec.at("body")) : "";
    const json::object& status = spec.at("status").as_object();
    for (const Actor& actor : Actors(object)) {
      if (!actor.session) continue;  // anonymous writes: 401, AccessMatrixTest
      Record record = Fresh(object, actor.high);
      json::value before = ReadBack(object, record.id);
      if (actor.role == "department_admin" && actor.relation == "own") {
        // The export's own requester: the fresh request must be theirs.
        auto mine = Http(port(), "POST", "/api/v1/exports",
                         json::serialize(json::object{{"kind", "applications"},
                                                      {"format", "csv"},
                                                      {"region_code", "440802"},
                                                      {"department_id", "440802-scj"},
                                                      {"reason", "对象矩阵导出理由"}}),
                         actor.session->With());
        ASSERT_EQ(mine.status, 201) << mine.body;
        record.id = Str(mine.Json().at("id"));
        before = ReadBack(object, record.id);
      }
      int expected = 404;
      for (const auto& [code, allow] : status) {
        if (Lists(allow.as_object(), actor.role, actor.relation)) expected = std::stoi(code);
      }
      Headers extra;
      if (before.is_object() && before.as_object().contains("version")) {
        extra.push_back(
            {"If-Match", "\"" + std::to_string(before.at("version").as_int64()) + "\""});
      }
      auto r = Call(actor, "POST", Fill(PathOf(route), record.id), body, extra);
      ++cells;
      std::string cell = route + " × " + actor.role + " × " + actor.relation;
      if (r.status != expected) {
        ++mismatches;
        ADD_FAILURE() << cell << ": expected " << expected << ", got " << r.status << " "
                      << r.body.substr(0, 200);
      }
      json::value after = ReadBack(object, record.id);
      if (r.status == 200) {
        EXPECT_NE(json::serialize(after), json::serialize(before)) << cell << " changed nothing";
        continue;
      }
      ++denials;
      // Nothing changed (an appointment's check-in and an order's reminders carry no clock
      // that moves by itself, so the record reads back byte for byte).
      bool same = json::serialize(after) == json::serialize(before);
      EXPECT_TRUE(same) << cell << ": a denied write changed the record\n"
                        << json::serialize(before) << "\n"
                        << json::serialize(after);
      unchanged += same;
      for (const std::string& secret : record.secrets) {
        EXPECT_EQ(r.body.find(secret), std::string::npos) << cell << " reveals " << secret;
      }
    }
  }
  std::printf(
      "[figures] AZ-01 fresh-record writes: %d cells, %d denials (%d read back unchanged), %d "
      "mismatches\n",
      cells, denials, unchanged, mismatches);
  EXPECT_EQ(mismatches, 0);
}

// AZ-02: ids of records the caller may not see (other people's, other regions'), their
// neighbours (the last character changed) and random ids, through every object route of the
// world. A denial looks exactly like the answer for an id that does not exist.
TEST_F(ObjectMatrixTest, IdorSweepFindsNothingAndDenialsLookLikeUnknownIds) {
  ASSERT_NE(world_, nullptr);
  json::value policy = ReadJson(ZT_POLICY_FILE);
  int random_ids = 200;
  if (const char* n = std::getenv("ZT_AZ02_RANDOM_IDS")) random_ids = std::atoi(n);
  std::mt19937 rng(20261123);
  const std::string alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
  auto neighbour = [&](std::string id, int k) {
    char& c = id.back();
    c = alphabet[(alphabet.find(c) + 1 + k) % alphabet.size()];
    return id;
  };
  int requests = 0, successes_on_foreign = 0, identical = 0, denials = 0;
  std::vector<std::string> object_routes;
  for (const auto& [route_key, spec] : policy.at("matrix").as_object()) {
    std::string object(spec.at("object").as_string());
    if (Known(object)) object_routes.emplace_back(route_key);
  }
  for (const auto& [route_key, spec] : policy.at("writes").as_object()) {
    object_routes.emplace_back(route_key);
  }
  for (const std::string& route : object_routes) {
    std::string object(
        policy.at(policy.at("matrix").as_object().contains(route) ? "matrix" : "writes")
            .at(route)
            .at("object")
            .as_string());
    // Writes and POST reads carry their valid body, so the refusal is the scope's, not the
    // body's.
    std::string body;
    const json::value* spec = policy.at("writes").as_object().if_contains(route);
    if (spec == nullptr) spec = policy.at("matrix").as_object().if_contains(route);
    if (spec->as_object().contains("body")) body = json::serialize(spec->at("body"));
    std::string prefix = world_->records[object][false].id.substr(0, 2);
    for (const Actor& actor : Actors(object)) {
      if (!actor.session) continue;
      // What an unknown id answers this actor (the reference a denial must equal).
      auto unknown = Call(actor, MethodOf(route), Fill(PathOf(route), prefix + "az02unknown"), body,
                          {{"If-Match", "\"1\""}});
      std::vector<std::string> ids;
      const json::value* read = policy.at("matrix").as_object().if_contains(
          "GET " + PathOf(route).substr(0, PathOf(route).find("{id}") + 4));
      for (const auto& [high, record] : world_->records[object]) {
        // Foreign records only: the ones the read matrix denies this actor.
        bool may_read =
            read && Lists(read->at("allow").as_object(), actor.role, RelationTo(actor, high));
        if (!may_read) ids.push_back(record.id);
        ids.push_back(neighbour(record.id, 0));
        ids.push_back(neighbour(record.id, 17));
      }
      if (actor.role == "citizen" && object == "appointment") {
        for (const std::string& id : world_->owned_by_stranger) {
          if (actor.relation == "own") ids.push_back(id);
        }
      }
      for (const std::string& id : ids) {
        auto r =
            Call(actor, MethodOf(route), Fill(PathOf(route), id), body, {{"If-Match", "\"1\""}});
        ++requests;
        std::string cell = route + " × " + actor.role + " × " + actor.relation + " × " + id;
        if (r.status < 300) {
          ++successes_on_foreign;
          ADD_FAILURE() << cell << ": " << r.status << " " << r.body.substr(0, 200);
          continue;
        }
        ++denials;
        bool same = r.status == unknown.status && Normalised(r.body) == Normalised(unknown.body) &&
                    HeaderNames(r) == HeaderNames(unknown);
        identical += same;
        EXPECT_TRUE(same) << cell << " differs from an unknown id's answer:\n"
                          << unknown.status << " " << unknown.body << "\n"
                          << r.status << " " << r.body;
      }
    }
    // Random ids of the record type's shape, by one actor of each kind.
    for (const Actor& actor : Actors(object)) {
      if (!actor.session || actor.relation != "same") continue;
      for (int i = 0; i < random_ids / 10; ++i) {
        std::string id = prefix;
        for (int k = 0; k < 20; ++k) id += alphabet[rng() % alphabet.size()];
        auto r =
            Call(actor, MethodOf(route), Fill(PathOf(route), id), body, {{"If-Match", "\"1\""}});
        ++requests;
        ++denials;
        if (r.status < 300) {
          ++successes_on_foreign;
          ADD_FAILURE() << route << " × " << id << ": " << r.status;
        } else {
          ++identical;  // a random id is an unknown id
        }
      }
    }
  }
  std::printf(
      "[figures] AZ-02 IDOR sweep: %zu object routes, %d requests with foreign, adjacent and "
      "random ids, %d successes, %d denials (%d identical to an unknown id's answer)\n",
      object_routes.size(), requests, successes_on_foreign, denials, identical);
  EXPECT_EQ(successes_on_foreign, 0);
  EXPECT_EQ(identical, denials);
}

// AZ-03: privileged fields in every JSON write body. Bodies are strict (http::JsonObjectReader
// refuses a field the handler does not read), so each privileged field must come back as
// json.unknown_field, unless the policy's "mass_assignment.reads" says the route reads it (a
// hotline intake names its region and department: their scope is the service's check, proven
// by the matrix above). Then valid bodies plus privileged fields on the world's write routes:
// refused and nothing written; and body-less actions with a body: the body is ignored.
TEST_F(ObjectMatrixTest, MassAssignmentIsRefusedOnEveryWriteBody) {
  ASSERT_NE(world_, nullptr);
  json::value policy = ReadJson(ZT_POLICY_FILE);
  json::value doc = ReadJson(ZT_OPENAPI_FILE);
  const json::object& reads = policy.at("mass_assignment").at("reads").as_object();
  const json::object& skipped = policy.at("mass_assignment").at("not_assignments").as_object();
  const json::object tampering{{"id", "az03-id"},
                               {"state", "approved"},
                               {"status", "approved"},
                               {"version", 99},
                               {"department_id", "441500-scj"},
                               {"region_code", "441500"},
                               {"region_id", "441500"},
                               {"created_by", "a_az03"},
                               {"applicant", "a_az03"},
                               {"applicant_account", "a_az03"},
                               {"citizen_account", "a_az03"},
                               {"requested_by", "a_az03"},
                               {"owner_id", "a_az03"},
                               {"role", "system_admin"},
                               {"approved_by", "a_az03"},
                               {"decided_by", "a_az03"},
                               {"handler_id", "a_az03"},
                               {"author_id", "a_az03"}};
  // Who calls a route: a role its column admits (the body is read after the role gate).
  auto caller = [&](const std::string& route) -> const Session* {
    const json::value* column = policy.at("role_columns").as_object().if_contains(route);
    // (A route missing from the policy fails AccessMatrixTest's declaration check.)
    const json::value* rule = policy.at("routes").as_object().if_contains(route);
    if (rule != nullptr && rule->at("access").as_string() == "public") return nullptr;
    if (column == nullptr || column->is_string()) return &S("department_admin-a");
    std::string role(column->as_array().at(0).as_string());
    if (role == "citizen") return &world_->owner;
    return &S(role + "-a");
  };
  int routes = 0, fields_refused = 0, fields_read = 0, bodyless = 0, not_json = 0;
  int not_assignments = 0;
  for (const auto& [path, ops] : doc.at("paths").as_object()) {
    for (const auto& [method_key, op] : ops.as_object()) {
      std::string method(method_key);
      if (method != "post" && method != "put" && method != "patch") continue;
      for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      std::string route = method + " " + std::string(path);
      const json::value* request_body = op.as_object().if_contains("requestBody");
      if (request_body == nullptr) {
        ++bodyless;  // no body to assign through; the actions are checked below
        continue;
      }
      if (!request_body->at("content").as_object().contains("application/json")) {
        ++not_json;  // CSV, XLSX and file uploads: INP-07
        continue;
      }
      if (skipped.contains(route)) {
        ++not_assignments;  // the policy says why (a document to verify; GeoReport fields)
        continue;
      }
      ++routes;
      std::set<std::string> read_fields;
      if (const json::value* listed = reads.if_contains(route)) {
        for (const auto& f : listed->as_array()) read_fields.insert(Str(f));
      }
      const Session* who = caller(route);
      Headers headers{{"Content-Type", "application/json"}, {"If-Match", "\"1\""}};
      std::string target = Fill(std::string(path), "az03-none");
      auto r = who ? Http(port(), method, target, json::serialize(tampering), who->With(headers))
                   : Http(port(), method, target, json::serialize(tampering), headers);
      EXPECT_TRUE(r.status == 400 || r.status == 401 || r.status == 403 || r.status == 404 ||
                  r.status == 422)
          << route << ": " << r.status << " " << r.body.substr(0, 300);
      if (r.status >= 200 && r.status < 300) continue;
      std::set<std::string> unknown;
      if (r.status == 400) {
        json::value problem = r.Json();
        if (const json::value* errors = problem.as_object().if_contains("errors")) {
          for (const auto& e : errors->as_array()) {
            if (e.at("key").as_string() == "json.unknown_field") {
              unknown.insert(Str(e.at("pointer")).substr(1));
            }
          }
        }
      }
      for (const auto& [field, value] : tampering) {
        std::string name(field);
        if (unknown.contains(name)) {
          ++fields_refused;
          EXPECT_FALSE(read_fields.contains(name))
              << route << " refuses " << name << ", which the policy says it reads";
        } else {
          ++fields_read;
          EXPECT_TRUE(read_fields.contains(name))
              << route << " did not refuse the privileged field " << name << " (" << r.status << " "
              << r.body.substr(0, 300) << ")";
        }
      }
    }
  }

  // Valid bodies plus privileged fields: refused whole, nothing written.
  auto count = [&](const std::string& path, const Session& who) {
    auto r = Http(port(), "GET", path, "", who.With());
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return r.status == 200 ? r.Json().at("total_size").as_int64() : -1;
  };
  auto with = [&](json::object body, std::initializer_list<const char*> allowed) {
    for (const auto& [field, value] : tampering) {
      if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return field == a; }) ==
          allowed.end()) {
        body[field] = value;
      }
    }
    return json::serialize(body);
  };
  int valid_bodies = 0, ignored_bodies = 0;
  {
    std::int64_t before = count("/api/v1/hotline/orders", S("hotline_supervisor-b"));
    auto r = Http(port(), "POST", "/api/v1/hotline/orders",
                  with({{"matter_type", "complaint"},
                        {"category_code", "0201"},
                        {"region_code", "440802"},
                        {"department_id", "440802-scj"},
                        {"title", "噪音"},
                        {"content", "噪音"}},
                       {"region_code", "department_id"}),
                  S("hotline_agent-b").With());
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(count("/api/v1/hotline/orders", S("hotline_supervisor-b")), before);
    ++valid_bodies;
  }
  {
    std::int64_t before = count("/api/v1/appointments", world_->owner);
    std::string date = FarDay().AddDays(world_->next_day++).ToString();
    auto slots =
        Http(port(), "POST", "/api/v1/appointment-windows/" + world_->window_low + "/slots",
             json::serialize(json::object{{"day", date},
                                          {"first", "09:00"},
                                          {"last", "10:00"},
                                          {"minutes", 30},
                                          {"capacity", 50}}),
             S("bureau_manager-b").With());
    ASSERT_EQ(slots.status, 201) << slots.body;
    auto r = Http(
        port(), "POST", "/api/v1/appointments",
        with({{"slot_id", slots.Json().at("items").at(0).at("id")}, {"item_id", world_->item_low}},
             {}),
        world_->owner.With());
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(count("/api/v1/appointments", world_->owner), before);
    ++valid_bodies;
  }
  {
    Record order = NewOrder(false);
    json::value before = ReadBack("hotline_order", order.id);
    auto r = Http(port(), "POST", "/api/v1/hotline/orders/" + order.id + "/transitions",
                  with({{"transition", "accept"}}, {"department_id"}),
                  S("window_clerk-a").With({{"If-Match", "\"1\""}}));
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(json::serialize(ReadBack("hotline_order", order.id)), json::serialize(before));
    ++valid_bodies;
  }
  {
    Record request = NewExport(false);
    auto r = Http(port(), "POST", "/api/v1/exports/" + request.id + "/refuse",
                  with({{"reason", "范围过大"}}, {}), S("department_admin-a").With());
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(ReadBack("export", request.id).at("state").as_string(), "pending");
    ++valid_bodies;
  }
  {
    // Open311 GeoReport v2 takes any further key (api_key, attribute[…]) and reads only its
    // named ones: the privileged fields are ignored, and the filed request shows none of them.
    auto rule = Http(port(), "POST", "/api/v1/hotline/routing",
                     R"({"category_prefix": "02", "region_prefix": "4408",
                         "department_id": "440802-scj"})",
                     S("hotline_supervisor-b").With({{"Content-Type", "application/json"}}));
    ASSERT_EQ(rule.status, 204) << rule.body;
    json::object report = tampering;
    report["service_code"] = "0201";
    report["jurisdiction_id"] = "440802";
    report["description"] = "路灯不亮，晚上看不清";
    auto r = Http(port(), "POST", "/open311/v2/requests.json", json::serialize(report),
                  {{"Content-Type", "application/json"}});
    ASSERT_EQ(r.status, 201) << r.body;
    std::string number = Str(r.Json().at(0).at("service_request_id"));
    auto listed = Http(port(), "GET", "/api/v1/hotline/orders?page_size=100", "",
                       S("hotline_supervisor-b").With());
    ASSERT_EQ(listed.status, 200) << listed.body;
    std::string id;
    json::value orders = listed.Json();
    for (const auto& o : orders.at("items").as_array()) {
      if (o.at("number").as_string() == number) id = Str(o.at("id"));
    }
    ASSERT_NE(id, "") << number << " not among the orders";
    auto filed =
        Http(port(), "GET", "/api/v1/hotline/orders/" + id, "", S("hotline_supervisor-b").With());
    ASSERT_EQ(filed.status, 200) << filed.body;
    json::value order = filed.Json();
    EXPECT_EQ(order.at("region_code").as_string(), "440802") << filed.body;
    EXPECT_NE(order.at("state").as_string(), "approved");
    EXPECT_EQ(order.at("version").as_int64(), 1);
    EXPECT_NE(order.at("id").as_string(), "az03-id");
    EXPECT_EQ(order.at("department_id").as_string(), "440802-scj");
    EXPECT_EQ(filed.body.find("a_az03"), std::string::npos) << filed.body;
    ++ignored_bodies;
  }
  // Actions without a body ignore one: the effect is the action's, by the caller, nothing else.
  int actions = 0, actions_ignoring = 0;
  {
    Record request = NewExport(false);
    json::value before = ReadBack("export", request.id);
    auto r = Http(port(), "POST", "/api/v1/exports/" + request.id + "/approve",
                  json::serialize(tampering), S("department_admin-a").With());
    ASSERT_TRUE(r.status == 200 || r.status == 400) << r.body;
    json::value after = ReadBack("export", request.id);
    if (r.status == 200) {
      ++actions_ignoring;
      EXPECT_EQ(after.at("state").as_string(), "approved");
      EXPECT_NE(after.at("decided_by").as_string(), "a_az03");
      EXPECT_EQ(after.at("requested_by"), before.at("requested_by"));
      EXPECT_EQ(after.at("region_code"), before.at("region_code"));
      EXPECT_EQ(after.at("department_id"), before.at("department_id"));
    } else {
      EXPECT_EQ(json::serialize(after), json::serialize(before));
    }
    ++actions;
  }
  {
    Record booking = NewBooking(false, world_->owner);
    json::value before = ReadBack("appointment", booking.id);
    auto r = Http(port(), "POST", "/api/v1/appointments/" + booking.id + "/cancel",
                  json::serialize(tampering), world_->owner.With({{"If-Match", "\"1\""}}));
    ASSERT_TRUE(r.status == 200 || r.status == 400) << r.body;
    json::value after = ReadBack("appointment", booking.id);
    if (r.status == 200) {
      ++actions_ignoring;
      EXPECT_EQ(after.at("status").as_string(), "cancelled");
      EXPECT_EQ(after.at("version").as_int64(), 2);
      EXPECT_EQ(after.at("region_code"), before.at("region_code"));
      EXPECT_EQ(after.at("department_id"), before.at("department_id"));
      EXPECT_EQ(after.at("id"), before.at("id"));
    } else {
      EXPECT_EQ(json::serialize(after), json::serialize(before));
    }
    ++actions;
  }
  std::printf(
      "[figures] AZ-03 mass assignment: %d JSON write operations × %zu privileged fields: %d "
      "refused as unknown fields, %d read by the route as declared (scope-checked); %d "
      "body-less, %d non-JSON and %d declared non-assignment operations skipped; valid bodies "
      "plus privileged fields: %d refused with nothing written, %d (Open311) filed with none "
      "of them; %d body-less actions sent a privileged body (%d ignored it and did only their "
      "own change)\n",
      routes, tampering.size(), fields_refused, fields_read, bodyless, not_json, not_assignments,
      valid_bodies, ignored_bodies, actions, actions_ignoring);
}

}  // namespace
}  // namespace zt::testing
