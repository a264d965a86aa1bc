#pragma once

#include <boost/asio.hpp>
#include <thread>

namespace shop {

namespace asio = boost::asio;

asio::awaitable<std::string> get_user(int id);
asio::awaitable<std::string> get_report(asio::thread_pool &pool);
asio::awaitable<std::string> load_template(const std::string &name);
std::string read_file(const std::string &path); // plain: runs wherever it is called

// Included by two translation units: its finding must be reported once.
inline asio::awaitable<void> warm_cache() {
  std::this_thread::sleep_for(std::chrono::milliseconds(5)); // EXPECT: blocking-call-in-coroutine {{in coroutine 'shop::warm_cache'}}
  co_return;
}

} // namespace shop
