// Where a coroutine runs: after `co_await tp.schedule()` it is on a worker, and so is every
// coroutine it awaits from there; a task spawned onto a pool or run by sync_wait from plain
// code (directly, or through when_all) is not on an event loop either, until it hops onto one
// (co_await sched.schedule() on a coro::scheduler). One started on the loop as well is reported.
#include <boost/asio.hpp>
#include <coro/coro.hpp>
#include <thread>

namespace asio = boost::asio;
using namespace std::chrono_literals;

coro::task<int> crunch() {         // awaited only after a hop onto the pool
  std::this_thread::sleep_for(10ms);
  co_return 1;
}

coro::task<int> on_pool(coro::thread_pool &tp) {
  co_await tp.schedule();
  std::this_thread::sleep_for(10ms);
  co_return co_await crunch();
}

coro::task<void> background() {    // only ever spawned onto the pool
  std::this_thread::sleep_for(10ms);
  co_return;
}

coro::task<void> test_body() {     // run by sync_wait from a test, on the test's thread
  std::this_thread::sleep_for(10ms);
  co_return;
}

coro::task<void> first_of_two() {  // run by sync_wait through when_all, which runs it there
  std::this_thread::sleep_for(10ms);
  co_return;
}

coro::task<void> after_the_hop() { // started only after serve's hop onto the scheduler
  std::this_thread::sleep_for(10ms); // EXPECT: blocking-call-in-coroutine {{'std::this_thread::sleep_for' in coroutine 'after_the_hop'}}
  co_return;
}

void settle() { std::this_thread::sleep_for(10ms); }

coro::task<void> serve(coro::scheduler &sched) { // started by sync_wait, then moves onto the scheduler
  std::this_thread::sleep_for(10ms);             // still on the test's thread
  settle();
  co_await sched.schedule();
  std::this_thread::sleep_for(10ms); // EXPECT: blocking-call-in-coroutine {{'std::this_thread::sleep_for' in coroutine 'serve'}}
  settle();                          // EXPECT: blocking-call-in-coroutine {{'settle' blocks: it calls 'std::this_thread::sleep_for' (2 calls down) in coroutine 'serve'}}
  co_await after_the_hop();
}

void start(coro::thread_pool &tp) {
  tp.spawn_detached(background());
  coro::sync_wait(test_body());
  coro::sync_wait(coro::when_all(first_of_two(), test_body()));
}

void serve_until_done(coro::scheduler &sched) { coro::sync_wait(coro::when_all(serve(sched))); }

asio::awaitable<void> report() {   // co_spawned onto an asio::thread_pool
  std::this_thread::sleep_for(10ms);
  co_return;
}

void spawn_report(asio::thread_pool &pool) { asio::co_spawn(pool, report(), asio::detached); }

coro::task<void> shared_step() {   // started on a pool and on the loop: the loop's start counts
  std::this_thread::sleep_for(10ms); // EXPECT: blocking-call-in-coroutine {{'std::this_thread::sleep_for' in coroutine 'shared_step'}}
  co_return;
}

coro::task<void> loop_handler(coro::thread_pool &tp) {
  co_await shared_step();
  co_await tp.schedule();
  co_await shared_step();
}
