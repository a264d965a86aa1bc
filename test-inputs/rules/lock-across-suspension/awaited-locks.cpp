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

// A coroutine condition variable's wait is given the lock, or its mutex, and releases it while
// the coroutine is suspended (async_simple's ConditionVariable, like std::condition_variable);
// a suspension after the wait is one with the lock held again.
namespace unmodelled {
template <class M> struct ConditionVariable {
  struct Waiter {
    bool await_ready() const noexcept { return true; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    void await_resume() noexcept {}
  };
  template <class Pred> Waiter wait(M &mutex, Pred ready) { (void)mutex; (void)ready; return {}; }
  template <class Pred> Waiter wait(std::unique_lock<M> &lock, Pred ready) { (void)lock; (void)ready; return {}; }
};
} // namespace unmodelled

struct Queue {
  std::mutex mutex;
  unmodelled::ConditionVariable<std::mutex> cv;
  int items = 0;

  unmodelled::task<int> pop() {
    std::unique_lock lock(mutex);
    co_await cv.wait(mutex, [&] { return items > 0; });
    co_return --items;
  }

  unmodelled::task<int> pop_with_lock() {
    std::unique_lock lock(mutex);
    co_await cv.wait(lock, [&] { return items > 0; });
    co_return --items;
  }

  unmodelled::task<void> wait_then_suspend() {
    std::unique_lock lock(mutex); // EXPECT: lock-across-suspension {{'lock'}}
    co_await cv.wait(lock, [&] { return items > 0; });
    co_await std::suspend_always{};
  }

  unmodelled::task<void> another_mutex(std::mutex &other) {
    std::unique_lock lock(mutex); // EXPECT: lock-across-suspension {{'lock'}}
    co_await cv.wait(other, [&] { return items > 0; });
  }
};
