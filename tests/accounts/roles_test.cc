#include "zt/accounts/roles.h"

#include <gtest/gtest.h>

namespace zt::accounts {
namespace {

Actor Make(Role role, std::string region, std::string department = "") {
  Actor a;
  a.role = role;
  a.region_code = std::move(region);
  a.department_id = DepartmentId(std::move(department));
  return a;
}

TEST(ScopeTest, DepartmentalRoleSeesOwnDepartmentOnly) {
  auto clerk = Make(Role::kWindowClerk, "440802", "440802-scj");
  EXPECT_TRUE(CanSeeDepartmentRecord(clerk, "440802", DepartmentId("440802-scj")));
  EXPECT_FALSE(CanSeeDepartmentRecord(clerk, "440802", DepartmentId("440802-rsj")));
  EXPECT_FALSE(CanSeeDepartmentRecord(clerk, "440803", DepartmentId("440802-scj")));
}

TEST(ScopeTest, ClerkSeesTownshipRecordsOfOwnDistrict) {
  auto clerk = Make(Role::kWindowClerk, "440802", "440802-scj");
  EXPECT_TRUE(CanSeeDepartmentRecord(clerk, "440802001", DepartmentId("440802-scj")));
}

TEST(ScopeTest, CityManagerSeesEveryDistrictButNotParentOrSibling) {
  auto manager = Make(Role::kBureauManager, "440800");
  EXPECT_TRUE(CanSeeDepartmentRecord(manager, "440802", DepartmentId("440802-scj")));
  EXPECT_TRUE(CanSeeDepartmentRecord(manager, "440800", DepartmentId("440800-rsj")));
  EXPECT_FALSE(CanSeeDepartmentRecord(manager, "440000", DepartmentId("440000-x")));
  EXPECT_FALSE(CanSeeDepartmentRecord(manager, "440100", DepartmentId("440100-x")));
}

TEST(ScopeTest, DistrictManagerDoesNotSeeNeighbouringDistrict) {
  auto chikan = Make(Role::kBureauManager, "440802");
  EXPECT_FALSE(CanSeeDepartmentRecord(chikan, "440803", DepartmentId("440803-scj")));
  EXPECT_FALSE(CanSeeDepartmentRecord(chikan, "440800", DepartmentId("440800-scj")));
}

TEST(ScopeTest, AdministratorsAndCitizensSeeNoCasework) {
  for (Role r : {Role::kSystemAdmin, Role::kSecurityAdmin, Role::kAuditAdmin, Role::kCitizen}) {
    auto a = Make(r, "440800", "440800-scj");
    EXPECT_FALSE(CanSeeDepartmentRecord(a, "440800", DepartmentId("440800-scj"))) << RoleName(r);
  }
}

TEST(RoleTest, NamesRoundTrip) {
  for (Role r :
       {Role::kCitizen, Role::kWindowClerk, Role::kReviewer, Role::kDepartmentAdmin,
        Role::kBureauManager, Role::kSystemAdmin, Role::kSecurityAdmin, Role::kAuditAdmin}) {
    auto parsed = ParseRole(RoleName(r));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, r);
  }
  EXPECT_EQ(ParseRole("root").error().key(), "role.unknown");
}

}  // namespace
}  // namespace zt::accounts
