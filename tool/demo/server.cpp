// `corolint-demo serve`: the seed's routes, a bad and a fixed route per warning, and the demo's
// own endpoints (/_demo/counter, /_demo/allocs).
#include <charconv>
#include <cstdio>
#include <string>
#include <string_view>
#include <thread>

#include "demo.hpp"

namespace demo {
namespace {

using namespace std::chrono_literals;
using coroweb::Response;
using coroweb::Task;

// The seed's sample (examples/coroweb-example), route for route.
Response sync_endpoint() {
  std::this_thread::sleep_for(block());
  return Response::json({{"message", "Finished sync task"}});
}
Task<Response> async_endpoint() {
  co_await coroweb::sleep(block());
  co_return Response::json({{"message", "Finished async task"}});
}
Task<Response> async_blocking_endpoint() {
  std::this_thread::sleep_for(block());
  co_return Response::json({{"message", "Finished async-blocking task"}});
}
Task<Response> ping() { co_return Response::json({{"message", "pong"}}); }
Response allocs() { return Response::json({{"allocations", allocations()}}); }

[[noreturn]] void fail(const std::string& message) {
  std::fprintf(stderr, "corolint-demo: error: %s\n", message.c_str());
  std::exit(2);
}

long number(std::string_view flag, std::string_view v, long min, long max) {
  long n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size() || n < min || n > max)
    fail("invalid value '" + std::string(v) + "' for " + std::string(flag) + " (expected " + std::to_string(min) +
         ".." + std::to_string(max) + ")");
  return n;
}

}  // namespace

int serve(int argc, char** argv) {
  coroweb::Options opts;
  for (int i = 0; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> std::string_view {
      if (i + 1 >= argc) fail("missing value for " + std::string(arg));
      return argv[++i];
    };
    if (arg == "--port") opts.port = static_cast<unsigned short>(number(arg, value(), 0, 65535));
    else if (arg == "--host") opts.host = std::string(value());
    else if (arg == "--block-ms") set_block(std::chrono::milliseconds(number(arg, value(), 1, 60000)));
    else fail("unknown argument '" + std::string(arg) + "' for serve (try --help)");
  }
  calibrate_cpu_work();
  try {
    start_simulators();
    coroweb::App app(opts);
    app.get("/sync", sync_endpoint);
    app.get("/async", async_endpoint);
    app.get("/async-blocking", async_blocking_endpoint);
    app.get("/ping", ping);
    app.get("/_demo/allocs", allocs);
    add_blocking_routes(app);
    add_cpu_routes(app);
    add_hazard_routes(app);
    add_hidden_routes(app);
    app.listen();
    std::printf("corolint-demo: listening on http://%s:%u (block %ld ms)\n", app.host().c_str(), unsigned(app.port()),
                long(block().count()));
    std::fflush(stdout);
    app.run();
    stop_simulators();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "corolint-demo: error: %s\n", e.what());
    return 2;
  }
  return 0;
}

}  // namespace demo
