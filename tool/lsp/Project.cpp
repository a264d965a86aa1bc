#include "Project.h"

#include "Config.h"
#include "SourceFiles.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"

#include <mutex>

#include <chrono>

namespace corolint::lsp {

using clang::tooling::CompileCommand;


Project::Stamp Project::stampOf(const std::string &Path) {
  Stamp S;
  S.Path = Path;
  llvm::sys::fs::file_status Status;
  if (!Path.empty() && !llvm::sys::fs::status(Path, Status) && llvm::sys::fs::exists(Status)) {
    S.Exists = true;
    S.Modified = std::chrono::duration_cast<std::chrono::nanoseconds>(
                     Status.getLastModificationTime().time_since_epoch()).count();
    S.Size = Status.getSize();
  }
  return S;
}

std::string Project::unitKey(const CompileCommand &Command) {
  std::string Key = mainFileOf(Command);
  for (const std::string &Argument : Command.CommandLine)
    Key += '\0' + Argument;
  return Key;
}

llvm::Expected<std::unique_ptr<Project>> Project::open(const std::string &DatabaseFile, const std::string &SearchFrom,
                                                       const std::string &Argv0) {
  std::unique_ptr<Project> P(new Project());
  P->DatabaseFile = DatabaseFile;
  P->SearchFrom = SearchFrom;
  // Stamps first: a change while we read is then seen by the next outdated().
  P->DatabaseStamp = stampOf(DatabaseFile);
  P->ConfigStamp = stampOf(findConfigFile(SearchFrom));
  SessionOverrides Overrides;
  Overrides.SearchFrom = SearchFrom;
  Overrides.Argv0 = Argv0;
  auto Opened = Session::open(Overrides);
  if (!Opened)
    return Opened.takeError();
  P->Setup = std::move(*Opened);
  if (P->Setup->engine().ResourceDir.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot find clang's builtin headers (include/stddef.h); install clang-16");
  // The command line's default cache and size cap (--cache-max-size 1G): a save with nothing
  // changed, or a unit the command line analysed already, is answered without a parse.
  std::string CacheDirectory = ResultCache::defaultDirectory();
  if (CacheDirectory.empty()) {
    P->CacheProblem = "no result cache: neither XDG_CACHE_HOME nor HOME is set";
  } else if (auto Made = ResultCache::open(CacheDirectory, llvm::cantFail(ResultCache::parseSize("1G")),
                                              ResultCache::runKey(*P->Setup, Argv0))) {
    P->Cache = std::move(*Made);
    P->Setup->engine().Cache = P->Cache.get();
  } else {
    P->CacheProblem = "no result cache: " + llvm::toString(Made.takeError());
  }
  std::string Loaded;
  auto Database = loadCompilationDatabase(DatabaseFile, Loaded);
  if (!Database)
    return Database.takeError();
  P->Database = std::move(*Database);
  // The units the command line would analyse (not CMake's own, not assembly sources).
  auto Commands = selectCommands(*P->Database, {});
  if (!Commands)
    return Commands.takeError();
  P->Commands = std::move(*Commands);
  return P;
}

bool Project::outdated() const {
  return !(stampOf(DatabaseFile) == DatabaseStamp) || !(stampOf(findConfigFile(SearchFrom)) == ConfigStamp);
}

std::vector<CompileCommand> Project::unitsToAnalyse(const std::string &File) const {
  std::vector<CompileCommand> Own, Rest;
  for (const CompileCommand &Command : Commands)
    if (mainFileOf(Command) == File)
      Own.push_back(Command);
  if (Own.empty())
    for (const CompileCommand &Command : Commands) {
      auto It = Summaries.find(unitKey(Command));
      if (It != Summaries.end() &&
          std::find(It->second.FilesRead.begin(), It->second.FilesRead.end(), File) != It->second.FilesRead.end())
        Own.push_back(Command);
    }
  if (Own.empty()) {
    llvm::StringRef Directory = llvm::sys::path::parent_path(File);
    for (const CompileCommand &Command : Commands)
      if (llvm::sys::path::parent_path(mainFileOf(Command)) == Directory) {
        Own.push_back(Command);
        break;
      }
  }
  for (const CompileCommand &Command : Commands)
    if (!Summaries.count(unitKey(Command)) &&
        std::none_of(Own.begin(), Own.end(), [&](const CompileCommand &O) { return unitKey(O) == unitKey(Command); }))
      Rest.push_back(Command);
  Own.insert(Own.end(), Rest.begin(), Rest.end());
  return Own;
}

bool Project::analyse(const std::vector<CompileCommand> &Units, const std::map<std::string, std::string> &Unsaved,
                      const std::function<void(const std::string &Unit, size_t Done)> &OnUnit,
                      const std::function<bool()> &Superseded) {
  // Units go in batches of one per core (the first analysis of a project is all of them); a
  // newer save stops stale work between batches, since a parse cannot be interrupted. Each unit
  // is its own analyzeUnits call, which keeps its summary tied to its command and goes through
  // EngineOptions, so the result cache applies when it is configured.
  unsigned Cores = std::max(1u, llvm::hardware_concurrency().compute_thread_count());
  EngineOptions Options = Setup->engine();
  Options.Unsaved = Unsaved; // and the cache is left alone then (analyzeUnits)
  std::mutex Lock;
  size_t Done = 0;
  for (size_t First = 0; First < Units.size(); First += Cores) {
    if (Superseded && Superseded())
      return false;
    size_t Last = std::min(Units.size(), First + Cores);
    llvm::ThreadPool Pool(llvm::hardware_concurrency(static_cast<unsigned>(Last - First)));
    for (size_t I = First; I < Last; ++I)
      Pool.async([&, I] {
        std::vector<TranslationUnitSummary> Result = analyzeUnits({Units[I]}, Options, 1);
        std::lock_guard<std::mutex> Guard(Lock);
        if (!Result.empty())
          Summaries[unitKey(Units[I])] = std::move(Result.front());
        if (OnUnit)
          OnUnit(mainFileOf(Units[I]), ++Done);
      });
    Pool.wait();
  }
  if (Cache)
    Cache->trim();
  return true;
}

llvm::Expected<RunResult> Project::findings(const std::map<std::string, std::string> &Unsaved) {
  std::vector<TranslationUnitSummary> Units;
  Units.reserve(Summaries.size());
  GateOptions Gate = Setup->gate();
  for (const auto &[Key, Unit] : Summaries) {
    Units.push_back(Unit);
    Gate.ScannedFiles.push_back(Unit.File);
  }
  RunResult Run = link(Units, Setup->engine());
  // Suppressions and excludes as the command line applies them; never a baseline written, never
  // a file fixed from here.
  Gate.WriteBaseline.reset();
  Gate.Fix = false;
  SourceFiles Sources(Unsaved);
  auto Outcome = applyGate(Run, Setup->engine().Rules, Gate, Sources);
  if (!Outcome)
    return Outcome.takeError();
  return Run;
}

} // namespace corolint::lsp
