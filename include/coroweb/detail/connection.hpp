// coroweb/detail/connection.hpp - one TCP connection's state, its deadline and its close.
//
// Timeouts use one timer per connection that fires rarely, instead of arming a timer per read
// or write as beast::tcp_stream does: moving a deadline later is a plain store, and only a
// deadline moved earlier than the armed one costs a cancel. The cost per request is a few
// clock reads, which matters on a keep-alive connection doing tens of thousands of requests.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>

#include <time.h>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "../async.hpp"

namespace coroweb::detail {

struct Connection {
  enum class State { idle, reading, handling, writing, closed };
  using clock = std::chrono::steady_clock;

  // Deadlines are seconds long: the kernel's coarse clock (a few ms resolution, same epoch as
  // steady_clock on Linux) is plenty and costs a fraction of a precise read.
  static clock::time_point coarse_now() noexcept {
#if defined(__linux__) && defined(CLOCK_MONOTONIC_COARSE)
    timespec ts;
    ::clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return clock::time_point(std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec));
#else
    return clock::now();
#endif
  }

  explicit Connection(asio::ip::tcp::socket s) : socket(std::move(s)), timer(socket.get_executor()) {}

  // Arms the deadline for the next phase; `never` while a handler runs (a handler is allowed
  // to be slow; it is the client that must not be).
  void phase(State s, std::chrono::milliseconds timeout) {
    state = s;
    deadline = coarse_now() + timeout;
    if (deadline < armed) timer.cancel();  // the watcher re-arms for the earlier deadline
  }
  void phase_without_deadline(State s) {
    state = s;
    deadline = clock::time_point::max();
  }

  void close() {
    if (state == State::closed) return;
    state = State::closed;
    boost::system::error_code ignored;
    socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
    timer.cancel();
  }

  asio::ip::tcp::socket socket;
  asio::steady_timer timer;
  clock::time_point deadline = clock::time_point::max();
  clock::time_point armed = clock::time_point::max();
  State state = State::idle;
  bool timed_out = false;
  int* route_slot = nullptr;  // the monitor's slot for this connection, if monitoring
};

// Closes the connection when its deadline passes; ends when the connection closes.
inline Task<void> watch_deadline(std::shared_ptr<Connection> c) {
  while (c->state != Connection::State::closed) {
    c->armed = c->deadline;
    c->timer.expires_at(c->deadline);
    boost::system::error_code ec;
    co_await c->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (c->state != Connection::State::closed && Connection::clock::now() >= c->deadline) {
      c->timed_out = true;
      c->close();
    }
  }
}

// After an error response, stop sending but keep reading (and discarding) for a moment: closing
// with unread request bytes makes the kernel send RST, which can destroy the response before
// the client has read it.
inline Task<void> lingering_close(std::shared_ptr<Connection> c, std::chrono::milliseconds linger,
                                  asio::io_context::executor_type loop) {
  boost::system::error_code ec;
  c->socket.shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  c->phase(Connection::State::reading, linger);
  char scratch[4096];
  std::size_t drained = 0;
  while (!ec && c->state != Connection::State::closed && drained < (1u << 20))
    drained += co_await c->socket.async_read_some(
        asio::buffer(scratch), asio::bind_executor(loop, asio::redirect_error(asio::use_awaitable, ec)));
  c->close();
}

}  // namespace coroweb::detail
