#include "shop/handlers.h"

#include <future>

namespace shop {

asio::awaitable<std::string> get_user(int id) {
  std::this_thread::sleep_for(std::chrono::milliseconds(50)); // EXPECT: blocking-call-in-coroutine {{'std::this_thread::sleep_for' in coroutine 'shop::get_user'}}
  co_return "user " + std::to_string(id);
}

asio::awaitable<std::string> get_report(asio::thread_pool &pool) {
  // The slow part runs on the pool; the coroutine only waits for it without blocking.
  std::string report = co_await asio::co_spawn(
      pool, []() -> asio::awaitable<std::string> { co_return "report"; }, asio::use_awaitable);
  std::promise<int> done;
  std::future<int> pending = done.get_future();
  asio::post(pool, [&done] { done.set_value(1); });
  int ready = pending.get(); // EXPECT: blocking-call-in-coroutine {{'std::future::get'}}
  co_return report + std::to_string(ready);
}

} // namespace shop
