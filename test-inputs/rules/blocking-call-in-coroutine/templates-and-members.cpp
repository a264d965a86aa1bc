// Member functions, class templates and function templates that are coroutines.
#include <boost/asio.hpp>
#include <fstream>
#include <future>
#include <thread>

namespace asio = boost::asio;
using namespace std::chrono_literals;

class UserController {
public:
  asio::awaitable<int> get_user(int id) {
    std::this_thread::sleep_for(1ms);   // EXPECT: blocking-call-in-coroutine {{coroutine 'UserController::get_user'}}
    co_return id;
  }
  static asio::awaitable<void> health() {
    std::ifstream probe("/var/lib/app/up"); // EXPECT: blocking-call-in-coroutine {{'UserController::health'}}
    co_return;
  }
};

template <class T> class Repository {
public:
  asio::awaitable<T> load(std::future<T> pending) {
    T value = pending.get();            // EXPECT: blocking-call-in-coroutine {{'std::future::get'}}
    co_return value;
  }
};

template <class Duration> asio::awaitable<void> nap(Duration d) {
  std::this_thread::sleep_for(d);       // EXPECT: blocking-call-in-coroutine {{'nap'}}
  co_return;
}

// Instantiated twice with different types: still one finding per line.
template class Repository<int>;
template class Repository<long>;
auto a = nap(1ms);
auto b = nap(1s);

// Never instantiated: its calls depend on T and cannot be resolved, so nothing is reported.
template <class T> asio::awaitable<void> never_used(T t) {
  t.get();
  co_return;
}
