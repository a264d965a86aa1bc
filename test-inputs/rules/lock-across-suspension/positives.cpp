// Locks alive across a suspension point.
#include <boost/asio.hpp>
#include <mutex>
#include <shared_mutex>

namespace asio = boost::asio;

std::mutex m;
std::shared_mutex rw;
std::recursive_mutex rm;

asio::awaitable<void> guard(asio::steady_timer &t) {
  std::lock_guard lock(m);                          // EXPECT: lock-across-suspension {{lock 'lock' is held across a suspension in coroutine 'guard'}}
  co_await t.async_wait(asio::use_awaitable);
}

asio::awaitable<void> unique(asio::steady_timer &t) {
  std::unique_lock<std::mutex> held(m);             // EXPECT: lock-across-suspension {{lock 'held'}}
  int x = 1;
  (void)x;
  co_await t.async_wait(asio::use_awaitable);
}

asio::awaitable<void> scoped(asio::steady_timer &t) {
  std::scoped_lock both(m, rm);                     // EXPECT: lock-across-suspension {{'both'}}
  co_await t.async_wait(asio::use_awaitable);
}

asio::awaitable<int> shared(asio::steady_timer &t) {
  std::shared_lock reader(rw);                      // EXPECT: lock-across-suspension {{'reader'}}
  co_await t.async_wait(asio::use_awaitable);
  co_return 1;
}

asio::awaitable<void> nested(asio::steady_timer &t, bool refresh) {
  std::lock_guard lock(m);                          // EXPECT: lock-across-suspension {{'lock'}}
  if (refresh) {
    co_await t.async_wait(asio::use_awaitable);     // held here, in an inner block
  }
}

asio::awaitable<void> relocked(asio::steady_timer &t) {
  std::unique_lock lock(m);                         // EXPECT: lock-across-suspension {{'lock'}}
  lock.unlock();
  co_await t.async_wait(asio::use_awaitable);       // fine: released
  lock.lock();
  co_await t.async_wait(asio::use_awaitable);       // held again
}

asio::awaitable<void> in_loop(asio::steady_timer &t) {
  for (int i = 0; i < 3; ++i) {
    std::lock_guard lock(m);                        // EXPECT: lock-across-suspension {{'lock'}}
    co_await t.async_wait(asio::use_awaitable);
  }
}

struct Gen {
  struct promise_type {
    Gen get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int) { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
Gen produce() {
  std::lock_guard lock(m);                          // EXPECT: lock-across-suspension {{'lock'}}
  co_yield 1;
}
