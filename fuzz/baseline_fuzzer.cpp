// libFuzzer target: the baseline reader. Any input must be read or refused
// with an error; a crash, a sanitizer report or an uncaught exception is a bug.
#include "Baseline.h"

#include "llvm/ADT/StringRef.h"
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  auto Baseline = corolint::parseBaseline(Text, "fuzz-baseline.json");
  if (!Baseline)
    llvm::consumeError(Baseline.takeError());
  return 0;
}
