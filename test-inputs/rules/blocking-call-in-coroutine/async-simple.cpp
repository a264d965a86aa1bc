// async_simple: a Lazy run by syncAwait from plain code runs on that thread or on the executor
// it was bound to with via(), off any event loop, also through collectAll and when made into a
// local first. syncAwait inside a coroutine blocks its thread; a Lazy started on an executor
// with start() or detach() may run on a loop (the executor's kind is not known) and is checked,
// even when what starts it runs off the loop.
#include <async_simple/coro/Lazy.h>
#include <chrono>
#include <thread>

using namespace async_simple;
using namespace async_simple::coro;
using namespace std::chrono_literals;

Lazy<int> compute() {               // run by syncAwait, bound to a pool
  std::this_thread::sleep_for(1ms);
  co_return 1;
}

Lazy<void> step() {                 // run by syncAwait through collectAll
  std::this_thread::sleep_for(1ms);
  co_return;
}

Lazy<void> made_first() {           // made into a local, bound, then run by syncAwait
  std::this_thread::sleep_for(1ms);
  co_return;
}

Lazy<void> detached() {             // started on an executor whose kind is not known
  std::this_thread::sleep_for(1ms); // EXPECT: blocking-call-in-coroutine {{'std::this_thread::sleep_for' in coroutine 'detached'; use 'co_await async_simple::coro::sleep(...)'}}
  co_return;
}

Lazy<int> waits_inside() {         // started detached, like detached()
  int n = syncAwait(compute());     // EXPECT: blocking-call-in-coroutine {{'async_simple::coro::syncAwait' in coroutine 'waits_inside'; co_await the Lazy}}
  co_return n;
}

// As async_simple's HTTP demo serves: each connection bound to the server's executor (an
// io_context there) and detached, from an accept loop that main runs with syncAwait. The
// connection runs on that executor, not where the accept loop runs.
Lazy<void> serve_one() {
  std::this_thread::sleep_for(1ms); // EXPECT: blocking-call-in-coroutine {{'std::this_thread::sleep_for' in coroutine 'serve_one'}}
  co_return;
}

Lazy<void> accept_loop(Executor &loop) {
  serve_one().via(&loop).detach();
  co_return;
}

Mutex queue_lock;

Lazy<void> guarded() {
  auto held = co_await queue_lock.coScopedLock();
  co_await sleep(1ms);
}

int main() {
  executors::SimpleExecutor pool(4);
  int n = syncAwait(compute().via(&pool));
  syncAwait(collectAll(step(), step()));
  auto lazy = made_first().via(&pool);
  syncAwait(std::move(lazy));
  detached().via(&pool).start([](auto &&) {});
  syncAwait(guarded());
  syncAwait(accept_loop(pool));
  waits_inside().via(&pool).start([](auto &&) {});
  return n;
}
