// std::filesystem operations touch the disk; path arithmetic does not.
#include <boost/asio.hpp>
#include <filesystem>

namespace asio = boost::asio;
namespace fs = std::filesystem;

asio::awaitable<std::uintmax_t> disk_usage(fs::path root) {
  if (!fs::exists(root))                // EXPECT: blocking-call-in-coroutine {{'std::filesystem::exists'}}
    fs::create_directories(root);       // EXPECT: blocking-call-in-coroutine {{'std::filesystem::create_directories'}}
  std::uintmax_t total = fs::file_size(root / "index"); // EXPECT: blocking-call-in-coroutine {{'std::filesystem::file_size'}}
  for (const auto &entry : fs::directory_iterator(root)) // EXPECT: blocking-call-in-coroutine {{directory_iterator}}
    total += entry.path().string().size();
  std::error_code ec;
  fs::remove(root / "tmp", ec);         // EXPECT: blocking-call-in-coroutine {{'std::filesystem::remove'}}
  co_return total;
}

asio::awaitable<std::string> only_paths(fs::path base) {
  fs::path p = base / "static" / "index.html"; // operator/ builds a path, no I/O
  auto ext = p.extension().string();
  bool same = p == base;
  fs::path q = p.lexically_normal();
  co_return ext + (same ? "" : q.filename().string());
}
