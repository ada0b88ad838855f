#include "zt/caseflow/case_type.h"

#include <gtest/gtest.h>

#include "zt/caseflow/application.h"

namespace zt::caseflow {
namespace {

using accounts::Actor;
using accounts::Role;

Actor Staff(Role role, std::string region, std::string department) {
  Actor a;
  a.account_id = AccountId("a_" + std::string(accounts::RoleName(role)));
  a.role = role;
  a.region_code = std::move(region);
  a.department_id = DepartmentId(std::move(department));
  return a;
}

CaseSnapshot Case(std::string state) {
  CaseSnapshot s;
  s.id = CaseId("c_1");
  s.state = std::move(state);
  s.version = 3;
  s.region_code = "440802";
  s.department_id = DepartmentId("440802-scj");
  s.applicant_account = AccountId("a_citizen");
  return s;
}

TEST(ApplicationCaseTypeTest, IsValid) {
  EXPECT_TRUE(ValidateCaseType(ApplicationCaseType()).has_value());
}

TEST(ApplicationCaseTypeTest, ClerkAcceptsSubmittedCaseInOwnDepartment) {
  auto clerk = Staff(Role::kWindowClerk, "440802", "440802-scj");
  auto d = Decide(ApplicationCaseType(), Case("submitted"), {"accept", {}}, clerk);
  ASSERT_TRUE(d.has_value()) << d.error().ToString();
  EXPECT_EQ(d->to, "accepted");
  EXPECT_EQ(d->event, "application.accepted");
}

TEST(ApplicationCaseTypeTest, RefusesApprovalOfWithdrawnApplication) {
  auto reviewer = Staff(Role::kReviewer, "440802", "440802-scj");
  auto d = Decide(ApplicationCaseType(), Case("withdrawn"), {"approve", {}}, reviewer);
  ASSERT_FALSE(d.has_value());
  EXPECT_EQ(d.error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(d.error().key(), "case.transition_not_allowed");
}

TEST(ApplicationCaseTypeTest, ClerkMayNotApprove) {
  auto clerk = Staff(Role::kWindowClerk, "440802", "440802-scj");
  auto d = Decide(ApplicationCaseType(), Case("accepted"), {"approve", {}}, clerk);
  ASSERT_FALSE(d.has_value());
  EXPECT_EQ(d.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(d.error().key(), "case.role_not_allowed");
}

TEST(ApplicationCaseTypeTest, XiashanClerkMayNotAcceptChikanCase) {
  auto xiashan = Staff(Role::kWindowClerk, "440803", "440802-scj");
  auto d = Decide(ApplicationCaseType(), Case("submitted"), {"accept", {}}, xiashan);
  ASSERT_FALSE(d.has_value());
  EXPECT_EQ(d.error().code(), ErrorCode::kPermissionDenied);
}

TEST(ApplicationCaseTypeTest, OtherDepartmentInSameDistrictMayNotAccept) {
  auto other = Staff(Role::kWindowClerk, "440802", "440802-rsj");
  auto d = Decide(ApplicationCaseType(), Case("submitted"), {"accept", {}}, other);
  ASSERT_FALSE(d.has_value());
  EXPECT_EQ(d.error().code(), ErrorCode::kPermissionDenied);
}

// AZ-05: the account that accepted the case never decides it, even as a reviewer now.
TEST(ApplicationCaseTypeTest, TheHandlerMayNotDecideTheCaseItAccepted) {
  auto reviewer = Staff(Role::kReviewer, "440802", "440802-scj");
  CaseSnapshot accepted = Case("accepted");
  accepted.handler_account = reviewer.account_id;
  for (const char* decision : {"approve", "approve_on_commitment", "deny"}) {
    auto d = Decide(ApplicationCaseType(), accepted,
                    {decision, {{"note", "材料不实"}, {"commitment", "承诺"}}}, reviewer);
    ASSERT_FALSE(d.has_value()) << decision;
    EXPECT_EQ(d.error().code(), ErrorCode::kPermissionDenied) << decision;
    EXPECT_EQ(d.error().key(), "case.handler_cannot_decide") << decision;
  }
  // Steps that are not decisions stay open to the handler; another reviewer decides.
  EXPECT_TRUE(
      Decide(ApplicationCaseType(), accepted, {"extend", {{"note", "x"}, {"days", "5"}}}, reviewer)
          .has_value());
  auto other = reviewer;
  other.account_id = AccountId("a_second_reviewer");
  EXPECT_TRUE(Decide(ApplicationCaseType(), accepted, {"approve", {}}, other).has_value());
}

TEST(ApplicationCaseTypeTest, DenialNeedsANote) {
  auto reviewer = Staff(Role::kReviewer, "440802", "440802-scj");
  auto d = Decide(ApplicationCaseType(), Case("accepted"), {"deny", {}}, reviewer);
  ASSERT_FALSE(d.has_value());
  EXPECT_EQ(d.error().code(), ErrorCode::kInvalidArgument);
  ASSERT_EQ(d.error().fields().size(), 1u);
  EXPECT_EQ(d.error().fields()[0].pointer, "/note");
  auto ok =
      Decide(ApplicationCaseType(), Case("accepted"), {"deny", {{"note", "材料不实"}}}, reviewer);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->to, "denied");
}

TEST(ApplicationCaseTypeTest, OnlyTheApplicantWithdraws) {
  Actor owner;
  owner.account_id = AccountId("a_citizen");
  owner.role = Role::kCitizen;
  Actor stranger = owner;
  stranger.account_id = AccountId("a_other");
  EXPECT_TRUE(Decide(ApplicationCaseType(), Case("accepted"), {"withdraw", {}}, owner).has_value());
  auto d = Decide(ApplicationCaseType(), Case("accepted"), {"withdraw", {}}, stranger);
  ASSERT_FALSE(d.has_value());
  EXPECT_EQ(d.error().code(), ErrorCode::kPermissionDenied);
  auto late = Decide(ApplicationCaseType(), Case("concluded"), {"withdraw", {}}, owner);
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().code(), ErrorCode::kFailedPrecondition);
}

TEST(ApplicationCaseTypeTest, UnknownTransitionIsInvalidArgument) {
  auto clerk = Staff(Role::kWindowClerk, "440802", "440802-scj");
  auto d = Decide(ApplicationCaseType(), Case("submitted"), {"teleport", {}}, clerk);
  ASSERT_FALSE(d.has_value());
  EXPECT_EQ(d.error().key(), "case.unknown_transition");
}

TEST(ApplicationCaseTypeTest, NoTransitionLeavesATerminalState) {
  const auto& type = ApplicationCaseType();
  for (const auto& t : type.transitions) {
    for (const auto& from : t.from) EXPECT_FALSE(type.IsTerminal(from)) << t.name;
  }
}

TEST(CaseTypeValidationTest, RejectsTransitionToUnknownState) {
  CaseType t;
  t.name = "broken";
  t.initial_state = "open";
  t.states = {"open", "closed"};
  t.terminal_states = {"closed"};
  t.transitions.push_back(
      {"close", {"open"}, "shut", {Role::kReviewer}, false, {}, "broken.closed"});
  auto s = ValidateCaseType(t);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().key(), "case_type.invalid");
}

TEST(CaseTypeValidationTest, RejectsTransitionNobodyMayTake) {
  CaseType t;
  t.name = "orphan";
  t.initial_state = "open";
  t.states = {"open", "closed"};
  t.terminal_states = {"closed"};
  t.transitions.push_back({"close", {"open"}, "closed", {}, false, {}, "orphan.closed"});
  EXPECT_FALSE(ValidateCaseType(t).has_value());
}

}  // namespace
}  // namespace zt::caseflow
