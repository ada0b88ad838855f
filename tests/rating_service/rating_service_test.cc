// Ratings (好差评) through the services on a real store (SQLite or PostgreSQL, chosen at build
// time): rating a concluded application, the refusals of the issue (someone else, a second
// rating, an unconcluded case: nothing written), the default rating after seven natural
// days, a bad rating's rectification to the re-rating, and the indicators by hand.
#include "zt/service/rating_service.h"

#include <gtest/gtest.h>

#include "expect_error.h"
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
using zt::testing::FailsWith;

constexpr const char* kPassword = "correct horse battery";

Instant At(const char* rfc3339) { return *ParseInstant(rfc3339); }

const Indicator& Find(const std::vector<Indicator>& v, std::string_view key) {
  for (const auto& i : v) {
    if (i.key == key) return i;
  }
  ADD_FAILURE() << "no indicator " << key;
  return v.front();
}

class RatingServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto seeded = testing::PutTwoDistricts(*store_);
    ASSERT_TRUE(seeded.has_value()) << seeded.error().ToString();
    admin_ = Staff("ck-admin", Role::kDepartmentAdmin, "440802", "440802-scj");
    clerk_ = Staff("ck-clerk", Role::kWindowClerk, "440802", "440802-scj");
    reviewer_ = Staff("ck-reviewer", Role::kReviewer, "440802", "440802-scj");
    xiashan_admin_ = Staff("xs-admin", Role::kDepartmentAdmin, "440803", "440803-scj");
    xiashan_clerk_ = Staff("xs-clerk", Role::kWindowClerk, "440803", "440803-scj");
    xiashan_reviewer_ = Staff("xs-reviewer", Role::kReviewer, "440803", "440803-scj");
    manager_ = Staff("zj-manager", Role::kBureauManager, "440800", "");
    citizen_ = Citizen(123, "陈晓明", "13807591234");
    other_citizen_ = Citizen(125, "林秀英", "13807591235");
  }

  Actor Staff(const std::string& username, Role role, const std::string& region,
              const std::string& department) {
    auto a = accounts_.CreateStaff(
        {username, username, role, region, DepartmentId(department), kPassword}, std::nullopt,
        ctx_);
    EXPECT_TRUE(a.has_value()) << a.error().ToString();
    return AccountService::ActorOf(*a);
  }

  Actor Citizen(int serial, const char* name, const char* phone) {
    std::string id = seed::DemoIdNumber("440802", *ParseDate("1985-06-15"), serial);
    auto c = accounts_.RegisterCitizen({id, name, phone, kPassword}, ctx_);
    EXPECT_TRUE(c.has_value()) << c.error().ToString();
    return AccountService::ActorOf(*c);
  }

  ItemId PublishedItem(const Actor& admin, const std::string& department,
                       const std::string& region) {
    catalog::ServiceItem item;
    item.code = department + "-" + std::to_string(++item_counter_);
    item.name = "食品经营许可";
    item.department_id = DepartmentId(department);
    item.region_code = region;
    item.statutory_limit_wd = 20;
    item.promised_limit_wd = 5;
    item.materials = {{"申请表", true, ""}};
    auto created = catalog_.Create(admin, item, ctx_);
    EXPECT_TRUE(created.has_value()) << created.error().ToString();
    auto published = catalog_.PublishInitialLoad(admin, created->item.id, created->item.version,
                                                 "test fixture", ctx_);
    EXPECT_TRUE(published.has_value()) << published.error().ToString();
    return published->item.id;
  }

  // An application of `citizen` taken to `until` ("submitted", "accepted", "concluded").
  caseflow::ApplicationCase Application(const Actor& citizen, const ItemId& item,
                                        const Actor& clerk, const Actor& reviewer,
                                        const std::string& until = "concluded") {
    SubmitRequest request;
    request.item_id = item;
    auto view = apps_.Submit(citizen, request, ctx_);
    EXPECT_TRUE(view.has_value()) << view.error().ToString();
    if (until == "submitted") return view->record;
    view = apps_.Act(clerk, view->record.id, {"accept", {}}, view->record.version, ctx_);
    EXPECT_TRUE(view.has_value()) << view.error().ToString();
    if (until == "accepted") return view->record;
    view = apps_.Act(reviewer, view->record.id, {"approve", {}}, view->record.version, ctx_);
    EXPECT_TRUE(view.has_value()) << view.error().ToString();
    view = apps_.Act(clerk, view->record.id, {"conclude", {}}, view->record.version, ctx_);
    EXPECT_TRUE(view.has_value()) << view.error().ToString();
    return view->record;
  }

  caseflow::ApplicationCase ChikanConcluded(const Actor& citizen) {
    if (chikan_item_.empty()) chikan_item_ = PublishedItem(admin_, "440802-scj", "440802");
    return Application(citizen, chikan_item_, clerk_, reviewer_);
  }

  std::int64_t EventCount() {
    auto report = store_->VerifyChain();
    EXPECT_TRUE(report.has_value());
    EXPECT_TRUE(report->intact);
    return report->entries;
  }

  std::int64_t RatingRows() {
    auto tx = store_->Begin();
    EXPECT_TRUE(tx.has_value());
    RatingQuery q;
    std::int64_t total = -1;
    auto rows = (*tx)->ratings().ListRatings(q, &total);
    EXPECT_TRUE(rows.has_value());
    RectificationQuery rq;
    std::int64_t cases = -1;
    EXPECT_TRUE((*tx)->ratings().ListRectifications(rq, &cases).has_value());
    return total + 1000 * cases;
  }

  static rating::RatingInput Input(const char* level, std::vector<std::string> tags = {},
                                   std::string comment = "") {
    return rating::RatingInput{level, std::move(tags), std::move(comment), "online", ""};
  }

  std::unique_ptr<testing::StoreTestDatabase> db_ =
      testing::CreateTestDatabaseOrThrow(ZT_TEST_BACKEND);
  std::unique_ptr<Store> store_ = testing::OpenMigratedOrThrow(*db_);
  crypto::OpenSslCrypto crypto_;
  SimulatedClock clock_{At("2025-09-30T10:00:00+08:00")};
  AccountService accounts_{*store_, crypto_, clock_};
  CatalogService catalog_{*store_, crypto_, clock_};
  ApplicationService apps_{*store_, crypto_, clock_, calendar::WorkingCalendar::China()};
  RatingService ratings_{*store_, crypto_, clock_, calendar::WorkingCalendar::China()};
  RequestContext ctx_{"req-test", "127.0.0.1"};
  Actor admin_, clerk_, reviewer_, xiashan_admin_, xiashan_clerk_, xiashan_reviewer_, manager_,
      citizen_, other_citizen_;
  ItemId chikan_item_;
  int item_counter_ = 0;
};

TEST_F(RatingServiceTest, ApplicantRatesConcludedCaseTiedToItemDepartmentWindowAndClerk) {
  auto c = ChikanConcluded(citizen_);
  std::int64_t before = EventCount();
  rating::RatingInput input = Input("very_satisfied", {"办事效率高", "服务热情"}, "窗口很耐心");
  input.channel = "window_pad";
  input.window_id = "CK-07";
  auto rated = ratings_.Rate(citizen_, c.id, input, ctx_);
  ASSERT_TRUE(rated.has_value()) << rated.error().ToString();
  ASSERT_TRUE(rated->initial.has_value());
  const auto& r = *rated->initial;
  EXPECT_EQ(r.level, 5);
  EXPECT_EQ(r.case_id, c.id);
  EXPECT_EQ(r.item_id, c.item_id);
  EXPECT_EQ(r.department_id.value(), "440802-scj");
  EXPECT_EQ(r.window_id, "CK-07");
  EXPECT_EQ(r.clerk_id, clerk_.account_id);  // the accepting clerk recorded on the case
  EXPECT_EQ(r.channel, "window_pad");
  EXPECT_FALSE(r.is_default);
  EXPECT_FALSE(rated->rectification.has_value());  // a good rating opens nothing
  EXPECT_EQ(EventCount(), before + 1);             // rating.rated

  auto seen = ratings_.OfCase(citizen_, c.id);
  ASSERT_TRUE(seen.has_value()) << seen.error().ToString();
  EXPECT_FALSE(seen->can_rate);
  ASSERT_TRUE(seen->initial.has_value());
  EXPECT_EQ(seen->initial->tags, (std::vector<std::string>{"办事效率高", "服务热情"}));
  EXPECT_EQ(seen->initial->comment, "窗口很耐心");
  // The rated department sees it; the other district's does not (404).
  EXPECT_TRUE(ratings_.OfCase(admin_, c.id).has_value());
  EXPECT_TRUE(FailsWith(ratings_.OfCase(xiashan_admin_, c.id), ErrorCode::kNotFound,
                        "application.not_found"));
}

TEST_F(RatingServiceTest, RefusalsWriteNothing) {
  auto c = ChikanConcluded(citizen_);
  auto open = Application(citizen_, chikan_item_, clerk_, reviewer_, "accepted");
  std::int64_t events = EventCount();
  std::int64_t rows = RatingRows();
  EXPECT_EQ(rows, 0);

  // Someone other than the applicant: the case is not theirs (404, audited as access.denied).
  EXPECT_TRUE(FailsWith(ratings_.Rate(other_citizen_, c.id, Input("very_dissatisfied"), ctx_),
                        ErrorCode::kNotFound, "application.not_found"));
  EXPECT_EQ(EventCount(), events + 1);  // only the access.denied audit entry
  events += 1;
  // Staff do not rate.
  EXPECT_TRUE(FailsWith(ratings_.Rate(clerk_, c.id, Input("very_satisfied"), ctx_),
                        ErrorCode::kPermissionDenied, "rating.applicant_only"));
  // An application that is not concluded yet.
  EXPECT_TRUE(FailsWith(ratings_.Rate(citizen_, open.id, Input("satisfied"), ctx_),
                        ErrorCode::kFailedPrecondition, "rating.case_not_concluded"));
  // Bad fields: every one reported, nothing written.
  rating::RatingInput bad = Input("so-so", {"没有这个标签"}, "");
  bad.channel = "fax";
  auto invalid = ratings_.Rate(citizen_, c.id, bad, ctx_);
  ASSERT_TRUE(FailsWith(invalid, ErrorCode::kInvalidArgument, "rating.level_unknown"));
  EXPECT_EQ(invalid.error().fields().size(), 3u);
  EXPECT_EQ(EventCount(), events);
  EXPECT_EQ(RatingRows(), 0);

  // A second rating of the same case.
  ASSERT_TRUE(ratings_.Rate(citizen_, c.id, Input("satisfied"), ctx_).has_value());
  events = EventCount();
  EXPECT_TRUE(FailsWith(ratings_.Rate(citizen_, c.id, Input("very_dissatisfied"), ctx_),
                        ErrorCode::kAlreadyExists, "rating.already_rated"));
  EXPECT_EQ(EventCount(), events);
  EXPECT_EQ(RatingRows(), 1);  // still the one rating and no rectification case
}

TEST_F(RatingServiceTest, TheDatabaseRefusesASecondRatingToo) {
  auto c = ChikanConcluded(citizen_);
  ASSERT_TRUE(ratings_.Rate(citizen_, c.id, Input("satisfied"), ctx_).has_value());
  auto tx = store_->Begin();
  ASSERT_TRUE(tx.has_value());
  RatingRecord again;
  again.id = "rt_duplicate";
  again.case_id = c.id;
  again.kind = "initial";
  again.channel = "online";
  EXPECT_TRUE(FailsWith((*tx)->ratings().InsertRating(again), ErrorCode::kAlreadyExists,
                        "store.duplicate"));
}

TEST_F(RatingServiceTest, DefaultRatingAfterSevenNaturalDays) {
  auto c = ChikanConcluded(citizen_);  // concluded 2025-09-30 10:00 CST
  ASSERT_TRUE(c.concluded_at.has_value());
  // Six days and 23 hours later (over the National Day holiday): not yet.
  auto count = ratings_.ApplyDefaultRatings(*c.concluded_at + std::chrono::hours(7 * 24 - 1));
  ASSERT_TRUE(count.has_value()) << count.error().ToString();
  EXPECT_EQ(*count, 0);
  clock_.Set(*c.concluded_at + std::chrono::hours(7 * 24));
  count = ratings_.ApplyDefaultRatings(clock_.Now());
  ASSERT_TRUE(count.has_value()) << count.error().ToString();
  EXPECT_EQ(*count, 1);
  // Idempotent: a second sweep finds nothing.
  EXPECT_EQ(*ratings_.ApplyDefaultRatings(clock_.Now()), 0);
  auto seen = ratings_.OfCase(citizen_, c.id);
  ASSERT_TRUE(seen.has_value() && seen->initial.has_value());
  EXPECT_TRUE(seen->initial->is_default);
  EXPECT_EQ(seen->initial->level, 3);  // 基本满意
  EXPECT_EQ(seen->initial->channel, "system");
  EXPECT_TRUE(seen->initial->rater_account.empty());
  // The applicant can no longer rate it.
  EXPECT_TRUE(FailsWith(ratings_.Rate(citizen_, c.id, Input("satisfied"), ctx_),
                        ErrorCode::kAlreadyExists, "rating.already_rated"));
}

TEST_F(RatingServiceTest, BadRatingIsRectifiedRepliedCalledBackAndReRated) {
  auto c = ChikanConcluded(citizen_);
  clock_.Set(At("2025-09-30T16:00:00+08:00"));
  std::int64_t before = EventCount();
  auto rated =
      ratings_.Rate(citizen_, c.id, Input("very_dissatisfied", {"多次跑动"}, "跑了三次"), ctx_);
  ASSERT_TRUE(rated.has_value()) << rated.error().ToString();
  ASSERT_TRUE(rated->rectification.has_value());
  EXPECT_EQ(EventCount(), before + 2);  // rating.rated + rectification.opened, one transaction
  const std::string id = rated->rectification->record.id;
  EXPECT_EQ(rated->rectification->record.state, "opened");
  EXPECT_EQ(rated->rectification->record.due.ToString(), "2025-10-28");  // 15 working days
  EXPECT_EQ(rated->initial->rectification_id, id);

  // Scope: another district's administrator gets 404; a window clerk may not act.
  EXPECT_TRUE(FailsWith(ratings_.GetRectification(xiashan_admin_, id), ErrorCode::kNotFound,
                        "rectification.not_found"));
  EXPECT_TRUE(FailsWith(ratings_.Act(xiashan_admin_, id, {"verify_real", {{"note", "x"}}}, 1, ctx_),
                        ErrorCode::kNotFound, "rectification.not_found"));
  EXPECT_TRUE(FailsWith(ratings_.Act(clerk_, id, {"verify_real", {{"note", "x"}}}, 1, ctx_),
                        ErrorCode::kPermissionDenied, "case.role_not_allowed"));
  auto listed = ratings_.ListRectifications(xiashan_admin_, {}, nullptr);
  ASSERT_TRUE(listed.has_value());
  EXPECT_TRUE(listed->empty());
  listed = ratings_.ListRectifications(admin_, {}, nullptr);
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().allowed_transitions,
            (std::vector<std::string>{"verify_real", "verify_not_real"}));
  // A stale version is refused.
  EXPECT_TRUE(FailsWith(ratings_.Act(admin_, id, {"verify_real", {{"note", "x"}}}, 7, ctx_),
                        ErrorCode::kAborted, "version.stale"));
  // The citizen cannot re-rate before the call-back.
  EXPECT_TRUE(FailsWith(ratings_.Rerate(citizen_, id, Input("satisfied"), 1, ctx_),
                        ErrorCode::kFailedPrecondition, "case.transition_not_allowed"));

  clock_.Set(At("2025-10-10T09:00:00+08:00"));
  auto v =
      ratings_.Act(admin_, id, {"verify_real", {{"note", "材料一次性告知不到位，属实"}}}, 1, ctx_);
  ASSERT_TRUE(v.has_value()) << v.error().ToString();
  v = ratings_.Act(reviewer_, id, {"rectify", {{"note", "修订一次性告知单，窗口培训"}}}, 2, ctx_);
  ASSERT_TRUE(v.has_value()) << v.error().ToString();
  v = ratings_.Act(admin_, id, {"reply", {{"note", "已整改，向您致歉"}}}, 3, ctx_);
  ASSERT_TRUE(v.has_value()) << v.error().ToString();
  EXPECT_FALSE(v->overdue);
  v = ratings_.Act(manager_, id, {"call_back", {{"note", "电话回访，申请人认可"}}}, 4, ctx_);
  ASSERT_TRUE(v.has_value()) << v.error().ToString();
  EXPECT_EQ(v->record.state, "called_back");
  // Only the applicant re-rates.
  EXPECT_TRUE(FailsWith(ratings_.Rerate(other_citizen_, id, Input("satisfied"), 5, ctx_),
                        ErrorCode::kNotFound, "rectification.not_found"));
  EXPECT_TRUE(FailsWith(ratings_.Act(admin_, id, {"rerate", {}}, 5, ctx_),
                        ErrorCode::kInvalidArgument, "rating.rerate_with_level"));
  auto rerated = ratings_.Rerate(citizen_, id, Input("satisfied", {"办事效率高"}), 5, ctx_);
  ASSERT_TRUE(rerated.has_value()) << rerated.error().ToString();
  EXPECT_EQ(rerated->record.state, "rerated");
  ASSERT_TRUE(rerated->rerating.has_value());
  EXPECT_EQ(rerated->rerating->level, 4);
  EXPECT_EQ(rerated->rerating->kind, "rerating");
  ASSERT_EQ(rerated->steps.size(), 6u);
  EXPECT_EQ(rerated->steps[0].action, "rectification.opened");
  EXPECT_EQ(rerated->steps[5].action, "rectification.rerated");
  // Re-rating twice is refused: the case is finished.
  EXPECT_FALSE(ratings_.Rerate(citizen_, id, Input("very_satisfied"), 6, ctx_).has_value());

  auto stats = ratings_.Stats({DepartmentId("440802-scj"), ItemId(), "", "2025-09"});
  ASSERT_TRUE(stats.has_value()) << stats.error().ToString();
  EXPECT_EQ(Find(stats->indicators, "bad_rate").numerator, 1);
  EXPECT_EQ(Find(stats->indicators, "bad_rate").denominator, 1);
  EXPECT_DOUBLE_EQ(*Find(stats->indicators, "on_time_rectification_rate").value, 100.0);
  EXPECT_DOUBLE_EQ(*Find(stats->indicators, "call_back_rate").value, 100.0);
  EXPECT_DOUBLE_EQ(*Find(stats->indicators, "rerating_uplift").value, 3.0);  // 4 − 1
  EXPECT_TRUE(EventCount() > 0);  // the chain still verifies
}

TEST_F(RatingServiceTest, IndicatorsPerDepartmentAndPeriodByHand) {
  ItemId xiashan_item = PublishedItem(xiashan_admin_, "440803-scj", "440803");
  // 赤坎: four ratings in September 2025 — 5, 3, 2, 1 — and one in October (4).
  const char* chikan_levels[] = {"very_satisfied", "basically_satisfied", "dissatisfied",
                                 "very_dissatisfied"};
  std::vector<std::string> rectifications;
  for (const char* level : chikan_levels) {
    auto c = ChikanConcluded(citizen_);
    auto r = ratings_.Rate(citizen_, c.id, Input(level), ctx_);
    ASSERT_TRUE(r.has_value()) << r.error().ToString();
    if (r->rectification) rectifications.push_back(r->rectification->record.id);
  }
  ASSERT_EQ(rectifications.size(), 2u);
  // One of the two is replied within the limit (2025-10-28), the other late (10-29).
  clock_.Set(At("2025-10-28T17:00:00+08:00"));
  ASSERT_TRUE(
      ratings_.Act(admin_, rectifications[0], {"verify_not_real", {{"note", "不属实"}}}, 1, ctx_));
  ASSERT_TRUE(ratings_.Act(admin_, rectifications[0], {"reply", {{"note", "说明情况"}}}, 2, ctx_));
  clock_.Set(At("2025-10-29T09:00:00+08:00"));
  auto late = ratings_.GetRectification(admin_, rectifications[1]);
  ASSERT_TRUE(late.has_value());
  EXPECT_TRUE(late->overdue);
  ASSERT_TRUE(
      ratings_.Act(admin_, rectifications[1], {"verify_real", {{"note", "属实"}}}, 1, ctx_));
  ASSERT_TRUE(ratings_.Act(admin_, rectifications[1], {"rectify", {{"note", "整改"}}}, 2, ctx_));
  ASSERT_TRUE(ratings_.Act(admin_, rectifications[1], {"reply", {{"note", "已整改"}}}, 3, ctx_));
  ASSERT_TRUE(
      ratings_.Act(admin_, rectifications[1], {"call_back", {{"note", "已回访"}}}, 4, ctx_));

  clock_.Set(At("2025-10-29T10:00:00+08:00"));
  auto october = ChikanConcluded(citizen_);
  ASSERT_TRUE(ratings_.Rate(citizen_, october.id, Input("satisfied"), ctx_).has_value());
  // 霞山: one rating in October (very satisfied).
  auto xs = Application(citizen_, xiashan_item, xiashan_clerk_, xiashan_reviewer_);
  ASSERT_TRUE(ratings_.Rate(citizen_, xs.id, Input("very_satisfied"), ctx_).has_value());

  auto september = ratings_.Stats({DepartmentId("440802-scj"), ItemId(), "", "2025-09"});
  ASSERT_TRUE(september.has_value()) << september.error().ToString();
  const auto& s = september->indicators;
  // 满意率 2/4 = 50.0; 差评率 2/4 = 50.0; 差评整改率 2/2; 按时 1/2 = 50.0; 回访 1/2.
  EXPECT_EQ(Find(s, "satisfaction_rate").numerator, 2);
  EXPECT_EQ(Find(s, "satisfaction_rate").denominator, 4);
  EXPECT_DOUBLE_EQ(*Find(s, "bad_rate").value, 50.0);
  EXPECT_DOUBLE_EQ(*Find(s, "rectification_rate").value, 100.0);
  EXPECT_DOUBLE_EQ(*Find(s, "on_time_rectification_rate").value, 50.0);
  EXPECT_EQ(Find(s, "call_back_rate").numerator, 1);
  EXPECT_FALSE(Find(s, "rerating_uplift").value.has_value());  // nobody re-rated: no value

  // The whole of 2025 over both departments: 6 ratings, 4 satisfied (66.7), 2 bad (33.3).
  auto year = ratings_.Stats({DepartmentId(), ItemId(), "", "2025"});
  ASSERT_TRUE(year.has_value()) << year.error().ToString();
  EXPECT_EQ(Find(year->indicators, "satisfaction_rate").denominator, 6);
  EXPECT_DOUBLE_EQ(*Find(year->indicators, "satisfaction_rate").value, 66.7);
  EXPECT_DOUBLE_EQ(*Find(year->indicators, "bad_rate").value, 33.3);
  ASSERT_EQ(year->departments.size(), 2u);
  EXPECT_EQ(year->departments[0].department_id.value(), "440802-scj");
  EXPECT_EQ(Find(year->departments[0].indicators, "satisfaction_rate").denominator, 5);
  EXPECT_EQ(Find(year->departments[1].indicators, "satisfaction_rate").denominator, 1);
  EXPECT_EQ(year->departments[1].department_name, "霞山区市场监督管理局");
  // By region: 赤坎 alone has its five ratings and both rectification cases; 霞山 its one and
  // none; the city (440800) covers both districts.
  auto chikan = ratings_.Stats({DepartmentId(), ItemId(), "", "2025", "440802"});
  ASSERT_TRUE(chikan.has_value()) << chikan.error().ToString();
  EXPECT_EQ(Find(chikan->indicators, "satisfaction_rate").denominator, 5);
  EXPECT_EQ(Find(chikan->indicators, "rectification_rate").denominator, 2);
  ASSERT_EQ(chikan->departments.size(), 1u);
  auto xiashan = ratings_.Stats({DepartmentId(), ItemId(), "", "2025", "440803"});
  ASSERT_TRUE(xiashan.has_value());
  EXPECT_EQ(Find(xiashan->indicators, "satisfaction_rate").denominator, 1);
  EXPECT_EQ(Find(xiashan->indicators, "satisfaction_rate").numerator, 1);
  EXPECT_EQ(Find(xiashan->indicators, "rectification_rate").denominator, 0);
  auto city = ratings_.Stats({DepartmentId(), ItemId(), "", "2025", "440800"});
  ASSERT_TRUE(city.has_value());
  EXPECT_EQ(Find(city->indicators, "satisfaction_rate").denominator, 6);
  auto elsewhere = ratings_.Stats({DepartmentId(), ItemId(), "", "2025", "440100"});
  ASSERT_TRUE(elsewhere.has_value());
  EXPECT_EQ(Find(elsewhere->indicators, "satisfaction_rate").denominator, 0);
  // Q4 holds only the two October ratings.
  auto q4 = ratings_.Stats({DepartmentId(), ItemId(), "", "2025-Q4"});
  ASSERT_TRUE(q4.has_value());
  EXPECT_EQ(Find(q4->indicators, "satisfaction_rate").denominator, 2);
  EXPECT_TRUE(FailsWith(ratings_.Stats({DepartmentId(), ItemId(), "", "2025-13"}),
                        ErrorCode::kInvalidArgument, "rating.period_format"));
}

}  // namespace
}  // namespace zt::service
