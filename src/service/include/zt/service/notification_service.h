// File: notification_service.h
//
// Notifications at the milestones of an application (docs/materials.md): message templates
// in zh-CN and en with {placeholders}; a transactional outbox (the message row is written in
// the transition's own transaction by NotifyMilestone); a delivery step that hands due rows
// to a Notifier (SMS, e-mail or the default local outbox), retrying with exponential backoff
// up to a final "failed" state. Delivery is at least once; a message's id is stable across
// retries, so a receiver can deduplicate.
//
//   // inside ApplicationService's transaction, before AppendEvent(event):
//   ZT_RETURN_IF_ERROR(NotifyMilestone(*tx, crypto_, c, event));
//   // later, from `zhengtong outbox deliver` or the server's worker:
//   NotificationService notices(store, clock, notifier);
//   auto report = notices.DeliverDue(100);
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zt/accounts/roles.h"
#include "zt/caseflow/application.h"
#include "zt/core/error.h"
#include "zt/core/time.h"
#include "zt/service/outbox_store.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::service {

// One milestone's texts. Placeholders: {name} {receipt_no} {item_name} {note} {due}.
struct MessageTemplate {
  std::string milestone;
  std::string subject_zh, body_zh;
  std::string subject_en, body_en;
};

// Every template: submitted, correction (补正告知), accepted, not_accepted,
// tolerance_deadline (容缺: materials due), approved, denied, certificate_ready, concluded.
const std::vector<MessageTemplate>& MessageTemplates();

// `text` with each {key} replaced by params[key]; unknown placeholders are left as written.
std::string RenderTemplate(std::string_view text, const std::map<std::string, std::string>& params);

// The milestone an application event announces, or nullopt when it announces none.
// "application.concluded" is "certificate_ready" after an approval, "concluded" otherwise.
std::optional<std::string> MilestoneOf(std::string_view event_action,
                                       const caseflow::ApplicationCase& c);

// Writes the outbox message for `event` (the draft about to be appended for `c`) in `tx`, so
// that it commits or rolls back with the transition. No-op for events that are no milestone
// or cases without a phone number. Locale zh-CN.
Status NotifyMilestone(UnitOfWork& tx, Crypto& crypto, const caseflow::ApplicationCase& c,
                       const EventDraft& event);

// The notifier port: one delivery attempt of one message. An error means "try again later".
class Notifier {
 public:
  virtual ~Notifier() = default;
  virtual std::string_view name() const = 0;
  virtual Status Send(const OutboxMessage& message) = 0;
};

// The default adapter: the outbox itself is the mailbox that staff read (GET /api/v1/outbox);
// delivery marks the message sent.
class LocalOutboxNotifier final : public Notifier {
 public:
  std::string_view name() const override { return "local"; }
  Status Send(const OutboxMessage&) override { return Ok(); }
};

struct RetryPolicy {
  int max_attempts = 5;  // after this many failures the message is "failed" for good
  std::chrono::milliseconds first_backoff{60'000};
  std::chrono::milliseconds max_backoff{3'600'000};
};

// The wait after the `attempts`-th failure: first_backoff doubled per earlier failure, capped.
std::chrono::milliseconds BackoffAfter(int attempts, const RetryPolicy& policy);

struct DeliveryReport {
  int sent = 0;
  int retrying = 0;  // failed this time, scheduled again
  int failed = 0;    // failed for good
};

class NotificationService {
 public:
  NotificationService(Store& store, const Clock& clock, Notifier& notifier, RetryPolicy policy = {})
      : store_(store), clock_(clock), notifier_(notifier), policy_(policy) {}

  // Hands every due pending message (at most `limit`) to the notifier, one at a time, and
  // records the outcome with an event ("notification.sent" / ".retry" / ".failed") in a
  // transaction per message. A crash between sending and recording sends it again (at
  // least once). A row changed by a concurrent deliverer is skipped.
  Result<DeliveryReport> DeliverDue(int limit = 100);

  // Staff's view of the outbox: departmental roles see their department's messages in scope,
  // bureau managers their region's. kPermissionDenied "outbox.not_allowed" for others.
  Result<std::vector<OutboxMessage>> List(const accounts::Actor& actor, OutboxQuery query,
                                          std::int64_t* total = nullptr);
  // The messages of one application, for those who may read it (its applicant included).
  // kNotFound "application.not_found" otherwise.
  Result<std::vector<OutboxMessage>> OfCase(const accounts::Actor& actor, const CaseId& case_id,
                                            const RequestContext& ctx = {});

 private:
  Store& store_;
  const Clock& clock_;
  Notifier& notifier_;
  RetryPolicy policy_;
};

}  // namespace zt::service
