// Dashboard query latency over ten million cases, and the time to generate a city's annual
// report, on SQLite or PostgreSQL. Prints figures; asserts nothing (bench/CMakeLists.txt).
//
// How the ten million cases are made: the dashboard reads only the counters, so the bench
// writes the counter rows that CountEvent would have written for them, straight into a
// migrated store (SQLite through its C API, PostgreSQL with COPY): 2024-01-01 .. 2026-12-31,
// one city (440800) with 10 districts and 8 departments each, about 9,100 cases a day spread
// over the departments, each submitted (online or at the window; 1.5% filed at another
// district's front desk, 市内通办), 92% accepted (30% of them at a 一窗 front desk), 85% of
// those concluded (88% on time, 6% 即办件; working days taken spread over 0..14 buckets, the
// window cases with visits), the rest not accepted — day rows and month rows of the all-items
// counters, as the store keeps them (the per-item rows, which these queries do not read, are
// not generated). Plus 8,000 items, each with a published version in force over the period
// (the 事项口径 figures read the versions in force at the reporting date). Then it times, through
// IndicatorService and ReportService on that store: the year's values for the city, the
// breakdowns by month, department and region (what the overview page asks), a department's
// values (a clerk's view), and generating the annual report (HTML and JSON rendered).
//
//   build/bench/indicators_bench [cases=10000000] [postgresql://…]   (default: a SQLite file)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "must.h"
#include "zt/calendar/calendar.h"
#include "zt/core/time.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/crypto/signer_openssl.h"
#include "zt/service/catalog_store.h"
#include "zt/service/indicator_areas.h"
#include "zt/service/indicator_service.h"
#include "zt/service/report_service.h"
#include "zt/store/open.h"

namespace {

using Clock = std::chrono::steady_clock;
using zt::bench::Must;
using zt::bench::MustOk;

// One counter row's attributes and sums (indicator_counters, migration 18).
struct Counter {
  std::string action, channel, kind, on_time, front_desk, tongban, filed_region, in_person;
  long long days_taken = -1;
  long long n = 0, wd = 0, visits = 0;
};

// The rows of one department and day for `cases` cases; `other` is another district, where
// the 通办 cases were filed.
std::vector<Counter> DayRows(long long cases, const std::string& other, std::mt19937& rng) {
  long long online = cases * 65 / 100 + static_cast<long long>(rng() % 3);
  long long window = cases - online;
  long long tongban = std::min(window, cases * 15 / 1000 + static_cast<long long>(rng() % 2));
  long long accepted = cases * 92 / 100;
  long long desk = accepted * 30 / 100;
  long long not_accepted = cases - accepted;
  long long concluded = accepted * 85 / 100;
  long long instant = concluded * 6 / 100;
  long long late = (concluded - instant) * 12 / 100;
  long long on_time = concluded - instant - late;
  std::vector<Counter> rows = {
      {"application.submitted", "online", "promised", "", "", "", "", "", -1, online},
      {"application.submitted", "window", "promised", "", "", "", "", "", -1, window - tongban},
      {"application.submitted", "window", "promised", "", "", "city", other, "", -1, tongban},
      {"application.accepted", "online", "promised", "", "no", "", "", "", -1, accepted * 65 / 100},
      {"application.accepted", "window", "promised", "", "no", "", "", "", -1,
       accepted - accepted * 65 / 100 - desk},
      {"application.accepted", "window", "promised", "", "yes", "", "", "", -1, desk},
      {"application.not_accepted", "online", "promised", "", "", "", "", "", -1, not_accepted},
      {"application.handled_instantly", "window", "instant", "yes", "yes", "", "", "yes", 0,
       instant, 0, instant},
  };
  // Conclusions spread over working-day buckets: on time within 1..8 days, late 9..14; online
  // cases without a visit, window cases with one or two trips.
  auto spread = [&](long long n, int lo, int hi, const char* on_time_text) {
    for (int d = lo; d <= hi && n > 0; ++d) {
      long long part = d == hi ? n : n / (hi - d + 1);
      n -= part;
      long long online_part = part * 65 / 100;
      rows.push_back({"application.concluded", "online", "promised", on_time_text, "", "", "", "no",
                      d, online_part, online_part * d, 0});
      rows.push_back({"application.concluded", "window", "promised", on_time_text, "", "", "",
                      "yes", d, part - online_part, (part - online_part) * d,
                      (part - online_part) * 3 / 2});
    }
  };
  spread(on_time, 1, 8, "yes");
  spread(late, 9, 14, "no");
  return rows;
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

// Raw writes into the migrated store: plain SQL for the fixture rows, a bulk path for the
// counters.
class Writer {
 public:
  virtual ~Writer() = default;
  virtual void Exec(const std::string& sql) = 0;
  virtual void AddCounter(const std::string& grain, const std::string& period,
                          const std::string& region, const std::string& department,
                          const Counter& c) = 0;
  virtual void Finish() = 0;
};

class SqliteWriter final : public Writer {
 public:
  explicit SqliteWriter(const std::string& file) {
    if (sqlite3_open(file.c_str(), &db_) != SQLITE_OK) std::exit(1);
    Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; BEGIN");
    sqlite3_prepare_v2(db_,
                       "INSERT INTO indicator_counters (grain, item_id, period, action, "
                       "region_code, department_id, channel, case_kind, on_time, front_desk, "
                       "tongban, filed_region, in_person, days_taken, level, n, working_days, "
                       "visits) VALUES (?1, '', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                       "?13, 'county', ?14, ?15, ?16)",
                       -1, &add_, nullptr);
  }
  void Exec(const std::string& sql) override {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::fprintf(stderr, "sqlite: %s\n", err ? err : "?");
      std::exit(1);
    }
  }
  void AddCounter(const std::string& grain, const std::string& period, const std::string& region,
                  const std::string& department, const Counter& c) override {
    int i = 0;
    for (const std::string* text :
         {&grain, &period, &c.action, &region, &department, &c.channel, &c.kind, &c.on_time,
          &c.front_desk, &c.tongban, &c.filed_region, &c.in_person}) {
      sqlite3_bind_text(add_, ++i, text->c_str(), -1, SQLITE_TRANSIENT);
    }
    for (long long v : {c.days_taken, c.n, c.wd, c.visits}) sqlite3_bind_int64(add_, ++i, v);
    if (sqlite3_step(add_) != SQLITE_DONE) std::exit(1);
    sqlite3_reset(add_);
  }
  void Finish() override {
    sqlite3_finalize(add_);
    Exec("COMMIT; ANALYZE");
    sqlite3_close(db_);
  }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* add_ = nullptr;
};

class PostgresWriter final : public Writer {
 public:
  explicit PostgresWriter(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::fprintf(stderr, "postgres: %s\n", PQerrorMessage(conn_));
      std::exit(1);
    }
    Exec("BEGIN");
  }
  void Exec(const std::string& sql) override {
    PGresult* r = PQexec(conn_, sql.c_str());
    auto status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_COPY_IN) {
      std::fprintf(stderr, "postgres: %s\n", PQerrorMessage(conn_));
      std::exit(1);
    }
    PQclear(r);
  }
  void AddCounter(const std::string& grain, const std::string& period, const std::string& region,
                  const std::string& department, const Counter& c) override {
    if (!copying_) {
      Exec(
          "COPY indicator_counters (grain, item_id, period, action, region_code, department_id, "
          "channel, case_kind, on_time, front_desk, tongban, filed_region, in_person, days_taken, "
          "level, n, working_days, visits) FROM STDIN");
      copying_ = true;
    }
    // No field holds a tab, newline or backslash: the text format needs no escaping.
    buffer_ += grain + "\t\t" + period + "\t" + c.action + "\t" + region + "\t" + department +
               "\t" + c.channel + "\t" + c.kind + "\t" + c.on_time + "\t" + c.front_desk + "\t" +
               c.tongban + "\t" + c.filed_region + "\t" + c.in_person + "\t" +
               std::to_string(c.days_taken) + "\tcounty\t" + std::to_string(c.n) + "\t" +
               std::to_string(c.wd) + "\t" + std::to_string(c.visits) + "\n";
    if (buffer_.size() > (1 << 20)) Flush();
  }
  void Finish() override {
    Flush();
    if (copying_ && (PQputCopyEnd(conn_, nullptr) != 1 || !Drain())) std::exit(1);
    Exec("COMMIT");
    Exec("ANALYZE");
    PQfinish(conn_);
  }

 private:
  void Flush() {
    if (!buffer_.empty() &&
        PQputCopyData(conn_, buffer_.data(), static_cast<int>(buffer_.size())) != 1) {
      std::exit(1);
    }
    buffer_.clear();
  }
  bool Drain() {
    bool ok = true;
    while (PGresult* r = PQgetResult(conn_)) {
      if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        std::fprintf(stderr, "postgres: %s\n", PQerrorMessage(conn_));
        ok = false;
      }
      PQclear(r);
    }
    return ok;
  }
  PGconn* conn_;
  bool copying_ = false;
  std::string buffer_;
};

}  // namespace

int main(int argc, char** argv) {
  long long total_cases = argc > 1 ? std::atoll(argv[1]) : 10'000'000;
  std::string url = argc > 2 ? argv[2] : "";
  bool postgres = url.starts_with("postgres");
  auto dir = std::filesystem::temp_directory_path() /
             ("zt-indicators-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string file = (dir / "bench.db").string();
  if (!postgres) url = "sqlite:" + file;
  {
    auto store = Must(zt::store::OpenStore(url), "open");
    Must(store->Migrate(), "migrate");
  }
  std::printf("store: %s\n", postgres ? "PostgreSQL" : "SQLite");

  // ---- generate --------------------------------------------------------------------------
  auto gen_start = Clock::now();
  std::unique_ptr<Writer> db;
  if (postgres) {
    db = std::make_unique<PostgresWriter>(url);
  } else {
    db = std::make_unique<SqliteWriter>(file);
  }
  db->Exec(
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
    db->Exec(sql);
    for (int k = 1; k <= 8; ++k) {
      std::string id = std::string(region) + "-d" + std::to_string(k);
      departments.push_back(id);
      std::snprintf(sql, sizeof sql,
                    "INSERT INTO departments (id, name, short_name, region_code) VALUES "
                    "('%s', '部门%s', '', '%s')",
                    id.c_str(), id.c_str(), region);
      db->Exec(sql);
    }
  }
  std::mt19937 rng(7);
  std::string items_sql;
  for (int i = 0; i < 8000; ++i) {
    const std::string& dept = departments[i % departments.size()];
    bool instant = i % 16 == 0;
    int statutory = instant ? 0 : 20;
    int promised = instant ? 0 : 1 + static_cast<int>(rng() % 10);
    items_sql += items_sql.empty() ? "INSERT INTO items (id, code, name, type, department_id, "
                                     "region_code, statutory_limit_wd, promised_limit_wd, "
                                     "case_kind, online, status, version, created_at, "
                                     "updated_at) VALUES "
                                   : ", ";
    std::string id = "i_bench_" + std::to_string(i);
    items_sql += "('" + id + "', '" + id + "', '事项', 'licensing', '" + dept + "', '" +
                 dept.substr(0, 6) + "', " + std::to_string(statutory) + ", " +
                 std::to_string(promised) + ", '" + (instant ? "instant" : "promised") + "', " +
                 (i % 5 != 0 ? "1" : "0") + ", 'published', 1, 0, 0)";
    if (i % 500 == 499) {
      db->Exec(items_sql);
      items_sql.clear();
    }
  }

  zt::Date first = *zt::ParseDate("2024-01-01");
  zt::Date last = *zt::ParseDate("2026-12-31");
  long long days = last.days_since_epoch() - first.days_since_epoch() + 1;
  long long per_day_department = total_cases / days / static_cast<long long>(departments.size());
  long long written_cases = 0, rows = 0;
  // Month rows add up the days of their month; written once the month is complete.
  using MonthKey = std::tuple<std::string, std::string, std::string, std::string, std::string,
                              std::string, std::string, std::string, long long>;
  std::map<std::pair<std::string, MonthKey>, Counter> month_rows;
  auto flush_month = [&](const std::string& month) {
    for (auto& [key, c] : month_rows) {
      db->AddCounter("month", month, key.first.substr(0, 6), key.first, c);
      ++rows;
    }
    month_rows.clear();
  };
  std::string month = first.ToString().substr(0, 7);
  for (zt::Date d = first; d <= last; d = d.AddDays(1)) {
    std::string day = d.ToString();
    if (day.substr(0, 7) != month) {
      flush_month(month);
      month = day.substr(0, 7);
    }
    for (std::size_t i = 0; i < departments.size(); ++i) {
      const std::string& dept = departments[i];
      std::string other = departments[(i + 8) % departments.size()].substr(0, 6);
      long long cases = per_day_department + static_cast<long long>(rng() % 3);
      written_cases += cases;
      for (const Counter& c : DayRows(cases, other, rng)) {
        if (c.n == 0) continue;
        db->AddCounter("day", day, dept.substr(0, 6), dept, c);
        ++rows;
        MonthKey k{c.action,  c.channel,      c.kind,      c.on_time,   c.front_desk,
                   c.tongban, c.filed_region, c.in_person, c.days_taken};
        Counter& m = month_rows[{dept, k}];
        if (m.n == 0)
          m = Counter{c.action,  c.channel,      c.kind,      c.on_time,   c.front_desk,
                      c.tongban, c.filed_region, c.in_person, c.days_taken};
        m.n += c.n;
        m.wd += c.wd;
        m.visits += c.visits;
      }
    }
  }
  flush_month(month);
  db->Finish();
  std::printf("generated %lld cases as %lld counter rows (%s) in %.1f s\n", written_cases, rows,
              "day and month rows", Ms(Clock::now() - gen_start) / 1000);

  auto store = Must(zt::store::OpenStore(url), "reopen");
  {
    // The catalogue figures read the versions in force at the reporting date, so each generated
    // item gets its published version 1, in force over the whole generated period.
    auto tx = Must(store->Begin(), "begin");
    for (int i = 0; i < 8000; ++i) {
      std::string id = "i_bench_" + std::to_string(i);
      auto item = Must(tx->FindItem(zt::ItemId(id)), "find item");
      if (!item) {
        std::fprintf(stderr, "generated item %s missing\n", id.c_str());
        return 1;
      }
      zt::catalog::ItemVersion v;
      v.item_id = item->id;
      v.number = 1;
      v.state = zt::catalog::VersionState::kPublished;
      v.effective_from = first;
      v.author_id = "bench";
      v.content = *item;
      MustOk(tx->catalog().InsertItemVersion(v), "item version");
    }
    MustOk(tx->Commit(), "commit");
  }
  std::printf("8,000 items with their published version in force from %s\n",
              first.ToString().c_str());

  // ---- measure ---------------------------------------------------------------------------
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
      if (x.id == "case.submitted" || x.id == "case.on_time_rate" || x.id == "item.published" ||
          x.id == "case.one_window_share" || x.id == "case.tongban_city" ||
          x.id == "case.visits_per_case" || x.id == "case.fully_online_share" ||
          x.id == "case.p90_working_days") {
        std::printf("  2026 %-24s numerator %.0f denominator %lld value %.2f\n", x.id.c_str(),
                    x.numerator, static_cast<long long>(x.denominator), x.value.value_or(-1));
      }
    }
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
