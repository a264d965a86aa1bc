// The proof's reports: proof.json, proof.md, one SVG chart per case, and the terminal table.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "prover.hpp"

namespace demo {
namespace {

using ojson = nlohmann::ordered_json;

std::string fmt(double v, const char* f = "%.1f") {
  char b[48];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

std::string slug(const Case& c) {
  std::string s = c.rule + "-" + c.bad_route + "-" + std::to_string(c.line);
  for (char& ch : s)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-') ch = '-';
  return s;
}

std::string chart_name(const Case& c) { return "chart-" + slug(c) + ".svg"; }

// Ping latency over time, bad (red) against fixed (green), on a log scale so that a 0.3 ms
// baseline and a 600 ms stall both show.
std::string svg_chart(const Case& c) {
  const double W = 720, H = 320, L = 64, R = 16, T = 40, B = 44;
  double xmax = 0.1, ymax = 1;
  for (auto* run : {&c.bad, &c.fixed})
    for (auto& p : run->pings) xmax = std::max(xmax, p.at_s), ymax = std::max(ymax, p.latency_ms);
  double lo = std::log10(0.1), hi = std::ceil(std::log10(ymax * 1.2));
  auto X = [&](double s) { return L + s / xmax * (W - L - R); };
  auto Y = [&](double ms) { return H - B - (std::log10(std::max(ms, 0.1)) - lo) / (hi - lo) * (H - T - B); };
  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << W << "\" height=\"" << H
    << "\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  o << "<text x=\"" << L << "\" y=\"20\" font-size=\"14\" font-weight=\"bold\">" << c.rule << ": GET " << c.bad_route
    << " vs GET " << c.fixed_route << " - /ping latency (" << c.verdict << ")</text>\n";
  for (double e = lo; e <= hi + 1e-9; e += 1) {
    double y = Y(std::pow(10, e));
    o << "<line x1=\"" << L << "\" x2=\"" << W - R << "\" y1=\"" << y << "\" y2=\"" << y
      << "\" stroke=\"#ddd\"/>\n<text x=\"" << L - 6 << "\" y=\"" << y + 4 << "\" text-anchor=\"end\">"
      << fmt(std::pow(10, e), e < 0 ? "%.1f" : "%.0f") << "</text>\n";
  }
  for (int i = 0; i <= 5; ++i) {
    double s = xmax * i / 5, x = X(s);
    o << "<line x1=\"" << x << "\" x2=\"" << x << "\" y1=\"" << H - B << "\" y2=\"" << H - B + 4
      << "\" stroke=\"#333\"/>\n<text x=\"" << x << "\" y=\"" << H - B + 18 << "\" text-anchor=\"middle\">"
      << fmt(s, "%.2f") << "</text>\n";
  }
  o << "<line x1=\"" << L << "\" x2=\"" << L << "\" y1=\"" << T << "\" y2=\"" << H - B << "\" stroke=\"#333\"/>\n"
    << "<line x1=\"" << L << "\" x2=\"" << W - R << "\" y1=\"" << H - B << "\" y2=\"" << H - B
    << "\" stroke=\"#333\"/>\n<text x=\"" << (L + W - R) / 2 << "\" y=\"" << H - 8
    << "\" text-anchor=\"middle\">seconds since the run started (intended send time)</text>\n<text x=\"14\" y=\""
    << (T + H - B) / 2 << "\" transform=\"rotate(-90 14 " << (T + H - B) / 2
    << ")\" text-anchor=\"middle\">/ping latency, ms (log)</text>\n";
  auto series = [&](const Run& r, const char* color, const std::string& label, int row) {
    o << "<polyline fill=\"none\" stroke=\"" << color << "\" stroke-width=\"1.5\" points=\"";
    for (auto& p : r.pings) o << fmt(X(p.at_s), "%.1f") << "," << fmt(Y(p.latency_ms), "%.1f") << " ";
    o << "\"/>\n<rect x=\"" << W - R - 250 << "\" y=\"" << T + 4 + row * 18 << "\" width=\"12\" height=\"3\" fill=\""
      << color << "\"/>\n<text x=\"" << W - R - 232 << "\" y=\"" << T + 9 + row * 18 << "\">" << label << "</text>\n";
  };
  series(c.fixed, "#2a9d3a", "fixed " + c.fixed_route + ": p99 " + fmt(c.fixed.p99_ms, "%.2f") + " ms", 1);
  series(c.bad, "#d62828", "bad " + c.bad_route + ": p99 " + fmt(c.bad.p99_ms, "%.0f") + " ms", 0);
  o << "</svg>\n";
  return o.str();
}

std::string location(const Case& c) { return c.file + ":" + std::to_string(c.line); }

std::string short_figures(const Case& c) {
  if (!c.measured) return c.reason;
  return "p99 " + fmt(c.bad.p99_ms, "%.1f") + " / " + fmt(c.fixed.p99_ms, "%.2f") + " ms, stalls " +
         std::to_string(c.bad.route_stalls) + " / " + std::to_string(c.fixed.route_stalls);
}

}  // namespace

void write_reports(const Proof& p, const std::string& dir) {
  ojson cases = ojson::array();
  for (auto& c : p.cases) {
    ojson j = {{"rule", c.rule}, {"route", c.route}, {"file", c.file}, {"line", c.line}, {"verdict", c.verdict},
               {"reason", c.reason}, {"function", c.function}, {"message", c.message},
               {"fixed_route", c.fixed_route.empty() ? ojson() : ojson("GET " + c.fixed_route)},
               {"fixed_clean", c.fixed_clean}};
    if (c.measured) {
      j["bad"] = c.bad.figures();
      j["fixed"] = c.fixed.figures();
      j["chart"] = chart_name(c);
      std::ofstream(dir + "/" + chart_name(c)) << svg_chart(c);
    }
    for (auto& [k, v] : c.extra.items()) j[k] = v;
    cases.push_back(j);
  }
  ojson doc = {{"quick", p.quick}, {"block_ms", p.block_ms}, {"ok", p.ok()}, {"cases", cases},
               {"fixed_routes_with_findings", p.fixed_routes_with_findings},
               {"bad_routes_without_findings", p.bad_routes_without_findings},
               {"possible_false_negatives", p.possible_false_negatives},
               {"stalls_outside_handlers", p.stalls_outside_handlers}};
  std::ofstream(dir + "/proof.json") << doc.dump(2) << "\n";

  std::ofstream md(dir + "/proof.md");
  md << "# corolint-demo prove" << (p.quick ? " --quick" : "") << "\n\n"
     << "Each bad request blocks for " << p.block_ms << " ms; /ping runs open-loop every 5 ms and its latency is "
     << "measured from the intended send time. CONFIRMED: ping p99 on the bad route at least 10x the fixed "
     << "route's and stalls attributed to the bad route (lock: the second request waits or deadlocks; dropped "
     << "task: the side effect never happens).\n\n"
     << "| Rule | Route | Finding | Verdict | ping p99 bad / fixed | stalls bad / fixed | Fixed clean |\n"
     << "|---|---|---|---|---|---|---|\n";
  for (auto& c : p.cases)
    md << "| " << c.rule << " | " << c.route << " | " << location(c) << " | **" << c.verdict << "** | "
       << (c.measured ? fmt(c.bad.p99_ms) + " / " + fmt(c.fixed.p99_ms, "%.2f") + " ms" : "-") << " | "
       << (c.measured ? std::to_string(c.bad.route_stalls) + " / " + std::to_string(c.fixed.route_stalls) : "-")
       << " | " << (c.fixed_clean ? "yes" : "no") << " |\n";
  md << "\n**Result: " << (p.ok() ? "every finding confirmed, fixed routes clean" : "NOT everything confirmed")
     << "**\n";
  auto list = [&](const char* title, const std::vector<std::string>& v) {
    md << "\n" << title << ": " << (v.empty() ? "none" : "") << "\n";
    for (auto& s : v) md << "- " << s << "\n";
  };
  list("Findings on fixed routes", p.fixed_routes_with_findings);
  list("Bad routes corolint did not flag", p.bad_routes_without_findings);
  list("Possible false negatives (stalls on routes corolint did not flag)", p.possible_false_negatives);
  for (auto& c : p.cases) {
    md << "\n## " << c.rule << " - " << c.route << "\n\n`" << location(c) << "` in `" << c.function << "`: "
       << c.message << "\n\n**" << c.verdict << "**: " << c.reason << "\n\n";
    if (!c.measured) continue;
    md << "| | route | ping p50 | ping p99 | ping max | stalls on route | stalled ms | loop lag up to | requests (s) |\n"
       << "|---|---|---|---|---|---|---|---|---|\n";
    for (auto [name, r] : {std::pair{"bad", &c.bad}, std::pair{"fixed", &c.fixed}}) {
      std::string secs;
      for (double s : r->request_seconds) secs += (secs.empty() ? "" : ", ") + fmt(s, "%.3f");
      md << "| " << name << " | " << r->route << " | " << fmt(r->p50_ms, "%.2f") << " | " << fmt(r->p99_ms, "%.2f")
         << " | " << fmt(r->max_ms, "%.1f") << " | " << r->route_stalls << " | " << fmt(r->route_stalled_ms) << " | "
         << fmt(r->loop_lag_max_ms, "%g") << " ms | " << secs << " |\n";
    }
    if (c.extra.contains("per_call")) {
      md << "\nCost per call (one call at a time):\n\n| route | ms per call | allocations per call | loop ms per call |\n"
         << "|---|---|---|---|\n";
      for (auto& pc : c.extra["per_call"])
        md << "| " << pc["route"].get<std::string>() << " | " << pc["ms_per_call"] << " | "
           << pc["allocations_per_call"] << " | " << pc["loop_ms_per_call"] << " |\n";
    }
    md << "\n![" << c.rule << " " << c.bad_route << "](" << chart_name(c) << ")\n";
  }
}

void print_summary(const Proof& p) {
  std::printf("%-27s %-26s %-34s %-14s %s\n", "RULE", "ROUTE", "FINDING", "VERDICT", "FIGURES (bad / fixed)");
  for (auto& c : p.cases) {
    std::string loc = location(c);
    if (loc.size() > 34) loc = "..." + loc.substr(loc.size() - 31);
    std::printf("%-27s %-26s %-34s %-14s %s\n", c.rule.c_str(), c.route.c_str(), loc.c_str(), c.verdict.c_str(),
                (c.rule == "lock-across-suspension" || c.rule == "discarded-task" ? c.reason : short_figures(c)).c_str());
  }
  for (auto& s : p.fixed_routes_with_findings) std::printf("finding on a fixed route: %s\n", s.c_str());
  for (auto& s : p.bad_routes_without_findings) std::printf("bad route without a finding: %s\n", s.c_str());
  for (auto& s : p.possible_false_negatives) std::printf("possible false negative of corolint: %s\n", s.c_str());
  std::size_t confirmed = std::count_if(p.cases.begin(), p.cases.end(), [](auto& c) { return c.verdict == "CONFIRMED"; });
  bool clean = std::all_of(p.cases.begin(), p.cases.end(), [](auto& c) { return c.fixed_clean; }) &&
               p.fixed_routes_with_findings.empty();
  std::printf("corolint-demo: %zu/%zu finding(s) confirmed; fixed routes %s\n", confirmed, p.cases.size(),
              clean ? "clean (no finding, no stall of half the block)" : "NOT clean");
}

}  // namespace demo
