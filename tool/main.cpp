// corolint: finds what blocks the event loop in C++20 coroutine handlers.
#include "Driver.h"
#include "Report.h"

#include "corolint/Catalog.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
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
cl::opt<std::string> FormatName("format", cl::desc("Report format: text (default; file:line:col: warning: message [rule]) or json"),
                                cl::value_desc("text|json"), cl::init("text"), cl::cat(Category));
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

// The rules --select and --ignore leave, or an error naming an unknown rule id.
llvm::Expected<std::vector<const RuleInfo *>> chosenRules() {
  std::string Error;
  std::set<std::string> Ignored;
  for (const std::string &Id : Ignore) {
    if (!ruleOrNull(Id, Error))
      return llvm::createStringError(std::errc::invalid_argument, "--ignore: %s", Error.c_str());
    Ignored.insert(Id);
  }
  std::vector<const RuleInfo *> Rules;
  if (Select.empty()) {
    for (const RuleInfo &Info : allRules())
      if (!Ignored.count(std::string(Info.Id)))
        Rules.push_back(&Info);
    return Rules;
  }
  for (const std::string &Id : Select) {
    const RuleInfo *Info = ruleOrNull(Id, Error);
    if (!Info)
      return llvm::createStringError(std::errc::invalid_argument, "--select: %s", Error.c_str());
    if (!Ignored.count(Id))
      Rules.push_back(Info);
  }
  return Rules;
}

// Writes through a temporary file so that a failed run never leaves half a report behind.
int writeReport(const RunResult &Run, Format OutputFormat, const std::set<std::string> &Inputs) {
  auto Write = [&](llvm::raw_ostream &Out) {
    if (OutputFormat == Format::Json)
      writeJson(Run, Out);
    else
      writeText(Run, Out);
  };
  if (OutputFile.empty() || OutputFile == "-") {
    Write(llvm::outs());
    return ExitClean;
  }
  llvm::SmallString<256> Target(OutputFile);
  llvm::sys::fs::make_absolute(Target);
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Target, Real) && Inputs.count(std::string(Real)))
    return fail("-o " + OutputFile + ": refusing to overwrite an input of this run");
  if (llvm::sys::fs::is_directory(Target))
    return fail("-o " + OutputFile + ": is a directory");
  llvm::SmallString<256> Temporary(Target);
  Temporary += ".corolint-tmp";
  std::error_code EC;
  {
    llvm::raw_fd_ostream Out(Temporary, EC);
    if (EC)
      return fail("-o " + OutputFile + ": " + EC.message());
    Write(Out);
    Out.close();
    if (Out.has_error())
      return fail("-o " + OutputFile + ": " + Out.error().message());
  }
  if ((EC = llvm::sys::fs::rename(Temporary, Target))) {
    llvm::sys::fs::remove(Temporary);
    return fail("-o " + OutputFile + ": " + EC.message());
  }
  return ExitClean;
}

} // namespace

int main(int argc, char **argv) {
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
  else
    return fail("--format: unknown format '" + FormatName + "' (text or json)");
  unsigned Jobs = 0;
  if (!JobsText.empty() && (llvm::StringRef(JobsText).getAsInteger(10, Jobs) || Jobs == 0))
    return fail("-j: '" + JobsText + "' is not a positive number of threads");

  auto Rules = chosenRules();
  if (!Rules)
    return fail(llvm::toString(Rules.takeError()));

  EngineOptions Options;
  Options.Rules = std::move(*Rules);
  Options.Catalog = &BlockingApiCatalog::builtin();
  Options.FollowHeaders = FollowHeaders;
  Options.Link.FollowVirtualCalls = FollowVirtualCalls;
  Options.DirectOnly = DirectOnly;

  RunResult Run;
  std::set<std::string> Inputs; // what -o must never overwrite
  if (LinkMode) {
    if (Files.empty())
      return fail("link: name the directories of summaries to link (corolint link DIR...)");
    auto Units = readSummaryFiles(Files);
    if (!Units)
      return fail(llvm::toString(Units.takeError()));
    Run = link(*Units, Options);
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
    if (!SummariesDir.empty()) {
      if (std::error_code EC = llvm::sys::fs::create_directories(SummariesDir))
        return fail("--summaries " + SummariesDir + ": " + EC.message());
    }
    Options.ResourceDir = ResourceDir.empty() ? findResourceDir(argv[0]) : std::string(ResourceDir);
    if (Options.ResourceDir.empty())
      return fail("cannot find clang's builtin headers (include/stddef.h); install clang-16 or pass --resource-dir");

    std::optional<std::string> SummaryError;
    auto OnUnit = [&](const TranslationUnitSummary &Unit, size_t) {
      if (!SummariesDir.empty() && !SummaryError)
        if (llvm::Error E = writeSummaryFile(SummariesDir, Unit))
          SummaryError = llvm::toString(std::move(E));
    };
    Run = link(analyzeUnits(*Commands, Options, Jobs, OnUnit), Options);
    if (SummaryError)
      return fail("--summaries: " + *SummaryError);

    llvm::SmallString<256> Real;
    if (!llvm::sys::fs::real_path(DatabaseFile, Real))
      Inputs.insert(std::string(Real));
    for (const auto &Command : *Commands) {
      llvm::SmallString<256> Path(Command.Filename);
      llvm::sys::fs::make_absolute(Command.Directory, Path);
      if (!llvm::sys::fs::real_path(Path, Real))
        Inputs.insert(std::string(Real));
    }
  }
  if (int Status = writeReport(Run, OutputFormat, Inputs))
    return Status;

  for (const ParseFailure &P : Run.Failures)
    llvm::errs() << "corolint: error: " << displayPath(P.File) << ": cannot be parsed: " << P.Error << "\n";
  llvm::errs() << "corolint: " << Run.Findings.size() << (Run.Findings.size() == 1 ? " finding" : " findings")
               << " in " << Run.TranslationUnits << (Run.TranslationUnits == 1 ? " translation unit" : " translation units");
  if (!Run.Failures.empty())
    llvm::errs() << " (" << Run.Failures.size() << " could not be parsed)";
  llvm::errs() << "\n";
  if (!Run.Failures.empty())
    return ExitError;
  return Run.Findings.empty() ? ExitClean : ExitFindings;
}
