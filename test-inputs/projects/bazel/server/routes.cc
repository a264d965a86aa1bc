#include "server/routes.h"

#include "storage/storage.h"

#include <chrono>
#include <thread>

namespace server {

// Blocks the loop two calls down, in another package: the finding the test asserts.
cppcoro::task<int> get_user(int id) {
  int user = storage::load_user(id);
  co_return user;
}

// Blocks on purpose, once at start-up: suppressed, which SARIF carries as such.
cppcoro::task<int> warm_up() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1)); // NOLINT(blocking-call-in-coroutine): start-up only
  co_return 0;
}

} // namespace server
