// File: export_service.h
//
// Bulk exports of personal data with a second person's approval (issue 8, docs/exports.md).
// An export of a department's (or a region's) applications or 12345 work orders carries
// applicants' and callers' numbers, so it is never handed out on one person's word:
//
//   1. a member of staff with the kind's role asks for it with a reason  (export.requested)
//   2. another staff member of such a role, whose scope covers it, approves or refuses it
//      (export.approved / export.refused); the requester can never approve their own
//   3. the requester downloads it once, within 24 hours of the approval (export.downloaded);
//      the file carries a watermark naming requester, approver and when
//
// ID and mobile numbers in the file are masked unless the requester asked for an unmasked
// export (its reason is the stated purpose) and the approver approved it as unmasked.
//
// The request lives in the event log itself: its state is the fold of the events on object
// ("export", id), appended in the same transactions that decide it, so the audit record and
// the request can never disagree; `uow.exports()` only indexes them for listing. Pure: store,
// clock and random ids come through ports.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zt/accounts/roles.h"
#include "zt/core/error.h"
#include "zt/core/time.h"
#include "zt/service/export_store.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::service {

// How long an approved export may be downloaded.
inline constexpr std::chrono::hours kExportDownloadWindow{24};
// Most rows one export carries (a larger scope is refused: ask per department).
inline constexpr int kMaxExportRows = 100'000;

struct NewExport {
  std::string kind = "applications";  // applications | hotline_orders
  std::string format = "csv";         // csv | xlsx | pdf
  std::string region_code;            // required; inside the requester's region
  DepartmentId department_id;         // department admins: their own (set when empty)
  std::string reason;                 // 2..200 characters; the purpose of an unmasked export
  bool unmasked = false;              // ask for plain ID and mobile numbers
  // Work orders only: received on [from, to] (CST days), of a category, in a state.
  std::optional<Date> from;
  std::optional<Date> to;
  std::string category_code;
  std::string order_state;
};

// Who may ask for and decide an export of `kind` (docs/exports.md).
bool MayAskOrDecideExport(std::string_view kind, accounts::Role role);

struct ExportListQuery {
  std::string state;  // pending | approved | refused | downloaded | expired; "" for all
  int offset = 0;
  int limit = 20;
};

struct ExportRequest {
  std::string id;
  std::string kind;
  std::string format;
  std::string region_code;
  DepartmentId department_id;
  std::string reason;
  bool unmasked_requested = false;
  bool unmasked = false;  // approved as unmasked
  std::optional<Date> from;
  std::optional<Date> to;
  std::string category_code;
  std::string order_state;
  // "pending" | "approved" | "refused" | "downloaded"; Present() also gives "expired"
  std::string state;
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
  // `unmasked`: approve the plain numbers the requester asked for (kInvalidArgument
  // "export.unmasked_not_requested" when they did not); otherwise the file is masked.
  Result<ExportRequest> Approve(const accounts::Actor& actor, const std::string& id, bool unmasked,
                                const RequestContext& ctx);
  Result<ExportRequest> Refuse(const accounts::Actor& actor, const std::string& id,
                               const std::string& reason, const RequestContext& ctx);
  // The caller's own requests and those they could decide, newest first; kInvalidArgument
  // "export.state" (field /state) for an unknown state.
  Result<Page<ExportRequest>> List(const accounts::Actor& actor, const ExportListQuery& query);
  // Only the requester, once; kFailedPrecondition "export.not_approved", "export.expired" or
  // "export.downloaded".
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
// The request as a caller sees it at `now`: an approval older than kExportDownloadWindow that
// was not downloaded is "expired".
ExportRequest Present(ExportRequest request, Instant now);

}  // namespace zt::service
