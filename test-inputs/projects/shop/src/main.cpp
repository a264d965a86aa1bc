#include "shop/handlers.h"

#include <iostream>

namespace asio = boost::asio;
using asio::ip::tcp;

asio::awaitable<void> serve(tcp::socket socket, asio::thread_pool &pool) {
  char request[1024];
  co_await socket.async_read_some(asio::buffer(request), asio::use_awaitable);
  co_await shop::warm_cache();
  std::string body = co_await shop::get_user(1) + co_await shop::get_report(pool);
  co_await asio::async_write(socket, asio::buffer(body), asio::use_awaitable);
}

asio::awaitable<void> listen(tcp::acceptor &acceptor, asio::thread_pool &pool) {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
    asio::co_spawn(acceptor.get_executor(), serve(std::move(socket), pool), asio::detached);
  }
}

int main() {
  asio::io_context io;
  asio::thread_pool pool(4);
  tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  asio::co_spawn(io, listen(acceptor, pool), asio::detached);
  std::cout << "listening on " << acceptor.local_endpoint() << "\n";
  io.run();
}
