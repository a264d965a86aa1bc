// EXPECT-NONE
// The project's own functions that share a name with a blocking API are not that API.
#include <boost/asio.hpp>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace asio = boost::asio;

struct Room {
  void join(int user);                  // not std::thread::join
  void wait();                          // not std::future::wait
};
struct Buffer {
  size_t read(char *into, size_t n);    // not POSIX read
  size_t write(const char *from, size_t n);
};
struct Signal {
  void connect(void (*slot)());         // a Qt-style signal, not a socket
};
namespace cache {
template <class T> struct future { T get() const { return T{}; } }; // not std::future
void sleep(int ticks);                  // not POSIX sleep
int system(const char *name);           // not C's system()
} // namespace cache

int read(int handle);                   // a project function named like POSIX read
void open(const std::string &door);     // C++ linkage: not POSIX open

asio::awaitable<void> lookalikes(Room &room, Buffer &buf, Signal &sig) {
  room.join(42);
  room.wait();
  char data[8];
  buf.read(data, sizeof data);
  buf.write(data, 1);
  sig.connect(nullptr);
  cache::future<int> f;
  f.get();
  cache::sleep(3);
  cache::system("x");
  read(3);
  open("front");
  std::vector<int> v;
  v.push_back(1);
  co_return;
}

// Formatting and console output are not blocking I/O for this rule.
asio::awaitable<std::string> format(int x) {
  std::ostringstream out;
  out << x;
  printf("%d\n", x);
  std::fprintf(stderr, "%d\n", x);
  std::cout << x << std::endl;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%d", x);
  std::fputs("log line\n", stderr);       // console streams: output, not file I/O
  std::fwrite(buf, 1, 1, stdout);
  std::fputc('\n', stdout);
  std::fflush(stderr);
  co_return out.str() + buf;
}
