// The seed's sample, route for route:
//
//   @app.get("/sync")                       @app.get("/async")
//   def sync_endpoint():                    async def async_endpoint():
//       time.sleep(1)                           await asyncio.sleep(1)
//       return {"message": "Finished sync task"}    return {"message": "Finished async task"}
//
// plus /async-blocking, the mistake corolint exists to catch, and /ping to feel the latency.
#include "routes.hpp"

#include <chrono>
#include <thread>

using namespace std::chrono_literals;
using coroweb::Response;
using coroweb::Task;

namespace {

// A plain handler, like `def`: it runs on the worker pool, so sleeping here blocks one worker
// thread and nobody else.
Response sync_endpoint() {
  std::this_thread::sleep_for(1s);
  return Response::json({{"message", "Finished sync task"}});
}

// A coroutine, like `async def`: it runs on the event loop and gives it back while it waits.
Task<Response> async_endpoint() {
  co_await coroweb::sleep(1s);
  co_return Response::json({{"message", "Finished async task"}});
}

// The mistake: a blocking call inside a coroutine holds the event loop for a whole second, and
// every other request waits behind it.
Task<Response> async_blocking_endpoint() {
  std::this_thread::sleep_for(1s);
  co_return Response::json({{"message", "Finished async-blocking task"}});
}

Task<Response> ping() { co_return Response::json({{"message", "pong"}}); }

}  // namespace

void add_routes(coroweb::App& app) {
  app.get("/sync", sync_endpoint);
  app.get("/async", async_endpoint);
  app.get("/async-blocking", async_blocking_endpoint);
  app.get("/ping", ping);
}
