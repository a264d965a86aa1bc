#include "shop/handlers.h"

#include <fstream>
#include <sstream>

namespace shop {

// A plain function: reading a file here is fine, it is not a coroutine.
std::string read_file(const std::string &path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

asio::awaitable<std::string> load_template(const std::string &name) {
  std::ifstream in("templates/" + name); // EXPECT: blocking-call-in-coroutine {{'std::ifstream'}}
  std::string line;
  std::getline(in, line);                // EXPECT: blocking-call-in-coroutine {{'std::getline'}}
  co_return line;
}

} // namespace shop
