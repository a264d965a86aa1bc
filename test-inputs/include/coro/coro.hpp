// Stub of libcoro: coro::task, coro::thread_pool (schedule, spawn_detached, resume), coro::scheduler
// (schedule), coro::sync_wait, coro::when_all,
// coro::mutex.
#pragma once
#include <corolint_stubs/lazy_task.hpp>
namespace coro {
COROLINT_STUB_LAZY_TASK(task)
class thread_pool {
public:
  struct operation {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    void await_resume() noexcept {}
  };
  operation schedule() { return {}; }
  bool spawn_detached(task<void> &&t) { (void)t; return true; }
  // Resumes a suspended coroutine on one of the pool's threads.
  bool resume(std::coroutine_handle<> h) noexcept { (void)h; return true; }
};
// An I/O scheduler: after `co_await sched.schedule()` a coroutine runs on its threads.
class scheduler {
public:
  struct schedule_operation {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    void await_resume() noexcept {}
  };
  schedule_operation schedule() { return {}; }
};
namespace net {
// libcoro makes its sockets non-blocking: their descriptors never wait.
class socket {
public:
  int native_handle() const { return fd; }
  int fd = -1;
};
} // namespace net
class mutex {
public:
  void lock() {}
  void unlock() {}
};
template <class Awaitable> auto sync_wait(Awaitable &&a) { return a.await_resume(); }
// Runs its tasks where it is awaited.
template <class... Awaitables> task<void> when_all(Awaitables &&...tasks);
} // namespace coro
