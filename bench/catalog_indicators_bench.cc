// The catalogue (事项口径) indicators at city scale, read as of a past date: a generated
// 100,000-item catalogue (湛江市, its nine county-level divisions, a town and a village under
// each, 45 departments per region) whose every item has a published version in force from
// 2025-01-01 and, for every other item, a revision in force from 2026-03-01 (so the reading
// must pick the version in force on the date). Then it times, on that store:
//   - the versions in force on 2025-12-31 read and decoded (CatalogStore::VersionsInForce);
//   - every item indicator of the registry evaluated over them (indicators::Evaluate);
//   - IndicatorService::Values for the city and 2025 (the as-of path the dashboard and the
//     annual report take; the case counters are empty here, so it is the catalogue's time);
//   - the same for one level (town) and for one department.
// Prints medians of several runs; asserts nothing (bench/CMakeLists.txt).
//
//   build/bench/catalog_indicators_bench [items=100000] [runs=5]   (a SQLite file in /tmp)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <unistd.h>

#include "must.h"
#include "zt/core/time.h"
#include "zt/indicators/evaluate.h"
#include "zt/service/catalog_store.h"
#include "zt/service/indicator_service.h"
#include "zt/store/open.h"

namespace {

using Clock = std::chrono::steady_clock;
using zt::bench::Must;
using zt::bench::MustOk;

// The city itself and its nine county-level divisions (a town and a village under each).
constexpr const char* kBodyRegions[] = {"440800", "440802", "440803", "440804", "440811",
                                        "440823", "440825", "440881", "440882", "440883"};

double Millis(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// Wall-clock and CPU time of a step, in milliseconds. On the shared development machine the
// wall time mostly waits for a core; the process's CPU time is what the step costs.
struct Timing {
  double wall_ms = 0;
  double cpu_ms = 0;
};

// The medians of `runs` timings of `step`.
Timing Median(int runs, const std::function<void()>& step) {
  std::vector<double> wall, cpu;
  for (int i = 0; i < runs; ++i) {
    auto start = Clock::now();
    std::clock_t cpu_start = std::clock();
    step();
    cpu.push_back(1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC);
    wall.push_back(Millis(Clock::now() - start));
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  return {wall[wall.size() / 2], cpu[cpu.size() / 2]};
}

// A varied item: online depth, visits, 一窗, 容缺, 告知承诺 and materials (some replaceable
// by a licence or shared data) spread over the catalogue.
zt::catalog::ServiceItem MakeItem(int i, const std::string& region, const std::string& dept) {
  using zt::catalog::OnlineDepth;
  zt::catalog::ServiceItem item;
  item.id = zt::ItemId("i_bench_" + std::to_string(i));
  item.code = "BENCH-" + std::to_string(i);
  item.name = "事项" + std::to_string(i);
  item.type = zt::catalog::ItemType::kLicensing;
  item.department_id = zt::DepartmentId(dept);
  item.region_code = region;
  item.statutory_limit_wd = i % 16 == 0 ? 0 : 20;
  item.promised_limit_wd = i % 16 == 0 ? 0 : 1 + i % 10;
  item.case_kind = i % 16 == 0 ? zt::catalog::CaseKind::kInstant : zt::catalog::CaseKind::kPromised;
  item.online = i % 5 != 0;
  item.status = zt::catalog::ItemStatus::kPublished;
  item.version = 1;
  auto& e = item.elements;
  e.online_depth = static_cast<OnlineDepth>(i % 4);
  e.onsite_visits = e.online_depth == OnlineDepth::kFullyOnline ? 0 : i % 3;
  if (!item.online) e.online_depth = OnlineDepth::kInformation;
  e.one_window = i % 3 != 0;
  e.tolerance = i % 7 == 0;
  e.notification_commitment = i % 11 == 0;
  for (int m = 0; m < 3 + i % 4; ++m) {
    zt::catalog::Material material{"材料" + std::to_string(m), true, ""};
    if (m == 0 && i % 2 == 0) material.licence_type_code = "yyzz";
    if (m == 1 && i % 5 == 0) material.shared_data = "户籍信息";
    if (m == 2) material.secondary = true;
    item.materials.push_back(std::move(material));
  }
  e.situations = {{"企业申请", "", {{"营业执照", true, ""}}}};
  if (i % 3 == 0) e.situations[0].materials[0].licence_type_code = "yyzz";
  return item;
}

}  // namespace

int main(int argc, char** argv) {
  int items = argc > 1 ? std::atoi(argv[1]) : 100000;
  int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  auto dir = std::filesystem::temp_directory_path() /
             ("zt-catalog-indicators-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string url = "sqlite:" + (dir / "bench.db").string();
  auto store = Must(zt::store::OpenStore(url), "open");
  Must(store->Migrate(), "migrate");

  // ---- generate --------------------------------------------------------------------------
  auto gen_start = Clock::now();
  std::vector<std::pair<std::string, std::string>> bodies;  // (region, department)
  {
    auto tx = Must(store->Begin(), "begin");
    MustOk(tx->PutRegion({"440800", "湛江市", "440000", "prefecture"}), "region");
    for (const char* county : kBodyRegions) {
      std::string c = county;
      std::vector<std::string> regions{c};
      if (c != "440800") {
        MustOk(tx->PutRegion({c, "区县" + c, "440800", "county"}), "region");
        MustOk(tx->PutRegion({c + "001", "乡镇" + c, c, "township"}), "region");
        MustOk(tx->PutRegion({c + "001001", "村" + c, c + "001", "village"}), "region");
        regions.push_back(c + "001");
        regions.push_back(c + "001001");
      }
      for (const auto& r : regions) {
        for (int k = 1; k <= 45; ++k) {
          std::string id = r + "-d" + std::to_string(k);
          MustOk(tx->PutDepartment({zt::DepartmentId(id), "部门" + id, "", r, ""}), "department");
          bodies.emplace_back(r, id);
        }
      }
    }
    const zt::Date first = *zt::ParseDate("2025-01-01");
    const zt::Date revised = *zt::ParseDate("2026-03-01");
    for (int i = 0; i < items; ++i) {
      // Most items at county level, fewer in towns and villages, as in a real city.
      const auto& [region, dept] = bodies[(static_cast<std::size_t>(i) * 7919) % bodies.size()];
      zt::catalog::ServiceItem item = MakeItem(i, region, dept);
      MustOk(tx->InsertItem(item), "item");
      zt::catalog::ItemVersion v;
      v.item_id = item.id;
      v.number = 1;
      v.state = zt::catalog::VersionState::kPublished;
      v.effective_from = first;
      v.author_id = "bench";
      v.content = item;
      if (i % 2 == 1) {
        v.state = zt::catalog::VersionState::kSuperseded;
        v.effective_to = revised.AddDays(-1);
        zt::catalog::ItemVersion next = v;
        next.number = 2;
        next.state = zt::catalog::VersionState::kPublished;
        next.effective_from = revised;
        next.effective_to.reset();
        next.content.elements.online_depth = zt::catalog::OnlineDepth::kFullyOnline;
        next.content.elements.onsite_visits = 0;
        MustOk(tx->catalog().InsertItemVersion(next), "version 2");
      }
      MustOk(tx->catalog().InsertItemVersion(v), "version 1");
    }
    MustOk(tx->Commit(), "commit");
  }
  std::printf(
      "store: SQLite; %d items (%zu departments), each with a version from 2025-01-01, "
      "every other one revised from 2026-03-01; generated in %.1f s\n",
      items, bodies.size(), Millis(Clock::now() - gen_start) / 1000);

  // ---- measure ---------------------------------------------------------------------------
  zt::SimulatedClock clock(*zt::ParseInstant("2026-11-20T09:00:00+08:00"));
  zt::service::IndicatorService indicators(*store, clock);
  zt::accounts::Actor manager;
  manager.account_id = zt::AccountId("bench-manager");
  manager.role = zt::accounts::Role::kBureauManager;
  manager.region_code = "440800";
  const zt::Date day = *zt::ParseDate("2025-12-31");
  zt::service::ValueQuery year{"440800", "", *zt::ParseDate("2025-01-01"), day};

  std::vector<zt::catalog::ServiceItem> in_force;
  Timing read = Median(runs, [&] {
    auto tx = Must(store->Begin(), "begin");
    auto versions = Must(tx->catalog().VersionsInForce({day, "44", zt::DepartmentId()}), "read");
    in_force.clear();
    for (auto& v : versions) in_force.push_back(std::move(v.content));
  });
  std::vector<const zt::indicators::Definition*> item_definitions;
  for (const auto& d : indicators.registry().definitions()) {
    if (d.basis == zt::indicators::Basis::kItems) item_definitions.push_back(&d);
  }
  Timing evaluate = Median(runs, [&] {
    for (const auto* d : item_definitions) zt::indicators::Evaluate(*d, {}, in_force);
  });
  zt::service::IndicatorValues city;
  Timing values = Median(runs, [&] { city = Must(indicators.Values(manager, year), "values"); });
  zt::service::ValueQuery towns = year;
  towns.level = "town";
  zt::service::IndicatorValues town;
  Timing town_time = Median(runs, [&] { town = Must(indicators.Values(manager, towns), "town"); });
  zt::service::ValueQuery department = year;
  department.department_id = bodies[3].second;
  Timing department_time =
      Median(runs, [&] { Must(indicators.Values(manager, department), "department"); });

  std::printf("versions in force on %s: %zu (read and decoded)\n", day.ToString().c_str(),
              in_force.size());
  for (const auto& v : city.values) {
    if (v.basis != zt::indicators::Basis::kItems) continue;
    char shown[32] = "—";
    if (v.value) std::snprintf(shown, sizeof shown, "%.1f", *v.value);
    std::printf("  %-34s %10s  %.0f / %lld\n", v.id.c_str(), shown, v.numerator,
                static_cast<long long>(v.denominator));
  }
  // The same catalogue read for 2026 (today): every other item's revision is fully online.
  zt::service::ValueQuery later{"440800", "", *zt::ParseDate("2026-01-01"),
                                *zt::ParseDate("2026-12-31")};
  for (const auto& v : Must(indicators.Values(manager, later), "2026").values) {
    if (v.id == "item.fully_online_rate" && v.value) {
      std::printf("  (2026, versions in force today: item.fully_online_rate %.1f)\n", *v.value);
    }
  }
  std::printf("median of %d runs (wall ms / CPU ms):\n", runs);
  auto line = [](std::string what, Timing t) {
    std::printf("  %-62s %9.1f / %9.1f\n", what.c_str(), t.wall_ms, t.cpu_ms);
  };
  line(
      "read the versions in force (VersionsInForce, " + std::to_string(in_force.size()) + " items)",
      read);
  line("evaluate the " + std::to_string(item_definitions.size()) + " item indicators over them",
       evaluate);
  line("IndicatorService::Values, city, 2025 (the as-of path)", values);
  double town_items = 0;
  for (const auto& v : town.values) {
    if (v.id == "item.published") town_items = v.numerator;
  }
  line("the same, level=town (" + std::to_string(static_cast<long long>(town_items)) + " items)",
       town_time);
  line("the same, one department", department_time);
  store.reset();
  std::filesystem::remove_all(dir);
  return 0;
}
