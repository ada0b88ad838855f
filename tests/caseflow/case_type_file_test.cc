// Case types as data: data/case_types/*.toml load, validate and describe the rules the
// scenarios (tests/scenarios/application/) run against; malformed files are refused with
// the line at fault.
#include "zt/caseflow/case_type_file.h"

#include <gtest/gtest.h>

#include "zt/caseflow/application.h"

namespace zt::caseflow {
namespace {

using accounts::Role;

TEST(CaseTypeFileTest, BuiltInTypesLoad) {
  auto loaded = LoadBuiltInCaseTypes();
  ASSERT_TRUE(loaded.has_value()) << loaded.error().ToString();
  auto names = BuiltInCaseTypeNames();
  EXPECT_NE(std::find(names.begin(), names.end(), "application"), names.end());
  EXPECT_EQ(FindCaseType("application"), &ApplicationCaseType());
  EXPECT_EQ(FindCaseType("no_such_type"), nullptr);
}

// The loaded application type has the rules the scenarios expect: who takes what from where,
// which fields each needs, and the clocks' limits and pauses.
TEST(CaseTypeFileTest, ApplicationTypeHasTheStatutoryRules) {
  const CaseType& t = ApplicationCaseType();
  EXPECT_EQ(t.initial_state, "submitted");
  auto role_of = [&t](const char* name) {
    const Transition* x = t.FindTransition(name);
    EXPECT_NE(x, nullptr) << name;
    return x == nullptr ? std::vector<Role>{} : x->roles;
  };
  // The department's window clerk, or the 一窗 front desk (docs/appointments.md).
  EXPECT_EQ(role_of("accept"), (std::vector<Role>{Role::kWindowClerk, Role::kFrontDeskClerk}));
  EXPECT_EQ(role_of("approve"), std::vector<Role>{Role::kReviewer});
  EXPECT_EQ(role_of("suspend"), std::vector<Role>{Role::kReviewer});
  EXPECT_TRUE(t.FindTransition("withdraw")->applicant_may);
  EXPECT_TRUE(t.FindTransition("withdraw")->roles.empty());
  EXPECT_EQ(t.FindTransition("deny")->required_fields, std::vector<std::string>{"note"});
  EXPECT_EQ(t.FindTransition("request_correction")->opens_pause, "correction");
  EXPECT_TRUE(t.FindTransition("request_correction")->once);
  EXPECT_EQ(t.FindTransition("extend")->max_days, 10);  // 第四十二条
  EXPECT_EQ(t.FindTransition("approve")->opens_task, "certificate");
  EXPECT_EQ(t.FindTransition("approve")->task_days, 10);  // 第四十四条
  // AZ-05: the handler who accepted never decides.
  for (const char* decision : {"approve", "approve_on_commitment", "deny"}) {
    EXPECT_TRUE(t.FindTransition(decision)->not_by_handler) << decision;
  }
  EXPECT_FALSE(t.FindTransition("extend")->not_by_handler);
  const ClockSpec* acceptance = t.FindClock("acceptance");
  ASSERT_NE(acceptance, nullptr);
  EXPECT_EQ(acceptance->limit, 5);  // 第三十二条
  EXPECT_TRUE(acceptance->working_days);
  EXPECT_EQ(acceptance->paused_by, std::vector<std::string>{"correction"});
  const ClockSpec* handling = t.FindClock("handling");
  ASSERT_NE(handling, nullptr);
  EXPECT_TRUE(handling->limit_from_item);
  EXPECT_EQ(t.ClockIn("suspended"), handling);
  EXPECT_EQ(t.ClockIn("correction_pending"), acceptance);
  EXPECT_EQ(t.ClockIn("concluded"), nullptr);
}

constexpr const char* kMinimal = R"(
name = "mini"
initial_state = "open"
states = ["open", "closed"]
terminal_states = ["closed"]

[[clocks]]
name = "reply"
unit = "calendar_days"
limit = 15
runs_in = ["open"]
paused_by = ["hold"]
yellow_days = 3
red_days = 1

[[transitions]]
name = "close"
from = ["open"]
to = "closed"
roles = ["reviewer", "window_clerk"]
scope = "region"
required_fields = ["note"]
event = "mini.closed"
)";

TEST(CaseTypeFileTest, ParsesAMinimalType) {
  auto t = ParseCaseType(kMinimal, "mini.toml");
  ASSERT_TRUE(t.has_value()) << t.error().ToString();
  EXPECT_EQ(t->name, "mini");
  ASSERT_EQ(t->clocks.size(), 1u);
  EXPECT_FALSE(t->clocks[0].working_days);
  EXPECT_EQ(t->clocks[0].limit, 15);
  EXPECT_EQ(t->clocks[0].yellow_days, 3);
  EXPECT_EQ(t->clocks[0].red_days, 1);
  const Transition* close = t->FindTransition("close");
  ASSERT_NE(close, nullptr);
  EXPECT_EQ(close->scope, "region");
  EXPECT_EQ(close->roles, (std::vector<Role>{Role::kReviewer, Role::kWindowClerk}));
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

void ExpectRefused(const std::string& text, const std::string& detail_part) {
  auto t = ParseCaseType(text, "mini.toml");
  ASSERT_FALSE(t.has_value()) << "accepted, expected: " << detail_part;
  EXPECT_EQ(t.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(t.error().key(), "case_type.invalid");
  EXPECT_NE(t.error().detail().find(detail_part), std::string::npos) << t.error().detail();
}

TEST(CaseTypeFileTest, RefusesMalformedFiles) {
  ExpectRefused("name = \"x\"\nstates = [", "mini.toml:");                      // TOML syntax
  ExpectRefused(Replace(kMinimal, "scope = \"region\"", "scpoe = \"region\""),  // misspelt key
                "mini.toml:21: unknown key 'scpoe'");
  ExpectRefused(Replace(kMinimal, "\"reviewer\", ", "\"judge\", "), "unknown staff role judge");
  ExpectRefused(Replace(kMinimal, "\"reviewer\", ", "\"citizen\", "), "applicant_may");
  ExpectRefused(Replace(kMinimal, "to = \"closed\"", "to = \"gone\""), "leads to unknown state");
  ExpectRefused(Replace(kMinimal, "limit = 15", "limit = \"15\""), "limit must be an integer");
  ExpectRefused(Replace(kMinimal, "limit = 15", "limit = 0"), "needs either a limit");
  ExpectRefused(Replace(kMinimal, "red_days = 1", "red_days = 4"), "red_days <= yellow_days");
  ExpectRefused(Replace(kMinimal, "unit = \"calendar_days\"", "unit = \"weeks\""), "unit must");
  ExpectRefused(Replace(kMinimal, "scope = \"region\"", "scope = \"city\""), "unknown scope");
  ExpectRefused(Replace(kMinimal, "runs_in = [\"open\"]", "runs_in = [\"opne\"]"),
                "runs in unknown opne");
  ExpectRefused(Replace(kMinimal, "event = \"mini.closed\"",
                        "event = \"mini.closed\"\nopens_pause = \"lunch\""),
                "opens pause lunch no clock knows");
  ExpectRefused(Replace(kMinimal, "event = \"mini.closed\"",
                        "event = \"mini.closed\"\nopens_task = \"audit\""),
                "opens a task without a deadline");
  ExpectRefused(Replace(kMinimal, "event = \"mini.closed\"",
                        "event = \"mini.closed\"\nstarts_clock = \"stopwatch\""),
                "starts unknown clock stopwatch");
}

// Region scope (一窗): a clerk of the district acts for any department in it; department
// scope keeps the department's own clerk only.
TEST(CaseTypeFileTest, RegionScopeLetsTheFrontDeskActForAnyDepartment) {
  auto t = ParseCaseType(kMinimal, "mini.toml");
  ASSERT_TRUE(t.has_value());
  CaseSnapshot c{CaseId("c1"), "open", 1, "440802", DepartmentId("440802-scj"), AccountId()};
  accounts::Actor desk{AccountId("a1"), "前台", Role::kWindowClerk, "440802",
                       DepartmentId("440802-zwfw")};
  EXPECT_TRUE(Decide(*t, c, {"close", {{"note", "ok"}}}, desk).has_value());
  accounts::Actor elsewhere{AccountId("a2"), "霞山", Role::kWindowClerk, "440803",
                            DepartmentId("440803-scj")};
  auto refused = Decide(*t, c, {"close", {{"note", "ok"}}}, elsewhere);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().key(), "case.role_not_allowed");
  auto narrow =
      ParseCaseType(Replace(kMinimal, "scope = \"region\"", "scope = \"department\""), "mini.toml");
  ASSERT_TRUE(narrow.has_value());
  EXPECT_FALSE(Decide(*narrow, c, {"close", {{"note", "ok"}}}, desk).has_value());
}

}  // namespace
}  // namespace zt::caseflow
