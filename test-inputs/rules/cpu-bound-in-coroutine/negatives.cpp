// EXPECT-NONE
// Small or linear work, work on a pool, and coroutines this rule leaves to others.
#include <algorithm>
#include <boost/asio.hpp>
#include <regex>
#include <thread>
#include <vector>

namespace asio = boost::asio;

namespace mylib {
template <class It> void sort(It, It) {}   // a project's own sort: not std::sort
} // namespace mylib

asio::awaitable<int> small(asio::steady_timer &timer, std::vector<int> v) {
  co_await timer.async_wait(asio::use_awaitable);
  int x = 0;
  for (int i = 0; i < 100; ++i)          // a small bounded loop
    x += i;
  for (int y : v)                        // one pass over the input: linear, normal
    x += y;
  for (int y : v)                        // the inner loop is small and constant: still linear
    for (int k = 0; k < 3; ++k)
      x += y * k;
  mylib::sort(v.begin(), v.end());
  co_return x;
}

asio::awaitable<int> on_pool(asio::thread_pool &pool, std::vector<int> v) {
  co_await asio::post(pool, asio::use_awaitable);  // hopped onto the pool: what follows runs there
  std::sort(v.begin(), v.end());
  for (long i = 0; i < 10'000'000; ++i)
    v[0] += 1;
  co_return v[0];
}

asio::awaitable<void> handed_off(asio::thread_pool &pool, std::vector<int> v, asio::steady_timer &timer) {
  asio::post(pool, [v]() mutable { std::sort(v.begin(), v.end()); });
  std::thread([] { std::regex r("x+"); }).detach();
  co_await timer.async_wait(asio::use_awaitable);
}

// Never suspends: all of it is CPU work, needless-coroutine reports it.
asio::awaitable<int> never_suspends(std::vector<int> v) {
  std::sort(v.begin(), v.end());
  co_return v.front();
}

// A plain function may compute.
int plain(std::vector<int> v) {
  std::sort(v.begin(), v.end());
  for (long i = 0; i < 10'000'000; ++i)
    v[0] ^= 1;
  return v[0];
}
