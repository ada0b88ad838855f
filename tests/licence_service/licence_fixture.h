// Shared by the licence service tests: a migrated store (SQLite or PostgreSQL, chosen at build
// time) with 湛江 and two districts, staff of 赤坎区市场监管局, a citizen, a food-licence type and
// the real OpenSSL signer under a test key-encryption key.
#pragma once

#include <gtest/gtest.h>

#include "store_test_db.h"
#include "two_districts.h"
#include "zt/calendar/calendar.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/crypto/signer_openssl.h"
#include "zt/seed/seed.h"
#include "zt/service/account_service.h"
#include "zt/service/application_service.h"
#include "zt/service/catalog_service.h"
#include "zt/service/licence_service.h"

namespace zt::service {

inline constexpr const char* kTestPassword = "correct horse battery";
inline constexpr const char* kTestKek = "test key-encryption key, not secret";
inline constexpr const char* kFoodType = "11100000000013338W050";
inline constexpr const char* kResidenceType = "11100000000013338W060";

class LicenceFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto seeded = testing::PutTwoDistricts(*store_);
    ASSERT_TRUE(seeded.has_value()) << seeded.error().ToString();
    admin_ = Staff("ck-admin", accounts::Role::kDepartmentAdmin, "440802", "440802-scj");
    clerk_ = Staff("ck-clerk", accounts::Role::kWindowClerk, "440802", "440802-scj");
    reviewer_ = Staff("ck-reviewer", accounts::Role::kReviewer, "440802", "440802-scj");
    xs_admin_ = Staff("xs-admin", accounts::Role::kDepartmentAdmin, "440803", "440803-scj");
    xs_clerk_ = Staff("xs-clerk", accounts::Role::kWindowClerk, "440803", "440803-scj");
    manager_ = Staff("zj-manager", accounts::Role::kBureauManager, "440800", "");
    security_ = Staff("zj-security", accounts::Role::kSecurityAdmin, "440800", "");
    citizen_id_ = seed::DemoIdNumber("440802", *ParseDate("1985-06-15"), 123);
    other_id_ = seed::DemoIdNumber("440803", *ParseDate("1990-01-20"), 77);
    citizen_ = Citizen(citizen_id_, "陈晓明", "13807591234");
    other_ = Citizen(other_id_, "李四", "13807595678");
  }

  accounts::Actor Staff(const std::string& username, accounts::Role role, const std::string& region,
                        const std::string& department) {
    auto a = accounts_.CreateStaff(
        {username, username, role, region, DepartmentId(department), kTestPassword}, std::nullopt,
        ctx_);
    EXPECT_TRUE(a.has_value()) << a.error().ToString();
    return AccountService::ActorOf(*a);
  }

  accounts::Actor Citizen(const std::string& id, const std::string& name,
                          const std::string& phone) {
    auto c = accounts_.RegisterCitizen({id, name, phone, kTestPassword}, ctx_);
    EXPECT_TRUE(c.has_value()) << c.error().ToString();
    return AccountService::ActorOf(*c);
  }

  licence::LicenceType FoodType() {
    licence::LicenceType t;
    t.code = kFoodType;
    t.name = "食品经营许可证";
    t.holder_kind = licence::HolderKind::kOrganisation;
    t.fields = {{"scope", "经营范围", licence::FieldKind::kText, true, 200},
                {"premises", "经营场所", licence::FieldKind::kText, true, 200}};
    t.validity_years = 5;
    t.opened = true;
    t.historical_declared = 4;
    return t;
  }

  // A person-held type that an item produces (居住证明), for the application tests.
  licence::LicenceType ResidenceType(const std::string& item_code) {
    licence::LicenceType t;
    t.code = kResidenceType;
    t.name = "个体工商户登记证明";
    t.holder_kind = licence::HolderKind::kPerson;
    t.fields = {{"trade_name", "字号", licence::FieldKind::kText, false, 50}};
    t.validity_years = 0;
    t.opened = true;
    t.item_codes = {item_code};
    return t;
  }

  IssueRequest FoodRequest(const std::string& holder_code = "91440802MA0000001B") {
    IssueRequest r;
    r.type_code = kFoodType;
    r.holder_name = "湛江市赤坎区海鲜酒楼有限公司";
    r.holder_id = holder_code;
    r.fields = {{"scope", "预包装食品销售"}, {"premises", "赤坎区人民大道北 1 号"}};
    return r;
  }

  LicenceView IssueFood() {
    auto type = licences_.CreateType(admin_, FoodType(), ctx_);
    if (!type && type.error().key() != "licence_type.code_taken") {
      ADD_FAILURE() << type.error().ToString();
    }
    auto view = licences_.Issue(clerk_, FoodRequest(), ctx_);
    EXPECT_TRUE(view.has_value()) << view.error().ToString();
    return *view;
  }

  catalog::ServiceItem PublishedItem(const std::string& code,
                                     std::vector<catalog::Material> materials) {
    catalog::ServiceItem item;
    item.code = code;
    item.name = "个体工商户登记";
    item.department_id = DepartmentId("440802-scj");
    item.region_code = "440802";
    item.statutory_limit_wd = 20;
    item.promised_limit_wd = 5;
    item.materials = std::move(materials);
    auto created = catalog_.Create(admin_, item, ctx_);
    EXPECT_TRUE(created.has_value()) << created.error().ToString();
    auto published = catalog_.PublishInitialLoad(admin_, created->item.id, created->item.version,
                                                 "test fixture", ctx_);
    EXPECT_TRUE(published.has_value()) << published.error().ToString();
    return published->item;
  }

  ApplicationView Apply(const accounts::Actor& citizen, const catalog::ServiceItem& item,
                        std::string form = "{}") {
    SubmitRequest request;
    request.item_id = item.id;
    request.form_json = std::move(form);
    auto view = apps_.Submit(citizen, request, ctx_);
    EXPECT_TRUE(view.has_value()) << view.error().ToString();
    return *view;
  }

  void Conclude(const CaseId& id) {
    ASSERT_TRUE(apps_.Act(clerk_, id, {"accept", {}}, 1, ctx_).has_value());
    auto approved = apps_.Act(reviewer_, id, {"approve", {}}, 2, ctx_);
    ASSERT_TRUE(approved.has_value()) << approved.error().ToString();
    auto concluded = apps_.Act(clerk_, id, {"conclude", {}}, 3, ctx_);
    ASSERT_TRUE(concluded.has_value()) << concluded.error().ToString();
  }

  std::int64_t Events() {
    auto report = store_->VerifyChain();
    EXPECT_TRUE(report.has_value() && report->intact);
    return report ? report->entries : -1;
  }

  std::unique_ptr<testing::StoreTestDatabase> db_ =
      testing::CreateTestDatabaseOrThrow(ZT_TEST_BACKEND);
  std::unique_ptr<Store> store_ = testing::OpenMigratedOrThrow(*db_);
  crypto::OpenSslCrypto crypto_;
  crypto::OpenSslSigner signer_{kTestKek};
  SimulatedClock clock_{*ParseInstant("2025-09-30T10:00:00+08:00")};
  AccountService accounts_{*store_, crypto_, clock_};
  CatalogService catalog_{*store_, crypto_, clock_};
  ApplicationService apps_{*store_, crypto_, clock_, calendar::WorkingCalendar::China()};
  LicenceService licences_{*store_, crypto_, signer_, clock_};
  RequestContext ctx_{"req-licence", "127.0.0.1"};
  accounts::Actor admin_, clerk_, reviewer_, xs_admin_, xs_clerk_, manager_, security_, citizen_,
      other_;
  std::string citizen_id_, other_id_;
};

}  // namespace zt::service
