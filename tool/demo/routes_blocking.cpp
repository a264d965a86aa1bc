// Blocking calls in coroutine handlers, one catalog family per pair of routes. Each /bad/<case>
// blocks the event loop for block(); its /fixed/<case> twin waits just as long without blocking.
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <cstdio>
#include <cstdlib>
#include <future>
#include <string>
#include <thread>

#include <boost/asio/read.hpp>
#include <boost/asio/redirect_error.hpp>

#include "demo.hpp"

namespace demo {
namespace {

namespace asio = boost::asio;
using coroweb::Response;
using coroweb::Task;
using tcp = asio::ip::tcp;

Response done(const char* which, nlohmann::json extra = nlohmann::json::object()) {
  extra["case"] = which;
  return Response::json(extra);
}

// --- sleep ---
Task<Response> bad_sleep() {
  std::this_thread::sleep_for(block());
  co_return done("sleep");
}
Task<Response> fixed_sleep() {
  co_await coroweb::sleep(block());
  co_return done("sleep");
}

// --- file read: a file on a slow disk (a FIFO whose writer takes block() to answer) ---
Task<Response> bad_file() {
  std::string path = slow_disk_file();
  std::string data;
  if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) data.append(buf, n);
    std::fclose(f);
  }
  co_return done("file", {{"bytes", data.size()}});
}
Task<Response> fixed_file() {
  std::string data = co_await coroweb::read_file(slow_disk_file());
  co_return done("file", {{"bytes", data.size()}});
}

// --- DNS: a name only a slow DNS server knows ---
std::string first_address(addrinfo* res) {
  char host[INET_ADDRSTRLEN] = "";
  if (res) inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(res->ai_addr)->sin_addr, host, sizeof host);
  return host;
}
std::string resolve_on_the_pool() {
  use_slow_dns_on_this_thread();
  addrinfo hints{};
  hints.ai_family = AF_INET;
  addrinfo* res = nullptr;
  int rc = getaddrinfo(kSlowHost, "80", &hints, &res);
  std::string address = rc == 0 ? first_address(res) : std::string(gai_strerror(rc));
  if (res) freeaddrinfo(res);
  return address;
}
Task<Response> bad_dns() {
  use_slow_dns_on_this_thread();
  addrinfo hints{};
  hints.ai_family = AF_INET;
  addrinfo* res = nullptr;
  int rc = getaddrinfo(kSlowHost, "80", &hints, &res);
  std::string address = rc == 0 ? first_address(res) : std::string(gai_strerror(rc));
  if (res) freeaddrinfo(res);
  co_return done("dns", {{"address", address}});
}
Task<Response> fixed_dns() {
  std::string address = co_await coroweb::offload(resolve_on_the_pool);
  co_return done("dns", {{"address", address}});
}

// --- child process ---
std::string sleep_command() { return "sleep " + std::to_string(block().count() / 1000.0); }
Task<Response> bad_process() {
  int status = std::system(sleep_command().c_str());
  co_return done("process", {{"status", status}});
}
Task<Response> fixed_process() {
  auto job = [cmd = sleep_command()] { return std::system(cmd.c_str()); };  // named: g++ 12, see async.hpp
  int status = co_await coroweb::offload(std::move(job));
  co_return done("process", {{"status", status}});
}

// --- future::get: an answer computed on another thread ---
int slow_answer() {
  std::this_thread::sleep_for(block());
  return 42;
}
Task<Response> bad_future() {
  std::future<int> answer = std::async(std::launch::async, slow_answer);
  int value = answer.get();
  co_return done("future", {{"value", value}});
}
Task<Response> fixed_future() {
  std::shared_future<int> answer = std::async(std::launch::async, slow_answer).share();
  auto job = [answer] { return answer.get(); };
  int value = co_await coroweb::offload(std::move(job));
  co_return done("future", {{"value", value}});
}

// --- a synchronous Asio operation: reading from an upstream service that takes block() ---
tcp::endpoint upstream() { return {asio::ip::make_address("127.0.0.1"), slow_upstream_port()}; }
Task<Response> bad_asio() {
  asio::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(upstream());
  std::string reply;
  boost::system::error_code ec;
  asio::read(socket, asio::dynamic_buffer(reply), ec);  // until the upstream closes
  co_return done("asio-sync", {{"reply", reply}});
}
Task<Response> fixed_asio() {
  tcp::socket socket(co_await asio::this_coro::executor);
  co_await socket.async_connect(upstream(), asio::use_awaitable);
  std::string reply;
  boost::system::error_code ec;
  co_await asio::async_read(socket, asio::dynamic_buffer(reply), asio::redirect_error(asio::use_awaitable, ec));
  co_return done("asio-sync", {{"reply", reply}});
}

// --- a blocking helper in another file, two calls down (helpers.cpp) ---
Task<Response> bad_helper() {
  std::string inventory = fetch_inventory();
  co_return done("helper", {{"inventory", inventory}});
}
Task<Response> fixed_helper() {
  std::string inventory = co_await coroweb::offload(fetch_inventory);
  co_return done("helper", {{"inventory", inventory}});
}

}  // namespace

void add_blocking_routes(coroweb::App& app) {
  app.get("/bad/sleep", bad_sleep);
  app.get("/fixed/sleep", fixed_sleep);
  app.get("/bad/file", bad_file);
  app.get("/fixed/file", fixed_file);
  app.get("/bad/dns", bad_dns);
  app.get("/fixed/dns", fixed_dns);
  app.get("/bad/process", bad_process);
  app.get("/fixed/process", fixed_process);
  app.get("/bad/future", bad_future);
  app.get("/fixed/future", fixed_future);
  app.get("/bad/asio-sync", bad_asio);
  app.get("/fixed/asio-sync", fixed_asio);
  app.get("/bad/helper", bad_helper);
  app.get("/fixed/helper", fixed_helper);
}

}  // namespace demo
