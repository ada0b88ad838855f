// Runs every tests/scenarios/rating/*.scenario through ApplicationService and RatingService on
// a real store (SQLite or PostgreSQL, chosen at build time). One scenario follows one
// application of 陈晓明 (赤坎 market regulator), its rating and any rectification case. Same
// syntax as the application scenarios:
//   # name: …  /  # group: …                       headers (the name is required)
//   at 2025-09-30T10:00+08:00 | advance 7 days | advance 3 working-days | advance 2 hours
//   as citizen apply [until=accepted]              files an application and (by default)
//                                                  takes it to concluded (clerk, reviewer)
//   as <actor> rate level=dissatisfied [tags=多次跑动,服务态度差] [comment="…"]
//        [channel=window_pad] [window=CK-07]       the initial rating of the application
//   as <actor> rerate level=satisfied              the re-rating after the call-back
//   as <actor> verify_real note="…"                a rectification transition (verify_real,
//                                                  verify_not_real, rectify, reply, call_back,
//                                                  close) at the case's current version
//   default_ratings                                the default-rating sweep at the clock's now
//   actors: citizen (the applicant), other_citizen, clerk, reviewer, admin (赤坎 market
//   regulator), xiashan_admin (another district), manager (the city's bureau)
//   expect ok | expect error <code> <key>          the last `as`
//   expect events +1                               event-log entries the last `as` added
//   expect defaulted 1                             cases the last sweep rated
//   expect ratings 1 | rectifications 0            rows in the store
//   expect initial level 2 | initial default true | initial channel system | initial none
//   expect rerating level 4 | rerating none
//   expect can_rate citizen true                   whether that actor may rate now
//   expect rectification state opened | due 2025-10-28 | overdue false | none
//   expect allowed admin verify_real true          offered to the actor on the rectification
//   expect stat rerating_uplift 3                  the 赤坎 market regulator's indicator, all
//                                                  time ("none" when it has no value)
#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "scenario_fixture.h"
#include "scenario_text.h"
#include "zt/service/application_service.h"
#include "zt/service/rating_service.h"

namespace zt::service {
namespace {

using accounts::Actor;
using accounts::Role;

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, ',');) {
    if (!part.empty()) out.push_back(part);
  }
  return out;
}

class RatingScenarioTest : public testing::ScenarioRunner {
 protected:
  RatingScenarioTest() : ScenarioRunner("2025-09-30T10:00:00+08:00") {}

  void SetUp() override {
    StoreScenarioFixture::SetUp();
    if (HasFatalFailure()) return;
    catalog_ = std::make_unique<CatalogService>(*store_, crypto_, clock_);
    apps_ = std::make_unique<ApplicationService>(*store_, crypto_, clock_,
                                                 calendar::WorkingCalendar::China());
    ratings_ = std::make_unique<RatingService>(*store_, crypto_, clock_,
                                               calendar::WorkingCalendar::China());
    actors_["admin"] = Staff("ck-admin", Role::kDepartmentAdmin, "440802", "440802-scj");
    actors_["clerk"] = Staff("ck-clerk", Role::kWindowClerk, "440802", "440802-scj");
    actors_["reviewer"] = Staff("ck-reviewer", Role::kReviewer, "440802", "440802-scj");
    actors_["xiashan_admin"] = Staff("xs-admin", Role::kDepartmentAdmin, "440803", "440803-scj");
    actors_["manager"] = Staff("zj-manager", Role::kBureauManager, "440800", "");
    actors_["citizen"] = Citizen(123, "陈晓明", "13807591234");
    actors_["other_citizen"] = Citizen(125, "林秀英", "13807591235");
  }

  bool Apply(const Actor& citizen, const std::string& until, const std::string& where);
  bool Act(const std::string& actor, const std::string& transition,
           const std::map<std::string, std::string>& fields, const std::string& where) override;
  bool Expect(const std::vector<std::string>& w, const std::string& where) override;
  std::optional<bool> RunOwnCommand(const std::vector<std::string>& w,
                                    const std::string& where) override;
  std::optional<std::string> RectificationId(const std::string& where);

  std::unique_ptr<CatalogService> catalog_;
  std::unique_ptr<ApplicationService> apps_;
  std::unique_ptr<RatingService> ratings_;
  std::optional<CaseId> case_id_;
  std::int64_t events_before_last_ = 0;
  std::int64_t events_after_last_ = 0;
  std::optional<int> defaulted_;
  int applications_ = 0;
};

bool RatingScenarioTest::Apply(const Actor& citizen, const std::string& until,
                               const std::string& where) {
  catalog::ServiceItem item;
  item.code = "440802-scj-rating-" + std::to_string(++applications_);
  item.name = "食品经营许可";
  item.department_id = DepartmentId("440802-scj");
  item.region_code = "440802";
  item.statutory_limit_wd = 20;
  item.promised_limit_wd = 5;
  item.materials = {{"申请表", true, ""}};
  auto published = PublishItem(*catalog_, actors_["admin"], item);
  if (!published) {
    ADD_FAILURE() << where << ": " << published.error().ToString();
    return false;
  }
  SubmitRequest request;
  request.item_id = published->item.id;
  auto view = apps_->Submit(citizen, request, ctx_);
  std::vector<std::pair<std::string, std::string>> steps;  // actor, transition
  if (until != "submitted") steps.push_back({"clerk", "accept"});
  if (until == "concluded") {
    steps.push_back({"reviewer", "approve"});
    steps.push_back({"clerk", "conclude"});
  }
  for (const auto& [actor, transition] : steps) {
    if (!view) break;
    view =
        apps_->Act(actors_[actor], view->record.id, {transition, {}}, view->record.version, ctx_);
  }
  if (!view) {
    ADD_FAILURE() << where << ": " << view.error().ToString();
    return false;
  }
  case_id_ = view->record.id;
  return true;
}

std::optional<std::string> RatingScenarioTest::RectificationId(const std::string& where) {
  if (!case_id_) {
    ADD_FAILURE() << where << ": no application filed yet";
    return std::nullopt;
  }
  auto seen = ratings_->OfCase(actors_["admin"], *case_id_);
  if (!seen) {
    ADD_FAILURE() << where << ": " << seen.error().ToString();
    return std::nullopt;
  }
  if (!seen->rectification) return std::string();
  return seen->rectification->record.id;
}

bool RatingScenarioTest::Act(const std::string& actor, const std::string& transition,
                             const std::map<std::string, std::string>& fields,
                             const std::string& where) {
  const Actor* who = ActorNamed(actor, where);
  if (who == nullptr) return false;
  if (transition == "apply") {
    auto until = fields.find("until");
    return Apply(*who, until == fields.end() ? "concluded" : until->second, where);
  }
  if (!case_id_) {
    ADD_FAILURE() << where << ": no application filed yet";
    return false;
  }
  auto field = [&](const char* key, const char* fallback) {
    auto it = fields.find(key);
    return it == fields.end() ? std::string(fallback) : it->second;
  };
  rating::RatingInput input{field("level", ""), SplitCommas(field("tags", "")),
                            field("comment", ""), field("channel", "online"), field("window", "")};
  last_error_.reset();
  events_before_last_ = EventCount();
  if (transition == "rate") {
    auto rated = ratings_->Rate(*who, *case_id_, input, ctx_);
    if (!rated) last_error_ = rated.error();
    events_after_last_ = EventCount();
    return true;
  }
  auto id = RectificationId(where);
  if (!id) return false;
  if (id->empty()) {
    ADD_FAILURE() << where << ": the case has no rectification";
    return false;
  }
  auto current = ratings_->GetRectification(actors_["admin"], *id);
  if (!current) {
    ADD_FAILURE() << where << ": " << current.error().ToString();
    return false;
  }
  events_before_last_ = EventCount();
  std::int64_t version = current->record.version;
  Result<RectificationView> acted =
      transition == "rerate" ? ratings_->Rerate(*who, *id, input, version, ctx_)
                             : ratings_->Act(*who, *id, {transition, fields}, version, ctx_);
  if (!acted) last_error_ = acted.error();
  events_after_last_ = EventCount();
  return true;
}

std::string Level(const std::optional<RatingRecord>& r, const std::string& what) {
  if (!r) return "none";
  if (what == "level") return std::to_string(r->level);
  if (what == "default") return r->is_default ? "true" : "false";
  if (what == "channel") return r->channel;
  if (what == "tags") {
    std::string out;
    for (const auto& t : r->tags) out += (out.empty() ? "" : ",") + t;
    return out;
  }
  if (what == "window") return r->window_id.empty() ? "none" : r->window_id;
  return "?" + what;
}

bool RatingScenarioTest::Expect(const std::vector<std::string>& w, const std::string& where) {
  if (w.size() == 3 && w[1] == "events") {
    EXPECT_EQ("+" + std::to_string(events_after_last_ - events_before_last_), w[2]) << where;
    return true;
  }
  if (w.size() == 3 && w[1] == "defaulted") {
    EXPECT_EQ(defaulted_ ? std::to_string(*defaulted_) : "no sweep", w[2]) << where;
    return true;
  }
  if (w.size() == 3 && (w[1] == "ratings" || w[1] == "rectifications")) {
    auto tx = store_->Begin();
    if (!tx) {
      ADD_FAILURE() << where << ": " << tx.error().ToString();
      return false;
    }
    std::int64_t total = -1;
    bool read = w[1] == "ratings"
                    ? (*tx)->ratings().ListRatings(RatingQuery{}, &total).has_value()
                    : (*tx)->ratings().ListRectifications(RectificationQuery{}, &total).has_value();
    EXPECT_TRUE(read) << where;
    EXPECT_EQ(std::to_string(total), w[2]) << where;
    return true;
  }
  if (w.size() == 4 && w[1] == "stat") {
    auto stats = ratings_->Stats({DepartmentId("440802-scj"), ItemId(), "", ""});
    if (!stats) {
      ADD_FAILURE() << where << ": " << stats.error().ToString();
      return false;
    }
    const Indicator* found = nullptr;
    for (const auto& i : stats->indicators) {
      if (i.key == w[2]) found = &i;
    }
    if (found == nullptr) {
      ADD_FAILURE() << where << ": no indicator " << w[2];
      return true;
    }
    if (w[3] == "none") {
      EXPECT_FALSE(found->value.has_value()) << where;
    } else if (!found->value) {
      ADD_FAILURE() << where << ": " << w[2] << " has no value";
    } else {
      EXPECT_NEAR(*found->value, std::stod(w[3]), 1e-9) << where;
    }
    return true;
  }
  if (!case_id_) {
    ADD_FAILURE() << where << ": no application filed yet";
    return false;
  }
  if (w.size() == 4 && w[1] == "can_rate") {
    const Actor* who = ActorNamed(w[2], where);
    if (who == nullptr) return false;
    auto seen = ratings_->OfCase(*who, *case_id_);
    EXPECT_EQ(seen.has_value() && seen->can_rate ? "true" : "false", w[3]) << where;
    return true;
  }
  auto seen = ratings_->OfCase(actors_["admin"], *case_id_);
  if (!seen) {
    ADD_FAILURE() << where << ": " << seen.error().ToString();
    return false;
  }
  std::optional<std::string> got;
  if ((w[1] == "initial" || w[1] == "rerating") && (w.size() == 3 || w.size() == 4)) {
    const auto& r = w[1] == "initial" ? seen->initial : seen->rerating;
    got = w.size() == 3 ? (r ? "present" : "none") : Level(r, w[2]);
  }
  if (w[1] == "rectification" && w.size() == 3) {
    got = seen->rectification ? "present" : "none";
  }
  if (w[1] == "rectification" && w.size() == 4) {
    if (!seen->rectification) {
      got = "none";
    } else {
      // Read through GetRectification so `overdue` is evaluated at the clock's now.
      auto r = ratings_->GetRectification(actors_["admin"], seen->rectification->record.id);
      if (!r) {
        ADD_FAILURE() << where << ": " << r.error().ToString();
        return false;
      }
      if (w[2] == "state") got = r->record.state;
      if (w[2] == "due") got = r->record.due.ToString();
      if (w[2] == "overdue") got = r->overdue ? "true" : "false";
      if (w[2] == "version") got = std::to_string(r->record.version);
    }
  }
  if (w.size() == 5 && w[1] == "allowed") {
    const Actor* who = ActorNamed(w[2], where);
    if (who == nullptr) return false;
    if (!seen->rectification) {
      ADD_FAILURE() << where << ": no rectification";
      return false;
    }
    auto as = ratings_->GetRectification(*who, seen->rectification->record.id);
    bool allowed = false;
    if (as) {
      const auto& a = as->allowed_transitions;
      allowed = std::find(a.begin(), a.end(), w[3]) != a.end();
    }
    got = allowed ? "true" : "false";
  }
  if (got) {
    EXPECT_EQ(*got, w.back()) << where;
    return true;
  }
  ADD_FAILURE() << where << ": cannot read this expectation";
  return false;
}

// default_ratings: the sweep at the clock's now.
std::optional<bool> RatingScenarioTest::RunOwnCommand(const std::vector<std::string>& w,
                                                      const std::string& where) {
  if (w[0] != "default_ratings" || w.size() != 1) return std::nullopt;
  auto count = ratings_->ApplyDefaultRatings(clock_.Now());
  if (!count) {
    ADD_FAILURE() << where << ": " << count.error().ToString();
    return false;
  }
  defaulted_ = *count;
  return true;
}

TEST_P(RatingScenarioTest, Runs) { RunScenario(); }

INSTANTIATE_TEST_SUITE_P(RatingScenarios, RatingScenarioTest,
                         ::testing::ValuesIn(testing::ScenarioFilesOf("rating")),
                         testing::ScenarioTestName);

}  // namespace
}  // namespace zt::service
