// What holds a thread lock across a suspension, and what does not: a coroutine mutex's lock
// (drogon::Mutex hands out a std::unique_lock over itself), a reference or pointer to a lock
// held elsewhere, a deferred lock until its lock() call. A template never instantiated is
// checked in its pattern.
#include <boost/asio.hpp>
#include <mutex>

namespace asio = boost::asio;

namespace drogon {
class Mutex {
public:
  void lock() {}
  void unlock() {}
};
} // namespace drogon

asio::awaitable<void> tick();
std::mutex m;
drogon::Mutex coroutineMutex;

asio::awaitable<void> coroutine_mutex() {
  std::unique_lock<drogon::Mutex> guard(coroutineMutex);
  co_await tick();
}

asio::awaitable<void> borrowed(std::unique_lock<std::mutex> &held, std::lock_guard<std::mutex> *other) {
  auto &same = held;
  co_await tick();
  (void)same; (void)other;
}

asio::awaitable<void> deferred() {
  std::unique_lock<std::mutex> later(m, std::defer_lock);
  co_await tick();
  later.lock();
}

asio::awaitable<void> deferred_then_locked() {
  std::unique_lock<std::mutex> later(m, std::defer_lock); // EXPECT: lock-across-suspension {{lock 'later'}}
  later.lock();
  co_await tick();
}

template <class Mutex> asio::awaitable<void> generic(Mutex &mx) {
  std::lock_guard<Mutex> guard(mx); // EXPECT: lock-across-suspension {{lock 'guard'}}
  co_await tick();
}
