// Durable transitions per second and their latency with many clients at once, through the
// application service on a real store. Each client is a thread with its own accepted
// applications, prepared before the clock starts; timed, it takes each one through approve
// and conclude (two transitions: two units of work, each one durable transaction that
// appends its event to the hash chain) and records the latency of every transition.
// Printed per client count: transitions/s and p50, p99, p99.9 latency. With --fsync-dir
// it first measures the disk's own limit, a loop of 4 KiB overwrite + fdatasync in that
// directory, so that the figures read as ratios of it (one fsync per transition cannot go
// past 1.0).
//
//   transitions_load --store=sqlite:/tmp/zt/load.db --fsync-dir=/tmp/zt
//   transitions_load --store='sqlite:/tmp/zt/load.db?group_commit=off'
//   transitions_load --store=postgresql://...   [--clients=1,8,32,64] [--transitions=2000]
// scripts/run_bench.sh runs all three (it starts a PostgreSQL server).
#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include "transition_fixture.h"

namespace {

using Clock = std::chrono::steady_clock;
using zt::bench::Fixture;

struct Options {
  std::string store_url;
  std::string fsync_dir;
  std::vector<int> clients{1, 8, 32, 64};
  int transitions = 2000;  // per client count, over all clients
};

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// fdatasync calls per second on a 1 MiB file in `dir`, overwriting 4 KiB blocks in turn
// like the WAL between checkpoints, for about two seconds.
double FsyncsPerSecond(const std::string& dir) {
  std::filesystem::path file = std::filesystem::path(dir) / "fsync-probe.bin";
  int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) {
    std::perror("fsync probe: open");
    std::exit(1);
  }
  constexpr int kBlocks = 256;
  std::vector<char> block(4096, 'z');
  for (int i = 0; i < kBlocks; ++i) {
    if (::pwrite(fd, block.data(), block.size(), static_cast<off_t>(i) * 4096) < 0) std::exit(1);
  }
  ::fsync(fd);
  std::int64_t n = 0;
  Clock::time_point start = Clock::now();
  while (Clock::now() - start < std::chrono::seconds(2)) {
    block[0] = static_cast<char>(n);
    if (::pwrite(fd, block.data(), block.size(), (n % kBlocks) * 4096) < 0 ||
        ::fdatasync(fd) != 0) {
      std::perror("fsync probe");
      std::exit(1);
    }
    ++n;
  }
  double rate = static_cast<double>(n) / Seconds(Clock::now() - start);
  ::close(fd);
  std::filesystem::remove(file);
  return rate;
}

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  std::size_t i = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size()))) - 1;
  return sorted[std::min(i, sorted.size() - 1)];
}

// Submits and accepts `n` applications. The set-up is not measured, so a store that is
// busy (lock or write-slot timeout under a loaded machine) is simply asked again.
template <class F>
auto Retrying(F&& f, const char* what) {
  for (int attempt = 1;; ++attempt) {
    auto r = f();
    if (r || r.error().code() != zt::ErrorCode::kUnavailable || attempt == 20) {
      return zt::bench::Must(std::move(r), what);
    }
  }
}

std::vector<zt::CaseId> Prepare(Fixture& fixture, int n) {
  std::vector<zt::CaseId> ids;
  for (int i = 0; i < n; ++i) {
    zt::service::SubmitRequest request;
    request.item_id = fixture.item;
    auto view = Retrying(
        [&] { return fixture.apps->Submit(fixture.citizen, request, fixture.ctx); }, "submit");
    Retrying(
        [&] {
          return fixture.apps->Act(fixture.clerk, view.record.id, {"accept", {}}, 1, fixture.ctx);
        },
        "accept");
    ids.push_back(view.record.id);
  }
  return ids;
}

struct RunFigures {
  std::int64_t transitions = 0;  // acknowledged
  std::int64_t failed = 0;       // refused (store busy)
  double seconds = 0;
  std::vector<double> latencies_ms;  // sorted
};

RunFigures RunClients(Fixture& fixture, int clients, int transitions) {
  int apps_per_client = std::max(1, transitions / 2 / clients);
  std::vector<std::vector<zt::CaseId>> work(clients);
  {
    // A few preparers only: the set-up must not itself time out waiting for the store.
    constexpr int kPreparers = 4;
    std::vector<std::jthread> preparers;
    for (int p = 0; p < std::min(clients, kPreparers); ++p) {
      preparers.emplace_back([&, p] {
        for (int c = p; c < clients; c += kPreparers) work[c] = Prepare(fixture, apps_per_client);
      });
    }
  }
  std::vector<std::vector<double>> latencies(clients);
  std::atomic<std::int64_t> failed{0};
  std::barrier start_line(clients + 1);
  Clock::time_point started;
  {
    std::vector<std::jthread> threads;
    for (int c = 0; c < clients; ++c) {
      threads.emplace_back([&, c] {
        latencies[c].reserve(work[c].size() * 2);
        start_line.arrive_and_wait();
        // A refused transition (the store busy past its 5 s wait) is counted, not timed;
        // the application then stays where it is.
        auto timed = [&](auto&& act) {
          Clock::time_point t0 = Clock::now();
          if (!act().has_value()) {
            ++failed;
            return false;
          }
          latencies[c].push_back(
              std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
          return true;
        };
        for (const zt::CaseId& id : work[c]) {
          if (!timed([&] {
                return fixture.apps->Act(fixture.reviewer, id, {"approve", {}}, 2, fixture.ctx);
              })) {
            continue;
          }
          timed([&] {
            return fixture.apps->Act(fixture.clerk, id, {"conclude", {}}, 3, fixture.ctx);
          });
        }
      });
    }
    started = Clock::now();
    start_line.arrive_and_wait();
  }  // the threads join here
  RunFigures out;
  out.failed = failed.load();
  out.seconds = Seconds(Clock::now() - started);
  for (auto& l : latencies) out.latencies_ms.insert(out.latencies_ms.end(), l.begin(), l.end());
  std::sort(out.latencies_ms.begin(), out.latencies_ms.end());
  out.transitions = static_cast<std::int64_t>(out.latencies_ms.size());
  return out;
}

// "sqlite group_commit=on", "sqlite group_commit=off", "postgres".
std::string Label(const Fixture& fixture, const std::string& url) {
  std::string backend(fixture.store->backend());
  if (backend != "sqlite") return backend;
  return backend + (url.find("group_commit=off") != std::string::npos ? " group_commit=off"
                                                                      : " group_commit=on");
}

std::vector<int> ParseList(const char* text) {
  std::vector<int> out;
  for (const char* p = text; *p != '\0';) {
    out.push_back(std::atoi(p));
    p = std::strchr(p, ',');
    if (p == nullptr) break;
    ++p;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view a(argv[i]);
    if (a.starts_with("--store=")) o.store_url = a.substr(8);
    if (a.starts_with("--fsync-dir=")) o.fsync_dir = a.substr(12);
    if (a.starts_with("--clients=")) o.clients = ParseList(argv[i] + 10);
    if (a.starts_with("--transitions=")) o.transitions = std::atoi(argv[i] + 14);
  }
  if (o.store_url.empty() || o.clients.empty() || o.transitions <= 0) {
    std::fprintf(stderr,
                 "usage: transitions_load --store=URL [--fsync-dir=DIR] [--clients=1,8,32,64] "
                 "[--transitions=2000]\n");
    return 2;
  }
  if (!o.fsync_dir.empty()) {
    std::printf("disk: %.0f fdatasync/s (4 KiB overwrite + fdatasync, one thread, %s)\n",
                FsyncsPerSecond(o.fsync_dir), o.fsync_dir.c_str());
    std::fflush(stdout);
  }
  Fixture fixture(o.store_url);
  std::string label = Label(fixture, o.store_url);
  std::printf("%-26s %7s %11s %7s %9s %8s %8s %8s\n", "store", "clients", "transitions", "failed",
              "per_s", "p50_ms", "p99_ms", "p999_ms");
  for (int clients : o.clients) {
    RunFigures r = RunClients(fixture, clients, o.transitions);
    std::printf("%-26s %7d %11lld %7lld %9.0f %8.2f %8.2f %8.2f\n", label.c_str(), clients,
                static_cast<long long>(r.transitions), static_cast<long long>(r.failed),
                static_cast<double>(r.transitions) / r.seconds, Percentile(r.latencies_ms, 0.50),
                Percentile(r.latencies_ms, 0.99), Percentile(r.latencies_ms, 0.999));
    std::fflush(stdout);
  }
  return 0;
}
