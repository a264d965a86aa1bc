// Synchronous file I/O: C stdio, POSIX descriptors and file streams.
#include <boost/asio.hpp>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <string>
#include <unistd.h>

namespace asio = boost::asio;

asio::awaitable<std::string> load_template(const char *path) {
  FILE *f = fopen(path, "r");          // EXPECT: blocking-call-in-coroutine {{'fopen' in coroutine 'load_template'}}
  char buf[256];
  size_t n = fread(buf, 1, sizeof buf, f); // EXPECT: blocking-call-in-coroutine {{'fread'}}
  fgets(buf, sizeof buf, f);           // EXPECT: blocking-call-in-coroutine {{'fgets'}}
  fclose(f);                           // EXPECT: blocking-call-in-coroutine {{'fclose'}}
  co_return std::string(buf, n);
}

asio::awaitable<void> save_report(const std::string &text) {
  FILE *f = std::fopen("/tmp/report", "w"); // EXPECT: blocking-call-in-coroutine {{'fopen'}}
  std::fwrite(text.data(), 1, text.size(), f); // EXPECT: blocking-call-in-coroutine {{'fwrite'}}
  std::fputs("\n", f);                 // EXPECT: blocking-call-in-coroutine {{'fputs'}}
  std::fflush(f);                      // EXPECT: blocking-call-in-coroutine {{'fflush'}}
  co_return;
}

asio::awaitable<long> raw_descriptors() {
  int fd = open("/tmp/data", O_RDONLY); // EXPECT: blocking-call-in-coroutine {{'open'}}
  char buf[64];
  long n = read(fd, buf, sizeof buf);   // EXPECT: blocking-call-in-coroutine {{'read'}}
  n += pread(fd, buf, sizeof buf, 0);   // EXPECT: blocking-call-in-coroutine {{'pread'}}
  write(fd, buf, 1);                    // EXPECT: blocking-call-in-coroutine {{'write'}}
  pwrite(fd, buf, 1, 0);                // EXPECT: blocking-call-in-coroutine {{'pwrite'}}
  fsync(fd);                            // EXPECT: blocking-call-in-coroutine {{'fsync'}}
  co_return n;
}

asio::awaitable<std::string> read_config() {
  std::ifstream in("/etc/app.conf");    // EXPECT: blocking-call-in-coroutine {{blocking construction of 'std::ifstream'}}
  std::string line, all;
  while (std::getline(in, line))        // EXPECT: blocking-call-in-coroutine {{'std::getline'}}
    all += line;
  char chunk[16];
  in.read(chunk, sizeof chunk);         // EXPECT: blocking-call-in-coroutine {{'std::basic_istream::read'}}
  std::ofstream out;                    // not opened: nothing to report
  out.open("/tmp/out");                 // EXPECT: blocking-call-in-coroutine {{'std::basic_ofstream::open'}}
  std::fstream both("/tmp/both");       // EXPECT: blocking-call-in-coroutine {{'std::fstream'}}
  both.getline(chunk, sizeof chunk);    // EXPECT: blocking-call-in-coroutine {{'std::basic_istream::getline'}}
  co_return all;
}
