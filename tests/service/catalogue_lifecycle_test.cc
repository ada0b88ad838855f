// The item record and its life cycle on a real store (SQLite or PostgreSQL): the full
// element set, draft → review → published → withdrawn with numbered versions and effective
// dates, review by someone other than the author, the catalogue at a past date, the figures
// frozen at a reporting date, and 认领 with 应认领/已认领 counts.
#include <map>
#include <stdexcept>

#include <gtest/gtest.h>

#include "store_test_db.h"
#include "two_districts.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/seed/seed.h"
#include "zt/service/account_service.h"
#include "zt/service/catalog_service.h"

namespace zt::service {
namespace {

using accounts::Actor;
using accounts::Role;
using catalog::VersionState;

constexpr const char* kPassword = "correct horse battery";

struct World {
  World() {
    auto seeded = testing::PutTwoDistricts(*store);
    if (!seeded) throw std::runtime_error(seeded.error().ToString());
    author = Staff("ck-admin", Role::kDepartmentAdmin, "440802", "440802-scj");
    reviewer = Staff("ck-admin-2", Role::kDepartmentAdmin, "440802", "440802-scj");
    xs_admin = Staff("xs-admin", Role::kDepartmentAdmin, "440803", "440803-scj");
    manager = Staff("zj-manager", Role::kBureauManager, "440800", "");
  }
  Actor Staff(const std::string& username, Role role, const std::string& region,
              const std::string& department) {
    auto a = accounts.CreateStaff(
        {username, username, role, region, DepartmentId(department), kPassword}, std::nullopt, ctx);
    if (!a) throw std::runtime_error(a.error().ToString());
    return AccountService::ActorOf(*a);
  }
  std::int64_t Events() { return store->VerifyChain()->entries; }

  std::unique_ptr<testing::StoreTestDatabase> db =
      testing::CreateTestDatabaseOrThrow(ZT_TEST_BACKEND);
  std::unique_ptr<Store> store = testing::OpenMigratedOrThrow(*db);
  crypto::OpenSslCrypto crypto;
  SimulatedClock clock{*ParseInstant("2025-09-30T10:00:00+08:00")};
  AccountService accounts{*store, crypto, clock};
  CatalogService catalog{*store, crypto, clock};
  RequestContext ctx{"req-test", "127.0.0.1"};
  Actor author, reviewer, xs_admin, manager;
};

// A 食品经营许可 handling item with every element of the record.
catalog::ServiceItem FoodLicence() {
  catalog::ServiceItem item;
  item.code = "440802-scj-spjy-01";
  item.name = "食品经营许可（新办）";
  item.type = catalog::ItemType::kLicensing;
  item.department_id = DepartmentId("440802-scj");
  item.region_code = "440802";
  item.statutory_limit_wd = 20;
  item.promised_limit_wd = 10;
  item.case_kind = catalog::CaseKind::kPromised;
  item.online = true;
  item.materials = {{"食品经营许可申请书", true, ""}};
  auto& e = item.elements;
  e.tier = catalog::ItemTier::kHandling;
  e.implementing_body = "赤坎区市场监督管理局";
  e.implementing_body_credit_code = seed::GovernmentCreditCode("440802", 1);
  e.legal_basis = {
      {"《中华人民共和国食品安全法》", "第三十五条", "国家对食品生产经营实行许可制度。"}};
  e.conditions = "有与经营的食品品种、数量相适应的经营场所";
  catalog::Material plan{"经营场所平面图", true, ""};
  plan.secondary = true;
  plan.trust_grade = "C";
  catalog::Material licence{"营业执照", true, ""};
  licence.licence_type_code = "yyzz";
  licence.shared_data = "市场主体登记信息";
  e.situations = {{"企业申请", "以企业名义申请", {licence, plan}}, {"个体工商户申请", "", {plan}}};
  e.online_depth = catalog::OnlineDepth::kFullyOnline;
  e.onsite_visits = 0;
  e.fees = {};
  e.channels = {"网上办理", "窗口办理"};
  e.windows = {"3号综合窗口"};
  e.one_window = true;
  e.tolerance = true;
  e.notification_commitment = false;
  return item;
}

class CatalogueLifecycleTest : public ::testing::Test {
 protected:
  ItemRecord Draft() {
    auto created = w_.catalog.Create(w_.author, FoodLicence(), w_.ctx);
    EXPECT_TRUE(created.has_value()) << created.error().ToString();
    auto record = w_.catalog.GetRecord(w_.author, created->item.id);
    EXPECT_TRUE(record.has_value()) << record.error().ToString();
    return *record;
  }
  // Draft → review (author) → published (reviewer), effective today.
  ItemRecord Published() {
    ItemRecord r = Draft();
    auto submitted =
        w_.catalog.SubmitForReview(w_.author, r.item.item.id, r.item.item.version, w_.ctx);
    EXPECT_TRUE(submitted.has_value()) << submitted.error().ToString();
    auto published = w_.catalog.Review(w_.reviewer, r.item.item.id, submitted->item.item.version,
                                       {.approve = true}, w_.ctx);
    EXPECT_TRUE(published.has_value()) << published.error().ToString();
    return *published;
  }
  World w_;
};

TEST_F(CatalogueLifecycleTest, TheFullRecordIsStoredAndReadBackWithItsFirstVersion) {
  ItemRecord r = Draft();
  const auto& e = r.item.item.elements;
  EXPECT_EQ(e.implementing_body_credit_code, seed::GovernmentCreditCode("440802", 1));
  ASSERT_EQ(e.situations.size(), 2u);
  ASSERT_EQ(e.situations[0].materials.size(), 2u);
  EXPECT_EQ(e.situations[0].materials[0].shared_data, "市场主体登记信息");
  EXPECT_EQ(e.situations[0].materials[0].licence_type_code, "yyzz");
  EXPECT_TRUE(e.situations[0].materials[1].secondary);
  EXPECT_EQ(e.legal_basis.at(0).article, "第三十五条");
  EXPECT_EQ(e.online_depth, catalog::OnlineDepth::kFullyOnline);
  EXPECT_EQ(e.onsite_visits, 0);
  EXPECT_TRUE(e.one_window);
  EXPECT_TRUE(e.tolerance);
  EXPECT_EQ(e.channels, (std::vector<std::string>{"网上办理", "窗口办理"}));
  ASSERT_EQ(r.versions.size(), 1u);
  EXPECT_EQ(r.versions[0].state, VersionState::kDraft);
  EXPECT_EQ(r.versions[0].author_id, w_.author.account_id.value());
  ASSERT_TRUE(r.open_version.has_value());
  // Nobody outside the department sees a draft.
  auto anonymous = w_.catalog.GetRecord(std::nullopt, r.item.item.id);
  ASSERT_FALSE(anonymous.has_value());
  EXPECT_EQ(anonymous.error().code(), ErrorCode::kNotFound);
  EXPECT_FALSE(w_.catalog.GetRecord(w_.xs_admin, r.item.item.id).has_value());
}

TEST_F(CatalogueLifecycleTest, BadInputIsRefusedWithItsKeyAndNothingIsWritten) {
  std::int64_t before = w_.Events();
  auto promised = FoodLicence();
  promised.promised_limit_wd = 25;
  auto r1 = w_.catalog.Create(w_.author, promised, w_.ctx);
  ASSERT_FALSE(r1.has_value());
  EXPECT_EQ(r1.error().key(), "item.promised_exceeds_statutory");

  auto credit = FoodLicence();
  credit.elements.implementing_body_credit_code = "11440802MB2C12345X";
  auto r2 = w_.catalog.Create(w_.author, credit, w_.ctx);
  ASSERT_FALSE(r2.has_value());
  EXPECT_EQ(r2.error().key(), "item.credit_code_invalid");
  ASSERT_FALSE(r2.error().fields().empty());
  EXPECT_EQ(r2.error().fields()[0].pointer, "/elements/implementing_body_credit_code");

  auto region = FoodLicence();
  region.region_code = "440899";
  auto r3 = w_.catalog.Create(w_.author, region, w_.ctx);
  ASSERT_FALSE(r3.has_value());
  EXPECT_EQ(r3.error().key(), "region.unknown");

  auto visits = FoodLicence();
  visits.elements.onsite_visits = 2;  // fully online yet two visits
  auto r4 = w_.catalog.Create(w_.author, visits, w_.ctx);
  ASSERT_FALSE(r4.has_value());
  EXPECT_EQ(r4.error().key(), "item.fully_online_visits");

  EXPECT_EQ(w_.Events(), before);
  EXPECT_EQ(w_.catalog.List(w_.author, {})->total, 0);

  // A draft edited with a promised limit above the statutory one keeps its content.
  ItemRecord draft = Draft();
  auto bad_edit = FoodLicence();
  bad_edit.promised_limit_wd = 30;
  std::int64_t after_draft = w_.Events();
  auto r5 = w_.catalog.UpdateDraft(w_.author, draft.item.item.id, draft.item.item.version, bad_edit,
                                   w_.ctx);
  ASSERT_FALSE(r5.has_value());
  EXPECT_EQ(r5.error().key(), "item.promised_exceeds_statutory");
  EXPECT_EQ(w_.Events(), after_draft);
  EXPECT_EQ(w_.catalog.GetRecord(w_.author, draft.item.item.id)->item.item.promised_limit_wd, 10);
}

TEST_F(CatalogueLifecycleTest, ThePublishedItemIsNeverEditedInPlace) {
  ItemRecord published = Published();
  std::int64_t before = w_.Events();
  auto edit = FoodLicence();
  edit.promised_limit_wd = 5;
  auto refused = w_.catalog.UpdateDraft(w_.author, published.item.item.id,
                                        published.item.item.version, edit, w_.ctx);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().key(), "item.not_draft");
  EXPECT_EQ(refused.error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(w_.Events(), before);
}

TEST_F(CatalogueLifecycleTest, TheAuthorCannotReviewAndEachStepIsAnEvent) {
  ItemRecord r = Draft();
  std::int64_t before = w_.Events();
  auto submitted =
      w_.catalog.SubmitForReview(w_.author, r.item.item.id, r.item.item.version, w_.ctx);
  ASSERT_TRUE(submitted.has_value()) << submitted.error().ToString();
  EXPECT_EQ(submitted->open_version->state, VersionState::kReview);
  EXPECT_EQ(w_.Events(), before + 1);

  // While in review, nobody edits it and the direct publish is refused.
  auto edit = w_.catalog.UpdateDraft(w_.author, r.item.item.id, submitted->item.item.version,
                                     FoodLicence(), w_.ctx);
  ASSERT_FALSE(edit.has_value());
  EXPECT_EQ(edit.error().key(), "item.in_review");
  auto direct = w_.catalog.PublishInitialLoad(w_.author, r.item.item.id,
                                              submitted->item.item.version, "test fixture", w_.ctx);
  ASSERT_FALSE(direct.has_value());
  EXPECT_EQ(direct.error().key(), "item.in_review");

  auto self = w_.catalog.Review(w_.author, r.item.item.id, submitted->item.item.version,
                                {.approve = true}, w_.ctx);
  ASSERT_FALSE(self.has_value());
  EXPECT_EQ(self.error().key(), "item.review_by_author");
  auto other_department = w_.catalog.Review(
      w_.xs_admin, r.item.item.id, submitted->item.item.version, {.approve = true}, w_.ctx);
  ASSERT_FALSE(other_department.has_value());
  EXPECT_EQ(other_department.error().code(), ErrorCode::kNotFound);

  // Returned with a note, edited, submitted again, approved by the bureau.
  std::int64_t mid = w_.Events();
  auto returned = w_.catalog.Review(w_.reviewer, r.item.item.id, submitted->item.item.version,
                                    {.approve = false, .note = "请补充收费依据"}, w_.ctx);
  ASSERT_TRUE(returned.has_value()) << returned.error().ToString();
  EXPECT_EQ(returned->open_version->state, VersionState::kDraft);
  EXPECT_EQ(returned->open_version->review_note, "请补充收费依据");
  auto again =
      w_.catalog.SubmitForReview(w_.author, r.item.item.id, returned->item.item.version, w_.ctx);
  ASSERT_TRUE(again.has_value());
  auto published = w_.catalog.Review(w_.manager, r.item.item.id, again->item.item.version,
                                     {.approve = true}, w_.ctx);
  ASSERT_TRUE(published.has_value()) << published.error().ToString();
  EXPECT_EQ(w_.Events(), mid + 3);
  EXPECT_EQ(published->item.item.status, catalog::ItemStatus::kPublished);
  ASSERT_EQ(published->versions.size(), 1u);
  EXPECT_EQ(published->versions[0].state, VersionState::kPublished);
  EXPECT_EQ(published->versions[0].effective_from, ParseDate("2025-09-30").value());
  EXPECT_EQ(published->versions[0].reviewed_by, w_.manager.account_id.value());
  auto tx = w_.store->Begin();
  auto events = (*tx)->ListEventsFor("item", r.item.item.id.value());
  ASSERT_TRUE(events.has_value());
  std::vector<std::string> actions;
  for (const auto& ev : *events) actions.push_back(ev.event.action);
  // The refused self-review and the other department's attempt are audited too.
  EXPECT_EQ(actions, (std::vector<std::string>{"item.created", "item.submitted", "access.denied",
                                               "access.denied", "item.review_returned",
                                               "item.submitted", "item.published"}));
}

TEST_F(CatalogueLifecycleTest, AnInitialLoadSaysWhoLoadedItAndWhyAndNeedsAReason) {
  ItemRecord r = Draft();
  std::int64_t before = w_.Events();
  auto no_reason =
      w_.catalog.PublishInitialLoad(w_.author, r.item.item.id, r.item.item.version, "", w_.ctx);
  ASSERT_FALSE(no_reason.has_value());
  EXPECT_EQ(no_reason.error().key(), "item.initial_load_reason");
  auto by_manager = w_.catalog.PublishInitialLoad(w_.manager, r.item.item.id, r.item.item.version,
                                                  "bulk load", w_.ctx);
  ASSERT_FALSE(by_manager.has_value());
  EXPECT_EQ(by_manager.error().code(), ErrorCode::kPermissionDenied);
  std::int64_t after_refusals = w_.Events();  // the refused manager is audited, nothing else
  EXPECT_LE(after_refusals - before, 1);

  auto loaded = w_.catalog.PublishInitialLoad(w_.author, r.item.item.id, r.item.item.version,
                                              "2025 迁移旧系统事项", w_.ctx);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().ToString();
  EXPECT_EQ(loaded->item.status, catalog::ItemStatus::kPublished);
  std::map<std::string, std::string> details;
  {
    auto tx = w_.store->Begin();  // read, then let go before the next write
    ASSERT_TRUE(tx.has_value());
    auto events = (*tx)->ListEventsFor("item", r.item.item.id.value());
    ASSERT_TRUE(events.has_value());
    ASSERT_FALSE(events->empty());
    const EventDraft& last = events->back().event;
    EXPECT_EQ(last.action, "item.published");
    for (const auto& [k, v] : last.details) details[k] = v;
  }
  EXPECT_EQ(details["initial_load"], "true");
  EXPECT_EQ(details["loaded_by"], w_.author.account_id.value());
  EXPECT_EQ(details["reason"], "2025 迁移旧系统事项");

  // Only a first draft is loaded this way: a published item changes through review.
  auto again = w_.catalog.PublishInitialLoad(w_.author, r.item.item.id, loaded->item.version,
                                             "again", w_.ctx);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().key(), "item.status_not_allowed");
}

TEST_F(CatalogueLifecycleTest, ARevisionTakesEffectOnItsDateAndThePastCanBeReconstructed) {
  ItemRecord v1 = Published();  // in force from 2025-09-30, promised 10 days
  const ItemId id = v1.item.item.id;
  w_.clock.Advance(std::chrono::hours(24));  // 2025-10-01
  auto revision = w_.catalog.StartRevision(w_.author, id, v1.item.item.version, w_.ctx);
  ASSERT_TRUE(revision.has_value()) << revision.error().ToString();
  auto second = w_.catalog.StartRevision(w_.author, id, revision->item.item.version, w_.ctx);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().key(), "item.revision_open");
  auto content = FoodLicence();
  content.promised_limit_wd = 3;
  content.code = "an-attempt-to-recode";  // a revision keeps the item's code
  auto edited = w_.catalog.UpdateDraft(w_.author, id, revision->item.item.version, content, w_.ctx);
  ASSERT_TRUE(edited.has_value()) << edited.error().ToString();
  // The public still sees version 1 while version 2 is prepared.
  EXPECT_EQ(w_.catalog.Get(std::nullopt, id)->item.promised_limit_wd, 10);
  EXPECT_EQ(edited->open_version->content.code, "440802-scj-spjy-01");
  auto submitted = w_.catalog.SubmitForReview(w_.author, id, edited->item.item.version, w_.ctx);
  ASSERT_TRUE(submitted.has_value());
  auto past = w_.catalog.Review(
      w_.reviewer, id, submitted->item.item.version,
      {.approve = true, .effective_from = ParseDate("2025-09-01").value()}, w_.ctx);
  ASSERT_FALSE(past.has_value());
  EXPECT_EQ(past.error().key(), "item.effective_from_past");
  auto approved = w_.catalog.Review(
      w_.reviewer, id, submitted->item.item.version,
      {.approve = true, .effective_from = ParseDate("2025-10-08").value()}, w_.ctx);
  ASSERT_TRUE(approved.has_value()) << approved.error().ToString();
  ASSERT_EQ(approved->versions.size(), 2u);
  EXPECT_EQ(approved->versions[0].state, VersionState::kSuperseded);
  EXPECT_EQ(approved->versions[0].effective_to, ParseDate("2025-10-07").value());
  EXPECT_EQ(approved->versions[1].state, VersionState::kPublished);
  EXPECT_EQ(approved->item.item.promised_limit_wd, 3);

  auto at = [&](const char* date) { return w_.catalog.CatalogueAt(*ParseDate(date), "4408", {}); };
  EXPECT_TRUE(at("2025-09-29")->empty());
  ASSERT_EQ(at("2025-10-07")->size(), 1u);
  EXPECT_EQ(at("2025-10-07")->at(0).item.promised_limit_wd, 10);
  EXPECT_EQ(at("2025-10-08")->at(0).item.promised_limit_wd, 3);
  EXPECT_EQ(w_.catalog.VersionAt(id, *ParseDate("2025-10-01"))->number, 1);
  EXPECT_EQ(w_.catalog.VersionAt(id, *ParseDate("2025-12-31"))->number, 2);
  EXPECT_TRUE(w_.catalog.CatalogueAt(*ParseDate("2025-10-08"), "440803", {})->empty());

  // The figures frozen at a reporting date use the version then in force.
  auto frozen = w_.catalog.Figures(w_.manager, "440800", {}, *ParseDate("2025-10-07"));
  auto later = w_.catalog.Figures(w_.manager, "440800", {}, *ParseDate("2025-10-08"));
  ASSERT_TRUE(frozen.has_value() && later.has_value());
  EXPECT_EQ(frozen->items, 1);
  auto compression = [](const CatalogFigures& f) {
    for (const auto& i : f.indicators) {
      if (i.key == "time_compression_rate") return i.numerator;
    }
    return -1.0;
  };
  EXPECT_DOUBLE_EQ(compression(*frozen), 10);  // 20 - 10
  EXPECT_DOUBLE_EQ(compression(*later), 17);   // 20 - 3

  // Withdrawn on 2025-10-09: in force up to the day before, not after.
  w_.clock.Advance(std::chrono::hours(24 * 8));  // 2025-10-09
  auto current = w_.catalog.Get(w_.author, id);
  auto withdrawn = w_.catalog.Withdraw(w_.author, id, current->item.version, w_.ctx);
  ASSERT_TRUE(withdrawn.has_value()) << withdrawn.error().ToString();
  EXPECT_EQ(at("2025-10-08")->size(), 1u);
  EXPECT_TRUE(at("2025-10-09")->empty());
  auto record = w_.catalog.GetRecord(w_.author, id);
  EXPECT_EQ(record->versions.back().state, VersionState::kWithdrawn);
}

TEST_F(CatalogueLifecycleTest, DepartmentsClaimAssignedBasicItemsAndTheCountsFollow) {
  for (const auto& r : {Region{"440000", "广东省", "", "province"}}) {
    auto tx = w_.store->Begin();
    ASSERT_TRUE((*tx)->PutRegion(r).has_value());
    ASSERT_TRUE((*tx)->Commit().has_value());
  }
  catalog::StandardItem s;
  s.basic_code = "XK00123001";
  s.name = "食品经营许可";
  s.competent_department = "市场监督管理局";
  s.legal_basis = "《中华人民共和国食品安全法》第三十五条";
  s.statutory_limit_wd = 20;
  s.region_code = "440800";
  auto standard = w_.catalog.CreateStandard(w_.manager, s, w_.ctx);
  ASSERT_TRUE(standard.has_value()) << standard.error().ToString();

  auto by_admin =
      w_.catalog.AssignClaims(w_.author, standard->id, {DepartmentId("440802-scj")}, w_.ctx);
  ASSERT_FALSE(by_admin.has_value());
  EXPECT_EQ(by_admin.error().key(), "claim.not_allowed");
  auto unknown = w_.catalog.AssignClaims(
      w_.manager, standard->id, {DepartmentId("440802-scj"), DepartmentId("nope")}, w_.ctx);
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().key(), "department.unknown");
  EXPECT_TRUE(w_.catalog.Claims(w_.manager, "")->claims.empty());  // nothing half assigned

  auto assigned = w_.catalog.AssignClaims(
      w_.manager, standard->id, {DepartmentId("440802-scj"), DepartmentId("440803-scj")}, w_.ctx);
  ASSERT_TRUE(assigned.has_value()) << assigned.error().ToString();
  EXPECT_EQ(assigned->size(), 2u);
  auto claimed = w_.catalog.ClaimStandard(w_.author, standard->id, w_.ctx);
  ASSERT_TRUE(claimed.has_value()) << claimed.error().ToString();
  EXPECT_TRUE(claimed->claimed_at.has_value());
  auto twice = w_.catalog.ClaimStandard(w_.reviewer, standard->id, w_.ctx);
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().key(), "claim.already_claimed");

  auto report = w_.catalog.Claims(w_.manager, "440800");
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  ASSERT_EQ(report->by_department.size(), 2u);
  EXPECT_EQ(report->by_department[0].department_id, DepartmentId("440802-scj"));
  EXPECT_EQ(report->by_department[0].expected, 1);
  EXPECT_EQ(report->by_department[0].claimed, 1);
  EXPECT_EQ(report->by_department[1].claimed, 0);
  ASSERT_EQ(report->by_region.size(), 2u);
  EXPECT_EQ(report->by_region[1].region_code, "440803");
  EXPECT_EQ(report->by_region[1].expected, 1);
  EXPECT_EQ(report->by_region[1].claimed, 0);
  // A department administrator sees their own department only.
  auto own = w_.catalog.Claims(w_.xs_admin, "");
  ASSERT_TRUE(own.has_value());
  ASSERT_EQ(own->claims.size(), 1u);
  EXPECT_EQ(own->claims[0].department_id, DepartmentId("440803-scj"));
  EXPECT_FALSE(own->claims[0].claimed_at.has_value());
}

}  // namespace
}  // namespace zt::service
