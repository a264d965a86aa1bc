// EXPECT-NONE
#include <boost/asio.hpp>
#include <thread>

namespace asio = boost::asio;

asio::awaitable<void> tick(asio::steady_timer &timer) {
  timer.expires_after(std::chrono::milliseconds(10));
  co_await timer.async_wait(asio::use_awaitable);
}

int main() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1)); // not in a coroutine
  asio::io_context io;
  asio::steady_timer timer(io);
  asio::co_spawn(io, tick(timer), asio::detached);
  io.run();
}
