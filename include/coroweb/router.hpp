// coroweb/router.hpp - routing by method and path pattern, and URL decoding.
//
// Deliberately free of Asio and Beast so it can be read (and unit-tested) on its own.
// Patterns are literal segments and `{name}` parameters: "/users/{id}/posts/{post}".
// A parameter matches one non-empty path segment; segments are percent-decoded after the
// path is split, so "%2F" inside a parameter stays inside that parameter.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace coroweb {

using Params = std::vector<std::pair<std::string, std::string>>;

// Decodes %XX escapes; with plus_as_space (query strings) '+' is a space. A malformed escape
// is kept literally rather than rejected: being lenient here costs nothing and never lies.
inline std::string percent_decode(std::string_view in, bool plus_as_space = false) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%' && i + 2 < in.size()) {
      int hi = hex(in[i + 1]), lo = hex(in[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_as_space && c == '+' ? ' ' : c);
  }
  return out;
}

// "a=1&b=x+y&flag" -> {{"a","1"},{"b","x y"},{"flag",""}}; order and repeats are kept.
inline Params parse_query(std::string_view query) {
  Params out;
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    if (eq == std::string_view::npos)
      out.emplace_back(percent_decode(pair, true), std::string{});
    else
      out.emplace_back(percent_decode(pair.substr(0, eq), true), percent_decode(pair.substr(eq + 1), true));
  }
  return out;
}

class Router {
 public:
  struct Match {
    int route = -1;       // index given by add(), or -1
    unsigned status = 404;  // 200 matched, 404 no such path, 405 path exists for other methods
    Params params;
    std::string allow;    // for 405: "GET, POST"
  };

  // Returns the route's index. Throws std::invalid_argument for a malformed pattern or a
  // duplicate (method, pattern): a silent shadowing route is a bug nobody would find.
  int add(std::string method, std::string pattern) {
    Route r{std::move(method), std::move(pattern), {}, false};
    if (r.pattern.empty() || r.pattern.front() != '/')
      throw std::invalid_argument("coroweb: route pattern must start with '/': " + r.pattern);
    for (auto seg : split(r.pattern)) {
      bool is_param = seg.size() >= 2 && seg.front() == '{' && seg.back() == '}';
      if (is_param) {
        auto name = seg.substr(1, seg.size() - 2);
        if (name.empty() || name.find_first_of("{}/") != std::string_view::npos)
          throw std::invalid_argument("coroweb: bad parameter in route pattern: " + r.pattern);
        for (auto& s : r.segments)
          if (s.param && s.text == name)
            throw std::invalid_argument("coroweb: parameter repeated in route pattern: " + r.pattern);
        r.has_params = true;
      } else if (seg.find_first_of("{}") != std::string_view::npos) {
        throw std::invalid_argument("coroweb: bad parameter in route pattern: " + r.pattern);
      }
      r.segments.push_back({std::string(is_param ? seg.substr(1, seg.size() - 2) : seg), is_param});
    }
    for (auto& other : routes_)
      if (other.method == r.method && other.pattern == r.pattern)
        throw std::invalid_argument("coroweb: route registered twice: " + r.method + " " + r.pattern);
    routes_.push_back(std::move(r));
    return static_cast<int>(routes_.size() - 1);
  }

  // `path` is the request target without its query string, still percent-encoded.
  // Routes are tried in registration order, as in FastAPI.
  Match match(std::string_view method, std::string_view path) const {
    Match m;
    for (std::size_t i = 0; i < routes_.size(); ++i) {
      const Route& r = routes_[i];
      Params params;
      if (!matches(r, path, params)) continue;
      if (r.method == method) {
        m.route = static_cast<int>(i);
        m.status = 200;
        m.params = std::move(params);
        m.allow.clear();
        return m;
      }
      m.status = 405;
      if (m.allow.find(r.method) == std::string::npos) {
        if (!m.allow.empty()) m.allow += ", ";
        m.allow += r.method;
      }
    }
    return m;
  }

  std::size_t size() const noexcept { return routes_.size(); }
  const std::string& method(int route) const { return routes_.at(route).method; }
  const std::string& pattern(int route) const { return routes_.at(route).pattern; }

 private:
  struct Segment {
    std::string text;  // literal text, or the parameter's name
    bool param;
  };
  struct Route {
    std::string method, pattern;
    std::vector<Segment> segments;
    bool has_params;
  };

  // "/" -> {}, "/a/b" -> {"a","b"}, "/a/" -> {"a",""}
  static std::vector<std::string_view> split(std::string_view path) {
    std::vector<std::string_view> out;
    if (path.size() <= 1) return out;
    path.remove_prefix(1);
    for (;;) {
      auto slash = path.find('/');
      out.push_back(path.substr(0, slash));
      if (slash == std::string_view::npos) break;
      path.remove_prefix(slash + 1);
    }
    return out;
  }

  static bool matches(const Route& r, std::string_view path, Params& params) {
    // Static routes without escapes are the common case; compare them whole.
    if (!r.has_params && path.find('%') == std::string_view::npos) return path == r.pattern;
    std::string_view rest = path.size() <= 1 ? std::string_view{} : path.substr(1);
    bool done = path.size() <= 1;
    for (const Segment& s : r.segments) {
      if (done) return false;
      auto slash = rest.find('/');
      auto seg = rest.substr(0, slash);
      if (slash == std::string_view::npos) done = true; else rest.remove_prefix(slash + 1);
      if (s.param) {
        if (seg.empty()) return false;
        params.emplace_back(s.text, percent_decode(seg));
      } else if (seg.find('%') == std::string_view::npos ? seg != s.text : percent_decode(seg) != s.text) {
        return false;
      }
    }
    return done;
  }

  std::vector<Route> routes_;
};

}  // namespace coroweb
