// The 12345 hotline's throughput: work-order intake per second (each intake one transaction
// with its event, durable before it returns), and the time to import N historical work orders
// from CSV (parsed in chunks, validated per row, written in batched transactions). Prints
// figures; asserts nothing (bench/CMakeLists.txt).
//
//   build/bench/hotline_bench [intakes=2000] [import_rows=1000000] [store-url]
//
// The store is a fresh SQLite file in a temporary directory unless a URL is given (a
// PostgreSQL URL must name an empty database or schema).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <unistd.h>

#include "must.h"
#include "zt/calendar/calendar.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/service/account_service.h"
#include "zt/service/hotline_service.h"
#include "zt/store/open.h"

namespace {

using Clock = std::chrono::steady_clock;
using zt::bench::Must;
using zt::bench::MustOk;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// One historical row: 70% dispatched (most closed), 30% answered directly, over 2021–2025.
std::string Row(long long i) {
  static const char* kTypes[] = {"consult", "help", "complaint", "report", "suggestion", "praise"};
  static const char* kCategories[] = {"0101", "0201", "0202", "0301",
                                      "0401", "0402", "0501", "0601"};
  static const char* kRegions[] = {"440802", "440803", "440804", "440811"};
  long long day = i % 1800;  // about five years of days
  long long minute = (i * 7) % 600;
  std::chrono::sys_days d =
      std::chrono::sys_days(std::chrono::year(2021) / 1 / 4) + std::chrono::days(day);
  std::chrono::year_month_day ymd(d);
  char received[40];
  std::snprintf(received, sizeof received, "%04d-%02u-%02uT%02lld:%02lld:00+08:00",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), 8 + minute / 60, minute % 60);
  bool answered = i % 10 < 3;
  const char* type = answered ? "consult" : kTypes[i % 6];
  std::string row = "H" + std::to_string(i) + "," + received + ",phone,市民,13800000000," + type +
                    "," + kCategories[i % 8] + "," + kRegions[i % 4] + ",某路" +
                    std::to_string(i % 500) + "号,历史诉求,历史诉求内容 " + std::to_string(i) +
                    ",0,";
  if (answered) {
    row += "answer,,已答复,answered,,,\n";
  } else {
    row += std::string("dispatch,,,") + (i % 7 == 0 ? "replied" : "closed_resolved") + "," +
           received + "," + (i % 7 == 0 ? "" : received) + "," + (i % 7 == 0 ? "" : "satisfied") +
           "\n";
  }
  return row;
}

}  // namespace

int main(int argc, char** argv) {
  const long long intakes = argc > 1 ? std::atoll(argv[1]) : 2000;
  const long long import_rows = argc > 2 ? std::atoll(argv[2]) : 1000000;
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("zt_hotline_bench_" + std::to_string(::getpid()));
  std::string url = argc > 3 ? argv[3] : "sqlite:" + (dir / "zt.db").string();
  if (argc <= 3) std::filesystem::create_directories(dir);
  auto store = Must(zt::store::OpenStore(url), "open store");
  Must(store->Migrate(), "migrate");
  zt::crypto::OpenSslCrypto crypto;
  zt::SimulatedClock clock(*zt::ParseInstant("2026-11-02T09:00:00+08:00"));
  zt::service::RequestContext ctx{"bench", "127.0.0.1"};
  {
    auto tx = Must(store->Begin(), "begin");
    for (const auto& r : {zt::service::Region{"440800", "湛江市", "440000", "prefecture"},
                          zt::service::Region{"440802", "赤坎区", "440800", "county"},
                          zt::service::Region{"440803", "霞山区", "440800", "county"},
                          zt::service::Region{"440804", "坡头区", "440800", "county"},
                          zt::service::Region{"440811", "麻章区", "440800", "county"}}) {
      MustOk(tx->PutRegion(r), "region");
    }
    MustOk(tx->PutDepartment(
               {zt::DepartmentId("440800-zsj"), "湛江市政务服务和数据管理局", "", "440800", ""}),
           "department");
    MustOk(tx->Commit(), "commit");
  }
  zt::service::AccountService accounts(*store, crypto, clock);
  auto make = [&](const char* name, zt::accounts::Role role) {
    auto a = Must(accounts.CreateStaff(
                      {name, name, role, "440800", zt::DepartmentId(), "bench password 12345"},
                      std::nullopt, ctx),
                  "staff");
    return zt::service::AccountService::ActorOf(a);
  };
  auto agent = make("agent", zt::accounts::Role::kHotlineAgent);
  auto supervisor = make("supervisor", zt::accounts::Role::kHotlineSupervisor);
  zt::service::HotlineService hotline(*store, crypto, clock,
                                      zt::calendar::WorkingCalendar::China());
  MustOk(hotline.PutRoutingRule(supervisor, {"", "4408", zt::DepartmentId("440800-zsj")}, ctx),
         "routing");

  std::printf("store: %s\n", std::string(store->backend()).c_str());
  // Intake: what an agent's "dispatch" button costs, duplicate check and event included.
  auto t0 = Clock::now();
  for (long long i = 0; i < intakes; ++i) {
    zt::service::IntakeRequest in;
    in.draft = {"phone",
                "市民",
                "1380759" + std::to_string(1000 + i % 9000),
                false,
                "complaint",
                "0201",
                i % 2 ? "440802" : "440803",
                "某路" + std::to_string(i % 300) + "号",
                "噪音扰民",
                "夜间噪音",
                false};
    in.disposition = i % 3 == 0 ? "answer" : "dispatch";
    in.answer = "已答复";
    clock.Advance(std::chrono::seconds(20));
    Must(hotline.Intake(agent, in, ctx), "intake");
  }
  double intake_s = Seconds(t0);
  std::printf("intake: %lld work orders in %.2f s = %.0f per second (one transaction each)\n",
              intakes, intake_s, static_cast<double>(intakes) / intake_s);

  // Import: build the CSV text, then parse and import it as `zhengtong hotline import` does.
  std::string header =
      "number,received_at,source,caller_name,caller_phone,matter_type,"
      "category_code,region_code,address,title,content,urgent,disposition,"
      "department_id,answer,state,replied_at,closed_at,satisfaction\n";
  std::string data;
  data.reserve(static_cast<std::size_t>(import_rows) * 200);
  for (long long i = 0; i < import_rows; ++i) data += Row(i);
  std::printf("import: %lld rows, %.1f MB of CSV\n", import_rows,
              static_cast<double>(data.size()) / 1e6);
  auto t1 = Clock::now();
  long long imported = 0, rejected = 0, next_row = 1;
  for (std::string_view chunk : zt::service::SplitCsvRecords(data, 50000)) {
    auto rows = Must(zt::service::ParseImportCsv(header + std::string(chunk), next_row), "parse");
    next_row += static_cast<long long>(rows.size());
    auto report = Must(hotline.Import(supervisor, rows, 5000, {}, ctx), "import");
    imported += report.imported;
    rejected += report.error_count;
    std::fprintf(stderr, "\r%lld rows, %.0f s", imported, Seconds(t1));
  }
  double import_s = Seconds(t1);
  std::fprintf(stderr, "\n");
  std::printf("import: %lld imported, %lld rejected in %.1f s = %.0f rows per second\n", imported,
              rejected, import_s, static_cast<double>(imported) / import_s);
  if (import_rows > 0 && import_rows < 1000000) {
    std::printf("import: 1,000,000 rows extrapolated linearly: %.0f s\n",
                import_s * 1e6 / static_cast<double>(import_rows));
  }
  store.reset();
  if (argc <= 3) std::filesystem::remove_all(dir);
  return 0;
}
