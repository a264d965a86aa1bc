// Lazy tasks created and thrown away: their work never runs.
#include <boost/asio.hpp>
#include <coroweb/coroweb.hpp>
#include <cppcoro/task.hpp>
#include <drogon/drogon.h>
#include <folly/coro/Task.h>

namespace asio = boost::asio;

asio::awaitable<void> audit_log(int user);
coroweb::Task<coroweb::Response> warm();
cppcoro::task<int> compute();
folly::coro::Task<int> fetch();
drogon::Task<int> query();

struct Mailer {
  asio::awaitable<void> send(int user);
};

asio::awaitable<void> handle(int user, Mailer &mail) {
  audit_log(user);                 // EXPECT: discarded-task {{the task returned by 'audit_log' is discarded}} {{co_await it}}
  (void)audit_log(user);           // EXPECT: discarded-task {{'audit_log'}}
  mail.send(user);                 // EXPECT: discarded-task {{'Mailer::send'}}
  warm();                          // EXPECT: discarded-task {{'warm'}}
  auto ex = co_await asio::this_coro::executor;
  asio::co_spawn(ex, audit_log(user), asio::use_awaitable); // EXPECT: discarded-task {{'boost::asio::co_spawn' is discarded}}
}

void plain_code(int user) {
  audit_log(user);                 // EXPECT: discarded-task {{'audit_log'}}
  compute();                       // EXPECT: discarded-task {{'compute'}}
  fetch();                         // EXPECT: discarded-task {{'fetch'}}
  query();                         // EXPECT: discarded-task {{'query'}}
}
