// Bulk import of historical work orders: parsing the CSV form and writing validated rows in
// batched transactions (docs/hotline.md, "Import").
#include <algorithm>
#include <map>
#include <set>

#include "zt/core/csv.h"
#include "zt/core/phone.h"
#include "zt/core/region_code.h"
#include "zt/service/catalog_service.h"
#include "zt/service/hotline_service.h"

namespace zt::service {
namespace {

using hotline::WorkOrder;

void Report(ImportReport& report, std::int64_t row, std::string pointer, std::string key,
            std::string detail) {
  ++report.error_count;
  if (report.errors.size() < 1000) {
    report.errors.push_back({row, std::move(pointer), std::move(key), std::move(detail)});
  }
}

std::optional<Instant> OptTime(const std::string& text, bool& bad) {
  if (text.empty()) return std::nullopt;
  auto t = ParseInstant(text);
  if (!t) {
    bad = true;
    return std::nullopt;
  }
  return *t;
}

}  // namespace

Result<std::vector<ImportRow>> ParseImportCsv(std::string_view text, std::int64_t first_row_no) {
  ZT_ASSIGN_OR_RETURN(auto table, ParseCsv(text));
  if (table.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "hotline.import_header", "the file has no header");
  }
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < table[0].size(); ++i) {
    const std::string& name = table[0][i];
    if (std::find(std::begin(kImportColumns), std::end(kImportColumns), name) ==
        std::end(kImportColumns)) {
      return Fail(ErrorCode::kInvalidArgument, "hotline.import_header", "unknown column " + name);
    }
    column[name] = i;
  }
  for (const char* required : kImportColumns) {
    if (!column.contains(required)) {
      return Fail(ErrorCode::kInvalidArgument, "hotline.import_header",
                  std::string("missing column ") + required);
    }
  }
  std::vector<ImportRow> rows;
  rows.reserve(table.size() - 1);
  for (std::size_t r = 1; r < table.size(); ++r) {
    const auto& cells = table[r];
    auto cell = [&](const char* name) {
      std::size_t i = column[name];
      return i < cells.size() ? CsvUnguard(cells[i]) : std::string();
    };
    ImportRow row;
    row.row_no = first_row_no + static_cast<std::int64_t>(r) - 1;
    row.number = cell("number");
    row.received_at = cell("received_at");
    auto& d = row.request.draft;
    d.source = cell("source");
    d.caller_name = cell("caller_name");
    d.caller_phone = cell("caller_phone");
    d.matter_type = cell("matter_type");
    d.category_code = cell("category_code");
    d.region_code = cell("region_code");
    d.address = cell("address");
    d.title = cell("title");
    d.content = cell("content");
    std::string urgent = cell("urgent");
    d.urgent = urgent == "1" || urgent == "true" || urgent == "是";
    row.request.disposition = cell("disposition");
    row.request.department_id = DepartmentId(cell("department_id"));
    row.request.answer = cell("answer");
    row.final_state = cell("state");
    row.replied_at = cell("replied_at");
    row.closed_at = cell("closed_at");
    row.satisfaction = cell("satisfaction");
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<std::string_view> SplitCsvRecords(std::string_view data, std::size_t records) {
  std::vector<std::string_view> chunks;
  if (records == 0) records = 1;
  std::size_t start = 0, count = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < data.size(); ++i) {
    char c = data[i];
    if (c == '"') {
      quoted = !quoted;  // "" inside a quoted field toggles twice: no net change
    } else if (c == '\n' && !quoted) {
      if (++count == records) {
        chunks.push_back(data.substr(start, i + 1 - start));
        start = i + 1;
        count = 0;
      }
    }
  }
  if (start < data.size()) chunks.push_back(data.substr(start));
  return chunks;
}

Result<ImportReport> HotlineService::Import(
    const accounts::Actor& actor, const std::vector<ImportRow>& rows, int batch_size,
    const std::function<void(std::int64_t, std::int64_t)>& progress, const RequestContext& ctx) {
  if (actor.role != accounts::Role::kHotlineSupervisor) {
    return Fail(ErrorCode::kPermissionDenied, "hotline.import_not_allowed",
                "the hotline centre's supervisors import historical orders");
  }
  batch_size = std::clamp(batch_size, 1, 100000);
  auto scope = RegionCode::Parse(actor.region_code);
  if (!scope) return Fail(ErrorCode::kPermissionDenied, "hotline.import_not_allowed", "no region");
  // The lookups every row needs, loaded once.
  std::set<std::string> regions, departments;
  std::vector<hotline::RoutingRule> rules;
  {
    ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
    ZT_ASSIGN_OR_RETURN(auto rs, tx->ListRegions());
    for (const auto& r : rs) regions.insert(r.code);
    ZT_ASSIGN_OR_RETURN(auto ds, tx->ListDepartments(""));
    for (const auto& d : ds) departments.insert(d.id.value());
    ZT_ASSIGN_OR_RETURN(rules, tx->hotline().ListRoutingRules());
  }
  const auto& type = hotline::WorkOrderCaseType();
  ImportReport report;
  report.rows = static_cast<std::int64_t>(rows.size());
  const std::string import_id = NewId(crypto_, "imp_");
  for (std::size_t begin = 0; begin < rows.size(); begin += static_cast<std::size_t>(batch_size)) {
    std::size_t end = std::min(rows.size(), begin + static_cast<std::size_t>(batch_size));
    ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
    std::int64_t written = 0;
    std::vector<WorkOrder> pending;
    std::vector<std::int64_t> pending_rows;
    for (std::size_t i = begin; i < end; ++i) {
      const ImportRow& row = rows[i];
      auto received = ParseInstant(row.received_at);
      if (!received) {
        Report(report, row.row_no, "/received_at", "hotline.import_time", "not an RFC 3339 time");
        continue;
      }
      auto valid = hotline::ValidateIntake(row.request.draft, type_rules_, categories_);
      if (!valid) {
        const auto& f = valid.error().fields();
        Report(report, row.row_no, f.empty() ? "" : f[0].pointer, valid.error().key(),
               f.empty() ? valid.error().detail() : f[0].detail);
        continue;
      }
      std::string region = RegionCode::Parse(row.request.draft.region_code)->value();
      if (!regions.contains(region) || !scope->Contains(*RegionCode::Parse(region))) {
        Report(report, row.row_no, "/region_code", "hotline.region_invalid", "no such region");
        continue;
      }
      bool answered = row.request.disposition == "answer";
      if (!answered && row.request.disposition != "dispatch") {
        Report(report, row.row_no, "/disposition", "hotline.disposition_unknown",
               "answer or dispatch");
        continue;
      }
      bool state_ok = answered ? row.final_state == "answered"
                               : row.final_state != "answered" &&
                                     std::find(type.states.begin(), type.states.end(),
                                               row.final_state) != type.states.end();
      if (!state_ok) {
        Report(report, row.row_no, "/state", "hotline.import_state",
               "not a state of this disposition");
        continue;
      }
      DepartmentId dept = row.request.department_id;
      if (!answered && dept.empty()) {
        if (auto routed = hotline::RouteMatter(rules, row.request.draft.category_code, region)) {
          dept = *routed;
        }
      }
      if (!answered && !departments.contains(dept.value())) {
        Report(report, row.row_no, "/department_id", "hotline.department_unknown",
               "no such department");
        continue;
      }
      bool bad_time = false;
      auto replied = OptTime(row.replied_at, bad_time);
      auto closed = OptTime(row.closed_at, bad_time);
      if (bad_time) {
        Report(report, row.row_no, "/replied_at", "hotline.import_time", "not an RFC 3339 time");
        continue;
      }
      if (!row.satisfaction.empty() && !hotline::IsKnownSatisfaction(row.satisfaction)) {
        Report(report, row.row_no, "/satisfaction", "hotline.satisfaction_unknown",
               "unknown satisfaction");
        continue;
      }
      WorkOrder o;
      o.id = CaseId(NewId(crypto_, "h_"));
      o.number = row.number;
      if (o.number.empty()) {
        Date day = CivilDateCst(*received);
        ZT_ASSIGN_OR_RETURN(std::int64_t seq, tx->NextSequence("hotline:" + day.ToString()));
        char buf[40];
        std::snprintf(buf, sizeof buf, "12345-%04d%02u%02u-%06lld", day.year(), day.month(),
                      day.day(), static_cast<long long>(seq));
        o.number = buf;
      }
      const auto& d = row.request.draft;
      o.source = d.source;
      o.external_id = "import:" + import_id;
      o.caller_name = d.caller_name;
      o.caller_phone = d.caller_phone;
      if (auto mobile = MobileNumber::Parse(d.caller_phone)) o.caller_phone = mobile->value();
      o.matter_type = d.matter_type;
      o.category_code = d.category_code;
      o.region_code = region;
      o.address = d.address;
      o.title = d.title;
      o.content = d.content;
      o.urgent = d.urgent;
      o.received_at = *received;
      o.limit_days = hotline::FindTypeRule(type_rules_, d.matter_type)->limit_days;
      o.state = row.final_state;
      if (answered) {
        o.disposition = "answered";
        o.answer = row.request.answer.empty() ? "（历史数据）" : row.request.answer;
        o.closed_at = closed.value_or(*received);
      } else {
        o.disposition = "dispatched";
        o.department_id = dept;
        o.dispatched_at = *received;
        // Historical sign-for times are unknown: no sign deadline, so these orders stay out
        // of 按时签收率 rather than counting as late.
        if (auto due = hotline::HandlingDeadline(calendar_, o, RuleOf(o))) o.due_date = *due;
        o.replied_at = replied;
        o.satisfaction = row.satisfaction;
        if (o.state == "closed_resolved" || o.state == "closed_unresolved" || o.state == "merged") {
          o.closed_at = closed.value_or(replied.value_or(*received));
          o.outcome = o.state == "closed_resolved"     ? "resolved"
                      : o.state == "closed_unresolved" ? "unresolved"
                                                       : "merged";
        }
      }
      pending.push_back(std::move(o));
      pending_rows.push_back(row.row_no);
    }
    // Written in multi-row statements of power-of-two sizes; a statement refused for a taken
    // number is retried row by row so that only the duplicate rows are reported.
    for (std::size_t at = 0; at < pending.size();) {
      std::size_t n = kMaxOrdersPerBulkInsert;
      while (n > pending.size() - at) n /= 2;
      std::span<const WorkOrder> chunk(pending.data() + at, n);
      auto bulk = tx->hotline().InsertOrders(chunk);
      if (bulk) {
        written += static_cast<std::int64_t>(n);
      } else if (bulk.error().code() != ErrorCode::kAlreadyExists) {
        return std::unexpected(bulk.error());
      } else {
        for (std::size_t i = 0; i < n; ++i) {
          auto inserted = tx->hotline().InsertOrder(chunk[i]);
          if (inserted) {
            ++written;
          } else if (inserted.error().code() != ErrorCode::kAlreadyExists) {
            return std::unexpected(inserted.error());
          } else {
            Report(report, pending_rows[at + i], "/number", "hotline.import_duplicate_number",
                   "this number is already recorded");
          }
        }
      }
      at += n;
    }
    // One event per batch: the log records who imported what, not a million copies.
    EventDraft e;
    e.at = clock_.Now();
    e.action = "hotline.imported";
    e.object_type = "hotline_import";
    e.object_id = import_id;
    e.actor_id = actor.account_id;
    e.actor_role = std::string(accounts::RoleName(actor.role));
    e.actor_region = actor.region_code;
    e.request_id = ctx.request_id;
    e.source_ip = ctx.source_ip;
    e.details = {{"first_row", std::to_string(rows[begin].row_no)},
                 {"last_row", std::to_string(rows[end - 1].row_no)},
                 {"imported", std::to_string(written)}};
    ZT_RETURN_IF_ERROR(tx->AppendEvent(e));
    ZT_RETURN_IF_ERROR(tx->Commit());
    report.imported += written;
    if (progress) progress(static_cast<std::int64_t>(end), report.rows);
  }
  return report;
}

}  // namespace zt::service
