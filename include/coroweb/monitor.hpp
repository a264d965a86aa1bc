// coroweb/monitor.hpp - the stall monitor: who blocked the event loop, and for how long.
//
// Three cooperating parts, all cheap enough to leave on:
//  * Route marking. A connection's coroutine runs on a RouteExecutor (detail/route_executor.hpp):
//    every resumption of handler code goes through it and opens a Segment. While a handler
//    runs, its start time is published in an atomic. A handler segment costs two steady_clock
//    reads and a few atomic operations; the framework's own I/O bypasses the marking.
//  * The watchdog, a std::thread on the wall clock (steady_clock, so a blocking syscall counts
//    as much as a busy loop). It wakes when the current handler segment would cross
//    `stall_threshold` (or, with no handler running, when the heartbeat would be that late),
//    and if the loop has not moved on, flags the stall and attributes it to that route.
//  * The heartbeat, a timer on the loop every `heartbeat_interval`, whose lateness is the loop
//    lag (histogram below).
// The loop thread closes a stall when it comes back: it measures the exact duration, updates the
// counters and logs one line:  coroweb: event loop stalled 1001 ms in GET /async-blocking
// Counters are owned by the loop thread, so the stats endpoint reads them without locks.
//
// GET /_coroweb/stats returns this stats() plus the App's connection counters (App::stats()):
// {
//   "monitor":  {"enabled": true, "stall_threshold_ms": 10, "heartbeat_interval_ms": 5,
//                "watchdog_period_ms": 1},
//   "uptime_ms": 12345.6,
//   "totals":   {"requests": 42, "unmatched": 1, "errors": 0, "stalls": 5,
//                "stalls_outside_handlers": 0, "watchdog_detections": 5,
//                "longest_stall_ms": 1001.2, "stalled_ms": 5004.9},
//   "loop_lag": {"samples": 2400, "mean_ms": 0.06, "max_ms": 1001.0,
//                "buckets": [{"le_ms": 0.1, "count": 2300}, ..., {"le_ms": null, "count": 0}]},
//   "routes":   [{"method": "GET", "route": "/async-blocking", "kind": "coroutine",
//                 "requests": 5, "errors": 0, "stalls": 5, "longest_stall_ms": 1001.2,
//                 "stalled_ms": 5004.9, "loop_time_ms": 5005.3}, ...],
//   "connections": {"open": 3, "max": 17468, "accepted": 40, "refused": 0, "request_timeouts": 0,
//                   "write_timeouts": 0, "idle_timeouts": 12, "accept_errors": 0, "accept_backoffs": 0}
// }
// Times are milliseconds (3 decimals). A bucket counts lag samples above the previous bound and
// at most le_ms; the last bucket (le_ms null) is unbounded. With the monitor disabled, only the
// request counters move. "loop_time_ms" is time the route's handler code ran on the event loop:
// plain handlers run on the worker pool and show almost none. "connections": open and max
// (Options::max_connections); accepted (served) and refused (503 past max); connections ended
// by a deadline: request_timeouts (answered 408), write_timeouts (the client did not read its
// answer), idle_timeouts (keep-alive); accept_errors (failed accept() calls, e.g. EMFILE) and
// accept_backoffs (episodes of them, one log line each). They count with the monitor off too.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

namespace coroweb {

struct MonitorOptions {
  bool enabled = true;
  std::chrono::milliseconds stall_threshold{10};
  std::chrono::milliseconds heartbeat_interval{5};
  std::chrono::milliseconds watchdog_period{1};  // the watchdog's shortest sleep
  bool log_stalls = true;  // one line on stderr per stall
};

class Monitor {
 public:
  explicit Monitor(MonitorOptions o = {})
      : opts_(o), threshold_ns_(to_ns(o.stall_threshold)), interval_ns_(to_ns(o.heartbeat_interval)),
        created_ns_(now_ns()) {}
  Monitor(const Monitor&) = delete;
  Monitor& operator=(const Monitor&) = delete;
  ~Monitor() { stop(); }

  bool enabled() const noexcept { return opts_.enabled; }
  const MonitorOptions& options() const noexcept { return opts_; }

  // Before start(). Returns the route id used by every other call.
  int add_route(std::string method, std::string pattern, bool coroutine) {
    routes_.push_back(RouteStats{std::move(method), std::move(pattern), coroutine});
    return static_cast<int>(routes_.size() - 1);
  }

  // --- loop thread only from here on, unless said otherwise ---

  void start(boost::asio::io_context& ioc) {
    if (!opts_.enabled || watchdog_.joinable()) return;
    last_beat_.store(now_ns(), std::memory_order_relaxed);
    heartbeat_.emplace(ioc);
    arm_heartbeat();
    stop_watchdog_.store(false);
    watchdog_ = std::thread([this] { watch(); });
  }

  // On the loop thread, or once it has stopped, and before the io_context is destroyed: drops
  // the heartbeat so the loop can run out of work, and joins the watchdog.
  void stop() {
    stop_watchdog_.store(true);
    if (watchdog_.joinable()) watchdog_.join();
    heartbeat_.reset();
  }

  void count_request(int route) noexcept { ++routes_[route].requests; }
  void count_error(int route) noexcept { ++routes_[route].errors; }
  void count_unmatched() noexcept { ++unmatched_; }

  // One resumption of marked code. `slot` holds the route whose handler the resumed coroutine
  // is serving (-1: framework code). Only the outermost Segment counts: nested ones happen when
  // a completion is dispatched inline, and belong to the outer one's time.
  class Segment {
   public:
    Segment(Monitor& m, const int* slot) noexcept : m_(m) {
      if (m_.depth_++ != 0) return;
      if (m_.loose_since_.load(std::memory_order_relaxed) != 0) m_.close_loose(now_ns());
      if (*slot >= 0) m_.begin(*slot);
    }
    ~Segment() {
      if (--m_.depth_ == 0 && m_.active_) m_.end();
    }
    Segment(const Segment&) = delete;
    Segment& operator=(const Segment&) = delete;

   private:
    Monitor& m_;
  };

  // A connection is about to run (enter) or has finished running (leave) the handler of
  // `route`. Called from inside a Segment, between resumptions of the same coroutine.
  void enter(int* slot, int route) noexcept {
    *slot = route;
    if (opts_.enabled && depth_ > 0 && !active_) begin(route);
  }
  bool in_segment() const noexcept { return depth_ > 0; }
  void leave(int* slot) noexcept {
    *slot = -1;
    if (active_) end();
  }

  // Slots live as long as the monitor, so a task a handler spawned and left running can
  // never read freed memory (at worst, a recycled slot's route).
  int* acquire_slot() {
    if (free_slots_.empty()) return &slots_.emplace_back(-1);
    int* s = free_slots_.back();
    free_slots_.pop_back();
    *s = -1;
    return s;
  }
  void release_slot(int* s) { free_slots_.push_back(s); }

  nlohmann::ordered_json stats() const {
    using json = nlohmann::ordered_json;
    json routes = json::array();
    std::uint64_t requests = 0, errors = 0, stalls = loose_stalls_;
    std::int64_t longest = loose_longest_ns_, stalled = loose_stalled_ns_;
    for (auto& r : routes_) {
      routes.push_back({{"method", r.method}, {"route", r.pattern}, {"kind", r.coroutine ? "coroutine" : "plain"},
                        {"requests", r.requests}, {"errors", r.errors}, {"stalls", r.stalls},
                        {"longest_stall_ms", ms(r.longest_stall_ns)}, {"stalled_ms", ms(r.stalled_ns)},
                        {"loop_time_ms", ms(r.loop_ns)}});
      requests += r.requests;
      errors += r.errors;
      stalls += r.stalls;
      longest = std::max(longest, r.longest_stall_ns);
      stalled += r.stalled_ns;
    }
    json buckets = json::array();
    for (std::size_t i = 0; i < lag_buckets_.size(); ++i)
      buckets.push_back({{"le_ms", i < kLagBoundsUs.size() ? json(kLagBoundsUs[i] / 1000.0) : json(nullptr)},
                         {"count", lag_buckets_[i]}});
    return {
        {"monitor", {{"enabled", opts_.enabled}, {"stall_threshold_ms", opts_.stall_threshold.count()},
                     {"heartbeat_interval_ms", opts_.heartbeat_interval.count()},
                     {"watchdog_period_ms", opts_.watchdog_period.count()}}},
        {"uptime_ms", ms(now_ns() - created_ns_)},
        {"totals", {{"requests", requests + unmatched_}, {"unmatched", unmatched_}, {"errors", errors},
                    {"stalls", stalls}, {"stalls_outside_handlers", loose_stalls_},
                    {"watchdog_detections", watchdog_detections_.load()},
                    {"longest_stall_ms", ms(longest)}, {"stalled_ms", ms(stalled)}}},
        {"loop_lag", {{"samples", lag_samples_}, {"mean_ms", lag_samples_ ? ms(lag_sum_ns_ / lag_samples_) : 0.0},
                      {"max_ms", ms(lag_max_ns_)}, {"buckets", buckets}}},
        {"routes", routes}};
  }

 private:
  struct RouteStats {
    std::string method, pattern;
    bool coroutine;
    std::uint64_t requests = 0, errors = 0, stalls = 0;
    std::int64_t longest_stall_ns = 0, stalled_ns = 0, loop_ns = 0;
  };
  static constexpr std::array<std::int64_t, 14> kLagBoundsUs{100,    500,    1000,   2000,    5000,    10000,   20000,
                                                             50000,  100000, 200000, 500000, 1000000, 2000000, 5000000};

  static std::int64_t now_ns() noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
  template <class D>
  static std::int64_t to_ns(D d) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
  }
  static double ms(std::int64_t ns) { return std::round(ns / 1000.0) / 1000.0; }

  void begin(int route) noexcept {
    std::int64_t t = now_ns();
    active_ = true;
    cur_route_ = route;
    cur_since_ = t;
    since_.store(t, std::memory_order_relaxed);
    active_word_.store(++seq_ << 1, std::memory_order_release);  // publishes since_
  }

  void end() noexcept {
    std::int64_t t = now_ns();
    std::uint64_t word = active_word_.exchange(0, std::memory_order_acq_rel);
    last_end_.store(t, std::memory_order_relaxed);
    active_ = false;
    std::int64_t d = t - cur_since_;
    RouteStats& r = routes_[cur_route_];
    r.loop_ns += d;
    if ((word & 1) == 0 && d <= threshold_ns_) return;  // the common case: no stall
    ++r.stalls;
    r.stalled_ns += d;
    r.longest_stall_ns = std::max(r.longest_stall_ns, d);
    log(d, &r);
  }

  void close_loose(std::int64_t t) noexcept {
    std::int64_t since = loose_since_.exchange(0, std::memory_order_relaxed);
    if (since == 0 || since == last_loose_since_) return;  // already closed (watchdog raced us)
    last_loose_since_ = since;
    std::int64_t d = std::max<std::int64_t>(0, t - since);
    ++loose_stalls_;
    loose_stalled_ns_ += d;
    loose_longest_ns_ = std::max(loose_longest_ns_, d);
    log(d, nullptr);
  }

  void log(std::int64_t d, const RouteStats* r) const {
    if (!opts_.log_stalls) return;
    // Built first and written with one call, so concurrent writers cannot split the line.
    std::string line = "coroweb: event loop stalled " + std::to_string((d + 500000) / 1000000) + " ms " +
                       (r ? "in " + r->method + " " + r->pattern : std::string("outside handlers")) + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
  }

  void arm_heartbeat() {
    heartbeat_->expires_after(opts_.heartbeat_interval);
    heartbeat_->async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      std::int64_t t = now_ns();
      std::int64_t lag = std::max<std::int64_t>(0, t - to_ns(heartbeat_->expiry().time_since_epoch()));
      last_beat_.store(t, std::memory_order_relaxed);
      if (loose_since_.load(std::memory_order_relaxed) != 0) close_loose(t);
      ++lag_samples_;
      lag_sum_ns_ += lag;
      lag_max_ns_ = std::max(lag_max_ns_, lag);
      std::size_t b = 0;
      while (b < kLagBoundsUs.size() && lag > kLagBoundsUs[b] * 1000) ++b;
      ++lag_buckets_[b];
      if (!stop_watchdog_.load(std::memory_order_relaxed)) arm_heartbeat();
    });
  }

  // The watchdog thread. It only reads the loop's atomics and sets flags; the loop thread does
  // all the bookkeeping when it comes back. Rather than polling, it sleeps until the first moment
  // a stall could be declared (the running segment's start, or the heartbeat's due time, plus
  // the threshold), so a busy loop costs it about one wake-up per threshold, and a stall is seen
  // within watchdog_period of crossing the threshold.
  void watch() {
    using clock = std::chrono::steady_clock;
    const auto min_gap = std::max(opts_.watchdog_period, std::chrono::milliseconds(1));
    while (!stop_watchdog_.load(std::memory_order_relaxed)) {
      std::int64_t t = now_ns();
      std::int64_t due;
      std::uint64_t word = active_word_.load(std::memory_order_acquire);
      if (word != 0) {
        due = since_.load(std::memory_order_relaxed) + threshold_ns_;
        if (t > due) {
          if ((word & 1) == 0 && active_word_.compare_exchange_strong(word, word | 1, std::memory_order_acq_rel))
            ++watchdog_detections_;
          due = t + threshold_ns_;  // flagged (or already replaced): look again later
        }
      } else {
        std::int64_t alive = std::max(last_beat_.load(std::memory_order_relaxed) + interval_ns_,
                                      last_end_.load(std::memory_order_relaxed));
        due = alive + threshold_ns_;
        if (t > due) {
          std::int64_t expected = 0;
          if (loose_since_.compare_exchange_strong(expected, alive)) ++watchdog_detections_;
          due = t + threshold_ns_;
        }
      }
      // Capped, so that stop() is prompt even with a threshold of minutes.
      due = std::min(due, t + to_ns(std::chrono::milliseconds(50)));
      auto wake = clock::time_point(std::chrono::nanoseconds(due));
      std::this_thread::sleep_until(std::max(wake, clock::now() + min_gap));
    }
  }

  MonitorOptions opts_;
  std::int64_t threshold_ns_, interval_ns_, created_ns_;

  // Loop thread only.
  std::vector<RouteStats> routes_;
  std::deque<int> slots_;
  std::vector<int*> free_slots_;
  int depth_ = 0;
  bool active_ = false;
  int cur_route_ = -1;
  std::int64_t cur_since_ = 0;
  std::uint64_t seq_ = 0;
  std::uint64_t unmatched_ = 0, loose_stalls_ = 0;
  std::int64_t loose_stalled_ns_ = 0, loose_longest_ns_ = 0, last_loose_since_ = 0;
  std::uint64_t lag_samples_ = 0;
  std::int64_t lag_sum_ns_ = 0, lag_max_ns_ = 0;
  std::array<std::uint64_t, kLagBoundsUs.size() + 1> lag_buckets_{};
  std::optional<boost::asio::steady_timer> heartbeat_;

  // Shared with the watchdog. active_word_: 0 while no handler runs, else (segment seq << 1)
  // with bit 0 set once the watchdog has flagged the segment as a stall.
  std::atomic<std::uint64_t> active_word_{0};
  std::atomic<std::int64_t> since_{0};
  std::atomic<std::int64_t> last_beat_{0}, last_end_{0}, loose_since_{0};
  std::atomic<std::uint64_t> watchdog_detections_{0};
  std::atomic<bool> stop_watchdog_{false};
  std::thread watchdog_;
};

}  // namespace coroweb
