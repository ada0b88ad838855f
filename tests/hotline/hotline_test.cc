// The pure hotline rules: configuration, the work-order case type, deadlines, routing,
// duplicates, the knowledge-base search and the figures with hand-computed expectations.
#include <gtest/gtest.h>

#include "zt/calendar/calendar.h"
#include "zt/hotline/figures.h"
#include "zt/hotline/knowledge.h"
#include "zt/hotline/matters.h"
#include "zt/hotline/work_order.h"

namespace zt::hotline {
namespace {

using accounts::Actor;
using accounts::Role;

Instant At(const char* text) { return *ParseInstant(text); }
Date Day(const char* text) { return *ParseDate(text); }

TEST(TypeRules, DefaultsFollowTheGuangdongDeadlines) {
  const auto& rules = DefaultTypeRules();
  ASSERT_TRUE(ValidateTypeRules(rules).has_value());
  EXPECT_EQ(FindTypeRule(rules, "consult")->limit_days, 2);
  EXPECT_EQ(FindTypeRule(rules, "help")->limit_days, 10);
  EXPECT_EQ(FindTypeRule(rules, "suggestion")->limit_days, 10);
  EXPECT_EQ(FindTypeRule(rules, "complaint")->limit_days, 15);
  EXPECT_EQ(FindTypeRule(rules, "report")->limit_days, 15);
  EXPECT_EQ(FindTypeRule(rules, "complaint")->name_zh, "投诉");
  EXPECT_EQ(FindTypeRule(rules, "chat"), nullptr);
}

TEST(TypeRules, ValidationRefusesMissingDuplicateAndOutOfRangeEntries) {
  std::vector<TypeRule> rules = DefaultTypeRules();
  rules.pop_back();
  EXPECT_EQ(ValidateTypeRules(rules).error().key(), "hotline.type_rules_invalid");
  rules = DefaultTypeRules();
  rules.push_back(rules.front());
  EXPECT_FALSE(ValidateTypeRules(rules).has_value());
  rules = DefaultTypeRules();
  rules[0].limit_days = 0;
  EXPECT_FALSE(ValidateTypeRules(rules).has_value());
}

TEST(Categories, TreeIsValidAndOnlyLeavesTakeMatters) {
  const auto& tree = DefaultCategories();
  ASSERT_TRUE(ValidateCategories(tree).has_value());
  EXPECT_TRUE(IsLeafCategory(tree, "0201"));
  EXPECT_FALSE(IsLeafCategory(tree, "02"));
  EXPECT_FALSE(IsLeafCategory(tree, "0299"));
  std::vector<Category> orphan = {{"0301", "公交", ""}};
  EXPECT_FALSE(ValidateCategories(orphan).has_value());
}

TEST(Intake, ReportsEveryBadFieldAtOnce) {
  IntakeDraft d;
  d.source = "fax";
  d.region_code = "123";
  d.category_code = "02";
  d.caller_phone = "call me";
  auto s = ValidateIntake(d, DefaultTypeRules(), DefaultCategories());
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().key(), "hotline.type_required");
  std::vector<std::string> pointers;
  for (const auto& f : s.error().fields()) pointers.push_back(f.pointer);
  EXPECT_EQ(pointers, (std::vector<std::string>{"/matter_type", "/region_code", "/category_code",
                                                "/source", "/title", "/content", "/caller_phone"}));
  d = IntakeDraft{"phone", "李女士", "0759-3331234",       false,          "complaint",
                  "0201",  "440802", "赤坎区中山二路18号", "夜间施工噪音", "凌晨两点仍在施工",
                  false};
  EXPECT_TRUE(ValidateIntake(d, DefaultTypeRules(), DefaultCategories()).has_value());
  d.matter_type = "gossip";
  EXPECT_EQ(ValidateIntake(d, DefaultTypeRules(), DefaultCategories()).error().key(),
            "hotline.type_unknown");
}

TEST(WorkOrderType, IsAValidCaseType) {
  ASSERT_TRUE(caseflow::ValidateCaseType(WorkOrderCaseType()).has_value());
  EXPECT_TRUE(WorkOrderCaseType().IsTerminal("closed_resolved"));
  EXPECT_TRUE(WorkOrderCaseType().IsTerminal("closed_unresolved"));
  EXPECT_TRUE(WorkOrderCaseType().IsTerminal("answered"));
}

WorkOrder Order(const std::string& state, const std::string& department) {
  WorkOrder o;
  o.id = CaseId("h_1");
  o.state = state;
  o.region_code = "440802";
  o.department_id = DepartmentId(department);
  o.matter_type = "complaint";
  o.received_at = At("2025-09-29T10:00:00+08:00");
  return o;
}

TEST(WorkOrderType, OnlyTheHoldingDepartmentActsAndTheCentreDecides) {
  Actor holder{AccountId("a1"), "", Role::kReviewer, "440802", DepartmentId("440802-hbj")};
  Actor other{AccountId("a2"), "", Role::kReviewer, "440802", DepartmentId("440802-scj")};
  Actor centre{AccountId("a3"), "", Role::kHotlineSupervisor, "440800", {}};
  Actor agent{AccountId("a4"), "", Role::kHotlineAgent, "440800", {}};
  auto o = Order("dispatched", "440802-hbj");
  const auto& t = WorkOrderCaseType();
  EXPECT_TRUE(caseflow::Decide(t, SnapshotOf(o), {"accept", {}}, holder).has_value());
  EXPECT_EQ(caseflow::Decide(t, SnapshotOf(o), {"accept", {}}, other).error().key(),
            "case.role_not_allowed");
  EXPECT_EQ(caseflow::Decide(t, SnapshotOf(o), {"accept", {}}, agent).error().key(),
            "case.role_not_allowed");
  EXPECT_EQ(caseflow::Decide(t, SnapshotOf(o), {"return", {}}, holder).error().key(),
            "case.field_required");
  auto r = Order("returned", "440802-hbj");
  EXPECT_TRUE(caseflow::Decide(t, SnapshotOf(r), {"uphold", {{"note", "属于本部门职责"}}}, centre)
                  .has_value());
  EXPECT_FALSE(caseflow::Decide(t, SnapshotOf(r), {"uphold", {{"note", "x"}}}, holder).has_value());
  EXPECT_EQ(caseflow::Decide(t, SnapshotOf(o), {"reply", {{"note", "x"}}}, holder).error().key(),
            "case.transition_not_allowed");
}

TEST(Deadlines, ComplaintOverNationalDayCountsWorkingDays) {
  const auto& cal = calendar::WorkingCalendar::China();
  auto o = Order("dispatched", "d");
  // Received Mon 2025-09-29; 15 working days: 09-30, then 10-01..08 off (10-11 and 09-28 are
  // make-up days), 10-09, 10-10, 10-11 (Sat, working), 10-13..17, 10-20..24 (the 14th), 10-27.
  auto due = HandlingDeadline(cal, o, *FindTypeRule(DefaultTypeRules(), "complaint"));
  ASSERT_TRUE(due.has_value()) << due.error().ToString();
  EXPECT_EQ(*due, Day("2025-10-27"));
  o.matter_type = "consult";
  EXPECT_EQ(*HandlingDeadline(cal, o, *FindTypeRule(DefaultTypeRules(), "consult")),
            Day("2025-10-09"));
}

TEST(Deadlines, SignDeadlineIsTwoHoursWhenUrgentElseTheNextWorkingDay) {
  const auto& cal = calendar::WorkingCalendar::China();
  Instant fri = At("2026-11-20T15:00:00+08:00");
  EXPECT_EQ(*SignDeadline(cal, fri, true), At("2026-11-20T17:00:00+08:00"));
  EXPECT_EQ(*SignDeadline(cal, fri, false), At("2026-11-24T00:00:00+08:00"));  // end of Mon
  auto o = Order("dispatched", "d");
  o.urgent = true;
  o.sign_due_at = At("2026-11-20T17:00:00+08:00");
  EXPECT_FALSE(NeedsEscalation(o, At("2026-11-20T16:59:00+08:00")));
  EXPECT_TRUE(NeedsEscalation(o, At("2026-11-20T17:01:00+08:00")));
  o.state = "accepted";
  EXPECT_FALSE(NeedsEscalation(o, At("2026-11-20T17:01:00+08:00")));
}

TEST(Effects, ExtensionOnceAndWithinTenDaysMovesTheDeadline) {
  const auto& cal = calendar::WorkingCalendar::China();
  const auto& rule = *FindTypeRule(DefaultTypeRules(), "help");
  auto o = Order("accepted", "d");
  o.received_at = At("2026-11-02T09:00:00+08:00");  // Monday
  o.due_date = *HandlingDeadline(cal, o, rule);
  EXPECT_EQ(*o.due_date, Day("2026-11-16"));
  caseflow::Decision ask{"request_extension", "accepted", "extension_requested", "", {}};
  ask.fields = {{"days", "11"}, {"note", "需现场勘查"}};
  EXPECT_EQ(ApplyOrderEffects(o, ask, At("2026-11-05T09:00:00+08:00"), cal, rule).error().key(),
            "hotline.extension_days");
  ask.fields["days"] = "5";
  ASSERT_TRUE(ApplyOrderEffects(o, ask, At("2026-11-05T09:00:00+08:00"), cal, rule).has_value());
  caseflow::Decision ok{"approve_extension", "extension_requested", "accepted", "", {}};
  ASSERT_TRUE(ApplyOrderEffects(o, ok, At("2026-11-05T10:00:00+08:00"), cal, rule).has_value());
  EXPECT_EQ(o.extension_days, 5);
  EXPECT_EQ(*o.due_date, Day("2026-11-23"));
  EXPECT_EQ(ApplyOrderEffects(o, ask, At("2026-11-06T09:00:00+08:00"), cal, rule).error().key(),
            "hotline.extension_already_granted");
  EXPECT_FALSE(IsOverdue(o, Day("2026-11-23")));
  EXPECT_TRUE(IsOverdue(o, Day("2026-11-24")));
}

TEST(Effects, UnsatisfiedCallBackCannotCloseAsResolved) {
  const auto& cal = calendar::WorkingCalendar::China();
  const auto& rule = *FindTypeRule(DefaultTypeRules(), "help");
  auto o = Order("called_back", "d");
  caseflow::Decision cb{"call_back", "replied", "called_back", "", {{"satisfaction", "meh"}}};
  EXPECT_EQ(ApplyOrderEffects(o, cb, At("2026-11-05T09:00:00+08:00"), cal, rule).error().key(),
            "hotline.satisfaction_unknown");
  cb.fields["satisfaction"] = "unsatisfied";
  ASSERT_TRUE(ApplyOrderEffects(o, cb, At("2026-11-05T09:00:00+08:00"), cal, rule).has_value());
  caseflow::Decision close{"close_resolved", "called_back", "closed_resolved", "", {}};
  EXPECT_EQ(ApplyOrderEffects(o, close, At("2026-11-05T09:00:00+08:00"), cal, rule).error().key(),
            "hotline.unresolved_needs_rating");
}

TEST(Routing, MostSpecificRuleWins) {
  std::vector<RoutingRule> rules = {
      {"", "4408", DepartmentId("zj-12345")},
      {"02", "4408", DepartmentId("zj-hbj")},
      {"02", "440802", DepartmentId("ck-hbj")},
      {"0201", "4408", DepartmentId("zj-noise")},
  };
  EXPECT_EQ(RouteMatter(rules, "0202", "440802")->value(), "ck-hbj");
  EXPECT_EQ(RouteMatter(rules, "0202", "440803")->value(), "zj-hbj");
  EXPECT_EQ(RouteMatter(rules, "0201", "440802")->value(), "zj-noise");
  EXPECT_EQ(RouteMatter(rules, "0401", "440803")->value(), "zj-12345");
  EXPECT_FALSE(RouteMatter(rules, "0401", "440100").has_value());
}

TEST(Duplicates, SameTopicAndPlaceWithinTheWindow) {
  Instant t0 = At("2026-11-20T10:00:00+08:00");
  std::vector<DuplicateKey> recent = {
      {CaseId("a"), "N1", "13800000001", "440802", "中山二路 18号", "0201", t0},
      {CaseId("b"), "N2", "13800000002", "440802", "中山二路18号，3栋", "0201", t0},
      {CaseId("c"), "N3", "13800000001", "440802", "中山二路18号", "0202", t0},
      {CaseId("d"), "N4", "13800000001", "440802", "中山二路18号", "0201",
       t0 - std::chrono::hours(100)},
      {CaseId("e"), "N5", "13800000001", "440803", "中山二路18号", "0201", t0},
  };
  DuplicateKey probe{
      {}, "", "13800000001", "440802", "中山二路18号", "0201", t0 + std::chrono::hours(5)};
  auto hits = FindPossibleDuplicates(probe, recent);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].id.value(), "a");
  EXPECT_EQ(hits[0].reason, "same_caller");
  EXPECT_EQ(hits[1].id.value(), "b");
  EXPECT_EQ(hits[1].reason, "same_place");
  EXPECT_EQ(NormalizeAddress("中山二路 18号，3栋"), "中山二路18号3栋");
}

TEST(Knowledge, FindsTwoCharacterQueriesAndSynonyms) {
  std::vector<Article> kb = {
      {"k1", 1, "社会保险卡补办", "携带居民身份证到社保服务网点补办。", "补卡", "0501", {}, {}},
      {"k2",
       2,
       "夜间施工噪音投诉",
       "22时至次日6时禁止产生噪声的施工。",
       "噪音 施工",
       "0201",
       {},
       {}},
      {"k3", 1, "住房公积金提取", "租房提取每年一次。", "公积金", "0102", {}, {}},
  };
  auto hits = SearchArticles(kb, "噪音");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].article->id, "k2");
  hits = SearchArticles(kb, "社保");  // in k1's body, and a synonym of 社会保险
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].match, ArticleMatch::kSynonym);
  hits = SearchArticles(kb, " 公积金 ");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].article->id, "k3");
  EXPECT_TRUE(SearchArticles(kb, "护照").empty());
  EXPECT_EQ(SearchArticles(kb, "").size(), 3u);
  Article bad{"k4", 1, "", "", "", "", {}, {}};
  EXPECT_EQ(ValidateArticle(bad).error().fields().size(), 2u);
}

TEST(Figures, CountersApartAndRatesByHand) {
  Instant now = At("2026-11-30T12:00:00+08:00");
  auto t = [](const char* s) { return std::optional<Instant>(At(s)); };
  std::vector<OrderFacts> facts;
  // 3 answered directly.
  for (int i = 0; i < 3; ++i) facts.push_back({{}, "answered", "answered"});
  // Order 1: signed on time, replied by the due day, closed resolved, satisfied.
  facts.push_back({DepartmentId("d1"), "dispatched", "closed_resolved",
                   t("2026-11-02T10:00:00+08:00"), t("2026-11-03T00:00:00+08:00"),
                   t("2026-11-05T10:00:00+08:00"), t("2026-11-06T10:00:00+08:00"),
                   Day("2026-11-16"), "resolved", "satisfied"});
  // Order 2: signed late, replied after the due day, closed unresolved, unsatisfied.
  facts.push_back({DepartmentId("d1"), "dispatched", "closed_unresolved",
                   t("2026-11-04T10:00:00+08:00"), t("2026-11-03T00:00:00+08:00"),
                   t("2026-11-20T10:00:00+08:00"), t("2026-11-21T10:00:00+08:00"),
                   Day("2026-11-16"), "unresolved", "unsatisfied"});
  // Order 3: never signed, sign deadline passed; open.
  facts.push_back({DepartmentId("d2"), "dispatched", "dispatched", std::nullopt,
                   t("2026-11-25T00:00:00+08:00"), std::nullopt, std::nullopt, Day("2026-12-10"),
                   "", ""});
  // Order 4: replied, called back basically satisfied, not yet closed; sign deadline ahead.
  facts.push_back({DepartmentId("d2"), "dispatched", "called_back", t("2026-11-29T10:00:00+08:00"),
                   t("2026-12-01T00:00:00+08:00"), t("2026-11-30T09:00:00+08:00"), std::nullopt,
                   Day("2026-12-14"), "", "basically_satisfied"});
  // Order 5: merged into order 1; left out of the work-order rates.
  facts.push_back({DepartmentId("d1"), "dispatched", "merged", std::nullopt,
                   t("2026-11-03T00:00:00+08:00"), std::nullopt, t("2026-11-02T11:00:00+08:00"),
                   std::nullopt, "merged", ""});
  // Order 6: dispatched, sign deadline not passed, nothing done: outside 按时签收率's base.
  facts.push_back({DepartmentId("d2"), "dispatched", "dispatched", std::nullopt,
                   t("2026-12-01T00:00:00+08:00"), std::nullopt, std::nullopt, Day("2026-12-14"),
                   "", ""});
  auto f = ComputeFigures(facts, {200, 190}, {now, true});
  EXPECT_EQ(f.counters.calls_in, 200);
  EXPECT_EQ(f.counters.calls_answered, 190);
  EXPECT_EQ(f.counters.valid_matters, 9);
  EXPECT_EQ(f.counters.answered_directly, 3);
  EXPECT_EQ(f.counters.dispatched, 6);
  ASSERT_EQ(f.rates.size(), 7u);
  auto rate = [&](const std::string& key) {
    for (const auto& r : f.rates) {
      if (r.key == key) return r;
    }
    return Indicator{};
  };
  EXPECT_EQ(rate("hotline.connection_rate").value, 95.0);         // 190/200
  EXPECT_EQ(rate("hotline.direct_resolution_rate").value, 33.3);  // 3/9
  // Signed or past the deadline: orders 1, 2, 3, 4 (4 signed early) → on time 1 and 4: 2/4.
  EXPECT_EQ(rate("hotline.on_time_sign_rate").numerator, 2);
  EXPECT_EQ(rate("hotline.on_time_sign_rate").denominator, 4);
  EXPECT_EQ(rate("hotline.reply_rate").value, 60.0);            // orders 1, 2, 4 of 5
  EXPECT_EQ(rate("hotline.closure_rate").value, 40.0);          // 1, 2 of 5
  EXPECT_EQ(rate("hotline.on_time_closure_rate").value, 50.0);  // 1 of 1, 2
  EXPECT_EQ(rate("hotline.satisfaction_rate").value, 66.7);     // 1 and 4 of 1, 2, 4
  auto strict = ComputeFigures(facts, {0, 0}, {now, false});
  EXPECT_FALSE(strict.rates[0].value.has_value());  // 0 ÷ 0 is no value
  EXPECT_EQ(strict.rates[6].value, 33.3);           // 满意 only: 1 of 3
}

}  // namespace
}  // namespace zt::hotline
