// OPTIONS: {"LockTypes": ["app::SpinGuard"]}
#include <boost/asio.hpp>

namespace asio = boost::asio;

namespace app {
struct SpinLock { void lock() {} void unlock() {} };
struct SpinGuard {
  explicit SpinGuard(SpinLock &l) : l(l) { l.lock(); }
  ~SpinGuard() { l.unlock(); }
  SpinLock &l;
};
} // namespace app

app::SpinLock spin;

asio::awaitable<void> custom(asio::steady_timer &t) {
  app::SpinGuard guard(spin);                       // EXPECT: lock-across-suspension {{'guard'}}
  co_await t.async_wait(asio::use_awaitable);
}
