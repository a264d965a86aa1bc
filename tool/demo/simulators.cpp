// The slow world the bad routes block on, simulated in-process so the demo needs no network:
//  * a slow disk: each file is a FIFO whose writer answers after block() (an NFS read, say);
//  * a slow upstream service: a TCP peer that answers after block() and closes;
//  * a slow DNS server: UDP on 127.0.0.1, answering A queries for kSlowHost after block().
// Everything here runs on its own threads, never on the event loop.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <resolv.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>

#include "demo.hpp"

namespace demo {
namespace {

std::atomic<long> block_ms{300};
std::string fifo_dir;
std::atomic<unsigned> fifo_seq{0};
unsigned short upstream_port = 0, dns_port = 0;

void after_block(auto&& job) {
  std::thread([job = std::move(job)]() mutable {
    std::this_thread::sleep_for(block());
    job();
  }).detach();
}

int bound_socket(int type, unsigned short& port) {
  int fd = ::socket(AF_INET, type, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("corolint-demo: cannot bind a simulator socket");
  port = ntohs(addr.sin_port);
  return fd;
}

void run_upstream(int fd) {
  for (;;) {
    int c = ::accept(fd, nullptr, nullptr);
    if (c < 0) continue;
    after_block([c] {
      const char reply[] = "slow upstream reply\n";
      (void)!::write(c, reply, sizeof reply - 1);
      ::close(c);
    });
  }
}

// Answers every A query with 127.0.0.1, other types with no answer; after block().
void run_dns(int fd) {
  for (;;) {
    unsigned char q[512];
    sockaddr_in from{};
    socklen_t from_len = sizeof from;
    ssize_t n = ::recvfrom(fd, q, sizeof q, 0, reinterpret_cast<sockaddr*>(&from), &from_len);
    if (n < 12) continue;
    std::size_t end = 12;
    while (end < std::size_t(n) && q[end] != 0) end += q[end] + 1;
    end += 5;  // the root label, QTYPE, QCLASS
    if (end > std::size_t(n)) continue;
    bool type_a = q[end - 4] == 0 && q[end - 3] == 1;
    std::string r(reinterpret_cast<char*>(q), end);
    r[2] = char(0x81), r[3] = char(0x80);                 // response, recursion desired + available
    r[4] = 0, r[5] = 1, r[6] = 0, r[7] = type_a ? 1 : 0;  // one question, one answer (or none)
    r[8] = r[9] = r[10] = r[11] = 0;
    if (type_a) r += std::string("\xC0\x0C\x00\x01\x00\x01\x00\x00\x00\x3C\x00\x04\x7F\x00\x00\x01", 16);
    after_block([fd, r, from] {
      ::sendto(fd, r.data(), r.size(), 0, reinterpret_cast<const sockaddr*>(&from), sizeof from);
    });
  }
}

}  // namespace

std::chrono::milliseconds block() { return std::chrono::milliseconds(block_ms.load()); }
void set_block(std::chrono::milliseconds d) { block_ms = d.count(); }

void start_simulators() {
  char tmpl[] = "/tmp/corolint-demo-disk-XXXXXX";
  if (!::mkdtemp(tmpl)) throw std::runtime_error("corolint-demo: cannot create the slow disk's directory");
  fifo_dir = tmpl;
  int up = bound_socket(SOCK_STREAM, upstream_port);
  ::listen(up, 64);
  std::thread(run_upstream, up).detach();
  int dns = bound_socket(SOCK_DGRAM, dns_port);
  std::thread(run_dns, dns).detach();
}

void stop_simulators() {
  std::error_code ignored;
  if (!fifo_dir.empty()) std::filesystem::remove_all(fifo_dir, ignored);
}

std::string slow_disk_file() {
  std::string path = fifo_dir + "/inventory-" + std::to_string(++fifo_seq) + ".csv";
  ::mkfifo(path.c_str(), 0600);
  std::thread([path] {
    int fd = ::open(path.c_str(), O_WRONLY);  // until the reader opens it
    std::this_thread::sleep_for(block());
    const char rows[] = "sku,count\nwidget,42\n";
    (void)!::write(fd, rows, sizeof rows - 1);
    ::close(fd);
    ::unlink(path.c_str());
  }).detach();
  return path;
}

unsigned short slow_upstream_port() { return upstream_port; }

// glibc keeps resolver state per thread; a state changed after res_init is used as it is.
void use_slow_dns_on_this_thread() {
  thread_local bool done = false;
  if (done) return;
  res_init();
  _res.nscount = 1;
  _res.nsaddr_list[0].sin_family = AF_INET;
  _res.nsaddr_list[0].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  _res.nsaddr_list[0].sin_port = htons(dns_port);
  _res.retrans = 5;
  _res.retry = 1;
  done = true;
}

}  // namespace demo
