// A small blocking HTTP/1.1 client for the prover (it runs on its own threads, never in a
// coroutine). Reads and writes give up after a timeout, so a stuck server fails a case instead
// of hanging the proof.
#pragma once

#include <sys/socket.h>
#include <sys/time.h>

#include <chrono>
#include <string>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace demo::client {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Reply {
  unsigned status = 0;
  std::string body;
  double seconds = 0;  // from the call to the end of the answer
  std::string error;
  bool ok() const { return error.empty() && status == 200; }
};

class Conn {
 public:
  Conn(unsigned short port, std::chrono::milliseconds timeout) : socket_(ioc_) {
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    socket_.set_option(tcp::no_delay(true));
    timeval tv{static_cast<time_t>(timeout.count() / 1000), static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  }
  // Throws on any transport error.
  http::response<http::string_body> get(const std::string& target, bool keep_alive = true) {
    std::string req = "GET " + target + " HTTP/1.1\r\nHost: demo\r\n" + (keep_alive ? "" : "Connection: close\r\n") + "\r\n";
    asio::write(socket_, asio::buffer(req));
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    http::read(socket_, buffer_, parser);
    return parser.release();
  }

 private:
  asio::io_context ioc_;
  tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

// One GET on a fresh connection; never throws.
inline Reply get(unsigned short port, const std::string& target,
                 std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  Reply r;
  auto start = Clock::now();
  try {
    Conn c(port, timeout);
    auto res = c.get(target, false);
    r.status = res.result_int();
    r.body = res.body();
  } catch (const std::exception& e) {
    r.error = e.what();
  }
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return r;
}

}  // namespace demo::client
