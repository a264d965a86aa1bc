// Coroutines that never suspend but compute: each holds the event loop for all of its work.
#include <algorithm>
#include <boost/asio.hpp>
#include <coroweb/coroweb.hpp>
#include <cppcoro/task.hpp>
#include <drogon/drogon.h>
#include <regex>
#include <vector>

namespace asio = boost::asio;

coroweb::Task<coroweb::Response> report(std::vector<int> rows) { // EXPECT: needless-coroutine {{coroutine 'report' never suspends but computes ('std::sort')}} {{make it a plain handler returning coroweb::Response}}
  std::sort(rows.begin(), rows.end());
  co_return coroweb::Response::json({{"first", rows.front()}});
}

void routes(coroweb::App &app) {
  app.get("/sum", []() -> coroweb::Task<coroweb::Response> { // EXPECT: needless-coroutine {{coroutine 'lambda at positives.cpp:18 in 'routes'' never suspends but computes (a loop at line 20)}}
    long total = 0;
    for (int i = 0; i < 1000; ++i)
      total += i;
    co_return coroweb::Response::json({{"total", total}});
  });
}

asio::awaitable<long> checksum(const std::vector<char> &data) { // EXPECT: needless-coroutine {{make it a plain function}}
  long sum = 0;
  for (char c : data)
    sum += c;
  co_return sum;
}

asio::awaitable<int> count_down(int n) { // EXPECT: needless-coroutine {{a loop}}
  while (n > 0)
    --n;
  co_return n;
}

asio::awaitable<bool> valid_email(std::string s) { // EXPECT: needless-coroutine {{'std::regex_match'}}
  static const std::regex pattern("[^@]+@[^@]+");
  co_return std::regex_match(s, pattern);
}

// Awaiting the executor does not suspend: this coroutine still never gives the loop back.
asio::awaitable<int> with_executor(std::vector<int> v) { // EXPECT: needless-coroutine {{never suspends but computes}}
  auto ex = co_await asio::this_coro::executor;
  (void)ex;
  std::stable_sort(v.begin(), v.end());
  co_return v.back();
}

cppcoro::task<int> fib(int n) { // EXPECT: needless-coroutine {{'fib'}} {{make it a plain function}}
  int a = 0, b = 1;
  for (int i = 0; i < n; ++i)
    a = std::exchange(b, a + b);
  co_return a;
}

drogon::Task<int> drogon_count(std::vector<int> v) { // EXPECT: needless-coroutine {{drogon::queueInLoopCoro}}
  int odd = 0;
  for (int x : v)
    odd += x % 2;
  co_return odd;
}

struct Service {
  asio::awaitable<int> max_of(std::vector<int> v) { // EXPECT: needless-coroutine {{'Service::max_of'}}
    co_return *std::max_element(v.begin(), v.end()) + [&] { int m = 0; for (int x : v) m += x; return m; }();
  }
};
