// A lock that a co_await hands out was taken by suspending: its mutex is a coroutine mutex, even
// in a library no framework model names (async_simple's `co_await mutex.coScopedLock()`, here as
// an unmodelled stub), so holding it across a suspension blocks nobody. The same lock type taken
// from a thread mutex is still reported.
#include <corolint_stubs/lazy_task.hpp>
#include <mutex>

namespace unmodelled {
COROLINT_STUB_LAZY_TASK(task)
// A coroutine mutex: lock() is what std::unique_lock calls; coScopedLock() suspends until the
// mutex is free and resumes with it held.
class Mutex {
public:
  void lock() {}
  void unlock() {}
  bool try_lock() { return true; }
  struct ScopedLockAwaiter {
    Mutex &m;
    bool await_ready() const noexcept { return true; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    std::unique_lock<Mutex> await_resume() { return std::unique_lock<Mutex>(m, std::adopt_lock); }
  };
  ScopedLockAwaiter coScopedLock() { return {*this}; }
};
} // namespace unmodelled

unmodelled::Mutex queue_lock;
std::mutex thread_lock;

unmodelled::task<> awaited() {
  auto held = co_await queue_lock.coScopedLock();
  co_await std::suspend_always{};
}

unmodelled::task<> awaited_and_moved() {
  std::unique_lock<unmodelled::Mutex> held = co_await queue_lock.coScopedLock();
  co_await std::suspend_always{};
}

unmodelled::task<> same_type_taken_by_blocking() {
  std::unique_lock<unmodelled::Mutex> held(queue_lock); // EXPECT: lock-across-suspension {{'held'}}
  co_await std::suspend_always{};
}

unmodelled::task<> thread_mutex() {
  std::unique_lock<std::mutex> held(thread_lock);       // EXPECT: lock-across-suspension {{'held'}}
  co_await std::suspend_always{};
}
