// EXPECT-NONE
// Locks released before the coroutine suspends, or that never meet a suspension.
#include <boost/asio.hpp>
#include <mutex>
#include <string>
#include <thread>

namespace asio = boost::asio;

std::mutex m;
int counter = 0;

asio::awaitable<void> inner_block(asio::steady_timer &t) {
  {
    std::lock_guard lock(m);
    ++counter;
  }
  co_await t.async_wait(asio::use_awaitable);
}

asio::awaitable<void> unlocked_first(asio::steady_timer &t) {
  std::unique_lock lock(m);
  ++counter;
  lock.unlock();
  co_await t.async_wait(asio::use_awaitable);
}

asio::awaitable<void> after_last_await(asio::steady_timer &t) {
  co_await t.async_wait(asio::use_awaitable);
  std::lock_guard lock(m);
  ++counter;
}

asio::awaitable<void> in_a_thread(asio::steady_timer &t) {
  std::thread([] { std::lock_guard lock(m); ++counter; }).join();
  co_await t.async_wait(asio::use_awaitable);
}

asio::awaitable<void> executor_does_not_suspend() {
  std::lock_guard lock(m);
  auto ex = co_await asio::this_coro::executor;     // hands back the executor, no suspension
  (void)ex;
}

asio::awaitable<void> not_a_lock(asio::steady_timer &t) {
  std::string name = "held across";
  co_await t.async_wait(asio::use_awaitable);
  name += "!";
}

namespace mine {
template <class M> struct lock_guard { explicit lock_guard(M &) {} }; // not std::lock_guard
} // namespace mine

asio::awaitable<void> lookalike(asio::steady_timer &t) {
  mine::lock_guard<std::mutex> guard(m);
  co_await t.async_wait(asio::use_awaitable);
}

asio::awaitable<int> no_await() {
  std::lock_guard lock(m);
  co_return ++counter;
}

void plain() {
  std::lock_guard lock(m);
  ++counter;
}
