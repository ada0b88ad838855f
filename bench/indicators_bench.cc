// Dashboard query latency over ten million cases, and the time to generate a city's annual
// report. Prints figures; asserts nothing (bench/CMakeLists.txt).
//
// How the ten million cases are made: the dashboard reads only the counters, so the bench
// writes the counter rows that CountEvent would have written for them, directly with SQLite
// into a migrated store: 2024-01-01 .. 2026-12-31, one city (440800) with 10 districts and 8
// departments each, about 9,100 cases a day spread over the departments, each submitted
// (online or at the window), 92% accepted, 85% of those concluded (88% on time, 6% 即办件),
// the rest not accepted — day rows and month rows, as the store keeps them. Plus 8,000
// published items for the 事项口径 figures. Then it times, through IndicatorService and
// ReportService on that store: the year's values for the city, the breakdowns by month,
// department and region (what the overview page asks), a department's values (a clerk's
// view), and generating the annual report (HTML and JSON rendered).
//
//   build/bench/indicators_bench [cases=10000000]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "must.h"
#include "zt/calendar/calendar.h"
#include "zt/core/time.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/crypto/signer_openssl.h"
#include "zt/service/indicator_areas.h"
#include "zt/service/indicator_service.h"
#include "zt/service/report_service.h"
#include "zt/store/open.h"

namespace {

using Clock = std::chrono::steady_clock;
using zt::bench::Must;
using zt::bench::MustOk;

void Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::fprintf(stderr, "sqlite: %s\n", err ? err : "?");
    std::exit(1);
  }
}

struct Counter {
  std::string action, channel, kind, on_time;
  long long n = 0, wd = 0;
};

// The rows of one department and day for `cases` cases.
std::vector<Counter> DayRows(long long cases, std::mt19937& rng) {
  long long online = cases * 65 / 100 + static_cast<long long>(rng() % 3);
  long long window = cases - online;
  long long accepted = cases * 92 / 100;
  long long not_accepted = cases - accepted;
  long long concluded = accepted * 85 / 100;
  long long instant = concluded * 6 / 100;
  long long late = (concluded - instant) * 12 / 100;
  long long on_time = concluded - instant - late;
  return {
      {"application.submitted", "online", "promised", "", online, 0},
      {"application.submitted", "window", "promised", "", window, 0},
      {"application.accepted", "online", "promised", "", accepted * 65 / 100, 0},
      {"application.accepted", "window", "promised", "", accepted - accepted * 65 / 100, 0},
      {"application.not_accepted", "online", "promised", "", not_accepted, 0},
      {"application.concluded", "online", "promised", "yes", on_time, on_time * 4},
      {"application.concluded", "online", "promised", "no", late, late * 9},
      {"application.handled_instantly", "window", "instant", "yes", instant, 0},
  };
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

template <class F>
void Time(const char* what, int runs, F f) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    auto start = Clock::now();
    f();
    ms.push_back(Ms(Clock::now() - start));
  }
  std::sort(ms.begin(), ms.end());
  std::printf("%-58s median %8.2f ms   p90 %8.2f ms   (%d runs)\n", what, ms[ms.size() / 2],
              ms[ms.size() * 9 / 10], runs);
}

}  // namespace

int main(int argc, char** argv) {
  long long total_cases = argc > 1 ? std::atoll(argv[1]) : 10'000'000;
  auto dir = std::filesystem::temp_directory_path() /
             ("zt-indicators-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string file = (dir / "bench.db").string();
  {
    auto store = Must(zt::store::OpenStore("sqlite:" + file), "open");
    Must(store->Migrate(), "migrate");
  }

  // ---- generate --------------------------------------------------------------------------
  auto gen_start = Clock::now();
  sqlite3* db = nullptr;
  if (sqlite3_open(file.c_str(), &db) != SQLITE_OK) return 1;
  Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; BEGIN");
  Exec(db,
       "INSERT INTO regions (code, name, parent_code, level) VALUES "
       "('440800', '湛江市', '440000', 'prefecture')");
  std::vector<std::string> departments;
  for (int d = 1; d <= 10; ++d) {
    char region[8], sql[512];
    std::snprintf(region, sizeof region, "4408%02d", d);
    std::snprintf(sql, sizeof sql,
                  "INSERT INTO regions (code, name, parent_code, level) VALUES ('%s', '区县%d', "
                  "'440800', 'county')",
                  region, d);
    Exec(db, sql);
    for (int k = 1; k <= 8; ++k) {
      std::string id = std::string(region) + "-d" + std::to_string(k);
      departments.push_back(id);
      std::snprintf(sql, sizeof sql,
                    "INSERT INTO departments (id, name, short_name, region_code) VALUES "
                    "('%s', '部门%s', '', '%s')",
                    id.c_str(), id.c_str(), region);
      Exec(db, sql);
    }
  }
  sqlite3_stmt* item = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT INTO items (id, code, name, type, department_id, region_code, "
                     "statutory_limit_wd, promised_limit_wd, case_kind, online, status, version, "
                     "created_at, updated_at) VALUES (?1, ?1, '事项', 'licensing', ?2, ?3, ?4, ?5, "
                     "?6, ?7, 'published', 1, 0, 0)",
                     -1, &item, nullptr);
  std::mt19937 rng(7);
  for (int i = 0; i < 8000; ++i) {
    const std::string& dept = departments[i % departments.size()];
    std::string id = "i_bench_" + std::to_string(i);
    bool instant = i % 16 == 0;
    int statutory = instant ? 0 : 20;
    int promised = instant ? 0 : 1 + static_cast<int>(rng() % 10);
    sqlite3_bind_text(item, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(item, 2, dept.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(item, 3, dept.substr(0, 6).c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(item, 4, statutory);
    sqlite3_bind_int(item, 5, promised);
    sqlite3_bind_text(item, 6, instant ? "instant" : "promised", -1, SQLITE_STATIC);
    sqlite3_bind_int(item, 7, i % 5 != 0);
    if (sqlite3_step(item) != SQLITE_DONE) return 1;
    sqlite3_reset(item);
  }
  sqlite3_finalize(item);

  sqlite3_stmt* add = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT INTO indicator_counters (grain, period, action, region_code, "
                     "department_id, channel, case_kind, on_time, n, working_days) VALUES (?1, ?2, "
                     "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (grain, period, action, "
                     "region_code, department_id, channel, case_kind, on_time) DO UPDATE SET "
                     "n = indicator_counters.n + excluded.n, working_days = "
                     "indicator_counters.working_days + excluded.working_days",
                     -1, &add, nullptr);
  zt::Date first = *zt::ParseDate("2024-01-01");
  zt::Date last = *zt::ParseDate("2026-12-31");
  long long days = last.days_since_epoch() - first.days_since_epoch() + 1;
  long long per_day_department = total_cases / days / static_cast<long long>(departments.size());
  long long written_cases = 0, rows = 0;
  for (zt::Date d = first; d <= last; d = d.AddDays(1)) {
    std::string day = d.ToString();
    std::string month = day.substr(0, 7);
    for (const auto& dept : departments) {
      long long cases = per_day_department + static_cast<long long>(rng() % 3);
      written_cases += cases;
      for (const Counter& c : DayRows(cases, rng)) {
        if (c.n == 0) continue;
        for (const std::string* period : {&day, &month}) {
          sqlite3_bind_text(add, 1, period == &day ? "day" : "month", -1, SQLITE_STATIC);
          sqlite3_bind_text(add, 2, period->c_str(), -1, SQLITE_TRANSIENT);
          sqlite3_bind_text(add, 3, c.action.c_str(), -1, SQLITE_TRANSIENT);
          sqlite3_bind_text(add, 4, dept.substr(0, 6).c_str(), -1, SQLITE_TRANSIENT);
          sqlite3_bind_text(add, 5, dept.c_str(), -1, SQLITE_TRANSIENT);
          sqlite3_bind_text(add, 6, c.channel.c_str(), -1, SQLITE_TRANSIENT);
          sqlite3_bind_text(add, 7, c.kind.c_str(), -1, SQLITE_TRANSIENT);
          sqlite3_bind_text(add, 8, c.on_time.c_str(), -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64(add, 9, c.n);
          sqlite3_bind_int64(add, 10, c.wd);
          if (sqlite3_step(add) != SQLITE_DONE) return 1;
          sqlite3_reset(add);
          ++rows;
        }
      }
    }
  }
  sqlite3_finalize(add);
  Exec(db, "COMMIT; ANALYZE");
  sqlite3_close(db);
  long long stored_rows = 0;
  std::printf("generated %lld cases as %lld counter writes (%s) in %.1f s\n", written_cases, rows,
              "day and month rows", Ms(Clock::now() - gen_start) / 1000);

  // ---- measure ---------------------------------------------------------------------------
  auto store = Must(zt::store::OpenStore("sqlite:" + file), "reopen");
  zt::SimulatedClock clock(*zt::ParseInstant("2027-01-20T09:00:00+08:00"));
  zt::crypto::OpenSslCrypto crypto;
  zt::crypto::OpenSslSigner signer{std::string()};
  const auto& calendar = zt::calendar::WorkingCalendar::China();
  zt::service::IndicatorService indicators(*store, clock);
  zt::service::RegisterAreaIndicators(indicators, {*store, crypto, signer, clock, calendar});
  zt::service::ReportService reports(*store, clock, indicators);
  zt::accounts::Actor manager;
  manager.account_id = zt::AccountId("bench-manager");
  manager.role = zt::accounts::Role::kBureauManager;
  manager.region_code = "440800";
  zt::accounts::Actor clerk = manager;
  clerk.role = zt::accounts::Role::kWindowClerk;
  clerk.region_code = "440803";
  clerk.department_id = zt::DepartmentId("440803-d2");
  zt::service::ValueQuery year{"440800", "", *zt::ParseDate("2026-01-01"),
                               *zt::ParseDate("2026-12-31")};
  zt::service::ValueQuery partial{"440800", "", *zt::ParseDate("2025-03-17"),
                                  *zt::ParseDate("2026-08-09")};
  {
    auto v = Must(indicators.Values(manager, year), "values");
    for (const auto& x : v.values) {
      if (x.id == "case.submitted" || x.id == "case.on_time_rate" || x.id == "item.published") {
        std::printf("  2026 %-18s numerator %.0f denominator %lld value %.1f\n", x.id.c_str(),
                    x.numerator, static_cast<long long>(x.denominator), x.value.value_or(-1));
      }
    }
    (void)stored_rows;
  }
  Time("  of which: the counters alone (SumCounters, 12 months)", 20, [&] {
    auto tx = Must(store->Begin(), "begin");
    zt::service::CounterQuery cq;
    cq.from = "2026-01";
    cq.to = "2026-12";
    cq.region_prefix = "4408";
    Must(tx->indicators().SumCounters(cq), "sum");
  });
  Time("  of which: the areas' own figures (licences, ratings, hotline)", 20,
       [&] { indicators.AreaValues(manager, year); });
  Time("values: city, one year (month rows + 8,000 items)", 20,
       [&] { Must(indicators.Values(manager, year), "values"); });
  Time("values: city, 2025-03-17..2026-08-09 (days + months)", 20,
       [&] { Must(indicators.Values(manager, partial), "values"); });
  Time("values: one department, one year (a clerk)", 20, [&] {
    Must(indicators.Values(clerk, {"440803", "", year.from, year.to}), "values");
  });
  Time("breakdown by month, city, one year", 20,
       [&] { Must(indicators.Breakdown(manager, year, "month"), "month"); });
  Time("breakdown by department (80), city, one year", 20,
       [&] { Must(indicators.Breakdown(manager, year, "department"), "department"); });
  Time("breakdown by region (10), city, one year", 20,
       [&] { Must(indicators.Breakdown(manager, year, "region"), "region"); });
  Time("annual report: generate + render HTML and JSON, city, 2026", 5, [&] {
    auto r = Must(reports.Generate(manager, "440800", 2026, {"bench", ""}), "report");
    std::string html = zt::report::RenderHtml(r);
    std::string json = zt::report::RenderJson(r);
    if (html.empty() || json.empty()) std::exit(1);
  });
  std::filesystem::remove_all(dir);
  return 0;
}
