// Helpers in another file. fetch_inventory is the blocking helper reached through two calls:
// coroutine -> fetch_inventory -> query_inventory_db -> usleep (a database round trip, simulated).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <string>

#include "demo.hpp"

namespace demo {
namespace {

std::string query_inventory_db() {
  ::usleep(static_cast<useconds_t>(block().count() * 1000));
  return "42 widgets";
}

std::uint64_t crunch_iterations_ = 1'000'000;
std::size_t sort_size_ = 100'000;

template <class F>
double seconds_of(F&& f) {
  auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

std::string fetch_inventory() { return "inventory: " + query_inventory_db(); }

std::vector<std::uint32_t> random_values(std::size_t n) {
  std::mt19937 gen(12345);
  std::vector<std::uint32_t> v(n);
  for (auto& x : v) x = gen();
  return v;
}

std::uint64_t crunch_iterations() { return crunch_iterations_; }
std::size_t sort_size() { return sort_size_; }

// Sizes the CPU work so that it takes about block() on this machine.
void calibrate_cpu_work() {
  const double target = block().count() / 1000.0;
  volatile std::uint64_t sink = 0;
  std::uint64_t n = 2'000'000;
  double t = seconds_of([&] {
    std::uint64_t acc = 88172645463325252ull;
    for (std::uint64_t i = 0; i < n; ++i) acc = (acc ^ (acc >> 29)) * 6364136223846793005ull + i;
    sink = acc;
  });
  crunch_iterations_ = std::max<std::uint64_t>(1000, static_cast<std::uint64_t>(n * target / std::max(t, 1e-6)));
  std::size_t m = 200'000;
  t = seconds_of([&] {
    auto v = random_values(m);
    std::sort(v.begin(), v.end());
    sink = v[0];
  });
  sort_size_ = std::max<std::size_t>(1000, static_cast<std::size_t>(m * target / std::max(t, 1e-6)));
}

}  // namespace demo
