#include "storage.h"

#include <unistd.h>

static std::string read_disk() {
  sleep(1); // stands for a slow disk
  return "report";
}

std::string load_report() { return read_disk(); }
