#include "render.h"

#include <cmath>
#include <cstdio>

#include "zt/core/id_number.h"
#include "zt/core/phone.h"

namespace zt::api {
namespace json = boost::json;

namespace {

json::value OptionalInstant(const std::optional<Instant>& t) {
  if (!t) return nullptr;
  return json::value(FormatInstant(*t));
}

json::value OptionalDate(const std::optional<Date>& d) {
  if (!d) return nullptr;
  return json::value(d->ToString());
}

// A rate as a percentage rounded half-up to one decimal (the reports' convention).
// No value (null) when there is nothing to divide by: 0/0 is not 0%.
json::value Percent(std::int64_t numerator, std::int64_t denominator) {
  if (denominator == 0) return nullptr;
  return std::floor(1000.0 * numerator / denominator + 0.5) / 10.0;
}

}  // namespace

std::string_view StateNameZh(std::string_view state) {
  if (state == "submitted") return "已提交";
  if (state == "accepted") return "已受理";
  if (state == "correction_pending") return "待补正";
  if (state == "suspended") return "已中止";
  if (state == "not_accepted") return "不予受理";
  if (state == "approved") return "审批通过";
  if (state == "denied") return "不予批准";
  if (state == "concluded") return "已办结";
  if (state == "withdrawn") return "已撤回";
  return state;
}

std::string_view ActionNameZh(std::string_view action) {
  if (action == "application.submitted") return "提交申请";
  if (action == "application.accepted") return "受理";
  if (action == "application.not_accepted") return "不予受理";
  if (action == "application.correction_requested") return "一次性告知补正";
  if (action == "application.correction_supplied") return "补正材料";
  if (action == "application.suspended") return "中止办理";
  if (action == "application.resumed") return "恢复办理";
  if (action == "application.extended") return "延长办理期限";
  if (action == "application.approved") return "审批通过";
  if (action == "application.denied") return "不予批准";
  if (action == "application.concluded") return "办结";
  if (action == "application.withdrawn") return "撤回";
  if (action == "application.accepted_with_tolerance") return "容缺受理";
  if (action == "application.materials_supplied") return "补交容缺材料";
  if (action == "application.handled_instantly") return "即办办结";
  if (action == "application.approved_on_commitment") return "告知承诺审批通过";
  if (action == "application.passed_up") return "转报上级";
  if (action == "application.terminated") return "终止办件";
  if (action == "application.deadlines_recomputed") return "节假日调整，重算期限";
  if (action == "application.post_check_completed") return "告知承诺事后核查";
  return action;
}

json::object RenderAccount(const service::AccountRecord& a) {
  return {{"id", a.id.value()},
          {"username", a.username},  // only ever rendered for the account's own holder
          {"display_name", a.display_name},
          {"role", accounts::RoleName(a.role)},
          {"role_name", accounts::RoleNameZh(a.role)},
          {"region_code", a.region_code},
          {"department_id", a.department_id.value()},
          {"must_change_password", a.must_change_password}};
}

json::object RenderRegion(const service::Region& r) {
  return {{"code", r.code}, {"name", r.name}, {"parent_code", r.parent_code}, {"level", r.level}};
}

json::object RenderDepartment(const service::Department& d) {
  return {{"id", d.id.value()},
          {"name", d.name},
          {"short_name", d.short_name},
          {"region_code", d.region_code},
          {"credit_code", d.credit_code}};
}

json::object RenderItem(const service::ItemView& view) {
  const auto& i = view.item;
  json::array materials;
  for (const auto& m : i.materials) {
    materials.push_back(json::object{{"name", m.name},
                                     {"required", m.required},
                                     {"note", m.note},
                                     {"secondary", m.secondary},
                                     {"trust_grade", m.trust_grade},
                                     {"licence_type_code", m.licence_type_code}});
  }
  return {{"id", i.id.value()},
          {"code", i.code},
          {"name", i.name},
          {"type", catalog::ItemTypeName(i.type)},
          {"type_name", catalog::ItemTypeNameZh(i.type)},
          {"department_id", i.department_id.value()},
          {"department_name", view.department_name},
          {"region_code", i.region_code},
          {"statutory_limit_wd", i.statutory_limit_wd},
          {"promised_limit_wd", i.promised_limit_wd},
          {"case_kind", catalog::CaseKindName(i.case_kind)},
          {"online", i.online},
          {"materials", std::move(materials)},
          {"status", catalog::ItemStatusName(i.status)},
          {"version", i.version},
          {"created_at", FormatInstant(i.created_at)},
          {"updated_at", FormatInstant(i.updated_at)}};
}

// The legal clock (docs/case-engine.md); null when the case runs on none.
json::value RenderClock(const service::ApplicationView& view) {
  if (!view.clock) return nullptr;
  const auto& c = view.record;
  json::array pauses;
  for (const auto& p : c.pauses) {
    pauses.push_back(json::object{{"from", FormatInstant(p.from)},
                                  {"to", OptionalInstant(p.to)},
                                  {"kind", p.kind},
                                  {"reason", view.public_view ? "" : p.reason}});
  }
  json::value extension = nullptr;
  if (c.extension_wd > 0) {
    extension = json::object{{"working_days", c.extension_wd},
                             {"reason", view.public_view ? "" : c.extension_reason}};
  }
  const auto& r = view.clock->reading;
  return json::object{{"kind", view.clock->kind},
                      {"limit_working_days", view.clock->limit},
                      {"deadline", OptionalDate(r.deadline)},
                      {"used_working_days", r.used},
                      {"remaining_working_days", r.remaining},
                      {"status", caseflow::ClockStatusName(r.status)},
                      {"pauses", std::move(pauses)},
                      {"extension", std::move(extension)}};
}

json::object RenderApplication(const service::ApplicationView& view, bool with_steps) {
  const auto& c = view.record;
  json::value form;
  boost::system::error_code ec;
  form = json::parse(c.form_json, ec);
  if (ec) form = json::object();
  json::array allowed;
  for (const auto& t : view.allowed_transitions) allowed.push_back(json::value(t));
  json::object out{
      {"id", c.id.value()},
      {"receipt_no", c.receipt_no},
      {"item_id", c.item_id.value()},
      {"item_code", c.item_code},
      {"item_name", c.item_name},
      {"department_id", c.department_id.value()},
      {"department_name", view.department_name},
      {"region_code", c.region_code},
      {"state", c.state},
      {"state_name", StateNameZh(c.state)},
      {"version", c.version},
      {"applicant",
       json::object{
           {"name", c.applicant_name},
           {"id_number", view.masked ? MaskIdNumber(c.applicant_id_number) : c.applicant_id_number},
           {"phone", view.masked ? MaskPhone(c.applicant_phone) : c.applicant_phone}}},
      {"channel", c.channel},
      {"form", view.public_view ? json::value(json::object()) : form},
      {"submitted_at", FormatInstant(c.submitted_at)},
      {"accepted_at", OptionalInstant(c.accepted_at)},
      {"decided_at", OptionalInstant(c.decided_at)},
      {"concluded_at", OptionalInstant(c.concluded_at)},
      {"statutory_limit_wd", c.statutory_limit_wd},
      {"promised_limit_wd", c.promised_limit_wd},
      {"promised_deadline", OptionalDate(c.promised_deadline)},
      {"statutory_deadline", OptionalDate(c.statutory_deadline)},
      {"outcome", c.outcome},
      {"last_note", c.last_note},
      {"allowed_transitions", std::move(allowed)}};
  out["acceptance_due"] = OptionalDate(c.acceptance_due);
  out["deemed_accepted"] = view.deemed_accepted;
  out["clock"] = RenderClock(view);
  json::array tasks;  // follow-up tasks (docs/case-engine.md): 容缺 supply, post-check, certificate
  for (const auto& t : view.tasks) {
    tasks.push_back(json::object{{"kind", t.kind},
                                 {"due", t.due.ToString()},
                                 {"opened_at", FormatInstant(t.opened_at)},
                                 {"done_at", OptionalInstant(t.done_at)},
                                 {"note", view.public_view ? "" : t.note}});
  }
  out["tasks"] = std::move(tasks);
  if (with_steps) {
    json::array steps;
    for (const auto& s : view.steps) {
      steps.push_back(json::object{{"action", s.action},
                                   {"action_name", ActionNameZh(s.action)},
                                   {"at", FormatInstant(s.at)},
                                   {"actor_role", s.actor_role},
                                   {"note", s.note}});
    }
    out["steps"] = std::move(steps);
  }
  return out;
}

json::object RenderFigures(const service::DepartmentFigures& f) {
  json::value average = nullptr;
  if (f.concluded != 0)
    average = std::floor(10.0 * f.working_days_total / f.concluded + 0.5) / 10.0;
  return {{"department_id", f.department_id.value()},
          {"department_name", f.department_name},
          {"submitted", f.submitted},
          {"accepted", f.accepted},
          {"concluded", f.concluded},
          {"conclusion_rate", json::object{{"value", Percent(f.concluded, f.accepted)},
                                           {"numerator", f.concluded},
                                           {"denominator", f.accepted},
                                           {"formula", "办结率 = 已办结件数 ÷ 已受理件数 × 100%"}}},
          {"on_time_rate",
           json::object{{"value", Percent(f.concluded_on_time, f.concluded)},
                        {"numerator", f.concluded_on_time},
                        {"denominator", f.concluded},
                        {"formula", "按时办结率 = 承诺时限内办结件数 ÷ 已办结件数 × 100%"}}},
          {"average_working_days",
           json::object{{"value", average},
                        {"numerator", f.working_days_total},
                        {"denominator", f.concluded},
                        {"formula", "平均办理工作日 = Σ(受理至办结的工作日) ÷ 已办结件数"}}}};
}

}  // namespace zt::api
