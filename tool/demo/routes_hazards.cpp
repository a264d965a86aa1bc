// Harms that are not (only) a stall: a lock held across a suspension, and a task dropped on the
// floor.
#include <atomic>
#include <mutex>

#include "demo.hpp"

namespace demo {
namespace {

using coroweb::Response;
using coroweb::Task;

// --- lock-across-suspension ---
// The bad route holds the lock while it sleeps. A second request on the same loop then waits for
// the mutex on the loop thread, so the holder can never resume to release it: a deadlock. The
// wait is bounded (2 x block()) so that the demo answers 503 instead of hanging.
std::timed_mutex stock_mutex;
int stock_version = 0;
Task<Response> bad_lock() {
  std::unique_lock<std::timed_mutex> lock(stock_mutex, 2 * block());
  if (!lock.owns_lock()) co_return Response::error(503, "lock wait timed out: its holder could not run");
  co_await coroweb::sleep(block());  // an upstream call, say, with the lock held
  int version = ++stock_version;
  co_return Response::json({{"case", "lock"}, {"version", version}});
}
// The fixed route keeps the critical sections short and never suspends inside one.
std::mutex fixed_stock_mutex;
int fixed_stock_version = 0;
Task<Response> fixed_lock() {
  co_await coroweb::sleep(block());
  int version;
  {
    std::lock_guard lock(fixed_stock_mutex);
    version = ++fixed_stock_version;
  }
  co_return Response::json({{"case", "lock"}, {"version", version}});
}

// --- discarded-task: the side effect is a visit counter ---
std::atomic<int> dropped_visits{0}, awaited_visits{0};
Task<void> record_visit(std::atomic<int>& counter) {
  ++counter;
  co_return;
}
Task<Response> bad_dropped() {
  (void)record_visit(dropped_visits);  // creates the task and throws it away: it never runs
  co_return Response::json({{"case", "dropped"}});
}
Task<Response> fixed_dropped() {
  co_await record_visit(awaited_visits);
  co_return Response::json({{"case", "dropped"}});
}
Response counters() {
  return Response::json({{"bad", dropped_visits.load()}, {"fixed", awaited_visits.load()}});
}

}  // namespace

void add_hazard_routes(coroweb::App& app) {
  app.get("/bad/lock", bad_lock);
  app.get("/fixed/lock", fixed_lock);
  app.get("/bad/dropped", bad_dropped);
  app.get("/fixed/dropped", fixed_dropped);
  app.get("/_demo/counter", counters);
}

}  // namespace demo
