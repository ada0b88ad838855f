// The foundation slice through the services on a real store (SQLite or PostgreSQL, chosen at
// build time): publish an item, apply, accept, approve, conclude, follow, count.
#include <stdexcept>

#include <gtest/gtest.h>

#include "store_test_db.h"
#include "two_districts.h"
#include "zt/calendar/calendar.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/seed/seed.h"
#include "zt/service/account_service.h"
#include "zt/service/application_service.h"
#include "zt/service/catalog_service.h"

namespace zt::service {
namespace {

using accounts::Actor;
using accounts::Role;

constexpr const char* kPassword = "correct horse battery";

Instant At(const char* rfc3339) { return *ParseInstant(rfc3339); }

class SliceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto seeded = testing::PutTwoDistricts(*store_);
    ASSERT_TRUE(seeded.has_value()) << seeded.error().ToString();
    admin_ = Staff("ck-admin", Role::kDepartmentAdmin, "440802", "440802-scj");
    clerk_ = Staff("ck-clerk", Role::kWindowClerk, "440802", "440802-scj");
    reviewer_ = Staff("ck-reviewer", Role::kReviewer, "440802", "440802-scj");
    xiashan_clerk_ = Staff("xs-clerk", Role::kWindowClerk, "440803", "440803-scj");
    manager_ = Staff("zj-manager", Role::kBureauManager, "440800", "");
    citizen_id_ = seed::DemoIdNumber("440802", *ParseDate("1985-06-15"), 123);
    auto citizen =
        accounts_.RegisterCitizen({citizen_id_, "陈晓明", "13807591234", kPassword}, ctx_);
    ASSERT_TRUE(citizen.has_value()) << citizen.error().ToString();
    citizen_ = AccountService::ActorOf(*citizen);
  }

  Actor Staff(const std::string& username, Role role, const std::string& region,
              const std::string& department) {
    auto a = accounts_.CreateStaff(
        {username, username, role, region, DepartmentId(department), kPassword}, std::nullopt,
        ctx_);
    EXPECT_TRUE(a.has_value()) << a.error().ToString();
    return AccountService::ActorOf(*a);
  }

  ItemView PublishedItem(int statutory = 20, int promised = 1) {
    catalog::ServiceItem item;
    item.code = "440802-scj-" + std::to_string(++item_counter_);
    item.name = "食品经营许可";
    item.department_id = DepartmentId("440802-scj");
    item.region_code = "440802";
    item.statutory_limit_wd = statutory;
    item.promised_limit_wd = promised;
    item.materials = {{"申请表", true, ""}};
    auto created = catalog_.Create(admin_, item, ctx_);
    EXPECT_TRUE(created.has_value()) << created.error().ToString();
    auto published = catalog_.PublishInitialLoad(admin_, created->item.id, created->item.version,
                                                 "test fixture", ctx_);
    EXPECT_TRUE(published.has_value()) << published.error().ToString();
    return *published;
  }

  ApplicationView Apply(const ItemView& item, std::string key = "") {
    SubmitRequest request;
    request.item_id = item.item.id;
    request.idempotency_key = key;
    request.request_fingerprint = "fp:" + item.item.id.value();
    auto view = apps_.Submit(citizen_, request, ctx_);
    EXPECT_TRUE(view.has_value()) << view.error().ToString();
    return *view;
  }

  std::int64_t EventCount() {
    auto report = store_->VerifyChain();
    EXPECT_TRUE(report.has_value());
    return report->entries;
  }

  // Opened first: the services below keep a reference to it.
  std::unique_ptr<testing::StoreTestDatabase> db_ =
      testing::CreateTestDatabaseOrThrow(ZT_TEST_BACKEND);
  std::unique_ptr<Store> store_ = testing::OpenMigratedOrThrow(*db_);
  crypto::OpenSslCrypto crypto_;
  SimulatedClock clock_{At("2025-09-30T10:00:00+08:00")};
  AccountService accounts_{*store_, crypto_, clock_};
  CatalogService catalog_{*store_, crypto_, clock_};
  ApplicationService apps_{*store_, crypto_, clock_, calendar::WorkingCalendar::China()};
  RequestContext ctx_{"req-test", "127.0.0.1"};
  Actor admin_, clerk_, reviewer_, xiashan_clerk_, manager_, citizen_;
  std::string citizen_id_;
  int item_counter_ = 0;
};

TEST_F(SliceTest, ApplicationGoesFromSubmissionToConclusion) {
  ItemView item = PublishedItem(20, 1);
  ApplicationView submitted = Apply(item);
  EXPECT_EQ(submitted.record.state, "submitted");
  EXPECT_EQ(submitted.record.version, 1);
  EXPECT_EQ(submitted.record.receipt_no, "440802-20250930-00001");

  auto accepted = apps_.Act(clerk_, submitted.record.id, {"accept", {}}, 1, ctx_);
  ASSERT_TRUE(accepted.has_value()) << accepted.error().ToString();
  EXPECT_EQ(accepted->record.state, "accepted");
  // One working day after 2025-09-30 is 2025-10-09: 10-01..10-08 is the National Day holiday.
  ASSERT_TRUE(accepted->record.promised_deadline.has_value());
  EXPECT_EQ(accepted->record.promised_deadline->ToString(), "2025-10-09");
  // Twenty working days: 10-09 is the 1st, the make-up Saturday 10-11 counts, 11-04 the 20th.
  EXPECT_EQ(accepted->record.statutory_deadline->ToString(), "2025-11-04");

  clock_.Set(At("2025-10-09T09:00:00+08:00"));
  auto approved = apps_.Act(reviewer_, submitted.record.id, {"approve", {}}, 2, ctx_);
  ASSERT_TRUE(approved.has_value()) << approved.error().ToString();
  auto concluded = apps_.Act(clerk_, submitted.record.id, {"conclude", {}}, 3, ctx_);
  ASSERT_TRUE(concluded.has_value()) << concluded.error().ToString();
  EXPECT_EQ(concluded->record.state, "concluded");
  EXPECT_EQ(concluded->record.version, 4);

  auto progress = apps_.Progress(submitted.record.receipt_no, citizen_id_);
  ASSERT_TRUE(progress.has_value()) << progress.error().ToString();
  EXPECT_TRUE(progress->masked);
  ASSERT_EQ(progress->steps.size(), 4u);
  EXPECT_EQ(progress->steps[0].action, "application.submitted");
  EXPECT_EQ(progress->steps[1].action, "application.accepted");
  EXPECT_EQ(progress->steps[3].action, "application.concluded");

  auto figures = apps_.DepartmentStats(manager_, "");
  ASSERT_TRUE(figures.has_value()) << figures.error().ToString();
  const DepartmentFigures* chikan = nullptr;
  for (const auto& f : *figures) {
    if (f.department_id.value() == "440802-scj") chikan = &f;
  }
  ASSERT_NE(chikan, nullptr);
  EXPECT_EQ(chikan->accepted, 1);
  EXPECT_EQ(chikan->concluded, 1);
  EXPECT_EQ(chikan->concluded_on_time, 1);
  EXPECT_EQ(chikan->working_days_total, 1);  // 09-30 to 10-09 is one working day

  auto chain = store_->VerifyChain();
  ASSERT_TRUE(chain.has_value());
  EXPECT_TRUE(chain->intact) << chain->problem;
}

TEST_F(SliceTest, ProgressNeedsTheMatchingIdNumber) {
  ApplicationView submitted = Apply(PublishedItem());
  std::string other = seed::DemoIdNumber("440802", *ParseDate("1990-01-01"), 7);
  auto wrong = apps_.Progress(submitted.record.receipt_no, other);
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().code(), ErrorCode::kNotFound);
  auto garbage = apps_.Progress(submitted.record.receipt_no, "not-an-id");
  ASSERT_FALSE(garbage.has_value());
  EXPECT_EQ(garbage.error().code(), ErrorCode::kNotFound);
}

TEST_F(SliceTest, XiashanClerkCannotSeeOrActOnChikanCase) {
  ApplicationView submitted = Apply(PublishedItem());
  auto seen = apps_.Get(xiashan_clerk_, submitted.record.id);
  ASSERT_FALSE(seen.has_value());
  EXPECT_EQ(seen.error().code(), ErrorCode::kNotFound);
  auto acted = apps_.Act(xiashan_clerk_, submitted.record.id, {"accept", {}}, 1, ctx_);
  ASSERT_FALSE(acted.has_value());
  EXPECT_EQ(acted.error().code(), ErrorCode::kNotFound);
  auto listed = apps_.List(xiashan_clerk_, {});
  ASSERT_TRUE(listed.has_value());
  EXPECT_EQ(listed->total, 0);
  auto own = apps_.List(clerk_, {});
  ASSERT_TRUE(own.has_value());
  EXPECT_EQ(own->total, 1);
}

TEST_F(SliceTest, RefusedTransitionChangesNothing) {
  ApplicationView submitted = Apply(PublishedItem());
  std::int64_t events = EventCount();
  auto approve_early = apps_.Act(reviewer_, submitted.record.id, {"approve", {}}, 1, ctx_);
  ASSERT_FALSE(approve_early.has_value());
  EXPECT_EQ(approve_early.error().code(), ErrorCode::kFailedPrecondition);
  auto by_citizen = apps_.Act(citizen_, submitted.record.id, {"accept", {}}, 1, ctx_);
  ASSERT_FALSE(by_citizen.has_value());
  EXPECT_EQ(by_citizen.error().code(), ErrorCode::kPermissionDenied);
  auto no_note = apps_.Act(clerk_, submitted.record.id, {"not_accept", {}}, 1, ctx_);
  ASSERT_FALSE(no_note.has_value());
  EXPECT_EQ(no_note.error().code(), ErrorCode::kInvalidArgument);
  // Nothing but the audit of the citizen's refusal (access.denied, written on its own).
  EXPECT_EQ(EventCount(), events + 1);
  auto after = apps_.Get(clerk_, submitted.record.id);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->record.state, "submitted");
  EXPECT_EQ(after->record.version, 1);
  // The refusal is in the audit, not in the steps everyone who reads the case sees.
  ASSERT_FALSE(after->steps.empty());
  for (const auto& step : after->steps) EXPECT_NE(step.action, "access.denied");
}

TEST_F(SliceTest, StaleVersionIsAborted) {
  ApplicationView submitted = Apply(PublishedItem());
  ASSERT_TRUE(apps_.Act(clerk_, submitted.record.id, {"accept", {}}, 1, ctx_).has_value());
  auto stale = apps_.Act(reviewer_, submitted.record.id, {"approve", {}}, 1, ctx_);
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code(), ErrorCode::kAborted);
  EXPECT_EQ(stale.error().key(), "version.stale");
}

TEST_F(SliceTest, IdempotencyKeyCreatesOnce) {
  ItemView item = PublishedItem();
  ApplicationView first = Apply(item, "key-1");
  ApplicationView again = Apply(item, "key-1");
  EXPECT_EQ(first.record.id, again.record.id);
  auto listed = apps_.List(citizen_, {});
  ASSERT_TRUE(listed.has_value());
  EXPECT_EQ(listed->total, 1);
  SubmitRequest different;
  different.item_id = item.item.id;
  different.idempotency_key = "key-1";
  different.request_fingerprint = "another body";
  auto reused = apps_.Submit(citizen_, different, ctx_);
  ASSERT_FALSE(reused.has_value());
  EXPECT_EQ(reused.error().key(), "idempotency.key_reused");
}

TEST_F(SliceTest, DeadlineIntoYearWithoutHolidayDataIsRefused) {
  // Submitted a week earlier, so not yet deemed accepted (第三十二条), which would start the
  // clock on the submission day.
  clock_.Set(At("2026-12-21T10:00:00+08:00"));
  ApplicationView submitted = Apply(PublishedItem(20, 5));
  clock_.Set(At("2026-12-28T10:00:00+08:00"));  // five working days runs into 2027
  auto accepted = apps_.Act(clerk_, submitted.record.id, {"accept", {}}, 1, ctx_);
  ASSERT_FALSE(accepted.has_value());
  EXPECT_EQ(accepted.error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(accepted.error().key(), "calendar.year_not_covered");
  auto after = apps_.Get(clerk_, submitted.record.id);
  EXPECT_EQ(after->record.state, "submitted");
}

TEST_F(SliceTest, PublishNeedsCurrentVersionAndOwnDepartment) {
  catalog::ServiceItem item;
  item.code = "440802-scj-900";
  item.name = "个体工商户登记";
  item.department_id = DepartmentId("440802-scj");
  item.region_code = "440802";
  item.statutory_limit_wd = 15;
  item.promised_limit_wd = 3;
  auto created = catalog_.Create(admin_, item, ctx_);
  ASSERT_TRUE(created.has_value());
  auto stale = catalog_.PublishInitialLoad(admin_, created->item.id, 7, "test fixture", ctx_);
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code(), ErrorCode::kAborted);
  auto by_clerk = catalog_.PublishInitialLoad(clerk_, created->item.id, 1, "test fixture", ctx_);
  ASSERT_FALSE(by_clerk.has_value());
  EXPECT_EQ(by_clerk.error().code(), ErrorCode::kPermissionDenied);
  // Citizens do not see drafts at all.
  auto draft = catalog_.Get(citizen_, created->item.id);
  ASSERT_FALSE(draft.has_value());
  EXPECT_EQ(draft.error().code(), ErrorCode::kNotFound);
  auto duplicate = catalog_.Create(admin_, item, ctx_);
  ASSERT_FALSE(duplicate.has_value());
  EXPECT_EQ(duplicate.error().code(), ErrorCode::kAlreadyExists);
}

TEST_F(SliceTest, CitizenApplicationRejectsBadItem) {
  SubmitRequest request;
  request.item_id = ItemId("i_missing");
  auto view = apps_.Submit(citizen_, request, ctx_);
  ASSERT_FALSE(view.has_value());
  EXPECT_EQ(view.error().code(), ErrorCode::kInvalidArgument);
  ASSERT_FALSE(view.error().fields().empty());
  EXPECT_EQ(view.error().fields()[0].pointer, "/item_id");
}

TEST_F(SliceTest, CitizenAppliesOnlyAsThemselves) {
  ItemView item = PublishedItem();
  SubmitRequest request;
  request.item_id = item.item.id;
  request.applicant =
      Applicant{"林秀英", seed::DemoIdNumber("440803", *ParseDate("1990-02-02"), 5), "13807590000"};
  auto other = apps_.Submit(citizen_, request, ctx_);
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().key(), "application.applicant_not_self");
  EXPECT_EQ(other.error().fields()[0].pointer, "/applicant/id_number");
  // Without an ID number the applicant is the citizen's own account; the phone may differ.
  request.applicant = Applicant{"", "", "13907591111"};
  auto own = apps_.Submit(citizen_, request, ctx_);
  ASSERT_TRUE(own.has_value()) << own.error().ToString();
  EXPECT_EQ(own->record.applicant_id_number, citizen_id_);
  EXPECT_EQ(own->record.applicant_phone, "13907591111");
}

TEST_F(SliceTest, ClerkFilingForWalkInValidatesIdNumber) {
  ItemView item = PublishedItem();
  SubmitRequest request;
  request.item_id = item.item.id;
  request.channel = "window";
  std::string bad = citizen_id_;
  bad.back() = bad.back() == '1' ? '2' : '1';
  request.applicant = Applicant{"林秀英", bad, "13807590000"};
  auto view = apps_.Submit(clerk_, request, ctx_);
  ASSERT_FALSE(view.has_value());
  EXPECT_EQ(view.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(view.error().fields()[0].pointer, "/applicant/id_number");
  EXPECT_EQ(view.error().fields()[0].key, "id_number.check_digit");
}

TEST_F(SliceTest, LoginSessionsExpireAndPasswordChangeEndsThem) {
  auto wrong = accounts_.Login("ck-clerk", "not the password", ctx_);
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().key(), "auth.invalid_credentials");
  auto unknown = accounts_.Login("nobody", kPassword, ctx_);
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().key(), "auth.invalid_credentials");

  auto session = accounts_.Login("ck-clerk", kPassword, ctx_);
  ASSERT_TRUE(session.has_value()) << session.error().ToString();
  EXPECT_TRUE(session->account.must_change_password);
  EXPECT_TRUE(accounts_.Authenticate(session->token).has_value());
  clock_.Advance(std::chrono::minutes(31));  // idle timeout
  auto idle = accounts_.Authenticate(session->token);
  ASSERT_FALSE(idle.has_value());
  EXPECT_EQ(idle.error().key(), "auth.session_expired");

  auto second = accounts_.Login("ck-clerk", kPassword, ctx_);
  ASSERT_TRUE(second.has_value());
  ASSERT_TRUE(
      accounts_.ChangePassword(clerk_.account_id, kPassword, "a much better passphrase", ctx_)
          .has_value());
  EXPECT_FALSE(accounts_.Authenticate(second->token).has_value());
  auto third = accounts_.Login("ck-clerk", "a much better passphrase", ctx_);
  ASSERT_TRUE(third.has_value());
  EXPECT_FALSE(third->account.must_change_password);

  // Absolute expiry: keep the session busy (inside the staff idle limit), it still ends after
  // 12 hours.
  for (int i = 0; i < 52; ++i) {
    clock_.Advance(std::chrono::minutes(14));
    if (!accounts_.Authenticate(third->token).has_value()) break;
  }
  EXPECT_FALSE(accounts_.Authenticate(third->token).has_value());
}

TEST_F(SliceTest, CitizenRegistrationValidatesAndRefusesDuplicates) {
  auto duplicate =
      accounts_.RegisterCitizen({citizen_id_, "陈晓明", "13807591234", kPassword}, ctx_);
  ASSERT_FALSE(duplicate.has_value());
  EXPECT_EQ(duplicate.error().code(), ErrorCode::kAlreadyExists);
  auto bad = accounts_.RegisterCitizen({"11010519491231002Y", "", "12345", "short"}, ctx_);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
  std::vector<std::string> pointers;
  for (const auto& f : bad.error().fields()) pointers.push_back(f.pointer);
  EXPECT_EQ(pointers, (std::vector<std::string>{"/id_number", "/phone", "/name", "/password"}));
}

TEST(SeedTest, DemoCitySeedsOnceThroughTheServices) {
  auto db = testing::CreateTestDatabaseOrThrow(ZT_TEST_BACKEND);
  auto store = testing::OpenMigratedOrThrow(*db);
  crypto::OpenSslCrypto crypto;
  seed::SeedOptions options;
  options.applications = 30;
  options.demo_password = "demo-password-123";
  options.now = At("2025-11-20T10:00:00+08:00");
  auto result = seed::SeedDemoCity(*store, crypto, options);
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  EXPECT_FALSE(result->already_seeded);
  EXPECT_EQ(result->regions, 136);  // 广东省, 湛江市, 9 counties and districts, 125 townships
  EXPECT_GE(result->departments, 45);
  EXPECT_EQ(result->applications, 30);
  auto again = seed::SeedDemoCity(*store, crypto, options);
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->already_seeded);
  auto chain = store->VerifyChain();
  ASSERT_TRUE(chain.has_value());
  EXPECT_TRUE(chain->intact);
}

}  // namespace
}  // namespace zt::service
