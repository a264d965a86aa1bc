// Patterns of real code (libcoro's and Drogon's tests): a task moved into a container is not
// discarded although the container's emplace_back returns a reference to a task; an eager
// drogon::AsyncTask is already running when dropped. A lazy task dropped is reported with its
// own framework's way of running it detached.
#include <coro/coro.hpp>
#include <vector>

namespace drogon {
COROLINT_STUB_LAZY_TASK(Task)
// Eager: it starts running when called (initial_suspend never suspends).
struct AsyncTask {
  struct promise_type {
    AsyncTask get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
} // namespace drogon

coro::task<void> work(int n) { co_return; }
drogon::AsyncTask fire_and_forget() { co_return; }
coro::task<void> &latest(std::vector<coro::task<void>> &tasks) { return tasks.back(); }

void start_all(coro::thread_pool &tp) {
  std::vector<coro::task<void>> tasks;
  for (int i = 0; i < 4; ++i)
    tasks.emplace_back(work(i));   // the element's reference, not a new task
  tasks.push_back(work(5));
  latest(tasks);                   // a reference to a task someone owns
  fire_and_forget();               // eager: already running
  work(6);                         // EXPECT: discarded-task {{'work' never runs; co_await it, or hand it to the scheduler}}
}
