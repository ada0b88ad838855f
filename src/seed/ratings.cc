#include "ratings.h"

#include <algorithm>

#include "zt/calendar/calendar.h"
#include "zt/service/account_service.h"
#include "zt/service/rating_service.h"

namespace zt::seed {
namespace {

using namespace std::chrono_literals;

// Scores of the explicit ratings, cycled: 2 of 10 are bad (不满意, 非常不满意).
constexpr int kScores[] = {5, 5, 4, 5, 3, 4, 2, 5, 1, 4};
constexpr const char* kGoodTags[] = {"办事效率高", "服务热情", "指引清晰"};
constexpr const char* kBadTags[] = {"多次跑动", "未在承诺时间内办结",
                                    "需提供办事指南之外的申报材料"};

Result<std::optional<accounts::Actor>> ActorOf(service::UnitOfWork& tx, const AccountId& id) {
  if (id.empty()) return std::optional<accounts::Actor>();
  ZT_ASSIGN_OR_RETURN(auto account, tx.FindAccount(id));
  if (!account) return std::optional<accounts::Actor>();
  return std::optional<accounts::Actor>(service::AccountService::ActorOf(*account));
}

}  // namespace

Result<int> SeedRatings(service::Store& store, service::Crypto& crypto, Instant now) {
  SimulatedClock clock(now);
  service::RatingService ratings(store, crypto, clock, calendar::WorkingCalendar::China());
  std::vector<caseflow::ApplicationCase> concluded;
  {
    ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
    service::CaseQuery q;
    q.states = {"concluded"};
    q.limit = 10000;
    ZT_ASSIGN_OR_RETURN(auto page, tx->ListCases(q));
    concluded = std::move(page.items);
  }
  std::sort(concluded.begin(), concluded.end(), [](const auto& a, const auto& b) {
    return a.concluded_at < b.concluded_at || (a.concluded_at == b.concluded_at && a.id < b.id);
  });
  service::RequestContext ctx{"seed", "local"};
  int written = 0;
  int n = 0;
  for (const auto& c : concluded) {
    ++n;
    if (n % 5 >= 3 || !c.concluded_at || c.applicant_account.empty()) continue;  // ~60% rated
    Instant rated_at = *c.concluded_at + std::chrono::hours(2 + n % 30);
    if (rated_at > now) continue;
    std::optional<accounts::Actor> citizen, reviewer;
    {
      ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
      ZT_ASSIGN_OR_RETURN(citizen, ActorOf(*tx, c.applicant_account));
      ZT_ASSIGN_OR_RETURN(reviewer, ActorOf(*tx, c.reviewer_id));
    }
    if (!citizen) continue;
    int score = kScores[written % std::size(kScores)];
    bool bad = score <= 2;
    rating::RatingInput input;
    ZT_ASSIGN_OR_RETURN(rating::Level level, rating::LevelOfScore(score));
    input.level = std::string(rating::LevelName(level));
    input.tags = {bad ? kBadTags[n % 3] : kGoodTags[n % 3]};
    input.comment = bad ? "材料要求与办事指南不一致，多跑了一趟" : "";
    input.channel = n % 4 == 0 ? "window_pad" : (n % 7 == 0 ? "sms" : "online");
    if (input.channel == "window_pad") input.window_id = "W-" + std::to_string(1 + n % 6);
    clock.Set(rated_at);
    auto out = ratings.Rate(*citizen, c.id, input, ctx);
    // A bad rating's deadline past the calendar's last year: leave the case unrated.
    if (!out && out.error().key() == "calendar.year_not_covered") continue;
    if (!out) return std::unexpected(out.error());
    ++written;
    if (!out->rectification || !reviewer) continue;
    // Take the case through as many stages as the time left allows: 2 days per stage.
    std::string id = out->rectification->record.id;
    std::int64_t version = out->rectification->record.version;
    bool founded = n % 3 != 0;
    std::vector<std::pair<std::string, std::string>> steps;
    if (founded) {
      steps = {{"verify_real", "经核查，窗口未一次性告知所需材料，情况属实"},
               {"rectify", "修订一次性告知单，组织窗口人员培训"},
               {"reply", "已完成整改，向您致歉，欢迎监督"}};
    } else {
      steps = {{"verify_not_real", "经核查，所需材料均在办事指南中列明"},
               {"reply", "已向您说明办事指南中的材料要求"}};
    }
    steps.push_back({"call_back", "电话回访，申请人表示认可"});
    int stages = 1 + n % static_cast<int>(steps.size() + 1);  // some left part-way
    Instant at = rated_at;
    for (int s = 0; s < stages && s < static_cast<int>(steps.size()); ++s) {
      at += 48h;
      if (at > now) break;
      clock.Set(at);
      ZT_ASSIGN_OR_RETURN(
          auto v,
          ratings.Act(*reviewer, id, {steps[s].first, {{"note", steps[s].second}}}, version, ctx));
      version = v.record.version;
      if (v.record.state == "called_back" && n % 2 == 0 && at + 24h <= now) {
        clock.Set(at + 24h);
        rating::RatingInput again;
        again.level = "satisfied";
        again.tags = {"办事效率高"};
        ZT_ASSIGN_OR_RETURN(auto r, ratings.Rerate(*citizen, id, again, version, ctx));
        (void)r;
        ++written;
      }
    }
  }
  ZT_ASSIGN_OR_RETURN(int defaulted, ratings.ApplyDefaultRatings(now));
  return written + defaulted;
}

}  // namespace zt::seed
