// The proof: corolint's findings on the demo, each measured on the running server.
#include "prover.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <thread>

#include "http_client.hpp"

extern char** environ;

namespace demo {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using client::Clock;
using namespace std::chrono_literals;

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

int spawn(const std::vector<std::string>& argv, posix_spawn_file_actions_t* actions, pid_t& pid) {
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  return posix_spawn(&pid, args[0], actions, nullptr, args.data(), environ);
}

// corolint over the demo's own translation units. JSON, because SARIF results do not carry the
// route a finding is in (the SARIF is written too, in the full proof, for editors and CI).
json run_corolint(const ProveOptions& o, const std::string& format, const std::string& out_file) {
  std::vector<std::string> argv{o.corolint, "-p", o.build, "--format", format, "-o", out_file, "-q", "-j", "2",
                                o.source_dir};
  // From the repository's root, so that the findings' paths are relative to it wherever we run.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, fs::path(o.source_dir).parent_path().parent_path().c_str());
  pid_t pid;
  int spawned = spawn(argv, &actions, pid);
  posix_spawn_file_actions_destroy(&actions);
  if (int rc = spawned; rc != 0) throw Error("cannot run " + o.corolint + ": " + std::strerror(rc));
  int status = 0;
  waitpid(pid, &status, 0);
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  if (code != 0 && code != 1) throw Error("corolint failed (exit status " + std::to_string(code) + "): " + out_file);
  if (format != "json") return {};
  std::ifstream in(out_file);
  json j = json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.contains("findings")) throw Error("corolint wrote no JSON report: " + out_file);
  return j;
}

// The demo server as a child process of this one.
class Server {
 public:
  Server(long block_ms, const std::string& log_file) {
    int out[2];
    if (pipe(out) != 0) throw Error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    std::string self = fs::read_symlink("/proc/self/exe");
    int rc = spawn({self, "serve", "--port", "0", "--block-ms", std::to_string(block_ms)}, &actions, pid_);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    if (rc != 0) throw Error("cannot start the demo server");
    std::string line;
    auto deadline = Clock::now() + 30s;
    while (line.find('\n') == std::string::npos && Clock::now() < deadline) {
      pollfd p{out[0], POLLIN, 0};
      if (poll(&p, 1, 200) <= 0) continue;
      char buf[256];
      ssize_t n = read(out[0], buf, sizeof buf);
      if (n <= 0) break;
      line.append(buf, n);
    }
    close(out[0]);
    auto at = line.find("127.0.0.1:");
    if (at == std::string::npos) throw Error("the demo server did not start (see " + log_file + ")");
    port_ = static_cast<unsigned short>(std::stoi(line.substr(at + 10)));
  }
  ~Server() {
    kill(pid_, SIGTERM);
    int status;
    waitpid(pid_, &status, 0);
  }
  unsigned short port() const { return port_; }

 private:
  pid_t pid_ = -1;
  unsigned short port_ = 0;
};

json fetch_json(unsigned short port, const std::string& path) {
  auto r = client::get(port, path, 10s);
  if (!r.ok()) throw Error("GET " + path + " failed: " + (r.error.empty() ? std::to_string(r.status) : r.error));
  return json::parse(r.body);
}

const json* route_stats(const json& stats, const std::string& path) {
  for (auto& r : stats["routes"])
    if (r["method"] == "GET" && r["route"] == path) return &r;
  return nullptr;
}

// Open-loop /ping load: intended send times every `interval`, served by several keep-alive
// connections so one stalled ping does not hold back the schedule. A ping's latency runs from
// its intended send time, so a stall shows in every ping it delayed (coordinated omission).
class Pinger {
 public:
  Pinger(unsigned short port, std::chrono::milliseconds interval, double window_s, int connections = 8)
      : interval_(interval), t0_(Clock::now() + 100ms), end_(t0_ + std::chrono::duration_cast<Clock::duration>(
                                                                      std::chrono::duration<double>(window_s))) {
    for (int i = 0; i < connections; ++i) threads_.emplace_back([this, port] { work(port); });
    std::this_thread::sleep_until(t0_);
  }
  std::vector<PingSample> finish(int& errors) {
    for (auto& t : threads_) t.join();
    std::sort(samples_.begin(), samples_.end(), [](auto& a, auto& b) { return a.at_s < b.at_s; });
    errors = errors_;
    return samples_;
  }

 private:
  void work(unsigned short port) {
    std::unique_ptr<client::Conn> conn;
    for (;;) {
      long i = next_++;
      auto intended = t0_ + i * interval_;
      if (intended >= end_) return;
      std::this_thread::sleep_until(intended);
      bool ok = true;
      try {
        if (!conn) conn = std::make_unique<client::Conn>(port, 30s);
        ok = conn->get("/ping").result_int() == 200;
      } catch (const std::exception&) {
        ok = false;
        conn.reset();
      }
      double at = std::chrono::duration<double>(intended - t0_).count();
      double latency = std::chrono::duration<double, std::milli>(Clock::now() - intended).count();
      std::lock_guard lock(mutex_);
      samples_.push_back({at, latency});
      if (!ok) ++errors_;
    }
  }

  std::chrono::milliseconds interval_;
  Clock::time_point t0_, end_;
  std::atomic<long> next_{0};
  std::mutex mutex_;
  std::vector<PingSample> samples_;
  int errors_ = 0;
  std::vector<std::thread> threads_;
};

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(std::ceil(q * (v.size() - 1)))];
}

struct Settings {
  long block_ms;
  int concurrent;     // bad (or fixed) requests per run
  double stagger_s;   // between their starts
  int per_call_runs;  // needless-coroutine: sequential calls per side
};

// Calls `path` `concurrent` times (staggered) under /ping load, with the monitor's counters
// before and after.
Run measure(unsigned short port, const std::string& path, const Settings& s) {
  Run run;
  run.route = path;
  json before = fetch_json(port, "/_coroweb/stats");
  double work_s = (s.concurrent + 1) * s.block_ms / 1000.0;
  Pinger pinger(port, 5ms, 0.15 + work_s + 0.6);
  std::this_thread::sleep_for(150ms);  // a baseline first
  std::vector<client::Reply> replies(s.concurrent);
  std::vector<std::thread> callers;
  for (int i = 0; i < s.concurrent; ++i) {
    callers.emplace_back([&, i] {
      std::this_thread::sleep_for(std::chrono::duration<double>(i * s.stagger_s));
      replies[i] = client::get(port, path, 30s);
    });
  }
  for (auto& t : callers) t.join();
  run.pings = pinger.finish(run.ping_errors);
  json after = fetch_json(port, "/_coroweb/stats");
  for (auto& r : replies) {
    run.request_seconds.push_back(r.seconds);
    run.request_status.push_back(r.error.empty() ? r.status : 0);
  }
  std::vector<double> lat;
  for (auto& p : run.pings) lat.push_back(p.latency_ms);
  run.p50_ms = percentile(lat, 0.50);
  run.p99_ms = percentile(lat, 0.99);
  run.max_ms = lat.empty() ? 0 : *std::max_element(lat.begin(), lat.end());
  if (auto *b = route_stats(before, path), *a = route_stats(after, path); a && b) {
    run.route_stalls = (*a)["stalls"].get<long>() - (*b)["stalls"].get<long>();
    run.route_stalled_ms = (*a)["stalled_ms"].get<double>() - (*b)["stalled_ms"].get<double>();
    run.route_longest_stall_ms = (*a)["longest_stall_ms"].get<double>();
    run.loop_time_ms = (*a)["loop_time_ms"].get<double>() - (*b)["loop_time_ms"].get<double>();
  }
  run.total_stalls = after["totals"]["stalls"].get<long>() - before["totals"]["stalls"].get<long>();
  // Loop lag during the run: the highest histogram bucket that gained samples.
  auto& ba = after["loop_lag"]["buckets"];
  auto& bb = before["loop_lag"]["buckets"];
  for (std::size_t i = 0; i < ba.size(); ++i)
    if (ba[i]["count"].get<long>() > bb[i]["count"].get<long>())
      run.loop_lag_max_ms = ba[i]["le_ms"].is_null() ? 1e9 : ba[i]["le_ms"].get<double>();
  return run;
}

std::string fixed_twin(const std::string& route) {
  if (route.rfind("/bad/", 0) == 0) return "/fixed/" + route.substr(5);
  if (route == "/async-blocking") return "/async";  // the seed's pair
  return "";
}

std::string fmt(double v) {
  char b[32];
  std::snprintf(b, sizeof b, v < 10 ? "%.2f" : "%.0f", v);
  return b;
}

// CONFIRMED for a stall, judged against the block itself (block_ms) rather than against the
// fixed route's latency, which on a loaded machine is the scheduler's: the pings felt the block
// (the bad route's ping p99 is at least half of it; load only adds to that), the monitor
// attributes a stall of that size to the bad route, and with the fix the pings no longer wait
// that long (the fixed route's p99 under half the block).
void stall_verdict(Case& c, long block_ms) {
  double half = block_ms / 2.0;
  double ratio = c.bad.p99_ms / std::max(c.fixed.p99_ms, 0.001);
  c.extra["p99_ratio"] = std::round(ratio * 10) / 10;
  bool confirmed = c.bad.p99_ms >= half && c.bad.route_stalls > 0 && c.bad.route_longest_stall_ms >= half &&
                   c.fixed.p99_ms < half;
  c.verdict = confirmed ? "CONFIRMED" : "NOT CONFIRMED";
  c.reason = "ping p99 " + fmt(c.bad.p99_ms) + " ms vs " + fmt(c.fixed.p99_ms) + " ms (x" + fmt(ratio) + "), " +
             std::to_string(c.bad.route_stalls) + " stall(s) on " + c.bad_route + ", the longest " +
             fmt(c.bad.route_longest_stall_ms) + " ms";
}

void lock_verdict(Case& c, long block_ms) {
  // The second request arrives while the first holds the lock across its suspension.
  auto second = [](const Run& r) { return r.request_seconds.size() > 1 ? r.request_seconds[1] * 1000 : 0.0; };
  auto status = [](const Run& r) { return r.request_status.size() > 1 ? r.request_status[1] : 0u; };
  bool bad_waits = status(c.bad) == 503 || second(c.bad) >= 2.0 * block_ms;
  bool fixed_free = status(c.fixed) == 200 && second(c.fixed) < 1.5 * block_ms;
  c.extra["second_request"] = {{"bad_ms", std::round(second(c.bad))}, {"bad_status", status(c.bad)},
                               {"fixed_ms", std::round(second(c.fixed))}, {"fixed_status", status(c.fixed)},
                               {"hold_ms", block_ms}};
  c.verdict = bad_waits && fixed_free ? "CONFIRMED" : "NOT CONFIRMED";
  c.reason = "second request: " + fmt(second(c.bad)) + " ms, status " + std::to_string(status(c.bad)) +
             (status(c.bad) == 503 ? " (deadlock, broken by the lock timeout)" : "") + " vs " +
             fmt(second(c.fixed)) + " ms, status " + std::to_string(status(c.fixed)) + " on the fixed route";
}

}  // namespace

nlohmann::ordered_json Run::figures() const {
  auto r1 = [](double v) { return std::round(v * 1000) / 1000; };
  return {{"route", route},
          {"ping", {{"samples", pings.size()}, {"errors", ping_errors}, {"p50_ms", r1(p50_ms)}, {"p99_ms", r1(p99_ms)},
                    {"max_ms", r1(max_ms)}}},
          {"monitor", {{"route_stalls", route_stalls}, {"route_stalled_ms", r1(route_stalled_ms)},
                       {"route_longest_stall_ms", r1(route_longest_stall_ms)}, {"route_loop_time_ms", r1(loop_time_ms)},
                       {"all_stalls", total_stalls}, {"loop_lag_max_le_ms", loop_lag_max_ms}}},
          {"requests", {{"seconds", request_seconds}, {"status", request_status}}}};
}

bool Proof::ok() const {
  if (cases.empty() || !fixed_routes_with_findings.empty() || !bad_routes_without_findings.empty()) return false;
  for (auto& c : cases)
    if (c.verdict != "CONFIRMED" || !c.fixed_clean) return false;
  return true;
}

int prove(const ProveOptions& o) {
  Settings s = o.quick ? Settings{200, 3, 0.02, 3} : Settings{300, 3, 0.02, 10};
  Proof proof;
  proof.quick = o.quick;
  proof.block_ms = s.block_ms;
  try {
    fs::create_directories(o.out);
    std::fprintf(stderr, "corolint-demo: linting %s\n", o.source_dir.c_str());
    json lint = run_corolint(o, "json", o.out + "/corolint.json");
    if (!o.quick) run_corolint(o, "sarif", o.out + "/corolint.sarif");

    std::fprintf(stderr, "corolint-demo: %zu finding(s); starting the server (block %ld ms)\n",
                 lint["findings"].size(), s.block_ms);
    Server server(s.block_ms, o.out + "/server.log");
    unsigned short port = server.port();
    std::set<std::string> flagged;
    for (auto& f : lint["findings"]) {
      Case c;
      c.rule = f.value("rule", "");
      c.file = f.value("file", "");
      c.line = f.value("line", 0);
      c.function = f.value("function", "");
      c.message = f.value("message", "");
      c.route = f.contains("properties") ? f["properties"].value("route", "") : "";
      if (c.route.rfind("GET ", 0) == 0) c.bad_route = c.route.substr(4);
      c.fixed_route = fixed_twin(c.bad_route);
      if (!c.bad_route.empty()) flagged.insert(c.bad_route);
      if (c.bad_route.rfind("/fixed/", 0) == 0) proof.fixed_routes_with_findings.push_back(c.route);
      proof.cases.push_back(std::move(c));
    }

    std::map<std::string, std::pair<Run, Run>> done;  // several findings may share a route
    for (auto& c : proof.cases) {
      if (c.bad_route.empty() || c.fixed_route.empty()) {
        c.reason = c.bad_route.empty() ? "not in a route handler: nothing to measure" : "no fixed twin to compare with";
        continue;
      }
      std::fprintf(stderr, "corolint-demo: %s %s vs %s (%s, line %d)\n",
                   done.count(c.bad_route) && c.rule != "discarded-task" ? "measured already" : "measuring",
                   c.bad_route.c_str(), c.fixed_route.c_str(), c.rule.c_str(), c.line);
      json counter_before, counter_mid, counter_after;
      if (c.rule == "discarded-task") counter_before = fetch_json(port, "/_demo/counter");
      if (auto it = done.find(c.bad_route); it != done.end() && c.rule != "discarded-task") {
        std::tie(c.bad, c.fixed) = it->second;
      } else {
        c.fixed = measure(port, c.fixed_route, s);  // fixed first: it must leave the loop clean
        if (c.rule == "discarded-task") counter_mid = fetch_json(port, "/_demo/counter");
        c.bad = measure(port, c.bad_route, s);
        done[c.bad_route] = {c.bad, c.fixed};
      }
      c.measured = true;
      // The monitor's 10 ms threshold also catches a handler the scheduler preempted on a loaded
      // machine; what a fix removes is a stall the size of the block.
      c.fixed_clean = c.fixed.route_longest_stall_ms < s.block_ms / 2.0;

      if (c.rule == "lock-across-suspension") {
        lock_verdict(c, s.block_ms);
      } else if (c.rule == "discarded-task") {
        counter_after = fetch_json(port, "/_demo/counter");
        int ran_bad = counter_after["bad"].get<int>() - counter_mid["bad"].get<int>();
        int ran_fixed = counter_mid["fixed"].get<int>() - counter_before["fixed"].get<int>();
        c.extra["side_effects"] = {{"bad_requests", s.concurrent}, {"bad_side_effects", ran_bad},
                                   {"fixed_requests", s.concurrent}, {"fixed_side_effects", ran_fixed}};
        bool confirmed = ran_bad == 0 && ran_fixed == s.concurrent;
        c.verdict = confirmed ? "CONFIRMED" : "NOT CONFIRMED";
        c.reason = "side effect ran " + std::to_string(ran_bad) + "/" + std::to_string(s.concurrent) +
                   " times on the bad route, " + std::to_string(ran_fixed) + "/" + std::to_string(s.concurrent) +
                   " on the fixed one";
      } else {
        stall_verdict(c, s.block_ms);
      }

      if (c.rule == "needless-coroutine") {
        // Cost per call, one call at a time, and the loop time it takes from everyone else.
        auto per_call = [&](const std::string& path) {
          json st0 = fetch_json(port, "/_coroweb/stats");
          auto a0 = fetch_json(port, "/_demo/allocs")["allocations"].get<double>();
          double total = 0;
          for (int i = 0; i < s.per_call_runs; ++i) total += client::get(port, path).seconds;
          auto a1 = fetch_json(port, "/_demo/allocs")["allocations"].get<double>();
          json st1 = fetch_json(port, "/_coroweb/stats");
          double loop = (*route_stats(st1, path))["loop_time_ms"].get<double>() -
                        (*route_stats(st0, path))["loop_time_ms"].get<double>();
          return nlohmann::ordered_json{{"route", path}, {"calls", s.per_call_runs},
                                        {"ms_per_call", std::round(total * 1e4 / s.per_call_runs) / 10},
                                        {"allocations_per_call", std::round((a1 - a0) / s.per_call_runs)},
                                        {"loop_ms_per_call", std::round(loop * 10 / s.per_call_runs) / 10}};
        };
        c.extra["per_call"] = {per_call(c.bad_route), per_call(c.fixed_route)};
      }
    }

    // Every other route is called once, so that a stall on a route corolint did not flag shows
    // up as a possible false negative of the linter; and every /bad/ route must draw a finding.
    json before_sweep = fetch_json(port, "/_coroweb/stats");  // named: a temporary's member would dangle
    for (auto& r : before_sweep["routes"]) {
      std::string path = r["route"];
      if (r["method"] == "GET" && r["requests"].get<long>() == 0 && path.find('{') == std::string::npos) {
        std::fprintf(stderr, "corolint-demo: calling %s once (sweep)\n", path.c_str());
        client::get(port, path);
      }
    }
    json stats = fetch_json(port, "/_coroweb/stats");
    for (auto& r : stats["routes"]) {
      std::string path = r["route"];
      if (path.rfind("/bad/", 0) == 0 && !flagged.count(path)) proof.bad_routes_without_findings.push_back(path);
      if (r["stalls"].get<long>() > 0 && !flagged.count(path))
        proof.possible_false_negatives.push_back("GET " + path + ": " + std::to_string(r["stalls"].get<long>()) +
                                                 " stall(s), longest " + fmt(r["longest_stall_ms"].get<double>()) +
                                                 " ms, but corolint reported nothing there");
    }
    proof.stalls_outside_handlers = stats["totals"]["stalls_outside_handlers"].get<long>();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "corolint-demo: error: %s\n", e.what());
    return 2;
  }
  write_reports(proof, o.out);
  print_summary(proof);
  return proof.ok() ? 0 : 1;
}

}  // namespace demo
