// Serves files from disk: its handle_request opens the file synchronously.
#include <boost/asio.hpp>
#include <fstream>
#include <string>

namespace asio = boost::asio;

std::string handle_request(const std::string &path) {
  std::ifstream file(path);
  return std::string(std::istreambuf_iterator<char>(file), {});
}

asio::awaitable<void> do_session(std::string path) {
  std::string body = handle_request(path); // EXPECT: blocking-call-in-coroutine {{'handle_request' blocks}}
  co_return;
}

int main() {
  asio::io_context io;
  asio::co_spawn(io, do_session("/index.html"), asio::detached);
  io.run();
}
