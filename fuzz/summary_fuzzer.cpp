// libFuzzer target: the summary reader (corolint link). Any input must be read or refused
// with an error; a crash, a sanitizer report or an uncaught exception is a bug.
#include "Driver.h"

#include "llvm/ADT/StringRef.h"
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  auto Unit = corolint::parseSummary(Text, "fuzz.corolint.json");
  if (!Unit)
    llvm::consumeError(Unit.takeError());
  return 0;
}
