// EXPECT-NONE
// Tasks that are awaited, stored, returned or spawned, and calls that are not tasks.
#include <boost/asio.hpp>
#include <future>
#include <vector>

namespace asio = boost::asio;

asio::awaitable<void> audit_log(int user);
asio::awaitable<int> lookup(int user);
int plain_count(int user);
std::future<int> later();
void consume(asio::awaitable<void> task);

asio::awaitable<void> handle(int user) {
  co_await audit_log(user);
  int n = co_await lookup(user);
  auto pending = audit_log(user);
  co_await std::move(pending);
  std::vector<asio::awaitable<void>> batch;
  batch.push_back(audit_log(user));
  consume(audit_log(user));
  asio::co_spawn(co_await asio::this_coro::executor, audit_log(user), asio::detached);
  plain_count(n);
  later();
  auto make = [user] { return audit_log(user); };   // creates nothing until called
  (void)make;
}

asio::awaitable<void> forward(int user) { return audit_log(user); }
