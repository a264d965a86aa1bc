// Drives the real coroweb-example binary with concurrent clients and checks, by measurement,
// FastAPI's async-vs-sync behaviour and the stall monitor. Bounds are generous on purpose: the
// machine may be busy; what is asserted is the shape (1 s vs 5 s, fast vs stalled pings).
#include <gtest/gtest.h>

#include "test_support.hpp"

#ifndef COROWEB_EXAMPLE_PATH
#error "COROWEB_EXAMPLE_PATH must name the coroweb-example binary"
#endif

namespace {

using namespace coroweb_test;

class Example : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.emplace(COROWEB_EXAMPLE_PATH, std::vector<std::string>{"--port", "0"});
    auto line = server_->read_line();
    ASSERT_TRUE(line) << "no 'listening on' line; stderr: " << server_->stderr_text();
    auto colon = line->rfind(':');
    ASSERT_NE(colon, std::string::npos) << *line;
    ASSERT_NE(line->find("listening on http://127.0.0.1:"), std::string::npos) << *line;
    port_ = static_cast<unsigned short>(std::stoi(line->substr(colon + 1)));
  }

  void TearDown() override {
    if (!server_) return;
    server_->signal(SIGTERM);
    auto status = server_->wait(15s);
    EXPECT_EQ(status, std::optional<int>(0)) << "graceful shutdown failed; stderr: " << server_->stderr_text();
  }

  static void expect_all(const std::vector<Result>& results, const std::string& message) {
    for (auto& r : results) {
      EXPECT_EQ(r.error, "");
      EXPECT_EQ(r.status, 200u);
      EXPECT_EQ(r.json().value("message", ""), message) << r.body;
    }
  }

  nlohmann::json route_stats(const std::string& route) {
    auto r = get(port_, "/_coroweb/stats");
    EXPECT_EQ(r.status, 200u) << r.error;
    auto stats = r.json();
    for (auto& s : stats["routes"])
      if (s["method"] == "GET" && s["route"] == route) return s;
    ADD_FAILURE() << "no stats for GET " << route << ": " << r.body;
    return {};
  }

  std::optional<Process> server_;
  unsigned short port_ = 0;
};

TEST_F(Example, ServesTheSeedRoutes) {
  auto ping = get(port_, "/ping");
  EXPECT_EQ(ping.status, 200u);
  EXPECT_EQ(ping.json(), nlohmann::json({{"message", "pong"}}));
  auto missing = get(port_, "/nope");
  EXPECT_EQ(missing.status, 404u);
  EXPECT_EQ(missing.json(), nlohmann::json({{"detail", "Not Found"}}));
  Conn c(port_);
  c.send("POST /ping HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
  auto res = c.read_response();
  EXPECT_EQ(res.result_int(), 405u);
  EXPECT_EQ(res[http::field::allow], "GET");
}

// async def + await asyncio.sleep(1): twenty of them share the loop and finish together.
TEST_F(Example, TwentyConcurrentAsyncFinishInAboutOneSecond) {
  auto start = Clock::now();
  auto results = get_concurrently(port_, "/async", 20);
  double wall = seconds_since(start);
  expect_all(results, "Finished async task");
  EXPECT_GT(wall, 0.9);
  EXPECT_LT(wall, 3.0) << "20 concurrent /async should overlap";
}

// def + time.sleep(1): plain handlers run on the 40-thread pool, so twenty overlap too.
TEST_F(Example, TwentyConcurrentSyncFinishInAboutOneSecond) {
  auto start = Clock::now();
  auto results = get_concurrently(port_, "/sync", 20);
  double wall = seconds_since(start);
  expect_all(results, "Finished sync task");
  EXPECT_GT(wall, 0.9);
  EXPECT_LT(wall, 3.0) << "20 concurrent /sync should overlap on the worker pool";
}

TEST_F(Example, PingStaysFastDuringSyncAndAsync) {
  Pinger pinger(port_);
  std::thread async_load([&] { expect_all(get_concurrently(port_, "/async", 20), "Finished async task"); });
  std::thread sync_load([&] { expect_all(get_concurrently(port_, "/sync", 20), "Finished sync task"); });
  async_load.join();
  sync_load.join();
  auto pings = pinger.stop();
  ASSERT_GE(pings.size(), 5u);
  EXPECT_LT(max_of(pings), 0.2) << "a /ping took " << max_of(pings) << " s while only /sync and /async ran";
  EXPECT_EQ(route_stats("/async-blocking")["stalls"], 0);
}

// A blocking call in a coroutine: the five requests run one after the other, everyone's
// latency rises to about a second, and the monitor blames the right route.
TEST_F(Example, AsyncBlockingSerializesStallsAndIsBlamed) {
  Pinger pinger(port_);
  std::this_thread::sleep_for(100ms);
  auto start = Clock::now();
  auto results = get_concurrently(port_, "/async-blocking", 5);
  double wall = seconds_since(start);
  auto pings = pinger.stop();
  expect_all(results, "Finished async-blocking task");
  EXPECT_GT(wall, 4.0) << "5 blocking coroutines cannot overlap on one loop";
  EXPECT_LT(wall, 15.0);
  EXPECT_GT(max_of(pings), 0.5) << "/ping should have waited behind a blocked loop";

  auto stats = route_stats("/async-blocking");
  EXPECT_EQ(stats["requests"], 5);
  EXPECT_GE(stats["stalls"].get<int>(), 4);
  EXPECT_GE(stats["longest_stall_ms"].get<double>(), 900.0);
  EXPECT_EQ(route_stats("/ping")["stalls"].get<int>(), 0);

  std::string log = server_->stderr_text();
  std::size_t lines = 0;
  for (std::size_t at = 0; (at = log.find(" ms in GET /async-blocking\n", at)) != std::string::npos; ++at) ++lines;
  EXPECT_GE(lines, 4u) << log;
  EXPECT_NE(log.find("coroweb: event loop stalled 10"), std::string::npos) << log;  // ~1000 ms
}

TEST_F(Example, GracefulShutdownFinishesRequestsInFlight) {
  Result in_flight;
  std::thread client([&] { in_flight = get(port_, "/async"); });
  std::this_thread::sleep_for(300ms);
  server_->signal(SIGTERM);
  client.join();
  EXPECT_EQ(in_flight.status, 200u) << in_flight.error;
  EXPECT_EQ(server_->wait(10s), std::optional<int>(0));
  server_.reset();
}

struct BadArgs : ::testing::TestWithParam<std::vector<std::string>> {};

TEST_P(BadArgs, FailWithOneLineAndNonZeroExit) {
  Process p(COROWEB_EXAMPLE_PATH, GetParam());
  auto status = p.wait(10s);
  ASSERT_TRUE(status);
  EXPECT_EQ(*status, 2);
  std::string err = p.stderr_text();
  EXPECT_EQ(err.rfind("coroweb-example: ", 0), 0u) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
}

INSTANTIATE_TEST_SUITE_P(CommandLine, BadArgs,
                         ::testing::Values(std::vector<std::string>{"--port", "abc"},
                                           std::vector<std::string>{"--port", "70000"},
                                           std::vector<std::string>{"--port", "-1"},
                                           std::vector<std::string>{"--port"},
                                           std::vector<std::string>{"--workers", "0"},
                                           std::vector<std::string>{"--bogus"},
                                           std::vector<std::string>{"extra"}));

TEST(CommandLine, PortInUseFailsWithOneLine) {
  asio::io_context ioc;
  tcp::acceptor taken(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  Process p(COROWEB_EXAMPLE_PATH, {"--port", std::to_string(taken.local_endpoint().port())});
  auto status = p.wait(10s);
  ASSERT_TRUE(status);
  EXPECT_NE(*status, 0);
  std::string err = p.stderr_text();
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
}

}  // namespace
