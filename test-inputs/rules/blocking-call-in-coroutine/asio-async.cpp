// EXPECT-NONE
// The asynchronous forms of the same operations, given a completion token, do not block.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

asio::awaitable<void> proxy(tcp::socket &client, tcp::socket &upstream, tcp::acceptor &acceptor) {
  char data[1024];
  auto ex = co_await asio::this_coro::executor;
  tcp::resolver resolver(ex);
  auto endpoints = co_await resolver.async_resolve("backend", "80", asio::use_awaitable);
  co_await asio::async_connect(upstream, endpoints, asio::use_awaitable);
  size_t n = co_await client.async_read_some(asio::buffer(data), asio::use_awaitable);
  co_await asio::async_write(upstream, asio::buffer(data, n), asio::use_awaitable);
  std::string line;
  co_await asio::async_read_until(client, asio::dynamic_buffer(line), '\n', asio::use_awaitable);
  auto [ec, m] = co_await client.async_read_some(asio::buffer(data), asio::as_tuple(asio::use_awaitable));
  tcp::socket next = co_await acceptor.async_accept(asio::use_awaitable);
  asio::steady_timer timer(ex, std::chrono::seconds(1));
  co_await timer.async_wait(asio::use_awaitable);
  asio::post(ex, [] {});                // posting work never blocks
  co_await asio::post(ex, asio::use_awaitable);
  co_await asio::dispatch(ex, asio::use_awaitable);
}

asio::awaitable<void> beast_async(boost::beast::tcp_stream &stream) {
  boost::beast::flat_buffer buffer;
  http::request<http::string_body> req;
  co_await http::async_read(stream, buffer, req, asio::use_awaitable);
  http::response<http::string_body> res;
  co_await http::async_write(stream, res, asio::use_awaitable);
  stream.expires_after(std::chrono::seconds(30));
}
