#include "outbox_commands.h"

#include <iostream>

#include "zt/service/notification_service.h"

namespace zt::cli {

void AddOutboxCommands(CLI::App& app, std::string& db, OutboxCommands& c) {
  auto* outbox = app.add_subcommand("outbox", "The notification outbox");
  outbox->require_subcommand(1);
  c.deliver = outbox->add_subcommand(
      "deliver", "Deliver due notifications (local outbox adapter), with retries and backoff");
  c.deliver->add_option("--db", db, "Database")->capture_default_str();
  c.deliver->add_option("--limit", c.limit, "At most this many messages")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
}

std::optional<int> RunOutboxCommands(const OutboxCommands& c, service::Store& store,
                                     const Clock& clock) {
  if (c.deliver == nullptr || !*c.deliver) return std::nullopt;
  service::LocalOutboxNotifier local;
  service::NotificationService notices(store, clock, local);
  auto report = notices.DeliverDue(c.limit);
  if (!report) {
    std::cerr << "zhengtong: outbox deliver: " << report.error().ToString() << "\n";
    return 1;
  }
  std::cout << "sent " << report->sent << ", retrying " << report->retrying << ", failed "
            << report->failed << "\n";
  return report->failed > 0 ? 1 : 0;
}

}  // namespace zt::cli
