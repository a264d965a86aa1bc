// Beast's synchronous file API, as Beast's own awaitable servers use it: a file_body opened
// in a handler called from the session coroutine reads the disk on the loop. A string_body
// response is built in memory.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <string>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

http::response<http::file_body> serve_file(const std::string &path) {
  beast::error_code ec;
  http::file_body::value_type body;
  body.open(path.c_str(), beast::file_mode::scan, ec);
  http::response<http::file_body> res;
  res.body() = std::move(body);
  return res;
}

http::response<http::string_body> serve_text(const std::string &text) {
  http::response<http::string_body> res;
  res.body() = text;
  return res;
}

asio::awaitable<void> session(std::string target) {
  auto page = serve_text("hello");
  auto file = serve_file(target);  // EXPECT: blocking-call-in-coroutine {{'serve_file' blocks: it calls 'boost::beast::http::basic_file_body::value_type::open'}}
  beast::file f;
  beast::error_code ec;
  f.open(target.c_str(), beast::file_mode::read, ec); // EXPECT: blocking-call-in-coroutine {{'boost::beast::file_posix::open'}}
  co_return;
}
