#include "corolint/Rule.h"
#include "corolint/Framework.h"

#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace corolint {

const char *levelName(Level L) {
  switch (L) {
  case Level::Note:
    return "note";
  case Level::Warning:
    return "warning";
  case Level::Error:
    return "error";
  }
  return "warning";
}

std::optional<Level> parseLevel(const std::string &Name) {
  for (Level L : {Level::Note, Level::Warning, Level::Error})
    if (Name == levelName(L))
      return L;
  return std::nullopt;
}

bool RuleOptions::boolean(const std::string &Name, bool Default) const {
  auto It = Values.find(Name);
  return It != Values.end() && It->is_boolean() ? It->get<bool>() : Default;
}

long long RuleOptions::integer(const std::string &Name, long long Default) const {
  auto It = Values.find(Name);
  return It != Values.end() && It->is_number_integer() ? It->get<long long>() : Default;
}

std::vector<std::string> RuleOptions::strings(const std::string &Name) const {
  std::vector<std::string> Out;
  auto It = Values.find(Name);
  if (It != Values.end() && It->is_array())
    for (const auto &V : *It)
      if (V.is_string())
        Out.push_back(V.get<std::string>());
  return Out;
}

const Frameworks &RuleContext::models() const { return Models ? *Models : Frameworks::builtin(); }

const Frameworks &ProgramContext::models() const { return Models ? *Models : Frameworks::builtin(); }

std::string RuleContext::placeText(SourceLocation Loc, SourceLocation Reference) const {
  const SourceManager &SM = Ast.getSourceManager();
  SourceLocation Here = SM.getFileLoc(Loc), There = SM.getFileLoc(Reference);
  std::string Line = std::to_string(SM.getPresumedLineNumber(Here));
  if (SM.getFileID(Here) == SM.getFileID(There))
    return "line " + Line;
  return llvm::sys::path::filename(SM.getFilename(Here)).str() + ":" + Line;
}

std::optional<SourceSpan> RuleContext::projectSpan(SourceRange R) const {
  const SourceManager &SM = Ast.getSourceManager();
  if (R.getBegin().isInvalid() || SM.isInSystemHeader(SM.getFileLoc(R.getBegin())))
    return std::nullopt;
  return fileSpan(Ast, R);
}

std::optional<SourceSpan> fileSpan(const ASTContext &Ast, SourceRange R) {
  const SourceManager &SM = Ast.getSourceManager();
  SourceLocation Begin = SM.getFileLoc(R.getBegin());
  SourceLocation End = SM.getFileLoc(R.getEnd());
  if (Begin.isInvalid())
    return std::nullopt;
  FileID File = SM.getFileID(Begin);
  OptionalFileEntryRef Entry = SM.getFileEntryRefForID(File);
  if (!Entry)
    return std::nullopt; // <built-in>, <command line>, scratch space
  // End is the first character of the last token; the span ends one past that token.
  if (End.isInvalid() || SM.getFileID(End) != File)
    End = Begin;
  End = Lexer::getLocForEndOfToken(End, 0, SM, Ast.getLangOpts());
  if (End.isInvalid())
    End = Begin;

  SourceSpan Span;
  llvm::StringRef RealPath = Entry->getFileEntry().tryGetRealPathName();
  llvm::SmallString<256> Path(RealPath.empty() ? Entry->getName() : RealPath);
  SM.getFileManager().makeAbsolutePath(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  Span.File = std::string(Path);
  Span.Line = SM.getSpellingLineNumber(Begin);
  Span.Column = SM.getSpellingColumnNumber(Begin);
  Span.EndLine = SM.getSpellingLineNumber(End);
  Span.EndColumn = SM.getSpellingColumnNumber(End);
  return Span;
}

void ProgramContext::report(SourceSpan Where, std::string Message, std::string Function, std::string FunctionUsr,
                            std::map<std::string, std::string> Properties, std::vector<Note> Notes) {
  Finding F;
  F.Rule = std::string(RuleId);
  F.Severity = Settings.Severity;
  F.Message = std::move(Message);
  F.Where = std::move(Where);
  F.Function = std::move(Function);
  F.FunctionUsr = std::move(FunctionUsr);
  F.Properties = std::move(Properties);
  F.Notes = std::move(Notes);
  Out.push_back(std::move(F));
}

void RuleContext::report(SourceRange R, std::string Message, std::string Function,
                         std::map<std::string, std::string> Properties, std::vector<Note> Notes,
                         std::optional<Fix> TheFix) {
  std::optional<SourceSpan> Where = projectSpan(R);
  if (!Where)
    return;
  Finding F;
  F.Rule = std::string(RuleId);
  F.Severity = Settings.Severity;
  F.Message = std::move(Message);
  F.Where = std::move(*Where);
  F.Function = std::move(Function);
  F.FunctionUsr = FunctionUsr;
  F.Properties = std::move(Properties);
  F.Notes = std::move(Notes);
  if (TheFix)
    F.Fixes.push_back(std::move(*TheFix));
  Out.push_back(std::move(F));
}

} // namespace corolint
