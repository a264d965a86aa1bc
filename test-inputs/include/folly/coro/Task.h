// Stub of folly::coro::Task and blockingWait.
#pragma once
#include <corolint_stubs/lazy_task.hpp>
namespace folly::coro {
COROLINT_STUB_LAZY_TASK(Task)
template <class Awaitable> auto blockingWait(Awaitable &&a) { return a.await_resume(); }
} // namespace folly::coro
