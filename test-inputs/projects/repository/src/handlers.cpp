#include "repo/repository.h"

#include <vendorlib/slowcache.hpp>

namespace asio = boost::asio;

namespace handlers {

asio::awaitable<int> get_user(repo::Repository &r, int id) {
  int user = r.load_user(id);           // EXPECT: blocking-call-in-coroutine {{'repo::Repository::load_user' blocks: it calls 'sqlite3_exec' (3 calls down) in coroutine 'handlers::get_user'}}
  co_return user;
}

asio::awaitable<int> by_name(repo::Repository &r) {
  co_return repo::load_by(r, 42L);      // EXPECT: blocking-call-in-coroutine {{'repo::load_by' blocks: it calls 'sqlite3_exec' (4 calls down)}}
}

// The same helper, handed to the pool: it runs there, not on the loop.
asio::awaitable<int> offloaded(repo::Repository &r, asio::thread_pool &pool) {
  co_await asio::post(pool, asio::use_awaitable);
  asio::post(pool, [&r] { r.count_users(); });
  co_return 0;
}

// Through the base class: only with --follow-virtual-calls (DiskStore::fetch preads).
asio::awaitable<int> fetch(repo::Store &store) { co_return store.fetch(1); }

// A header-only library's blocking: only with --follow-headers vendorlib/.
asio::awaitable<void> refresh() {
  slowcache::refresh();
  co_return;
}

} // namespace handlers
