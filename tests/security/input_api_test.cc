// Bad input against the real binary, on SQLite and PostgreSQL (RELIABILITY.md):
//  - INP-02: JSON edge cases (nesting 10,000 deep, a 10 MiB body, duplicate keys, invalid and
//    overlong UTF-8, lone surrogates, NUL, 1e400, -0, 2^64, a BOM, wrong or no Content-Type) each
//    answered 400, 413 or 415 with its stable key, nothing stored, no 5xx, nothing disclosed,
//    and the server's resident memory growing by at most 256 MiB;
//  - INP-03/04: the generated ID-number, mobile and credit-code sets (input_sets.h) through
//    the API's field errors: every malformed value a 400 naming its field, every valid one
//    free of an error on its field, the standard example stored with an uppercase X;
//  - INP-07: uploads decided by their bytes, a zip bomb refused without being inflated
//    (the peak resident memory stays put), traversal and NUL file names kept harmless.
#include <filesystem>
#include <fstream>
#include <map>

#include <gtest/gtest.h>
#include <zlib.h>

#include "http_session.h"
#include "input_sets.h"
#include "item_review.h"
#include "leak_scan.h"
#include "server_process.h"
#include "store_test_db.h"
#include "two_districts.h"

namespace zt::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

// A field of /proc/<pid>/status in KiB (VmRSS, VmHWM); -1 when unreadable.
std::int64_t ProcStatusKib(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(field + ":")) return std::stoll(line.substr(field.size() + 1));
  }
  return -1;
}

std::string Key(const HttpResult& r) {
  if (r.body.empty() || r.body[0] != '{') return "";
  json::value v = r.Json();
  return v.is_object() && v.as_object().contains("key") ? std::string(v.at("key").as_string())
                                                        : std::string();
}

// The pointers of a problem's field errors.
std::vector<std::string> Pointers(const HttpResult& r) {
  std::vector<std::string> out;
  if (r.body.empty() || r.body[0] != '{') return out;
  json::value v = r.Json();
  if (!v.is_object() || !v.as_object().contains("errors")) return out;
  for (const auto& e : v.at("errors").as_array()) {
    out.emplace_back(e.at("pointer").as_string());
  }
  return out;
}

// Whether a problem carries a field error with `key` (and `pointer`, unless empty).
bool HasFieldError(const HttpResult& r, const std::string& key, const std::string& pointer) {
  if (r.body.empty() || r.body[0] != '{') return false;
  json::value v = r.Json();
  if (!v.is_object() || !v.as_object().contains("errors")) return false;
  for (const auto& e : v.at("errors").as_array()) {
    if (e.at("key").as_string() == key &&
        (pointer.empty() || e.at("pointer").as_string() == pointer)) {
      return true;
    }
  }
  return false;
}

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// A zip with one deflated entry of `inflated` zero bytes (made in pieces, never held whole)
// and the small parts an XLSX needs: the classic zip bomb.
std::string DeflateBombXlsx(std::size_t inflated) {
  std::string deflated;
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY), Z_OK);
  std::string zeros(1 << 20, '\0');
  std::vector<unsigned char> out(1 << 16);
  uLong crc = crc32(0, nullptr, 0);
  for (std::size_t left = inflated; left > 0 || z.avail_in > 0;) {
    std::size_t take = std::min(left, zeros.size());
    crc = crc32(crc, reinterpret_cast<const Bytef*>(zeros.data()), static_cast<uInt>(take));
    z.next_in = reinterpret_cast<Bytef*>(zeros.data());
    z.avail_in = static_cast<uInt>(take);
    left -= take;
    int flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
    int rc;
    do {
      z.next_out = out.data();
      z.avail_out = static_cast<uInt>(out.size());
      rc = deflate(&z, flush);
      deflated.append(reinterpret_cast<char*>(out.data()), out.size() - z.avail_out);
    } while (z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
    if (left == 0) break;
  }
  deflateEnd(&z);

  struct Part {
    std::string name, stored;
    std::uint32_t crc, size;
    std::uint16_t method;
  };
  auto stored = [](std::string name, std::string data) {
    std::uint32_t c = static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
    std::uint32_t size = static_cast<std::uint32_t>(data.size());
    return Part{std::move(name), std::move(data), c, size, 0};
  };
  std::vector<Part> parts = {
      stored("[Content_Types].xml",
             "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/"
             "2006/content-types\"/>"),
      {"xl/workbook.xml", deflated, static_cast<std::uint32_t>(crc),
       static_cast<std::uint32_t>(inflated), 8},
  };
  auto le16 = [](std::string& s, std::uint32_t v) {
    s.push_back(static_cast<char>(v & 0xFF));
    s.push_back(static_cast<char>((v >> 8) & 0xFF));
  };
  auto le32 = [&](std::string& s, std::uint32_t v) {
    le16(s, v & 0xFFFF);
    le16(s, v >> 16);
  };
  std::string zip, central;
  for (const Part& p : parts) {
    std::uint32_t offset = static_cast<std::uint32_t>(zip.size());
    zip += "PK\x03\x04";
    le16(zip, 20);
    le16(zip, 0);
    le16(zip, p.method);
    le32(zip, 0);
    le32(zip, p.crc);
    le32(zip, static_cast<std::uint32_t>(p.stored.size()));
    le32(zip, p.size);
    le16(zip, static_cast<std::uint32_t>(p.name.size()));
    le16(zip, 0);
    zip += p.name + p.stored;
    central += "PK\x01\x02";
    le16(central, 20);
    le16(central, 20);
    le16(central, 0);
    le16(central, p.method);
    le32(central, 0);
    le32(central, p.crc);
    le32(central, static_cast<std::uint32_t>(p.stored.size()));
    le32(central, p.size);
    le16(central, static_cast<std::uint32_t>(p.name.size()));
    le32(central, 0);  // extra and comment lengths
    le32(central, 0);  // disk number and internal attributes
    le32(central, 0);  // external attributes
    le32(central, offset);
    central += p.name;
  }
  std::uint32_t cd_offset = static_cast<std::uint32_t>(zip.size());
  zip += central;
  zip += std::string("PK\x05\x06", 4);
  le32(zip, 0);
  le16(zip, static_cast<std::uint32_t>(parts.size()));
  le16(zip, static_cast<std::uint32_t>(parts.size()));
  le32(zip, static_cast<std::uint32_t>(central.size()));
  le32(zip, cd_offset);
  le16(zip, 0);
  return zip;
}

class InputApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_dir_ = fs::temp_directory_path() / ("zt-input-api-" + std::to_string(::getpid()));
    fs::remove_all(data_dir_);
    ::setenv("ZT_DATA_DIR", data_dir_.c_str(), 1);  // uploads land here (docs/materials.md)
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
                                {"zj-item-reviewer", Role::kBureauManager, "440800", ""}});
      ASSERT_TRUE(staff.has_value()) << staff.error().ToString();
    }
    server_ = std::make_unique<ServerProcess>(ZhengtongBinary(), db_->Url());
    admin_ = FirstStaffLogin(port(), "ck-admin");
  }
  void TearDown() override {
    server_.reset();
    ::unsetenv("ZT_DATA_DIR");
    fs::remove_all(data_dir_);
  }

  std::uint16_t port() const { return server_->port(); }

  static json::object ItemBody(const std::string& code) {
    return {{"code", code},
            {"name", "食品经营许可"},
            {"type", "licensing"},
            {"department_id", "440802-scj"},
            {"region_code", "440802"},
            {"statutory_limit_wd", 20},
            {"promised_limit_wd", 5},
            {"materials", json::array{json::object{{"name", "申请表"}}}}};
  }

  std::string PublishedItem(const std::string& code) {
    auto created =
        Http(port(), "POST", "/api/v1/items", json::serialize(ItemBody(code)), admin_.With());
    EXPECT_EQ(created.status, 201) << created.body;
    std::string id(created.Json().at("id").as_string());
    Session reviewer = FirstStaffLogin(port(), "zj-item-reviewer");
    EXPECT_NE(PublishThroughReview(port(), admin_, reviewer, id, created.Header("etag")), "");
    return id;
  }

  // An error answer: its status, a problem body that discloses nothing, never a 5xx.
  void ExpectCleanRefusal(const HttpResult& r, const std::string& what) {
    EXPECT_GT(r.status, 0) << what;
    EXPECT_LT(r.status, 500) << what << ": " << r.body.substr(0, 300);
    if (r.status >= 400) {
      EXPECT_EQ(r.Header("content-type"), "application/problem+json") << what;
      // Our own message key json.out_of_range is not the exception std::out_of_range.
      std::string body = r.body;
      for (std::size_t at; (at = body.find("json.out_of_range")) != std::string::npos;) {
        body.erase(at, 17);
      }
      for (const std::string& rule : ScanForLeaks(body)) {
        ADD_FAILURE() << what << " discloses (" << rule << "): " << r.body.substr(0, 300);
      }
    }
  }

  fs::path data_dir_;
  std::unique_ptr<StoreTestDatabase> db_;
  std::unique_ptr<ServerProcess> server_;
  Session admin_;
};

TEST_F(InputApiTest, JsonEdgeCasesAreRefusedAsSpecifiedAndStoreNothing) {
  const std::string probe = "440802-scj-inp02";
  std::string base = json::serialize(ItemBody(probe));
  ASSERT_EQ(base.back(), '}');
  // `base` with one more member (or text) spliced in before its closing brace.
  auto with = [&](const std::string& extra) {
    return base.substr(0, base.size() - 1) + "," + extra + "}";
  };
  auto with_name = [&](const std::string& raw_json_string) {
    json::object o = ItemBody(probe);
    o.erase("name");
    std::string s = json::serialize(o);
    return s.substr(0, s.size() - 1) + ",\"name\":" + raw_json_string + "}";
  };
  auto with_limit = [&](const std::string& number) {
    json::object o = ItemBody(probe);
    o.erase("statutory_limit_wd");
    std::string s = json::serialize(o);
    return s.substr(0, s.size() - 1) + ",\"statutory_limit_wd\":" + number + "}";
  };
  const std::string json_type = "application/json";
  struct Case {
    std::string what, body, content_type;
    int status;
    std::string key, pointer;  // "" when any
  };
  std::string deep_arrays = std::string(10000, '[') + std::string(10000, ']');
  std::string deep_objects;
  for (int i = 0; i < 10000; ++i) deep_objects += "{\"a\":";
  deep_objects += "1" + std::string(10000, '}');
  std::string ten_mib = with_name("\"" + std::string(10 * 1024 * 1024, 'x') + "\"");
  std::string nul_raw = with_name(std::string("\"a\0b\"", 5));
  std::vector<Case> cases = {
      {"arrays nested 10,000 deep", with("\"x\":" + deep_arrays), json_type, 400, "json.malformed",
       ""},
      {"objects nested 10,000 deep", with("\"x\":" + deep_objects), json_type, 400,
       "json.malformed", ""},
      {"a 10 MiB body", ten_mib, json_type, 413, "request.too_large", ""},
      {"duplicate key", with("\"name\":\"second\""), json_type, 400, "json.duplicate_key", "/name"},
      {"duplicate key nested", with(R"("extra":[{"a":1,"a":1}])"), json_type, 400,
       "json.duplicate_key", "/extra/0/a"},
      {"duplicate key same value", with("\"code\":\"" + probe + "\""), json_type, 400,
       "json.duplicate_key", "/code"},
      {"invalid UTF-8 byte", with_name("\"\xff\""), json_type, 400, "json.malformed", ""},
      {"overlong UTF-8 slash", with_name("\"\xc0\xaf\""), json_type, 400, "json.malformed", ""},
      {"overlong UTF-8 NUL", with_name("\"\xc0\x80\""), json_type, 400, "json.malformed", ""},
      {"UTF-8 encoded surrogate", with_name("\"\xed\xa0\x80\""), json_type, 400, "json.malformed",
       ""},
      {"truncated UTF-8", with_name("\"\xe4\xb8\""), json_type, 400, "json.malformed", ""},
      {"beyond U+10FFFF", with_name("\"\xf4\x90\x80\x80\""), json_type, 400, "json.malformed", ""},
      {"five-byte UTF-8", with_name("\"\xf8\x88\x80\x80\x80\""), json_type, 400, "json.malformed",
       ""},
      {"lone high surrogate", with_name(R"("\ud800")"), json_type, 400, "json.malformed", ""},
      {"lone low surrogate", with_name(R"("\udc00")"), json_type, 400, "json.malformed", ""},
      {"high surrogate then letter", with_name(R"("\ud800\u0041")"), json_type, 400,
       "json.malformed", ""},
      {"two high surrogates", with_name(R"("\ud800\ud800")"), json_type, 400, "json.malformed", ""},
      {"raw NUL in a string", nul_raw, json_type, 400, "json.malformed", ""},
      {"escaped NUL in a string", with_name(R"("a\u0000b")"), json_type, 400, "json.nul_character",
       "/name"},
      {"escaped NUL in a key", with(R"("na\u0000me":"x")"), json_type, 400, "json.nul_character",
       ""},
      {"1e400", with_limit("1e400"), json_type, 400, "json.number_range", "/statutory_limit_wd"},
      {"-1e400", with_limit("-1e400"), json_type, 400, "json.number_range", "/statutory_limit_wd"},
      {"2^64", with_limit("18446744073709551616"), json_type, 400, "", "/statutory_limit_wd"},
      {"2^64-1", with_limit("18446744073709551615"), json_type, 400, "json.out_of_range",
       "/statutory_limit_wd"},
      {"-2^63-1", with_limit("-9223372036854775809"), json_type, 400, "", "/statutory_limit_wd"},
      {"1.5 for an integer", with_limit("1.5"), json_type, 400, "json.type", "/statutory_limit_wd"},
      {"BOM", "\xef\xbb\xbf" + base, json_type, 400, "json.malformed", ""},
      {"text/plain", base, "text/plain", 415, "request.unsupported_media_type", ""},
      {"application/xml", base, "application/xml", 415, "request.unsupported_media_type", ""},
      {"form encoded", base, "application/x-www-form-urlencoded", 415,
       "request.unsupported_media_type", ""},
      {"multipart", base, "multipart/form-data; boundary=x", 415, "request.unsupported_media_type",
       ""},
      {"JSON in Latin-1", base, "application/json; charset=iso-8859-1", 415,
       "request.unsupported_media_type", ""},
      {"JSON in UTF-16", base, "application/json; charset=utf-16", 415,
       "request.unsupported_media_type", ""},
      {"text/json", base, "text/json", 415, "request.unsupported_media_type", ""},
      {"no Content-Type", base, "", 415, "request.unsupported_media_type", ""},
  };

  const pid_t pid = server_->pid();
  const std::int64_t rss_before = ProcStatusKib(pid, "VmRSS");
  ASSERT_GT(rss_before, 0);
  constexpr int kRounds = 3;
  int requests = 0;
  std::map<int, int> statuses;
  for (int round = 0; round < kRounds; ++round) {
    for (const Case& c : cases) {
      auto r = Http(port(), "POST", "/api/v1/items", c.body,
                    admin_.With({{"Content-Type", c.content_type}}));
      ++requests;
      ++statuses[r.status];
      ExpectCleanRefusal(r, c.what);
      EXPECT_EQ(r.status, c.status) << c.what << ": " << r.body.substr(0, 300);
      if (r.status == 413) continue;  // answered before the body was read
      // The key is the problem's own, or (when the handler adds its own complaints about
      // the fields it could not read) one of its field errors.
      if (!c.key.empty()) {
        EXPECT_TRUE(Key(r) == c.key || HasFieldError(r, c.key, c.pointer))
            << c.what << ": " << r.body.substr(0, 300);
      }
      if (!c.pointer.empty()) {
        EXPECT_TRUE(Has(Pointers(r), c.pointer)) << c.what << ": " << r.body.substr(0, 300);
      }
    }
  }
  const std::int64_t rss_after = ProcStatusKib(pid, "VmRSS");
  std::printf("[figures] INP-02 %s: %zu cases x %d rounds = %d requests, statuses", ZT_TEST_BACKEND,
              cases.size(), kRounds, requests);
  for (const auto& [status, n] : statuses) std::printf(" %d x%d", status, n);
  std::printf("; VmRSS %lld -> %lld KiB\n", static_cast<long long>(rss_before),
              static_cast<long long>(rss_after));
  EXPECT_LE(rss_after - rss_before, 256 * 1024) << "RSS grew by more than 256 MiB";

  // A public route refuses a wrong type too, and (ASVS 13.1.5) a body without Content-Type;
  // the same body typed as JSON reaches the handler.
  auto plain = Http(port(), "POST", "/api/v1/citizens", "{}", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(plain.status, 415) << plain.body;
  auto untyped = Http(port(), "POST", "/api/v1/citizens", "{}", {{"Content-Type", ""}});
  EXPECT_EQ(untyped.status, 415) << untyped.body;
  EXPECT_EQ(Key(untyped), "request.unsupported_media_type");
  ExpectCleanRefusal(untyped, "public body without Content-Type");
  auto typed = Http(port(), "POST", "/api/v1/citizens", "{}");
  EXPECT_EQ(typed.status, 400) << typed.body;
  EXPECT_EQ(Key(typed), "request.invalid");

  // -0 is the integer 0; UTF-8 charset in any spelling is JSON.
  json::object zero = ItemBody("440802-scj-inp02-zero");
  zero["statutory_limit_wd"] = 0;
  std::string negative_zero = json::serialize(ItemBody("440802-scj-inp02-negzero"));
  negative_zero.replace(negative_zero.find("\"statutory_limit_wd\":20"),
                        std::string("\"statutory_limit_wd\":20").size(),
                        "\"statutory_limit_wd\":-0");
  auto a = Http(port(), "POST", "/api/v1/items", json::serialize(zero),
                admin_.With({{"Content-Type", "application/json"}}));
  auto b = Http(port(), "POST", "/api/v1/items", negative_zero,
                admin_.With({{"Content-Type", "Application/JSON; Charset=\"UTF-8\""}}));
  EXPECT_EQ(a.status, 201) << a.body;
  EXPECT_EQ(b.status, 201) << b.body;
  if (b.status == 201) {
    EXPECT_EQ(b.Json().at("statutory_limit_wd").as_int64(), 0);
  }

  // Nothing refused was stored: the probe's code is still free.
  auto probe_created = Http(port(), "POST", "/api/v1/items", base, admin_.With());
  EXPECT_EQ(probe_created.status, 201) << probe_created.body;
}

TEST_F(InputApiTest, IdNumbersMobilesAndCreditCodesGetFieldErrorsThroughTheApi) {
  const std::string item = PublishedItem("440802-scj-inp03");
  Session clerk = FirstStaffLogin(port(), "ck-clerk");
  const std::string good_id = "11010519491231002X";
  auto submit = [&](const std::string& name, const std::string& id, const std::string& phone) {
    json::object body{
        {"item_id", item},
        {"channel", "window"},
        {"applicant", json::object{{"name", name}, {"id_number", id}, {"phone", phone}}}};
    return Http(port(), "POST", "/api/v1/applications", json::serialize(body), clerk.With());
  };
  std::map<std::string, int> refused_by_kind;
  int malformed_ids = 0, valid_ids = 0, malformed_mobiles = 0, valid_mobiles = 0;
  for (const auto& s : MalformedIdNumbers()) {
    auto r = submit("陈晓明", s.text, "13807591234");
    ExpectCleanRefusal(r, s.kind);
    if (r.status == 400 && Has(Pointers(r), "/applicant/id_number")) {
      ++malformed_ids;
      ++refused_by_kind[s.kind];
    } else {
      ADD_FAILURE() << s.kind << " not refused on its field: " << r.status << " "
                    << r.body.substr(0, 300);
    }
  }
  // Valid numbers with an empty name: refused for the name only, so nothing is written.
  for (const auto& s : ValidIdNumbers()) {
    auto r = submit("", s.text, "13807591234");
    ExpectCleanRefusal(r, "valid id");
    if (r.status == 400 && Has(Pointers(r), "/applicant/name") &&
        !Has(Pointers(r), "/applicant/id_number")) {
      ++valid_ids;
    } else {
      ADD_FAILURE() << s.text << ": " << r.status << " " << r.body.substr(0, 300);
    }
  }
  for (const auto& s : MalformedMobiles()) {
    auto r = submit("陈晓明", good_id, s.text);
    ExpectCleanRefusal(r, "mobile");
    if (r.status == 400 && Has(Pointers(r), "/applicant/phone")) {
      ++malformed_mobiles;
    } else {
      ADD_FAILURE() << "mobile not refused on its field: " << r.status << " "
                    << r.body.substr(0, 300);
    }
  }
  for (const auto& s : ValidMobiles()) {
    auto r = submit("", good_id, s.text);
    if (r.status == 400 && !Has(Pointers(r), "/applicant/phone")) {
      ++valid_mobiles;
    } else {
      ADD_FAILURE() << s.text << ": " << r.status << " " << r.body.substr(0, 300);
    }
  }
  // The standard example with a lowercase x is accepted and kept with an uppercase X.
  auto example = submit("陈晓明", "11010519491231002x", "+86 138-0759-1234");
  ASSERT_EQ(example.status, 201) << example.body;
  std::string shown(example.Json().at("applicant").at("id_number").as_string());
  EXPECT_EQ(shown.back(), 'X') << shown;
  EXPECT_EQ(shown.substr(0, 6), "110105") << shown;

  // Credit codes (GB 32100) of an organisation's representative.
  int malformed_codes = 0, valid_codes = 0;
  auto represent = [&](const std::string& code, const std::string& organisation) {
    json::object body{
        {"credit_code", code},     {"organisation_name", organisation},  {"id_number", good_id},
        {"person_name", "陈晓明"}, {"capacity", "legal_representative"}, {"evidence", "营业执照"}};
    return Http(port(), "POST", "/api/v1/organisation-representatives", json::serialize(body),
                admin_.With());
  };
  for (const auto& s : MalformedCreditCodes()) {
    auto r = represent(s.text, "湛江市某某有限公司");
    ExpectCleanRefusal(r, "credit code");
    if (r.status == 400 && Has(Pointers(r), "/credit_code")) {
      ++malformed_codes;
    } else {
      ADD_FAILURE() << "credit code not refused on its field: " << r.status << " "
                    << r.body.substr(0, 300);
    }
  }
  for (const auto& s : ValidCreditCodes()) {
    auto r = represent(s.text, "");  // refused for the empty name only
    if (r.status == 400 && Has(Pointers(r), "/organisation_name") &&
        !Has(Pointers(r), "/credit_code")) {
      ++valid_codes;
    } else {
      ADD_FAILURE() << s.text << ": " << r.status << " " << r.body.substr(0, 300);
    }
  }
  std::printf("[figures] INP-03/04 %s: ID numbers %d/1000 malformed refused on their field (",
              ZT_TEST_BACKEND, malformed_ids);
  for (const auto& [kind, n] : refused_by_kind) std::printf("%s %d ", kind.c_str(), n);
  std::printf(
      "), %d/1000 valid accepted; mobiles %d/500 refused, %d/200 valid accepted; "
      "credit codes %d/200 refused, %d/200 valid accepted; example stored as %s\n",
      valid_ids, malformed_mobiles, valid_mobiles, malformed_codes, valid_codes, shown.c_str());
  EXPECT_EQ(malformed_ids, 1000);
  EXPECT_EQ(valid_ids, 1000);
}

TEST_F(InputApiTest, UploadsAreJudgedByTheirBytesAndZipBombsAreNotInflated) {
  const std::string item = PublishedItem("440802-scj-inp07");
  Session clerk = FirstStaffLogin(port(), "ck-clerk");
  json::object body{{"item_id", item},
                    {"channel", "window"},
                    {"applicant", json::object{{"name", "陈晓明"},
                                               {"id_number", "11010519491231002X"},
                                               {"phone", "13807591234"}}}};
  auto applied = Http(port(), "POST", "/api/v1/applications", json::serialize(body), clerk.With());
  ASSERT_EQ(applied.status, 201) << applied.body;
  std::string base = "/api/v1/applications/" + std::string(applied.Json().at("id").as_string()) +
                     "/materials?material=%E7%94%B3%E8%AF%B7%E8%A1%A8";  // 申请表
  const std::string pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
  struct Upload {
    std::string what, query, bytes, content_type;
    int status;
    std::string key;
  };
  std::vector<Upload> uploads = {
      {"HTML named .pdf, typed application/pdf", "&file_name=a.pdf", "<html><script>x</script>",
       "application/pdf", 400, "material.type_not_allowed"},
      {"an executable named .png", "&file_name=a.png", "MZ\x90\x00" + std::string(64, 'A'),
       "image/png", 400, "material.type_not_allowed"},
      {"SVG named .jpg", "&file_name=a.jpg", "<svg onload=alert(1)>", "image/jpeg", 400,
       "material.type_not_allowed"},
      {"HTML/PDF polyglot (HTML first)", "&file_name=p.pdf", "<!doctype html>\n" + pdf,
       "application/pdf", 400, "material.type_not_allowed"},
      {"zip bomb (8 MiB of zeros deflated about 1000 to 1)", "&file_name=b.xlsx",
       DeflateBombXlsx(std::size_t{8} << 20), "application/zip", 400, "material.archive_ratio"},
      {"zip bomb (300 MiB declared)", "&file_name=b.xlsx", DeflateBombXlsx(std::size_t{300} << 20),
       "application/zip", 400, "material.archive_size"},
  };
  const pid_t pid = server_->pid();
  const std::int64_t hwm_before = ProcStatusKib(pid, "VmHWM");
  int refused = 0;
  for (const Upload& u : uploads) {
    auto r = Http(port(), "POST", base + u.query, u.bytes,
                  clerk.With({{"Content-Type", u.content_type}}));
    ExpectCleanRefusal(r, u.what);
    EXPECT_EQ(r.status, u.status) << u.what << ": " << r.body;
    if (!u.key.empty()) {
      EXPECT_EQ(Key(r), u.key) << u.what;
    }
    refused += r.status == u.status;
  }

  // An XLSX import whose workbook part inflates to 300 MiB (about 300 KB sent): refused from
  // its declared size, so the server's peak memory does not move by anything like that.
  std::string bomb = DeflateBombXlsx(std::size_t{300} << 20);
  ASSERT_LT(bomb.size(), 1u << 20);
  auto xlsx = Http(port(), "POST", "/api/v1/catalogue/import.xlsx", bomb,
                   admin_.With({{"Content-Type",
                                 "application/vnd.openxmlformats-officedocument.spreadsheetml."
                                 "sheet"}}));
  ExpectCleanRefusal(xlsx, "xlsx bomb");
  EXPECT_EQ(xlsx.status, 400) << xlsx.body;
  EXPECT_EQ(Key(xlsx), "xlsx.too_large") << xlsx.body;
  const std::int64_t hwm_after = ProcStatusKib(pid, "VmHWM");
  EXPECT_LT(hwm_after - hwm_before, 64 * 1024) << "the bomb was inflated";

  // Accepted by content whatever the name and type say; a traversal or NUL name stays a name.
  auto nul_name = Http(port(), "POST", base + "&file_name=a%00.exe", pdf, clerk.With());
  ExpectCleanRefusal(nul_name, "NUL in the file name");
  EXPECT_EQ(nul_name.status, 400);
  EXPECT_EQ(Key(nul_name), "query.encoding");
  std::vector<std::string> names = {"..%2F..%2F..%2Fetc%2Fpasswd",
                                    "%2Fetc%2Fshadow.pdf",
                                    "..%5C..%5Cwin.ini",
                                    "%2E%2E",
                                    "CON.pdf",
                                    "a.pdf%0D%0AX:%20y"};
  int stored = 0;
  for (const std::string& name : names) {
    auto r = Http(port(), "POST", base + "&file_name=" + name, pdf,
                  clerk.With({{"Content-Type", "text/html"}}));
    ExpectCleanRefusal(r, name);
    ASSERT_EQ(r.status, 201) << name << ": " << r.body;
    ++stored;
    json::value m = r.Json();
    EXPECT_EQ(m.at("kind").as_string(), "pdf");
    std::string file_name(m.at("file_name").as_string());
    EXPECT_EQ(file_name.find('/'), std::string::npos) << file_name;
    EXPECT_EQ(file_name.find('\\'), std::string::npos) << file_name;
    EXPECT_EQ(file_name.find('\0'), std::string::npos) << file_name;
    EXPECT_FALSE(file_name.starts_with(".")) << file_name;
    auto down = Http(port(), "GET", std::string(m.at("href").as_string()), "", clerk.With());
    EXPECT_EQ(down.status, 200);
    EXPECT_EQ(down.Header("content-type"), "application/pdf");
    std::string disposition = down.Header("content-disposition");
    EXPECT_EQ(disposition.find(".."), std::string::npos) << disposition;
    EXPECT_EQ(disposition.find('/'), std::string::npos) << disposition;
  }
  // Every stored blob lies under the storage root, named by its hash.
  std::size_t blobs = 0;
  for (const auto& e : fs::recursive_directory_iterator(data_dir_)) {
    if (!e.is_regular_file()) continue;
    std::string rel = fs::relative(e.path(), data_dir_).string();
    EXPECT_TRUE(rel.starts_with("blobs/")) << rel;
    ++blobs;
  }
  EXPECT_EQ(blobs, 1u);  // six uploads of the same bytes: one blob
  std::printf(
      "[figures] INP-07 %s: %d/%zu disguised, polyglot and zip uploads refused, XLSX "
      "bomb of 300 MiB (%zu bytes sent) refused with VmHWM %lld -> %lld KiB, %d "
      "traversal/NUL names stored harmlessly, %zu blob(s) under the root\n",
      ZT_TEST_BACKEND, refused, uploads.size(), bomb.size(), static_cast<long long>(hwm_before),
      static_cast<long long>(hwm_after), stored, blobs);
}

}  // namespace
}  // namespace zt::testing
