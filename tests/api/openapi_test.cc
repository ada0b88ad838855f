// Keeps docs/openapi.json (served as /api/v1/openapi.json) true to the code:
//   - it parses, is OpenAPI 3.1.0, stays under the embedding size limit;
//   - its operations are exactly the routes zt::api::Api registers (both directions);
//   - every $ref resolves, schemas use only keywords that also mean the same in draft-07;
//   - every operation has a unique operationId, a 2xx response and problem+json errors;
//   - probing every route through the real router (anonymous, as a citizen without and
//     with the CSRF token) yields only documented statuses, with the documented headers,
//     401 exactly where the security requirement has no anonymous alternative, 403 auth.csrf
//     exactly where csrfToken is required, 428 where If-Match is documented, and 400
//     json.unknown_field for request bodies documented with additionalProperties: false.
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "zt/api/api.h"
#include "zt/calendar/calendar.h"
#include "zt/core/id_number.h"
#include "zt/core/time.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/http/router.h"
#include "zt/store/open.h"

namespace zt::api {
namespace {

namespace json = boost::json;

// The document is embedded as a byte array (src/api/CMakeLists.txt), so no string-literal
// limit applies; this only catches a runaway document.
constexpr std::size_t kMaxDocumentBytes = 1024 * 1024;
constexpr const char* kPassword = "correct horse battery";
const std::set<std::string> kHttpMethods = {"get",     "put",  "post",  "delete",
                                            "options", "head", "patch", "trace"};

const json::value& Document() {
  static const json::value doc = json::parse(OpenApiDocument());
  return doc;
}

// Resolves a local JSON Pointer reference ("#/components/schemas/Item"); nullptr if it
// does not resolve.
const json::value* ResolvePointer(const json::value& root, const std::string& ref) {
  if (ref == "#") return &root;
  if (!ref.starts_with("#/")) return nullptr;
  const json::value* at = &root;
  std::string rest = ref.substr(2);
  while (true) {
    std::size_t slash = rest.find('/');
    std::string token = rest.substr(0, slash);
    std::string name;
    for (std::size_t i = 0; i < token.size(); ++i) {
      if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
        name.push_back(token[i + 1] == '0' ? '~' : '/');
        ++i;
      } else {
        name.push_back(token[i]);
      }
    }
    if (at->is_object()) {
      const json::value* next = at->as_object().if_contains(name);
      if (next == nullptr) return nullptr;
      at = next;
    } else if (at->is_array()) {
      std::size_t index = 0;
      try {
        index = std::stoul(name);
      } catch (...) {
        return nullptr;
      }
      if (index >= at->as_array().size()) return nullptr;
      at = &at->as_array()[index];
    } else {
      return nullptr;
    }
    if (slash == std::string::npos) return at;
    rest = rest.substr(slash + 1);
  }
}

// Follows $ref (repeatedly) from `v`; returns `v` itself when it is no reference.
const json::value& Deref(const json::value& v) {
  const json::value* at = &v;
  for (int i = 0; i < 16 && at->is_object(); ++i) {
    const json::value* ref = at->as_object().if_contains("$ref");
    if (ref == nullptr || !ref->is_string()) break;
    const json::value* next = ResolvePointer(Document(), std::string(ref->as_string()));
    if (next == nullptr) break;
    at = next;
  }
  return *at;
}

std::string Str(const json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : std::string();
}

struct Operation {
  std::string method;  // upper case, as the router spells it
  std::string path;
  const json::object* op = nullptr;
  std::string Name() const { return method + " " + path; }
  std::string Id() const { return Str(op->at("operationId")); }
};

std::vector<Operation> Operations() {
  std::vector<Operation> out;
  const json::object* paths = Document().as_object().if_contains("paths")->if_object();
  if (paths == nullptr) return out;
  for (const auto& [path, item] : *paths) {
    if (!item.is_object()) continue;
    for (const auto& [method, op] : item.as_object()) {
      if (!kHttpMethods.contains(std::string(method)) || !op.is_object()) continue;
      std::string upper(method);
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      out.push_back({upper, std::string(path), &op.as_object()});
    }
  }
  return out;
}

// The operation's parameters, $refs resolved (operation-level and path-item-level).
std::vector<const json::object*> ParametersOf(const Operation& o) {
  std::vector<const json::object*> out;
  auto add = [&](const json::value* list) {
    if (list == nullptr || !list->is_array()) return;
    for (const auto& p : list->as_array()) {
      const json::value& r = Deref(p);
      if (r.is_object()) out.push_back(&r.as_object());
    }
  };
  add(Document().at("paths").at(o.path).as_object().if_contains("parameters"));
  add(o.op->if_contains("parameters"));
  return out;
}

bool HasHeaderParameter(const Operation& o, std::string_view name) {
  for (const json::object* p : ParametersOf(o)) {
    if (Str(p->at("in")) == "header" && Str(p->at("name")) == name) return true;
  }
  return false;
}

// The effective security alternatives of an operation.
const json::array& SecurityOf(const Operation& o) {
  static const json::array kNone;
  if (const json::value* s = o.op->if_contains("security"); s && s->is_array())
    return s->as_array();
  if (const json::value* s = Document().as_object().if_contains("security"); s && s->is_array()) {
    return s->as_array();
  }
  return kNone;
}

bool AllowsAnonymous(const Operation& o) {
  const json::array& alternatives = SecurityOf(o);
  if (alternatives.empty()) return true;
  for (const auto& a : alternatives) {
    if (a.is_object() && a.as_object().empty()) return true;
  }
  return false;
}

// True when every alternative that uses the session cookie also requires the CSRF header,
// and at least one does.
bool RequiresCsrfWithSession(const Operation& o) {
  bool any = false;
  for (const auto& a : SecurityOf(o)) {
    if (!a.is_object() || !a.as_object().contains("cookieAuth")) continue;
    if (!a.as_object().contains("csrfToken")) return false;
    any = true;
  }
  return any;
}

bool IsProblemResponse(const json::value& response) {
  const json::value& r = Deref(response);
  if (!r.is_object()) return false;
  const json::value* content = r.as_object().if_contains("content");
  if (content == nullptr || !content->is_object()) return false;
  const json::value* media = content->as_object().if_contains("application/problem+json");
  if (media == nullptr || !media->is_object()) return false;
  const json::value* schema = media->as_object().if_contains("schema");
  if (schema == nullptr || !schema->is_object()) return false;
  const json::value* ref = schema->as_object().if_contains("$ref");
  return ref != nullptr && Str(*ref) == "#/components/schemas/Problem";
}

TEST(OpenApiDocumentTest, ParsesAsOpenApi31) {
  boost::system::error_code ec;
  json::value doc = json::parse(OpenApiDocument(), ec);
  ASSERT_FALSE(ec) << "docs/openapi.json is not JSON: " << ec.message();
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(Str(doc.at("openapi")), "3.1.0");
  EXPECT_EQ(Str(doc.at("info").at("version")), "0.1.0");
  EXPECT_FALSE(Str(doc.at("info").at("title")).empty());
  EXPECT_TRUE(doc.at("paths").is_object());
  EXPECT_LT(OpenApiDocument().size(), kMaxDocumentBytes) << "keep the document small";
  EXPECT_EQ(OpenApiDocument().find(")zt_openapi\""), std::string::npos);
}

TEST(OpenApiDocumentTest, EveryRefResolves) {
  std::vector<std::string> broken;
  std::size_t count = 0;
  std::function<void(const json::value&, const std::string&)> walk = [&](const json::value& v,
                                                                         const std::string& where) {
    if (v.is_object()) {
      for (const auto& [k, child] : v.as_object()) {
        if (k == "$ref") {
          ++count;
          std::string ref = Str(child);
          if (ResolvePointer(Document(), ref) == nullptr) broken.push_back(where + ": " + ref);
        } else {
          walk(child, where + "/" + std::string(k));
        }
      }
    } else if (v.is_array()) {
      for (std::size_t i = 0; i < v.as_array().size(); ++i)
        walk(v.as_array()[i], where + "/" + std::to_string(i));
    }
  };
  walk(Document(), "");
  EXPECT_GT(count, 0u);
  EXPECT_TRUE(broken.empty()) << "unresolved $ref:\n"
                              << [&] {
                                   std::string s;
                                   for (const auto& b : broken) s += "  " + b + "\n";
                                   return s;
                                 }();
}

// Schemas are written in the part of JSON Schema 2020-12 that reads the same as draft-07.
TEST(OpenApiDocumentTest, SchemasUseTheDraft07CompatibleSubset) {
  const std::set<std::string> kNotInDraft07 = {"prefixItems",
                                               "$defs",
                                               "dependentRequired",
                                               "dependentSchemas",
                                               "unevaluatedProperties",
                                               "unevaluatedItems",
                                               "minContains",
                                               "maxContains",
                                               "$anchor",
                                               "$dynamicRef",
                                               "$dynamicAnchor"};
  std::vector<std::string> found;
  std::function<void(const json::value&, const std::string&)> walk = [&](const json::value& v,
                                                                         const std::string& where) {
    if (v.is_object()) {
      for (const auto& [k, child] : v.as_object()) {
        if (kNotInDraft07.contains(std::string(k))) found.push_back(where + "/" + std::string(k));
        walk(child, where + "/" + std::string(k));
      }
    } else if (v.is_array()) {
      for (const auto& child : v.as_array()) walk(child, where);
    }
  };
  walk(Document().at("components").at("schemas"), "#/components/schemas");
  for (const Operation& o : Operations()) walk(json::value(*o.op), o.Name());
  EXPECT_TRUE(found.empty()) << "keywords outside the draft-07 subset: " << found.size()
                             << ", first " << (found.empty() ? "" : found.front());
}

TEST(OpenApiDocumentTest, OperationsAreComplete) {
  std::set<std::string> ids;
  for (const Operation& o : Operations()) {
    SCOPED_TRACE(o.Name());
    const json::value* id = o.op->if_contains("operationId");
    ASSERT_TRUE(id && id->is_string() && !id->as_string().empty()) << "no operationId";
    EXPECT_TRUE(ids.insert(Str(*id)).second) << "duplicate operationId " << Str(*id);
    EXPECT_FALSE(Str(o.op->contains("summary") ? o.op->at("summary") : "").empty()) << "no summary";
    EXPECT_FALSE(Str(o.op->contains("description") ? o.op->at("description") : "").empty())
        << "no description";
    const json::value* responses = o.op->if_contains("responses");
    ASSERT_TRUE(responses && responses->is_object());
    bool success = false, failure = false;
    for (const auto& [code, response] : responses->as_object()) {
      std::string c(code);
      if (c.size() == 3 && c[0] == '2') success = true;
      if (c == "default" || c[0] == '4' || c[0] == '5') {
        EXPECT_TRUE(IsProblemResponse(response)) << c << " is not application/problem+json Problem";
        if (c != "default") failure = true;
      }
      EXPECT_TRUE(Deref(response).is_object() &&
                  Deref(response).as_object().contains("description"))
          << c << " has no description";
    }
    EXPECT_TRUE(success) << "no 2xx response";
    // Only the liveness probe cannot fail; everything else documents how it fails.
    if (o.Id() != "getHealth") {
      EXPECT_TRUE(failure) << "no 4xx/5xx problem response";
    }
    // Path parameters: every {name} documented as a required path parameter, and no others.
    std::set<std::string> in_path, documented;
    for (std::size_t open = o.path.find('{'); open != std::string::npos;
         open = o.path.find('{', open + 1)) {
      in_path.insert(o.path.substr(open + 1, o.path.find('}', open) - open - 1));
    }
    for (const json::object* p : ParametersOf(o)) {
      if (Str(p->at("in")) != "path") continue;
      documented.insert(Str(p->at("name")));
      EXPECT_TRUE(p->contains("required") && p->at("required").is_bool() &&
                  p->at("required").as_bool());
    }
    EXPECT_EQ(in_path, documented) << "path parameters";
    // A request body is JSON and, where the handler refuses unknown fields, closed.
    if (const json::value* body = o.op->if_contains("requestBody")) {
      const json::value& b = Deref(*body);
      ASSERT_TRUE(b.is_object() && b.as_object().contains("content"));
      // JSON, except the CSV and XLSX imports (importItems, importItemsXlsx), which take the
      // spreadsheet file, and the material upload (uploadMaterial), which takes the file's raw
      // bytes.
      EXPECT_TRUE(b.at("content").as_object().contains("application/json") ||
                  (o.Id() == "importItems" && b.at("content").as_object().contains("text/csv")) ||
                  (o.Id() == "importItemsXlsx" &&
                   b.at("content").as_object().contains(
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")) ||
                  (o.Id() == "uploadMaterial" &&
                   b.at("content").as_object().contains("application/octet-stream")));
    }
  }
  EXPECT_FALSE(ids.empty());
}

// ---------------------------------------------------------------------------------------
// Against the real routes and handlers.

class OpenApiRoutesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                     ("zt_openapi_test_" + std::to_string(::getpid())));
    std::filesystem::remove_all(*dir_);
    auto store = store::OpenSqliteStore((*dir_ / "zt.db").string());
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    auto migrated = (*store)->Migrate();
    ASSERT_TRUE(migrated.has_value()) << migrated.error().ToString();
    store_ = store->release();
    crypto_ = new crypto::OpenSslCrypto();
    clock_ = new SimulatedClock(*ParseInstant("2025-09-30T10:00:00+08:00"));
    api_ = new Api(*store_, *crypto_, *clock_, calendar::WorkingCalendar::China());
    router_ = new http::Router();
    api_->Register(*router_);
  }
  static void TearDownTestSuite() {
    delete router_;
    delete api_;
    delete clock_;
    delete crypto_;
    delete store_;
    std::error_code ec;
    std::filesystem::remove_all(*dir_, ec);
    delete dir_;
  }

  struct Call {
    std::string cookie;  // zt_session value, or empty
    std::string csrf;    // X-CSRF-Token, or empty
    std::string body;    // sent when the operation documents a request body
    bool with_if_match = false;
  };

  static http::Response Send(const Operation& o, const Call& call) {
    http::Request req;
    req.set_method(o.method);
    std::string path = o.path;
    for (std::size_t open; (open = path.find('{')) != std::string::npos;) {
      path.replace(open, path.find('}', open) - open + 1, "x_missing");
    }
    req.set_target(path);
    req.set_request_id("openapi-test");
    if (!call.cookie.empty())
      req.add_header("Cookie", std::string(kSessionCookie) + "=" + call.cookie);
    if (!call.csrf.empty()) req.add_header("X-CSRF-Token", call.csrf);
    if (call.with_if_match) req.add_header("If-Match", "\"1\"");
    if (o.op->contains("requestBody")) {
      req.add_header("Content-Type", "application/json");
      req.set_body(call.body);
    }
    return router_->Handle(req);
  }

  static std::string KeyOf(const http::Response& res) {
    boost::system::error_code ec;
    json::value body = json::parse(res.body(), ec);
    if (ec || !body.is_object() || !body.as_object().contains("key")) return "";
    return Str(body.at("key"));
  }

  // The response's status is documented for the operation, with its content type and headers.
  static void ExpectDocumented(const Operation& o, const http::Response& res,
                               const std::string& persona) {
    SCOPED_TRACE(persona + ": " + o.Name() + " -> " + std::to_string(res.status()) + " " +
                 KeyOf(res));
    const json::object& responses = o.op->at("responses").as_object();
    const json::value* documented = responses.if_contains(std::to_string(res.status()));
    ASSERT_NE(documented, nullptr) << "status not documented: " << res.body();
    const json::value& r = Deref(*documented);
    if (res.status() >= 400) {
      EXPECT_EQ(res.content_type(), "application/problem+json");
      EXPECT_TRUE(IsProblemResponse(*documented));
      return;
    }
    if (const json::value* content = r.as_object().if_contains("content")) {
      EXPECT_TRUE(content->as_object().contains(res.content_type()))
          << "content type " << res.content_type() << " not documented";
    } else {
      EXPECT_TRUE(res.body().empty()) << "undocumented body";
    }
    if (const json::value* headers = r.as_object().if_contains("headers")) {
      for (const auto& [name, h] : headers->as_object()) {
        EXPECT_TRUE(res.header(name).has_value())
            << "documented header " << std::string(name) << " missing";
      }
    }
  }

  static const Operation& Find(std::string_view operation_id) {
    static const std::vector<Operation> ops = Operations();
    for (const Operation& o : ops) {
      if (o.Id() == operation_id) return o;
    }
    throw std::runtime_error("no operation " + std::string(operation_id));
  }

  // Registers a citizen and logs in through the documented operations.
  static void LogInCitizen(std::string& cookie, std::string& csrf) {
    std::string first17 = "44080219900101123";
    std::string id_number = first17 + *IdNumberCheckChar(first17);
    json::object reg{{"id_number", id_number},
                     {"name", "张三"},
                     {"phone", "13812345678"},
                     {"password", kPassword}};
    http::Response registered = Send(Find("registerCitizen"), {.body = json::serialize(reg)});
    ASSERT_EQ(registered.status(), 201) << registered.body();
    ExpectDocumented(Find("registerCitizen"), registered, "anonymous");
    json::object login{{"username", id_number}, {"password", kPassword}};
    http::Response res = Send(Find("login"), {.body = json::serialize(login)});
    ASSERT_EQ(res.status(), 200) << res.body();
    ExpectDocumented(Find("login"), res, "anonymous");
    std::string set_cookie(res.header("Set-Cookie").value_or(""));
    std::string prefix = std::string(kSessionCookie) + "=";
    ASSERT_TRUE(set_cookie.starts_with(prefix)) << set_cookie;
    cookie = set_cookie.substr(prefix.size(), set_cookie.find(';') - prefix.size());
    csrf = Str(json::parse(res.body()).at("csrf_token"));
    ASSERT_FALSE(cookie.empty());
    ASSERT_FALSE(csrf.empty());
  }

  static std::filesystem::path* dir_;
  static service::Store* store_;
  static crypto::OpenSslCrypto* crypto_;
  static SimulatedClock* clock_;
  static Api* api_;
  static http::Router* router_;
};

std::filesystem::path* OpenApiRoutesTest::dir_ = nullptr;
service::Store* OpenApiRoutesTest::store_ = nullptr;
crypto::OpenSslCrypto* OpenApiRoutesTest::crypto_ = nullptr;
SimulatedClock* OpenApiRoutesTest::clock_ = nullptr;
Api* OpenApiRoutesTest::api_ = nullptr;
http::Router* OpenApiRoutesTest::router_ = nullptr;

TEST_F(OpenApiRoutesTest, DocumentedOperationsAreExactlyTheRegisteredRoutes) {
  std::set<std::string> registered, documented;
  for (const auto& r : router_->routes()) registered.insert(r.method + " " + r.pattern);
  for (const Operation& o : Operations()) documented.insert(o.Name());
  std::string undocumented, unregistered;
  for (const auto& r : registered) {
    if (!documented.contains(r)) undocumented += "  " + r + "\n";
  }
  for (const auto& d : documented) {
    if (!registered.contains(d)) unregistered += "  " + d + "\n";
  }
  EXPECT_TRUE(undocumented.empty()) << "routes missing from docs/openapi.json:\n" << undocumented;
  EXPECT_TRUE(unregistered.empty()) << "documented operations with no route:\n" << unregistered;
  EXPECT_FALSE(registered.empty());
}

TEST_F(OpenApiRoutesTest, ServesTheEmbeddedDocument) {
  http::Response res = Send(Find("getOpenApi"), {});
  EXPECT_EQ(res.status(), 200);
  EXPECT_EQ(res.content_type(), "application/json");
  EXPECT_EQ(res.body(), OpenApiDocument());
}

// GET /api/v1/calendar/deadline with bad query parameters must answer the documented 400
// (with one FieldError per bad parameter), not crash the process.
TEST_F(OpenApiRoutesTest, DeadlineWithBadQueryIsA400) {
  const Operation& o = Find("getDeadline");
  for (const char* target :
       {"/api/v1/calendar/deadline", "/api/v1/calendar/deadline?start=2025-13-01&days=3",
        "/api/v1/calendar/deadline?start=2025-09-30&days=-1&kind=lunar"}) {
    SCOPED_TRACE(target);
    http::Request req;
    req.set_method("GET");
    req.set_target(target);
    http::Response res = router_->Handle(req);
    EXPECT_EQ(res.status(), 400) << res.body();
    ExpectDocumented(o, res, "anonymous");
  }
}

TEST_F(OpenApiRoutesTest, AnonymousCallsGetDocumentedAnswers) {
  for (const Operation& o : Operations()) {
    http::Response res = Send(o, {.body = "{}"});
    ExpectDocumented(o, res, "anonymous");
    // 401 exactly where the security requirement has no anonymous alternative.
    if (AllowsAnonymous(o)) {
      EXPECT_NE(res.status(), 401) << o.Name() << " is documented as open to anonymous callers";
    } else {
      EXPECT_EQ(res.status(), 401) << o.Name() << " is documented as needing a session";
      EXPECT_EQ(KeyOf(res), "auth.login_required") << o.Name();
    }
  }
}

TEST_F(OpenApiRoutesTest, CitizenCallsGetDocumentedAnswers) {
  std::string cookie, csrf;
  ASSERT_NO_FATAL_FAILURE(LogInCitizen(cookie, csrf));
  const Operation& logout = Find("logout");
  for (const Operation& o : Operations()) {
    SCOPED_TRACE(o.Name());
    // Without the CSRF token: 403 auth.csrf exactly where csrfToken is documented.
    http::Response no_csrf = Send(o, {.cookie = cookie, .body = "{}"});
    ExpectDocumented(o, no_csrf, "citizen without X-CSRF-Token");
    if (RequiresCsrfWithSession(o)) {
      EXPECT_EQ(KeyOf(no_csrf), "auth.csrf");
    } else {
      EXPECT_NE(KeyOf(no_csrf), "auth.csrf") << "csrfToken is not documented for this operation";
    }
    if (o.Name() == logout.Name()) continue;  // logged out below, last
    Call call{.cookie = cookie, .csrf = csrf, .body = "{}"};
    ExpectDocumented(o, Send(o, call), "citizen");
    // If-Match is enforced where documented: without it, 428.
    if (HasHeaderParameter(o, "If-Match")) {
      call.body = R"({"transition": "accept"})";
      http::Response res = Send(o, call);
      EXPECT_EQ(res.status(), 428) << res.body();
      EXPECT_EQ(KeyOf(res), "version.if_match_required");
      ExpectDocumented(o, res, "citizen without If-Match");
    }
    // Request bodies documented as closed refuse unknown members.
    if (const json::value* body = o.op->if_contains("requestBody");
        body != nullptr && Deref(*body).at("content").as_object().contains("application/json")) {
      const json::value& schema =
          Deref(Deref(*body).at("content").at("application/json").at("schema"));
      const json::value* extra = schema.as_object().if_contains("additionalProperties");
      const bool closed = extra && extra->is_bool() && !extra->as_bool();
      call.body = R"({"zz_unknown": 1})";
      http::Response res = Send(o, call);
      ExpectDocumented(o, res, "citizen, unknown field");
      bool refused = false;
      if (res.status() == 400) {
        const json::value problem = json::parse(res.body());
        for (const auto& e : problem.at("errors").as_array()) {
          refused = refused || (Str(e.at("pointer")) == "/zz_unknown" &&
                                Str(e.at("key")) == "json.unknown_field");
        }
      }
      EXPECT_EQ(refused, closed)
          << "additionalProperties: false must be documented exactly where the "
             "handler refuses unknown fields; got "
          << res.body();
    }
  }
  http::Response out = Send(logout, {.cookie = cookie, .csrf = csrf});
  EXPECT_EQ(out.status(), 204);
  ExpectDocumented(logout, out, "citizen");
  // The session is gone: the same cookie is now anonymous.
  http::Response after = Send(Find("getSession"), {.cookie = cookie});
  EXPECT_EQ(after.status(), 401);
}

}  // namespace
}  // namespace zt::api
