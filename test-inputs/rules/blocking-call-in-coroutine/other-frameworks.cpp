// Drogon, cppcoro, libcoro and folly::coro: their blocking APIs, their routes and their hops to
// worker pools (stub headers in test-inputs/include).
#include <coro/coro.hpp>
#include <cppcoro/task.hpp>
#include <drogon/drogon.h>
#include <folly/coro/Task.h>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

drogon::orm::DbClientPtr db;

class UserController : public drogon::HttpController<UserController> {
public:
  METHOD_LIST_BEGIN
  ADD_METHOD_TO(UserController::list, "/users", drogon::Get)
  METHOD_LIST_END

  drogon::Task<int> list() {
    auto rows = db->execSqlSync("SELECT * FROM users"); // EXPECT: blocking-call-in-coroutine {{ANY /users: blocking call to 'drogon::orm::DbClient::execSqlSync'}} {{execSqlCoro}}
    auto async_rows = co_await db->execSqlCoro("SELECT 1"); // the coroutine form
    co_return static_cast<int>(rows.size() + async_rows.size());
  }
};

void register_drogon(trantor::EventLoop *worker) {
  drogon::app().registerHandler("/health", [worker]() -> drogon::Task<int> {
    usleep(10);                        // EXPECT: blocking-call-in-coroutine {{ANY /health: blocking call to 'usleep'}}
    co_await drogon::switchThreadCoro(worker); // now on a worker loop
    usleep(10);                        // not on the IO loop: not reported
    co_return 0;
  });
}

cppcoro::task<int> cppcoro_child() { co_return 1; }
cppcoro::task<int> cppcoro_parent(cppcoro::static_thread_pool &pool) {
  int n = cppcoro::sync_wait(cppcoro_child()); // EXPECT: blocking-call-in-coroutine {{'cppcoro::sync_wait'}} {{co_await the task}}
  co_await pool.schedule();            // on the pool from here on
  std::this_thread::sleep_for(1ms);
  co_return n;
}

coro::task<int> libcoro_child() { co_return 2; }
coro::task<int> libcoro_parent(coro::thread_pool &tp) {
  int n = coro::sync_wait(libcoro_child()); // EXPECT: blocking-call-in-coroutine {{'coro::sync_wait'}}
  co_await tp.schedule();
  sleep(1);
  co_return n;
}

folly::coro::Task<int> folly_child() { co_return 3; }
folly::coro::Task<int> folly_parent() {
  int n = folly::coro::blockingWait(folly_child()); // EXPECT: blocking-call-in-coroutine {{'folly::coro::blockingWait'}}
  co_return n;
}
