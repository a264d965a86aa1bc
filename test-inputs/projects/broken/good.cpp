#include <coroutine>
#include <exception>
#include <unistd.h>

struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};

Task handler() {
  sleep(1); // EXPECT: blocking-call-in-coroutine {{'sleep'}}
  co_return;
}

int main() { handler(); }
