// coroweb/http.hpp - what a handler sees: Request in, Response out, HttpError to bail out.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "router.hpp"

namespace coroweb {

namespace http = boost::beast::http;

// Thrown by a handler (or by Request::json) to answer with `status` and {"detail": detail},
// like FastAPI's HTTPException. Any other exception becomes a 500.
class HttpError : public std::runtime_error {
 public:
  HttpError(unsigned status, const std::string& detail) : std::runtime_error(detail), status_(status) {}
  unsigned status() const noexcept { return status_; }

 private:
  unsigned status_;
};

class Response {
 public:
  using Message = http::response<http::string_body>;

  Response() = default;  // 200 with an empty body

  // Json: nlohmann::json, or nlohmann::ordered_json to keep the keys in insertion order.
  template <class Json = nlohmann::json>
  static Response json(const Json& body, unsigned status = 200) {
    Response r;
    r.msg_.result(status);
    r.msg_.set(http::field::content_type, "application/json");
    // replace, not throw: a handler that puts invalid UTF-8 in a string still gets an answer.
    r.msg_.body() = body.dump(-1, ' ', false, Json::error_handler_t::replace);
    return r;
  }

  static Response text(std::string body, unsigned status = 200,
                       std::string_view content_type = "text/plain; charset=utf-8") {
    Response r;
    r.msg_.result(status);
    r.msg_.set(http::field::content_type, content_type);
    r.msg_.body() = std::move(body);
    return r;
  }

  // The error shape FastAPI uses, so clients of either read errors the same way.
  static Response error(unsigned status, std::string_view detail) {
    return json({{"detail", detail}}, status);
  }

  unsigned status() const noexcept { return msg_.result_int(); }
  Response& status(unsigned s) { msg_.result(s); return *this; }
  Response& header(std::string_view name, std::string_view value) { msg_.set(name, value); return *this; }
  std::optional<std::string_view> header(std::string_view name) const {
    auto it = msg_.find(name);
    if (it == msg_.end()) return std::nullopt;
    return std::string_view(it->value().data(), it->value().size());
  }
  const std::string& body() const noexcept { return msg_.body(); }

  Message& raw() noexcept { return msg_; }
  const Message& raw() const noexcept { return msg_; }

 private:
  Message msg_;
};

class Request {
 public:
  using Message = http::request<http::string_body>;

  explicit Request(Message msg) : msg_(std::move(msg)) {
    auto t = target();
    auto q = t.find('?');
    path_ = t.substr(0, q);
    if (q != std::string_view::npos) query_ = parse_query(t.substr(q + 1));
  }
  // Beast's message owns the target; path_ points into it, so copies would dangle.
  Request(const Request&) = delete;
  Request& operator=(const Request&) = delete;

  std::string_view method() const { return sv(msg_.method_string()); }
  std::string_view target() const { return sv(msg_.target()); }
  std::string_view path() const noexcept { return path_; }  // without the query, still encoded
  std::string_view route() const noexcept { return route_ ? *route_ : std::string_view{}; }  // matched pattern

  // The value of path parameter {name}; std::out_of_range if the route has none by that name.
  std::string_view param(std::string_view name) const {
    for (auto& [k, v] : params_)
      if (k == name) return v;
    throw std::out_of_range("coroweb: route " + std::string(route()) + " has no parameter " + std::string(name));
  }
  const Params& params() const noexcept { return params_; }

  // The first value of query parameter `name`, decoded.
  std::optional<std::string_view> query(std::string_view name) const {
    for (auto& [k, v] : query_)
      if (k == name) return std::string_view(v);
    return std::nullopt;
  }
  const Params& query_params() const noexcept { return query_; }

  std::optional<std::string_view> header(std::string_view name) const {
    auto it = msg_.find(name);
    if (it == msg_.end()) return std::nullopt;
    return sv(it->value());
  }

  const std::string& body() const noexcept { return msg_.body(); }

  // The body parsed as JSON; a body that is not JSON is the client's fault, hence 400.
  nlohmann::json json() const {
    auto j = nlohmann::json::parse(msg_.body(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) throw HttpError(400, "request body is not valid JSON");
    return j;
  }

  const Message& raw() const noexcept { return msg_; }

 private:
  friend class App;
  static std::string_view sv(boost::beast::string_view s) { return {s.data(), s.size()}; }

  Message msg_;
  std::string_view path_;
  Params query_;
  Params params_;
  const std::string* route_ = nullptr;  // owned by the App's router
};

}  // namespace coroweb
