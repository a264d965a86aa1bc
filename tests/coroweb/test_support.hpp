// Small real-TCP clients and a child-process runner for the coroweb tests.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <functional>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace coroweb_test {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

inline double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// A blocking TCP connection whose reads and writes give up after `timeout` (SO_RCVTIMEO), so a
// misbehaving server fails a test instead of hanging it. `receive_buffer` (bytes, 0: the
// kernel's autotuned default, which can reach net.ipv4.tcp_rmem's maximum) is set before
// connecting, so it also bounds the window the server may fill.
class Conn {
 public:
  explicit Conn(unsigned short port, std::chrono::milliseconds timeout = 10s, int receive_buffer = 0)
      : socket_(ioc_) {
    socket_.open(tcp::v4());
    if (receive_buffer > 0) socket_.set_option(asio::socket_base::receive_buffer_size(receive_buffer));
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    socket_.set_option(tcp::no_delay(true));
    timeval tv{static_cast<time_t>(timeout.count() / 1000), static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  }

  void send(const std::string& bytes) { asio::write(socket_, asio::buffer(bytes)); }

  http::response<http::string_body> read_response() {
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    http::read(socket_, buffer_, parser);
    return parser.release();
  }

  http::response<http::string_body> get(const std::string& target, bool keep_alive = true) {
    send("GET " + target + " HTTP/1.1\r\nHost: test\r\n" + (keep_alive ? "" : "Connection: close\r\n") + "\r\n");
    return read_response();
  }

  // True if the server closed the connection (EOF or reset) before `timeout`.
  bool closed_by_server() {
    boost::system::error_code ec;
    char c;
    std::size_t n = socket_.read_some(asio::buffer(&c, 1), ec);
    return n == 0 && (ec == asio::error::eof || ec == asio::error::connection_reset);
  }

  tcp::socket& socket() { return socket_; }

 private:
  asio::io_context ioc_;
  tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

struct Result {
  unsigned status = 0;
  std::string body;
  double seconds = 0;
  std::string error;
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
};

// One GET on a fresh connection; never throws (the error goes into Result::error).
inline Result get(unsigned short port, const std::string& target, std::chrono::milliseconds timeout = 20s) {
  Result r;
  auto start = Clock::now();
  try {
    Conn c(port, timeout);
    auto res = c.get(target, false);
    r.status = res.result_int();
    r.body = res.body();
  } catch (const std::exception& e) {
    r.error = e.what();
  }
  r.seconds = seconds_since(start);
  return r;
}

// n GETs of `target` at once, each on its own connection and thread.
inline std::vector<Result> get_concurrently(unsigned short port, const std::string& target, int n) {
  std::vector<Result> results(n);
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) threads.emplace_back([&, i] { results[i] = get(port, target); });
  for (auto& t : threads) t.join();
  return results;
}

// Pings sequentially (a fresh connection each time, like a new user) until stopped; keeps the
// latencies.
class Pinger {
 public:
  explicit Pinger(unsigned short port, std::chrono::milliseconds gap = 20ms)
      : thread_([this, port, gap] {
          while (!stop_) {
            auto r = get(port, "/ping", 30s);
            std::lock_guard lock(mutex_);
            latencies_.push_back(r.error.empty() && r.status == 200 ? r.seconds : 1e9);
            std::this_thread::sleep_for(gap);
          }
        }) {}
  ~Pinger() { stop(); }
  std::vector<double> stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    std::lock_guard lock(mutex_);
    return latencies_;
  }

 private:
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::vector<double> latencies_;
  std::thread thread_;
};

inline double max_of(const std::vector<double>& v) {
  double m = 0;
  for (double x : v) m = std::max(m, x);
  return m;
}

// A child process with stdout on a pipe and stderr in a file.
class Process {
 public:
  Process(const std::string& path, const std::vector<std::string>& args) {
    char tmpl[] = "/tmp/coroweb-test-stderr-XXXXXX";
    int err_fd = ::mkstemp(tmpl);
    if (err_fd < 0) throw std::runtime_error("mkstemp failed");
    stderr_path_ = tmpl;
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    std::vector<char*> argv{const_cast<char*>(path.c_str())};
    for (auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    int rc = ::posix_spawn(&pid_, path.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    ::close(err_fd);
    out_ = out[0];
    if (rc != 0) throw std::runtime_error("cannot start " + path);
  }
  ~Process() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) ::close(out_);
    std::remove(stderr_path_.c_str());
  }

  // The next line of stdout, or nullopt after `timeout` or at EOF.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout = 10s) {
    auto deadline = Clock::now() + timeout;
    for (;;) {
      if (auto nl = out_buf_.find('\n'); nl != std::string::npos) {
        std::string line = out_buf_.substr(0, nl);
        out_buf_.erase(0, nl + 1);
        return line;
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) return std::nullopt;
      pollfd p{out_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
      char buf[512];
      ssize_t n = ::read(out_, buf, sizeof buf);
      if (n <= 0) return std::nullopt;
      out_buf_.append(buf, static_cast<std::size_t>(n));
    }
  }

  void signal(int sig) { ::kill(pid_, sig); }

  // Exit status (or 128+signal), or nullopt if still running after `timeout`.
  std::optional<int> wait(std::chrono::milliseconds timeout = 10s) {
    auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      int status = 0;
      pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(10ms);
    }
    return std::nullopt;
  }

  std::string stderr_text() const {
    std::ifstream in(stderr_path_);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  std::string out_buf_;
  std::string stderr_path_;
};

}  // namespace coroweb_test
