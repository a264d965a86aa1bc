// A framework's own plumbing, written in the project (here a trantor-like loop, as in Drogon's
// repository): queueInLoop wakes the loop by writing to an eventfd. The model names it as
// non-blocking, so the search through helpers stops there; a helper of the project's own that
// writes a file is still followed.
#include <corolint_stubs/lazy_task.hpp>
#include <cstdint>
#include <functional>
#include <unistd.h>

namespace trantor {
class EventLoop {
public:
  void queueInLoop(std::function<void()> f) { pending_ = std::move(f); wakeup(); }
  // A buffer rather than one integer, so that only the model keeps the search out here.
  void wakeup() { ::write(wakeupFd_, signal_, sizeof signal_); }

private:
  std::function<void()> pending_;
  int wakeupFd_ = -1;
  char signal_[8] = {1};
};
} // namespace trantor

namespace drogon {
COROLINT_STUB_LAZY_TASK(Task)
} // namespace drogon

void append_log(int fd, const char *line, unsigned long size) { ::write(fd, line, size); }

drogon::Task<> handler(trantor::EventLoop *loop, int logFd) {
  loop->queueInLoop([] {});
  loop->wakeup();
  append_log(logFd, "served\n", 7);             // EXPECT: blocking-call-in-coroutine {{'append_log' blocks}} {{drogon::queueInLoopCoro}}
  co_return;
}
