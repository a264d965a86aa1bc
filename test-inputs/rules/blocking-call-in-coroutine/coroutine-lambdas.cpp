// Lambdas that are coroutines themselves are checked as coroutines, and named after the
// function they are written in.
#include <boost/asio.hpp>
#include <thread>
#include <unistd.h>

namespace asio = boost::asio;
using namespace std::chrono_literals;

void register_routes(asio::io_context &io) {
  auto handler = []() -> asio::awaitable<void> {
    std::this_thread::sleep_for(1s);    // EXPECT: blocking-call-in-coroutine {{in coroutine 'lambda at coroutine-lambdas.cpp:11 in 'register_routes''}}
    co_return;
  };
  asio::co_spawn(io, handler, asio::detached);
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    usleep(5);                          // EXPECT: blocking-call-in-coroutine {{'usleep'}}
    co_await asio::post(io, asio::use_awaitable);
  }, asio::detached);
  // A generic coroutine lambda is checked in each instantiation, reported once.
  auto generic = [](auto ms) -> asio::awaitable<void> {
    std::this_thread::sleep_for(ms);    // EXPECT: blocking-call-in-coroutine {{sleep_for}}
    co_return;
  };
  asio::co_spawn(io, generic(1ms), asio::detached);
  asio::co_spawn(io, generic(2ms), asio::detached);
}

// A coroutine that awaits a nested coroutine lambda: the nested one is its own coroutine, so
// its sleep is reported there (once), not as the outer coroutine's.
asio::awaitable<void> outer() {
  co_await []() -> asio::awaitable<void> {
    sleep(1);                           // EXPECT: blocking-call-in-coroutine {{lambda at coroutine-lambdas.cpp:32 in 'outer'}}
    co_return;
  }();
}

// A plain lambda (not a coroutine) that is never called in a coroutine: nothing to report.
void plain_lambda() {
  auto f = [] { sleep(1); };
  f();
}
