// The case engine across cases, on a real store (SQLite or PostgreSQL, chosen at build time):
// work queues ordered by urgency and scoped, a deadline explained day by day, and deadlines
// recomputed (with an event) when the holiday calendar changes. Single-case rules are in
// the scenario files next to this one.
#include <gtest/gtest.h>

#include "scenario_fixture.h"
#include "zt/service/application_service.h"

namespace zt::service {
namespace {

using accounts::Actor;
using accounts::Role;

class CaseEngineTest : public testing::StoreScenarioFixture<::testing::Test> {
 protected:
  CaseEngineTest() : StoreScenarioFixture("2025-09-30T10:00:00+08:00") {}

  void SetUp() override {
    StoreScenarioFixture::SetUp();
    if (HasFatalFailure()) return;
    catalog_ = std::make_unique<CatalogService>(*store_, crypto_, clock_);
    apps_ = std::make_unique<ApplicationService>(*store_, crypto_, clock_,
                                                 calendar::WorkingCalendar::China());
    admin_ = Staff("ce-admin", Role::kDepartmentAdmin, "440802", "440802-scj");
    clerk_ = Staff("ce-clerk", Role::kWindowClerk, "440802", "440802-scj");
    reviewer_ = Staff("ce-reviewer", Role::kReviewer, "440802", "440802-scj");
    other_clerk_ = Staff("ce-xs-clerk", Role::kWindowClerk, "440803", "440803-scj");
    citizen_ = Citizen(123, "陈晓明", "13807591234");
  }

  // A published item of the Chikan office with that promised limit, and a case filed for it.
  CaseId File(const std::string& code, int promised) {
    catalog::ServiceItem item;
    item.code = "440802-scj-" + code;
    item.name = "食品经营许可 " + code;
    item.department_id = DepartmentId("440802-scj");
    item.region_code = "440802";
    item.statutory_limit_wd = 20;
    item.promised_limit_wd = promised;
    item.materials = {{"申请表", true, ""}};
    auto published = PublishItem(*catalog_, admin_, item);
    EXPECT_TRUE(published.has_value()) << published.error().ToString();
    SubmitRequest request;
    request.item_id = published->item.id;
    auto view = apps_->Submit(citizen_, request, ctx_);
    EXPECT_TRUE(view.has_value()) << view.error().ToString();
    return view->record.id;
  }

  void Take(ApplicationService& apps, const Actor& actor, const CaseId& id,
            const std::string& transition) {
    auto current = apps.Get(clerk_, id);
    ASSERT_TRUE(current.has_value());
    auto acted = apps.Act(actor, id, {transition, {}}, current->record.version, ctx_);
    ASSERT_TRUE(acted.has_value()) << acted.error().ToString();
  }

  std::unique_ptr<CatalogService> catalog_;
  std::unique_ptr<ApplicationService> apps_;
  Actor admin_, clerk_, reviewer_, other_clerk_, citizen_;
};

// OpenCRVS-style queues (ANCHORS.md): what is overdue or nearly due comes first, whatever
// the order of filing; another district's clerk sees none of it.
TEST_F(CaseEngineTest, ReviewerQueuePutsOverdueAndNearlyDueOnTop) {
  clock_.Set(*ParseInstant("2025-11-03T10:00:00+08:00"));  // a Monday
  CaseId relaxed = File("relaxed", 15);
  CaseId tight = File("tight", 3);
  CaseId late = File("late", 1);
  for (const auto& id : {relaxed, tight, late}) Take(*apps_, clerk_, id, "accept");
  clock_.Set(*ParseInstant("2025-11-05T10:00:00+08:00"));  // two working days on
  auto queue = apps_->WorkQueue(reviewer_);
  ASSERT_TRUE(queue.has_value()) << queue.error().ToString();
  ASSERT_EQ(queue->size(), 3u);
  EXPECT_EQ((*queue)[0].view.record.id, late);
  EXPECT_EQ((*queue)[0].urgency, "overdue");
  EXPECT_EQ((*queue)[1].view.record.id, tight);
  EXPECT_EQ((*queue)[1].urgency, "yellow");
  EXPECT_EQ((*queue)[2].view.record.id, relaxed);
  EXPECT_EQ((*queue)[2].urgency, "normal");
  EXPECT_EQ((*queue)[2].due_kind, "handling");
  EXPECT_EQ((*queue)[2].due, ParseDate("2025-11-24").value());

  auto elsewhere = apps_->WorkQueue(other_clerk_);
  ASSERT_TRUE(elsewhere.has_value());
  EXPECT_TRUE(elsewhere->empty());
  // Accepted cases wait for the reviewer, not the clerk.
  auto clerk_queue = apps_->WorkQueue(clerk_);
  ASSERT_TRUE(clerk_queue.has_value());
  EXPECT_TRUE(clerk_queue->empty());
  auto refused = apps_->WorkQueue(citizen_);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().key(), "application.queue_not_allowed");
  auto limited = apps_->WorkQueue(reviewer_, 1);
  ASSERT_TRUE(limited.has_value());
  ASSERT_EQ(limited->size(), 1u);
  EXPECT_EQ((*limited)[0].view.record.id, late);
}

TEST_F(CaseEngineTest, DeadlineExplainsItselfDayByDay) {
  CaseId id = File("explained", 5);  // submitted 2025-09-30, before National Day
  auto acceptance = apps_->ExplainDeadline(clerk_, id);
  ASSERT_TRUE(acceptance.has_value()) << acceptance.error().ToString();
  EXPECT_EQ(acceptance->clock, "acceptance");
  EXPECT_EQ(acceptance->deadline, ParseDate("2025-10-14").value());
  Take(*apps_, clerk_, id, "accept");
  auto e = apps_->ExplainDeadline(clerk_, id);
  ASSERT_TRUE(e.has_value()) << e.error().ToString();
  EXPECT_EQ(e->clock, "handling");
  EXPECT_EQ(e->limit, 5);
  EXPECT_EQ(e->start, ParseDate("2025-09-30").value());
  EXPECT_EQ(e->deadline, ParseDate("2025-10-14").value());
  ASSERT_FALSE(e->days.empty());
  EXPECT_EQ(e->days.front().date, e->start);
  EXPECT_FALSE(e->days.front().counted);
  EXPECT_EQ(e->days.back().date, e->deadline);
  EXPECT_EQ(e->days.back().running_count, 5);
  int holidays = 0, makeup = 0;
  for (const auto& d : e->days) {
    if (d.reason.find("holiday") != std::string::npos) ++holidays;
    if (d.date == ParseDate("2025-10-11").value()) {
      EXPECT_TRUE(d.counted) << "the make-up Saturday counts";
      ++makeup;
    }
  }
  EXPECT_GE(holidays, 6);  // 10-01..10-08 on weekdays
  EXPECT_EQ(makeup, 1);
  // Out of scope: 404, like the case itself.
  auto hidden = apps_->ExplainDeadline(other_clerk_, id);
  ASSERT_FALSE(hidden.has_value());
  EXPECT_EQ(hidden.error().code(), ErrorCode::kNotFound);
  // Suspended: no deadline to explain until it resumes.
  Take(*apps_, reviewer_, id, "approve");
  auto decided = apps_->ExplainDeadline(clerk_, id);
  ASSERT_FALSE(decided.has_value());
  EXPECT_EQ(decided.error().key(), "clock.none");
}

// A calendar change (a new holiday notice) moves open cases' deadlines; each move is an
// event; closed cases stay as they were; running again with the same calendar does nothing.
TEST_F(CaseEngineTest, CalendarChangeRecomputesOpenDeadlinesWithAnEvent) {
  // The old calendar knew no holidays in 2025: plain Monday–Friday weeks.
  auto plain = calendar::WorkingCalendar::Create({calendar::HolidayYear{2025, {}, {}, "none"}});
  ASSERT_TRUE(plain.has_value());
  ApplicationService old_apps(*store_, crypto_, clock_, *plain);
  auto first = old_apps.RecomputeDeadlines(ctx_);
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  EXPECT_TRUE(first->calendar_changed);  // nothing applied before
  EXPECT_EQ(first->changed_cases, 0);

  CaseId open = File("open", 5);
  CaseId closed = File("closed", 5);
  for (const auto& id : {open, closed}) Take(old_apps, clerk_, id, "accept");
  Take(old_apps, reviewer_, closed, "approve");
  auto before = old_apps.Get(clerk_, open);
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(before->record.promised_deadline, ParseDate("2025-10-07").value());

  auto report = apps_->RecomputeDeadlines(ctx_);  // the real calendar: National Day
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_TRUE(report->calendar_changed);
  EXPECT_EQ(report->open_cases, 1);
  EXPECT_EQ(report->changed_cases, 1);
  auto after = apps_->Get(clerk_, open);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->record.promised_deadline, ParseDate("2025-10-14").value());
  EXPECT_EQ(after->record.statutory_deadline, ParseDate("2025-11-04").value());
  EXPECT_EQ(after->record.version, before->record.version + 1);
  ASSERT_FALSE(after->steps.empty());
  EXPECT_EQ(after->steps.back().action, "application.deadlines_recomputed");
  auto untouched = apps_->Get(clerk_, closed);
  ASSERT_TRUE(untouched.has_value());
  EXPECT_EQ(untouched->record.promised_deadline, ParseDate("2025-10-07").value());

  auto again = apps_->RecomputeDeadlines(ctx_);
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(again->calendar_changed);
  EXPECT_EQ(again->changed_cases, 0);
  auto still = apps_->Get(clerk_, open);
  ASSERT_TRUE(still.has_value());
  EXPECT_EQ(still->record.version, after->record.version);
}

}  // namespace
}  // namespace zt::service
