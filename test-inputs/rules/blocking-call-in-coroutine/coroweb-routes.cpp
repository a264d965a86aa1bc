// coroweb: findings in route handlers carry the route; plain handlers run on the pool; offloaded
// work and work after a hop to a pool do not run on the loop.
#include <coroweb/coroweb.hpp>
#include <fstream>
#include <thread>

using namespace std::chrono_literals;
using coroweb::Request;
using coroweb::Response;
using coroweb::Task;

Task<Response> get_user(Request &req) {
  std::this_thread::sleep_for(10ms);   // EXPECT: blocking-call-in-coroutine {{GET /users/{id}: blocking call to 'std::this_thread::sleep_for' in coroutine 'get_user'; use 'co_await coroweb::sleep(...)'}}
  co_return Response::json({{"id", req.param("id")}});
}

// A plain handler: coroweb runs it on its worker pool, blocking is its right.
Response export_csv() {
  std::ifstream in("/var/data/export.csv");
  std::this_thread::sleep_for(10ms);
  return Response::text("...");
}

struct Admin {
  Task<Response> reload() {
    std::ifstream config("/etc/app.conf"); // EXPECT: blocking-call-in-coroutine {{POST /admin/reload: blocking construction of 'std::ifstream' in coroutine 'Admin::reload'; read with 'co_await coroweb::read_file(...)'}}
    co_return Response::json({{"ok", true}});
  }
};

void add_routes(coroweb::App &app, Admin &admin) {
  app.get("/users/{id}", get_user);
  app.get("/export", export_csv);
  app.post("/admin/reload", &Admin::reload, &admin);
  app.route("PATCH", "/items/{id}", [](Request &) -> Task<Response> {
    sleep(1);                          // EXPECT: blocking-call-in-coroutine {{PATCH /items/{id}: blocking call to 'sleep' in coroutine 'lambda at coroweb-routes.cpp:35 in 'add_routes''}}
    co_return Response::json({});
  });
  app.get("/offloaded", []() -> Task<Response> {
    auto slow = [] { std::this_thread::sleep_for(100ms); return 1; };
    int n = co_await coroweb::offload(std::move(slow)); // runs on the pool
    co_return Response::json({{"n", n}});
  });
  app.del("/sync-lambda", [] {         // plain lambda handler: on the pool
    std::this_thread::sleep_for(10ms);
    return Response::json({});
  });
}
