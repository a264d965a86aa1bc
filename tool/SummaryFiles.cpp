// Summary files: a translation unit's findings, function summaries and parse error as JSON, so
// that units analysed by several processes or machines can be linked by one `corolint link`.
#include "Driver.h"
#include "Shard.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"
#include <nlohmann/json.hpp>


using nlohmann::json;

namespace corolint {

constexpr int SummaryFormatVersion = 3; // 2: findings carry their fixes; 3: the files each parse read

void to_json(json &J, const SourceSpan &S) {
  J = {S.File, S.Line, S.Column, S.EndLine, S.EndColumn};
}
void from_json(const json &J, SourceSpan &S) {
  S = {J.at(0).get<std::string>(), J.at(1), J.at(2), J.at(3), J.at(4)};
}
void to_json(json &J, const Note &N) { J = {{"message", N.Message}, {"where", N.Where}}; }
void from_json(const json &J, Note &N) { N = {J.at("message"), J.at("where")}; }
void to_json(json &J, const Replacement &R) {
  J = {{"where", R.Where}, {"offset", R.Offset}, {"length", R.Length}, {"original", R.Original}, {"text", R.Text}};
}
void from_json(const json &J, Replacement &R) {
  R = {J.at("where"), J.at("offset"), J.at("length"), J.at("original"), J.at("text")};
}
void to_json(json &J, const Fix &F) { J = {{"description", F.Description}, {"replacements", F.Replacements}}; }
void from_json(const json &J, Fix &F) {
  F.Description = J.at("description");
  F.Replacements = J.at("replacements").get<std::vector<Replacement>>();
}
void to_json(json &J, const Finding &F) {
  J = {{"rule", F.Rule}, {"level", levelName(F.Severity)}, {"message", F.Message}, {"where", F.Where},
       {"function", F.Function}, {"function_usr", F.FunctionUsr}, {"notes", F.Notes}, {"properties", F.Properties}, {"fixes", F.Fixes}};
}
void from_json(const json &J, Finding &F) {
  F.Rule = J.at("rule");
  std::optional<Level> L = parseLevel(J.at("level"));
  if (!L)
    throw std::runtime_error("unknown level " + J.at("level").dump());
  F.Severity = *L;
  F.Message = J.at("message");
  F.Where = J.at("where");
  F.Function = J.at("function");
  F.FunctionUsr = J.at("function_usr");
  F.Notes = J.at("notes").get<std::vector<Note>>();
  F.Properties = J.at("properties").get<std::map<std::string, std::string>>();
  F.Fixes = J.at("fixes").get<std::vector<Fix>>();
}
void to_json(json &J, const BlockingCallSite &B) { J = {{"api", B.Api}, {"family", B.Family}, {"where", B.Where}}; }
void from_json(const json &J, BlockingCallSite &B) { B = {J.at("api"), J.at("family"), J.at("where")}; }
void to_json(json &J, const CallSite &C) {
  J = {{"callee", C.Callee}, {"name", C.CalleeName}, {"virtual", C.Virtual}, {"where", C.Where}, {"on_pool", C.OnPool}};
}
void from_json(const json &J, CallSite &C) {
  C = {J.at("callee"), J.at("name"), J.at("virtual"), J.at("where"), J.at("on_pool")};
}
void to_json(json &J, const FunctionSummary &F) {
  J = {{"usr", F.Usr},           {"name", F.Name},   {"coroutine", F.IsCoroutine}, {"framework", F.Framework},
       {"where", F.Where},       {"blocking", F.Blocking}, {"calls", F.Calls}, {"overrides", F.Overrides}};
}
void from_json(const json &J, FunctionSummary &F) {
  F.Usr = J.at("usr");
  F.Name = J.at("name");
  F.IsCoroutine = J.at("coroutine");
  F.Framework = J.at("framework");
  F.Where = J.at("where");
  F.Blocking = J.at("blocking").get<std::vector<BlockingCallSite>>();
  F.Calls = J.at("calls").get<std::vector<CallSite>>();
  F.Overrides = J.at("overrides").get<std::vector<std::string>>();
}

void to_json(json &J, const Route &R) {
  J = {{"handler", R.HandlerUsr}, {"method", R.Method}, {"path", R.Path}, {"where", R.Where}};
}
void from_json(const json &J, Route &R) { R = {J.at("handler"), J.at("method"), J.at("path"), J.at("where")}; }

std::string summaryText(const TranslationUnitSummary &Unit) {
  json J = {{"corolint_summary", SummaryFormatVersion}, {"file", Unit.File}, {"functions", Unit.Functions}, {"routes", Unit.Routes},
            {"findings", Unit.Findings}, {"error", Unit.Error ? json(*Unit.Error) : json()}, {"files_read", Unit.FilesRead}};
  return dumpJson(J) + "\n";
}

llvm::Error writeSummaryFile(const std::string &Directory, const TranslationUnitSummary &Unit, const RunInputs &Inputs) {
  // One file per unit: named after the source, made unique by a hash of its full path.
  llvm::SmallString<256> Path(Directory);
  char Hash[17];
  snprintf(Hash, sizeof Hash, "%016llx", static_cast<unsigned long long>(llvm::xxHash64(Unit.File)));
  llvm::sys::path::append(Path, llvm::sys::path::filename(Unit.File) + "." + Hash + ".corolint.json");
  // Summaries are corolint's own files: a link of that name is not followed anywhere.
  llvm::sys::fs::file_status Link;
  if (!llvm::sys::fs::status(Path, Link, /*Follow=*/false) && Link.type() == llvm::sys::fs::file_type::symlink_file)
    return llvm::createStringError(std::errc::invalid_argument, "%s: a symbolic link; refusing to write a summary through it",
                                   Path.c_str());
  return writeFileAtomically(std::string(Path), summaryText(Unit), Inputs);
}

llvm::Expected<TranslationUnitSummary> parseSummary(llvm::StringRef Text, const std::string &File) {
  auto Read = parseJsonText(Text, File);
  if (!Read)
    return Read.takeError();
  try {
    const json &J = *Read;
    if (!J.is_object() || !J.contains("corolint_summary") || J["corolint_summary"] != SummaryFormatVersion)
      throw std::runtime_error("not a corolint summary of format version " + std::to_string(SummaryFormatVersion));
    TranslationUnitSummary Unit;
    Unit.File = J.at("file");
    Unit.Functions = J.at("functions").get<std::vector<FunctionSummary>>();
    Unit.Routes = J.at("routes").get<std::vector<Route>>();
    Unit.Findings = J.at("findings").get<std::vector<Finding>>();
    if (!J.at("error").is_null())
      Unit.Error = J.at("error").get<std::string>();
    Unit.FilesRead = J.at("files_read").get<std::vector<std::string>>();
    return Unit;
  } catch (const std::exception &E) {
    return llvm::createStringError(std::errc::invalid_argument, "%s: %s", File.c_str(), jsonErrorReason(E).c_str());
  }
}

llvm::Expected<std::vector<std::string>> summaryFilesIn(const std::string &Directory) {
  std::vector<std::string> Files;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Directory, EC), End; It != End && !EC; It.increment(EC))
    if (llvm::StringRef(It->path()).ends_with(".corolint.json"))
      Files.push_back(It->path());
  if (EC)
    return llvm::createStringError(EC, "%s: %s", Directory.c_str(), EC.message().c_str());
  std::sort(Files.begin(), Files.end());
  return Files;
}

llvm::Expected<std::vector<TranslationUnitSummary>> readSummaryFiles(const std::vector<std::string> &Directories) {
  std::vector<TranslationUnitSummary> Units;
  for (const std::string &Directory : Directories) {
    if (!llvm::sys::fs::is_directory(Directory))
      return llvm::createStringError(std::errc::not_a_directory, "%s: not a directory of summaries",
                                     Directory.c_str());
    auto Listed = summaryFilesIn(Directory);
    if (!Listed)
      return Listed.takeError();
    const std::vector<std::string> &Files = *Listed;
    // A shard may own no unit (more shards than units); its plan says so.
    if (Files.empty() && !hasShardPlan(Directory))
      return llvm::createStringError(std::errc::invalid_argument,
                                     "%s: no summary files (*.corolint.json; made by corolint --summaries)",
                                     Directory.c_str());
    for (const std::string &File : Files) {
      auto Text = readRegularFile(File);
      if (!Text)
        return Text.takeError();
      auto Unit = parseSummary(*Text, File);
      if (!Unit)
        return Unit.takeError();
      Units.push_back(std::move(*Unit));
    }
  }
  return Units;
}

void renameFiles(TranslationUnitSummary &Unit, const std::function<void(std::string &)> &Rename) {
  Rename(Unit.File);
  for (std::string &Read : Unit.FilesRead)
    Rename(Read);
  for (FunctionSummary &F : Unit.Functions) {
    Rename(F.Where.File);
    for (BlockingCallSite &B : F.Blocking)
      Rename(B.Where.File);
    for (CallSite &C : F.Calls)
      Rename(C.Where.File);
  }
  for (Route &R : Unit.Routes)
    Rename(R.Where.File);
  for (Finding &F : Unit.Findings) {
    Rename(F.Where.File);
    for (Note &N : F.Notes)
      Rename(N.Where.File);
    for (Fix &X : F.Fixes)
      for (Replacement &R : X.Replacements)
        Rename(R.Where.File);
  }
}

void resolveRelativeFiles(TranslationUnitSummary &Unit, const std::string &Root) {
  renameFiles(Unit, [&](std::string &File) {
    if (File.empty() || llvm::sys::path::is_absolute(File))
      return;
    llvm::SmallString<256> Path(Root);
    llvm::sys::path::append(Path, File);
    llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
    File = std::string(Path);
  });
}

} // namespace corolint
