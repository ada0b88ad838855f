#include "zt/service/notification_service.h"

#include <algorithm>

#include "zt/service/audit.h"
#include "zt/service/catalog_service.h"
#include "zt/service/material_service.h"

namespace zt::service {
namespace {

std::string Detail(const EventDraft& e, std::string_view key) {
  for (const auto& [k, v] : e.details) {
    if (k == key) return v;
  }
  return "";
}

EventDraft DeliveryEvent(Instant at, std::string action, const OutboxMessage& m) {
  EventDraft e;
  e.at = at;
  e.action = std::move(action);
  e.object_type = "notification";
  e.object_id = m.id;
  e.actor_role = "system";
  e.details = {{"case_id", m.case_id.value()},
               {"milestone", m.milestone},
               {"attempts", std::to_string(m.attempts)}};
  if (!m.last_error.empty()) e.details.push_back({"error", m.last_error});
  return e;
}

}  // namespace

const std::vector<MessageTemplate>& MessageTemplates() {
  static const std::vector<MessageTemplate> kTemplates = {
      {"submitted", "申请已提交",
       "{name}您好：您申请的“{item_name}”已提交，受理编号 {receipt_no}。我们将在 5 个工作日内"
       "告知是否受理。",
       "Application submitted",
       "Dear {name}, your application for \"{item_name}\" has been submitted; receipt number "
       "{receipt_no}. You will be told within 5 working days whether it is accepted."},
      {"correction", "补正告知",
       "{name}您好：您的申请（{receipt_no}，{item_name}）需要补正：{note}。请一次补齐后提交。",
       "Corrections needed",
       "Dear {name}, your application {receipt_no} (\"{item_name}\") needs corrections: {note}. "
       "Please supply everything at once."},
      {"accepted", "已受理",
       "{name}您好：您的申请（{receipt_no}，{item_name}）已受理，承诺办结日期 {due}。",
       "Application accepted",
       "Dear {name}, your application {receipt_no} (\"{item_name}\") has been accepted; it will "
       "be decided by {due}."},
      {"not_accepted", "不予受理",
       "{name}您好：您的申请（{receipt_no}，{item_name}）不予受理，理由：{note}。",
       "Application not accepted",
       "Dear {name}, your application {receipt_no} (\"{item_name}\") was not accepted: {note}."},
      {"tolerance_deadline", "容缺受理：请补齐材料",
       "{name}您好：您的申请（{receipt_no}，{item_name}）已容缺受理，请于 {due} 前补齐：{note}。",
       "Accepted with materials to follow",
       "Dear {name}, your application {receipt_no} (\"{item_name}\") was accepted with materials "
       "missing; please supply by {due}: {note}."},
      {"approved", "审批通过",
       "{name}您好：您的申请（{receipt_no}，{item_name}）已审批通过，证照将在 10 个工作日内制发。",
       "Application approved",
       "Dear {name}, your application {receipt_no} (\"{item_name}\") has been approved; the "
       "certificate follows within 10 working days."},
      {"denied", "审批未通过",
       "{name}您好：您的申请（{receipt_no}，{item_name}）未获批准，理由：{note}。",
       "Application denied",
       "Dear {name}, your application {receipt_no} (\"{item_name}\") was denied: {note}."},
      {"certificate_ready", "证照已制发",
       "{name}您好：您申请的“{item_name}”（{receipt_no}"
       "）证照已制发，可凭受理编号领取或在电子证照中查看。",
       "Certificate ready",
       "Dear {name}, the certificate for \"{item_name}\" ({receipt_no}) is ready: collect it with "
       "the receipt number or find it among your electronic licences."},
      {"concluded", "已办结", "{name}您好：您的申请（{receipt_no}，{item_name}）已办结。{note}",
       "Application concluded",
       "Dear {name}, your application {receipt_no} (\"{item_name}\") is concluded. {note}"},
  };
  return kTemplates;
}

std::string RenderTemplate(std::string_view text,
                           const std::map<std::string, std::string>& params) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t open = text.find('{', at);
    if (open == std::string_view::npos) break;
    std::size_t close = text.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(at, open - at));
    auto found = params.find(std::string(text.substr(open + 1, close - open - 1)));
    if (found != params.end()) {
      out += found->second;
    } else {
      out.append(text.substr(open, close - open + 1));
    }
    at = close + 1;
  }
  out.append(text.substr(at));
  return out;
}

std::optional<std::string> MilestoneOf(std::string_view action,
                                       const caseflow::ApplicationCase& c) {
  if (action == "application.submitted") return "submitted";
  if (action == "application.correction_requested") return "correction";
  if (action == "application.accepted") return "accepted";
  if (action == "application.accepted_with_tolerance") return "tolerance_deadline";
  if (action == "application.not_accepted") return "not_accepted";
  if (action == "application.approved" || action == "application.approved_on_commitment")
    return "approved";
  if (action == "application.denied") return "denied";
  if (action == "application.concluded") {
    return c.outcome == "approved" ? "certificate_ready" : "concluded";
  }
  if (action == "application.handled_instantly" || action == "application.passed_up" ||
      action == "application.terminated")
    return "concluded";
  return std::nullopt;
}

Status NotifyMilestone(UnitOfWork& tx, Crypto& crypto, const caseflow::ApplicationCase& c,
                       const EventDraft& event) {
  auto milestone = MilestoneOf(event.action, c);
  if (!milestone || c.applicant_phone.empty()) return Ok();
  const auto& all = MessageTemplates();
  auto t = std::find_if(all.begin(), all.end(),
                        [&](const MessageTemplate& x) { return x.milestone == *milestone; });
  if (t == all.end()) return Ok();
  std::string note = Detail(event, "missing");
  if (note.empty()) note = c.last_note;
  std::string due = Detail(event, "task_due");
  if (due.empty() && c.promised_deadline) due = c.promised_deadline->ToString();
  std::map<std::string, std::string> params{{"name", c.applicant_name},
                                            {"receipt_no", c.receipt_no},
                                            {"item_name", c.item_name},
                                            {"note", note},
                                            {"due", due}};
  OutboxMessage m;
  m.id = NewId(crypto, "msg_");
  m.case_id = c.id;
  m.receipt_no = c.receipt_no;
  m.milestone = *milestone;
  m.channel = "sms";
  m.recipient = c.applicant_phone;
  m.applicant_account = c.applicant_account;
  m.locale = "zh-CN";
  m.subject = RenderTemplate(t->subject_zh, params);
  m.body = RenderTemplate(t->body_zh, params);
  m.status = "pending";
  m.next_attempt_at = event.at;
  m.created_at = event.at;
  m.region_code = c.region_code;
  m.department_id = c.department_id;
  return tx.outbox().InsertMessage(m);
}

std::chrono::milliseconds BackoffAfter(int attempts, const RetryPolicy& policy) {
  auto wait = policy.first_backoff;
  for (int i = 1; i < attempts && wait < policy.max_backoff; ++i) wait *= 2;
  return std::min(wait, policy.max_backoff);
}

Result<DeliveryReport> NotificationService::DeliverDue(int limit) {
  std::vector<OutboxMessage> due;
  {
    ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
    ZT_ASSIGN_OR_RETURN(due, tx->outbox().ListDue(clock_.Now(), limit));
  }
  DeliveryReport report;
  for (const auto& read : due) {
    // Sent outside any transaction: a slow gateway never holds the store's write lock.
    Status sent = notifier_.Send(read);
    Instant now = clock_.Now();
    ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
    ZT_ASSIGN_OR_RETURN(auto current, tx->outbox().FindMessage(read.id));
    if (!current || current->version != read.version || current->status != "pending") continue;
    OutboxMessage m = *current;
    m.version = current->version + 1;
    m.attempts = current->attempts + 1;
    std::string action;
    if (sent) {
      m.status = "sent";
      m.sent_at = now;
      m.last_error.clear();
      action = "notification.sent";
      ++report.sent;
    } else {
      m.last_error = std::string(notifier_.name()) + ": " + sent.error().detail();
      if (m.attempts >= policy_.max_attempts) {
        m.status = "failed";
        action = "notification.failed";
        ++report.failed;
      } else {
        m.next_attempt_at = now + BackoffAfter(m.attempts, policy_);
        action = "notification.retry";
        ++report.retrying;
      }
    }
    ZT_RETURN_IF_ERROR(tx->outbox().UpdateMessage(m, current->version));
    ZT_RETURN_IF_ERROR(tx->AppendEvent(DeliveryEvent(now, action, m)));
    ZT_RETURN_IF_ERROR(tx->Commit());
  }
  return report;
}

Result<std::vector<OutboxMessage>> NotificationService::List(const accounts::Actor& actor,
                                                             OutboxQuery query,
                                                             std::int64_t* total) {
  if (accounts::IsDepartmentalRole(actor.role)) {
    query.region_prefix = RegionScopePrefix(actor.region_code);
    query.department_id = actor.department_id;
  } else if (actor.role == accounts::Role::kBureauManager) {
    query.region_prefix = RegionScopePrefix(actor.region_code);
  } else {
    return Fail(ErrorCode::kPermissionDenied, "outbox.not_allowed",
                "the outbox is read by departmental staff and the bureau");
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  return tx->outbox().ListMessages(query, total);
}

Result<std::vector<OutboxMessage>> NotificationService::OfCase(const accounts::Actor& actor,
                                                               const CaseId& case_id,
                                                               const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto c, tx->FindCase(case_id));
  if (!c || !CanReadCase(actor, *c)) {
    return AuditDenied(store_, clock_, actor, "application", case_id.value(), ctx,
                       Fail(ErrorCode::kNotFound, "application.not_found", "no such application"),
                       tx);
  }
  OutboxQuery q;
  q.case_id = case_id;
  q.limit = 200;
  return tx->outbox().ListMessages(q, nullptr);
}

}  // namespace zt::service
