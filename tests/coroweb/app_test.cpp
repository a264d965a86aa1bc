// The App's API through real HTTP: handler kinds, parameters, async helpers, errors, monitor.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "running_app.hpp"
#include "test_support.hpp"

namespace {

using namespace coroweb_test;
using coroweb::Request;
using coroweb::Response;
using coroweb::Task;

Response free_plain(const Request& req) { return Response::json({{"kind", "plain"}, {"path", req.path()}}); }
Task<Response> free_coroutine() { co_return Response::json({{"kind", "coroutine"}}); }

struct Controller {
  std::string name = "ctl";
  Task<Response> show(Request& req) { co_return Response::json({{"name", name}, {"id", req.param("id")}}); }
  Response plain() { return Response::json({{"name", name}}); }
};

std::string thread_name() {
  std::ostringstream s;
  s << std::this_thread::get_id();
  return s.str();
}

class AppTest : public ::testing::Test {
 protected:
  Controller controller_;
  std::string file_ = (std::filesystem::temp_directory_path() / "coroweb-app-test.txt").string();
  std::atomic<unsigned short> self_port_{0};

  RunningApp server_{coroweb::Options{}, [this](coroweb::App& app) {
                       app.get("/free-plain", free_plain);
                       app.get("/free-coroutine", free_coroutine);
                       app.get("/items/{id}", &Controller::show, &controller_);
                       app.get("/ctl", &Controller::plain, &controller_);
                       app.get("/users/{id}/posts/{post}", [](const Request& req) -> Task<Response> {
                         co_return Response::json({{"id", req.param("id")},
                                                   {"post", req.param("post")},
                                                   {"q", req.query("q").value_or("-")},
                                                   {"route", req.route()}});
                       });
                       app.post("/json", [](Request& req) -> Task<Response> {
                         auto body = req.json();
                         co_return Response::json({{"got", body}}, 201);
                       });
                       app.put("/thing", [] { return Response::text("put"); });
                       app.del("/thing", [] { return Response::text("deleted"); });
                       app.get("/teapot", []() -> Task<Response> {
                         throw coroweb::HttpError(418, "I'm a teapot");
                         co_return Response{};
                       });
                       app.get("/threads", []() -> Task<Response> {
                         std::string loop = thread_name();
                         std::string worker = co_await coroweb::offload([] { return thread_name(); });
                         std::string after = thread_name();  // offload resumes us on the loop
                         co_return Response::json({{"same_after", loop == after}, {"worker_differs", worker != loop}});
                       });
                       app.get("/offload-throws", []() -> Task<Response> {
                         try {
                           co_await coroweb::offload([]() -> int { throw std::runtime_error("from the pool"); });
                         } catch (const std::runtime_error& e) {
                           co_return Response::json({{"caught", e.what()}});
                         }
                         co_return Response{};
                       });
                       app.get("/file", [this]() -> Task<Response> {
                         co_return Response::text(co_await coroweb::read_file(file_));
                       });
                       app.get("/proxy", [this]() -> Task<Response> {
                         auto r = co_await coroweb::http_get("http://127.0.0.1:" + std::to_string(self_port_) +
                                                             "/free-coroutine");
                         co_return Response::json({{"status", r.status}, {"body", nlohmann::json::parse(r.body)}});
                       });
                       app.get("/blocking-proxy", [this] {
                         auto r = coroweb::blocking::http_get("http://127.0.0.1:" + std::to_string(self_port_) +
                                                              "/free-coroutine");
                         return Response::json({{"status", r.status}});
                       });
                     }};

  void SetUp() override {
    self_port_ = server_.port();
    std::ofstream(file_) << "file contents";
  }
  void TearDown() override { std::filesystem::remove(file_); }

  nlohmann::json json_get(const std::string& target, unsigned status = 200) {
    auto r = get(server_.port(), target);
    EXPECT_EQ(r.status, status) << target << " " << r.error << " " << r.body;
    return r.json();
  }
};

TEST_F(AppTest, FreeFunctionsOfBothKinds) {
  EXPECT_EQ(json_get("/free-plain")["kind"], "plain");
  EXPECT_EQ(json_get("/free-plain")["path"], "/free-plain");
  EXPECT_EQ(json_get("/free-coroutine")["kind"], "coroutine");
}

TEST_F(AppTest, MemberFunctionsOfBothKinds) {
  EXPECT_EQ(json_get("/items/42"), nlohmann::json({{"name", "ctl"}, {"id", "42"}}));
  EXPECT_EQ(json_get("/ctl")["name"], "ctl");
}

TEST_F(AppTest, PathParametersAndQuery) {
  auto j = json_get("/users/a%20b/posts/7?q=hello+world&x=1");
  EXPECT_EQ(j["id"], "a b");
  EXPECT_EQ(j["post"], "7");
  EXPECT_EQ(j["q"], "hello world");
  EXPECT_EQ(j["route"], "/users/{id}/posts/{post}");
  EXPECT_EQ(json_get("/users/1/posts/2")["q"], "-");
  json_get("/users/1/posts", 404);
}

TEST_F(AppTest, JsonBodiesAndMethods) {
  Conn c(server_.port());
  c.send("POST /json HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 8\r\n\r\n{\"a\":1}\n");
  auto res = c.read_response();
  EXPECT_EQ(res.result_int(), 201u);
  EXPECT_EQ(nlohmann::json::parse(res.body())["got"]["a"], 1);
  c.send("POST /json HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\n{x}");
  res = c.read_response();
  EXPECT_EQ(res.result_int(), 400u);
  EXPECT_EQ(nlohmann::json::parse(res.body())["detail"], "request body is not valid JSON");
  c.send("PUT /thing HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(c.read_response().body(), "put");
  c.send("DELETE /thing HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_EQ(c.read_response().body(), "deleted");
  c.send("GET /thing HTTP/1.1\r\nHost: t\r\n\r\n");
  res = c.read_response();
  EXPECT_EQ(res.result_int(), 405u);
  EXPECT_EQ(res[http::field::allow], "PUT, DELETE");
}

TEST_F(AppTest, HttpErrorSetsStatusAndDetail) {
  EXPECT_EQ(json_get("/teapot", 418), nlohmann::json({{"detail", "I'm a teapot"}}));
}

TEST_F(AppTest, OffloadRunsOnThePoolAndResumesOnTheLoop) {
  auto j = json_get("/threads");
  EXPECT_EQ(j["same_after"], true);
  EXPECT_EQ(j["worker_differs"], true);
  EXPECT_EQ(json_get("/offload-throws")["caught"], "from the pool");
}

TEST_F(AppTest, AsyncFileReadAndHttpGet) {
  auto r = get(server_.port(), "/file");
  EXPECT_EQ(r.body, "file contents");
  EXPECT_EQ(json_get("/proxy"), nlohmann::json({{"status", 200}, {"body", {{"kind", "coroutine"}}}}));
  EXPECT_EQ(json_get("/blocking-proxy")["status"], 200);
}

TEST(AppRegistration, RejectsBadAndDuplicateRoutes) {
  coroweb::App app;
  app.get("/a", [] { return Response{}; });
  EXPECT_THROW(app.get("/a", [] { return Response{}; }), std::invalid_argument);
  EXPECT_THROW(app.get("no-slash", [] { return Response{}; }), std::invalid_argument);
  EXPECT_NO_THROW(app.post("/a", [] { return Response{}; }));
}

// The monitor, in-process: a coroutine that blocks 60 ms is one stall of that route, logged
// once; the same with the monitor off is not seen; blocking outside any handler is counted too.
Task<Response> block_60ms() {
  std::this_thread::sleep_for(std::chrono::milliseconds(60));  // deliberate: the stall under test
  co_return Response::json({{"ok", true}});
}

nlohmann::json stats_for(unsigned short port, const std::string& route, nlohmann::json* all = nullptr) {
  auto r = get(port, "/_coroweb/stats");
  auto j = r.json();
  if (all) *all = j;
  for (auto& s : j["routes"])
    if (s["route"] == route) return s;
  return {};
}

TEST(Monitor, AttributesAStallToItsRouteAndLogsOneLine) {
  testing::internal::CaptureStderr();
  nlohmann::json route, all;
  {
    RunningApp server({}, [](coroweb::App& app) {
      app.get("/block", block_60ms);
      app.get("/block-after-await", []() -> Task<Response> {
        co_await coroweb::sleep(std::chrono::milliseconds(5));
        std::this_thread::sleep_for(std::chrono::milliseconds(60));  // deliberate, after a suspension
        co_return Response{};
      });
      app.get("/fine", []() -> Task<Response> {
        co_await coroweb::sleep(std::chrono::milliseconds(60));
        co_return Response{};
      });
    });
    EXPECT_EQ(get(server.port(), "/block").status, 200u);
    EXPECT_EQ(get(server.port(), "/fine").status, 200u);
    EXPECT_EQ(get(server.port(), "/block-after-await").status, 200u);
    route = stats_for(server.port(), "/block", &all);
  }
  std::string log = testing::internal::GetCapturedStderr();
  EXPECT_EQ(route["requests"], 1);
  EXPECT_EQ(route["stalls"], 1);
  EXPECT_GE(route["longest_stall_ms"].get<double>(), 55.0);
  EXPECT_GE(route["loop_time_ms"].get<double>(), 55.0);
  EXPECT_EQ(all["monitor"]["enabled"], true);
  EXPECT_GT(all["loop_lag"]["samples"].get<int>(), 0);
  EXPECT_GE(all["loop_lag"]["max_ms"].get<double>(), 40.0);
  EXPECT_GE(all["totals"]["watchdog_detections"].get<int>(), 1);
  for (auto& r : all["routes"]) {
    if (r["route"] == "/fine") {
      EXPECT_EQ(r["stalls"], 0);
    }
    if (r["route"] == "/block-after-await") {
      EXPECT_EQ(r["stalls"], 1);
      EXPECT_GE(r["longest_stall_ms"].get<double>(), 55.0);
      EXPECT_LT(r["longest_stall_ms"].get<double>(), 1000.0);  // the 5 ms await is not in it
    }
  }
  EXPECT_NE(log.find("coroweb: event loop stalled "), std::string::npos) << log;
  EXPECT_NE(log.find(" ms in GET /block\n"), std::string::npos) << log;
  EXPECT_EQ(log.find(" ms in GET /fine"), std::string::npos) << log;
  EXPECT_NE(log.find(" ms in GET /block-after-await\n"), std::string::npos) << log;
  EXPECT_EQ(all["totals"]["stalls_outside_handlers"], 0);
}

TEST(Monitor, OffMeansNoStallsAndNoLog) {
  testing::internal::CaptureStderr();
  nlohmann::json route, all;
  {
    coroweb::Options o;
    o.monitor.enabled = false;
    RunningApp server(o, [](coroweb::App& app) { app.get("/block", block_60ms); });
    EXPECT_EQ(get(server.port(), "/block").status, 200u);
    route = stats_for(server.port(), "/block", &all);
  }
  std::string log = testing::internal::GetCapturedStderr();
  EXPECT_EQ(route["requests"], 1);
  EXPECT_EQ(route["stalls"], 0);
  EXPECT_EQ(all["monitor"]["enabled"], false);
  EXPECT_EQ(log.find("stalled"), std::string::npos) << log;
}

TEST(Monitor, BlockingOutsideHandlersIsCountedToo) {
  testing::internal::CaptureStderr();
  nlohmann::json all;
  {
    RunningApp server({}, [](coroweb::App&) {});
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    boost::asio::post(server.app().io_context(), [] { std::this_thread::sleep_for(std::chrono::milliseconds(80)); });
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    stats_for(server.port(), "", &all);
  }
  std::string log = testing::internal::GetCapturedStderr();
  EXPECT_GE(all["totals"]["stalls_outside_handlers"].get<int>(), 1) << all.dump();
  EXPECT_NE(log.find("ms outside handlers"), std::string::npos) << log;
}

}  // namespace
