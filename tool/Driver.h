// Running corolint over a compilation database: choosing translation units, analysing them in
// parallel, and merging what they found.
#pragma once

#include "Engine.h"

#include "llvm/Support/Error.h"

#include <functional>
#include <memory>

namespace corolint {

// PATH is a build directory holding compile_commands.json, or that file itself. The error names
// the file and says what is wrong with it.
llvm::Expected<std::unique_ptr<clang::tooling::CompilationDatabase>>
loadCompilationDatabase(const std::string &Path, std::string &LoadedFile);

// compile_commands.json in the working directory or one of its parents (or their build/), or "".
std::string findCompilationDatabase();

// The commands to analyse: all of them, or those of the FILEs named (a directory names every
// translation unit under it). The error names the first FILE that is not in the database.
llvm::Expected<std::vector<clang::tooling::CompileCommand>>
selectCommands(const clang::tooling::CompilationDatabase &Database,
               const std::vector<std::string> &Files);

struct ParseFailure {
  std::string File;
  std::string Error;
};

struct RunResult {
  std::vector<Finding> Findings; // sorted, each reported once
  std::vector<ParseFailure> Failures;
  size_t TranslationUnits = 0;
};

// Analyses Commands on Jobs threads (0: one per core). Progress, if set, is called after each
// translation unit with (done, total, file), from one thread at a time.
RunResult analyzeAll(const std::vector<clang::tooling::CompileCommand> &Commands,
                     const EngineOptions &Options, unsigned Jobs,
                     std::function<void(size_t, size_t, const std::string &)> Progress = {});

} // namespace corolint
