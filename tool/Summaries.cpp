#include "Summaries.h"

#include "corolint/Catalog.h"
#include "corolint/Coroutine.h"
#include "corolint/Framework.h"
#include "corolint/Names.h"
#include "corolint/Rule.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;

namespace corolint {

std::string usrOf(const Decl &D) {
  llvm::SmallString<128> Usr;
  if (index::generateUSRForDecl(&D, Usr))
    return "";
  return std::string(Usr);
}

SummaryBuilder::SummaryBuilder(ASTContext &Ast, const BlockingApiCatalog &Catalog, const Frameworks *Models,
                               const std::vector<std::string> &FollowHeaders, TranslationUnitSummary &Out)
    : Ast(Ast), Catalog(Catalog), Models(Models), FollowHeaders(FollowHeaders), Out(Out) {}

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

// The first string literal an argument is built from ("/users/{id}" through std::string).
// Depth first, left to right, with a stack of its own rather than recursion.
const StringLiteral *stringLiteralIn(const Stmt *Root) {
  llvm::SmallVector<const Stmt *, 16> Pending{Root};
  while (!Pending.empty()) {
    const Stmt *S = Pending.pop_back_val();
    if (!S)
      continue;
    if (const auto *Literal = dyn_cast<StringLiteral>(S))
      return Literal;
    llvm::SmallVector<const Stmt *, 8> Children(S->child_begin(), S->child_end());
    Pending.append(Children.rbegin(), Children.rend());
  }
  return nullptr;
}

// The function a handler argument names: a lambda, a function, `&Class::method`, a std::function
// or a local variable holding one of these.
const FunctionDecl *handlerIn(const Expr *E, int Depth = 0) {
  if (!E || Depth > 8)
    return nullptr;
  E = E->IgnoreImplicit()->IgnoreParens();
  if (const auto *Lambda = dyn_cast<LambdaExpr>(E))
    return Lambda->getCallOperator();
  if (const auto *Cast = dyn_cast<CastExpr>(E))
    return handlerIn(Cast->getSubExpr(), Depth + 1);
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return Construct->getNumArgs() == 1 ? handlerIn(Construct->getArg(0), Depth + 1) : nullptr;
  if (const auto *Unary = dyn_cast<UnaryOperator>(E); Unary && Unary->getOpcode() == UO_AddrOf)
    return handlerIn(Unary->getSubExpr(), Depth + 1);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *F = dyn_cast<FunctionDecl>(Ref->getDecl()))
      return F;
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()); Var && Var->isLocalVarDecl())
      return handlerIn(Var->getInit(), Depth + 1);
  }
  return nullptr;
}

// `t.handle()`'s type: std::coroutine_handle<P>.
bool isCoroutineHandle(QualType T) {
  const CXXRecordDecl *Record = T.isNull() ? nullptr : T->getAsCXXRecordDecl();
  return Record && Record->getName() == "coroutine_handle" && Record->isInStdNamespace();
}

// The call that made the task a start hands over, when it names a local variable rather than
// making the task in place: `sync_wait(t)`, `spawn(std::move(t))`, `tp->resume(t.handle())`
// with `auto t = make();`. A lazy task runs where it is started, not where it was made; an
// eager one has already run up to its first suspension where it was made, so it gives none.
const CallExpr *creationOfLocalTask(const Expr &Arg, const Frameworks &Models, const ASTContext &Ast) {
  const Expr *E = Arg.IgnoreImplicit()->IgnoreParens();
  if (const auto *Call = dyn_cast<CallExpr>(E); Call && Call->isCallToStdMove())
    E = Call->getArg(0)->IgnoreImplicit()->IgnoreParens();
  // t.handle(), and its conversion from coroutine_handle<P> to coroutine_handle<>.
  for (int Steps = 0; Steps < 3; ++Steps) {
    const auto *Member = dyn_cast<CXXMemberCallExpr>(E);
    if (!Member || !isCoroutineHandle(Member->getType()) || !Member->getImplicitObjectArgument())
      break;
    E = Member->getImplicitObjectArgument()->IgnoreImplicit()->IgnoreParens();
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Var->isLocalVarDecl() || !Var->getInit() || !Models.isLazyTask(Var->getType(), Ast))
    return nullptr;
  return dyn_cast<CallExpr>(Var->getInit()->IgnoreImplicit()->IgnoreParens());
}

} // namespace

void SummaryBuilder::recordRoute(const CallExpr &Call) {
  const RouteRegistration *Registration = Models ? Models->routeRegistration(Call) : nullptr;
  if (!Registration)
    return;
  auto Arg = [&](int Index) -> const Expr * {
    return Index >= 0 && static_cast<unsigned>(Index) < Call.getNumArgs() ? Call.getArg(Index) : nullptr;
  };
  const FunctionDecl *Handler = handlerIn(Arg(Registration->HandlerArg));
  const StringLiteral *Path = stringLiteralIn(Arg(Registration->PathArg));
  const StringLiteral *Method = stringLiteralIn(Arg(Registration->MethodArg));
  if (!Handler || !Path || (Registration->Method.empty() && !Method))
    return;
  auto Where = fileSpan(Ast, Call.getSourceRange());
  std::string Usr = usrOf(*Handler);
  if (!Where || Usr.empty())
    return;
  Out.Routes.push_back({Usr, Registration->Method.empty() ? Method->getString().upper() : Registration->Method,
                        Path->getString().str(), *Where});
}

void SummaryBuilder::markStarted(const CallExpr &Start, llvm::SmallPtrSetImpl<const Stmt *> &Started,
                                        int Depth) const {
  if (Depth > 8)
    return;
  llvm::SmallVector<const Expr *, 4> Given(Start.arguments());
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&Start); Member && Member->getImplicitObjectArgument())
    Given.push_back(Member->getImplicitObjectArgument()); // `make().via(&executor).start(...)`
  for (const Expr *Arg : Given) {
    const CallExpr *Call = creationOfLocalTask(*Arg, *Models, Ast);
    if (!Call)
      Call = dyn_cast<CallExpr>(Arg->IgnoreImplicit()->IgnoreParens());
    // `make().via(&executor)`: a call on a lazy task that hands back a lazy task (bound to an
    // executor, given a local) is that task, made by the call it was made on.
    for (int Steps = 0; Call && Steps < 4; ++Steps) {
      const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
      const Expr *Object = Member ? Member->getImplicitObjectArgument() : nullptr;
      const auto *Inner = Object ? dyn_cast<CallExpr>(Object->IgnoreImplicit()->IgnoreParens()) : nullptr;
      if (!Inner || !Models->isLazyTask(Object->getType(), Ast) || !Models->isLazyTask(Member->getType(), Ast))
        break;
      Started.insert(Call);
      Call = Inner;
    }
    if (!Call)
      continue;
    Started.insert(Call);
    // sync_wait(when_all(a(), b())): the combinator runs a and b where sync_wait runs it.
    if (Models->isCombinator(*Call))
      markStarted(*Call, Started, Depth + 1);
  }
}

void SummaryBuilder::summarize(const FunctionDecl &F, const Stmt &Body, bool IsCoroutine) {
  FunctionSummary S;
  S.Usr = usrOf(F);
  if (S.Usr.empty())
    return;
  S.Name = functionDisplayName(F);
  S.IsCoroutine = IsCoroutine;
  if (const FrameworkModel *Model = IsCoroutine && Models ? Models->modelOfCoroutine(F) : nullptr)
    S.Framework = Model->Name;
  if (auto Where = fileSpan(Ast, F.getLocation()))
    S.Where = *Where;
  if (const auto *Method = dyn_cast<CXXMethodDecl>(&F))
    for (const CXXMethodDecl *Base : Method->overridden_methods())
      S.Overrides.push_back(usrOf(*Base));

  // Calls that start a coroutine on a pool: those in the arguments of a pool spawn, and those
  // that made a local task a spawn is given later (so OnPool is settled after the walk).
  llvm::SmallPtrSet<const Stmt *, 4> SpawnedOnPool;
  llvm::SmallPtrSet<const Stmt *, 4> StartedDetached; // on an executor of their own
  llvm::SmallVector<const Stmt *, 16> CallSites;      // parallel to S.Calls
  auto AddCall = [&](const FunctionDecl &Callee, const Expr &E, bool Virtual, bool OnPool) {
    const auto *Method = dyn_cast<CXXMethodDecl>(&Callee);
    if (Method && Method->getParent()->isLambda() && !coroutineBody(*Method))
      return; // lambdas written here are walked inline; others came from elsewhere, unknown
    if (!inScope(Callee))
      return; // system code is known through the catalog, not walked
    if (Models && Models->isNonBlocking(Callee))
      return; // the framework's own loop plumbing (a wake-up write) does not block its loop
    if (auto Where = fileSpan(Ast, E.getSourceRange())) {
      S.Calls.push_back({usrOf(Callee), functionDisplayName(Callee), Virtual, *Where, OnPool});
      CallSites.push_back(&E);
    }
  };
  auto Visit = [&](const Stmt &St, bool OnPool) {
    if (const auto *Await = dyn_cast<CoawaitExpr>(&St); Await && !S.LoopHop && Models && Models->isLoopHop(*Await))
      S.LoopHop = fileSpan(Ast, Await->getSourceRange());
    if (const auto *Call = dyn_cast<CallExpr>(&St)) {
      recordRoute(*Call);
      if (Models && Models->isOffLoopStart(*Call))
        markStarted(*Call, SpawnedOnPool);
      else if (Models && Models->isDetachedStart(*Call))
        markStarted(*Call, StartedDetached);
      if (OnPool) {
        // After a hop, only the coroutines started from here matter: they run on the pool too.
        if (const FunctionDecl *Callee = Call->getDirectCallee(); Callee && coroutineBody(*Callee))
          AddCall(*Callee, *Call, false, true);
        return;
      }
      const BlockingApi *Api = Catalog.match(*Call, &F);
      if (Api && Models && Models->onNonBlockingDescriptor(*Call))
        return; // a call on a descriptor the framework made non-blocking returns at once
      if (Api) {
        if (auto Where = fileSpan(Ast, Call->getSourceRange()))
          S.Blocking.push_back({Catalog.displayName(*Call, *Api), Api->Family, *Where});
      } else if (const FunctionDecl *Callee = Call->getDirectCallee()) {
        AddCall(*Callee, *Call, isVirtualDispatch(*Call, *Callee), false);
      }
    } else if (const auto *Decl = dyn_cast<DeclStmt>(&St); Decl && !OnPool) {
      for (const clang::Decl *D : Decl->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D))
          if (const BlockingApi *Api = Catalog.match(*Var, Body))
            if (auto Where = fileSpan(Ast, Var->getSourceRange()))
              S.Blocking.push_back({Api->Name, Api->Family, *Where});
    } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(&St); Construct && !OnPool) {
      if (const BlockingApi *Api = Catalog.match(*Construct)) {
        if (auto Where = fileSpan(Ast, Construct->getSourceRange()))
          S.Blocking.push_back({Catalog.displayName(*Construct, *Api), Api->Family, *Where});
      } else if (const CXXConstructorDecl *Ctor = Construct->getConstructor()) {
        AddCall(*Ctor, *Construct, false, false);
      }
    }
  };
  forEachStmtRunningIn(
      F, Body, [&](const Stmt &St) { Visit(St, false); }, Models, [&](const Stmt &St) { Visit(St, true); });
  for (size_t I = 0; I < S.Calls.size(); ++I) {
    S.Calls[I].OnPool = S.Calls[I].OnPool || SpawnedOnPool.count(CallSites[I]) > 0;
    S.Calls[I].Detached = !S.Calls[I].OnPool && StartedDetached.count(CallSites[I]) > 0;
  }
  Out.Functions.push_back(std::move(S));
}

} // namespace corolint
