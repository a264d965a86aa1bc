#include "SleepFix.h"

#include "corolint/Coroutine.h"
#include "corolint/Names.h"
#include "corolint/Rule.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace corolint {

namespace {

// Is the qualified name (a::b::c) declared in the translation unit?
bool isDeclared(ASTContext &Ast, llvm::StringRef Qualified) {
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  Qualified.split(Parts, "::");
  const DeclContext *Context = Ast.getTranslationUnitDecl();
  for (size_t I = 0; I < Parts.size(); ++I) {
    DeclContextLookupResult Found = Context->lookup(&Ast.Idents.get(Parts[I]));
    if (Found.empty())
      return false;
    if (I + 1 == Parts.size())
      return true;
    const auto *Namespace = dyn_cast<NamespaceDecl>(Found.front());
    if (!Namespace)
      return false;
    Context = Namespace;
  }
  return false;
}

bool holdsLock(const Stmt &S) {
  const auto *Decls = dyn_cast<DeclStmt>(&S);
  if (!Decls)
    return false;
  for (const Decl *D : Decls->decls())
    if (const auto *Var = dyn_cast<VarDecl>(D)) {
      std::string Type = catalogNameOfType(Var->getType());
      if (llvm::StringRef(Type).contains("lock") || llvm::StringRef(Type).contains("guard"))
        return true;
    }
  return false;
}

// Is Call a statement of its own, directly in the coroutine's code (not in a lambda, not in a
// catch handler, not after a lock is taken in an enclosing block)?
bool isPlainStatementOf(const Coroutine &C, const CallExpr &Call, ASTContext &Ast) {
  DynTypedNodeList Parents = Ast.getParents(Call);
  const Stmt *Child = &Call;
  if (Parents.size() == 1 && Parents[0].get<ExprWithCleanups>()) {
    Child = Parents[0].get<ExprWithCleanups>();
    Parents = Ast.getParents(*Child);
  }
  if (Parents.size() != 1 || !Parents[0].get<CompoundStmt>())
    return false;
  const Stmt *Body = C.Body->getBody();
  while (true) {
    if (Parents.size() != 1)
      return false;
    const Stmt *Parent = Parents[0].get<Stmt>();
    if (!Parent || isa<LambdaExpr, CXXCatchStmt, BlockExpr>(Parent))
      return false;
    if (const auto *Block = dyn_cast<CompoundStmt>(Parent))
      for (const Stmt *S : Block->body()) {
        if (S == Child)
          break;
        if (holdsLock(*S))
          return false;
      }
    if (Parent == Body)
      return true;
    Child = Parent;
    Parents = Ast.getParents(*Parent);
  }
}

// The coroutine type as the code names it: coroweb::Task is an alias of an Asio awaitable, and
// the fix should speak coroweb where the code does.
std::string writtenCoroutineType(const FunctionDecl &F) {
  QualType T = F.getReturnType();
  if (const auto *Specialization = T->getAs<TemplateSpecializationType>())
    if (const TemplateDecl *Template = Specialization->getTemplateName().getAsTemplateDecl())
      return catalogName(*Template);
  return catalogNameOfType(T);
}

} // namespace

std::optional<Fix> sleepFix(const Coroutine &C, const CallExpr &Call, ASTContext &Ast) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || catalogName(*Callee) != "std::this_thread::sleep_for" || Call.getNumArgs() != 1)
    return std::nullopt;
  if (C.Function->getTemplateInstantiationPattern() || C.Function->isDependentContext())
    return std::nullopt;
  const SourceManager &SM = Ast.getSourceManager();
  SourceRange Range = Call.getSourceRange();
  SourceRange ArgRange = Call.getArg(0)->getSourceRange();
  if (Range.getBegin().isMacroID() || Range.getEnd().isMacroID() || ArgRange.getBegin().isMacroID() ||
      ArgRange.getEnd().isMacroID())
    return std::nullopt;
  if (!isPlainStatementOf(C, Call, Ast))
    return std::nullopt;

  std::string Framework = catalogNameOfType(C.Function->getReturnType());
  std::string Argument = Lexer::getSourceText(CharSourceRange::getTokenRange(ArgRange), SM, Ast.getLangOpts()).str();
  std::string Text, Description;
  if (writtenCoroutineType(*C.Function) == "coroweb::Task" && isDeclared(Ast, "coroweb::sleep")) {
    Text = "co_await coroweb::sleep(" + Argument + ")";
    Description = "Replace the blocking sleep with 'co_await coroweb::sleep(...)'";
  } else if (Framework == "boost::asio::awaitable" || Framework == "asio::awaitable") {
    std::string Asio = Framework.substr(0, Framework.size() - std::string("::awaitable").size());
    for (const char *Needed : {"::steady_timer", "::this_coro::executor", "::use_awaitable"})
      if (!isDeclared(Ast, Asio + Needed))
        return std::nullopt;
    Text = "co_await " + Asio + "::steady_timer(co_await " + Asio + "::this_coro::executor, " + Argument +
           ").async_wait(" + Asio + "::use_awaitable)";
    Description = "Replace the blocking sleep with an asynchronous wait on a '" + Asio + "::steady_timer'";
  } else {
    return std::nullopt;
  }

  std::optional<SourceSpan> Where = fileSpan(Ast, Range);
  CharSourceRange Chars = CharSourceRange::getTokenRange(Range);
  SourceLocation End = Lexer::getLocForEndOfToken(Range.getEnd(), 0, SM, Ast.getLangOpts());
  if (!Where || End.isInvalid())
    return std::nullopt;
  Replacement R;
  R.Where = *Where;
  R.Offset = SM.getFileOffset(Range.getBegin());
  R.Length = SM.getFileOffset(End) - R.Offset;
  R.Original = Lexer::getSourceText(Chars, SM, Ast.getLangOpts()).str();
  R.Text = std::move(Text);
  return Fix{std::move(Description), {std::move(R)}};
}

} // namespace corolint
