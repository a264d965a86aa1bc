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

// A member coroutine of a class template is checked in its pattern and in each instantiation;
// what the instantiation's start says (here, sync_wait from plain code) holds for both.
template <bool Secure> struct mail_client {
  coro::task<void> send() {
    std::this_thread::sleep_for(10ms);
    co_return;
  }
  coro::task<void> serve() {         // nobody starts it: on the loop, reported once
    std::this_thread::sleep_for(10ms); // EXPECT: blocking-call-in-coroutine {{'std::this_thread::sleep_for' in coroutine 'mail_client::serve'}}
    co_return;
  }
};

void send_mail() {
  mail_client<false> client;
  coro::sync_wait(client.send());
  (void)client.serve();
}

asio::awaitable<void> session() {  // co_spawned onto the io_context by a coroutine on the pool
  std::this_thread::sleep_for(10ms); // EXPECT: blocking-call-in-coroutine {{'std::this_thread::sleep_for' in coroutine 'session'}}
  co_return;
}

asio::awaitable<void> pool_acceptor(asio::io_context &ioc) { // co_spawned onto the pool
  asio::co_spawn(ioc, session(), asio::detached);
  co_return;
}

void spawn_acceptor(asio::thread_pool &pool, asio::io_context &ioc) {
  asio::co_spawn(pool, pool_acceptor(ioc), asio::detached);
}

coro::task<void> shared_step() {   // started on a pool and on the loop: the loop's start counts
  std::this_thread::sleep_for(10ms); // EXPECT: blocking-call-in-coroutine {{'std::this_thread::sleep_for' in coroutine 'shared_step'}}
  co_return;
}

coro::task<void> loop_handler(coro::thread_pool &tp) {
  co_await shared_step();
  co_await tp.schedule();
  co_await shared_step();
}

// A lazy task made into a local variable first runs where it is started: by a pool resuming
// its handle, by sync_wait, or by a spawn it is moved into. Made and then awaited on the loop, or
// its handle given to something that is not a start, it is reported.
coro::task<int> resumed_by_hand() {
  std::this_thread::sleep_for(10ms);
  co_return 1;
}

coro::task<void> waited_later() {
  std::this_thread::sleep_for(10ms);
  co_return;
}

coro::task<void> moved_to_the_pool() {
  std::this_thread::sleep_for(10ms);
  co_return;
}

coro::task<void> handle_kept() {
  std::this_thread::sleep_for(10ms); // EXPECT: blocking-call-in-coroutine {{'std::this_thread::sleep_for' in coroutine 'handle_kept'}}
  co_return;
}

coro::task<void> made_then_awaited() {
  std::this_thread::sleep_for(10ms); // EXPECT: blocking-call-in-coroutine {{'std::this_thread::sleep_for' in coroutine 'made_then_awaited'}}
  co_return;
}

void keep(std::coroutine_handle<> h);

void start_made_tasks(coro::thread_pool &tp) {
  auto a = resumed_by_hand();
  tp.resume(a.handle());
  coro::task<void> b = waited_later();
  coro::sync_wait(b);
  auto c = moved_to_the_pool();
  tp.spawn_detached(std::move(c));
  auto d = handle_kept();
  keep(d.handle());
}

void start_a_lambda_by_hand(coro::thread_pool &tp) {
  auto long_task = []() -> coro::task<bool> {
    std::this_thread::sleep_for(10ms); // resumed on the pool below
    co_return true;
  };
  auto task = long_task();
  tp.resume(task.handle());
  coro::sync_wait(task);
}

coro::task<void> loop_awaits_a_made_task() {
  auto t = made_then_awaited();
  co_await t;
}

// Back onto a loop after a pool: a loop hop written after a pool hop ends the pool's stretch,
// whether the coroutine was started on the loop or spawned onto the pool.
coro::task<void> pool_then_loop(coro::thread_pool &tp, coro::scheduler &sched) {
  co_await tp.schedule();
  std::this_thread::sleep_for(10ms); // on the pool
  settle();
  co_await sched.schedule();
  std::this_thread::sleep_for(10ms); // EXPECT: blocking-call-in-coroutine {{'std::this_thread::sleep_for' in coroutine 'pool_then_loop'}}
  settle();                          // EXPECT: blocking-call-in-coroutine {{'settle' blocks: it calls 'std::this_thread::sleep_for' (2 calls down) in coroutine 'pool_then_loop'}}
}

coro::task<void> spawned_pool_then_loop(coro::thread_pool &tp, coro::scheduler &sched) {
  co_await tp.schedule();
  std::this_thread::sleep_for(10ms); // on the pool
  co_await sched.schedule();
  std::this_thread::sleep_for(10ms); // EXPECT: blocking-call-in-coroutine {{'std::this_thread::sleep_for' in coroutine 'spawned_pool_then_loop'}}
  co_await tp.schedule();
  settle(); // on the pool again
}

void spawn_pool_then_loop(coro::thread_pool &tp, coro::scheduler &sched) {
  tp.spawn_detached(spawned_pool_then_loop(tp, sched));
}
