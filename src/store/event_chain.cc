#include "zt/store/event_chain.h"

#include <cstdint>
#include <string>

#include "zt/crypto/crypto.h"

namespace zt::store {
namespace {

void AppendNetstring(std::string& out, std::string_view s) {
  out += std::to_string(s.size());
  out += ':';
  out += s;
  out += ',';
}

}  // namespace

std::string CanonicalEventForm(const service::EventRecord& record) {
  const service::EventDraft& e = record.event;
  std::string out;
  out.reserve(256);
  AppendNetstring(out, "zt-event-v1");
  AppendNetstring(out, std::to_string(record.seq));
  AppendNetstring(out, std::to_string(e.at.time_since_epoch().count()));
  AppendNetstring(out, e.action);
  AppendNetstring(out, e.object_type);
  AppendNetstring(out, e.object_id);
  AppendNetstring(out, e.actor_id.value());
  AppendNetstring(out, e.actor_role);
  AppendNetstring(out, e.actor_region);
  AppendNetstring(out, e.request_id);
  AppendNetstring(out, e.source_ip);
  AppendNetstring(out, e.result);
  AppendNetstring(out, std::to_string(e.details.size()));
  for (const auto& [key, value] : e.details) {
    AppendNetstring(out, key);
    AppendNetstring(out, value);
  }
  AppendNetstring(out, record.prev_hash);
  return out;
}

std::string EventHash(const service::EventRecord& record) {
  return crypto::Sm3Hex(CanonicalEventForm(record));
}

}  // namespace zt::store
