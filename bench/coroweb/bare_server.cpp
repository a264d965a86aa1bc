// The benchmark's baseline: the smallest honest Beast coroutine server, shaped like Beast's own
// example (example/http/server/awaitable): one thread, one coroutine per connection,
// beast::tcp_stream with a 30 s expiry per request, http::async_read / async_write, keep-alive.
// Every request gets {"message":"pong"} - it knows no routes, limits, pool or monitor.
//
//   coroweb-bare-server [--port N] [--no-timeout]      (--port 0, the default, picks a free port)
#include <charconv>
#include <chrono>
#include <cstdio>
#include <string_view>

#include <boost/asio.hpp>
#include <boost/beast.hpp>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

static bool use_timeout = true;

asio::awaitable<void> session(beast::tcp_stream stream) {
  beast::flat_buffer buffer;
  for (;;) {
    if (use_timeout) stream.expires_after(std::chrono::seconds(30));
    http::request<http::string_body> req;
    beast::error_code ec;
    co_await http::async_read(stream, buffer, req, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    http::response<http::string_body> res{http::status::ok, req.version()};
    res.set(http::field::server, "bare");
    res.set(http::field::content_type, "application/json");
    res.body() = R"({"message":"pong"})";
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !res.keep_alive()) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> listen(tcp::acceptor& acceptor) {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
    socket.set_option(tcp::no_delay(true));
    asio::co_spawn(acceptor.get_executor(), session(beast::tcp_stream(std::move(socket))), asio::detached);
  }
}

int main(int argc, char** argv) {
  unsigned port = 0;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--no-timeout") {
      use_timeout = false;
    } else if (a == "--port" && i + 1 < argc) {
      std::string_view v = argv[++i];
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), port);
      if (ec != std::errc() || end != v.data() + v.size() || port > 65535) {
        std::fprintf(stderr, "coroweb-bare-server: invalid port '%s'\n", argv[i]);
        return 2;
      }
    } else {
      std::fprintf(stderr, "coroweb-bare-server: unknown argument '%s'\n", argv[i]);
      return 2;
    }
  }
  asio::io_context ioc{1};
  tcp::acceptor acceptor(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  std::printf("coroweb-bare-server: listening on http://127.0.0.1:%u\n", unsigned(acceptor.local_endpoint().port()));
  std::fflush(stdout);
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](auto, int) { ioc.stop(); });
  asio::co_spawn(ioc, listen(acceptor), asio::detached);
  ioc.run();
}
