// Limits a server owes its clients and itself: 400 for HTTP/1.1 without exactly one Host.
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
