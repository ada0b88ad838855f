// File: export_service.h
//
// Bulk exports of personal data with a second person's approval (issue 8, docs/exports.md).
// An export of a department's (or a region's) applications carries every applicant's name,
// ID and phone number, so it is never handed out on one person's word:
//
//   1. a department admin or bureau manager asks for it with a reason   (export.requested)
//   2. another staff member of such a role, whose scope covers it, approves or refuses it
//      (export.approved / export.refused); the requester can never approve their own
//   3. the requester downloads it within 24 hours of the approval; each download is an event
//      (export.downloaded) and the file carries a watermark naming requester, approver and time
//
// The request lives in the event log itself: its state is the fold of the events on object
// ("export", id), appended in the same transactions that decide it, so the audit record and
// the request can never disagree. Pure: store, clock and random ids come through ports.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "zt/accounts/roles.h"
#include "zt/core/error.h"
#include "zt/core/time.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::service {

// How long an approved export may be downloaded.
inline constexpr std::chrono::hours kExportDownloadWindow{24};
// Most applications one export carries (a larger scope is refused: ask per department).
inline constexpr int kMaxExportRows = 100'000;

struct NewExport {
  std::string kind = "applications";  // the only kind today
  std::string format = "csv";         // csv | xlsx | pdf
  std::string region_code;            // required; inside the requester's region
  DepartmentId department_id;         // department admins: their own (set when empty)
  std::string reason;                 // 2..200 characters
};

struct ExportRequest {
  std::string id;
  std::string kind;
  std::string format;
  std::string region_code;
  DepartmentId department_id;
  std::string reason;
  std::string state;  // "pending" | "approved" | "refused"
  AccountId requested_by;
  std::string requested_by_name;
  Instant requested_at{};
  AccountId decided_by;
  std::string decided_by_name;
  std::optional<Instant> decided_at;
  std::string refusal_reason;
  int downloads = 0;
};

// The rows of an approved export, and the watermark every rendering must carry.
struct ExportFile {
  ExportRequest request;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  // "导出人 张三 · 审批人 李四 · 导出时间 2026-11-20T10:00:00+08:00 · 导出申请 x_…"
  std::string watermark;
  Instant exported_at{};
};

class ExportService {
 public:
  ExportService(Store& store, Crypto& crypto, const Clock& clock)
      : store_(store), crypto_(crypto), clock_(clock) {}

  // kPermissionDenied "export.role" unless department admin or bureau manager;
  // kInvalidArgument with field errors (export.kind, export.format, export.reason,
  // export.region) for bad input; kNotFound "export.scope" for a scope outside the caller's.
  Result<ExportRequest> Request(const accounts::Actor& actor, const NewExport& request,
                                const RequestContext& ctx);
  // The requester, and staff who could approve it, see it; anyone else kNotFound.
  Result<ExportRequest> Get(const accounts::Actor& actor, const std::string& id,
                            const RequestContext& ctx);
  // kPermissionDenied "export.same_person" when the approver asked for it; kNotFound for
  // anyone who cannot see it (as Get: another role, or outside the scope);
  // kFailedPrecondition "export.not_pending" once decided.
  Result<ExportRequest> Approve(const accounts::Actor& actor, const std::string& id,
                                const RequestContext& ctx);
  Result<ExportRequest> Refuse(const accounts::Actor& actor, const std::string& id,
                               const std::string& reason, const RequestContext& ctx);
  // Only the requester; kFailedPrecondition "export.not_approved" or "export.expired".
  Result<ExportFile> Download(const accounts::Actor& actor, const std::string& id,
                              const RequestContext& ctx);

 private:
  Store& store_;
  Crypto& crypto_;
  const Clock& clock_;
};

// The request as the events on ("export", id) make it; kNotFound "export.not_found" when
// there are none. Exposed for tests.
Result<ExportRequest> FoldExportEvents(const std::vector<EventRecord>& events);

}  // namespace zt::service
