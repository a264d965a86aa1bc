// CPU work on the event loop: a coroutine that never suspends around a computation
// (needless-coroutine), and a coroutine that suspends but sorts on the loop between suspensions
// (cpu-bound-in-coroutine). Each takes about block() of CPU.
#include <algorithm>
#include <cstdint>

#include "demo.hpp"

namespace demo {
namespace {

using namespace std::chrono_literals;
using coroweb::Response;
using coroweb::Task;

// --- needless-coroutine: the same computation as a coroutine and as a plain handler ---
Task<Response> bad_needless() {
  std::uint64_t n = crunch_iterations(), acc = 88172645463325252ull;
  for (std::uint64_t i = 0; i < n; ++i) acc = (acc ^ (acc >> 29)) * 6364136223846793005ull + i;
  co_return Response::json({{"case", "needless"}, {"digest", acc}});
}
Response fixed_needless() {  // plain: coroweb runs it on the worker pool
  std::uint64_t n = crunch_iterations(), acc = 88172645463325252ull;
  for (std::uint64_t i = 0; i < n; ++i) acc = (acc ^ (acc >> 29)) * 6364136223846793005ull + i;
  return Response::json({{"case", "needless"}, {"digest", acc}});
}

// --- cpu-bound-in-coroutine: waits for its input, then sorts it ---
std::uint32_t sorted_median() {
  std::vector<std::uint32_t> values = random_values(sort_size());
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}
Task<Response> bad_cpu() {
  co_await coroweb::sleep(1ms);  // the input arrives
  std::vector<std::uint32_t> values = random_values(sort_size());
  std::sort(values.begin(), values.end());
  co_return Response::json({{"case", "cpu"}, {"median", values[values.size() / 2]}});
}
Task<Response> fixed_cpu() {
  co_await coroweb::sleep(1ms);
  std::uint32_t median = co_await coroweb::offload(sorted_median);
  co_return Response::json({{"case", "cpu"}, {"median", median}});
}

}  // namespace

void add_cpu_routes(coroweb::App& app) {
  app.get("/bad/needless", bad_needless);
  app.get("/fixed/needless", fixed_needless);
  app.get("/bad/cpu", bad_cpu);
  app.get("/fixed/cpu", fixed_cpu);
}

}  // namespace demo
