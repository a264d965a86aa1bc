#include "Report.h"
#include "Files.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <nlohmann/json.hpp>

namespace corolint {

std::string displayPath(const std::string &AbsolutePath) {
  static const std::string WorkingDirectory = [] {
    llvm::SmallString<256> Dir;
    llvm::sys::fs::current_path(Dir);
    return std::string(Dir);
  }();
  llvm::StringRef Path(AbsolutePath);
  if (!WorkingDirectory.empty() && Path.starts_with(WorkingDirectory) &&
      Path.size() > WorkingDirectory.size() && Path[WorkingDirectory.size()] == '/')
    return Path.substr(WorkingDirectory.size() + 1).str();
  return AbsolutePath;
}

namespace {

std::string position(const SourceSpan &S) {
  return displayPath(S.File) + ":" + std::to_string(S.Line) + ":" + std::to_string(S.Column);
}

nlohmann::json spanJson(const SourceSpan &S) {
  return {{"file", displayPath(S.File)}, {"line", S.Line},          {"column", S.Column},
          {"end_line", S.EndLine},       {"end_column", S.EndColumn}};
}

} // namespace

void writeText(const RunResult &Run, llvm::raw_ostream &Out) {
  for (const Finding &F : Run.Findings) {
    if (F.SuppressedBy)
      continue;
    Out << position(F.Where) << ": " << levelName(F.Severity) << ": " << F.Message << " ["
        << F.Rule << "]\n";
    for (const Note &N : F.Notes)
      Out << position(N.Where) << ": note: " << N.Message << "\n";
  }
}

void writeJson(const RunResult &Run, llvm::raw_ostream &Out) {
  nlohmann::json Findings = nlohmann::json::array();
  for (const Finding &F : Run.Findings) {
    if (F.SuppressedBy)
      continue;
    nlohmann::json J = {{"rule", F.Rule}, {"level", levelName(F.Severity)}, {"message", F.Message}};
    J.update(spanJson(F.Where));
    J["function"] = F.Function;
    nlohmann::json Notes = nlohmann::json::array();
    for (const Note &N : F.Notes) {
      nlohmann::json NJ = {{"message", N.Message}};
      NJ.update(spanJson(N.Where));
      Notes.push_back(std::move(NJ));
    }
    J["notes"] = std::move(Notes);
    J["properties"] = F.Properties;
    Findings.push_back(std::move(J));
  }
  nlohmann::json Failures = nlohmann::json::array();
  for (const ParseFailure &P : Run.Failures)
    Failures.push_back({{"file", displayPath(P.File)}, {"error", P.Error}});
  nlohmann::json Root = {{"tool", "corolint"},
                         {"version", COROLINT_VERSION},
                         {"translation_units", Run.TranslationUnits},
                         {"findings", std::move(Findings)},
                         {"failed_translation_units", std::move(Failures)}};
  Out << dumpJson(Root, 2) << "\n";
}

} // namespace corolint
