// coroweb/detail/limits.hpp - how many connections a process can afford, what happens past that,
// and how the acceptor waits out a shortage of descriptors.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <sys/resource.h>

#include <nlohmann/json.hpp>

namespace coroweb::detail {

// The default connection cap: the soft RLIMIT_NOFILE minus a reserve for everything else that
// needs a descriptor (stdio, the listener, the loop's epoll/eventfd/timerfd, the signal pipe,
// connections being refused with a 503, files and sockets that handlers open). Past the cap a
// client gets a 503 instead of waiting in the kernel's backlog while accept() fails with EMFILE.
inline std::size_t default_max_connections() noexcept {
  constexpr std::uint64_t unlimited = 1u << 20;  // what we assume when the limit is "infinity"
  rlimit rl{};
  std::uint64_t soft = ::getrlimit(RLIMIT_NOFILE, &rl) == 0 ? std::uint64_t(rl.rlim_cur) : 1024;
  if (rl.rlim_cur == RLIM_INFINITY || soft > unlimited) soft = unlimited;
  std::uint64_t reserve = 32 + soft / 8;
  return soft > reserve ? static_cast<std::size_t>(soft - reserve) : 1;
}

// Connections being refused (503) at the same time; past this they are closed at once. Their
// descriptors come out of the reserve above, so this stays well under its fixed part.
inline constexpr std::size_t max_refusing = 16;

// The answer past the cap: fixed bytes, written before reading anything of the request.
inline constexpr std::string_view service_unavailable =
    "HTTP/1.1 503 Service Unavailable\r\n"
    "Server: coroweb\r\n"
    "Content-Type: application/json\r\n"
    "Retry-After: 1\r\n"
    "Connection: close\r\n"
    "Content-Length: 32\r\n"
    "\r\n"
    "{\"detail\":\"Service Unavailable\"}";
static_assert(service_unavailable.size() - service_unavailable.find("\r\n\r\n") - 4 == 32, "Content-Length");

// accept() failing (EMFILE, ENFILE, ENOBUFS, ENOMEM) is a shortage that only time cures: retry
// after a pause that doubles up to `max`, and say so once per episode, not once per retry.
class AcceptBackoff {
 public:
  static constexpr std::chrono::milliseconds first{10}, max{1000};

  // After a failed accept: how long to wait before the next one; `log` is true for the first
  // failure of an episode.
  std::chrono::milliseconds failed(bool& log) noexcept {
    ++errors_;
    log = delay_.count() == 0;
    if (log) ++episodes_;
    delay_ = log ? first : std::min(delay_ * 2, max);
    return delay_;
  }
  void succeeded() noexcept { delay_ = std::chrono::milliseconds(0); }

  std::uint64_t errors() const noexcept { return errors_; }
  std::uint64_t episodes() const noexcept { return episodes_; }

 private:
  std::chrono::milliseconds delay_{0};
  std::uint64_t errors_ = 0, episodes_ = 0;
};

// What happened to connections, for GET /_coroweb/stats. Loop thread only.
struct ConnectionCounters {
  std::uint64_t accepted = 0;          // served (not refused)
  std::uint64_t refused = 0;           // answered 503 past max_connections (or closed, see max_refusing)
  std::uint64_t request_timeouts = 0;  // head or body late: answered 408
  std::uint64_t write_timeouts = 0;    // client did not read its answer within write_timeout: closed
  std::uint64_t idle_timeouts = 0;     // keep-alive connection idle past idle_timeout: closed

  nlohmann::json to_json(std::size_t open, std::size_t max_connections, const AcceptBackoff& accept) const {
    return {{"open", open},
            {"max", max_connections},
            {"accepted", accepted},
            {"refused", refused},
            {"request_timeouts", request_timeouts},
            {"write_timeouts", write_timeouts},
            {"idle_timeouts", idle_timeouts},
            {"accept_errors", accept.errors()},
            {"accept_backoffs", accept.episodes()}};
  }
};

}  // namespace coroweb::detail
