// A catalogued call is not blocking when its arguments or its caller say so: a zero timeout, a
// non-blocking flag, a socket the code made non-blocking and whose EAGAIN it handles. The same
// calls without those are reported.
#include <boost/asio.hpp>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <fcntl.h>
#include <future>
#include <netdb.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace asio = boost::asio;
using namespace std::chrono_literals;

asio::awaitable<void> zero_timeouts(int fd, int ep, std::future<int> &f) {
  pollfd p{fd, POLLIN, 0};
  poll(&p, 1, 0);
  epoll_event events[8];
  epoll_wait(ep, events, 8, 0);
  timeval now{0, 0};
  select(fd + 1, nullptr, nullptr, nullptr, &now);
  f.wait_for(0s);
  f.wait_for(std::chrono::milliseconds(0));
  poll(&p, 1, -1);                 // EXPECT: blocking-call-in-coroutine {{'poll'}}
  epoll_wait(ep, events, 8, 100);  // EXPECT: blocking-call-in-coroutine {{'epoll_wait'}}
  f.wait_for(1s);                  // EXPECT: blocking-call-in-coroutine {{'std::future::wait_for'}}
  co_return;
}

asio::awaitable<void> flags(int fd, char *buf, pid_t child) {
  recv(fd, buf, 16, MSG_DONTWAIT);
  send(fd, buf, 16, MSG_DONTWAIT | MSG_NOSIGNAL);
  int status = 0;
  waitpid(child, &status, WNOHANG);
  char host[64], serv[16];
  sockaddr_storage addr{};
  getnameinfo(reinterpret_cast<sockaddr *>(&addr), sizeof addr, host, sizeof host, serv, sizeof serv,
              NI_NUMERICHOST | NI_NUMERICSERV);
  int fifo = open("/run/app.fifo", O_RDONLY | O_NONBLOCK);
  recv(fd, buf, 16, 0);            // EXPECT: blocking-call-in-coroutine {{'recv'}}
  waitpid(child, &status, 0);      // EXPECT: blocking-call-in-coroutine {{'waitpid'}}
  getnameinfo(reinterpret_cast<sockaddr *>(&addr), sizeof addr, host, sizeof host, serv, sizeof serv, 0); // EXPECT: blocking-call-in-coroutine {{'getnameinfo'}}
  int file = open("/var/data.bin", O_RDONLY); // EXPECT: blocking-call-in-coroutine {{'open'}}
  (void)fifo; (void)file;
  co_return;
}

// A socket the code made non-blocking: it reads until EAGAIN and then waits on the loop.
asio::awaitable<void> drain(asio::posix::stream_descriptor &sd, char *buf) {
  for (;;) {
    ssize_t n = read(sd.native_handle(), buf, 512);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      co_await sd.async_wait(asio::posix::stream_descriptor::wait_read, asio::use_awaitable);
      continue;
    }
    if (n <= 0)
      break;
  }
}

// Writing one integer to an eventfd or a self-pipe is the wake-up idiom: it does not wait.
asio::awaitable<void> wake(int eventFd, int logFd, const char *line, size_t size) {
  uint64_t one = 1;
  write(eventFd, &one, sizeof one);
  write(logFd, line, size);        // EXPECT: blocking-call-in-coroutine {{'write'}}
  co_return;
}

// The same read without that handling blocks until data arrives.
asio::awaitable<void> read_blocking(int fd, char *buf) {
  read(fd, buf, 512);              // EXPECT: blocking-call-in-coroutine {{'read'}}
  co_return;
}
