// The package test's outside project: a coroweb app with one coroutine route on a free port,
// asked once over HTTP. Prints the answer's body; exit status 0 when it is the expected one.
#include <cstdio>
#include <string>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <coroweb/coroweb.hpp>

namespace http = boost::beast::http;

int main() {
  coroweb::Options opts;
  opts.port = 0;  // any free port: tests run in parallel
  opts.handle_signals = false;
  coroweb::App app(opts);
  app.get("/hello/{name}", [](coroweb::Request& req) -> coroweb::Task<coroweb::Response> {
    co_await coroweb::sleep(std::chrono::milliseconds(1));
    co_return coroweb::Response::json({{"hello", req.param("name")}});
  });
  app.listen();
  std::thread loop([&] { app.run(); });

  std::string body;
  try {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::socket socket(ioc);
    boost::asio::connect(socket, boost::asio::ip::tcp::resolver(ioc).resolve("127.0.0.1", std::to_string(app.port())));
    http::request<http::empty_body> request(http::verb::get, "/hello/package", 11);
    request.set(http::field::host, "127.0.0.1");
    http::write(socket, request);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(socket, buffer, response);
    body = response.body();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "consumer: request failed: %s\n", e.what());
  }
  app.stop();
  loop.join();
  std::printf("%s\n", body.c_str());
  return body == R"({"hello":"package"})" ? 0 : 1;
}
