// CPU-heavy work between suspension points: it holds the loop while it runs.
#include <algorithm>
#include <boost/asio.hpp>
#include <coroweb/coroweb.hpp>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

namespace asio = boost::asio;
using namespace std::chrono_literals;

coroweb::Task<coroweb::Response> search(coroweb::Request &req) {
  std::string body = req.body();
  co_await coroweb::sleep(1ms);
  auto doc = nlohmann::json::parse(body);          // EXPECT: cpu-bound-in-coroutine {{CPU-heavy call to 'nlohmann::basic_json::parse' (json-parse) on the event loop in coroutine 'search'; move it off the event loop ('co_await coroweb::offload(...)')}}
  std::vector<int> ids = doc["ids"];
  std::sort(ids.begin(), ids.end());              // EXPECT: cpu-bound-in-coroutine {{'std::sort' (sorting)}}
  std::stable_sort(ids.begin(), ids.end());       // EXPECT: cpu-bound-in-coroutine {{'std::stable_sort'}}
  std::regex pattern(doc["pattern"].get<std::string>()); // EXPECT: cpu-bound-in-coroutine {{construction of 'std::regex' (regex)}}
  bool hit = std::regex_search(body, pattern);     // EXPECT: cpu-bound-in-coroutine {{'std::regex_search'}}
  co_return coroweb::Response::json({{"hit", hit}});
}

asio::awaitable<long> simulate(asio::steady_timer &timer) {
  co_await timer.async_wait(asio::use_awaitable);
  long x = 0;
  for (long i = 0; i < 5'000'000; ++i)             // EXPECT: cpu-bound-in-coroutine {{a loop of 5000000 iterations on the event loop in coroutine 'simulate'}} {{asio::post}}
    x += i % 7;
  co_return x;
}

asio::awaitable<int> pairs(std::vector<int> a, std::vector<int> b, asio::steady_timer &timer) {
  co_await timer.async_wait(asio::use_awaitable);
  int same = 0;
  for (int x : a)                                   // EXPECT: cpu-bound-in-coroutine {{nested loops over input data}}
    for (int y : b)
      same += x == y;
  std::size_t i = 0;
  while (i < a.size()) {                            // EXPECT: cpu-bound-in-coroutine {{nested loops}}
    for (std::size_t j = i; j < b.size(); ++j)
      same += a[i] == b[j];
    ++i;
  }
  co_return same;
}

// Bounds below the threshold matter only with a lower LoopThreshold: see threshold.cpp.
asio::awaitable<bool> matches(std::string s, asio::steady_timer &timer) {
  co_await timer.async_wait(asio::use_awaitable);
  co_return std::regex_match(s, std::regex("(a+)+b")); // EXPECT: cpu-bound-in-coroutine {{'std::regex_match'}}
}
