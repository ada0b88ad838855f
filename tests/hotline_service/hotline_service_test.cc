// The 12345 work-order flow through HotlineService on a real store (SQLite or PostgreSQL,
// chosen at build time): intake, routing, direct answers from the knowledge base, accept,
// return and dispute, extension, reply, call-back, the two closing outcomes, overdue and
// escalation, duplicates and merge, masking, the figures by hand, and the bulk import.
#include "zt/service/hotline_service.h"

#include <gtest/gtest.h>

#include "store_test_db.h"
#include "two_districts.h"
#include "zt/calendar/calendar.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/service/account_service.h"
#include "zt/service/hotline_store.h"

namespace zt::service {
namespace {

using accounts::Actor;
using accounts::Role;

constexpr const char* kPassword = "correct horse battery";

Instant At(const char* rfc3339) { return *ParseInstant(rfc3339); }

class HotlineServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto seeded = testing::PutTwoDistricts(*store_);
    ASSERT_TRUE(seeded.has_value()) << seeded.error().ToString();
    {
      auto tx = store_->Begin();
      ASSERT_TRUE(tx.has_value());
      ASSERT_TRUE((*tx)
                      ->PutDepartment({DepartmentId("440802-hbj"), "赤坎区生态环境分局",
                                       "生态环境分局", "440802", ""})
                      .has_value());
      ASSERT_TRUE((*tx)->Commit().has_value());
    }
    agent_ = Staff("zj-agent", Role::kHotlineAgent, "440800", "");
    supervisor_ = Staff("zj-supervisor", Role::kHotlineSupervisor, "440800", "");
    hbj_ = Staff("ck-hbj", Role::kReviewer, "440802", "440802-hbj");
    scj_ = Staff("ck-scj", Role::kReviewer, "440802", "440802-scj");
    manager_ = Staff("zj-manager", Role::kBureauManager, "440800", "");
    ASSERT_TRUE(
        hotline_.PutRoutingRule(supervisor_, {"02", "4408", DepartmentId("440802-hbj")}, ctx_)
            .has_value());
    ASSERT_TRUE(
        hotline_.PutRoutingRule(supervisor_, {"04", "4408", DepartmentId("440802-scj")}, ctx_)
            .has_value());
  }

  Actor Staff(const std::string& username, Role role, const std::string& region,
              const std::string& department) {
    auto a = accounts_.CreateStaff(
        {username, username, role, region, DepartmentId(department), kPassword}, std::nullopt,
        ctx_);
    EXPECT_TRUE(a.has_value()) << a.error().ToString();
    return AccountService::ActorOf(*a);
  }

  static IntakeRequest Noise(std::string phone = "13807591234") {
    IntakeRequest r;
    r.draft = {"phone", "李秀英", phone,          false,          "complaint",
               "0201",  "440802", "中山二路18号", "夜间施工噪音", "凌晨两点工地仍在打桩",
               false};
    r.disposition = "dispatch";
    return r;
  }

  OrderView Dispatch(IntakeRequest r = Noise()) {
    auto v = hotline_.Intake(agent_, r, ctx_);
    EXPECT_TRUE(v.has_value()) << v.error().ToString();
    return *v;
  }

  OrderView Do(const Actor& who, const OrderView& v, std::string transition,
               std::map<std::string, std::string> fields = {}) {
    auto r = hotline_.Act(who, v.record.id, {std::move(transition), std::move(fields)},
                          v.record.version, ctx_);
    EXPECT_TRUE(r.has_value()) << r.error().ToString();
    return r.value_or(v);
  }

  std::int64_t EventCount() { return store_->VerifyChain()->entries; }
  std::int64_t OrderCount() {
    auto tx = store_->Begin();
    return (*tx)->hotline().ListOrders({})->total;
  }

  std::unique_ptr<testing::StoreTestDatabase> db_ =
      testing::CreateTestDatabaseOrThrow(ZT_TEST_BACKEND);
  std::unique_ptr<Store> store_ = testing::OpenMigratedOrThrow(*db_);
  crypto::OpenSslCrypto crypto_;
  SimulatedClock clock_{At("2026-11-02T09:00:00+08:00")};  // a Monday
  AccountService accounts_{*store_, crypto_, clock_};
  HotlineService hotline_{*store_, crypto_, clock_, calendar::WorkingCalendar::China()};
  RequestContext ctx_{"req-test", "127.0.0.1"};
  Actor agent_, supervisor_, hbj_, scj_, manager_;
};

TEST_F(HotlineServiceTest, ComplaintGoesFromCallToResolvedClosure) {
  OrderView v = Dispatch();
  EXPECT_EQ(v.record.state, "dispatched");
  EXPECT_EQ(v.record.number, "12345-20261102-000001");
  EXPECT_EQ(v.record.department_id.value(), "440802-hbj");  // routed by category 02 in 4408
  EXPECT_EQ(v.department_name, "赤坎区生态环境分局");
  EXPECT_EQ(v.type_name_zh, "投诉");
  // 投诉: 15 working days from Monday 11-02: 11-03..06, 09..13, 16..20, 23.
  ASSERT_TRUE(v.record.due_date.has_value());
  EXPECT_EQ(v.record.due_date->ToString(), "2026-11-23");
  EXPECT_EQ(*v.record.sign_due_at, At("2026-11-04T00:00:00+08:00"));
  EXPECT_FALSE(v.masked);  // the agent sees the caller
  EXPECT_EQ(v.record.caller_phone, "13807591234");

  clock_.Advance(std::chrono::hours(2));
  v = Do(hbj_, v, "accept");
  EXPECT_EQ(v.record.state, "accepted");
  EXPECT_TRUE(v.masked);
  EXPECT_EQ(v.record.caller_phone, "138****1234");
  EXPECT_EQ(v.record.caller_name, "李**");
  v = Do(hbj_, v, "reply", {{"note", "已责令工地停止夜间施工并处罚款"}});
  EXPECT_EQ(v.record.state, "replied");
  EXPECT_EQ(v.record.reply, "已责令工地停止夜间施工并处罚款");
  v = Do(supervisor_, v, "call_back", {{"satisfaction", "satisfied"}});
  v = Do(supervisor_, v, "close_resolved");
  EXPECT_EQ(v.record.state, "closed_resolved");
  EXPECT_EQ(v.record.outcome, "resolved");
  EXPECT_TRUE(v.allowed_transitions.empty());
  std::vector<std::string> actions;
  for (const auto& s : v.steps) actions.push_back(s.action);
  EXPECT_EQ(actions,
            (std::vector<std::string>{"hotline.dispatched", "hotline.accepted", "hotline.replied",
                                      "hotline.called_back", "hotline.closed"}));
  EXPECT_TRUE(store_->VerifyChain()->intact);
}

TEST_F(HotlineServiceTest, AgentAnswersDirectlyFromTheKnowledgeBase) {
  hotline::Article a;
  a.title = "夜间施工噪音投诉";
  a.body = "22时至次日6时禁止在居民区进行产生噪声的施工。";
  a.keywords = "噪音 施工";
  a.category_code = "0201";
  auto published = hotline_.PublishArticle(supervisor_, a, ctx_);
  ASSERT_TRUE(published.has_value()) << published.error().ToString();
  a = *published;
  a.body += "夜间施工须公示许可。";
  auto second = hotline_.PublishArticle(supervisor_, a, ctx_);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->version, 2);
  auto hits = hotline_.SearchKnowledge(agent_, "噪音");
  ASSERT_TRUE(hits.has_value());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].version, 2);  // the current version only
  EXPECT_EQ(hotline_.ArticleHistory(agent_, a.id)->size(), 2u);
  EXPECT_EQ(hotline_.PublishArticle(agent_, a, ctx_).error().code(), ErrorCode::kPermissionDenied);

  IntakeRequest r = Noise();
  r.draft.matter_type = "consult";
  r.disposition = "answer";
  r.article_id = a.id;
  r.answer = "已告知夜间施工时段规定";
  auto v = hotline_.Intake(agent_, r, ctx_);
  ASSERT_TRUE(v.has_value()) << v.error().ToString();
  EXPECT_EQ(v->record.state, "answered");
  EXPECT_EQ(v->record.disposition, "answered");
  EXPECT_TRUE(v->record.department_id.empty());
  EXPECT_TRUE(v->allowed_transitions.empty());
  r.answer.clear();
  EXPECT_EQ(hotline_.Intake(agent_, r, ctx_).error().key(), "hotline.answer_required");
}

TEST_F(HotlineServiceTest, BadInputIsRefusedAndNothingIsWritten) {
  std::int64_t events = EventCount();
  IntakeRequest r = Noise();
  r.draft.matter_type = "";
  auto no_type = hotline_.Intake(agent_, r, ctx_);
  ASSERT_FALSE(no_type.has_value());
  EXPECT_EQ(no_type.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(no_type.error().key(), "hotline.type_required");
  EXPECT_EQ(no_type.error().fields()[0].pointer, "/matter_type");

  r = Noise();
  r.draft.region_code = "44080";  // not a region code
  EXPECT_EQ(hotline_.Intake(agent_, r, ctx_).error().key(), "hotline.region_invalid");
  r.draft.region_code = "440804";  // well formed, but not a region of this city
  auto unknown = hotline_.Intake(agent_, r, ctx_);
  EXPECT_EQ(unknown.error().key(), "hotline.region_invalid");
  EXPECT_EQ(unknown.error().fields()[0].pointer, "/region_code");
  r = Noise();
  r.draft.category_code = "0601";  // no routing rule for 政务服务
  EXPECT_EQ(hotline_.Intake(agent_, r, ctx_).error().key(), "hotline.no_route");
  r.department_id = DepartmentId("nowhere");
  EXPECT_EQ(hotline_.Intake(agent_, r, ctx_).error().key(), "hotline.department_unknown");
  EXPECT_EQ(hotline_.Intake(hbj_, Noise(), ctx_).error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(OrderCount(), 0);
  EXPECT_EQ(EventCount(), events);
}

TEST_F(HotlineServiceTest, ReplyFromADepartmentThatDoesNotHoldTheOrderIsRefused) {
  OrderView v = Dispatch();
  v = Do(hbj_, v, "accept");
  auto refused =
      hotline_.Act(scj_, v.record.id, {"reply", {{"note", "我们来回复"}}}, v.record.version, ctx_);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), ErrorCode::kNotFound);  // not even its existence leaks
  auto still = hotline_.Get(hbj_, v.record.id);
  ASSERT_TRUE(still.has_value());
  EXPECT_EQ(still->record.state, "accepted");
  EXPECT_EQ(still->record.version, v.record.version);
  EXPECT_TRUE(still->record.reply.empty());
  // The agent sees the order but may not reply in the department's place.
  EXPECT_EQ(hotline_.Act(agent_, v.record.id, {"reply", {{"note", "x"}}}, v.record.version, ctx_)
                .error()
                .key(),
            "case.role_not_allowed");
  // A stale version is refused too.
  EXPECT_EQ(hotline_.Act(hbj_, v.record.id, {"reply", {{"note", "x"}}}, 1, ctx_).error().code(),
            ErrorCode::kAborted);
}

TEST_F(HotlineServiceTest, ReturnedOrderIsRedispatchedOrTheDisputeUpheld) {
  OrderView v = Dispatch();
  auto no_reason = hotline_.Act(hbj_, v.record.id, {"return", {}}, v.record.version, ctx_);
  EXPECT_EQ(no_reason.error().key(), "case.field_required");
  v = Do(hbj_, v, "return", {{"note", "属市场监管职责"}});
  EXPECT_EQ(v.record.state, "returned");
  EXPECT_EQ(v.record.returned_by, "440802-hbj");
  auto supervision = hotline_.Supervise(supervisor_);
  ASSERT_TRUE(supervision.has_value());
  ASSERT_EQ(supervision->disputes.size(), 1u);
  // The centre decides: it goes to the market regulator, which now holds it.
  clock_.Advance(std::chrono::hours(1));
  v = Do(supervisor_, v, "redispatch", {{"department_id", "440802-scj"}, {"note", "改派"}});
  EXPECT_EQ(v.record.state, "dispatched");
  EXPECT_EQ(v.record.department_id.value(), "440802-scj");
  EXPECT_FALSE(hotline_.Get(hbj_, v.record.id).has_value());
  v = Do(scj_, v, "accept");
  EXPECT_EQ(v.record.state, "accepted");

  // Another order: the dispute is decided against the department, which keeps it.
  OrderView w = Dispatch(Noise("13900000000"));
  w = Do(hbj_, w, "return", {{"note", "不属本单位"}});
  auto bad = hotline_.Act(supervisor_, w.record.id,
                          {"redispatch", {{"department_id", "nowhere"}, {"note", "x"}}},
                          w.record.version, ctx_);
  EXPECT_EQ(bad.error().key(), "hotline.department_unknown");
  w = Do(supervisor_, w, "uphold", {{"note", "噪声属生态环境部门职责"}});
  EXPECT_EQ(w.record.state, "dispatched");
  EXPECT_EQ(w.record.department_id.value(), "440802-hbj");
}

TEST_F(HotlineServiceTest, ExtensionOnceMovesTheDeadline) {
  OrderView v = Dispatch();
  v = Do(hbj_, v, "accept");
  auto too_long =
      hotline_.Act(hbj_, v.record.id, {"request_extension", {{"days", "15"}, {"note", "需检测"}}},
                   v.record.version, ctx_);
  EXPECT_EQ(too_long.error().key(), "hotline.extension_days");
  v = Do(hbj_, v, "request_extension", {{"days", "5"}, {"note", "需委托噪声检测"}});
  EXPECT_EQ(v.record.state, "extension_requested");
  EXPECT_EQ(hotline_.Supervise(supervisor_)->extensions.size(), 1u);
  v = Do(supervisor_, v, "approve_extension");
  EXPECT_EQ(v.record.state, "accepted");
  EXPECT_EQ(v.record.extension_days, 5);
  EXPECT_EQ(v.record.due_date->ToString(), "2026-11-30");  // 11-23 + 5 working days
  auto again =
      hotline_.Act(hbj_, v.record.id, {"request_extension", {{"days", "2"}, {"note", "再延"}}},
                   v.record.version, ctx_);
  EXPECT_EQ(again.error().key(), "hotline.extension_already_granted");
}

TEST_F(HotlineServiceTest, OverdueAndUrgentOrdersAppearInSupervision) {
  OrderView v = Dispatch();
  IntakeRequest urgent = Noise("13911112222");
  urgent.draft.address = "海滨大道1号";
  urgent.draft.urgent = true;
  OrderView u = Dispatch(urgent);
  EXPECT_EQ(*u.record.sign_due_at, At("2026-11-02T11:00:00+08:00"));
  clock_.Advance(std::chrono::hours(3));
  auto s = hotline_.Supervise(supervisor_);
  ASSERT_TRUE(s.has_value());
  ASSERT_EQ(s->escalations.size(), 1u);
  EXPECT_EQ(s->escalations[0].record.id, u.record.id);
  EXPECT_TRUE(s->overdue.empty());
  u = Do(supervisor_, s->escalations[0], "escalate", {{"note", "紧急工单超时未签收"}});
  EXPECT_EQ(u.record.state, "dispatched");
  EXPECT_EQ(u.record.escalation_level, 1);

  clock_.Set(At("2026-11-24T09:00:00+08:00"));  // the day after the 15th working day
  s = hotline_.Supervise(supervisor_);
  EXPECT_EQ(s->overdue.size(), 2u);
  EXPECT_TRUE(hotline_.Get(supervisor_, v.record.id)->overdue);
  EXPECT_EQ(hotline_.Supervise(hbj_).error().code(), ErrorCode::kPermissionDenied);
}

TEST_F(HotlineServiceTest, DuplicatesAreShownAndMerged) {
  OrderView first = Dispatch();
  clock_.Advance(std::chrono::hours(5));
  IntakeRequest again = Noise();
  again.draft.address = "中山二路 18号";
  auto hints = hotline_.Duplicates(agent_, again.draft);
  ASSERT_TRUE(hints.has_value());
  ASSERT_EQ(hints->size(), 1u);
  EXPECT_EQ((*hints)[0].reason, "same_caller");
  OrderView second = Dispatch(again);
  ASSERT_EQ(second.duplicates.size(), 1u);
  EXPECT_EQ(second.duplicates[0].id, first.record.id);
  // Another caller about the same site.
  OrderView third = Dispatch(Noise("13622223333"));
  ASSERT_EQ(third.duplicates.size(), 2u);
  EXPECT_EQ(third.duplicates[0].reason, "same_place");

  auto self =
      hotline_.Act(supervisor_, second.record.id, {"merge", {{"into", second.record.number}}},
                   second.record.version, ctx_);
  EXPECT_EQ(self.error().key(), "hotline.merge_target_invalid");
  second = Do(agent_, second, "merge", {{"into", first.record.number}});
  EXPECT_EQ(second.record.state, "merged");
  EXPECT_EQ(second.record.merged_into, first.record.id.value());
  auto target = hotline_.Get(supervisor_, first.record.id);
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->steps.back().action, "hotline.merge_received");
  EXPECT_EQ(target->duplicates.size(), 1u);  // the third; the merged one is no longer offered
}

TEST_F(HotlineServiceTest, UnsatisfiedCallBackClosesUnresolvedNotResolved) {
  OrderView v = Dispatch();
  v = Do(hbj_, v, "accept");
  v = Do(hbj_, v, "reply", {{"note", "已协调"}});
  v = Do(supervisor_, v, "call_back", {{"satisfaction", "unsatisfied"}});
  auto refused =
      hotline_.Act(supervisor_, v.record.id, {"close_resolved", {}}, v.record.version, ctx_);
  EXPECT_EQ(refused.error().key(), "hotline.unresolved_needs_rating");
  v = Do(supervisor_, v, "close_unresolved", {{"note", "施工许可合法，市民仍不满意"}});
  EXPECT_EQ(v.record.state, "closed_unresolved");
  EXPECT_EQ(v.record.outcome, "unresolved");
}

TEST_F(HotlineServiceTest, ConfidentialCallerIsHiddenFromTheDepartment) {
  IntakeRequest r = Noise();
  r.draft.confidential = true;
  OrderView v = Dispatch(r);
  auto seen = hotline_.Get(hbj_, v.record.id);
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->record.caller_name, "保密");
  EXPECT_TRUE(seen->record.caller_phone.empty());
  EXPECT_EQ(hotline_.Get(supervisor_, v.record.id)->record.caller_phone, "13807591234");
}

TEST_F(HotlineServiceTest, FiguresMatchAHandCount) {
  ASSERT_TRUE(hotline_.RecordCalls(supervisor_, {*ParseDate("2026-11-02"), "phone", 40, 38}, ctx_)
                  .has_value());
  ASSERT_TRUE(hotline_.RecordCalls(supervisor_, {*ParseDate("2026-11-03"), "phone", 10, 7}, ctx_)
                  .has_value());
  EXPECT_EQ(hotline_.RecordCalls(supervisor_, {*ParseDate("2026-11-03"), "phone", 1, 2}, ctx_)
                .error()
                .key(),
            "hotline.calls_invalid");
  // Two answered directly.
  for (int i = 0; i < 2; ++i) {
    IntakeRequest r = Noise("1380000000" + std::to_string(i));
    r.draft.matter_type = "consult";
    r.disposition = "answer";
    r.answer = "已解答";
    ASSERT_TRUE(hotline_.Intake(agent_, r, ctx_).has_value());
  }
  // Order A (hbj): signed in time, replied, satisfied, closed resolved.
  OrderView a = Dispatch(Noise("13911110001"));
  // Order B (scj, 消费维权): signed late, replied, basically satisfied, closed resolved.
  IntakeRequest rb = Noise("13911110002");
  rb.draft.category_code = "0401";
  rb.draft.address = "人民大道南";
  OrderView b = Dispatch(rb);
  // Order C (hbj): never signed.
  IntakeRequest rc = Noise("13911110003");
  rc.draft.address = "南桥北路";
  OrderView c = Dispatch(rc);
  a = Do(hbj_, a, "accept");
  a = Do(hbj_, a, "reply", {{"note", "已处理"}});
  a = Do(supervisor_, a, "call_back", {{"satisfaction", "satisfied"}});
  a = Do(supervisor_, a, "close_resolved");
  clock_.Set(At("2026-11-05T09:00:00+08:00"));  // after B's sign deadline (11-04 00:00)
  b = Do(scj_, b, "accept");
  b = Do(scj_, b, "reply", {{"note", "已调解"}});
  b = Do(supervisor_, b, "call_back", {{"satisfaction", "basically_satisfied"}});
  b = Do(supervisor_, b, "close_resolved");

  FiguresQuery q{"", *ParseDate("2026-11-01"), *ParseDate("2026-11-30"), {}, true};
  auto f = hotline_.Figures(manager_, q);
  ASSERT_TRUE(f.has_value()) << f.error().ToString();
  const auto& n = f->total.counters;
  EXPECT_EQ(n.calls_in, 50);
  EXPECT_EQ(n.calls_answered, 45);
  EXPECT_EQ(n.valid_matters, 5);
  EXPECT_EQ(n.answered_directly, 2);
  EXPECT_EQ(n.dispatched, 3);
  auto rate = [&](const hotline::Figures& fig, const std::string& key) {
    for (const auto& r : fig.rates) {
      if (r.key == key) return r;
    }
    return Indicator{};
  };
  EXPECT_EQ(rate(f->total, "hotline.connection_rate").value, 90.0);         // 45 / 50
  EXPECT_EQ(rate(f->total, "hotline.direct_resolution_rate").value, 40.0);  // 2 / 5
  EXPECT_EQ(rate(f->total, "hotline.on_time_sign_rate").value, 33.3);       // A of A, B, C (C late)
  EXPECT_EQ(rate(f->total, "hotline.reply_rate").value, 66.7);              // A, B of 3
  EXPECT_EQ(rate(f->total, "hotline.closure_rate").value, 66.7);
  EXPECT_EQ(rate(f->total, "hotline.on_time_closure_rate").value, 100.0);
  EXPECT_EQ(rate(f->total, "hotline.satisfaction_rate").value, 100.0);
  q.basic_counts_as_satisfied = false;
  EXPECT_EQ(rate(hotline_.Figures(manager_, q)->total, "hotline.satisfaction_rate").value, 50.0);
  ASSERT_EQ(f->departments.size(), 2u);
  // The department sees its own orders only: hbj holds A and C.
  auto mine = hotline_.Figures(hbj_, q);
  ASSERT_TRUE(mine.has_value());
  EXPECT_EQ(mine->total.counters.dispatched, 2);
  EXPECT_EQ(rate(mine->total, "hotline.closure_rate").value, 50.0);
  EXPECT_FALSE(rate(mine->total, "hotline.connection_rate").value.has_value());
}

TEST_F(HotlineServiceTest, ImportValidatesEachRowAndReportsThem) {
  std::string csv =
      "number,received_at,source,caller_name,caller_phone,matter_type,category_code,region_code,"
      "address,title,content,urgent,disposition,department_id,answer,state,replied_at,closed_at,"
      "satisfaction\n"
      "H2021-1,2021-03-01T10:00:00+08:00,phone,张三,13800000001,complaint,0201,440802,"
      "中山路,噪音,夜间噪音,0,dispatch,,,closed_resolved,2021-03-05T10:00:00+08:00,"
      "2021-03-06T10:00:00+08:00,satisfied\n"
      "H2021-2,2021-03-01T11:00:00+08:00,phone,李四,,,0201,440802,中山路,噪音,无类型,0,dispatch,"
      ",,dispatched,,,\n"
      "H2021-3,2021-03-02T11:00:00+08:00,sms,王五,,consult,0601,440803,,社保,\"怎么办,\n社保卡\","
      "0,answer,,已告知,answered,,,\n"
      "H2021-1,2021-03-03T11:00:00+08:00,web,,,help,0201,440802,,重复,编号重复,0,dispatch,,,"
      "replied,2021-03-04T10:00:00+08:00,,\n";
  std::string_view text(csv);
  std::size_t header_end = text.find('\n') + 1;
  auto chunks = SplitCsvRecords(text.substr(header_end), 2);
  ASSERT_EQ(chunks.size(), 2u);  // the quoted newline stays inside its record
  auto rows = ParseImportCsv(csv);
  ASSERT_TRUE(rows.has_value()) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 4u);
  std::vector<std::int64_t> seen;
  auto report = hotline_.Import(
      supervisor_, *rows, 2, [&](std::int64_t done, std::int64_t) { seen.push_back(done); }, ctx_);
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_EQ(report->rows, 4);
  EXPECT_EQ(report->imported, 2);
  ASSERT_EQ(report->errors.size(), 2u);
  EXPECT_EQ(report->errors[0].row, 2);
  EXPECT_EQ(report->errors[0].key, "hotline.type_required");
  EXPECT_EQ(report->errors[1].row, 4);
  EXPECT_EQ(report->errors[1].key, "hotline.import_duplicate_number");
  EXPECT_EQ(seen, (std::vector<std::int64_t>{2, 4}));
  auto tx = store_->Begin();
  auto imported = (*tx)->hotline().FindOrderByNumber("H2021-1");
  ASSERT_TRUE(imported.has_value() && imported->has_value());
  EXPECT_EQ((*imported)->state, "closed_resolved");
  EXPECT_EQ((*imported)->outcome, "resolved");
  EXPECT_EQ((*imported)->due_date->ToString(), "2021-03-22");  // 15 working days
  EXPECT_EQ(hotline_.Import(agent_, *rows, 2, {}, ctx_).error().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(ParseImportCsv("number,oops\n").error().key(), "hotline.import_header");
}

}  // namespace
}  // namespace zt::service
