#include "repo/repository.h"

#include <unistd.h>

namespace repo {

struct DiskStore : Store {
  int fetch(int id) override { return static_cast<int>(::pread(3, nullptr, 0, id)); }
};

Store *make_store() { return new DiskStore; }

} // namespace repo
