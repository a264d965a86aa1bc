#include "Protocol.h"

#include "SourceFiles.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>

namespace corolint::lsp {

using nlohmann::json;

std::optional<std::string> pathOfUri(const std::string &Uri) {
  const std::string Scheme = "file://";
  if (Uri.compare(0, Scheme.size(), Scheme) != 0)
    return std::nullopt;
  std::string Rest = Uri.substr(Scheme.size());
  if (Rest.compare(0, 9, "localhost") == 0)
    Rest.erase(0, 9);
  if (Rest.empty() || Rest[0] != '/')
    return std::nullopt; // a remote host: not a file here
  std::string Path;
  for (size_t I = 0; I < Rest.size(); ++I) {
    if (Rest[I] == '?' || Rest[I] == '#')
      break;
    if (Rest[I] != '%') {
      Path += Rest[I];
      continue;
    }
    if (I + 2 >= Rest.size() || !std::isxdigit(static_cast<unsigned char>(Rest[I + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(Rest[I + 2])))
      return std::nullopt;
    Path += static_cast<char>(std::stoi(Rest.substr(I + 1, 2), nullptr, 16));
    I += 2;
  }
  if (Path.find('\0') != std::string::npos)
    return std::nullopt;
  llvm::SmallString<256> Clean(Path);
  llvm::sys::path::remove_dots(Clean, /*remove_dot_dot=*/true);
  return std::string(Clean);
}

std::string uriOfPath(const std::string &AbsolutePath) { return fileUri(AbsolutePath); }

json Positions::position(const std::string &File, unsigned Line, unsigned ByteColumn) {
  unsigned L = Line > 0 ? Line - 1 : 0;
  unsigned Column = ByteColumn > 0 ? ByteColumn : 1;
  if (!Utf8)
    Column = utf16Column(Sources.line(File, Line), Column);
  return {{"line", L}, {"character", Column - 1}};
}

json Positions::range(const SourceSpan &Span) {
  unsigned EndLine = Span.EndLine ? Span.EndLine : Span.Line;
  unsigned EndColumn = Span.EndLine ? Span.EndColumn : Span.Column;
  return {{"start", position(Span.File, Span.Line, Span.Column)}, {"end", position(Span.File, EndLine, EndColumn)}};
}

json Positions::positionInText(const std::string &Text, size_t Offset) const {
  Offset = std::min(Offset, Text.size());
  size_t Line = 0, LineStart = 0;
  for (size_t I = 0; I < Offset; ++I)
    if (Text[I] == '\n') {
      ++Line;
      LineStart = I + 1;
    }
  unsigned Column = static_cast<unsigned>(Offset - LineStart) + 1;
  if (!Utf8)
    Column = utf16Column(Text.substr(LineStart, Offset - LineStart), Column);
  return {{"line", Line}, {"character", Column - 1}};
}

std::string ruleDocumentationHref(const std::string &Rule, const std::string &Argv0) {
  // Installed documentation (share/doc/corolint next to bin/), then the source tree.
  std::string Executable = llvm::sys::fs::getMainExecutable(Argv0.c_str(), reinterpret_cast<void *>(&ruleDocumentationHref));
  std::vector<std::string> Candidates;
  if (!Executable.empty()) {
    llvm::SmallString<256> Doc(llvm::sys::path::parent_path(llvm::sys::path::parent_path(Executable)));
    llvm::sys::path::append(Doc, "share", "doc", "corolint");
    llvm::sys::path::append(Doc, "rules", Rule, "README.md");
    Candidates.push_back(std::string(Doc));
  }
#ifdef COROLINT_SOURCE_DIR
  Candidates.push_back(std::string(COROLINT_SOURCE_DIR) + "/rules/" + Rule + "/README.md");
#endif
  for (const std::string &Candidate : Candidates)
    if (llvm::sys::fs::is_regular_file(Candidate))
      return fileUri(Candidate);
  return std::string(COROLINT_HOMEPAGE) + "/blob/v" COROLINT_VERSION "/rules/" + Rule + "/README.md";
}

json diagnosticOf(const Finding &F, size_t Index, Positions &At, const std::string &Argv0) {
  json D = {{"range", At.range(F.Where)},
            {"severity", F.Severity == Level::Error ? 1 : F.Severity == Level::Warning ? 2 : 3},
            {"code", F.Rule},
            {"codeDescription", {{"href", ruleDocumentationHref(F.Rule, Argv0)}}},
            {"source", "corolint"},
            {"message", F.Message},
            {"data", {{"finding", Index}}}};
  json Related = json::array();
  for (const Note &N : F.Notes)
    Related.push_back({{"location", {{"uri", uriOfPath(N.Where.File)}, {"range", At.range(N.Where)}}},
                       {"message", N.Message}});
  if (!Related.empty())
    D["relatedInformation"] = std::move(Related);
  return D;
}

namespace {

json quickFix(std::string Title, const std::string &File, json Edits, const json &Diagnostic, bool Preferred) {
  json Action = {{"title", std::move(Title)},
                 {"kind", "quickfix"},
                 {"diagnostics", json::array({Diagnostic})},
                 {"edit", {{"changes", {{uriOfPath(File), std::move(Edits)}}}}}};
  if (Preferred)
    Action["isPreferred"] = true;
  return Action;
}

} // namespace

std::optional<json> fixAction(const Finding &F, const std::string &Current, Positions &At, const json &Diagnostic) {
  if (F.Fixes.empty() || F.Fixes.front().Replacements.empty())
    return std::nullopt;
  const Fix &TheFix = F.Fixes.front();
  json Edits = json::array();
  for (const Replacement &R : TheFix.Replacements) {
    // Every edit of a fix is in the finding's file today; one elsewhere is not offered here.
    if (R.Where.File != F.Where.File || Current.compare(R.Offset, R.Length, R.Original) != 0 ||
        R.Offset + R.Length > Current.size())
      return std::nullopt;
    Edits.push_back({{"range", {{"start", At.positionInText(Current, R.Offset)}, {"end", At.positionInText(Current, R.Offset + R.Length)}}},
                     {"newText", R.Text}});
  }
  return quickFix(TheFix.Description, F.Where.File, std::move(Edits), Diagnostic, true);
}

std::optional<json> suppressAction(const Finding &F, const std::string &Current, Positions &At, const json &Diagnostic) {
  // The line as the editor has it now.
  size_t Start = 0;
  for (unsigned L = 1; L < F.Where.Line; ++L) {
    Start = Current.find('\n', Start);
    if (Start == std::string::npos)
      return std::nullopt;
    ++Start;
  }
  std::string Line = Current.substr(Start, Current.find('\n', Start) - Start);
  if (!Line.empty() && Line.back() == '\r')
    Line.pop_back();
  if (!Line.empty() && Line.back() == '\\')
    return std::nullopt;
  std::string Comment = " // NOLINT(" + F.Rule + ")";
  json End = At.positionInText(Current, Start + Line.size());
  json Edit = {{"range", {{"start", End}, {"end", End}}}, {"newText", Comment}};
  return quickFix("Suppress with // NOLINT(" + F.Rule + ")", F.Where.File, json::array({Edit}), Diagnostic, false);
}

} // namespace corolint::lsp
