// Limits a server owes its clients and itself: 408 for a request that arrives too slowly, 400
// for HTTP/1.1 without exactly one Host.
//
// Nothing here bounds a latency that scheduling could break: deadlines are asserted as outcomes
// (the status that came back), and the few time bounds are seconds wide.
#include <gtest/gtest.h>

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

TEST_F(RequestTimeout, OthersAreServedMeanwhile) {
  Conn slow(port(), 20s);
  slow.send("GET /ping HTTP/1.1\r\n");
  EXPECT_EQ(get(port(), "/ping").status, 200u);  // while the slow one waits for its deadline
  EXPECT_EQ(slow.read_response().result_int(), 408u);
}

// A connection that never starts a request is not sent a 408: it is closed when idle_timeout
// passes, as a keep-alive connection is. (Browsers open connections speculatively.)
TEST(IdleTimeout, ConnectionWithoutARequestIsClosedSilently) {
  auto o = quiet_options();
  o.idle_timeout = 500ms;
  RunningApp server(o, add_routes);
  Conn c(server.port(), 20s);
  EXPECT_TRUE(c.closed_by_server());  // EOF, no bytes
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

}  // namespace
