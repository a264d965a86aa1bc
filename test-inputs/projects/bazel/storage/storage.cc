#include "storage/storage.h"

#include <chrono>
#include <thread>

namespace storage {

int load_user(int id) {
  std::this_thread::sleep_for(std::chrono::milliseconds(20)); // the database, simulated
  return id;
}

} // namespace storage
