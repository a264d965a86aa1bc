// OPTIONS: {"LoopThreshold": 1000}
#include <boost/asio.hpp>

namespace asio = boost::asio;

asio::awaitable<int> busy(asio::steady_timer &timer) {
  co_await timer.async_wait(asio::use_awaitable);
  int x = 0;
  for (int i = 0; i < 5000; ++i)   // EXPECT: cpu-bound-in-coroutine {{a loop of 5000 iterations}}
    x += i;
  for (int i = 0; i < 999; ++i)    // under the threshold
    x -= i;
  co_return x;
}
