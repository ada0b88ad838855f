#include "zt/hotline/figures.h"

namespace zt::hotline {
namespace {

Indicator Rate(std::string key, std::string name_zh, std::int64_t n, std::int64_t d,
               std::string formula) {
  return Indicator{
      std::move(key),    std::move(name_zh), PercentHalfUp(n, d), static_cast<double>(n), d,
      std::move(formula)};
}

}  // namespace

Figures ComputeFigures(std::span<const OrderFacts> facts, const CallCounts& calls,
                       const FigureOptions& options) {
  Figures out;
  Counters& c = out.counters;
  c.calls_in = calls.calls_in;
  c.calls_answered = calls.calls_answered;
  // Work-order rates leave merged orders out: their matter is handled in the order they were
  // merged into, which is counted.
  std::int64_t orders = 0, sign_due = 0, signed_on_time = 0, replied = 0, closed = 0,
               closed_on_time = 0, rated = 0, satisfied = 0;
  for (const auto& f : facts) {
    ++c.valid_matters;
    if (f.disposition == "answered") {
      ++c.answered_directly;
      continue;
    }
    ++c.dispatched;
    if (f.outcome == "merged") continue;
    ++orders;
    bool sign_passed = f.sign_due_at && *f.sign_due_at <= options.as_of;
    if (f.accepted_at || sign_passed) {
      ++sign_due;
      if (f.accepted_at && f.sign_due_at && *f.accepted_at <= *f.sign_due_at) ++signed_on_time;
    }
    if (f.replied_at) ++replied;
    if (f.closed_at && (f.outcome == "resolved" || f.outcome == "unresolved")) {
      ++closed;
      if (f.replied_at && f.due_date && CivilDateCst(*f.replied_at) <= *f.due_date) {
        ++closed_on_time;
      }
    }
    if (!f.satisfaction.empty() && f.satisfaction != "unreachable") {
      ++rated;
      if (f.satisfaction == "satisfied" ||
          (options.basic_counts_as_satisfied && f.satisfaction == "basically_satisfied")) {
        ++satisfied;
      }
    }
  }
  out.rates.push_back(Rate("hotline.connection_rate", "接通率", c.calls_answered, c.calls_in,
                           "calls answered by an agent ÷ calls asking for an agent"));
  out.rates.push_back(Rate("hotline.direct_resolution_rate", "直接办结率", c.answered_directly,
                           c.valid_matters,
                           "matters answered at first contact ÷ valid matters accepted"));
  out.rates.push_back(
      Rate("hotline.on_time_sign_rate", "按时签收率", signed_on_time, sign_due,
           "orders signed for by their sign deadline ÷ orders signed for or past that deadline"));
  out.rates.push_back(Rate("hotline.reply_rate", "回复率", replied, orders,
                           "orders replied ÷ orders dispatched (merged ones left out)"));
  out.rates.push_back(Rate("hotline.closure_rate", "办结率", closed, orders,
                           "orders closed, resolved or not ÷ orders dispatched (merged left out)"));
  out.rates.push_back(Rate("hotline.on_time_closure_rate", "按时办结率", closed_on_time, closed,
                           "closed orders replied by their handling deadline ÷ orders closed"));
  out.rates.push_back(Rate("hotline.satisfaction_rate", "满意率", satisfied, rated,
                           options.basic_counts_as_satisfied
                               ? "(满意 + 基本满意) ÷ call-backs with a rating"
                               : "满意 ÷ call-backs with a rating"));
  return out;
}

}  // namespace zt::hotline
