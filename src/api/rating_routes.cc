// Ratings (好差评) and their rectification cases (docs/ratings.md): the applicant's rating of
// a concluded application, the department's rectification work, the citizen's re-rating and
// the public indicators.
#include <boost/json.hpp>

#include "handler_support.h"
#include "routes.h"
#include "zt/core/region_code.h"
#include "zt/http/json_body.h"
#include "zt/http/problem.h"
#include "zt/rating/rating.h"
#include "zt/rating/rectification.h"
#include "zt/service/rating_service.h"

namespace zt::api {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

void RegisterRatingMessages() {
  struct Message {
    const char* key;
    const char* zh;
    const char* en;
  };
  static constexpr Message kMessages[] = {
      {"rating.level_unknown", "评价等级应为非常满意、满意、基本满意、不满意或非常不满意",
       "The level must be one of the five rating levels"},
      {"rating.tag_unknown", "评价标签不在可选范围内", "Not one of the configured tags"},
      {"rating.tag_repeated", "评价标签重复", "A tag is given once"},
      {"rating.tags_too_many", "评价标签过多", "Too many tags"},
      {"rating.comment_too_long", "评价内容过长（最多 500 字）",
       "The comment is too long (at most 500 characters)"},
      {"rating.channel_unknown", "评价渠道应为网上、窗口评价器、短信或热线",
       "The channel must be online, window_pad, sms or hotline"},
      {"rating.window_id_too_long", "窗口编号过长", "The window code is too long"},
      {"rating.applicant_only", "只有申请人本人可以评价该办件",
       "Only the applicant may rate this application"},
      {"rating.case_not_concluded", "办件尚未办结，办结后方可评价",
       "The application is not concluded yet; it can be rated once concluded"},
      {"rating.already_rated", "该办件已评价，每件办件只能评价一次",
       "This application has been rated; each application is rated once"},
      {"rating.rerate_with_level", "回评须由申请人提交评价等级",
       "The applicant rates again with a level"},
      {"rating.list_not_allowed", "评价明细仅供被评价部门和政务服务数据管理局查看",
       "Rating lists are for the rated departments and the bureau"},
      {"rating.period_format", "统计期间应为 YYYY、YYYY-MM 或 YYYY-Qn",
       "The period is YYYY, YYYY-MM or YYYY-Qn"},
      {"rectification.not_found", "整改工单不存在", "No such rectification case"},
      {"rectification.list_not_allowed", "该角色不处理差评整改",
       "This role handles no rectification cases"},
  };
  for (const auto& m : kMessages) http::RegisterMessages(m.key, m.zh, m.en);
}

json::array Strings(const std::vector<std::string>& values) {
  json::array out;
  for (const auto& v : values) out.emplace_back(v);
  return out;
}

json::value OptInstantJson(const std::optional<Instant>& t) {
  return t ? json::value(FormatInstant(*t)) : json::value(nullptr);
}

json::object RenderRating(const service::RatingRecord& r) {
  auto level = rating::LevelOfScore(r.level);
  return {{"id", r.id},
          {"case_id", r.case_id.value()},
          {"kind", r.kind},
          {"receipt_no", r.receipt_no},
          {"item_id", r.item_id.value()},
          {"item_name", r.item_name},
          {"department_id", r.department_id.value()},
          {"window_id", r.window_id},
          {"clerk_id", r.clerk_id.value()},
          {"level", level ? rating::LevelName(*level) : ""},
          {"level_name", level ? rating::LevelNameZh(*level) : ""},
          {"score", r.level},
          {"bad", level && rating::IsBad(*level)},
          {"tags", Strings(r.tags)},
          {"comment", r.comment},
          {"channel", r.channel},
          {"is_default", r.is_default},
          {"concluded_at", FormatInstant(r.concluded_at)},
          {"rated_at", FormatInstant(r.rated_at)},
          {"rectification_id", r.rectification_id}};
}

json::object RenderRectification(const service::RectificationView& v, bool with_steps) {
  const auto& r = v.record;
  json::object out{{"id", r.id},
                   {"rating_id", r.rating_id},
                   {"case_id", r.case_id.value()},
                   {"receipt_no", r.receipt_no},
                   {"item_id", r.item_id.value()},
                   {"item_name", r.item_name},
                   {"department_id", r.department_id.value()},
                   {"department_name", v.department_name},
                   {"region_code", r.region_code},
                   {"state", r.state},
                   {"version", r.version},
                   {"score", r.level},
                   {"opened_at", FormatInstant(r.opened_at)},
                   {"due", r.due.ToString()},
                   {"overdue", v.overdue},
                   {"verification", r.verification},
                   {"verified_at", OptInstantJson(r.verified_at)},
                   {"finding", r.finding},
                   {"rectified_at", OptInstantJson(r.rectified_at)},
                   {"measures", r.measures},
                   {"replied_at", OptInstantJson(r.replied_at)},
                   {"reply", r.reply},
                   {"called_back_at", OptInstantJson(r.called_back_at)},
                   {"call_back_note", r.call_back_note},
                   {"finished_at", OptInstantJson(r.finished_at)},
                   {"allowed_transitions", Strings(v.allowed_transitions)},
                   {"rating", v.rating ? json::value(RenderRating(*v.rating)) : nullptr},
                   {"rerating", v.rerating ? json::value(RenderRating(*v.rerating)) : nullptr}};
  if (with_steps) {
    json::array steps;
    for (const auto& s : v.steps) {
      steps.push_back(json::object{{"action", s.action},
                                   {"at", FormatInstant(s.at)},
                                   {"actor_role", s.actor_role},
                                   {"note", s.note}});
    }
    out["steps"] = std::move(steps);
  }
  return out;
}

json::object RenderCaseRatings(const service::CaseRatings& c) {
  return {{"case_id", c.case_id.value()},
          {"can_rate", c.can_rate},
          {"initial", c.initial ? json::value(RenderRating(*c.initial)) : nullptr},
          {"rerating", c.rerating ? json::value(RenderRating(*c.rerating)) : nullptr},
          {"rectification",
           c.rectification ? json::value(RenderRectification(*c.rectification, true)) : nullptr}};
}

json::array RenderIndicators(const std::vector<Indicator>& indicators) {
  json::array out;
  for (const auto& i : indicators) {
    json::value numerator = i.numerator;
    if (i.numerator == static_cast<double>(static_cast<std::int64_t>(i.numerator))) {
      numerator = static_cast<std::int64_t>(i.numerator);
    }
    out.push_back(json::object{{"key", i.key},
                               {"name", i.name_zh},
                               {"value", i.value ? json::value(*i.value) : json::value(nullptr)},
                               {"numerator", numerator},
                               {"denominator", i.denominator},
                               {"formula", i.formula}});
  }
  return out;
}

// Reads level, tags, comment, channel and window_id of a rating body into `input`.
void ReadRatingInput(http::JsonObjectReader& r, rating::RatingInput& input) {
  input.level = r.RequireString("level", 1, 32);
  if (auto tags = r.OptionalArray("tags", 0, 20)) {
    for (std::size_t i = 0; i < tags->size(); ++i) input.tags.push_back(tags->StringAt(i, 1, 50));
  }
  input.comment = r.OptionalString("comment", 0, 2000).value_or("");
  input.channel = r.OptionalString("channel", 1, 16).value_or("online");
  input.window_id = r.OptionalString("window_id", 0, 64).value_or("");
}

class RatingRoutes {
 public:
  explicit RatingRoutes(const ApiDeps& deps)
      : ratings_(deps.store, deps.crypto, deps.clock, deps.calendar) {}

  Result<Response> Options(Request&) {
    const auto& p = ratings_.policy();
    json::array levels;
    for (auto l : rating::kLevels) {
      levels.push_back(json::object{{"level", rating::LevelName(l)},
                                    {"name", rating::LevelNameZh(l)},
                                    {"score", rating::Score(l)},
                                    {"bad", rating::IsBad(l)}});
    }
    json::array channels;
    for (const char* c : rating::kChannels) channels.emplace_back(c);
    return Response::Json(200, json::object{{"levels", std::move(levels)},
                                            {"tags", Strings(p.tags)},
                                            {"channels", std::move(channels)},
                                            {"comment_max_chars", p.comment_max_chars},
                                            {"max_tags", p.max_tags},
                                            {"default_after_days", p.default_after.count() / 24},
                                            {"default_level", rating::LevelName(p.default_level)},
                                            {"rectification_limit_wd", p.rectification_limit_wd}});
  }

  Result<Response> Rate(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    CaseId case_id(r.RequireString("case_id", 1, 64));
    rating::RatingInput input;
    ReadRatingInput(r, input);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto out, ratings_.Rate(p->session.actor, case_id, input, ContextOf(req)));
    Response response = Response::Json(201, RenderCaseRatings(out));
    response.SetHeader("Location", "/api/v1/ratings/by-case/" + case_id.value());
    return response;
  }

  Result<Response> OfCase(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(
        auto out, ratings_.OfCase(p->session.actor, CaseId(std::string(req.path_param("case_id"))),
                                  ContextOf(req)));
    return Response::Json(200, RenderCaseRatings(out));
  }

  Result<Response> List(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto paging, Paging(req));
    service::RatingQuery q;
    q.item_id = ItemId(QueryOr(req, "item_id"));
    q.window_id = QueryOr(req, "window_id");
    q.kind = QueryOr(req, "kind");
    q.offset = paging.first;
    q.limit = paging.second;
    std::int64_t total = 0;
    ZT_ASSIGN_OR_RETURN(auto rows, ratings_.List(p->session.actor, q, &total));
    json::array items;
    for (const auto& r : rows) items.push_back(RenderRating(r));
    return Response::Json(200, json::object{{"items", std::move(items)}, {"total_size", total}});
  }

  Result<Response> ListRectifications(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto paging, Paging(req));
    service::RectificationQuery q;
    std::string_view rest = QueryOr(req, "state");
    std::string states(rest);
    std::string_view s = states;
    while (!s.empty()) {
      auto comma = s.find(',');
      q.states.emplace_back(s.substr(0, comma));
      s = comma == std::string_view::npos ? std::string_view() : s.substr(comma + 1);
    }
    q.offset = paging.first;
    q.limit = paging.second;
    std::int64_t total = 0;
    ZT_ASSIGN_OR_RETURN(auto rows, ratings_.ListRectifications(p->session.actor, q, &total));
    json::array items;
    for (const auto& v : rows) items.push_back(RenderRectification(v, false));
    return Response::Json(200, json::object{{"items", std::move(items)}, {"total_size", total}});
  }

  Result<Response> GetRectification(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(
        auto view, ratings_.GetRectification(p->session.actor, std::string(req.path_param("id")),
                                             ContextOf(req)));
    return JsonWithETag(200, RenderRectification(view, true), view.record.version);
  }

  Result<Response> Act(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    caseflow::Command command;
    command.transition = r.RequireString("transition", 1, 32);
    if (auto note = r.OptionalString("note", 0, 2000); note && !note->empty()) {
      command.fields["note"] = *note;
    }
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(std::int64_t version, IfMatchVersion(req));
    ZT_ASSIGN_OR_RETURN(auto view, ratings_.Act(p->session.actor, std::string(req.path_param("id")),
                                                command, version, ContextOf(req)));
    return JsonWithETag(200, RenderRectification(view, true), view.record.version);
  }

  Result<Response> Rerate(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(std::int64_t version, IfMatchVersion(req));
    http::JsonObjectReader r(req.body());
    rating::RatingInput input;
    ReadRatingInput(r, input);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto view,
                        ratings_.Rerate(p->session.actor, std::string(req.path_param("id")), input,
                                        version, ContextOf(req)));
    return JsonWithETag(200, RenderRectification(view, true), view.record.version);
  }

  Result<Response> Stats(Request& req) {
    service::RatingStatsQuery q;
    if (std::string region = QueryOr(req, "region"); !region.empty()) {
      auto parsed = RegionCode::Parse(region);
      if (!parsed) return FieldFail("region", "region.format", "region is a 6, 9 or 12-digit code");
      q.region_code = parsed->value();
    }
    q.department_id = DepartmentId(QueryOr(req, "department_id"));
    q.item_id = ItemId(QueryOr(req, "item_id"));
    q.window_id = QueryOr(req, "window_id");
    q.period = QueryOr(req, "period");
    if (q.period.size() > 16) {
      return FieldFail("period", "rating.period_format", "period is YYYY, YYYY-MM or YYYY-Qn");
    }
    ZT_ASSIGN_OR_RETURN(auto stats, ratings_.Stats(q));
    json::array departments;
    for (const auto& d : stats.departments) {
      departments.push_back(json::object{{"department_id", d.department_id.value()},
                                         {"department_name", d.department_name},
                                         {"indicators", RenderIndicators(d.indicators)}});
    }
    return Response::Json(200, json::object{{"department_id", q.department_id.value()},
                                            {"item_id", q.item_id.value()},
                                            {"window_id", q.window_id},
                                            {"period", q.period},
                                            {"indicators", RenderIndicators(stats.indicators)},
                                            {"departments", std::move(departments)}});
  }

 private:
  service::RatingService ratings_;
};

}  // namespace

void RegisterRatingRoutes(http::Router& router, const ApiDeps& deps) {
  RegisterRatingMessages();
  auto routes = std::make_shared<RatingRoutes>(deps);
  auto bind = [routes](Result<Response> (RatingRoutes::*method)(Request&)) {
    return [routes, method](Request& req) { return ((*routes).*method)(req); };
  };
  router.Get("/api/v1/rating-options", bind(&RatingRoutes::Options));
  router.Post("/api/v1/ratings", bind(&RatingRoutes::Rate));
  router.Get("/api/v1/ratings", bind(&RatingRoutes::List));
  router.Get("/api/v1/ratings/by-case/{case_id}", bind(&RatingRoutes::OfCase));
  router.Get("/api/v1/rectifications", bind(&RatingRoutes::ListRectifications));
  router.Get("/api/v1/rectifications/{id}", bind(&RatingRoutes::GetRectification));
  router.Post("/api/v1/rectifications/{id}/transitions", bind(&RatingRoutes::Act));
  router.Post("/api/v1/rectifications/{id}/rerating", bind(&RatingRoutes::Rerate));
  router.Get("/api/v1/stats/ratings", bind(&RatingRoutes::Stats));
}

}  // namespace zt::api
