// coroweb-example: the seed's FastAPI sample as a coroweb server.
//
//   build/bin/coroweb-example [--host ADDR] [--port N] [--workers N] [--stall-threshold-ms N]
//                             [--no-monitor]
//
// --port 0 picks a free port; the "listening on" line tells which (the tests rely on it).
#include <charconv>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include "routes.hpp"

namespace {

constexpr const char* kUsage =
    "usage: coroweb-example [--host ADDR] [--port N] [--workers N] [--stall-threshold-ms N] [--no-monitor]\n";

std::optional<long> parse_number(std::string_view s, long min, long max) {
  long v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < min || v > max) return std::nullopt;
  return v;
}

[[noreturn]] void fail(const std::string& message) {
  std::fprintf(stderr, "coroweb-example: %s\n", message.c_str());
  std::exit(2);
}

coroweb::Options parse_args(int argc, char** argv) {
  coroweb::Options opts;
  opts.port = 8000;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> std::string_view {
      if (i + 1 >= argc) fail("missing value for " + std::string(arg));
      return argv[++i];
    };
    auto number = [&](long min, long max) {
      std::string_view v = value();
      auto n = parse_number(v, min, max);
      if (!n)
        fail("invalid value '" + std::string(v) + "' for " + std::string(arg) + " (expected " +
             std::to_string(min) + ".." + std::to_string(max) + ")");
      return *n;
    };
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else if (arg == "--host") {
      opts.host = std::string(value());
    } else if (arg == "--port") {
      opts.port = static_cast<unsigned short>(number(0, 65535));
    } else if (arg == "--workers") {
      opts.worker_threads = static_cast<std::size_t>(number(1, 1024));
    } else if (arg == "--stall-threshold-ms") {
      opts.monitor.stall_threshold = std::chrono::milliseconds(number(1, 3'600'000));
    } else if (arg == "--no-monitor") {
      opts.monitor.enabled = false;
    } else {
      fail("unknown argument '" + std::string(arg) + "' (try --help)");
    }
  }
  return opts;
}

}  // namespace

int main(int argc, char** argv) {
  coroweb::Options opts = parse_args(argc, argv);
  try {
    coroweb::App app(opts);
    add_routes(app);
    app.listen();
    std::printf("coroweb-example: listening on http://%s:%u\n", app.host().c_str(), unsigned(app.port()));
    std::fflush(stdout);
    app.run();
    std::printf("coroweb-example: shut down\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "coroweb-example: %s\n", e.what());
    return 1;
  }
  return 0;
}
