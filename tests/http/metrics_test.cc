#include "zt/http/metrics.h"

#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace zt::http {
namespace {

using ::testing::HasSubstr;

TEST(MetricsTest, RendersCountersGaugesAndHistogramsInTextFormat) {
  Metrics m;
  m.DefineCounter("zt_logins_total", "Logins.\nBy result.");
  m.IncrementCounter("zt_logins_total", {{"result", "ok"}});
  m.IncrementCounter("zt_logins_total", {{"result", "ok"}}, 2);
  m.IncrementCounter("zt_logins_total", {{"result", "bad \"pw\"\\"}});
  m.SetGauge("zt_cases_open", {{"stage", "accepted"}}, 7);
  m.DefineHistogram("zt_latency_seconds", "Latency.", {0.1, 1});
  m.Observe("zt_latency_seconds", {{"route", "/a"}}, 0.0625);
  m.Observe("zt_latency_seconds", {{"route", "/a"}}, 0.5);
  m.Observe("zt_latency_seconds", {{"route", "/a"}}, 5);
  std::string text = m.Render();
  EXPECT_THAT(text, HasSubstr("# HELP zt_logins_total Logins.\\nBy result.\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE zt_logins_total counter\n"));
  EXPECT_THAT(text, HasSubstr("zt_logins_total{result=\"ok\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("zt_logins_total{result=\"bad \\\"pw\\\"\\\\\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE zt_cases_open gauge\nzt_cases_open{stage=\"accepted\"} 7\n"));
  EXPECT_THAT(text, HasSubstr("zt_latency_seconds_bucket{route=\"/a\",le=\"0.1\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("zt_latency_seconds_bucket{route=\"/a\",le=\"1\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("zt_latency_seconds_bucket{route=\"/a\",le=\"+Inf\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("zt_latency_seconds_sum{route=\"/a\"} 5.5625\n"));
  EXPECT_THAT(text, HasSubstr("zt_latency_seconds_count{route=\"/a\"} 3\n"));
  EXPECT_EQ(text.find('\r'), std::string::npos);
}

TEST(MetricsTest, CountsFromManyThreads) {
  Metrics m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) m.IncrementCounter("zt_x_total", {{"k", "v"}});
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(m.Value("zt_x_total", {{"k", "v"}}), 4000);
}

}  // namespace
}  // namespace zt::http
