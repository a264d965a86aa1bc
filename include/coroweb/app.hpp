// coroweb/app.hpp - the App: routes, one event loop, a worker pool, the monitor, the server.
//
// One thread runs the event loop (one io_context), as in FastAPI/uvicorn: coroutine handlers
// run there and must never block it. Plain handlers run on an asio::thread_pool. HTTP is Beast's
// parser and serializer, with limits on the request head and body, a deadline per phase and a
// cap on open connections.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <utility>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "async.hpp"
#include "detail/connection.hpp"
#include "detail/handler.hpp"
#include "detail/limits.hpp"
#include "detail/route_executor.hpp"
#include "http.hpp"
#include "monitor.hpp"
#include "router.hpp"

namespace coroweb {

struct Options {
  std::string host = "127.0.0.1";  // loopback unless told otherwise
  unsigned short port = 8000;      // 0: any free port (see App::port())
  std::size_t worker_threads = 40;  // FastAPI's (anyio's) default thread limiter
  std::uint32_t header_limit = 16 * 1024;  // request line + headers; more is 431
  std::uint64_t body_limit = 1024 * 1024;  // more is 413
  // Open connections served at once; past it a new one is answered 503 (Retry-After: 1) and
  // closed. Default: the descriptor limit (RLIMIT_NOFILE) minus a reserve for everything else.
  std::size_t max_connections = detail::default_max_connections();
  std::chrono::milliseconds idle_timeout{5000};     // keep-alive wait for the next request (then close)
  std::chrono::milliseconds header_timeout{10000};  // first byte to end of head (else 408)
  std::chrono::milliseconds body_timeout{30000};    // end of head to end of body (else 408)
  std::chrono::milliseconds write_timeout{30000};   // a client that does not read its answer
  std::chrono::milliseconds shutdown_timeout{10000};  // in-flight requests' grace on shutdown
  bool handle_signals = true;   // SIGINT/SIGTERM start a graceful shutdown
  bool stats_endpoint = true;   // GET /_coroweb/stats
  MonitorOptions monitor;
};

class App {
 public:
  explicit App(Options o = {})
      : opts_(std::move(o)), monitor_(opts_.monitor), pool_(opts_.worker_threads ? opts_.worker_threads : 1),
        acceptor_(ioc_), signals_(ioc_), grace_(ioc_), accept_pause_(ioc_) {
    if (opts_.stats_endpoint)
      get("/_coroweb/stats", [this]() -> Task<Response> { co_return Response::json(stats()); });
  }
  App(const App&) = delete;
  App& operator=(const App&) = delete;
  ~App() {
    monitor_.stop();  // its heartbeat timer must go before the io_context does
    pool_.stop();
    pool_.join();
  }

  // Registration, before run(). `handler` returns Response (runs on the pool) or
  // Task<Response> (runs on the loop); it takes Request&, const Request& or nothing.
  template <class F> App& get(std::string pattern, F&& f) { return route("GET", std::move(pattern), std::forward<F>(f)); }
  template <class F> App& post(std::string pattern, F&& f) { return route("POST", std::move(pattern), std::forward<F>(f)); }
  template <class F> App& put(std::string pattern, F&& f) { return route("PUT", std::move(pattern), std::forward<F>(f)); }
  template <class F> App& del(std::string pattern, F&& f) { return route("DELETE", std::move(pattern), std::forward<F>(f)); }
  template <class M, class C> App& get(std::string p, M C::*m, C* obj) { return route("GET", std::move(p), m, obj); }
  template <class M, class C> App& post(std::string p, M C::*m, C* obj) { return route("POST", std::move(p), m, obj); }
  template <class M, class C> App& put(std::string p, M C::*m, C* obj) { return route("PUT", std::move(p), m, obj); }
  template <class M, class C> App& del(std::string p, M C::*m, C* obj) { return route("DELETE", std::move(p), m, obj); }

  template <class F>
  App& route(std::string method, std::string pattern, F&& f) {
    return add(std::move(method), std::move(pattern), detail::make_handler(std::forward<F>(f)));
  }
  template <class M, class C>
  App& route(std::string method, std::string pattern, M C::*m, C* obj) {
    return add(std::move(method), std::move(pattern), detail::make_handler(m, obj));
  }

  // Binds and listens (run() does it if you did not); throws std::system_error if it cannot.
  void listen() {
    if (acceptor_.is_open()) return;
    auto endpoint = *asio::ip::tcp::resolver(ioc_).resolve(opts_.host, std::to_string(opts_.port)).begin();
    acceptor_.open(endpoint.endpoint().protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  std::string host() const { return acceptor_.local_endpoint().address().to_string(); }

  // Runs the event loop on the calling thread until shutdown (signal or stop()). Once per App.
  void run() {
    if (running_) throw std::logic_error("coroweb::App::run called twice");
    running_ = true;
    listen();
    detail::current_pool = &pool_;
    if (opts_.handle_signals) {
      signals_.add(SIGINT);
      signals_.add(SIGTERM);
      signals_.async_wait([this](boost::system::error_code ec, int) {
        if (!ec) begin_shutdown();
      });
    }
    monitor_.start(ioc_);
    asio::co_spawn(ioc_, accept_loop(), asio::detached);
    ioc_.run();
    detail::current_pool = nullptr;
    monitor_.stop();
    if (forced_) pool_.stop();  // queued plain handlers of abandoned requests need not start
    pool_.join();
  }

  // Any thread: stop accepting, let requests in flight finish (up to shutdown_timeout), return
  // from run().
  void stop() {
    asio::post(ioc_, [this] { begin_shutdown(); });
  }

  // What GET /_coroweb/stats serves: the monitor's stats and "connections". Loop thread only.
  nlohmann::json stats() const {
    nlohmann::json s = monitor_.stats();
    s["connections"] = counters_.to_json(connections_.size(), opts_.max_connections, backoff_);
    return s;
  }

  const Options& options() const noexcept { return opts_; }
  Monitor& monitor() noexcept { return monitor_; }
  asio::io_context& io_context() noexcept { return ioc_; }
  asio::thread_pool& pool() noexcept { return pool_; }

 private:
  using Conn = detail::Connection;

  App& add(std::string method, std::string pattern, detail::Handler h) {
    if (running_) throw std::logic_error("coroweb: routes must be added before App::run");
    int id = router_.add(method, pattern);
    monitor_.add_route(std::move(method), std::move(pattern), h.coroutine);
    handlers_.push_back(std::move(h));
    (void)id;  // router, monitor and handlers_ share the index
    return *this;
  }

  Task<void> accept_loop() {
    for (;;) {
      boost::system::error_code ec;
      auto socket = co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (stopping_ || ec == asio::error::operation_aborted) co_return;
      if (ec) {
        // Out of descriptors (EMFILE, ENFILE) or kernel memory (ENOBUFS, ENOMEM): the pending
        // connection stays in the backlog and accept() would fail again at once, so wait for
        // connections to close, longer each time, and say so once per episode.
        bool log = false;
        accept_pause_.expires_after(backoff_.failed(log));
        if (log)
          std::fprintf(stderr, "coroweb: accept failed: %s; retrying with back-off up to %lld ms\n",
                       ec.message().c_str(), static_cast<long long>(detail::AcceptBackoff::max.count()));
        co_await accept_pause_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (stopping_) co_return;
        continue;
      }
      backoff_.succeeded();
      if (connections_.size() >= opts_.max_connections) {
        refuse(std::move(socket));
        continue;
      }
      ++counters_.accepted;
      socket.set_option(asio::ip::tcp::no_delay(true), ec);
      start(std::make_shared<Conn>(std::move(socket)));
    }
  }

  void start(std::shared_ptr<Conn> c) {
    connections_.insert(c.get());
    auto done = [this, c](std::exception_ptr e) {
      if (e) {
        try { std::rethrow_exception(e); }
        catch (const std::exception& x) { std::fprintf(stderr, "coroweb: connection failed: %s\n", x.what()); }
        catch (...) {}
      }
      if (c->expired_in == Conn::State::writing) ++counters_.write_timeouts;
      if (c->expired_in == Conn::State::idle) ++counters_.idle_timeouts;
      c->close();
      connections_.erase(c.get());
      if (c->route_slot) monitor_.release_slot(c->route_slot);
      if (stopping_ && connections_.empty()) grace_.cancel();
    };
    asio::co_spawn(ioc_, detail::watch_deadline(c), asio::detached);
    if (monitor_.enabled()) {
      c->route_slot = monitor_.acquire_slot();
      detail::RouteExecutor ex(ioc_.get_executor(), &monitor_, c->route_slot);
      asio::co_spawn(ex, session(c), std::move(done));
    } else {
      asio::co_spawn(ioc_, session(c), std::move(done));
    }
  }

  // Completion tokens. framework(): the connection's own I/O resumes it on the plain loop
  // executor, bypassing its RouteExecutor, because those resumptions run no handler code and
  // Asio has a fast path for them that a wrapping executor loses (measured: ~3% of a /ping).
  // marked(): reading the request resumes the connection through its RouteExecutor, so the
  // handler that runs next starts inside a Monitor::Segment, which sees it suspend.
  auto framework(boost::system::error_code& ec) {
    return asio::bind_executor(ioc_.get_executor(), asio::redirect_error(asio::use_awaitable, ec));
  }
  static auto marked(boost::system::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

  // Past max_connections: a 503 the client can act on (Retry-After) rather than a connection
  // that hangs in the backlog; it costs a descriptor for a moment, and past max_refusing of
  // those not even that.
  void refuse(asio::ip::tcp::socket socket) {
    ++counters_.refused;
    if (refusing_.size() >= detail::max_refusing) {
      boost::system::error_code ignored;
      socket.close(ignored);
      return;
    }
    auto c = std::make_shared<Conn>(std::move(socket));
    refusing_.insert(c.get());
    asio::co_spawn(ioc_, detail::watch_deadline(c), asio::detached);
    asio::co_spawn(ioc_, send_refusal(c), [this, c](std::exception_ptr) {
      c->close();
      refusing_.erase(c.get());
    });
  }

  Task<void> send_refusal(std::shared_ptr<Conn> c) {
    boost::system::error_code ec;
    c->phase(Conn::State::writing, std::chrono::milliseconds(1000));
    co_await asio::async_write(c->socket, asio::buffer(detail::service_unavailable), framework(ec));
    if (!ec) co_await detail::lingering_close(c, std::chrono::milliseconds(500), ioc_.get_executor());
  }

  // One connection: read a request, answer it, repeat while keep-alive.
  Task<void> session(std::shared_ptr<Conn> c) {
    namespace beast = boost::beast;
    beast::flat_buffer buffer;
    boost::system::error_code ec;
    for (;;) {
      if (buffer.size() == 0) {  // idle until the next request starts (keep-alive)
        c->phase(Conn::State::idle, opts_.idle_timeout);
        std::size_t n = co_await c->socket.async_read_some(buffer.prepare(4096), framework(ec));
        if (ec) co_return;
        buffer.commit(n);
      }
      c->phase(Conn::State::reading, opts_.header_timeout);
      http::request_parser<http::string_body> parser;
      parser.header_limit(opts_.header_limit);
      parser.body_limit(opts_.body_limit);
      co_await http::async_read_header(c->socket, buffer, parser, marked(ec));
      if (!ec) {
        if (auto bad = host_problem(parser.get())) {
          co_await refuse_request(c, 400, bad);
          co_return;
        }
      }
      if (!ec && !parser.is_done()) {
        if (auto expect = parser.get()[http::field::expect]; beast::iequals(expect, "100-continue")) {
          http::response<http::empty_body> go_on{http::status::continue_, parser.get().version()};
          c->phase(Conn::State::writing, opts_.write_timeout);
          co_await http::async_write(c->socket, go_on, framework(ec));
        }
        c->phase(Conn::State::reading, opts_.body_timeout);
        if (!ec) co_await http::async_read(c->socket, buffer, parser, marked(ec));
      }
      if (ec) {
        if (c->expired && c->state == Conn::State::reading) {  // the deadline watcher cancelled the read
          ++counters_.request_timeouts;
          co_await refuse_request(c, 408, "Request Timeout");
        } else if (auto status = status_for(ec)) {
          // A named string, not a temporary of a conditional inside co_await: GCC 12 destroys
          // that one twice.
          std::string detail = status == 413   ? "Request Entity Too Large"
                               : status == 431 ? "Request Header Fields Too Large"
                                               : "Bad Request: " + ec.message();
          co_await refuse_request(c, status, std::move(detail));
        }
        co_return;  // closed by the client, by a deadline, or by shutdown
      }

      Request req(parser.release());
      c->phase_without_deadline(Conn::State::handling);
      Response res = co_await respond(req, c->route_slot);
      bool keep_alive = req.raw().keep_alive() && !stopping_;
      if (!co_await write(c, res, req.raw().version(), keep_alive) || !keep_alive) co_return;
      if (stopping_) co_return;
    }
  }

  // An error answer ends the connection: the rest of the request is discarded unread.
  Task<void> refuse_request(std::shared_ptr<Conn> c, unsigned status, std::string detail) {
    Response res = Response::error(status, detail);
    if (co_await write(c, res, 11, false))
      co_await detail::lingering_close(c, std::chrono::milliseconds(500), ioc_.get_executor());
  }

  // RFC 9112 3.2: a server MUST answer 400 to an HTTP/1.1 request without a Host header and to
  // any request with more than one. (HTTP/1.0 predates Host; without one it is fine.)
  static const char* host_problem(const http::request<http::string_body>& head) {
    std::size_t hosts = head.count(http::field::host);
    if (hosts > 1) return "Bad Request: more than one Host header";
    if (hosts == 0 && head.version() >= 11) return "Bad Request: HTTP/1.1 request without a Host header";
    return nullptr;
  }

  // Parse errors that deserve an answer; the rest (EOF, reset, deadline, shutdown) do not.
  static unsigned status_for(const boost::system::error_code& ec) {
    if (ec == http::error::body_limit) return 413;
    if (ec == http::error::header_limit) return 431;
    if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message)
      return 400;
    return 0;
  }

  Task<bool> write(std::shared_ptr<Conn> c, Response& res, unsigned version, bool keep_alive) {
    auto& msg = res.raw();
    msg.version(version);
    msg.keep_alive(keep_alive);
    msg.set(http::field::server, "coroweb");
    msg.prepare_payload();
    c->phase(Conn::State::writing, opts_.write_timeout);
    boost::system::error_code ec;
    co_await http::async_write(c->socket, msg, framework(ec));
    co_return !ec;
  }

  // Routing, the handler, and the error responses a handler can cause.
  Task<Response> respond(Request& req, int* slot) {
    Router::Match m = router_.match(req.method(), req.path());
    if (m.status != 200) {
      monitor_.count_unmatched();
      if (m.status == 405) co_return Response::error(405, "Method Not Allowed").header("Allow", m.allow);
      co_return Response::error(404, "Not Found");
    }
    req.params_ = std::move(m.params);
    req.route_ = &router_.pattern(m.route);
    monitor_.count_request(m.route);
    detail::Handler& h = handlers_[m.route];
    std::exception_ptr error;
    Response res;
    try {
      if (h.coroutine) {
        if (slot) {
          // Normally we already run inside a Segment (see marked()); if not, an inline hop onto
          // this connection's RouteExecutor puts us in one.
          if (!monitor_.in_segment()) co_await asio::dispatch(asio::use_awaitable);
          monitor_.enter(slot, m.route);
        }
        res = co_await h.coro(req);
      } else {
        res = co_await offload(pool_.get_executor(), [&h, &req] { return h.plain(req); });
      }
    } catch (...) {
      error = std::current_exception();
    }
    if (slot) monitor_.leave(slot);
    if (error) res = error_response(error, req, m.route);
    co_return res;
  }

  Response error_response(std::exception_ptr error, const Request& req, int route) {
    std::string what = "unknown exception";
    try {
      std::rethrow_exception(error);
    } catch (const HttpError& e) {
      return Response::error(e.status(), e.what());
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    monitor_.count_error(route);
    std::string line = "coroweb: handler for " + std::string(req.method()) + " " + std::string(req.route()) +
                       " threw: " + what + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
    return Response::error(500, "Internal Server Error");
  }

  void begin_shutdown() {
    if (stopping_) return;
    stopping_ = true;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    signals_.cancel(ignored);
    monitor_.stop();
    accept_pause_.cancel();
    // Idle keep-alive connections, half-read requests, error answers being drained and 503s go
    // now; handlers in flight finish.
    for (Conn* c : connections_)
      if (c->state == Conn::State::idle || c->state == Conn::State::reading || c->state == Conn::State::draining)
        c->close();
    for (Conn* c : refusing_) c->close();
    if (connections_.empty()) return;
    grace_.expires_after(opts_.shutdown_timeout);
    grace_.async_wait([this](boost::system::error_code ec) {
      if (ec) return;  // everyone finished in time
      std::fprintf(stderr, "coroweb: shutdown timeout; abandoning %zu connection(s)\n", connections_.size());
      forced_ = true;
      for (Conn* c : connections_) c->close();
      ioc_.stop();
    });
  }

  Options opts_;
  Monitor monitor_;  // declared before the loop: frames destroyed with the loop may point at it
  Router router_;
  std::deque<detail::Handler> handlers_;  // a deque: handlers never move once registered
  asio::thread_pool pool_;
  asio::io_context ioc_{1};  // concurrency hint 1: one thread runs it, so skip the locking
  asio::ip::tcp::acceptor acceptor_;
  asio::signal_set signals_;
  asio::steady_timer grace_;
  asio::steady_timer accept_pause_;        // accept back-off (see accept_loop)
  detail::AcceptBackoff backoff_;
  detail::ConnectionCounters counters_;
  std::unordered_set<Conn*> connections_;  // served; their number is capped by max_connections
  std::unordered_set<Conn*> refusing_;     // being answered 503
  bool running_ = false, stopping_ = false, forced_ = false;
};

}  // namespace coroweb
