#include "Session.h"

#include "Report.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <set>

namespace corolint {
namespace {

llvm::Error error(const llvm::Twine &Message) {
  return llvm::createStringError(std::make_error_code(std::errc::invalid_argument), Message);
}

const RuleInfo *ruleOrNull(const std::string &Id, std::string &Error) {
  if (const RuleInfo *Info = findRule(Id))
    return Info;
  Error = "unknown rule '" + Id + "' (corolint --list-rules lists them)";
  return nullptr;
}

// The rules --select and --ignore leave (each replaces the configuration file's list), or an
// error naming an unknown rule id.
llvm::Expected<std::vector<const RuleInfo *>> chosenRules(const Config &File, const SessionOverrides &Flags) {
  std::string Error;
  std::set<std::string> Ignored;
  for (const std::string &Id : Flags.Ignore ? *Flags.Ignore : File.Ignore) {
    if (Id.empty())
      continue; // --ignore= : ignore nothing, whatever the file says
    if (!ruleOrNull(Id, Error))
      return error("--ignore: " + Error);
    Ignored.insert(Id);
  }
  std::optional<std::vector<std::string>> SelectIds = File.Select;
  if (Flags.Select) {
    SelectIds.emplace();
    for (const std::string &Id : *Flags.Select)
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
      return error("--select: " + Error);
    if (!Ignored.count(Id))
      Rules.push_back(Info);
  }
  return Rules;
}

std::string absoluteDirectory(const std::string &Directory) {
  llvm::SmallString<256> Dir(Directory);
  if (Directory.empty())
    llvm::sys::fs::current_path(Dir);
  else
    llvm::sys::fs::make_absolute(Dir);
  llvm::sys::path::remove_dots(Dir, /*remove_dot_dot=*/true);
  return std::string(Dir);
}

// The configuration file named by --config, or found upward from SearchFrom; an empty Config
// (whose directory is SearchFrom) when there is none.
llvm::Expected<Config> configuration(const SessionOverrides &Flags) {
  // A discovered file is named as the user would name it: relative to the working directory.
  std::string Path = Flags.ConfigFile.empty() ? displayPath(findConfigFile(Flags.SearchFrom)) : Flags.ConfigFile;
  if (Path.empty()) {
    Config None;
    None.Directory = absoluteDirectory(Flags.SearchFrom);
    return None;
  }
  if (!Flags.ConfigFile.empty() && !llvm::sys::fs::exists(Path))
    return error("--config " + Path + ": no such file");
  auto C = loadConfig(Path);
  if (!C)
    return C.takeError();
  C->File = displayPath(C->Directory + "/" + std::string(llvm::sys::path::filename(Path)));
  return C;
}

} // namespace

llvm::Expected<std::unique_ptr<Session>> Session::open(const SessionOverrides &Flags) {
  std::unique_ptr<Session> S(new Session());
  auto File = configuration(Flags);
  if (!File)
    return File.takeError();
  S->File = std::move(*File);
  const Config &C = S->File;
  auto Rules = chosenRules(C, Flags);
  if (!Rules)
    return Rules.takeError();

  EngineOptions &Options = S->Engine;
  Options.Rules = std::move(*Rules);
  for (const auto &[Id, RC] : C.Rules) {
    const RuleInfo *Info = findRule(Id);
    Options.Settings[Id] = RuleSettings{RC.Severity.value_or(Info->DefaultLevel), RuleOptions(RC.Options)};
  }
  // The configuration's blocking APIs and allowed names extend the built-in catalog, its
  // framework models join the built-in ones, and their blocking APIs the catalog.
  try {
    S->Catalog.merge(BlockingApiCatalog::builtin());
    if (!C.Blocking.empty())
      S->Catalog.merge(BlockingApiCatalog::parse(nlohmann::json{{"families", C.Blocking}}.dump(), C.File + ": blocking"));
    S->Catalog.allow(C.Allowed);
    S->Models = Frameworks::builtin();
    for (const nlohmann::json &Model : C.Frameworks) {
      FrameworkModel M = Frameworks::parse(Model, C.File + ": frameworks");
      if (!M.BlockingFamilies.empty())
        S->Catalog.merge(BlockingApiCatalog::parseFrameworkFamilies(M.BlockingFamilies.dump(),
                                                                    C.File + ": frameworks." + M.Name + ".blocking"));
      S->Models.add(std::move(M));
    }
  } catch (const std::exception &E) {
    return error(E.what());
  }
  Options.Catalog = &S->Catalog;
  Options.Models = &S->Models;
  Options.FollowHeaders = Flags.FollowHeaders ? *Flags.FollowHeaders : C.FollowHeaders;
  Options.Link.FollowVirtualCalls = Flags.FollowVirtualCalls || C.FollowVirtualCalls.value_or(false);
  Options.DirectOnly = Flags.DirectOnly;
  Options.ResourceDir = Flags.ResourceDir.empty() ? findResourceDir(Flags.Argv0.c_str()) : Flags.ResourceDir;
  if (!Flags.PathRoot.empty()) {
    if (!llvm::sys::fs::is_directory(Flags.PathRoot))
      return error("--path-root " + Flags.PathRoot + ": not a directory");
    // Not a real path: files are named by the path they were reached through, inside it.
    Options.PathRoot = absoluteDirectory(Flags.PathRoot);
  }

  GateOptions &Gate = S->Gate;
  if (!Flags.SourceRoot.empty() && !llvm::sys::fs::is_directory(Flags.SourceRoot))
    return error("--source-root " + Flags.SourceRoot + ": not a directory");
  std::string Root = absoluteDirectory(Flags.SourceRoot.empty() ? C.Directory : Flags.SourceRoot);
  llvm::SmallString<256> RealRoot;
  Gate.SourceRoot = llvm::sys::fs::real_path(Root, RealRoot) ? Root : std::string(RealRoot);
  Gate.Exclude = C.Exclude;
  Gate.ExcludeBase = C.Directory;
  Gate.ReportUnusedSuppressions = Flags.ReportUnusedSuppressions || C.ReportUnusedSuppressions.value_or(false);
  Gate.FailOn = C.FailOn.value_or(Level::Note);
  if (!Flags.FailOn.empty()) {
    std::optional<Level> L = parseLevel(Flags.FailOn);
    if (!L)
      return error("--fail-on: unknown level '" + Flags.FailOn + "' (note, warning or error)");
    Gate.FailOn = *L;
  }
  Gate.ExitZero = Flags.ExitZero;
  Gate.Fix = Flags.Fix;
  if (!Flags.Baseline.empty())
    Gate.Baseline = Flags.Baseline;
  if (!Flags.WriteBaseline.empty())
    Gate.WriteBaseline = Flags.WriteBaseline;
  Gate.FixFiles.SourceRoot = Gate.SourceRoot;
  // What no output may overwrite starts with the files read to assemble the run.
  if (!C.File.empty())
    Gate.Inputs.add(C.File);
  if (!Flags.Baseline.empty())
    Gate.Inputs.add(Flags.Baseline);
  return S;
}

nlohmann::json Session::effectiveConfig() const {
  nlohmann::json Rules = nlohmann::json::object();
  std::vector<std::string> Selected;
  for (const RuleInfo *Info : Engine.Rules) {
    Selected.push_back(std::string(Info->Id));
    const RuleSettings &S = Engine.settingsOf(*Info);
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
          {"follow_virtual_calls", Engine.Link.FollowVirtualCalls},
          {"follow_headers", Engine.FollowHeaders},
          {"fail_on", levelName(Gate.FailOn)},
          {"report_unused_suppressions", Gate.ReportUnusedSuppressions}};
}

} // namespace corolint
