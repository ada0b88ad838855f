// Inputs the case-type fuzz harness found (tests/fuzz/case_type_fuzz.cc, docs/testing.md
// "Fuzzing"), kept as ordinary tests so that the g++ build checks the answer, not only the
// absence of a crash.
#include <string>

#include <gtest/gtest.h>

#include "zt/caseflow/case_type_file.h"

namespace zt::caseflow {
namespace {

// toml++ 3.3.0 reaches __builtin_unreachable() deciding whether U+00A7 and similar
// characters are whitespace (undefined behaviour, reported by UBSan). Such characters are
// never valid TOML outside strings and comments, so the reader refuses them first.
TEST(CaseTypeFuzzRegressionTest, NonAsciiOutsideStringsIsRefusedWithItsLine) {
  for (const std::string text :
       {"name = \"x\"\nSTANDARDS.md \xC2\xA7 2.4\n", "name = \"x\" \xC2\xA7\n", "\xC2\xA7 = 1\n",
        "a = \"\"\"x \\\n   \xC2\xA7\"\"\"\n"}) {
    auto parsed = ParseCaseType(text, "fuzz.toml");
    ASSERT_FALSE(parsed.has_value()) << text;
    EXPECT_EQ(parsed.error().key(), "case_type.invalid");
    EXPECT_NE(parsed.error().detail().find("outside ASCII"), std::string::npos)
        << parsed.error().detail();
  }
  auto second_line = ParseCaseType("name = \"x\"\nb = 1 \xC2\xA7\n", "fuzz.toml");
  ASSERT_FALSE(second_line.has_value());
  EXPECT_NE(second_line.error().detail().find("fuzz.toml:2:"), std::string::npos)
      << second_line.error().detail();
}

TEST(CaseTypeFuzzRegressionTest, NonAsciiInsideStringsAndCommentsStillParses) {
  // Chinese text where TOML allows it: comments, basic, literal and multi-line strings. The
  // type is incomplete, so it is refused, but by the validator, not the character scan.
  auto parsed = ParseCaseType(
      "# 办件\nname = \"办件\"\ntitle = '行政许可'\nx = \"\"\"多行\n文本\"\"\"\"\ny = "
      "'''多行''''\n",
      "fuzz.toml");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().detail().find("outside ASCII"), std::string::npos)
      << parsed.error().detail();
}

}  // namespace
}  // namespace zt::caseflow
