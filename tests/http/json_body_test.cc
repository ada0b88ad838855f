#include "zt/http/json_body.h"

#include <boost/json/value.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace zt::http {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;

auto Fe(std::string pointer, std::string key) {
  return ::testing::AllOf(Field(&zt::FieldError::pointer, pointer),
                          Field(&zt::FieldError::key, key));
}

TEST(ParseJsonTest, MalformedReportsPosition) {
  auto r = ParseJson("{\"a\": 1,\n \"b\": tru}");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), zt::ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().key(), "json.malformed");
  EXPECT_THAT(r.error().detail(), HasSubstr("line 2"));
  EXPECT_THAT(r.error().fields(), ElementsAre(Fe("", "json.malformed")));

  auto trailing = ParseJson("{} x");
  ASSERT_FALSE(trailing);
  EXPECT_THAT(trailing.error().detail(), HasSubstr("byte offset 3"));
  auto incomplete = ParseJson("{\"a\":");
  ASSERT_FALSE(incomplete);
  EXPECT_FALSE(ParseJson(""));
  EXPECT_FALSE(ParseJson("\"\xff\""));  // invalid UTF-8
  EXPECT_TRUE(ParseJson(" {\"a\": [1, 2]}\n"));
}

TEST(JsonObjectReaderTest, ReadsValidBody) {
  JsonObjectReader r(R"({"name":"营业执照核发","statutory_limit_wd":20,"online":true,
                        "applicant":{"name":"张三"},"materials":[{"name":"申请书"}],
                        "form":{"any":"thing"},"note":null})");
  std::string name = r.RequireString("name", 1, 6);
  std::int64_t days = r.RequireInt("statutory_limit_wd", 0, 365);
  std::optional<std::int64_t> promised = r.OptionalInt("promised_limit_wd", 0, 365);
  std::optional<bool> online = r.OptionalBool("online");
  JsonObjectReader applicant = r.RequireObject("applicant");
  std::string applicant_name = applicant.RequireString("name", 1, 50);
  JsonArrayReader materials = r.RequireArray("materials", 1, 50);
  ASSERT_EQ(materials.size(), 1u);
  JsonObjectReader m0 = materials.ObjectAt(0);
  std::string m0_name = m0.RequireString("name", 1, 100);
  const boost::json::value* form = r.RawValue("form");
  std::optional<std::string> note = r.OptionalString("note");
  ASSERT_TRUE(r.Finish());
  EXPECT_EQ(name, "营业执照核发");  // 6 code points, not 18 bytes
  EXPECT_EQ(days, 20);
  EXPECT_EQ(promised, std::nullopt);
  EXPECT_EQ(online, true);
  EXPECT_EQ(applicant_name, "张三");
  EXPECT_EQ(m0_name, "申请书");
  ASSERT_NE(form, nullptr);
  EXPECT_TRUE(form->is_object());
  EXPECT_EQ(note, std::nullopt);  // null reads as absent
}

TEST(JsonObjectReaderTest, UnknownFieldsAreReportedWithPointers) {
  JsonObjectReader r(R"({"name":"x","nmae":"typo","applicant":{"name":"a","age":3}})");
  r.RequireString("name");
  JsonObjectReader applicant = r.RequireObject("applicant");
  applicant.RequireString("name");
  auto s = r.Finish();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code(), zt::ErrorCode::kInvalidArgument);
  EXPECT_THAT(s.error().fields(), ElementsAre(Fe("/nmae", "json.unknown_field"),
                                              Fe("/applicant/age", "json.unknown_field")));
  EXPECT_EQ(s.error().key(), "request.invalid");
}

TEST(JsonObjectReaderTest, CollectsEveryFieldErrorAtOnce) {
  JsonObjectReader r(R"({"name":"","statutory_limit_wd":400,"promised_limit_wd":"5",
                        "online":1,"applicant":"x","materials":[{"name":7},"s"],"ratio":1.5})");
  r.RequireString("name", 1, 200);
  r.RequireInt("statutory_limit_wd", 0, 365);
  r.OptionalInt("promised_limit_wd", 0, 365);
  r.RequireBool("online");
  r.RequireString("code");
  r.RequireObject("applicant").RequireString("name");  // nothing more once mistyped
  JsonArrayReader materials = r.RequireArray("materials");
  materials.ObjectAt(0).RequireString("name");
  materials.ObjectAt(1);
  r.RequireInt("ratio");
  auto s = r.Finish();
  ASSERT_FALSE(s);
  EXPECT_THAT(
      s.error().fields(),
      ElementsAre(Fe("/name", "json.too_short"), Fe("/statutory_limit_wd", "json.out_of_range"),
                  Fe("/promised_limit_wd", "json.type"), Fe("/online", "json.type"),
                  Fe("/code", "json.required"), Fe("/applicant", "json.type"),
                  Fe("/materials/0/name", "json.type"), Fe("/materials/1", "json.type"),
                  Fe("/ratio", "json.type")));
}

TEST(JsonObjectReaderTest, SingleProblemUsesItsOwnKey) {
  JsonObjectReader r(R"({"a":1})");
  r.RequireInt("a");
  r.RequireString("b");
  auto s = r.Finish();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().key(), "json.required");
  EXPECT_THAT(s.error().fields(), ElementsAre(Fe("/b", "json.required")));
}

TEST(JsonObjectReaderTest, MalformedOrNonObjectBodyFailsOnce) {
  JsonObjectReader bad("{\"a\": ");
  bad.RequireString("a");
  auto s = bad.Finish();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().key(), "json.malformed");
  EXPECT_EQ(s.error().fields().size(), 1u);

  JsonObjectReader array("[1,2]");
  array.RequireString("a");
  auto t = array.Finish();
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().key(), "json.not_object");
}

TEST(JsonObjectReaderTest, MergesDomainErrorsUnderThePrefix) {
  JsonObjectReader r(R"({"applicant":{"id_number":"440802199001011234"}})");
  JsonObjectReader applicant = r.RequireObject("applicant");
  applicant.RequireString("id_number", 18, 18);
  applicant.AddError(zt::Error(zt::ErrorCode::kInvalidArgument, "id_number.check_digit", "bad",
                               {{"/id_number", "id_number.check_digit", "bad check digit"}}));
  applicant.AddFieldError("phone", "phone.format", "not a phone number");
  auto s = r.Finish();
  ASSERT_FALSE(s);
  EXPECT_THAT(s.error().fields(), ElementsAre(Fe("/applicant/id_number", "id_number.check_digit"),
                                              Fe("/applicant/phone", "phone.format")));
}

TEST(JsonObjectReaderTest, EscapesPointerSegments) {
  JsonObjectReader r(R"({"a/b":1,"c~d":2})");
  auto s = r.Finish();
  ASSERT_FALSE(s);
  EXPECT_THAT(s.error().fields(),
              ElementsAre(Fe("/a~1b", "json.unknown_field"), Fe("/c~0d", "json.unknown_field")));
}

TEST(JsonObjectReaderTest, ReadsAnAlreadyParsedValueUnderAPrefix) {
  auto form = ParseJson(R"({"age":"x"})");
  ASSERT_TRUE(form);
  JsonObjectReader r = JsonObjectReader::FromValue(*form, "/form");
  r.RequireInt("age");
  auto s = r.Finish();
  ASSERT_FALSE(s);
  EXPECT_THAT(s.error().fields(), ElementsAre(Fe("/form/age", "json.type")));
}

}  // namespace
}  // namespace zt::http
