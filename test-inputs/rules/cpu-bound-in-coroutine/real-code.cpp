// Patterns of real code: test-framework assertions expand to `do { ... } while (0)`, which runs
// once; a loop that suspends on every iteration gives the event loop back each time. What
// runs between suspensions is still judged: a nested loop that never suspends.
#include <boost/asio.hpp>
#include <vector>

namespace asio = boost::asio;

bool check_failed(bool ok);
#define CHECK(cond) do { if (!(cond)) check_failed(false); } while (0)

asio::awaitable<int> next_value();

asio::awaitable<void> assertions(std::vector<int> values) {
  co_await next_value();
  for (int v : values)
    CHECK(v >= 0);                 // one loop, its body an assertion: not nested loops
  CHECK(values.size() < 10);
}

asio::awaitable<void> pump(std::vector<std::vector<int>> batches) {
  for (auto &batch : batches) {    // suspends each round
    for (int v : batch)
      co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
    (void)batch;
  }
  while (int v = co_await next_value())  // suspends in its condition each round
    for (int i = 0; i < v; ++i)
      check_failed(i > 0);
}

asio::awaitable<void> mixed(std::vector<std::vector<int>> grid) {
  co_await next_value();
  for (auto &row : grid) {
    co_await next_value();
    for (auto &a : grid)          // EXPECT: cpu-bound-in-coroutine {{nested loops over input data}}
      for (int b : a)
        check_failed(b == row.size());
  }
}
