// Appointments (预约办), visits (跑动), the 一窗 front desk and 通办 through the services on a real
// store (SQLite or PostgreSQL, chosen at build time): docs/appointments.md.
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "store_test_db.h"
#include "two_districts.h"
#include "zt/calendar/calendar.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/seed/seed.h"
#include "zt/service/account_service.h"
#include "zt/service/application_service.h"
#include "zt/service/appointment_service.h"
#include "zt/service/catalog_service.h"
#include "zt/service/indicator_service.h"

namespace zt::service {
namespace {

using accounts::Actor;
using accounts::Role;

constexpr const char* kPassword = "correct horse battery";

Instant At(const char* rfc3339) { return *ParseInstant(rfc3339); }

class AppointmentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto seeded = testing::PutTwoDistricts(*store_);
    ASSERT_TRUE(seeded.has_value()) << seeded.error().ToString();
    admin_ = Staff("ck-admin", Role::kDepartmentAdmin, "440802", "440802-scj");
    clerk_ = Staff("ck-clerk", Role::kWindowClerk, "440802", "440802-scj");
    reviewer_ = Staff("ck-reviewer", Role::kReviewer, "440802", "440802-scj");
    xiashan_clerk_ = Staff("xs-clerk", Role::kWindowClerk, "440803", "440803-scj");
    manager_ = Staff("zj-manager", Role::kBureauManager, "440800", "");
    desk_ = Staff("ck-desk", Role::kFrontDeskClerk, "440802", "");
    xiashan_desk_ = Staff("xs-desk", Role::kFrontDeskClerk, "440803", "");
    citizen_ = Citizen(1);
    item_ = PublishedItem();

    auto hall =
        appointments_.CreateHall(manager_, {"", "赤坎区政务服务中心", "440802", "赤坎"}, ctx_);
    ASSERT_TRUE(hall.has_value()) << hall.error().ToString();
    hall_ = *hall;
    caseflow::Window w;
    w.hall_id = hall_.id;
    w.name = "3号窗口";
    w.department_id = DepartmentId("440802-scj");
    auto window = appointments_.AddWindow(manager_, w, ctx_);
    ASSERT_TRUE(window.has_value()) << window.error().ToString();
    window_ = *window;
    caseflow::SlotPlan plan{*ParseDate("2025-10-09"), "09:00", "10:00", 30, 2};
    auto slots = appointments_.OpenSlots(manager_, window_.id, plan, ctx_);
    ASSERT_TRUE(slots.has_value()) << slots.error().ToString();
    ASSERT_EQ(slots->size(), 2u);
    first_slot_ = (*slots)[0];
    second_slot_ = (*slots)[1];
  }

  Actor Staff(const std::string& username, Role role, const std::string& region,
              const std::string& department) {
    auto a = accounts_.CreateStaff(
        {username, username, role, region, DepartmentId(department), kPassword}, std::nullopt,
        ctx_);
    EXPECT_TRUE(a.has_value()) << a.error().ToString();
    return AccountService::ActorOf(*a);
  }

  Actor Citizen(int n) {
    std::string id = seed::DemoIdNumber("440802", *ParseDate("1985-06-15"), 100 + n);
    auto c =
        accounts_.RegisterCitizen({id, "市民" + std::to_string(n), "13807591234", kPassword}, ctx_);
    EXPECT_TRUE(c.has_value()) << c.error().ToString();
    return AccountService::ActorOf(*c);
  }

  catalog::ServiceItem PublishedItem() {
    catalog::ServiceItem item;
    item.code = "440802-scj-1";
    item.name = "食品经营许可";
    item.department_id = DepartmentId("440802-scj");
    item.region_code = "440802";
    item.statutory_limit_wd = 20;
    item.promised_limit_wd = 5;
    item.materials = {{"申请表", true, ""}, {"场所平面图", true, ""}};
    item.materials[1].secondary = true;
    auto created = catalog_.Create(admin_, item, ctx_);
    EXPECT_TRUE(created.has_value()) << created.error().ToString();
    auto published = catalog_.PublishInitialLoad(admin_, created->item.id, created->item.version,
                                                 "test fixture", ctx_);
    EXPECT_TRUE(published.has_value()) << published.error().ToString();
    return published->item;
  }

  // A registry value (办件口径, from the counters) of a region over 2025–2026.
  std::optional<double> Indicator(const std::string& region, const std::string& key) {
    auto values = indicators_.Values(
        manager_, {region, "", *ParseDate("2025-01-01"), *ParseDate("2026-12-31")});
    EXPECT_TRUE(values.has_value()) << values.error().ToString();
    if (!values) return std::nullopt;
    for (const auto& v : values->values) {
      if (v.id == key) return v.value;
    }
    ADD_FAILURE() << "no indicator " << key;
    return std::nullopt;
  }

  std::int64_t SeatsTaken(const std::string& slot_id) {
    auto tx = store_->Begin();
    EXPECT_TRUE(tx.has_value());
    auto slot = (*tx)->appointments().FindSlot(slot_id);
    EXPECT_TRUE(slot.has_value() && slot->has_value());
    return (*slot)->booked;
  }

  std::unique_ptr<testing::StoreTestDatabase> db_ =
      testing::CreateTestDatabaseOrThrow(ZT_TEST_BACKEND);
  std::unique_ptr<Store> store_ = testing::OpenMigratedOrThrow(*db_);
  crypto::OpenSslCrypto crypto_;
  SimulatedClock clock_{At("2025-09-30T10:00:00+08:00")};
  AccountService accounts_{*store_, crypto_, clock_};
  CatalogService catalog_{*store_, crypto_, clock_};
  ApplicationService apps_{*store_, crypto_, clock_, calendar::WorkingCalendar::China()};
  AppointmentService appointments_{*store_, crypto_, clock_};
  IndicatorService indicators_{*store_, clock_};
  RequestContext ctx_{"req-test", "127.0.0.1"};
  Actor admin_, clerk_, reviewer_, xiashan_clerk_, manager_, desk_, xiashan_desk_, citizen_;
  catalog::ServiceItem item_;
  caseflow::Hall hall_;
  caseflow::Window window_;
  caseflow::Slot first_slot_, second_slot_;
};

TEST_F(AppointmentTest, SlotsAreOfferedForTheItemWithTheirRemainingSeats) {
  auto slots = appointments_.SlotsFor(item_.id, *ParseDate("2025-10-09"), 1);
  ASSERT_TRUE(slots.has_value()) << slots.error().ToString();
  ASSERT_EQ(slots->size(), 2u);
  EXPECT_EQ((*slots)[0].slot.id, first_slot_.id);
  EXPECT_EQ((*slots)[0].remaining, 2);
  EXPECT_EQ((*slots)[0].window_name, "3号窗口");
  EXPECT_EQ(FormatInstant((*slots)[0].slot.starts_at), "2025-10-09T09:00:00+08:00");
  // Another department's window does not offer this item.
  caseflow::Window other;
  other.hall_id = hall_.id;
  other.name = "霞山窗口";
  other.department_id = DepartmentId("440803-scj");
  EXPECT_EQ(appointments_.AddWindow(manager_, other, ctx_).error().key(), "window.department");
}

TEST_F(AppointmentTest, BookChangeCancelAndCheckInWithNoShowAfterTheSlot) {
  auto booked = appointments_.Book(citizen_, {first_slot_.id, item_.id, {}}, ctx_);
  ASSERT_TRUE(booked.has_value()) << booked.error().ToString();
  EXPECT_EQ(booked->status, "booked");
  EXPECT_EQ(booked->booking.code, "YY-20251009-0001");
  EXPECT_EQ(SeatsTaken(first_slot_.id), 1);
  // One booking per item and day.
  auto twice = appointments_.Book(citizen_, {second_slot_.id, item_.id, {}}, ctx_);
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().key(), "appointment.already_booked");

  auto moved = appointments_.Change(citizen_, booked->booking.id, second_slot_.id, 1, ctx_);
  ASSERT_TRUE(moved.has_value()) << moved.error().ToString();
  EXPECT_EQ(moved->booking.slot_id, second_slot_.id);
  EXPECT_EQ(SeatsTaken(first_slot_.id), 0);
  EXPECT_EQ(SeatsTaken(second_slot_.id), 1);
  // A stale version changes nothing.
  EXPECT_EQ(appointments_.Cancel(citizen_, booked->booking.id, 1, ctx_).error().key(),
            "version.stale");

  // Staff see today's bookings of their windows; another district's clerk does not.
  clock_.Set(At("2025-10-09T09:10:00+08:00"));
  auto mine = appointments_.List(clerk_, std::nullopt);
  ASSERT_TRUE(mine.has_value());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_TRUE((*mine)[0].masked);
  EXPECT_EQ(appointments_.List(xiashan_clerk_, std::nullopt)->size(), 0u);
  EXPECT_EQ(appointments_.CheckIn(xiashan_clerk_, booked->booking.id, 2, ctx_).error().key(),
            "appointment.not_found");
  // The slot began: too late to change, and the slot is not over, so it is still "booked".
  auto other = Citizen(2);
  auto second = appointments_.Book(other, {second_slot_.id, item_.id, {}}, ctx_);
  ASSERT_TRUE(second.has_value()) << second.error().ToString();

  auto checked = appointments_.CheckIn(clerk_, booked->booking.id, 2, ctx_);
  ASSERT_TRUE(checked.has_value()) << checked.error().ToString();
  EXPECT_EQ(checked->status, "checked_in");
  EXPECT_EQ(appointments_.CheckIn(clerk_, booked->booking.id, 3, ctx_).error().key(),
            "appointment.already_checked_in");

  clock_.Set(At("2025-10-09T10:00:00+08:00"));  // the second slot ended
  auto late = appointments_.Get(other, second->booking.id);
  ASSERT_TRUE(late.has_value());
  EXPECT_EQ(late->status, "no_show");
  EXPECT_EQ(appointments_.CheckIn(clerk_, second->booking.id, 1, ctx_).error().key(),
            "appointment.no_show");
  EXPECT_EQ(appointments_.Cancel(other, second->booking.id, 1, ctx_).error().key(),
            "appointment.not_changeable");

  auto figures =
      appointments_.Figures(manager_, "440802", *ParseDate("2025-10-01"), *ParseDate("2025-10-31"));
  ASSERT_TRUE(figures.has_value()) << figures.error().ToString();
  EXPECT_EQ(figures->bookable_items, 1);
  EXPECT_EQ(figures->bookings, 2);
  EXPECT_EQ(figures->checked_in, 1);
  EXPECT_EQ(figures->no_show, 1);
  EXPECT_EQ(figures->waiting, 0);
}

TEST_F(AppointmentTest, CancellingFreesTheSeatAndOnlyTheOwnerMayCancel) {
  auto booked = appointments_.Book(citizen_, {first_slot_.id, item_.id, {}}, ctx_);
  ASSERT_TRUE(booked.has_value()) << booked.error().ToString();
  auto stranger = Citizen(3);
  EXPECT_EQ(appointments_.Cancel(stranger, booked->booking.id, 1, ctx_).error().key(),
            "appointment.not_found");
  EXPECT_EQ(SeatsTaken(first_slot_.id), 1);
  auto cancelled = appointments_.Cancel(citizen_, booked->booking.id, 1, ctx_);
  ASSERT_TRUE(cancelled.has_value()) << cancelled.error().ToString();
  EXPECT_EQ(cancelled->status, "cancelled");
  EXPECT_EQ(SeatsTaken(first_slot_.id), 0);
  // Staff may not book for themselves; a past slot is refused.
  EXPECT_EQ(appointments_.Book(clerk_, {first_slot_.id, item_.id, {}}, ctx_).error().key(),
            "appointment.citizens_only");
  clock_.Set(At("2025-10-09T09:00:00+08:00"));
  EXPECT_EQ(appointments_.Book(stranger, {first_slot_.id, item_.id, {}}, ctx_).error().key(),
            "appointment.slot_past");
}

TEST_F(AppointmentTest, RacingBookingsNeverExceedTheCapacity) {
  constexpr int kClients = 12;  // for a slot of 2 seats
  std::vector<Actor> citizens;
  for (int i = 0; i < kClients; ++i) citizens.push_back(Citizen(10 + i));
  std::atomic<int> booked{0}, full{0}, other{0};
  std::vector<std::thread> threads;
  std::atomic<bool> go{false};
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      for (int attempt = 0; attempt < 20; ++attempt) {
        auto r = appointments_.Book(citizens[i], {first_slot_.id, item_.id, {}}, ctx_);
        if (r) {
          ++booked;
          return;
        }
        if (r.error().key() == "appointment.slot_full") {
          ++full;
          return;
        }
        if (r.error().code() != ErrorCode::kUnavailable) {
          ++other;
          ADD_FAILURE() << r.error().ToString();
          return;
        }
      }
      ++other;  // still busy after 20 attempts
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(booked.load(), 2);
  EXPECT_EQ(full.load(), kClients - 2);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(SeatsTaken(first_slot_.id), 2);
  auto listed = appointments_.List(manager_, *ParseDate("2025-10-09"));
  ASSERT_TRUE(listed.has_value());
  EXPECT_EQ(listed->size(), 2u);
}

TEST_F(AppointmentTest, VisitsAreRecordedStepsAndCountedAsTripsPerCase) {
  // An online application with a booking: the check-in is the one trip; the clerk accepts it in
  // the same trip (容缺), the applicant brings the missing plan on another day, and collects the
  // certificate at the window on a third.
  SubmitRequest request;
  request.item_id = item_.id;
  auto filed = apps_.Submit(citizen_, request, ctx_);
  ASSERT_TRUE(filed.has_value()) << filed.error().ToString();
  CaseId id = filed->record.id;
  auto booked = appointments_.Book(citizen_, {first_slot_.id, item_.id, id}, ctx_);
  ASSERT_TRUE(booked.has_value()) << booked.error().ToString();
  EXPECT_EQ(booked->receipt_no, filed->record.receipt_no);

  clock_.Set(At("2025-10-09T09:05:00+08:00"));
  ASSERT_TRUE(appointments_.CheckIn(clerk_, booked->booking.id, 1, ctx_).has_value());
  auto accepted = apps_.Act(
      clerk_, id,
      {"accept_with_tolerance", {{"missing", "场所平面图"}, {"commitment", "五日内补交"}}}, 1,
      ctx_);
  ASSERT_TRUE(accepted.has_value()) << accepted.error().ToString();
  clock_.Set(At("2025-10-10T09:00:00+08:00"));
  ASSERT_TRUE(apps_.Act(clerk_, id, {"supply_materials", {}}, 2, ctx_).has_value());
  ASSERT_TRUE(apps_.Act(reviewer_, id, {"approve", {}}, 3, ctx_).has_value());
  clock_.Set(At("2025-10-13T15:00:00+08:00"));
  auto concluded = apps_.Act(clerk_, id, {"conclude", {{"delivery", "window"}}}, 4, ctx_);
  ASSERT_TRUE(concluded.has_value()) << concluded.error().ToString();

  auto tx = store_->Begin();
  ASSERT_TRUE(tx.has_value());
  auto visits = (*tx)->appointments().ListVisitsFor(id);
  ASSERT_TRUE(visits.has_value());
  ASSERT_EQ(visits->size(), 3u);
  EXPECT_EQ((*visits)[0].kind, "check_in");
  EXPECT_EQ((*visits)[1].kind, "materials");
  EXPECT_EQ((*visits)[2].kind, "collection");
  EXPECT_EQ(presence::TripsOf(*visits), 3);
  tx->reset();

  // A second, fully online case with no visit, not concluded: 3 trips over 1 concluded case
  // (visits are counted when a case concludes).
  auto online = apps_.Submit(citizen_, request, ctx_);
  ASSERT_TRUE(online.has_value());
  EXPECT_EQ(Indicator("440802", "case.visits_per_case"), 3.0);
  EXPECT_EQ(Indicator("440802", "case.fully_online"), 0.0);  // the concluded one had visits
  EXPECT_EQ(Indicator("440802", "case.fully_online_share"), 0.0);
}

TEST_F(AppointmentTest, FrontDeskAcceptsForAnyDepartmentAndTheDepartmentDecides) {
  SubmitRequest request;
  request.item_id = item_.id;
  auto filed = apps_.Submit(citizen_, request, ctx_);
  ASSERT_TRUE(filed.has_value());
  CaseId id = filed->record.id;
  // The front desk reads the case and may take the front-desk steps, not the decision.
  auto seen = apps_.Get(desk_, id);
  ASSERT_TRUE(seen.has_value()) << seen.error().ToString();
  const auto& allowed = seen->allowed_transitions;
  EXPECT_NE(std::find(allowed.begin(), allowed.end(), "accept"), allowed.end());
  EXPECT_EQ(std::find(allowed.begin(), allowed.end(), "approve"), allowed.end());
  // Another district's front desk does not reach it.
  EXPECT_EQ(apps_.Get(xiashan_desk_, id).error().key(), "application.not_found");

  auto accepted = apps_.Act(desk_, id, {"accept", {}}, 1, ctx_);
  ASSERT_TRUE(accepted.has_value()) << accepted.error().ToString();
  EXPECT_EQ(apps_.Act(desk_, id, {"approve", {}}, 2, ctx_).error().key(), "case.role_not_allowed");
  ASSERT_TRUE(apps_.Act(reviewer_, id, {"approve", {}}, 2, ctx_).has_value());
  auto concluded = apps_.Act(desk_, id, {"conclude", {}}, 3, ctx_);
  ASSERT_TRUE(concluded.has_value()) << concluded.error().ToString();

  // A second case accepted by the department's own clerk: 一窗 share 50%.
  auto own = apps_.Submit(citizen_, request, ctx_);
  ASSERT_TRUE(own.has_value());
  ASSERT_TRUE(apps_.Act(clerk_, own->record.id, {"accept", {}}, 1, ctx_).has_value());
  EXPECT_EQ(Indicator("440802", "case.one_window_share"), 50.0);
  // The desk's queue holds every department's cases of its region.
  auto queue = apps_.WorkQueue(desk_);
  ASSERT_TRUE(queue.has_value()) << queue.error().ToString();
}

TEST_F(AppointmentTest, TongbanIsVisibleInBothRegionsAndCountedOncePerRegion) {
  // 霞山's front desk files, for a walk-in, an application for 赤坎's item: 市内通办.
  SubmitRequest request;
  request.item_id = item_.id;
  request.channel = "window";
  request.applicant =
      Applicant{"李四", seed::DemoIdNumber("440803", *ParseDate("1990-01-01"), 7), "13800138000"};
  auto filed = apps_.Submit(xiashan_desk_, request, ctx_);
  ASSERT_TRUE(filed.has_value()) << filed.error().ToString();
  CaseId id = filed->record.id;
  EXPECT_EQ(filed->record.region_code, "440802");
  EXPECT_EQ(presence::TongbanKind("440803", "440802"), "city");
  EXPECT_EQ(presence::TongbanKind("440803", "441500"), "province");
  EXPECT_EQ(presence::TongbanKind("440803", "110101"), "cross_province");
  EXPECT_EQ(presence::TongbanKind("440800", "440802"), "");

  // Visible to both: the filing desk (and it accepts on the item region's behalf) and the
  // item's department; not to 霞山's departmental clerk.
  ASSERT_TRUE(apps_.Get(xiashan_desk_, id).has_value());
  ASSERT_TRUE(apps_.Get(clerk_, id).has_value());
  EXPECT_EQ(apps_.Get(xiashan_clerk_, id).error().key(), "application.not_found");
  auto listed = apps_.List(xiashan_desk_, {});
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->items.size(), 1u);
  ASSERT_TRUE(apps_.Act(xiashan_desk_, id, {"accept", {}}, 1, ctx_).has_value());
  // 赤坎 decides; the certificate is handed over at 霞山's desk the same day: one trip.
  ASSERT_TRUE(apps_.Act(reviewer_, id, {"approve", {}}, 2, ctx_).has_value());
  auto concluded = apps_.Act(xiashan_desk_, id, {"conclude", {{"delivery", "window"}}}, 3, ctx_);
  ASSERT_TRUE(concluded.has_value()) << concluded.error().ToString();

  auto count = [&](const char* region, const char* key) { return Indicator(region, key); };
  EXPECT_EQ(count("440803", "case.tongban_city"), 1.0);  // where it was filed
  EXPECT_EQ(count("440802", "case.tongban_city"), 1.0);  // where the item is implemented
  EXPECT_EQ(count("440800", "case.tongban_city"), 1.0);  // the city: once, not twice
  EXPECT_EQ(count("440803", "case.one_window_share"), 100.0);
  // The walk-in's filing, acceptance and collection at the window on one day are one trip.
  EXPECT_EQ(count("440803", "case.visits_per_case"), 1.0);
  EXPECT_EQ(count("440802", "case.visits_per_case"), 1.0);
  EXPECT_EQ(count("440800", "case.submitted"), 1.0);
  // Counted for both regions: the drill-down of 霞山's number lists the case.
  ValueQuery q{"440803", "", *ParseDate("2025-01-01"), *ParseDate("2026-12-31")};
  auto records = indicators_.Records(manager_, "case.tongban_city", "numerator", q, 10);
  ASSERT_TRUE(records.has_value()) << records.error().ToString();
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].id, id.value());
}

}  // namespace
}  // namespace zt::service
