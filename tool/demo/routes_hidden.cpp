// A stall corolint does not report by default: the blocking call sits behind a virtual call,
// and corolint follows a virtual call only to the function named (here a pure virtual one)
// unless --follow-virtual-calls. `prove` calls it once and prints the stall the monitor sees
// as a possible false negative of the linter.
#include <unistd.h>

#include <string>

#include "demo.hpp"

namespace demo {
namespace {

using coroweb::Response;
using coroweb::Task;

struct Storage {
  virtual ~Storage() = default;
  virtual std::string load() = 0;
};
struct ColdStorage : Storage {
  std::string load() override {
    ::usleep(static_cast<useconds_t>(block().count() * 1000));
    return "archived report";
  }
};
Storage& storage() {
  static ColdStorage cold;
  return cold;
}

Task<Response> hidden_virtual() {
  std::string report = storage().load();
  co_return Response::json({{"case", "virtual"}, {"report", report}});
}

}  // namespace

void add_hidden_routes(coroweb::App& app) { app.get("/hidden/virtual", hidden_virtual); }

}  // namespace demo
