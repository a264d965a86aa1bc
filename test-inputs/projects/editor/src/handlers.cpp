// The coroutine the editor tests open: a sleep the rule can fix, and a blocking helper reached
// through another file (src/storage.cpp).
#include "mini_asio.hpp"
#include "storage.h"

#include <chrono>
#include <thread>

using namespace std::chrono_literals;

asio::awaitable<void> get_report() {
  asio::steady_timer timer(co_await asio::this_coro::executor, 1ms);
  co_await timer.async_wait(asio::use_awaitable);
  std::this_thread::sleep_for(100ms);
  std::string report = load_report();
  (void)report;
}
