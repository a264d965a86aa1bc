// One compilation database with its configuration, as the language server keeps it between
// saves: the summary of every unit analysed so far, so that a save re-analyses only the units
// that contain the saved file and links them with the rest (chains cross files).
#pragma once

#include "Driver.h"
#include "ResultCache.h"
#include "Session.h"

#include "llvm/Support/Error.h"

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace corolint::lsp {

class Project {
public:
  // DatabaseFile: compile_commands.json (absolute); SearchFrom: where .corolint.json is looked
  // for, as the command line run from there would. The error is one line naming the file.
  static llvm::Expected<std::unique_ptr<Project>> open(const std::string &DatabaseFile, const std::string &SearchFrom,
                                                       const std::string &Argv0);

  // The database or the configuration file changed (or appeared) since open: reopen the project.
  bool outdated() const;

  // The units to analyse for File: its own; for a header, every unit whose parse read it (else
  // one unit in the same directory, as clangd guesses one); then the units never analysed, whose
  // summaries the link step needs for chains into other files.
  std::vector<clang::tooling::CompileCommand> unitsToAnalyse(const std::string &File) const;

  // Analyses Commands in parallel batches, replacing their summaries, with Unsaved (an editor's
  // buffers, by path) in place of those files on disk; OnUnit after each (one call at a time,
  // Done counting from 1). Stops between batches once Superseded says a newer request made this
  // work stale; false then.
  bool analyse(const std::vector<clang::tooling::CompileCommand> &Commands,
               const std::map<std::string, std::string> &Unsaved,
               const std::function<void(const std::string &Unit, size_t Done)> &OnUnit,
               const std::function<bool()> &Superseded);

  // Links every summary and applies suppressions and excludes (read from Unsaved for those
  // files): the findings to show.
  llvm::Expected<RunResult> findings(const std::map<std::string, std::string> &Unsaved);

  const std::string &databaseFile() const { return DatabaseFile; }
  const std::string &configFile() const { return Setup->config().File; }
  const EngineOptions &engine() const { return Setup->engine(); }
  // Why there is no result cache ("" when there is one): said once to the user, not an error.
  const std::string &cacheProblem() const { return CacheProblem; }

private:
  Project() = default;
  static std::string unitKey(const clang::tooling::CompileCommand &Command);

  std::string DatabaseFile, SearchFrom;
  std::unique_ptr<Session> Setup;
  std::unique_ptr<ResultCache> Cache; // the command line's default cache, when it can be used
  std::unique_ptr<clang::tooling::CompilationDatabase> Database;
  std::vector<clang::tooling::CompileCommand> Commands;
  std::map<std::string, TranslationUnitSummary> Summaries; // by unit (file and command)
  struct Stamp {
    std::string Path;
    bool Exists = false;
    int64_t Modified = 0;
    uint64_t Size = 0;
    bool operator==(const Stamp &O) const {
      return Path == O.Path && Exists == O.Exists && Modified == O.Modified && Size == O.Size;
    }
  };
  static Stamp stampOf(const std::string &Path);
  Stamp DatabaseStamp, ConfigStamp;
  std::string CacheProblem;
};

} // namespace corolint::lsp
