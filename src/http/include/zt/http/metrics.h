// File: metrics.h
//
// A small thread-safe metrics registry (counters, gauges, histograms with labels) that
// renders the Prometheus text exposition format 0.0.4. No Prometheus C++ client is
// packaged for Debian 12, hence this ~200-line writer.
//
//   Metrics& m = metrics();
//   m.DefineCounter("zt_cases_submitted_total", "Applications submitted.");
//   m.IncrementCounter("zt_cases_submitted_total", {{"channel", "online"}});
//   router.Get("/metrics", [&](Request&) { return Response::Text(200, m.Render(),
//                                                 std::string(kPrometheusContentType)); });
//
// The server records zt_http_requests_total{method,route,status} and the histogram
// zt_http_request_duration_seconds{method,route} with the route PATTERN, never the raw path.
// Never use IDs, ID numbers or user names as label values (cardinality, PII).
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zt::http {

inline constexpr std::string_view kPrometheusContentType =
    "text/plain; version=0.0.4; charset=utf-8";

// Label (name, value) pairs, in the order they should be rendered.
using Labels = std::vector<std::pair<std::string, std::string>>;

// All member functions are thread-safe.
class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Declares a metric with its HELP text. Re-defining an existing name with the same type
  // is a no-op; using an undefined name defines it with empty help. `buckets` are the
  // histogram's upper bounds, ascending (+Inf is implicit); empty = default latency
  // buckets 5 ms .. 10 s.
  void DefineCounter(std::string_view name, std::string_view help);
  void DefineGauge(std::string_view name, std::string_view help);
  void DefineHistogram(std::string_view name, std::string_view help,
                       std::vector<double> buckets = {});

  // Adds `delta` (>= 0) to the counter series `name{labels}`.
  void IncrementCounter(std::string_view name, const Labels& labels = {}, double delta = 1);
  // Sets the gauge series `name{labels}` to `value`.
  void SetGauge(std::string_view name, const Labels& labels, double value);
  // Records one observation in the histogram series `name{labels}`.
  void Observe(std::string_view name, const Labels& labels, double value);

  // The current value of a counter or gauge series; 0 when it does not exist.
  double Value(std::string_view name, const Labels& labels = {}) const;

  // Every metric in Prometheus text format 0.0.4 ("\n" line endings, families sorted by
  // name, series by labels). Serve with Content-Type kPrometheusContentType.
  std::string Render() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The process-wide registry, used by the server unless ServerOptions names another.
// Thread-safe.
Metrics& metrics();

}  // namespace zt::http
