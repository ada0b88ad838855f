// Runs every tests/scenarios/work_order/*.scenario through HotlineService on a real store
// (SQLite or PostgreSQL, chosen at build time). One scenario follows one 12345 work order
// (the last one taken in). Same syntax as the application scenarios:
//   # name: …  /  # group: …                       headers (the name is required)
//   at 2026-11-02T09:00+08:00                      set the clock
//   advance 3 working-days | advance 2 days | advance 3 hours
//   as agent intake [type=complaint] [category=0201] [region=440802] [phone=…]
//        [address="…"] [urgent=true] [disposition=answer answer="…"] [department_id=…]
//                                                  takes a call (defaults: a noise complaint
//                                                  in 赤坎, routed to the ecology bureau)
//   as <actor> <transition> [note="…"] [days=N] …  acts on the order at its current version;
//                                                  actors: agent, supervisor (the centre),
//                                                  hbj (赤坎生态环境分局), scj (赤坎市场监管局)
//   expect ok | expect error <code> <key>          the last `as`
//   expect error_field /matter_type                the last error names that field
//   expect events +0                               event-log entries the last `as` added
//   expect orders 1                                work orders in the store
//   expect state accepted | outcome resolved | department 440802-hbj | due 2026-11-23
//   expect version 3 | extension_days 5 | escalation_level 1 | satisfaction satisfied
//   expect reply "…" | returned_by 440802-hbj | overdue true | needs_escalation false
//   expect seen_by scj false                       whether that actor can read the order
//   expect allowed hbj reply true                  whether the actor is offered it
//   expect supervision overdue 1                   orders in that list of the centre's view
//                                                  (overdue, disputes, extensions,
//                                                  call_backs_due, escalations)
#include <algorithm>
#include <map>

#include <gtest/gtest.h>

#include "scenario_fixture.h"
#include "scenario_text.h"
#include "zt/service/hotline_service.h"
#include "zt/service/hotline_store.h"

namespace zt::service {
namespace {

using accounts::Actor;
using accounts::Role;

class WorkOrderScenarioTest : public testing::ScenarioRunner {
 protected:
  WorkOrderScenarioTest() : ScenarioRunner("2026-11-02T09:00:00+08:00") {}

  void SetUp() override {
    StoreScenarioFixture::SetUp();
    if (HasFatalFailure()) return;
    hotline_ = std::make_unique<HotlineService>(*store_, crypto_, clock_,
                                                calendar::WorkingCalendar::China());
    {
      auto tx = store_->Begin();
      ASSERT_TRUE(tx.has_value());
      ASSERT_TRUE((*tx)
                      ->PutDepartment({DepartmentId("440802-hbj"), "赤坎区生态环境分局",
                                       "生态环境分局", "440802", ""})
                      .has_value());
      ASSERT_TRUE((*tx)->Commit().has_value());
    }
    actors_["agent"] = Staff("zj-agent", Role::kHotlineAgent, "440800", "");
    actors_["supervisor"] = Staff("zj-supervisor", Role::kHotlineSupervisor, "440800", "");
    actors_["hbj"] = Staff("ck-hbj", Role::kReviewer, "440802", "440802-hbj");
    actors_["scj"] = Staff("ck-scj", Role::kReviewer, "440802", "440802-scj");
    // 环境污染 (02) goes to the ecology bureau, 消费维权 (04) to the market regulator.
    for (const hotline::RoutingRule& rule :
         {hotline::RoutingRule{"02", "4408", DepartmentId("440802-hbj")},
          hotline::RoutingRule{"04", "4408", DepartmentId("440802-scj")}}) {
      auto put = hotline_->PutRoutingRule(actors_["supervisor"], rule, ctx_);
      ASSERT_TRUE(put.has_value()) << put.error().ToString();
    }
  }

  bool Act(const std::string& actor, const std::string& transition,
           const std::map<std::string, std::string>& fields, const std::string& where) override;
  bool Expect(const std::vector<std::string>& w, const std::string& where) override;

  std::unique_ptr<HotlineService> hotline_;
  std::optional<CaseId> order_id_;
  std::int64_t events_before_last_ = 0;
  std::int64_t events_after_last_ = 0;
};

bool WorkOrderScenarioTest::Act(const std::string& actor, const std::string& transition,
                                const std::map<std::string, std::string>& fields,
                                const std::string& where) {
  const Actor* who = ActorNamed(actor, where);
  if (who == nullptr) return false;
  last_error_.reset();
  events_before_last_ = EventCount();
  auto field = [&](const char* key, const char* fallback) {
    auto it = fields.find(key);
    return it == fields.end() ? std::string(fallback) : it->second;
  };
  if (transition == "intake") {
    IntakeRequest r;
    r.draft.source = field("source", "phone");
    r.draft.caller_name = field("caller", "李秀英");
    r.draft.caller_phone = field("phone", "13807591234");
    r.draft.matter_type = field("type", "complaint");
    r.draft.category_code = field("category", "0201");
    r.draft.region_code = field("region", "440802");
    r.draft.address = field("address", "中山二路18号");
    r.draft.title = field("title", "夜间施工噪音");
    r.draft.content = field("content", "凌晨两点工地仍在打桩");
    r.draft.urgent = field("urgent", "false") == "true";
    r.disposition = field("disposition", "dispatch");
    r.answer = field("answer", "");
    r.department_id = DepartmentId(field("department_id", ""));
    auto view = hotline_->Intake(*who, r, ctx_);
    if (view) {
      order_id_ = view->record.id;
    } else {
      last_error_ = view.error();
    }
    events_after_last_ = EventCount();
    return true;
  }
  if (!order_id_) {
    ADD_FAILURE() << where << ": no work order taken in yet";
    return false;
  }
  auto current = hotline_->Get(actors_["supervisor"], *order_id_);
  if (!current) {
    ADD_FAILURE() << where << ": " << current.error().ToString();
    return false;
  }
  events_before_last_ = EventCount();
  caseflow::Command command{transition, fields};
  auto acted = hotline_->Act(*who, *order_id_, command, current->record.version, ctx_);
  if (!acted) last_error_ = acted.error();
  events_after_last_ = EventCount();
  return true;
}

bool WorkOrderScenarioTest::Expect(const std::vector<std::string>& w, const std::string& where) {
  if (w.size() == 3 && w[1] == "error_field") {
    bool named = false;
    if (last_error_) {
      for (const auto& f : last_error_->fields()) named = named || f.pointer == w[2];
    }
    EXPECT_TRUE(named) << where << ": "
                       << (last_error_ ? last_error_->ToString() : "the last action succeeded");
    return true;
  }
  if (w.size() == 3 && w[1] == "events") {
    EXPECT_EQ("+" + std::to_string(events_after_last_ - events_before_last_), w[2]) << where;
    return true;
  }
  if (w.size() == 3 && w[1] == "orders") {
    auto tx = store_->Begin();
    if (!tx) {
      ADD_FAILURE() << where << ": " << tx.error().ToString();
      return false;
    }
    auto page = (*tx)->hotline().ListOrders({});
    if (!page) {
      ADD_FAILURE() << where << ": " << page.error().ToString();
      return false;
    }
    EXPECT_EQ(std::to_string(page->total), w[2]) << where;
    return true;
  }
  if (w.size() == 4 && w[1] == "supervision") {
    auto s = hotline_->Supervise(actors_["supervisor"]);
    if (!s) {
      ADD_FAILURE() << where << ": " << s.error().ToString();
      return false;
    }
    const std::map<std::string, const std::vector<OrderView>*> lists{
        {"overdue", &s->overdue},
        {"disputes", &s->disputes},
        {"extensions", &s->extensions},
        {"call_backs_due", &s->call_backs_due},
        {"escalations", &s->escalations}};
    auto list = lists.find(w[2]);
    if (list == lists.end()) {
      ADD_FAILURE() << where << ": no supervision list " << w[2];
      return false;
    }
    EXPECT_EQ(std::to_string(list->second->size()), w[3]) << where;
    return true;
  }
  if (!order_id_) {
    ADD_FAILURE() << where << ": no work order taken in yet";
    return false;
  }
  if (w.size() == 4 && w[1] == "seen_by") {
    const Actor* who = ActorNamed(w[2], where);
    if (who == nullptr) return false;
    EXPECT_EQ(hotline_->Get(*who, *order_id_).has_value() ? "true" : "false", w[3]) << where;
    return true;
  }
  if (w.size() == 5 && w[1] == "allowed") {
    const Actor* who = ActorNamed(w[2], where);
    if (who == nullptr) return false;
    auto as = hotline_->Get(*who, *order_id_);
    bool allowed = false;
    if (as) {
      const auto& a = as->allowed_transitions;
      allowed = std::find(a.begin(), a.end(), w[3]) != a.end();
    }
    EXPECT_EQ(allowed ? "true" : "false", w[4]) << where;
    return true;
  }
  auto view = hotline_->Get(actors_["supervisor"], *order_id_);
  if (!view) {
    ADD_FAILURE() << where << ": " << view.error().ToString();
    return false;
  }
  const auto& o = view->record;
  std::optional<std::string> got;
  if (w.size() == 3) {
    const std::string& what = w[1];
    if (what == "state") got = o.state;
    if (what == "outcome") got = o.outcome.empty() ? "none" : o.outcome;
    if (what == "department") got = o.department_id.empty() ? "none" : o.department_id.value();
    if (what == "due") got = o.due_date ? o.due_date->ToString() : "none";
    if (what == "version") got = std::to_string(o.version);
    if (what == "extension_days") got = std::to_string(o.extension_days);
    if (what == "escalation_level") got = std::to_string(o.escalation_level);
    if (what == "satisfaction") got = o.satisfaction.empty() ? "none" : o.satisfaction;
    if (what == "reply") got = o.reply.empty() ? "none" : o.reply;
    if (what == "returned_by") got = o.returned_by.empty() ? "none" : o.returned_by;
    if (what == "disposition") got = o.disposition;
    if (what == "overdue") got = view->overdue ? "true" : "false";
    if (what == "needs_escalation") got = view->needs_escalation ? "true" : "false";
  }
  if (got) {
    EXPECT_EQ(*got, w.back()) << where;
    return true;
  }
  ADD_FAILURE() << where << ": cannot read this expectation";
  return false;
}

TEST_P(WorkOrderScenarioTest, Runs) { RunScenario(); }

INSTANTIATE_TEST_SUITE_P(WorkOrderScenarios, WorkOrderScenarioTest,
                         ::testing::ValuesIn(testing::ScenarioFilesOf("work_order")),
                         testing::ScenarioTestName);

}  // namespace
}  // namespace zt::service
