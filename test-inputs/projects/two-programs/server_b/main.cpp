// Serves from memory: its handle_request (same name, same signature) blocks nothing.
// EXPECT-NONE
#include <boost/asio.hpp>
#include <map>
#include <string>

namespace asio = boost::asio;

std::string handle_request(const std::string &path) {
  static const std::map<std::string, std::string> pages{{"/index.html", "<h1>hello</h1>"}};
  auto it = pages.find(path);
  return it == pages.end() ? std::string("not found") : it->second;
}

asio::awaitable<void> do_session(std::string path) {
  std::string body = handle_request(path);
  co_return;
}

int main() {
  asio::io_context io;
  asio::co_spawn(io, do_session("/index.html"), asio::detached);
  io.run();
}
