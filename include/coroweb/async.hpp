// coroweb/async.hpp - what a coroutine handler may await instead of blocking the loop.
//
//   co_await coroweb::sleep(1s);                          // asyncio.sleep
//   auto n = co_await coroweb::offload([] { return crunch(); });   // run_in_threadpool
//   auto text = co_await coroweb::read_file("data.txt");   // file read on the pool
//   auto r = co_await coroweb::http_get("http://127.0.0.1:9000/x");  // non-blocking client
//
// g++ 12 bug: a temporary capturing lambda or brace-initialised aggregate inside a co_await
// expression is destroyed twice (heap corruption). Name it first, then move it in:
//   auto job = [path] { return parse(path); };  auto r = co_await coroweb::offload(std::move(job));
// Captureless lambdas and ordinary temporaries (strings, durations) are not affected.
//
// coroweb::blocking:: holds the blocking twins of read_file and http_get, for plain handlers
// (which run on the worker pool) and for demonstrating what not to call inside a coroutine.
#pragma once

#include <chrono>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <sys/socket.h>
#include <sys/time.h>

namespace coroweb {

namespace asio = boost::asio;

// A coroutine handler returns Task<Response>: an Asio awaitable, so anything written for
// Asio's coroutines can be awaited in it.
template <class T = void>
using Task = asio::awaitable<T>;

namespace detail {
// The pool of the App whose event loop runs on this thread; set by App::run.
inline thread_local asio::thread_pool* current_pool = nullptr;
}  // namespace detail

// Suspends the calling coroutine; the loop serves others meanwhile.
template <class Rep, class Period>
Task<void> sleep(std::chrono::duration<Rep, Period> d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  co_await timer.async_wait(asio::use_awaitable);
}

// Runs `fn` on `pool` and resumes the caller on its own executor (so on the loop) with fn's
// result, or rethrows fn's exception there.
template <class F>
auto offload(asio::thread_pool::executor_type pool, F fn) -> Task<std::invoke_result_t<F&>> {
  using R = std::invoke_result_t<F&>;
  using Result = std::conditional_t<std::is_void_v<R>, bool, std::optional<R>>;
  auto result = co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(std::exception_ptr, Result)>(
      [pool](auto handler, F fn) {
        // Tracked work keeps the loop running while the job is on the pool (graceful shutdown).
        auto home = asio::prefer(asio::get_associated_executor(handler), asio::execution::outstanding_work.tracked);
        asio::post(pool, [handler = std::move(handler), fn = std::move(fn), home]() mutable {
          std::exception_ptr error;
          Result r{};
          try {
            if constexpr (std::is_void_v<R>) {
              fn();
              r = true;
            } else {
              r.emplace(fn());
            }
          } catch (...) {
            error = std::current_exception();
          }
          asio::post(home, [handler = std::move(handler), error, r = std::move(r)]() mutable {
            std::move(handler)(error, std::move(r));
          });
        });
      },
      asio::use_awaitable, std::move(fn));
  if constexpr (!std::is_void_v<R>) co_return std::move(*result);
}

// The same, on the worker pool of the App serving this request (FastAPI's run_in_threadpool).
template <class F>
auto offload(F fn) -> Task<std::invoke_result_t<F&>> {
  if (!detail::current_pool)
    throw std::logic_error("coroweb::offload(fn) called outside an App's event loop; pass a pool");
  return offload(detail::current_pool->get_executor(), std::move(fn));
}

struct ClientResponse {
  unsigned status = 0;
  std::string content_type;
  std::string body;
};

namespace detail {
struct Url {
  std::string host, port, target;
};
// Plain http:// only: enough to call a sibling service, and no TLS dependency.
inline Url parse_url(std::string_view url) {
  constexpr std::string_view scheme = "http://";
  if (url.substr(0, scheme.size()) != scheme)
    throw std::invalid_argument("coroweb::http_get: only http:// URLs are supported: " + std::string(url));
  url.remove_prefix(scheme.size());
  auto slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  Url u{std::string(authority), "80", slash == std::string_view::npos ? "/" : std::string(url.substr(slash))};
  if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    u.host = std::string(authority.substr(0, colon));
    u.port = std::string(authority.substr(colon + 1));
  }
  if (u.host.empty()) throw std::invalid_argument("coroweb::http_get: no host in URL");
  return u;
}
}  // namespace detail

namespace blocking {

// Reads a whole file on the calling thread. Fine in a plain handler (it runs on the pool);
// inside a coroutine, use coroweb::read_file.
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::system_error(std::make_error_code(std::errc::no_such_file_or_directory),
                                   "coroweb: cannot open " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

// A GET that blocks the calling thread for the whole exchange. Fine in a plain handler;
// inside a coroutine, use coroweb::http_get.
inline ClientResponse http_get(const std::string& url, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  namespace http = boost::beast::http;
  auto u = detail::parse_url(url);
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  asio::connect(socket, asio::ip::tcp::resolver(ioc).resolve(u.host, u.port));
  // Blocking socket calls have no Asio timeout; the kernel's socket timeouts bound them.
  timeval tv{static_cast<time_t>(timeout.count() / 1000), static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  http::request<http::empty_body> req{http::verb::get, u.target, 11};
  req.set(http::field::host, u.host);
  req.set(http::field::connection, "close");
  http::write(socket, req);
  boost::beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  http::read(socket, buffer, parser);
  auto& res = parser.get();
  return {res.result_int(), std::string(res[http::field::content_type]), std::move(res.body())};
}

}  // namespace blocking

// A file read that does not block the loop: the read runs on the worker pool, as in anyio.
// (Asio's own async files need io_uring, which Debian's Boost is built without.)
inline Task<std::string> read_file(std::filesystem::path path) {
  auto job = [path = std::move(path)] { return blocking::read_file(path); };  // named: see top
  co_return co_await offload(std::move(job));
}

// A GET to another server without blocking the loop. `timeout` bounds connect, write and read.
inline Task<ClientResponse> http_get(std::string url, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  namespace beast = boost::beast;
  namespace http = beast::http;
  auto u = detail::parse_url(url);
  auto ex = co_await asio::this_coro::executor;
  asio::ip::tcp::resolver resolver(ex);
  auto endpoints = co_await resolver.async_resolve(u.host, u.port, asio::use_awaitable);
  beast::tcp_stream stream(ex);
  stream.expires_after(timeout);
  co_await stream.async_connect(endpoints, asio::use_awaitable);
  http::request<http::empty_body> req{http::verb::get, u.target, 11};
  req.set(http::field::host, u.host);
  req.set(http::field::connection, "close");
  co_await http::async_write(stream, req, asio::use_awaitable);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
  beast::error_code ignored;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  auto& res = parser.get();
  co_return ClientResponse{res.result_int(), std::string(res[http::field::content_type]), std::move(res.body())};
}

}  // namespace coroweb
