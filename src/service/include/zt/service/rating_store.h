// File: rating_store.h
//
// The ratings area's port (好差评, docs/ratings.md): ratings of concluded applications and the
// rectification cases that bad ratings open. Reached from a unit of work as uow.ratings(),
// so a rating, its rectification case and their events commit in one transaction.
//
//   ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
//   ZT_RETURN_IF_ERROR(tx->ratings().InsertRating(record));   // kAlreadyExists: rated before
//   ZT_RETURN_IF_ERROR(tx->AppendEvent(event));
//   ZT_RETURN_IF_ERROR(tx->Commit());
//
// Errors as the store port (store.h): kAlreadyExists for a duplicate key, kAborted for a
// stale expected_version, kUnavailable, kInternal.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"
#include "zt/core/ids.h"
#include "zt/core/time.h"

namespace zt::service {

// One rating of one concluded application. A case has at most one "initial" rating (given
// by its applicant or, after the period, the default) and at most one "rerating" (after
// the call-back of its rectification): the pair (case_id, kind) is unique.
struct RatingRecord {
  std::string id;
  CaseId case_id;
  std::string kind = "initial";  // "initial" | "rerating"
  std::string receipt_no;
  ItemId item_id;
  std::string item_name;
  DepartmentId department_id;
  std::string region_code;
  std::string window_id;    // from the window's rating pad; empty for other channels
  AccountId clerk_id;       // the clerk who accepted the case (applications.handler_id)
  AccountId rater_account;  // empty for the default rating
  int level = 3;            // score 1..5 (rating::Level)
  std::vector<std::string> tags;
  std::string comment;
  std::string channel;  // rating::kChannels, or "system" for the default
  bool is_default = false;
  Instant concluded_at{};  // the case's conclusion
  Instant rated_at{};
  std::string rectification_id;  // the case opened by this rating, if it was bad
};

// One rectification case (rating::RectificationCaseType).
struct RectificationRecord {
  std::string id;
  std::string rating_id;
  CaseId case_id;
  std::string receipt_no;
  ItemId item_id;
  std::string item_name;
  DepartmentId department_id;
  std::string region_code;
  AccountId applicant_account;
  std::string state;
  std::int64_t version = 1;
  int level = 2;  // the bad rating's score
  Instant opened_at{};
  Date due;  // the reply is due by this day (RectificationDue)
  std::optional<Instant> verified_at;
  std::string verification;  // "real" | "not_real" | ""
  std::optional<Instant> rectified_at;
  std::optional<Instant> replied_at;
  std::optional<Instant> called_back_at;
  std::optional<Instant> finished_at;  // rerated or closed
  std::string finding;                 // the verification note
  std::string measures;                // what was rectified
  std::string reply;                   // the answer to the citizen
  std::string call_back_note;
  std::string rerating_id;
};

struct RatingQuery {
  std::string region_prefix;  // empty: all
  DepartmentId department_id;
  ItemId item_id;
  std::string window_id;
  CaseId case_id;
  std::string kind;             // empty: both
  std::optional<Instant> from;  // rated_at >= from
  std::optional<Instant> to;    // rated_at < to
  int offset = 0;
  int limit = 20;  // clamped to 0..10000
};

struct RectificationQuery {
  std::string region_prefix;
  DepartmentId department_id;
  ItemId item_id;
  AccountId applicant_account;
  std::vector<std::string> states;
  std::optional<Instant> from;  // opened_at >= from
  std::optional<Instant> to;    // opened_at < to
  int offset = 0;
  int limit = 20;
};

class RatingStore {
 public:
  virtual ~RatingStore() = default;

  // kAlreadyExists when the case already has a rating of this kind.
  virtual Status InsertRating(const RatingRecord& rating) = 0;
  virtual Result<std::optional<RatingRecord>> FindRating(std::string_view id) = 0;
  // Newest first.
  virtual Result<std::vector<RatingRecord>> ListRatings(const RatingQuery& query,
                                                        std::int64_t* total = nullptr) = 0;
  // Concluded applications (state "concluded") with concluded_at <= cutoff and no initial
  // rating, oldest first, at most `limit`.
  virtual Result<std::vector<CaseId>> ListUnratedConcluded(Instant cutoff, int limit) = 0;

  // kAlreadyExists when the rating already has a case.
  virtual Status InsertRectification(const RectificationRecord& r) = 0;
  // The stored version must equal expected_version; the row gets r.version.
  virtual Status UpdateRectification(const RectificationRecord& r,
                                     std::int64_t expected_version) = 0;
  virtual Result<std::optional<RectificationRecord>> FindRectification(std::string_view id) = 0;
  // Oldest due first.
  virtual Result<std::vector<RectificationRecord>> ListRectifications(
      const RectificationQuery& query, std::int64_t* total = nullptr) = 0;
};

}  // namespace zt::service
