// Stub of cppcoro's task, static_thread_pool, sync_wait and its combinators (declarations as cppcoro
// spells them).
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
// when_all and when_all_ready run their tasks where they are awaited; schedule_on runs its task
// on the scheduler given (a static_thread_pool, or an io_service's loop).
template <class... Awaitables> task<void> when_all_ready(Awaitables &&...awaitables);
template <class... Awaitables> task<void> when_all(Awaitables &&...awaitables);
template <class Scheduler, class Awaitable> task<void> schedule_on(Scheduler &scheduler, Awaitable &&awaitable);
} // namespace cppcoro
