// coroweb - a small coroutine web framework with FastAPI's semantics and a stall monitor.
//
//   #include <coroweb/coroweb.hpp>
//   using namespace std::chrono_literals;
//
//   coroweb::App app;                                      // 127.0.0.1:8000, 40 workers
//   app.get("/async", []() -> coroweb::Task<coroweb::Response> {    // runs on the event loop
//     co_await coroweb::sleep(1s);
//     co_return coroweb::Response::json({{"message", "Finished async task"}});
//   });
//   app.get("/sync", [] {                                   // plain: runs on the worker pool
//     std::this_thread::sleep_for(1s);
//     return coroweb::Response::json({{"message", "Finished sync task"}});
//   });
//   app.get("/users/{id}", [](coroweb::Request& req) -> coroweb::Task<coroweb::Response> {
//     co_return coroweb::Response::json({{"id", req.param("id")}, {"q", req.query("q").value_or("")}});
//   });
//   app.run();                                              // until SIGINT/SIGTERM or app.stop()
//
// Files: app.hpp (App, Options), http.hpp (Request, Response, HttpError), router.hpp,
// async.hpp (Task, sleep, offload, read_file, http_get), monitor.hpp (the stall monitor and the
// JSON shape of GET /_coroweb/stats).
#pragma once

#include "app.hpp"
#include "async.hpp"
#include "http.hpp"
#include "monitor.hpp"
#include "router.hpp"
