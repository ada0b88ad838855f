#include "zt/http/metrics.h"

#include <cmath>
#include <map>
#include <mutex>

#include <fmt/format.h>

namespace zt::http {
namespace {

enum class Type { kCounter, kGauge, kHistogram };

struct Series {
  double value = 0;                   // counter or gauge
  std::vector<std::uint64_t> counts;  // histogram: per bucket (non-cumulative), then +Inf
  double sum = 0;
  std::uint64_t count = 0;
};

struct Family {
  Type type = Type::kCounter;
  std::string help;
  std::vector<double> buckets;
  std::map<Labels, Series> series;
};

std::string EscapeLabelValue(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string EscapeHelp(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string FormatValue(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (std::isnan(v)) return "NaN";
  if (v == std::floor(v) && std::fabs(v) < 1e15)
    return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{}", v);
}

// `{a="x",b="y"}` with an optional extra label (le) appended; "" when there are none.
std::string LabelText(const Labels& labels, std::string_view extra_name = {},
                      std::string_view extra_value = {}) {
  if (labels.empty() && extra_name.empty()) return {};
  std::string out = "{";
  bool first = true;
  for (const auto& [n, v] : labels) {
    if (!first) out += ",";
    first = false;
    out += n + "=\"" + EscapeLabelValue(v) + "\"";
  }
  if (!extra_name.empty()) {
    if (!first) out += ",";
    out += std::string(extra_name) + "=\"" + std::string(extra_value) + "\"";
  }
  out += "}";
  return out;
}

}  // namespace

struct Metrics::Impl {
  mutable std::mutex mu;
  std::map<std::string, Family, std::less<>> families;

  Family& Get(std::string_view name, Type type) {
    auto it = families.find(name);
    if (it == families.end()) {
      it = families.emplace(std::string(name), Family{}).first;
      it->second.type = type;
      if (type == Type::kHistogram) {
        it->second.buckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
      }
    }
    return it->second;
  }
  void Define(std::string_view name, std::string_view help, Type type,
              std::vector<double> buckets = {}) {
    std::lock_guard lock(mu);
    Family& f = Get(name, type);
    if (f.help.empty()) f.help = std::string(help);
    if (type == Type::kHistogram && !buckets.empty() && f.series.empty()) {
      f.buckets = std::move(buckets);
    }
  }
};

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {}
Metrics::~Metrics() = default;

void Metrics::DefineCounter(std::string_view name, std::string_view help) {
  impl_->Define(name, help, Type::kCounter);
}
void Metrics::DefineGauge(std::string_view name, std::string_view help) {
  impl_->Define(name, help, Type::kGauge);
}
void Metrics::DefineHistogram(std::string_view name, std::string_view help,
                              std::vector<double> buckets) {
  impl_->Define(name, help, Type::kHistogram, std::move(buckets));
}

void Metrics::IncrementCounter(std::string_view name, const Labels& labels, double delta) {
  if (!(delta >= 0)) return;  // counters only go up
  std::lock_guard lock(impl_->mu);
  impl_->Get(name, Type::kCounter).series[labels].value += delta;
}

void Metrics::SetGauge(std::string_view name, const Labels& labels, double value) {
  std::lock_guard lock(impl_->mu);
  impl_->Get(name, Type::kGauge).series[labels].value = value;
}

void Metrics::Observe(std::string_view name, const Labels& labels, double value) {
  std::lock_guard lock(impl_->mu);
  Family& f = impl_->Get(name, Type::kHistogram);
  Series& s = f.series[labels];
  if (s.counts.empty()) s.counts.assign(f.buckets.size() + 1, 0);
  std::size_t i = 0;
  while (i < f.buckets.size() && value > f.buckets[i]) ++i;
  ++s.counts[i];
  s.sum += value;
  ++s.count;
}

double Metrics::Value(std::string_view name, const Labels& labels) const {
  std::lock_guard lock(impl_->mu);
  auto it = impl_->families.find(name);
  if (it == impl_->families.end()) return 0;
  auto s = it->second.series.find(labels);
  return s == it->second.series.end() ? 0 : s->second.value;
}

std::string Metrics::Render() const {
  std::lock_guard lock(impl_->mu);
  std::string out;
  for (const auto& [name, f] : impl_->families) {
    if (!f.help.empty()) out += "# HELP " + name + " " + EscapeHelp(f.help) + "\n";
    out += "# TYPE " + name + " " +
           (f.type == Type::kCounter ? "counter"
            : f.type == Type::kGauge ? "gauge"
                                     : "histogram") +
           "\n";
    for (const auto& [labels, s] : f.series) {
      if (f.type != Type::kHistogram) {
        out += name + LabelText(labels) + " " + FormatValue(s.value) + "\n";
        continue;
      }
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i <= f.buckets.size(); ++i) {
        cumulative += s.counts[i];
        std::string le = i < f.buckets.size() ? FormatValue(f.buckets[i]) : "+Inf";
        out += name + "_bucket" + LabelText(labels, "le", le) + " " + std::to_string(cumulative) +
               "\n";
      }
      out += name + "_sum" + LabelText(labels) + " " + FormatValue(s.sum) + "\n";
      out += name + "_count" + LabelText(labels) + " " + std::to_string(s.count) + "\n";
    }
  }
  return out;
}

Metrics& metrics() {
  static Metrics* registry = new Metrics;
  return *registry;
}

}  // namespace zt::http
