// libFuzzer target: the suppression-comment parser (NOLINT and its family). Any input must be read or refused
// with an error; a crash, a sanitizer report or an uncaught exception is a bug.
#include "Suppressions.h"

#include "llvm/ADT/StringRef.h"
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  (void)corolint::parseSuppressions("fuzz.cpp", std::string(Text));
  return 0;
}
