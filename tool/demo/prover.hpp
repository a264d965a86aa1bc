// `corolint-demo prove`: lint the demo, run it, and measure every finding on its route and on the
// fixed twin. The data the report is written from.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace demo {

struct ProveOptions {
  bool quick = false;
  std::string out;    // report directory
  std::string build;  // build directory holding compile_commands.json
  std::string corolint;
  std::string source_dir;  // tool/demo
};

struct PingSample {
  double at_s;        // intended send time, from the start of the run
  double latency_ms;  // completion - intended send time (no coordinated omission)
};

// One scenario on one route: /ping load while the route is called.
struct Run {
  std::string route;
  std::vector<PingSample> pings;
  int ping_errors = 0;
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
  long route_stalls = 0, total_stalls = 0;
  double route_stalled_ms = 0, route_longest_stall_ms = 0, loop_time_ms = 0, loop_lag_max_ms = 0;
  std::vector<double> request_seconds;
  std::vector<unsigned> request_status;
  nlohmann::ordered_json figures() const;
};

struct Case {
  std::string rule, route, file, function, message;
  int line = 0;
  std::string bad_route, fixed_route;  // paths
  Run bad, fixed;
  bool measured = false;
  std::string verdict = "NOT CONFIRMED", reason;
  bool fixed_clean = false;
  nlohmann::ordered_json extra = nlohmann::ordered_json::object();  // rule-specific figures
};

struct Proof {
  bool quick = false;
  long block_ms = 0;
  std::vector<Case> cases;
  std::vector<std::string> fixed_routes_with_findings;   // must stay empty
  std::vector<std::string> bad_routes_without_findings;  // every /bad/ route must be flagged
  std::vector<std::string> possible_false_negatives;     // stalls on routes corolint did not flag
  long stalls_outside_handlers = 0;
  bool ok() const;
};

int prove(const ProveOptions& opts);

// report.cpp
void write_reports(const Proof& proof, const std::string& out_dir);
void print_summary(const Proof& proof);

}  // namespace demo
