// A blocking call written through a project macro is reported where the macro is used.
#include <boost/asio.hpp>
#include <unistd.h>

namespace asio = boost::asio;

#define BACKOFF() usleep(1000)
#define RETRY(expr) do { expr; } while (0)

asio::awaitable<void> retrying() {
  BACKOFF();                            // EXPECT: blocking-call-in-coroutine {{'usleep'}}
  RETRY(sleep(1));                      // EXPECT: blocking-call-in-coroutine {{'sleep'}}
  co_return;
}
