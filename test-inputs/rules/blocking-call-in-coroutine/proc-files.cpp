// Files under /proc are served from kernel memory: opening, reading and writing them waits for no
// disk. Test frameworks read /proc/self/status on every failed assertion (doctest and Catch2's
// isDebuggerActive), so a coroutine test that asserts must not be reported for it. Look-alike
// paths and paths the code cannot see are still disk files.
#include <boost/asio.hpp>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <string>
#include <unistd.h>

namespace asio = boost::asio;

// As doctest and Catch2 write it, in a header of the project.
bool debugger_attached() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.compare(0, 10, "TracerPid:") == 0)
      return line.size() > 11 && line[11] != '0';
  return false;
}

void check(bool ok) {
  if (!ok && debugger_attached())
    __builtin_trap();
}

asio::awaitable<void> test_case() {
  check(1 + 1 == 2);
  co_return;
}

asio::awaitable<long> memory_in_use() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  long kb = 0;
  meminfo >> key >> kb;
  meminfo.close();
  std::ifstream stat;
  stat.open("/proc/self/stat");
  char field[64];
  stat.getline(field, sizeof field); // made closed, and opened only under /proc
  stat.close();
  stat.open("/proc/self/statm");
  stat.getline(field, sizeof field);
  std::ofstream("/proc/self/oom_score_adj") << 500;
  co_return kb;
}

asio::awaitable<int> c_apis(int pid) {
  FILE *status = fopen("/proc/self/status", "r");
  char line[256];
  fgets(line, sizeof line, status);
  fclose(status);
  int fd = open("/proc/loadavg", O_RDONLY);
  read(fd, line, sizeof line);
  std::string path = "/proc/" + std::to_string(pid) + "/cmdline";
  std::ifstream cmdline(path);
  std::getline(cmdline, path);
  co_return fd;
}

asio::awaitable<void> disk_files(const char *given, std::string name) {
  std::ifstream a("/process/data.txt");   // EXPECT: blocking-call-in-coroutine {{'std::ifstream'}}
  std::ifstream b("proc/self/status");    // EXPECT: blocking-call-in-coroutine {{'std::ifstream'}}
  std::ifstream c("/procfs/status");      // EXPECT: blocking-call-in-coroutine {{'std::ifstream'}}
  std::ifstream d(given);                 // EXPECT: blocking-call-in-coroutine {{'std::ifstream'}}
  std::ifstream e(name + "/proc/status"); // EXPECT: blocking-call-in-coroutine {{'std::ifstream'}}
  std::string line;
  std::getline(e, line);                  // EXPECT: blocking-call-in-coroutine {{'std::getline'}}
  FILE *data = fopen("/var/lib/app/data", "r"); // EXPECT: blocking-call-in-coroutine {{'fopen'}}
  char buf[64];
  fgets(buf, sizeof buf, data);           // EXPECT: blocking-call-in-coroutine {{'fgets'}}
  int fd = open("/var/log/app.log", O_RDONLY); // EXPECT: blocking-call-in-coroutine {{'open'}}
  read(fd, buf, sizeof buf);              // EXPECT: blocking-call-in-coroutine {{'read'}}
  co_return;
}

// A stream made closed counts as opened under /proc only when every open of it in the function
// is, and it is never assigned another stream.
asio::awaitable<void> streams_opened_later(const std::string &name) {
  char field[64];
  std::ifstream both;
  both.open("/proc/self/stat");
  both.close();                          // EXPECT: blocking-call-in-coroutine {{'std::basic_ifstream::close'}}
  both.open("/var/lib/app/" + name);     // EXPECT: blocking-call-in-coroutine {{'std::basic_ifstream::open'}}
  both.getline(field, sizeof field);     // EXPECT: blocking-call-in-coroutine {{'std::basic_istream::getline'}}
  std::ifstream swapped;
  swapped.open("/proc/self/stat");
  swapped = std::ifstream(name);         // EXPECT: blocking-call-in-coroutine {{construction of 'std::ifstream'}}
  swapped.getline(field, sizeof field);  // EXPECT: blocking-call-in-coroutine {{'std::basic_istream::getline'}}
  std::ifstream never_opened;
  never_opened.getline(field, sizeof field); // EXPECT: blocking-call-in-coroutine {{'std::basic_istream::getline'}}
  co_return;
}
