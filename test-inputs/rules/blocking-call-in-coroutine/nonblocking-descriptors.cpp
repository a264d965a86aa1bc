// A framework model can say which descriptors it made non-blocking (libcoro's sockets): a call
// on one returns at once. The same call on a descriptor of unknown origin is reported.
#include <coro/coro.hpp>
#include <sys/socket.h>

coro::task<int> accept_one(coro::net::socket &listening, int plainFd) {
  int client = ::accept(listening.native_handle(), nullptr, nullptr);
  int other = ::accept(plainFd, nullptr, nullptr); // EXPECT: blocking-call-in-coroutine {{'accept'}} {{co_await tp.schedule()}}
  co_return client + other;
}
