// Stub support for the framework headers in this directory: a minimal lazy task class template
// that compiles as the real ones do (awaitable, lazily started). Test inputs only.
#pragma once
#include <coroutine>
#include <exception>
#include <utility>

// COROLINT_STUB_LAZY_TASK_WITH(Name, members...) adds members to both specialisations, which
// may name the result type as value_type.
#define COROLINT_STUB_LAZY_TASK(Name) COROLINT_STUB_LAZY_TASK_WITH(Name, )
#define COROLINT_STUB_LAZY_TASK_WITH(Name, ...)                                                  \
  template <class T = void> class Name {                                                        \
  public:                                                                                        \
    using value_type = T;                                                                        \
    __VA_ARGS__                                                                                  \
    struct promise_type {                                                                        \
      T value{};                                                                                 \
      Name get_return_object() { return Name{std::coroutine_handle<promise_type>::from_promise(*this)}; } \
      std::suspend_always initial_suspend() noexcept { return {}; }                             \
      std::suspend_always final_suspend() noexcept { return {}; }                               \
      template <class U> void return_value(U &&u) { value = std::forward<U>(u); }               \
      void unhandled_exception() { std::terminate(); }                                          \
    };                                                                                           \
    explicit Name(std::coroutine_handle<promise_type> h) : h(h) {}                              \
    bool await_ready() const noexcept { return false; }                                          \
    void await_suspend(std::coroutine_handle<>) noexcept {}                                      \
    T await_resume() { return h.promise().value; }                                               \
    std::coroutine_handle<promise_type> handle() const { return h; }                             \
    std::coroutine_handle<promise_type> h;                                                       \
  };                                                                                             \
  template <> class Name<void> {                                                                 \
  public:                                                                                        \
    using value_type = void;                                                                     \
    __VA_ARGS__                                                                                  \
    struct promise_type {                                                                        \
      Name get_return_object() { return Name{std::coroutine_handle<promise_type>::from_promise(*this)}; } \
      std::suspend_always initial_suspend() noexcept { return {}; }                             \
      std::suspend_always final_suspend() noexcept { return {}; }                               \
      void return_void() {}                                                                      \
      void unhandled_exception() { std::terminate(); }                                          \
    };                                                                                           \
    explicit Name(std::coroutine_handle<promise_type> h) : h(h) {}                              \
    bool await_ready() const noexcept { return false; }                                          \
    void await_suspend(std::coroutine_handle<>) noexcept {}                                      \
    void await_resume() {}                                                                       \
    std::coroutine_handle<promise_type> handle() const { return h; }                             \
    std::coroutine_handle<promise_type> h;                                                       \
  };
