// corolint: finds what blocks the event loop in C++20 coroutine handlers.
#include "Driver.h"
#include "Report.h"
#include "Session.h"
#include "Shard.h"
#include "SourceFiles.h"
#include "Server.h"

#include "ResultCache.h"

#include "llvm/Support/CommandLine.h"
#include <nlohmann/json.hpp>
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/PrettyStackTrace.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

#include <set>

using namespace corolint;
namespace cl = llvm::cl;

namespace {

cl::OptionCategory Category("corolint options");

cl::list<std::string> Files(cl::Positional, cl::desc("[FILE...]"), cl::cat(Category));
cl::opt<std::string> BuildPath("p", cl::desc("Build directory or compile_commands.json (default: found upward from the working directory)"),
                               cl::value_desc("PATH"), cl::Prefix, cl::cat(Category));
// --format and -j are validated here rather than by llvm::cl, whose value errors bypass the
// one-line error contract.
cl::opt<std::string> FormatName("format", cl::desc("Report format: text (default; file:line:col: warning: message [rule]), json or sarif"),
                                cl::value_desc("text|json|sarif"), cl::init("text"), cl::cat(Category));
cl::opt<std::string> OutputFile("o", cl::desc("Write the report to FILE (default: standard output)"),
                                cl::value_desc("FILE"), cl::Prefix, cl::cat(Category));
cl::opt<std::string> JobsText("j", cl::desc("Translation units analysed (or, by link, summary files read) in parallel (default: the cores the process may use: its CPU affinity and cgroup quota)"),
                              cl::value_desc("N"), cl::Prefix, cl::cat(Category));
cl::list<std::string> Select("select", cl::desc("Run only these rules"), cl::CommaSeparated,
                             cl::value_desc("RULE,..."), cl::cat(Category));
cl::list<std::string> Ignore("ignore", cl::desc("Do not run these rules"), cl::CommaSeparated,
                             cl::value_desc("RULE,..."), cl::cat(Category));
cl::opt<bool> ListRules("list-rules", cl::desc("List the rules and exit"), cl::cat(Category));
cl::opt<std::string> Explain("explain", cl::desc("Print a rule's documentation and exit"),
                             cl::value_desc("RULE"), cl::cat(Category));
cl::opt<std::string> SummariesDir("summaries", cl::desc("Also write each translation unit's summary to DIR, for 'corolint link'"),
                                  cl::value_desc("DIR"), cl::cat(Category));
cl::opt<bool> FollowVirtualCalls("follow-virtual-calls",
                                 cl::desc("A virtual call may reach every override defined in the analysed code"),
                                 cl::cat(Category));
cl::list<std::string> FollowHeaders("follow-headers", cl::CommaSeparated, cl::value_desc("PATH-FRAGMENT,..."),
                                    cl::desc("Walk the functions of system headers whose path contains a fragment "
                                             "(header-only libraries, e.g. boost/beast/)"),
                                    cl::cat(Category));
cl::opt<bool> DirectOnly("direct-only", cl::desc("Skip function summaries and the link step (for measuring their cost)"),
                         cl::Hidden, cl::cat(Category));
// The CI gate.
cl::opt<std::string> ConfigFile("config", cl::desc("Configuration file (default: .corolint.json found upward from the working directory)"),
                                cl::value_desc("FILE"), cl::cat(Category));
cl::opt<bool> DumpConfig("dump-config", cl::desc("Print the effective configuration (file and flags) as JSON and exit"), cl::cat(Category));
cl::opt<std::string> FailOnName("fail-on", cl::desc("Exit 1 only for findings at this level or above (default: note, any finding)"),
                                cl::value_desc("note|warning|error"), cl::cat(Category));
cl::opt<bool> ExitZero("exit-zero", cl::desc("Exit 0 even with findings (errors still exit 2)"), cl::cat(Category));
cl::opt<bool> Quiet("quiet", cl::desc("No progress line and no summary line on standard error"), cl::cat(Category));
cl::alias QuietShort("q", cl::desc("Alias for --quiet"), cl::aliasopt(Quiet), cl::cat(Category));
cl::opt<std::string> BaselineFile("baseline", cl::desc("Report only findings not recorded in this baseline"),
                                  cl::value_desc("FILE"), cl::cat(Category));
cl::opt<std::string> WriteBaselineFile("write-baseline", cl::desc("Record the current findings (by fingerprint) in FILE and exit 0"),
                                       cl::value_desc("FILE"), cl::cat(Category));
cl::opt<bool> ApplyFixes("fix", cl::desc("Apply the fixes rules offer to the source files, then report what is left"), cl::cat(Category));
cl::opt<bool> ReportUnusedSuppressions("report-unused-suppressions",
                                       cl::desc("Report NOLINT comments naming a corolint rule that suppress nothing"), cl::cat(Category));
cl::opt<std::string> SourceRoot("source-root", cl::desc("Paths in SARIF and baselines are relative to DIR (default: the configuration file's directory, else the working directory)"),
                                cl::value_desc("DIR"), cl::cat(Category));
cl::opt<std::string> PathRoot("path-root", cl::desc("Name files under DIR relative to it, by the path the compile command reached them "
                                                     "through, in summaries (for sandboxed builds such as Bazel's; "
                                                     "'corolint link' resolves them against --source-root)"),
                              cl::value_desc("DIR"), cl::cat(Category));
cl::opt<std::string> ShardText("shard", cl::desc("Analyse only the K-th of N parts of the selected units, of about equal cost, "
                                                "and write their summaries (with --summaries) for 'corolint link'"),
                               cl::value_desc("K/N"), cl::cat(Category));
// The result cache.
cl::opt<std::string> CacheDir("cache-dir", cl::desc("Keep the results of analysed units in DIR and reuse them while their inputs are unchanged "
                                                    "(default: $XDG_CACHE_HOME/corolint, else ~/.cache/corolint)"),
                              cl::value_desc("DIR"), cl::cat(Category));
cl::opt<bool> NoCache("no-cache", cl::desc("Neither read nor write the result cache"), cl::cat(Category));
cl::opt<std::string> CacheMaxSize("cache-max-size", cl::desc("Evict the least recently used results past this size (default: 1G)"),
                                  cl::value_desc("SIZE"), cl::init("1G"), cl::cat(Category));
cl::opt<bool> Verbose("verbose", cl::desc("Say for each translation unit whether it was analysed or taken from the cache"),
                      cl::cat(Category));
cl::opt<std::string> ResourceDir("resource-dir", cl::desc("Clang's resource directory (default: found automatically)"),
                                 cl::value_desc("DIR"), cl::Hidden, cl::cat(Category));

constexpr int ExitClean = 0, ExitFindings = 1, ExitError = 2;

int fail(const llvm::Twine &Message) {
  llvm::errs() << "corolint: error: " << Message << "\n";
  return ExitError;
}

const RuleInfo *ruleOrNull(const std::string &Id, std::string &Error) {
  if (const RuleInfo *Info = findRule(Id))
    return Info;
  Error = "unknown rule '" + Id + "' (corolint --list-rules lists them)";
  return nullptr;
}

// The command line's flags, as overrides of the configuration file.
SessionOverrides overrides(const char *Argv0) {
  SessionOverrides Flags;
  Flags.ConfigFile = ConfigFile;
  if (Select.getNumOccurrences())
    Flags.Select = std::vector<std::string>(Select);
  if (Ignore.getNumOccurrences())
    Flags.Ignore = std::vector<std::string>(Ignore);
  if (FollowHeaders.getNumOccurrences())
    Flags.FollowHeaders = std::vector<std::string>(FollowHeaders);
  Flags.FollowVirtualCalls = FollowVirtualCalls;
  Flags.DirectOnly = DirectOnly;
  Flags.SourceRoot = SourceRoot;
  Flags.FailOn = FailOnName;
  Flags.ExitZero = ExitZero;
  Flags.Fix = ApplyFixes;
  Flags.ReportUnusedSuppressions = ReportUnusedSuppressions;
  Flags.Baseline = BaselineFile;
  Flags.WriteBaseline = WriteBaselineFile;
  Flags.ResourceDir = ResourceDir;
  Flags.PathRoot = PathRoot;
  Flags.Argv0 = Argv0;
  return Flags;
}

// The report goes to standard output, or through a temporary file onto -o's target, so that a
// failed run never leaves half a report behind and never writes onto one of the run's inputs.
int writeReport(const std::string &Report, const RunInputs &Inputs) {
  llvm::Error E = OutputFile.empty() || OutputFile == "-" ? writeStandardOutput(Report)
                                                          : writeFileAtomically(OutputFile, Report, Inputs);
  if (E) {
    std::string Message = llvm::toString(std::move(E));
    return fail(OutputFile.empty() || OutputFile == "-" ? Message : "-o " + Message);
  }
  return ExitClean;
}

} // namespace

int main(int argc, char **argv) {
  // LLVM's signal handlers (removal of temporaries on interrupt, a stack trace on a crash outside
  // a unit's analysis) are registered here, on the main thread: registering them from a worker
  // later would swap that thread's alternate signal stack under the sanitizers' feet.
  llvm::sys::PrintStackTraceOnErrorSignal(argv[0]);
  llvm::setBugReportMsg("corolint crashed outside the analysis of a translation unit; please report it "
                        "with the command line and the stack trace below.\n");
  // `corolint lsp`: the language server over standard input and output (tool/lsp/).
  if (argc > 1 && llvm::StringRef(argv[1]) == "lsp")
    return lsp::runLanguageServer(argv[0]);
  // `corolint link DIR...` links summaries written by earlier runs instead of analysing sources.
  bool LinkMode = argc > 1 && llvm::StringRef(argv[1]) == "link";
  std::vector<char *> Args(argv, argv + argc);
  if (LinkMode)
    Args.erase(Args.begin() + 1);
  argc = static_cast<int>(Args.size());
  argv = Args.data();
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter([](llvm::raw_ostream &OS) { OS << "corolint " COROLINT_VERSION "\n"; });
  std::string ParseErrors;
  llvm::raw_string_ostream ErrorStream(ParseErrors);
  if (!cl::ParseCommandLineOptions(argc, argv,
                                   "corolint: finds what blocks the event loop in C++20 coroutines\n\n"
                                   "  corolint [options] [FILE...]     analyse the compilation database's translation units\n"
                                   "  corolint link [options] DIR...   link summaries written with --summaries DIR and report\n"
                                   "  corolint lsp                     the language server, over standard input and output\n\n"
                                   "Exit status: 0 no findings, 1 findings, 2 usage, configuration or input error.\n",
                                   &ErrorStream)) {
    ErrorStream.flush();
    llvm::StringRef First = llvm::StringRef(ParseErrors).trim().split('\n').first;
    if (First.empty())
      First = "invalid command line";
    First = First.split("  Try:").first.rtrim();
    First.consume_front(llvm::sys::path::filename(argv[0]).str() + ": ");
    First.consume_front("corolint: ");
    return fail(First + " (corolint --help lists the options)");
  }

  if (ListRules) {
    for (const RuleInfo &Info : allRules())
      llvm::outs() << llvm::left_justify(Info.Id, 30) << " " << llvm::left_justify(levelName(Info.DefaultLevel), 8)
                   << " " << Info.summary() << "\n";
    return ExitClean;
  }
  if (!Explain.empty()) {
    std::string Error;
    const RuleInfo *Info = ruleOrNull(Explain, Error);
    if (!Info)
      return fail("--explain: " + Error);
    llvm::outs() << Info->Doc;
    return ExitClean;
  }

  Format OutputFormat;
  if (FormatName == "text")
    OutputFormat = Format::Text;
  else if (FormatName == "json")
    OutputFormat = Format::Json;
  else if (FormatName == "sarif")
    OutputFormat = Format::Sarif;
  else
    return fail("--format: unknown format '" + FormatName + "' (text, json or sarif)");
  unsigned Jobs = 0;
  if (!JobsText.empty() && (llvm::StringRef(JobsText).getAsInteger(10, Jobs) || Jobs == 0))
    return fail("-j: '" + JobsText + "' is not a positive number of threads");

  auto CacheCap = ResultCache::parseSize(CacheMaxSize);
  if (!CacheCap)
    return fail("--cache-max-size: " + llvm::toString(CacheCap.takeError()));

  auto Opened = Session::open(overrides(argv[0]));
  if (!Opened)
    return fail(llvm::toString(Opened.takeError()));
  Session &Setup = **Opened;
  EngineOptions &Options = Setup.engine();
  GateOptions &Gate = Setup.gate();
  if (DumpConfig) {
    if (llvm::Error E = writeStandardOutput(dumpJson(Setup.effectiveConfig(), 2) + "\n"))
      return fail(llvm::toString(std::move(E)));
    return ExitClean;
  }
  if (!BaselineFile.empty() && !llvm::sys::fs::exists(BaselineFile))
    return fail("--baseline " + BaselineFile + ": no such file (write one with --write-baseline)");

  // What no output may overwrite: every file the run reads. The outputs are checked now against
  // what is known before the analysis, and again when written, against everything it read.
  RunInputs &Inputs = Gate.Inputs;
  auto checkOutputs = [&]() -> std::optional<std::string> {
    if (!OutputFile.empty() && OutputFile != "-")
      if (llvm::Error E = checkOutputTarget(OutputFile, Inputs))
        return "-o " + llvm::toString(std::move(E));
    if (Gate.WriteBaseline)
      if (llvm::Error E = checkOutputTarget(*Gate.WriteBaseline, Inputs))
        return "--write-baseline " + llvm::toString(std::move(E));
    return std::nullopt;
  };
  // Every file a unit's parse read is an input, and all that --fix may rewrite (inside the
  // source root); the parser recorded their real paths.
  auto noteUnitInputs = [&](const TranslationUnitSummary &Unit) {
    Inputs.add(Unit.File);
    for (const std::string &Read : Unit.FilesRead) {
      Inputs.add(Read);
      Gate.FixFiles.Files.insert(Read);
    }
  };

  RunResult Run;
  std::unique_ptr<ResultCache> Cache;
  if (LinkMode) {
    if (Files.empty())
      return fail("link: name the directories of summaries to link (corolint link DIR...)");
    if (!ShardText.empty())
      return fail("--shard: only when analysing; 'corolint link' joins every shard");
    if (!PathRoot.empty())
      return fail("--path-root: only when analysing; 'corolint link' resolves relative names against --source-root");
    auto Read = readSummaryFiles(Files, Jobs);
    if (!Read)
      return fail(llvm::toString(Read.takeError()));
    // Summaries written with --path-root name the files under it relative to it.
    for (TranslationUnitSummary &Unit : *Read)
      resolveRelativeFiles(Unit, Gate.SourceRoot);
    if (llvm::Error E = checkShardPlans(Files, *Read))
      return fail("link: " + llvm::toString(std::move(E)));
    for (const std::string &Directory : Files) {
      auto Listed = summaryFilesIn(Directory);
      if (!Listed)
        return fail(llvm::toString(Listed.takeError()));
      for (const std::string &Summary : *Listed)
        Inputs.add(Summary);
    }
    for (const TranslationUnitSummary &Unit : *Read) {
      noteUnitInputs(Unit);
      Gate.ScannedFiles.push_back(Unit.File);
    }
    if (auto Problem = checkOutputs())
      return fail(*Problem);
    Run = link(*Read, Options);
  } else {
    // The result cache: an unusable default location only costs speed; a named one is an error.
    std::string CacheDirectory = NoCache ? "" : CacheDir.empty() ? ResultCache::defaultDirectory() : std::string(CacheDir);
    if (!CacheDirectory.empty()) {
      auto Made = ResultCache::open(CacheDirectory, *CacheCap, ResultCache::runKey(Setup, argv[0]));
      if (Made) {
        Cache = std::move(*Made);
        Cache->setLog(Verbose ? &llvm::errs() : nullptr);
        Options.Cache = Cache.get();
      } else if (!CacheDir.empty()) {
        return fail("--cache-dir " + llvm::toString(Made.takeError()));
      } else {
        llvm::errs() << "corolint: warning: no result cache: " << llvm::toString(Made.takeError()) << "\n";
      }
    }

    std::string DatabasePath = BuildPath.empty() ? findCompilationDatabase() : std::string(BuildPath);
    if (DatabasePath.empty())
      return fail("no compile_commands.json in the working directory or its parents; pass -p BUILD_DIR");
    std::string DatabaseFile;
    auto Database = loadCompilationDatabase(DatabasePath, DatabaseFile);
    if (!Database)
      return fail(llvm::toString(Database.takeError()));
    auto Commands = selectCommands(**Database, Files);
    if (!Commands)
      return fail(llvm::toString(Commands.takeError()));
    // One part of the run for one CI job: the others analyse the rest, 'corolint link' joins them.
    std::optional<ShardPlan> Plan;
    if (!ShardText.empty()) {
      auto Spec = parseShard(ShardText);
      if (!Spec)
        return fail("--shard: " + llvm::toString(Spec.takeError()));
      if (SummariesDir.empty())
        return fail("--shard: name the directory for this shard's summaries with --summaries DIR "
                    "('corolint link' joins the shards)");
      if (!PathRoot.empty())
        return fail("--shard: not with --path-root (a shard's plan names units by absolute paths)");
      Plan = planShard(*Commands, *Spec, [&](const clang::tooling::CompileCommand &C) -> std::optional<double> {
        return Cache ? Cache->previousSeconds(C) : std::nullopt;
      });
      std::set<std::string> Mine(Plan->Mine.begin(), Plan->Mine.end());
      llvm::erase_if(*Commands, [&](const clang::tooling::CompileCommand &C) { return !Mine.count(mainFileOf(C)); });
    }
    Inputs.add(DatabaseFile);
    // Every source the database names is the user's, selected for this run or not.
    for (const auto &Command : (*Database)->getAllCompileCommands()) {
      llvm::SmallString<256> Path(Command.Filename);
      llvm::sys::fs::make_absolute(Command.Directory, Path);
      Inputs.add(std::string(Path));
    }
    for (const auto &Command : *Commands) {
      Gate.ScannedFiles.push_back(mainFileOf(Command));
      Inputs.add(Gate.ScannedFiles.back());
    }
    if (auto Problem = checkOutputs())
      return fail(*Problem);
    if (!SummariesDir.empty()) {
      if (llvm::sys::fs::exists(SummariesDir) && !llvm::sys::fs::is_directory(SummariesDir))
        return fail("--summaries " + SummariesDir + ": not a directory");
      if (std::error_code EC = llvm::sys::fs::create_directories(SummariesDir))
        return fail("--summaries " + SummariesDir + ": " + EC.message());
      if (Plan)
        if (llvm::Error E = writeShardPlan(SummariesDir, *Plan))
          return fail("--summaries " + llvm::toString(std::move(E)));
    }
    if (Options.ResourceDir.empty())
      return fail("cannot find clang's builtin headers (include/stddef.h); install clang-16 or pass --resource-dir");
    // A progress line only for a person watching: never in a pipe or a CI log.
    bool Progress = !Quiet && llvm::sys::Process::StandardErrIsDisplayed();
    std::optional<std::string> SummaryError;
    auto OnUnit = [&](const TranslationUnitSummary &Unit, size_t Done) {
      if (Options.PathRoot.empty()) {
        noteUnitInputs(Unit);
      } else {
        TranslationUnitSummary Resolved = Unit;
        resolveRelativeFiles(Resolved, Options.PathRoot);
        noteUnitInputs(Resolved);
      }
      if (!SummariesDir.empty() && !SummaryError)
        if (llvm::Error E = writeSummaryFile(SummariesDir, Unit, Inputs))
          SummaryError = llvm::toString(std::move(E));
      if (Progress)
        llvm::errs() << "\r\x1b[K[" << Done << "/" << Commands->size() << "] " << displayPath(Unit.File);
    };
    std::vector<TranslationUnitSummary> Units = analyzeUnits(*Commands, Options, Jobs, OnUnit);
    // This run's own report names files as a run without --path-root does.
    if (!Options.PathRoot.empty())
      for (TranslationUnitSummary &Unit : Units)
        resolveRelativeFiles(Unit, Options.PathRoot);
    Run = link(Units, Options);
    if (Progress)
      llvm::errs() << "\r\x1b[K";
    if (Cache)
      Cache->trim();
    if (SummaryError)
      return fail("--summaries: " + *SummaryError);
  }
  if (Gate.WriteBaseline && !Run.Failures.empty())
    return fail("--write-baseline " + *Gate.WriteBaseline + ": not written: " + std::to_string(Run.Failures.size()) +
                " translation unit(s) could not be analysed (" + displayPath(Run.Failures.front().File) + ")");

  SourceFiles Sources;
  auto Outcome = applyGate(Run, Options.Rules, Gate, Sources);
  if (!Outcome)
    return fail(llvm::toString(Outcome.takeError()));

  SarifContext Sarif;
  Sarif.SourceRoot = Gate.SourceRoot;
  Sarif.Rules = Options.Rules;
  Sarif.Fingerprints = Outcome->Fingerprints;
  Sarif.AgainstBaseline = Gate.Baseline.has_value();
  Sarif.Arguments.assign(Args.begin(), Args.end());
  if (LinkMode)
    Sarif.Arguments.insert(Sarif.Arguments.begin() + 1, "link");
  std::string Report;
  {
    llvm::raw_string_ostream Out(Report);
    if (OutputFormat == Format::Json)
      writeJson(Run, Out);
    else if (OutputFormat == Format::Sarif)
      writeSarif(Run, Sarif, Sources, Out);
    else
      writeText(Run, Out);
  }
  if (int Status = writeReport(Report, Inputs))
    return Status;

  for (const ParseFailure &P : Run.Failures)
    llvm::errs() << "corolint: error: " << displayPath(P.File) << ": " << P.Error << "\n";
  for (const std::string &Problem : Outcome->Fixes.Problems)
    llvm::errs() << "corolint: warning: --fix: " << displayPath(Problem) << "\n";
  if (!Quiet) {
    size_t Shown = Run.Findings.size() - Outcome->Suppressed;
    llvm::errs() << "corolint: " << Shown << (Shown == 1 ? " finding" : " findings") << " in " << Run.TranslationUnits
                 << (Run.TranslationUnits == 1 ? " translation unit" : " translation units");
    if (!Run.Failures.empty())
      llvm::errs() << " (" << Run.Failures.size() << " could not be analysed)";
    std::vector<std::string> Aside;
    if (Outcome->Suppressed)
      Aside.push_back(std::to_string(Outcome->Suppressed) + " suppressed");
    if (Outcome->Baselined)
      Aside.push_back(std::to_string(Outcome->Baselined) + " in the baseline");
    if (Outcome->Excluded)
      Aside.push_back(std::to_string(Outcome->Excluded) + " excluded");
    if (Gate.Fix)
      Aside.push_back(std::to_string(Outcome->Fixes.Fixed.size()) + " fixed in " +
                      std::to_string(Outcome->Fixes.Files.size()) + (Outcome->Fixes.Files.size() == 1 ? " file" : " files"));
    if (Cache)
      Aside.push_back(std::to_string(Cache->hits()) + " cached, " + std::to_string(Cache->misses()) + " analysed");
    for (size_t I = 0; I < Aside.size(); ++I)
      llvm::errs() << (I == 0 ? "; " : ", ") << Aside[I];
    llvm::errs() << "\n";
    if (Gate.WriteBaseline)
      llvm::errs() << "corolint: recorded " << Outcome->BaselineWritten << " findings in " << *Gate.WriteBaseline << "\n";
  }
  if (!Run.Failures.empty())
    return ExitError;
  if (Gate.WriteBaseline)
    return ExitClean;
  return findingsExitStatus(Run, Gate);
}
