// EXPECT-NONE
// Coroutines that suspend, that do nothing costly, or whose signature is not theirs to choose.
#include <algorithm>
#include <boost/asio.hpp>
#include <coroweb/coroweb.hpp>
#include <cppcoro/task.hpp>
#include <vector>

namespace asio = boost::asio;
using namespace std::chrono_literals;

// Trivial: reported only with Pedantic.
coroweb::Task<coroweb::Response> ping() { co_return coroweb::Response::json({{"message", "pong"}}); }

// Suspends, then computes: cpu-bound-in-coroutine's business, not this rule's.
coroweb::Task<coroweb::Response> later(std::vector<int> v) {
  co_await coroweb::sleep(10ms);
  std::sort(v.begin(), v.end());
  co_return coroweb::Response::json({{"n", v.size()}});
}

// A plain handler that computes: it runs on the worker pool, as it should.
coroweb::Response plain_report(std::vector<int> v) {
  std::sort(v.begin(), v.end());
  return coroweb::Response::json({{"n", v.size()}});
}

// Overrides and virtuals: the signature belongs to the interface.
struct Handler {
  virtual ~Handler() = default;
  virtual asio::awaitable<int> handle(std::vector<int> v) {
    int n = 0;
    for (int x : v)
      n += x;
    co_return n;
  }
};
struct Counting : Handler {
  asio::awaitable<int> handle(std::vector<int> v) override {
    co_return static_cast<int>(std::count(v.begin(), v.end(), 0)) + [&] { int s = 0; for (int x : v) s += x; return s; }();
  }
};

// The work runs on a pool: the coroutine suspends while it does.
asio::awaitable<int> offloaded(asio::thread_pool &pool, std::vector<int> v) {
  co_await asio::post(pool, asio::use_awaitable);
  std::sort(v.begin(), v.end());
  co_return v.front();
}

// A lambda that is only created (and handed on) is not this coroutine's work.
asio::awaitable<void> hands_off(asio::thread_pool &pool, std::vector<int> v) {
  asio::post(pool, [v]() mutable { std::sort(v.begin(), v.end()); });
  co_return;
}

// A generator suspends at every co_yield.
struct Ints {
  struct promise_type {
    Ints get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int) { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
Ints numbers(int n) {
  for (int i = 0; i < n; ++i)
    co_yield i;
}

// Awaits another coroutine: suspends.
cppcoro::task<int> child() { co_return 1; }
cppcoro::task<int> parent() {
  int total = 0;
  for (int i = 0; i < 3; ++i)
    total += co_await child();
  co_return total;
}
