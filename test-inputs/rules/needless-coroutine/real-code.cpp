// Patterns of real code: an assertion macro's `do { ... } while (0)` is not computation, and a
// loop written through a macro is placed where the macro is used, in this file.
#include <boost/asio.hpp>
#include <vector>

namespace asio = boost::asio;

bool check_failed(bool ok);
#define CHECK(cond) do { if (!(cond)) check_failed(false); } while (0)
#define FOR_EACH(v, body) for (int x : v) { body; }

asio::awaitable<int> only_checks(int v) {
  CHECK(v > 0);
  CHECK(v < 100);
  co_return v;
}

asio::awaitable<int> sums(std::vector<int> v) { // EXPECT: needless-coroutine {{(a loop at line 20)}}
  int total = 0;
  FOR_EACH(v, total += x);
  co_return total;
}

// A test framework's TEST_CASE makes a function with a generated name: a coroutine lambda in
// it is named after the macro the user wrote and where.
#define TEST_CASE(name) static void test_function_##__LINE__()
TEST_CASE("sums") {
  auto body = [](std::vector<int> v) -> asio::awaitable<int> { // EXPECT: needless-coroutine {{coroutine 'lambda at real-code.cpp:28 in 'TEST_CASE at real-code.cpp:27''}}
    int total = 0;
    for (int x : v)
      total += x;
    co_return total;
  };
  (void)body;
}
