// libFuzzer target: the compilation-database reader and the command-line adjuster. Any input must be read or refused
// with an error; a crash, a sanitizer report or an uncaught exception is a bug.
#include "Driver.h"

#include "llvm/ADT/StringRef.h"
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  auto Database = corolint::parseCompilationDatabase(Text, "compile_commands.json");
  if (!Database) {
    llvm::consumeError(Database.takeError());
    return 0;
  }
  for (const clang::tooling::CompileCommand &Command : (*Database)->getAllCompileCommands())
    (void)corolint::adjustForClang(Command.CommandLine, Command.Directory, "/nonexistent/resource-dir");
  return 0;
}
