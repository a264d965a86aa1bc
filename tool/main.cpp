// corolint: finds what blocks the event loop in C++20 coroutine handlers.
#include "Config.h"
#include "Driver.h"
#include "Gate.h"
#include "Report.h"
#include "SourceFiles.h"

#include "corolint/Catalog.h"
#include "corolint/Framework.h"

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
cl::opt<std::string> JobsText("j", cl::desc("Translation units analysed in parallel (default: all cores)"),
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

// The rules --select and --ignore leave (each replaces the configuration file's list), or an
// error naming an unknown rule id.
llvm::Expected<std::vector<const RuleInfo *>> chosenRules(const Config &File) {
  std::string Error;
  std::set<std::string> Ignored;
  std::vector<std::string> IgnoreIds = Ignore.getNumOccurrences() ? std::vector<std::string>(Ignore) : File.Ignore;
  for (const std::string &Id : IgnoreIds) {
    if (Id.empty())
      continue; // --ignore= : ignore nothing, whatever the file says
    if (!ruleOrNull(Id, Error))
      return llvm::createStringError(std::errc::invalid_argument, "--ignore: %s", Error.c_str());
    Ignored.insert(Id);
  }
  std::optional<std::vector<std::string>> SelectIds = File.Select;
  if (Select.getNumOccurrences()) {
    SelectIds.emplace();
    for (const std::string &Id : Select)
      if (!Id.empty())
        SelectIds->push_back(Id);
  }
  std::vector<const RuleInfo *> Rules;
  if (!SelectIds) {
    for (const RuleInfo &Info : allRules())
      if (!Ignored.count(std::string(Info.Id)))
        Rules.push_back(&Info);
    return Rules;
  }
  for (const std::string &Id : *SelectIds) {
    const RuleInfo *Info = ruleOrNull(Id, Error);
    if (!Info)
      return llvm::createStringError(std::errc::invalid_argument, "--select: %s", Error.c_str());
    if (!Ignored.count(Id))
      Rules.push_back(Info);
  }
  return Rules;
}

// The configuration file named by --config, or found upward; an empty Config when there is none.
llvm::Expected<Config> configuration() {
  // A discovered file is named as the user would name it: relative to the working directory.
  std::string Path = ConfigFile.empty() ? displayPath(findConfigFile()) : std::string(ConfigFile);
  if (Path.empty()) {
    Config None;
    llvm::SmallString<256> Dir;
    llvm::sys::fs::current_path(Dir);
    None.Directory = std::string(Dir);
    return None;
  }
  if (!ConfigFile.empty() && !llvm::sys::fs::exists(Path))
    return llvm::createStringError(std::errc::no_such_file_or_directory, "--config %s: no such file", Path.c_str());
  auto C = loadConfig(Path);
  if (!C)
    return C.takeError();
  C->File = displayPath(C->Directory + "/" + std::string(llvm::sys::path::filename(Path)));
  return C;
}

// The effective configuration, as --dump-config prints it: every key, with the flags applied.
nlohmann::json effectiveConfig(const Config &File, const EngineOptions &Options, const GateOptions &Gate) {
  nlohmann::json Rules = nlohmann::json::object();
  std::vector<std::string> Selected;
  for (const RuleInfo *Info : Options.Rules) {
    Selected.push_back(std::string(Info->Id));
    const RuleSettings &S = Options.settingsOf(*Info);
    nlohmann::json Values = nlohmann::json::object();
    for (const RuleOption &O : Info->Create()->options())
      Values[O.Name] = S.Options.values().contains(O.Name) ? S.Options.values()[O.Name] : nlohmann::json::parse(O.Default);
    Rules[std::string(Info->Id)] = {{"level", levelName(S.Severity)}, {"options", Values}};
  }
  std::vector<std::string> Ignored;
  for (const RuleInfo &Info : allRules())
    if (std::find(Selected.begin(), Selected.end(), Info.Id) == Selected.end())
      Ignored.push_back(std::string(Info.Id));
  return {{"config_file", File.File.empty() ? nlohmann::json() : nlohmann::json(File.File)},
          {"source_root", Gate.SourceRoot},
          {"select", Selected},
          {"ignore", Ignored},
          {"rules", Rules},
          {"blocking", File.Blocking},
          {"allowed", File.Allowed},
          {"frameworks", File.Frameworks},
          {"exclude", Gate.Exclude},
          {"follow_virtual_calls", Options.Link.FollowVirtualCalls},
          {"follow_headers", Options.FollowHeaders},
          {"fail_on", levelName(Gate.FailOn)},
          {"report_unused_suppressions", Gate.ReportUnusedSuppressions}};
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
                                   "  corolint link [options] DIR...   link summaries written with --summaries DIR and report\n\n"
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

  auto File = configuration();
  if (!File)
    return fail(llvm::toString(File.takeError()));
  auto Rules = chosenRules(*File);
  if (!Rules)
    return fail(llvm::toString(Rules.takeError()));

  EngineOptions Options;
  Options.Rules = std::move(*Rules);
  for (const auto &[Id, RC] : File->Rules) {
    const RuleInfo *Info = findRule(Id);
    Options.Settings[Id] = RuleSettings{RC.Severity.value_or(Info->DefaultLevel), RuleOptions(RC.Options)};
  }
  // The configuration's blocking APIs and allowed names extend the built-in catalog.
  BlockingApiCatalog Catalog;
  Catalog.merge(BlockingApiCatalog::builtin());
  if (!File->Blocking.empty())
    Catalog.merge(BlockingApiCatalog::parse(nlohmann::json{{"families", File->Blocking}}.dump(), File->File + ": blocking"));
  Catalog.allow(File->Allowed);
  Options.Catalog = &Catalog;
  // The configuration's framework models join the built-in ones, their blocking APIs the catalog.
  Frameworks Models = Frameworks::builtin();
  try {
    for (const nlohmann::json &Model : File->Frameworks) {
      FrameworkModel M = Frameworks::parse(Model, File->File + ": frameworks");
      if (!M.BlockingFamilies.empty())
        Catalog.merge(BlockingApiCatalog::parseFrameworkFamilies(M.BlockingFamilies.dump(),
                                                                 File->File + ": frameworks." + M.Name + ".blocking"));
      Models.add(std::move(M));
    }
  } catch (const std::exception &E) {
    return fail(E.what());
  }
  Options.Models = &Models;
  Options.FollowHeaders = FollowHeaders.getNumOccurrences() ? std::vector<std::string>(FollowHeaders) : File->FollowHeaders;
  Options.Link.FollowVirtualCalls = FollowVirtualCalls || File->FollowVirtualCalls.value_or(false);
  Options.DirectOnly = DirectOnly;

  GateOptions Gate;
  llvm::SmallString<256> Root(SourceRoot.empty() ? File->Directory : std::string(SourceRoot));
  llvm::sys::fs::make_absolute(Root);
  llvm::sys::path::remove_dots(Root, /*remove_dot_dot=*/true);
  llvm::SmallString<256> RealRoot;
  if (!SourceRoot.empty() && !llvm::sys::fs::is_directory(Root))
    return fail("--source-root " + SourceRoot + ": not a directory");
  Gate.SourceRoot = llvm::sys::fs::real_path(Root, RealRoot) ? std::string(Root) : std::string(RealRoot);
  Gate.Exclude = File->Exclude;
  Gate.ExcludeBase = File->Directory;
  Gate.ReportUnusedSuppressions = ReportUnusedSuppressions || File->ReportUnusedSuppressions.value_or(false);
  Gate.FailOn = File->FailOn.value_or(Level::Note);
  if (!FailOnName.empty()) {
    std::optional<Level> L = parseLevel(FailOnName);
    if (!L)
      return fail("--fail-on: unknown level '" + FailOnName + "' (note, warning or error)");
    Gate.FailOn = *L;
  }
  Gate.ExitZero = ExitZero;
  Gate.Fix = ApplyFixes;
  if (!BaselineFile.empty())
    Gate.Baseline = std::string(BaselineFile);
  if (!WriteBaselineFile.empty())
    Gate.WriteBaseline = std::string(WriteBaselineFile);
  if (DumpConfig) {
    if (llvm::Error E = writeStandardOutput(dumpJson(effectiveConfig(*File, Options, Gate), 2) + "\n"))
      return fail(llvm::toString(std::move(E)));
    return ExitClean;
  }
  if (!BaselineFile.empty() && !llvm::sys::fs::exists(BaselineFile))
    return fail("--baseline " + BaselineFile + ": no such file (write one with --write-baseline)");

  // What no output may overwrite: every file the run reads. The outputs are checked now against
  // what is known before the analysis, and again when written, against everything it read.
  RunInputs &Inputs = Gate.Inputs;
  if (!File->File.empty())
    Inputs.add(File->File);
  if (!BaselineFile.empty())
    Inputs.add(BaselineFile);
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
  Gate.FixFiles.SourceRoot = Gate.SourceRoot;
  auto noteUnitInputs = [&](const TranslationUnitSummary &Unit) {
    Inputs.add(Unit.File);
    for (const std::string &Read : Unit.FilesRead) {
      Inputs.add(Read);
      Gate.FixFiles.Files.insert(Read);
    }
  };

  RunResult Run;
  if (LinkMode) {
    if (Files.empty())
      return fail("link: name the directories of summaries to link (corolint link DIR...)");
    auto Read = readSummaryFiles(Files);
    if (!Read)
      return fail(llvm::toString(Read.takeError()));
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
    Inputs.add(DatabaseFile);
    // Every source the database names is the user's, selected for this run or not.
    for (const auto &Command : (*Database)->getAllCompileCommands()) {
      llvm::SmallString<256> Path(Command.Filename);
      llvm::sys::fs::make_absolute(Command.Directory, Path);
      Inputs.add(std::string(Path));
    }
    for (const auto &Command : *Commands) {
      llvm::SmallString<256> Path(Command.Filename);
      llvm::sys::fs::make_absolute(Command.Directory, Path);
      llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
      Gate.ScannedFiles.push_back(std::string(Path));
      Inputs.add(std::string(Path));
    }
    if (auto Problem = checkOutputs())
      return fail(*Problem);
    if (!SummariesDir.empty()) {
      if (llvm::sys::fs::exists(SummariesDir) && !llvm::sys::fs::is_directory(SummariesDir))
        return fail("--summaries " + SummariesDir + ": not a directory");
      if (std::error_code EC = llvm::sys::fs::create_directories(SummariesDir))
        return fail("--summaries " + SummariesDir + ": " + EC.message());
    }
    Options.ResourceDir = ResourceDir.empty() ? findResourceDir(argv[0]) : std::string(ResourceDir);
    if (Options.ResourceDir.empty())
      return fail("cannot find clang's builtin headers (include/stddef.h); install clang-16 or pass --resource-dir");

    // A progress line only for a person watching: never in a pipe or a CI log.
    bool Progress = !Quiet && llvm::sys::Process::StandardErrIsDisplayed();
    std::optional<std::string> SummaryError;
    auto OnUnit = [&](const TranslationUnitSummary &Unit, size_t Done) {
      noteUnitInputs(Unit);
      if (!SummariesDir.empty() && !SummaryError)
        if (llvm::Error E = writeSummaryFile(SummariesDir, Unit, Inputs))
          SummaryError = llvm::toString(std::move(E));
      if (Progress)
        llvm::errs() << "\r\x1b[K[" << Done << "/" << Commands->size() << "] " << displayPath(Unit.File);
    };
    Run = link(analyzeUnits(*Commands, Options, Jobs, OnUnit), Options);
    if (Progress)
      llvm::errs() << "\r\x1b[K";
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
