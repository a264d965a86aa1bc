#include "Summaries.h"

#include "corolint/Catalog.h"
#include "corolint/Coroutine.h"
#include "corolint/Names.h"
#include "corolint/Rule.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"

using namespace clang;

namespace corolint {

std::string usrOf(const Decl &D) {
  llvm::SmallString<128> Usr;
  if (index::generateUSRForDecl(&D, Usr))
    return "";
  return std::string(Usr);
}

SummaryBuilder::SummaryBuilder(ASTContext &Ast, const BlockingApiCatalog &Catalog,
                               const std::vector<std::string> &FollowHeaders,
                               std::vector<FunctionSummary> &Out)
    : Ast(Ast), Catalog(Catalog), FollowHeaders(FollowHeaders), Out(Out) {}

bool SummaryBuilder::inProject(const Decl &D) const {
  const SourceManager &SM = Ast.getSourceManager();
  SourceLocation Loc = SM.getExpansionLoc(D.getLocation());
  return Loc.isValid() && !SM.isInSystemHeader(Loc);
}

bool SummaryBuilder::inScope(const Decl &D) const {
  if (inProject(D))
    return true;
  if (FollowHeaders.empty())
    return false;
  const SourceManager &SM = Ast.getSourceManager();
  SourceLocation Loc = SM.getExpansionLoc(D.getLocation());
  if (Loc.isInvalid())
    return false;
  llvm::StringRef File = SM.getFilename(Loc);
  for (const std::string &Fragment : FollowHeaders)
    if (File.contains(Fragment))
      return true;
  return false;
}

namespace {

// A call through the vtable: a virtual member called without naming its class.
bool isVirtualDispatch(const CallExpr &Call, const FunctionDecl &Callee) {
  const auto *Method = dyn_cast<CXXMethodDecl>(&Callee);
  if (!Method || !Method->isVirtual() || !isa<CXXMemberCallExpr>(Call))
    return false;
  if (const auto *Member = dyn_cast<MemberExpr>(Call.getCallee()->IgnoreParens()); Member && Member->hasQualifier())
    return false;
  return !Method->hasAttr<FinalAttr>() && !Method->getParent()->hasAttr<FinalAttr>();
}

} // namespace

void SummaryBuilder::summarize(const FunctionDecl &F, const Stmt &Body, bool IsCoroutine) {
  FunctionSummary S;
  S.Usr = usrOf(F);
  if (S.Usr.empty())
    return;
  S.Name = functionDisplayName(F);
  S.IsCoroutine = IsCoroutine;
  if (auto Where = fileSpan(Ast, F.getLocation()))
    S.Where = *Where;
  if (const auto *Method = dyn_cast<CXXMethodDecl>(&F))
    for (const CXXMethodDecl *Base : Method->overridden_methods())
      S.Overrides.push_back(usrOf(*Base));

  auto AddCall = [&](const FunctionDecl &Callee, const Expr &E, bool Virtual) {
    const auto *Method = dyn_cast<CXXMethodDecl>(&Callee);
    if (Method && Method->getParent()->isLambda())
      return; // lambdas written here are walked inline; others came from elsewhere, unknown
    if (!inScope(Callee))
      return; // system code is known through the catalog, not walked
    if (auto Where = fileSpan(Ast, E.getSourceRange()))
      S.Calls.push_back({usrOf(Callee), functionDisplayName(Callee), Virtual, *Where});
  };
  forEachStmtRunningIn(F, Body, [&](const Stmt &St) {
    if (const auto *Call = dyn_cast<CallExpr>(&St)) {
      if (const BlockingApi *Api = Catalog.match(*Call)) {
        if (auto Where = fileSpan(Ast, Call->getSourceRange()))
          S.Blocking.push_back({Catalog.displayName(*Call, *Api), Api->Family, *Where});
      } else if (const FunctionDecl *Callee = Call->getDirectCallee()) {
        AddCall(*Callee, *Call, isVirtualDispatch(*Call, *Callee));
      }
    } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(&St)) {
      if (const BlockingApi *Api = Catalog.match(*Construct)) {
        if (auto Where = fileSpan(Ast, Construct->getSourceRange()))
          S.Blocking.push_back({Catalog.displayName(*Construct, *Api), Api->Family, *Where});
      } else if (const CXXConstructorDecl *Ctor = Construct->getConstructor()) {
        AddCall(*Ctor, *Construct, false);
      }
    }
  });
  Out.push_back(std::move(S));
}

} // namespace corolint
