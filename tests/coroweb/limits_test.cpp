// Limits a server owes its clients and itself: 408 for a request that arrives too slowly, 400
// for HTTP/1.1 without exactly one Host, 503 past the connection cap, and an acceptor that
// backs off instead of spinning when the process runs out of descriptors.
//
// Nothing here bounds a latency that scheduling could break: deadlines are asserted as outcomes
// (the status that came back, the counters the server keeps), and the few time bounds are
// seconds wide.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>

#include <netinet/in.h>
#include <sys/resource.h>

#include "running_app.hpp"
#include "test_support.hpp"

namespace {

using namespace coroweb_test;
using coroweb::Response;
using coroweb::Task;

void add_routes(coroweb::App& app) {
  app.get("/ping", []() -> Task<Response> { co_return Response::json({{"message", "pong"}}); });
  app.post("/echo", [](coroweb::Request& req) -> Task<Response> {
    co_return Response::json({{"size", req.body().size()}});
  });
}

coroweb::Options quiet_options() {
  coroweb::Options o;
  o.monitor.log_stalls = false;
  return o;
}

// The "connections" block of GET /_coroweb/stats, on a fresh connection.
nlohmann::json connection_stats(unsigned short port) {
  auto r = get(port, "/_coroweb/stats", 10s);
  EXPECT_EQ(r.status, 200u) << r.error;
  return r.json().value("connections", nlohmann::json::object());
}

// Polls the stats until connections[name] reaches `at_least` (a counter bumped when a
// connection's coroutine ends, a moment after the client sees the close), up to 20 s.
bool counter_reaches(unsigned short port, const std::string& name, std::uint64_t at_least) {
  for (auto until = Clock::now() + 20s; Clock::now() < until; std::this_thread::sleep_for(20ms))
    if (connection_stats(port).value(name, std::uint64_t(0)) >= at_least) return true;
  return false;
}

std::string detail_of(const http::response<http::string_body>& res) {
  auto j = nlohmann::json::parse(res.body(), nullptr, false);
  return j.is_object() ? j.value("detail", "") : "";
}

// --- 408: the head or the body does not arrive within its timeout --------------------------

class RequestTimeout : public ::testing::Test {
 protected:
  static coroweb::Options options() {
    auto o = quiet_options();
    o.header_timeout = 1000ms;
    o.body_timeout = 1000ms;
    o.idle_timeout = 30s;  // only the request's own deadlines are under test
    return o;
  }
  RunningApp server_{options(), add_routes};
  unsigned short port() const { return server_.port(); }

  // The answer to a request that stalls after `bytes`: read with a deadline far past the
  // server's, so a server that never answers fails here rather than passes.
  static void expect_408_and_close(Conn& c, Clock::time_point sent) {
    auto res = c.read_response();
    EXPECT_EQ(res.result_int(), 408u);
    EXPECT_EQ(detail_of(res), "Request Timeout");
    EXPECT_FALSE(res.keep_alive());
    EXPECT_GT(seconds_since(sent), 0.5) << "answered before the timeout could have passed";
    EXPECT_TRUE(c.closed_by_server());
  }
};

TEST_F(RequestTimeout, HeadThatStopsHalfwayGets408) {
  Conn c(port(), 20s);
  auto sent = Clock::now();
  c.send("GET /ping HTTP/1.1\r\nHost: t\r\n");  // no blank line: the head never ends
  expect_408_and_close(c, sent);
}

TEST_F(RequestTimeout, BodyShorterThanContentLengthGets408) {
  Conn c(port(), 20s);
  auto sent = Clock::now();
  c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly ten b");
  expect_408_and_close(c, sent);
}

// The header timeout runs from the request's first byte: a client that keeps sending a byte
// now and then cannot stretch it.
TEST_F(RequestTimeout, TricklingHeadGets408) {
  Conn c(port(), 20s);
  std::string head = "GET /ping HTTP/1.1\r\nHost: t\r\nX-Padding: " + std::string(200, 'p') + "\r\n\r\n";
  auto sent = Clock::now();
  bool answered = false;
  for (char ch : head) {  // a byte every 50 ms: 12 s for the whole head
    boost::system::error_code ec;
    asio::write(c.socket(), asio::buffer(&ch, 1), ec);
    if (ec) break;
    pollfd p{c.socket().native_handle(), POLLIN, 0};
    if (::poll(&p, 1, 50) > 0) {
      answered = true;
      break;
    }
  }
  ASSERT_TRUE(answered) << "the whole head went out a byte at a time and nothing came back";
  expect_408_and_close(c, sent);
}

TEST_F(RequestTimeout, AreCountedAndOthersAreServedMeanwhile) {
  Conn slow(port(), 20s);
  slow.send("GET /ping HTTP/1.1\r\n");
  EXPECT_EQ(get(port(), "/ping").status, 200u);  // while the slow one waits for its deadline
  EXPECT_EQ(slow.read_response().result_int(), 408u);
  EXPECT_EQ(connection_stats(port())["request_timeouts"], 1);
}

// A connection that never starts a request is not sent a 408: it is closed when idle_timeout
// passes, as a keep-alive connection is. (Browsers open connections speculatively.)
TEST(IdleTimeout, ConnectionWithoutARequestIsClosedSilently) {
  auto o = quiet_options();
  o.idle_timeout = 500ms;
  RunningApp server(o, add_routes);
  Conn c(server.port(), 20s);
  EXPECT_TRUE(c.closed_by_server());  // EOF, no bytes
  EXPECT_TRUE(counter_reaches(server.port(), "idle_timeouts", 1));
}

// --- 400: HTTP/1.1 needs exactly one Host (RFC 9112 section 3.2) ----------------------------

class HostHeader : public ::testing::Test {
 protected:
  RunningApp server_{quiet_options(), add_routes};
  unsigned short port() const { return server_.port(); }

  http::response<http::string_body> send(const std::string& request, Conn& c) {
    c.send(request);
    return c.read_response();
  }
};

TEST_F(HostHeader, Http11WithoutHostGets400AndClose) {
  Conn c(port());
  auto res = send("GET /ping HTTP/1.1\r\n\r\n", c);
  EXPECT_EQ(res.result_int(), 400u);
  EXPECT_NE(detail_of(res).find("Host"), std::string::npos) << res.body();
  EXPECT_FALSE(res.keep_alive());
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(HostHeader, Http11WithTwoHostsGets400) {
  Conn c(port());
  auto res = send("GET /ping HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", c);
  EXPECT_EQ(res.result_int(), 400u);
  EXPECT_NE(detail_of(res).find("more than one Host"), std::string::npos) << res.body();
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(HostHeader, TwoHostsAreRefusedInHttp10Too) {
  Conn c(port());
  EXPECT_EQ(send("GET /ping HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n", c).result_int(), 400u);
}

TEST_F(HostHeader, Http10WithoutHostIsServed) {
  Conn c(port());
  auto res = send("GET /ping HTTP/1.0\r\n\r\n", c);
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res.body(), R"({"message":"pong"})");
}

// The 400 goes out before the body is read; the body is then discarded, not read as the next
// request, and the answer survives the close.
TEST_F(HostHeader, PostWithoutHostGets400AndItsBodyIsDiscarded) {
  Conn c(port());
  auto res = send("POST /echo HTTP/1.1\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'b'), c);
  EXPECT_EQ(res.result_int(), 400u);
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(HostHeader, AfterAGoodRequestOnTheSameConnection) {
  Conn c(port());
  EXPECT_EQ(c.get("/ping").result_int(), 200u);
  EXPECT_EQ(send("GET /ping HTTP/1.1\r\n\r\n", c).result_int(), 400u);
  EXPECT_TRUE(c.closed_by_server());
}

// --- 503 past Options::max_connections ------------------------------------------------------

coroweb::Options capped(std::size_t max_connections) {
  auto o = quiet_options();
  o.max_connections = max_connections;
  o.idle_timeout = 30s;  // the connections holding the cap must not time out during the test
  return o;
}

TEST(ConnectionCap, PastTheCapGet503ThenServedOnceOneCloses) {
  RunningApp server(capped(2), add_routes);
  auto port = server.port();
  Conn a(port), b(port);
  ASSERT_EQ(a.get("/ping").result_int(), 200u);  // answered: the server holds both connections
  ASSERT_EQ(b.get("/ping").result_int(), 200u);

  Conn c(port);
  c.send("GET /ping HTTP/1.1\r\nHost: t\r\n\r\n");
  auto res = c.read_response();
  EXPECT_EQ(res.result_int(), 503u);
  EXPECT_EQ(res[http::field::retry_after], "1");
  EXPECT_EQ(detail_of(res), "Service Unavailable");
  EXPECT_FALSE(res.keep_alive());
  EXPECT_TRUE(c.closed_by_server()) << "a refused client must not be left hanging";

  EXPECT_EQ(a.get("/ping").result_int(), 200u) << "connections within the cap are unaffected";

  a.socket().close();  // the server notices the EOF and frees the place
  unsigned status = 0;
  for (auto until = Clock::now() + 20s; Clock::now() < until; std::this_thread::sleep_for(20ms)) {
    auto r = get(port, "/ping", 10s);
    status = r.status;
    if (status == 200) break;
    ASSERT_EQ(status, 503u) << "refused otherwise than with a 503: " << r.error;
  }
  EXPECT_EQ(status, 200u) << "a place freed by a closed connection must be served again";

  auto stats = nlohmann::json::parse(b.get("/_coroweb/stats").body())["connections"];
  EXPECT_EQ(stats["max"], 2);
  EXPECT_GE(stats["refused"], 1);
  EXPECT_GE(stats["accepted"], 3);
  EXPECT_LE(stats["open"], 2);
}

TEST(ConnectionCap, RefusesEvenAClientThatSendsNothing) {
  RunningApp server(capped(1), add_routes);
  Conn a(server.port());
  ASSERT_EQ(a.get("/ping").result_int(), 200u);
  Conn c(server.port());
  EXPECT_EQ(c.read_response().result_int(), 503u);
  EXPECT_TRUE(c.closed_by_server());
}

// Lowering the soft limit only affects this test process, and only descriptors opened later.
class SoftDescriptorLimit {
 public:
  explicit SoftDescriptorLimit(rlim_t soft) {
    ::getrlimit(RLIMIT_NOFILE, &saved_);
    rlimit lower = saved_;
    lower.rlim_cur = std::min(saved_.rlim_cur, soft);
    ok_ = ::setrlimit(RLIMIT_NOFILE, &lower) == 0;
  }
  ~SoftDescriptorLimit() { ::setrlimit(RLIMIT_NOFILE, &saved_); }
  bool ok() const { return ok_; }
  rlim_t soft() const {
    rlimit now{};
    ::getrlimit(RLIMIT_NOFILE, &now);
    return now.rlim_cur;
  }

 private:
  rlimit saved_{};
  bool ok_ = false;
};

TEST(ConnectionCap, DefaultIsTheDescriptorLimitMinusAReserve) {
  SoftDescriptorLimit limit(1024);
  ASSERT_TRUE(limit.ok());
  coroweb::Options o;
  EXPECT_LT(o.max_connections, limit.soft());
  EXPECT_GE(o.max_connections, limit.soft() / 2);
}

// --- accept() failing: back off, log once, recover ------------------------------------------

TEST(AcceptBackoff, DoublesUpToOneSecondAndLogsOncePerEpisode) {
  coroweb::detail::AcceptBackoff b;
  bool log = false;
  std::vector<long long> delays;
  std::vector<bool> logs;
  for (int i = 0; i < 10; ++i) {
    delays.push_back(b.failed(log).count());
    logs.push_back(log);
  }
  EXPECT_EQ(delays, (std::vector<long long>{10, 20, 40, 80, 160, 320, 640, 1000, 1000, 1000}));
  EXPECT_EQ(std::count(logs.begin(), logs.end(), true), 1);
  EXPECT_TRUE(logs.front());
  b.succeeded();
  EXPECT_EQ(b.failed(log).count(), 10);
  EXPECT_TRUE(log) << "a new episode is logged again";
  EXPECT_EQ(b.errors(), 11u);
  EXPECT_EQ(b.episodes(), 2u);
}

// Holds every descriptor this process may open (the soft limit lowered to keep it cheap),
// so that accept() in the in-process server fails with EMFILE until released.
class DescriptorHog {
 public:
  DescriptorHog() : limit_(1024) {
    int base = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (base < 0) return;
    fds_.push_back(base);
    for (int fd; (fd = ::fcntl(base, F_DUPFD_CLOEXEC, 0)) >= 0;) fds_.push_back(fd);
    exhausted_ = errno == EMFILE;
  }
  ~DescriptorHog() { release(); }
  void release() {
    for (int fd : fds_) ::close(fd);
    fds_.clear();
  }
  bool exhausted() const { return exhausted_; }

 private:
  SoftDescriptorLimit limit_;  // restored after the descriptors are closed (members go in reverse)
  std::vector<int> fds_;
  bool exhausted_ = false;
};

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Out of descriptors, the request waits in the kernel's backlog; the server retries accept()
// with a growing pause (not every 50 ms, not in a tight loop), logs one line for the whole
// episode, and answers as soon as descriptors are free again. Nothing here depends on timing
// except the upper bound on retries, which holds because timers never fire early.
TEST(AcceptBackoff, OutOfDescriptorsBacksOffLogsOnceAndRecovers) {
  auto o = quiet_options();
  o.max_connections = 1'000'000;  // the cap is not what is tested here: accept() must fail
  RunningApp server(o, add_routes);  // opens all it needs before the hog (listener, loop, timers)

  // The client's socket exists before the hog; connecting needs no new descriptor.
  int client = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(client, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(server.port());
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{20, 0};
  ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);

  ::testing::internal::CaptureStderr();
  auto exhausted_since = Clock::now();
  double exhausted_for = 0;
  Clock::time_point released;
  {
    DescriptorHog hog;
    ASSERT_TRUE(hog.exhausted()) << std::strerror(errno);
    ASSERT_EQ(::connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0) << std::strerror(errno);
    std::string request = "GET /ping HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
    ASSERT_EQ(::send(client, request.data(), request.size(), 0), ssize_t(request.size()));
    std::this_thread::sleep_for(3s);  // the server keeps failing to accept meanwhile
    pollfd p{client, POLLIN, 0};
    EXPECT_EQ(::poll(&p, 1, 0), 0) << "answered although the server could not have accepted";
    exhausted_for = seconds_since(exhausted_since);
    hog.release();
    released = Clock::now();
  }

  std::string answer;
  char buf[4096];
  for (ssize_t n; (n = ::recv(client, buf, sizeof buf, 0)) > 0;) answer.append(buf, std::size_t(n));
  double recovery = seconds_since(released);
  ::close(client);
  std::string log = ::testing::internal::GetCapturedStderr();

  EXPECT_EQ(answer.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << answer;
  EXPECT_NE(answer.find(R"({"message":"pong"})"), std::string::npos) << answer;
  EXPECT_LT(recovery, 5.0) << "the back-off is capped at 1 s; the answer should follow the release";
  EXPECT_EQ(count_of(log, "coroweb: accept failed"), 1u) << log;
  EXPECT_NE(log.find("Too many open files"), std::string::npos) << log;

  auto stats = connection_stats(server.port());
  EXPECT_EQ(stats["accept_backoffs"], 1);
  auto errors = stats["accept_errors"].get<std::uint64_t>();
  EXPECT_GE(errors, 1u);
  // Pauses of 10, 20, 40 ... 1000 ms: at most 8 retries in the first 1.3 s, then one a second.
  // Timers never fire early, so no scheduling can make more; a tight loop would make thousands.
  EXPECT_LE(errors, std::uint64_t(10 + exhausted_for + recovery)) << "retried during " << exhausted_for << " s";
}

}  // namespace
