// OPTIONS: {"Pedantic": true}
// With Pedantic, trivial coroutines that never suspend are reported too.
#include <boost/asio.hpp>
#include <coroweb/coroweb.hpp>

namespace asio = boost::asio;

coroweb::Task<coroweb::Response> ping() { co_return coroweb::Response::json({{"message", "pong"}}); } // EXPECT: needless-coroutine {{coroutine 'ping' never suspends; make it a plain handler}} {{allocated for nothing}}

asio::awaitable<int> answer() { co_return 42; } // EXPECT: needless-coroutine {{'answer' never suspends; make it a plain function}}

// Still not reported: it suspends.
asio::awaitable<int> suspends() {
  co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
  co_return 1;
}
