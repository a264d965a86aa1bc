// Lambdas handed to something else run elsewhere; lambdas the coroutine calls run in it.
#include <boost/asio.hpp>
#include <future>
#include <thread>
#include <unistd.h>

namespace asio = boost::asio;
using namespace std::chrono_literals;

// A project's own offload helper, like coroweb::offload.
template <class F> asio::awaitable<void> offload(asio::thread_pool &pool, F f) {
  co_await asio::post(pool, asio::use_awaitable);
  f();
}

asio::awaitable<void> handed_off(asio::thread_pool &pool) {
  std::thread worker([] { sleep(1); }); // runs on its own thread
  worker.detach();
  asio::post(pool, [] { std::this_thread::sleep_for(1s); }); // runs on the pool
  co_await offload(pool, [] { usleep(10); }); // runs on the pool
  auto job = [] { usleep(20); };        // stored, then handed off: never called here
  co_await offload(pool, job);
  auto fut = std::async(std::launch::async, [] { sleep(2); return 1; });
  co_return;
}

asio::awaitable<void> called_here() {
  [] { sleep(1); }();                   // EXPECT: blocking-call-in-coroutine {{'sleep' in coroutine 'called_here'}}
  auto nap = [](int s) { usleep(s); };  // EXPECT: blocking-call-in-coroutine {{'usleep'}}
  nap(10);
  nap(20);                              // one finding per blocking call, however often it is called
  auto outer = [&] { nap(5); };
  outer();
  auto generic = [](auto d) { std::this_thread::sleep_for(d); }; // EXPECT: blocking-call-in-coroutine {{sleep_for}}
  generic(1ms);
  co_return;
}
