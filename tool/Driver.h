// Running corolint over a compilation database: choosing translation units, analysing them in
// parallel, and merging what they found.
#pragma once

#include "Engine.h"
#include "Files.h"

#include "llvm/Support/Error.h"

#include <functional>
#include <memory>

namespace corolint {

// PATH is a build directory holding compile_commands.json, or that file itself. The error names
// the file and says what is wrong with it.
llvm::Expected<std::unique_ptr<clang::tooling::CompilationDatabase>>
loadCompilationDatabase(const std::string &Path, std::string &LoadedFile);

// The compilation database in Text (read from File): whole JSON, each entry checked, or an
// error "FILE[:LINE:COL]: reason".
llvm::Expected<std::unique_ptr<clang::tooling::CompilationDatabase>>
parseCompilationDatabase(llvm::StringRef Text, const std::string &File);

// compile_commands.json in From (default: the working directory) or one of its parents (or
// their build/), or "".
std::string findCompilationDatabase(const std::string &From = "");

// The commands to analyse: all of them, or those of the FILEs named (a directory names every
// translation unit under it); never an assembly source's. The error names the first FILE that
// is not in the database, or is an assembly source.
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

// The cores this process may use: its CPU affinity, lowered by a cgroup CPU quota (cgroup v2's
// cpu.max, v1's cpu.cfs_quota_us), as containers and CI runners set them. At least 1.
unsigned availableCores();
// The cores a cgroup quota allows ("QUOTA PERIOD" of cpu.max, or v1's two numbers), rounded up;
// nothing when unlimited ("max", -1) or unreadable.
std::optional<unsigned> coresOfQuota(llvm::StringRef Quota, llvm::StringRef Period);

// Analyses Commands on Jobs threads (0: availableCores()). Each unit's summary is handed to OnUnit
// (if set) as it completes, from one thread at a time, and kept for the link step.
std::vector<TranslationUnitSummary>
analyzeUnits(const std::vector<clang::tooling::CompileCommand> &Commands, const EngineOptions &Options,
             unsigned Jobs, std::function<void(const TranslationUnitSummary &, size_t Done)> OnUnit = {});

// The link step: merges the units' summaries into one program, runs the rules over it, and
// returns every finding once, sorted.
RunResult link(const std::vector<TranslationUnitSummary> &Units, const EngineOptions &Options);

// Both steps.
RunResult analyzeAll(const std::vector<clang::tooling::CompileCommand> &Commands,
                     const EngineOptions &Options, unsigned Jobs);

// Summary files, for splitting a run across processes or machines (--summaries, corolint link).
// Write: one JSON file per unit in Directory (never onto one of Inputs, never through a link).
// Read: every summary file in the directories; the error names the file that is not a corolint
// summary.
std::string summaryText(const TranslationUnitSummary &Unit); // a summary file's content
llvm::Error writeSummaryFile(const std::string &Directory, const TranslationUnitSummary &Unit,
                             const RunInputs &Inputs = {});
llvm::Expected<std::vector<std::string>> summaryFilesIn(const std::string &Directory); // sorted
llvm::Expected<TranslationUnitSummary> parseSummary(llvm::StringRef Text, const std::string &File);
// The summaries in Directories, read on Jobs threads (0: availableCores()); an error names the
// first bad file.
llvm::Expected<std::vector<TranslationUnitSummary>> readSummaryFiles(const std::vector<std::string> &Directories,
                                                                    unsigned Jobs = 1);

// Every file name a unit's summary holds (its main file, the files read, each span's file),
// handed to Rename to change in place.
void renameFiles(TranslationUnitSummary &Unit, const std::function<void(std::string &)> &Rename);
// The relative names of a summary written with --path-root, made absolute again under Root.
void resolveRelativeFiles(TranslationUnitSummary &Unit, const std::string &Root);

} // namespace corolint
