// Synchronous BSD sockets and DNS.
#include <boost/asio.hpp>
#include <netdb.h>
#include <poll.h>
#include <sys/select.h>
#include <sys/socket.h>

namespace asio = boost::asio;

asio::awaitable<long> talk_to_backend(int fd, sockaddr *addr, socklen_t len) {
  connect(fd, addr, len);               // EXPECT: blocking-call-in-coroutine {{'connect'}}
  char buf[512];
  send(fd, "ping", 4, 0);               // EXPECT: blocking-call-in-coroutine {{'send'}}
  long n = recv(fd, buf, sizeof buf, 0); // EXPECT: blocking-call-in-coroutine {{'recv'}}
  sendto(fd, buf, 1, 0, addr, len);     // EXPECT: blocking-call-in-coroutine {{'sendto'}}
  recvfrom(fd, buf, 1, 0, nullptr, nullptr); // EXPECT: blocking-call-in-coroutine {{'recvfrom'}}
  msghdr msg{};
  sendmsg(fd, &msg, 0);                 // EXPECT: blocking-call-in-coroutine {{'sendmsg'}}
  recvmsg(fd, &msg, 0);                 // EXPECT: blocking-call-in-coroutine {{'recvmsg'}}
  co_return n;
}

asio::awaitable<int> accept_and_wait(int listener) {
  int client = accept(listener, nullptr, nullptr); // EXPECT: blocking-call-in-coroutine {{'accept'}}
  fd_set set;
  FD_ZERO(&set);
  select(client + 1, &set, nullptr, nullptr, nullptr); // EXPECT: blocking-call-in-coroutine {{'select'}}
  pollfd p{client, POLLIN, 0};
  poll(&p, 1, 1000);                    // EXPECT: blocking-call-in-coroutine {{'poll'}}
  co_return client;
}

asio::awaitable<void> resolve_upstream() {
  addrinfo *result = nullptr;
  getaddrinfo("example.org", "443", nullptr, &result); // EXPECT: blocking-call-in-coroutine {{'getaddrinfo' in coroutine 'resolve_upstream'; use 'co_await resolver.async_resolve(..., asio::use_awaitable)'}}
  gethostbyname("example.org");         // EXPECT: blocking-call-in-coroutine {{'gethostbyname'}}
  freeaddrinfo(result);
  co_return;
}
