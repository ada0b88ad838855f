// File: audit_search_service.h
//
// The audit administrator's search of the audit trail (RELIABILITY.md AUD-06, 等保 8.1.5.2;
// docs/security.md "Audit search"): only the audit administrator searches or exports it;
// everyone else gets kPermissionDenied audit.admin_only, recorded as access.denied. Every
// search and export is itself recorded (audit.searched, audit.exported, with the filters), so
// reading the audit leaves a trace in it. ID and mobile numbers inside an entry's details are
// masked in what is returned.
//
//   ZT_ASSIGN_OR_RETURN(auto page, audit.Search(actor, {.action_prefix = "account."}, ctx));
#pragma once

#include <string>
#include <vector>

#include "zt/accounts/roles.h"
#include "zt/core/error.h"
#include "zt/core/time.h"
#include "zt/service/audit_search_store.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::service {

inline constexpr int kMaxAuditPage = 200;
// Most entries one CSV export carries.
inline constexpr int kMaxAuditExport = 10'000;

struct AuditPage {
  std::vector<EventRecord> items;  // details masked
  std::int64_t next_before = 0;    // pass as before_seq for the next page; 0 at the end
};

struct AuditExport {
  std::vector<EventRecord> items;  // details masked
  // "导出人 审计员（auditadmin）· 导出时间 2026-11-23T10:00:00+08:00 · 审计检索"
  std::string watermark;
  Instant exported_at{};
  bool truncated = false;  // more than kMaxAuditExport matched
};

class AuditSearchService {
 public:
  AuditSearchService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Ok for the audit administrator; kPermissionDenied audit.admin_only (audited) for everyone
  // else. Search and Export check it too; the routes call it before reading the filters.
  Status RequireAuditAdministrator(const accounts::Actor& actor, const RequestContext& ctx);
  // kInvalidArgument with field errors for a bad filter (result, limit, time range).
  Result<AuditPage> Search(const accounts::Actor& actor, const AuditQuery& query,
                           const RequestContext& ctx);
  Result<AuditExport> Export(const accounts::Actor& actor, const AuditQuery& query,
                             const RequestContext& ctx);

 private:
  Status Admit(const accounts::Actor& actor, const AuditQuery& query, const RequestContext& ctx);
  Status Record(const accounts::Actor& actor, std::string action, const AuditQuery& query,
                std::size_t found, const RequestContext& ctx);
  Store& store_;
  const Clock& clock_;
};

// Masks every run of characters in `text` that reads as a mainland ID number (17 digits and
// a digit or X) or a mobile number (11 digits from 1[3-9]), as the responses mask them.
std::string MaskPersonalNumbers(std::string_view text);

}  // namespace zt::service
