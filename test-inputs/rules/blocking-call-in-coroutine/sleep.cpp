// Sleeps in coroutines: std::this_thread, POSIX and C.
#include <boost/asio.hpp>
#include <thread>
#include <time.h>
#include <unistd.h>

namespace asio = boost::asio;
using namespace std::chrono_literals;

asio::awaitable<void> get_user() {
  std::this_thread::sleep_for(100ms); // EXPECT: blocking-call-in-coroutine {{'std::this_thread::sleep_for' in coroutine 'get_user'; use 'co_await timer.async_wait(asio::use_awaitable)'}}
  std::this_thread::sleep_until(std::chrono::steady_clock::now() + 1s); // EXPECT: blocking-call-in-coroutine {{sleep_until}}
  co_return;
}

asio::awaitable<int> poll_status() {
  sleep(1);                        // EXPECT: blocking-call-in-coroutine {{'sleep'}}
  usleep(1000);                    // EXPECT: blocking-call-in-coroutine {{'usleep'}}
  timespec ts{0, 1000};
  nanosleep(&ts, nullptr);         // EXPECT: blocking-call-in-coroutine {{'nanosleep'}}
  clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, nullptr); // EXPECT: blocking-call-in-coroutine {{'clock_nanosleep'}}
  co_return 0;
}

// The asynchronous way: nothing to report.
asio::awaitable<void> get_user_async() {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_after(100ms);
  co_await timer.async_wait(asio::use_awaitable);
}

// A plain function may sleep: it does not run on the loop as a coroutine.
void retry_later() { std::this_thread::sleep_for(10ms); }
