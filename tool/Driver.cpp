#include "Driver.h"
#include "UnitResults.h"

#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include <nlohmann/json.hpp>

#include <mutex>
#include <set>

using namespace clang::tooling;

namespace corolint {

namespace {

std::string absolutePath(llvm::StringRef Path, llvm::StringRef Base = "") {
  llvm::SmallString<256> Out(Path);
  if (!llvm::sys::path::is_absolute(Out)) {
    if (Base.empty())
      llvm::sys::fs::make_absolute(Out);
    else
      llvm::sys::fs::make_absolute(Base, Out);
  }
  llvm::sys::path::remove_dots(Out, /*remove_dot_dot=*/true);
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Out, Real))
    return std::string(Real);
  return std::string(Out);
}

bool isUnder(llvm::StringRef Path, llvm::StringRef Directory) {
  return Path.starts_with(Directory) &&
         (Path.size() == Directory.size() || Directory.ends_with("/") || Path[Directory.size()] == '/');
}

// Each entry of a compilation database: an object with a "directory" and a "file", and a
// "command" string or an "arguments" list of strings.
llvm::Error checkDatabaseEntries(const nlohmann::json &Root, const std::string &File) {
  auto bad = [&](const std::string &Where, const std::string &Why) {
    return llvm::createStringError(std::errc::invalid_argument, "%s: %s%s", File.c_str(), Where.c_str(), Why.c_str());
  };
  if (!Root.is_array())
    return bad("", "not a compilation database (expected a JSON array of compile commands)");
  for (size_t I = 0; I < Root.size(); ++I) {
    const nlohmann::json &Entry = Root[I];
    std::string Where = "entry " + std::to_string(I + 1) + ": ";
    if (!Entry.is_object())
      return bad(Where, "not an object");
    for (const char *Key : {"directory", "file"})
      if (!Entry.contains(Key) || !Entry[Key].is_string() || Entry[Key].get_ref<const std::string &>().empty())
        return bad(Where, std::string("'") + Key + "' must be a non-empty string");
    bool Command = Entry.contains("command"), Arguments = Entry.contains("arguments");
    if (!Command && !Arguments)
      return bad(Where, "needs 'command' or 'arguments'");
    if (Command && !Entry["command"].is_string())
      return bad(Where, "'command' must be a string");
    if (Arguments && (!Entry["arguments"].is_array() || Entry["arguments"].empty() ||
                      !std::all_of(Entry["arguments"].begin(), Entry["arguments"].end(),
                                   [](const nlohmann::json &A) { return A.is_string(); })))
      return bad(Where, "'arguments' must be a non-empty list of strings");
    if (Entry.contains("output") && !Entry["output"].is_string())
      return bad(Where, "'output' must be a string");
  }
  return llvm::Error::success();
}

} // namespace

std::string findCompilationDatabase(const std::string &From) {
  llvm::SmallString<256> Dir(From);
  if (From.empty() ? llvm::sys::fs::current_path(Dir) : llvm::sys::fs::make_absolute(Dir))
    return "";
  for (std::string D = std::string(Dir); !D.empty(); D = std::string(llvm::sys::path::parent_path(D))) {
    for (const char *Candidate : {"compile_commands.json", "build/compile_commands.json"}) {
      llvm::SmallString<256> Path(D);
      llvm::sys::path::append(Path, Candidate);
      if (llvm::sys::fs::is_regular_file(Path))
        return std::string(Path);
    }
    if (D == llvm::sys::path::parent_path(D))
      break;
  }
  return "";
}

llvm::Expected<std::unique_ptr<CompilationDatabase>> parseCompilationDatabase(llvm::StringRef Text,
                                                                              const std::string &File) {
  // Checked as JSON first: LLVM's YAML-based reader accepts a database that is not JSON (a
  // missing comma, two arrays, text after the end) and keeps only part of it.
  auto Json = parseJsonText(Text, File);
  if (!Json)
    return Json.takeError();
  if (llvm::Error E = checkDatabaseEntries(*Json, File))
    return std::move(E);
  std::string Error;
  std::unique_ptr<CompilationDatabase> Database =
      JSONCompilationDatabase::loadFromBuffer(Text, Error, JSONCommandLineSyntax::AutoDetect);
  if (!Database) {
    // LLVM's message may span lines; keep the first, which says what is wrong.
    std::string Reason = Error.substr(0, Error.find('\n'));
    return llvm::createStringError(std::errc::invalid_argument, "%s: not a valid compilation database: %s",
                                   File.c_str(), Reason.c_str());
  }
  return std::move(Database);
}

llvm::Expected<std::unique_ptr<CompilationDatabase>>
loadCompilationDatabase(const std::string &Path, std::string &LoadedFile) {
  llvm::SmallString<256> File(Path);
  if (llvm::sys::fs::is_directory(File))
    llvm::sys::path::append(File, "compile_commands.json");
  LoadedFile = std::string(File);
  if (!llvm::sys::fs::exists(File))
    return llvm::createStringError(std::errc::no_such_file_or_directory,
                                   "%s: no such file (pass -p with a build directory or its "
                                   "compile_commands.json)", LoadedFile.c_str());
  auto Text = readRegularFile(LoadedFile);
  if (!Text)
    return Text.takeError();
  auto Parsed = parseCompilationDatabase(*Text, LoadedFile);
  if (!Parsed)
    return Parsed.takeError();
  std::unique_ptr<CompilationDatabase> Database = std::move(*Parsed);
  Database = expandResponseFiles(std::move(Database), llvm::vfs::getRealFileSystem());
  if (Database->getAllCompileCommands().empty())
    return llvm::createStringError(std::errc::invalid_argument,
                                   "%s: the compilation database lists no translation units",
                                   LoadedFile.c_str());
  return std::move(Database);
}

namespace {

// An assembly source (Boost.Context's and async_simple's context switches, start-up code): the
// compiler driver runs the assembler on it, not clang's parser, and no coroutine is in it.
bool isAssembly(const CompileCommand &C) {
  for (size_t I = 0; I + 1 < C.CommandLine.size(); ++I)
    if (C.CommandLine[I] == "-x")
      return llvm::StringRef(C.CommandLine[I + 1]).startswith("assembler");
  llvm::StringRef Extension = llvm::sys::path::extension(C.Filename);
  return Extension == ".s" || Extension == ".S" || Extension == ".sx" || Extension == ".asm";
}

} // namespace

llvm::Expected<std::vector<CompileCommand>>
selectCommands(const CompilationDatabase &Database, const std::vector<std::string> &Files) {
  std::vector<CompileCommand> All;
  std::set<std::string> AssemblyPaths;
  // CMake's own sources (the translation unit that builds a precompiled header) are not the
  // project's code; assembly sources are not C or C++.
  for (CompileCommand &C : Database.getAllCompileCommands()) {
    if (absolutePath(C.Filename, C.Directory).find("/CMakeFiles/") != std::string::npos)
      continue;
    if (isAssembly(C))
      AssemblyPaths.insert(absolutePath(C.Filename, C.Directory));
    else
      All.push_back(std::move(C));
  }
  if (Files.empty())
    return All;
  std::vector<std::string> AllPaths;
  for (const CompileCommand &C : All)
    AllPaths.push_back(absolutePath(C.Filename, C.Directory));

  std::vector<CompileCommand> Selected;
  std::set<size_t> Taken;
  for (const std::string &File : Files) {
    std::string Wanted = absolutePath(File);
    bool Directory = llvm::sys::fs::is_directory(Wanted);
    bool Found = false;
    for (size_t I = 0; I < All.size(); ++I) {
      if (Directory ? isUnder(AllPaths[I], Wanted) : AllPaths[I] == Wanted) {
        Found = true;
        if (Taken.insert(I).second)
          Selected.push_back(All[I]);
      }
    }
    if (!Found) {
      const char *Why = !llvm::sys::fs::exists(Wanted) ? "no such file or directory"
                        : AssemblyPaths.count(Wanted) ? "an assembly source, not C or C++: nothing to analyse"
                        : Directory ? "no translation unit of the compilation database is under it"
                                    : "not in the compilation database";
      return llvm::createStringError(std::errc::invalid_argument, "%s: %s", File.c_str(), Why);
    }
  }
  return Selected;
}

std::optional<unsigned> coresOfQuota(llvm::StringRef Quota, llvm::StringRef Period) {
  uint64_t Q = 0, P = 0;
  if (Quota.trim().getAsInteger(10, Q) || Period.trim().getAsInteger(10, P) || Q == 0 || P == 0)
    return std::nullopt; // "max", "-1" (unlimited) or not numbers
  return static_cast<unsigned>(std::max<uint64_t>(1, (Q + P - 1) / P));
}

namespace {

std::string firstLineOf(const std::string &Path) {
  auto Buffer = llvm::MemoryBuffer::getFileAsStream(Path);
  return Buffer ? (*Buffer)->getBuffer().split('\n').first.str() : "";
}

// The smallest CPU quota of this process's cgroup and its ancestors, in cores.
std::optional<unsigned> cgroupCores() {
  auto Self = llvm::MemoryBuffer::getFileAsStream("/proc/self/cgroup");
  if (!Self)
    return std::nullopt;
  std::optional<unsigned> Cores;
  auto Lower = [&](std::optional<unsigned> C) {
    if (C && (!Cores || *C < *Cores))
      Cores = C;
  };
  llvm::SmallVector<llvm::StringRef, 16> Lines;
  (*Self)->getBuffer().split(Lines, '\n', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef Line : Lines) {
    // "0::/path" (v2), "N:cpu,cpuacct:/path" (v1)
    auto [Id, Rest] = Line.split(':');
    auto [Controllers, Path] = Rest.split(':');
    llvm::SmallVector<llvm::StringRef, 4> Names;
    Controllers.split(Names, ',');
    bool V2 = Id == "0" && Controllers.empty();
    bool V1 = llvm::is_contained(Names, "cpu");
    if (!V1 && !V2)
      continue;
    for (std::string Dir = Path.str(); !Dir.empty(); Dir = llvm::sys::path::parent_path(Dir).str()) {
      std::string Base = std::string(V2 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/cpu") + (Dir == "/" ? "" : Dir);
      if (V2) {
        auto [Quota, Period] = llvm::StringRef(firstLineOf(Base + "/cpu.max")).split(' ');
        Lower(coresOfQuota(Quota, Period));
      } else {
        Lower(coresOfQuota(firstLineOf(Base + "/cpu.cfs_quota_us"), firstLineOf(Base + "/cpu.cfs_period_us")));
      }
      if (Dir == "/")
        break;
    }
  }
  return Cores;
}

} // namespace

unsigned availableCores() {
  // LLVM counts the CPUs of the process's affinity mask.
  unsigned Cores = std::max(1u, llvm::hardware_concurrency().compute_thread_count());
  if (std::optional<unsigned> Quota = cgroupCores())
    Cores = std::min(Cores, *Quota);
  return Cores;
}

std::vector<TranslationUnitSummary>
analyzeUnits(const std::vector<CompileCommand> &Commands, const EngineOptions &Options, unsigned Jobs,
             std::function<void(const TranslationUnitSummary &, size_t)> OnUnit) {
  std::vector<TranslationUnitSummary> Units;
  Units.reserve(Commands.size());
  std::mutex Lock;
  auto Keep = [&](TranslationUnitSummary &&Unit) {
    std::lock_guard<std::mutex> Guard(Lock);
    Units.push_back(std::move(Unit));
    if (OnUnit)
      OnUnit(Units.back(), Units.size());
  };
  // A unit whose every input is unchanged since a cached run is not parsed again. Unsaved
  // buffers are not what the cache's keys describe: a run with any goes around it.
  UnitResults *Cache = Options.Unsaved.empty() ? Options.Cache : nullptr;
  if (Cache)
    Cache->beginRun();
  auto Analyze = [&Options, Cache](const CompileCommand &Command) {
    if (!Cache)
      return analyzeTranslationUnit(Command, Options);
    if (std::optional<TranslationUnitSummary> Cached = Cache->find(Command))
      return std::move(*Cached);
    UnitResults::Clock::time_point Started = UnitResults::Clock::now();
    TranslationUnitSummary Unit = analyzeTranslationUnit(Command, Options);
    Cache->keep(Command, Unit, Started);
    return Unit;
  };
  if (Jobs == 1 || Commands.size() == 1) {
    for (const CompileCommand &Command : Commands)
      Keep(Analyze(Command));
  } else {
    llvm::ThreadPool Pool(llvm::hardware_concurrency(Jobs == 0 ? availableCores() : Jobs));
    for (const CompileCommand &Command : Commands)
      Pool.async([&, Command] { Keep(Analyze(Command)); });
    Pool.wait();
  }
  return Units;
}

RunResult link(const std::vector<TranslationUnitSummary> &Units, const EngineOptions &Options) {
  RunResult Result;
  Result.TranslationUnits = Units.size();
  std::set<Finding> Unique;
  std::vector<const TranslationUnitSummary *> Pointers;
  for (const TranslationUnitSummary &Unit : Units) {
    Pointers.push_back(&Unit);
    for (const Finding &F : Unit.Findings)
      Unique.insert(F);
    if (Unit.Error)
      Result.Failures.push_back({Unit.File, *Unit.Error});
  }
  Program Linked(Pointers, Options.Link);
  for (const RuleInfo *Info : Options.DirectOnly ? std::vector<const RuleInfo *>() : Options.Rules) {
    std::vector<Finding> Found;
    ProgramContext Context(Info->Id, Options.settingsOf(*Info), Found, Options.Models);
    Info->Create()->checkProgram(Linked, Context);
    Unique.insert(std::make_move_iterator(Found.begin()), std::make_move_iterator(Found.end()));
  }
  // A finding in a route's handler leads with the route, wherever the route was registered.
  std::map<std::string, const Route *> RouteOf;
  for (const TranslationUnitSummary &Unit : Units)
    for (const Route &R : Unit.Routes)
      RouteOf.emplace(R.HandlerUsr, &R);
  std::set<Finding> Routed;
  std::set<std::string_view> LoopOnlyRules;
  for (const RuleInfo *Info : Options.Rules)
    if (Info->Create()->onlyOnTheLoop())
      LoopOnlyRules.insert(Info->Id);
  for (Finding F : Unique) {
    // Findings of rules not chosen (summaries made by a run with other rules) are left out.
    if (std::none_of(Options.Rules.begin(), Options.Rules.end(), [&](const RuleInfo *R) { return R->Id == F.Rule; }))
      continue;
    // A coroutine that runs only on a worker pool does not hold the loop.
    if (LoopOnlyRules.count(F.Rule) && !F.FunctionUsr.empty() && Linked.runsOnPoolAt(F.FunctionUsr, F.Where))
      continue;
    if (auto It = RouteOf.find(F.FunctionUsr); It != RouteOf.end() && !F.FunctionUsr.empty()) {
      const Route &R = *It->second;
      F.Message = R.display() + ": " + F.Message;
      F.Properties["route"] = R.display();
      F.Notes.push_back({"'" + F.Function + "' handles " + R.display() + ", registered here", R.Where});
    }
    Routed.insert(std::move(F));
  }
  Result.Findings.assign(Routed.begin(), Routed.end());
  std::sort(Result.Failures.begin(), Result.Failures.end(),
            [](const ParseFailure &A, const ParseFailure &B) { return A.File < B.File; });
  return Result;
}

RunResult analyzeAll(const std::vector<CompileCommand> &Commands, const EngineOptions &Options, unsigned Jobs) {
  return link(analyzeUnits(Commands, Options, Jobs), Options);
}

} // namespace corolint
