// Any coroutine type counts, not only Asio's: here a minimal task type of the project's own,
// and a generator that suspends with co_yield.
#include <coroutine>
#include <exception>
#include <thread>
#include <unistd.h>

struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};

struct Generator {
  struct promise_type {
    Generator get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int) { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};

Task handle_request() {
  usleep(100);                          // EXPECT: blocking-call-in-coroutine {{'usleep' in coroutine 'handle_request'}}
  co_await std::suspend_always{};
}

Generator ticks() {
  for (int i = 0; i < 3; ++i) {
    sleep(1);                           // EXPECT: blocking-call-in-coroutine {{'sleep' in coroutine 'ticks'}}
    co_yield i;
  }
}

// Returns a Task but is not a coroutine itself (no co_await, co_yield or co_return).
Task forward() { return handle_request(); }
