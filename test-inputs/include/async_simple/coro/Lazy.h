// Stub of async_simple: coro::Lazy (lazy; via(executor) gives a RescheduleLazy, which
// start(callback) and detach() run on that executor), coro::syncAwait, coro::collectAll, coro::Mutex (coScopedLock), coro::sleep,
// executors::SimpleExecutor (a thread pool).
#pragma once
#include <corolint_stubs/lazy_task.hpp>
#include <chrono>
#include <mutex>

namespace async_simple {
class Executor {};
namespace executors {
class SimpleExecutor : public Executor {
public:
  explicit SimpleExecutor(unsigned threads) { (void)threads; }
};
} // namespace executors
namespace coro {
COROLINT_STUB_LAZY_TASK_WITH(RescheduleLazy, template <class F> void start(F &&callback) { (void)callback; }
                                             void detach() {})
COROLINT_STUB_LAZY_TASK_WITH(Lazy, RescheduleLazy<value_type> via(Executor *ex) && { (void)ex; return RescheduleLazy<value_type>{{}}; }
                                   template <class F> void start(F &&callback) { (void)callback; })
// Runs a lazy on this thread (or on the executor it was given with via) and waits for it.
template <class L> auto syncAwait(L &&lazy) { return lazy.await_resume(); }
template <class... Ls> Lazy<void> collectAll(Ls &&...lazies);
template <class Rep, class Period> Lazy<void> sleep(std::chrono::duration<Rep, Period> d);
// A coroutine mutex: coScopedLock() suspends until it is free, then hands out the lock.
class Mutex {
public:
  void lock() {}
  void unlock() {}
  struct ScopedLockAwaiter {
    Mutex &m;
    bool await_ready() const noexcept { return true; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    std::unique_lock<Mutex> await_resume() { return std::unique_lock<Mutex>(m, std::adopt_lock); }
  };
  ScopedLockAwaiter coScopedLock() { return {*this}; }
};
} // namespace coro
} // namespace async_simple
