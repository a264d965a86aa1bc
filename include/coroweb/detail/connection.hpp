// coroweb/detail/connection.hpp - one TCP connection's state, its deadline and its close.
//
// Timeouts use one timer per connection that fires rarely, instead of arming a timer per read
// or write as beast::tcp_stream does: moving a deadline later is a plain store, and only a
// deadline moved earlier than the armed one costs a cancel. The cost per request is a few
// clock reads, which matters on a keep-alive connection doing tens of thousands of requests.
//
// A deadline passing closes the connection, except while a request is being read: a client
// that started a request and is too slow with its head or body is told so with a 408 (RFC 9110
// 15.5.9), so the watcher only cancels the read and leaves the answer to the session.
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
  // idle: waiting for a request to start; reading: its head or body; draining: discarding
  // input after an error answer, before closing (see lingering_close).
  enum class State { idle, reading, handling, writing, draining, closed };
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
    expired = false;
    deadline = coarse_now() + timeout;
    if (deadline < armed) timer.cancel();  // the watcher re-arms for the earlier deadline
  }
  void phase_without_deadline(State s) {
    state = s;
    expired = false;
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
  bool expired = false;                 // the current phase's deadline passed
  State expired_in = State::closed;     // the phase whose deadline closed it (closed: none did)
  int* route_slot = nullptr;  // the monitor's slot for this connection, if monitoring
};

// How long the session has to answer 408 once a read was cancelled for lateness; a read that
// was already completing when cancelled may go on, and then this closes it instead.
inline constexpr std::chrono::milliseconds answer_grace{1000};

// Enforces the deadline until the connection closes: a late request read is cancelled (the
// session answers 408 and sees `expired`), anything else late is closed.
inline Task<void> watch_deadline(std::shared_ptr<Connection> c) {
  using State = Connection::State;
  while (c->state != State::closed) {
    c->armed = c->deadline;
    c->timer.expires_at(c->deadline);
    boost::system::error_code ec;
    co_await c->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (c->state == State::closed || Connection::clock::now() < c->deadline) continue;
    if (c->state == State::reading && !c->expired) {
      c->expired = true;
      c->deadline = Connection::coarse_now() + answer_grace;
      c->socket.cancel(ec);
    } else {
      c->expired_in = c->state;
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
  c->phase(Connection::State::draining, linger);
  char scratch[4096];
  std::size_t drained = 0;
  while (!ec && c->state != Connection::State::closed && drained < (1u << 20))
    drained += co_await c->socket.async_read_some(
        asio::buffer(scratch), asio::bind_executor(loop, asio::redirect_error(asio::use_awaitable, ec)));
  c->close();
}

}  // namespace coroweb::detail
