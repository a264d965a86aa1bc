// cppcoro's io_service as its own repository has it (project code there): process_events runs
// the loop until stop(); stop() wakes it through a non-blocking pipe; process_pending_events
// handles what is ready without waiting. cppcoro's tests drive the loop from a coroutine that
// sync_wait starts through when_all: off any loop, until it awaits io_service.schedule(). A
// coroutine on a loop that runs another loop is reported; one that only wakes a loop is not.
#include <chrono>
#include <cppcoro/task.hpp>
#include <sys/epoll.h>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

namespace cppcoro {
class io_service {
public:
  struct schedule_operation {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    void await_resume() noexcept {}
  };
  schedule_operation schedule() noexcept { return {}; }
  void process_events() {
    while (!stopped)
      try_process_one_event(true);
  }
  void process_pending_events() {
    while (try_process_one_event(false)) {
    }
  }
  void stop() {
    stopped = true;
    post_wake_up_event();
  }

private:
  struct message {
    int type;
    void *data;
  };
  bool try_process_one_event(bool wait) {
    epoll_event event;
    return epoll_wait(epollfd, &event, 1, wait ? -1 : 0) > 0;
  }
  void post_wake_up_event() {
    message wake{0, nullptr};
    ::write(pipefd[1], &wake, sizeof wake); // the pipe is made with O_NONBLOCK
  }
  int epollfd = -1;
  int pipefd[2] = {-1, -1};
  bool stopped = false;
};
} // namespace cppcoro

// A test case (plain code): every coroutine here is started by sync_wait, through a combinator.
void schedule_test() {
  cppcoro::io_service service;
  cppcoro::sync_wait(cppcoro::when_all_ready(
      [&]() -> cppcoro::task<> {
        co_await service.schedule();      // from here on, on the io_service's loop
        std::this_thread::sleep_for(1ms); // EXPECT: blocking-call-in-coroutine {{'std::this_thread::sleep_for'}}
        service.stop();
      }(),
      [&]() -> cppcoro::task<> {
        service.process_events();
        std::this_thread::sleep_for(1ms);
        co_return;
      }()));
  cppcoro::sync_wait(cppcoro::when_all([&]() -> cppcoro::task<int> {
    service.process_events();
    co_return 0;
  }()));
}

// schedule_on is no combinator: it runs the task on the io_service's loop.
void on_the_loop(cppcoro::io_service &service) {
  cppcoro::sync_wait(cppcoro::schedule_on(service, [&]() -> cppcoro::task<> {
    std::this_thread::sleep_for(1ms); // EXPECT: blocking-call-in-coroutine {{'std::this_thread::sleep_for'}}
    co_return;
  }()));
}

// A handler nobody here starts, so on a loop: waking another loop and handling what is ready do
// not wait; running a loop does.
cppcoro::task<> handler(cppcoro::io_service &service, cppcoro::io_service &other) {
  other.stop();
  service.process_pending_events();
  other.process_events(); // EXPECT: blocking-call-in-coroutine {{blocking call to 'cppcoro::io_service::process_events' in coroutine 'handler'; do not run an event loop from a coroutine}}
  co_return;
}
