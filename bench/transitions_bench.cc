// Accepted-to-concluded transitions per second, through the application service on a real
// store: each iteration takes one accepted application through approve and conclude (two
// durable transactions, each appending its event to the hash chain).
//
//   transitions_bench --store=sqlite:/tmp/zt-bench.db
//   transitions_bench --store=postgresql://...    (scripts/run_bench.sh starts a server)
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "transition_fixture.h"

namespace {

using zt::bench::Fixture;
using zt::bench::Must;

std::string g_store_url;

void BM_AcceptedToConcluded(benchmark::State& state) {
  static Fixture fixture(g_store_url);
  constexpr int kBatch = 200;
  std::int64_t transitions = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto ids = fixture.Accepted(kBatch);
    state.ResumeTiming();
    for (const auto& id : ids) {
      Must(fixture.apps->Act(fixture.reviewer, id, {"approve", {}}, 2, fixture.ctx), "approve");
      Must(fixture.apps->Act(fixture.clerk, id, {"conclude", {}}, 3, fixture.ctx), "conclude");
      transitions += 2;
    }
  }
  state.counters["transitions_per_s"] =
      benchmark::Counter(static_cast<double>(transitions), benchmark::Counter::kIsRate);
  state.SetLabel(std::string(fixture.store->backend()));
}
BENCHMARK(BM_AcceptedToConcluded)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--store=", 8) == 0) g_store_url = argv[i] + 8;
  }
  if (g_store_url.empty()) {
    std::cerr << "usage: transitions_bench --store=URL [benchmark flags]\n";
    return 2;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
