// Just enough of Asio's coroutine API, by Asio's names, for the language server's tests: the
// asio framework model and the sleep fix recognise these names, and a unit parses in a blink
// where <boost/asio.hpp> takes seconds (the tests analyse it again on every save).
#pragma once

#include <chrono>
#include <coroutine>
#include <exception>

namespace asio {

struct any_io_executor {};

template <class T = void> class awaitable {
public:
  struct promise_type {
    awaitable get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};

struct use_awaitable_t {};
inline constexpr use_awaitable_t use_awaitable;

namespace this_coro {
struct executor_t {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  any_io_executor await_resume() const noexcept { return {}; }
};
inline constexpr executor_t executor;
} // namespace this_coro

class steady_timer {
public:
  explicit steady_timer(any_io_executor) {}
  steady_timer(any_io_executor, std::chrono::steady_clock::duration) {}
  awaitable<void> async_wait(use_awaitable_t) { return {}; }
};

} // namespace asio
