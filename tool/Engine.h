// Analysing translation units: one compile command in, findings (or a parse failure) out.
#pragma once

#include "corolint/Finding.h"
#include "corolint/Rule.h"
#include "corolint/Summary.h"

#include "clang/Tooling/CompilationDatabase.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace corolint {

class BlockingApiCatalog;
class Frameworks;
class UnitResults;

struct EngineOptions {
  std::vector<const RuleInfo *> Rules;     // the rules to run
  // Levels and options the configuration sets; a rule without an entry runs with its defaults.
  std::map<std::string, RuleSettings, std::less<>> Settings;
  const RuleSettings &settingsOf(const RuleInfo &Rule) const;
  const BlockingApiCatalog *Catalog = nullptr;
  const Frameworks *Models = nullptr;      // framework models (routes, pool hops, advice)
  std::string ResourceDir;                 // clang's builtin headers (see findResourceDir)
  // System headers whose functions are summarised like the project's (path fragments such as
  // "boost/beast/"): header-only libraries whose blocking is not in the catalog.
  std::vector<std::string> FollowHeaders;
  Program::Options Link;
  bool DirectOnly = false; // no summaries, no link step: only what each unit finds alone
  UnitResults *Cache = nullptr; // earlier runs' results (analyzeUnits), or none
  // --path-root: files under this absolute directory are named relative to it, by the path the
  // compile command reached them through (symbolic links not resolved), so that a unit analysed
  // in a sandbox (Bazel) names the same files wherever the sandbox was. Empty: absolute real paths.
  std::string PathRoot;
  // Files whose text is not the disk's (an editor's unsaved buffers), by absolute path: parsed
  // in place of what is on disk. Units analysed with any are neither taken from the cache nor
  // kept in it, whose keys are the disk's contents.
  std::map<std::string, std::string> Unsaved;
};

// The absolute, normalised path of a command's main file: how summaries, shard plans, the cache
// and the language server name a unit.
std::string mainFileOf(const clang::tooling::CompileCommand &Command);

// Parses Command's translation unit, runs the rules on it and summarises its functions for the
// link step; Error is its first compile error ("file:line:col: message"), if any. Thread-safe:
// each call has its own file system view, so calls may run in parallel.
TranslationUnitSummary analyzeTranslationUnit(const clang::tooling::CompileCommand &Command,
                                             const EngineOptions &Options);

// Rewrites a command line written for g++ so that clang accepts it: drops options clang does
// not know, keeps GCC precompiled-header `-include`s as plain includes, silences warnings (they
// are not ours to report) and points clang at its builtin headers.
// Relative paths in the command are relative to Directory.
std::vector<std::string> adjustForClang(const std::vector<std::string> &CommandLine,
                                        const std::string &Directory,
                                        const std::string &ResourceDir);

// The directory holding clang's builtin headers (include/stddef.h): next to the corolint
// executable when installed with one (PREFIX/lib/corolint/clang/N, else PREFIX/lib/clang/N), else the one of the LLVM it was built against, else the
// one `clang-16 -print-resource-dir` reports. Empty if none is found.
std::string findResourceDir(const char *Argv0);

} // namespace corolint
