#include "hotline_render.h"

namespace zt::api {
namespace {

namespace json = boost::json;

json::value OptTime(const std::optional<Instant>& t) {
  return t ? json::value(FormatInstant(*t)) : json::value(nullptr);
}

}  // namespace

json::array RenderDuplicates(const std::vector<hotline::DuplicateHit>& hits) {
  json::array out;
  for (const auto& h : hits) {
    out.push_back({{"id", h.id.value()}, {"number", h.number}, {"reason", h.reason}});
  }
  return out;
}

json::array RenderHotlineIndicators(const std::vector<Indicator>& rates) {
  json::array out;
  for (const auto& r : rates) {
    out.push_back({{"key", r.key},
                   {"name_zh", r.name_zh},
                   {"value", r.value ? json::value(*r.value) : json::value(nullptr)},
                   {"numerator", r.numerator},
                   {"denominator", r.denominator},
                   {"formula", r.formula}});
  }
  return out;
}

json::object RenderOrder(const service::OrderView& view, bool with_steps) {
  const hotline::WorkOrder& o = view.record;
  json::array allowed;
  for (const auto& t : view.allowed_transitions) allowed.emplace_back(t);
  json::object out{
      {"id", o.id.value()},
      {"number", o.number},
      {"source", o.source},
      {"caller_name", o.caller_name},
      {"caller_phone", o.caller_phone},
      {"masked", view.masked},
      {"confidential", o.confidential},
      {"matter_type", o.matter_type},
      {"matter_type_name", view.type_name_zh},
      {"category_code", o.category_code},
      {"region_code", o.region_code},
      {"address", o.address},
      {"title", o.title},
      {"content", o.content},
      {"urgent", o.urgent},
      {"disposition", o.disposition},
      {"article_id", o.article_id},
      {"answer", o.answer},
      {"department_id", o.department_id.value()},
      {"department_name", view.department_name},
      {"state", o.state},
      {"version", o.version},
      {"received_at", FormatInstant(o.received_at)},
      {"dispatched_at", OptTime(o.dispatched_at)},
      {"sign_due_at", OptTime(o.sign_due_at)},
      {"accepted_at", OptTime(o.accepted_at)},
      {"replied_at", OptTime(o.replied_at)},
      {"called_back_at", OptTime(o.called_back_at)},
      {"closed_at", OptTime(o.closed_at)},
      {"limit_days", o.limit_days},
      {"extension_days", o.extension_days},
      {"requested_extension_days", o.requested_extension_days},
      {"due_date", o.due_date ? json::value(o.due_date->ToString()) : json::value(nullptr)},
      {"reply", o.reply},
      {"satisfaction", o.satisfaction},
      {"outcome", o.outcome},
      {"merged_into", o.merged_into},
      {"returned_by", o.returned_by},
      {"escalation_level", o.escalation_level},
      {"last_note", o.last_note},
      {"overdue", view.overdue},
      {"needs_escalation", view.needs_escalation},
      {"allowed_transitions", std::move(allowed)},
      {"duplicates", RenderDuplicates(view.duplicates)}};
  if (with_steps) {
    json::array steps;
    for (const auto& s : view.steps) {
      steps.push_back({{"action", s.action},
                       {"at", FormatInstant(s.at)},
                       {"actor_role", s.actor_role},
                       {"note", s.note}});
    }
    out["steps"] = std::move(steps);
  }
  return out;
}

}  // namespace zt::api
