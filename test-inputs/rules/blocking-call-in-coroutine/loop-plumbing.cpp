// A framework's own plumbing, written in the project (here a trantor-like loop, as in Drogon's
// repository): queueInLoop wakes the loop by writing to an eventfd. The model names it as
// non-blocking, so the search through helpers stops there; a helper of the project's own that
// writes a file is still followed.
#include <corolint_stubs/lazy_task.hpp>
#include <functional>
#include <unistd.h>

namespace trantor {
class EventLoop {
public:
  void queueInLoop(std::function<void()> f) { pending_ = std::move(f); wakeup(); }
  void wakeup() { unsigned long long one = 1; ::write(wakeupFd_, &one, sizeof one); }

private:
  std::function<void()> pending_;
  int wakeupFd_ = -1;
};
} // namespace trantor

namespace drogon {
COROLINT_STUB_LAZY_TASK(Task)
} // namespace drogon

void append_log(int fd) { ::write(fd, "x", 1); }

drogon::Task<> handler(trantor::EventLoop *loop, int logFd) {
  loop->queueInLoop([] {});
  loop->wakeup();
  append_log(logFd);               // EXPECT: blocking-call-in-coroutine {{'append_log' blocks}} {{drogon::queueInLoopCoro}}
  co_return;
}
