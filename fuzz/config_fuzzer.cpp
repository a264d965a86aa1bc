// libFuzzer target: the configuration reader and the framework models it carries. Any input must be read or refused
// with an error; a crash, a sanitizer report or an uncaught exception is a bug.
#include "Config.h"
#include "corolint/Framework.h"

#include "llvm/ADT/StringRef.h"
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  auto C = corolint::parseConfig(std::string(Text), "fuzz.corolint.json");
  if (!C) {
    llvm::consumeError(C.takeError());
    return 0;
  }
  for (const nlohmann::json &Model : C->Frameworks) {
    try {
      (void)corolint::Frameworks::parse(Model, "fuzz.corolint.json: frameworks");
    } catch (const std::exception &) { // how the reader refuses a model (main reports it in one line)
    }
  }
  return 0;
}
