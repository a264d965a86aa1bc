// Synchronous Boost.Asio and Beast operations block the loop they are called from.
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
  auto endpoints = resolver.resolve("backend", "80"); // EXPECT: blocking-call-in-coroutine {{'boost::asio::ip::basic_resolver::resolve'}} {{async_resolve}}
  asio::connect(upstream, endpoints);   // EXPECT: blocking-call-in-coroutine {{'boost::asio::connect'}}
  upstream.connect(*endpoints.begin()); // EXPECT: blocking-call-in-coroutine {{'boost::asio::basic_socket::connect'}}
  size_t n = client.read_some(asio::buffer(data)); // EXPECT: blocking-call-in-coroutine {{'boost::asio::basic_stream_socket::read_some'}}
  upstream.write_some(asio::buffer(data, n)); // EXPECT: blocking-call-in-coroutine {{write_some}}
  upstream.send(asio::buffer(data, n)); // EXPECT: blocking-call-in-coroutine {{'boost::asio::basic_stream_socket::send'}}
  upstream.receive(asio::buffer(data)); // EXPECT: blocking-call-in-coroutine {{receive}}
  asio::read(client, asio::buffer(data, 4)); // EXPECT: blocking-call-in-coroutine {{'boost::asio::read'}}
  asio::write(client, asio::buffer(data, 4)); // EXPECT: blocking-call-in-coroutine {{'boost::asio::write'}}
  std::string line;
  asio::read_until(client, asio::dynamic_buffer(line), '\n'); // EXPECT: blocking-call-in-coroutine {{'boost::asio::read_until'}}
  boost::system::error_code ec;
  client.read_some(asio::buffer(data), ec); // EXPECT: blocking-call-in-coroutine {{read_some}}
  tcp::socket next = acceptor.accept(); // EXPECT: blocking-call-in-coroutine {{'boost::asio::basic_socket_acceptor::accept'}}
  co_return;
}

asio::awaitable<void> wait_and_run(asio::io_context &io) {
  asio::steady_timer timer(io, std::chrono::seconds(1));
  timer.wait();                         // EXPECT: blocking-call-in-coroutine {{'boost::asio::basic_waitable_timer::wait'}} {{async_wait}}
  io.run_one();                         // EXPECT: blocking-call-in-coroutine {{'boost::asio::io_context::run_one'}}
  io.run_for(std::chrono::milliseconds(5)); // EXPECT: blocking-call-in-coroutine {{run_for}}
  io.run();                             // EXPECT: blocking-call-in-coroutine {{'boost::asio::io_context::run'}}
  co_return;
}

asio::awaitable<void> beast_sync(boost::beast::tcp_stream &stream) {
  boost::beast::flat_buffer buffer;
  http::request<http::string_body> req;
  http::read(stream, buffer, req);      // EXPECT: blocking-call-in-coroutine {{'boost::beast::http::read'}}
  http::response<http::string_body> res;
  http::write(stream, res);             // EXPECT: blocking-call-in-coroutine {{'boost::beast::http::write'}}
  co_return;
}
