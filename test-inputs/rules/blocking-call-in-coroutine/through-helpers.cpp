// Blocking calls reached through helpers: reported at the call in the coroutine, with the
// shortest chain; helpers only plain code calls, and work handed to a pool, are not reported.
#include <boost/asio.hpp>
#include <sqlite3.h>
#include <thread>
#include <unistd.h>

namespace asio = boost::asio;

int run_query(sqlite3 *db, const char *sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
}

struct Repository {
  sqlite3 *db = nullptr;
  int load_user(int id) { return run_query(db, "SELECT * FROM users"); }
  int count_users() { return load_user(0) + 1; }
};

// Two chains to a sleep: the short one wins.
void nap() { usleep(100); }
void nap_twice() { nap(); nap(); }
void dawdle(bool fast) {
  if (fast)
    nap();
  else
    nap_twice();
}

// Recursion does not loop the analysis.
int retry(int n) { return n == 0 ? (sleep(1), 0) : retry(n - 1); }
int ping_pong(int n);
int pong_ping(int n) { return n > 0 ? ping_pong(n - 1) : 0; }
int ping_pong(int n) { return n > 2 ? pong_ping(n - 1) : usleep(1); }

template <class T> T cached_load(Repository &repo, T key) { return static_cast<T>(repo.load_user(int(key))); }

asio::awaitable<int> get_user(Repository &repo) {
  int a = repo.load_user(1);            // EXPECT: blocking-call-in-coroutine {{'Repository::load_user' blocks: it calls 'sqlite3_exec' (3 calls down) in coroutine 'get_user'}}
  int b = run_query(repo.db, "SELECT 1"); // EXPECT: blocking-call-in-coroutine {{'run_query' blocks: it calls 'sqlite3_exec' (2 calls down)}}
  int c = repo.count_users();           // EXPECT: blocking-call-in-coroutine {{(4 calls down)}}
  long d = cached_load(repo, 7L);       // EXPECT: blocking-call-in-coroutine {{'cached_load' blocks}}
  co_return a + b + c + int(d);
}

asio::awaitable<void> loops() {
  dawdle(true);                         // EXPECT: blocking-call-in-coroutine {{'dawdle' blocks: it calls 'usleep' (3 calls down)}}
  retry(3);                             // EXPECT: blocking-call-in-coroutine {{'retry' blocks: it calls 'sleep' (2 calls down)}}
  ping_pong(5);                         // EXPECT: blocking-call-in-coroutine {{'ping_pong' blocks: it calls 'usleep'}}
  co_return;
}

// A helper that hands its blocking work to a pool does not block its caller.
void schedule_cleanup(asio::thread_pool &pool) {
  asio::post(pool, [] { sleep(5); });
}
void enqueue_cleanup(asio::thread_pool &pool) { schedule_cleanup(pool); }

// A lambda a helper calls itself runs in the helper.
void inline_lambda_helper() {
  auto work = [] { usleep(10); };
  work();
}

asio::awaitable<void> offloading(asio::thread_pool &pool) {
  enqueue_cleanup(pool);                // the sleep runs on the pool: nothing to report
  inline_lambda_helper();               // EXPECT: blocking-call-in-coroutine {{'inline_lambda_helper' blocks: it calls 'usleep'}}
  co_await asio::post(pool, asio::use_awaitable);
}

// Awaiting a coroutine that blocks: reported inside it, once, not again at each await.
asio::awaitable<void> blocking_step() {
  nap();                                // EXPECT: blocking-call-in-coroutine {{'nap' blocks}}
  co_return;
}
asio::awaitable<void> caller_of_blocking_step() {
  co_await blocking_step();
}

// A blocking helper only plain code calls: plain code may block, nothing to report.
int admin_report(Repository &repo) { return repo.count_users() + run_query(repo.db, "VACUUM"); }

// Virtual calls reach overrides only with --follow-virtual-calls.
struct Store {
  virtual ~Store() = default;
  virtual int fetch() { return 0; }
};
struct DiskStore : Store {
  int fetch() override { return static_cast<int>(::sleep(1)); }
};
asio::awaitable<int> through_base(Store &store) {
  co_return store.fetch();              // Store::fetch itself does not block
}
