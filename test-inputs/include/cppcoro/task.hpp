// Stub of cppcoro's task, static_thread_pool and sync_wait (declarations as cppcoro spells them).
#pragma once
#include <corolint_stubs/lazy_task.hpp>
namespace cppcoro {
COROLINT_STUB_LAZY_TASK(task)
class static_thread_pool {
public:
  struct schedule_operation {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    void await_resume() noexcept {}
  };
  explicit static_thread_pool(unsigned threads = 4) { (void)threads; }
  schedule_operation schedule() noexcept { return {}; }
};
template <class Awaitable> auto sync_wait(Awaitable &&a) { return a.await_resume(); }
} // namespace cppcoro
