// Runs every tests/scenarios/application/*.scenario (only those: the other case types have
// their own runners) through ApplicationService on a real store
// (SQLite or PostgreSQL, chosen at build time). One scenario follows one application.
//
// Format, one command a line; '#' starts a comment, blank lines are ignored:
//   # name: 补正 pauses across National Day        header: what the scenario shows
//   # group: clock                                 header: which rule it exercises
//   item statutory=20 promised=5                   the item's limits (default 20 / 5);
//        secondary=复印件                           adds a secondary material (容缺 may waive it)
//   at 2025-09-30T10:00+08:00                      set the clock
//   advance 3 working-days | advance 2 days        move the clock on (same time of day;
//                                                  also advance 3 hours)
//   as <actor> complete_post_check note="…"       completes the 告知承诺 post-check task
//   as <actor> <transition> [note="…"] [days=N]    act; actors: citizen, clerk, reviewer,
//                                                  other_clerk (another district); "submit"
//                                                  files the application as that actor
//   expect state accepted
//   expect promised_deadline 2025-10-09 | none     also statutory_deadline, acceptance_due
//   expect deemed_accepted true|false
//   expect clock status yellow | used 3 | remaining 2 | deadline 2025-10-09 | kind handling
//   expect pauses 1                                entries in the pause ledger
//   expect outcome approved                        the case's outcome ("none" when empty)
//   expect task certificate open | done | none     the case's task of that kind
//   expect task certificate due 2025-10-20         its deadline
//   expect allowed clerk handle_instantly true     whether the actor is offered it
//   expect queue clerk 1 overdue                   the actor's work queue: this case's row
//                                                  position (1 = top) and urgency
//   expect error failed_precondition case.transition_not_allowed   (the last `as` failed so)
//   expect ok                                      the last `as` succeeded
#include <algorithm>
#include <map>

#include <gtest/gtest.h>

#include "scenario_fixture.h"
#include "scenario_text.h"
#include "zt/service/application_service.h"

namespace zt::service {
namespace {

using accounts::Actor;
using accounts::Role;

std::string OptDate(const std::optional<Date>& d) { return d ? d->ToString() : "none"; }

class ScenarioTest : public testing::ScenarioRunner {
 protected:
  ScenarioTest() : ScenarioRunner("2025-09-30T10:00:00+08:00") {}

  void SetUp() override {
    StoreScenarioFixture::SetUp();
    if (HasFatalFailure()) return;
    catalog_ = std::make_unique<CatalogService>(*store_, crypto_, clock_);
    apps_ = std::make_unique<ApplicationService>(*store_, crypto_, clock_,
                                                 calendar::WorkingCalendar::China());
    actors_["admin"] = Staff("ck-admin", Role::kDepartmentAdmin, "440802", "440802-scj");
    actors_["clerk"] = Staff("ck-clerk", Role::kWindowClerk, "440802", "440802-scj");
    actors_["reviewer"] = Staff("ck-reviewer", Role::kReviewer, "440802", "440802-scj");
    actors_["other_clerk"] = Staff("xs-clerk", Role::kWindowClerk, "440803", "440803-scj");
    actors_["citizen"] = Citizen(123, "陈晓明", "13807591234");
  }

  bool Act(const std::string& actor, const std::string& transition,
           const std::map<std::string, std::string>& fields, const std::string& where) override;
  bool Expect(const std::vector<std::string>& w, const std::string& where) override;
  std::optional<bool> RunOwnCommand(const std::vector<std::string>& w,
                                    const std::string& where) override;

  std::unique_ptr<CatalogService> catalog_;
  std::unique_ptr<ApplicationService> apps_;
  int statutory_ = 20;
  int promised_ = 5;
  std::vector<std::string> secondary_;
  std::optional<CaseId> case_id_;
};

bool ScenarioTest::Act(const std::string& actor, const std::string& transition,
                       const std::map<std::string, std::string>& fields, const std::string& where) {
  const Actor* who = ActorNamed(actor, where);
  if (who == nullptr) return false;
  last_error_.reset();
  if (transition == "submit") {
    catalog::ServiceItem item;
    item.code = "440802-scj-scenario";
    item.name = "食品经营许可";
    item.department_id = DepartmentId("440802-scj");
    item.region_code = "440802";
    item.statutory_limit_wd = statutory_;
    item.promised_limit_wd = promised_;
    // 即办件: concluded on the spot, promised limit 0.
    if (promised_ == 0) item.case_kind = catalog::CaseKind::kInstant;
    item.materials = {{"申请表", true, ""}};
    for (const auto& name : secondary_) {
      catalog::Material m{name, true, ""};
      m.secondary = true;
      item.materials.push_back(m);
    }
    auto published = PublishItem(*catalog_, actors_["admin"], item);
    if (!published) {
      ADD_FAILURE() << where << ": " << published.error().ToString();
      return false;
    }
    SubmitRequest request;
    request.item_id = published->item.id;
    if (actor != "citizen") {
      request.channel = "window";
      request.applicant = Applicant{
          "陈晓明", seed::DemoIdNumber("440802", *ParseDate("1985-06-15"), 123), "13807591234"};
    }
    auto view = apps_->Submit(*who, request, ctx_);
    if (!view) {
      last_error_ = view.error();
      return true;
    }
    case_id_ = view->record.id;
    return true;
  }
  if (!case_id_) {
    ADD_FAILURE() << where << ": no application submitted yet";
    return false;
  }
  auto current = apps_->Get(actors_["clerk"], *case_id_);
  if (!current) {
    ADD_FAILURE() << where << ": " << current.error().ToString();
    return false;
  }
  if (transition == "complete_post_check") {
    std::string note = fields.contains("note") ? fields.at("note") : "";
    auto done = apps_->CompleteTask(*who, *case_id_, "post_check", note, ctx_);
    if (!done) last_error_ = done.error();
    return true;
  }
  caseflow::Command command{transition, fields};
  auto acted = apps_->Act(*who, *case_id_, command, current->record.version, ctx_);
  if (!acted) last_error_ = acted.error();
  return true;
}

bool ScenarioTest::Expect(const std::vector<std::string>& w, const std::string& where) {
  if (!case_id_) {
    ADD_FAILURE() << where << ": no application submitted yet";
    return false;
  }
  if (w.size() == 4 && w[1] == "queue") {
    const Actor* who = ActorNamed(w[2], where);
    if (who == nullptr) return false;
    auto queue = apps_->WorkQueue(*who);
    if (!queue) {
      ADD_FAILURE() << where << ": " << queue.error().ToString();
      return true;
    }
    std::string got = "absent";
    for (std::size_t i = 0; i < queue->size(); ++i) {
      if ((*queue)[i].view.record.id == *case_id_) {
        got = std::to_string(i + 1) + " " + (*queue)[i].urgency;
      }
    }
    EXPECT_EQ(got, w[3] == "absent" ? "absent" : w[3]) << where;
    return true;
  }
  if (w.size() == 5 && w[1] == "queue") {
    std::vector<std::string> shorter{w[0], w[1], w[2], w[3] + " " + w[4]};
    return Expect(shorter, where);
  }
  auto view = apps_->Get(actors_["clerk"], *case_id_);
  if (!view) {
    ADD_FAILURE() << where << ": " << view.error().ToString();
    return false;
  }
  const auto& c = view->record;
  std::optional<std::string> got;
  if (w.size() == 3) {
    const std::string& what = w[1];
    if (what == "state") got = c.state;
    if (what == "promised_deadline") got = OptDate(c.promised_deadline);
    if (what == "statutory_deadline") got = OptDate(c.statutory_deadline);
    if (what == "acceptance_due") got = OptDate(c.acceptance_due);
    if (what == "deemed_accepted") got = view->deemed_accepted ? "true" : "false";
    if (what == "pauses") got = std::to_string(c.pauses.size());
    if (what == "outcome") got = c.outcome.empty() ? "none" : c.outcome;
  }
  if (w.size() >= 4 && w[1] == "task") {
    const caseflow::CaseTask* task = nullptr;
    for (const auto& t : view->tasks) {
      if (t.kind == w[2]) task = &t;
    }
    if (w.size() == 4) got = task == nullptr ? "none" : (task->done_at ? "done" : "open");
    if (w.size() == 5 && w[3] == "due") got = task == nullptr ? "none" : task->due.ToString();
  }
  if (w.size() == 5 && w[1] == "allowed") {
    auto as = apps_->Get(actors_[w[2]], *case_id_);
    if (as) {
      const auto& a = as->allowed_transitions;
      got = std::find(a.begin(), a.end(), w[3]) != a.end() ? "true" : "false";
    }
  }
  if (w.size() == 4 && w[1] == "clock") {
    if (!view->clock) {
      ADD_FAILURE() << where << ": the case shows no clock";
      return true;
    }
    const auto& r = view->clock->reading;
    const std::string& what = w[2];
    if (what == "status") got = caseflow::ClockStatusName(r.status);
    if (what == "used") got = std::to_string(r.used);
    if (what == "remaining") got = std::to_string(r.remaining);
    if (what == "deadline") got = OptDate(r.deadline);
    if (what == "kind") got = view->clock->kind;
  }
  if (got) {
    EXPECT_EQ(*got, w.back()) << where;
    return true;
  }
  ADD_FAILURE() << where << ": cannot read this expectation";
  return false;
}

// item statutory=20 promised=5 secondary=复印件 (secondary may repeat).
std::optional<bool> ScenarioTest::RunOwnCommand(const std::vector<std::string>& w,
                                                const std::string&) {
  if (w[0] != "item") return std::nullopt;
  for (std::size_t i = 1; i < w.size(); ++i) {
    auto eq = w[i].find('=');
    std::string key = w[i].substr(0, eq);
    if (key == "secondary") {
      secondary_.push_back(w[i].substr(eq + 1));
      continue;
    }
    int value = std::stoi(w[i].substr(eq + 1));
    if (key == "statutory") statutory_ = value;
    if (key == "promised") promised_ = value;
  }
  return true;
}

TEST_P(ScenarioTest, Runs) { RunScenario(); }

INSTANTIATE_TEST_SUITE_P(Scenarios, ScenarioTest,
                         ::testing::ValuesIn(testing::ScenarioFilesOf("application")),
                         testing::ScenarioTestName);

}  // namespace
}  // namespace zt::service
