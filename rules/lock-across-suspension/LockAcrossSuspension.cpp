// lock-across-suspension: a lock (std::lock_guard, unique_lock, scoped_lock, shared_lock, or a
// configured type) alive across a co_await or co_yield in the same coroutine.
#include "corolint/Catalog.h"
#include "corolint/Coroutine.h"
#include "corolint/Names.h"
#include "corolint/Rule.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace corolint {
namespace {

// The first suspension point in a statement, not counting lambdas (they run elsewhere) and
// awaits that never suspend.
class SuspensionFinder : public RecursiveASTVisitor<SuspensionFinder> {
public:
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCoawaitExpr(CoawaitExpr *E) {
    std::string Type = catalogNameOfType(E->getOperand()->getType());
    if (Type.find("this_coro::") == std::string::npos && Type != "std::suspend_never")
      Found = E;
    return !Found;
  }
  bool VisitCoyieldExpr(CoyieldExpr *E) {
    Found = E;
    return false;
  }
  const Expr *Found = nullptr;
};

const Expr *firstSuspension(const Stmt *S) {
  SuspensionFinder Finder;
  Finder.TraverseStmt(const_cast<Stmt *>(S));
  return Finder.Found;
}

// `lock.unlock()` or `lock.lock()` written as a statement of its own.
const char *lockOperation(const Stmt *S, const VarDecl &Lock) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(S->IgnoreContainers());
  if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(S))
    Call = dyn_cast<CXXMemberCallExpr>(Cleanups->getSubExpr());
  if (!Call || !Call->getMethodDecl())
    return nullptr;
  const auto *Object = dyn_cast<DeclRefExpr>(Call->getImplicitObjectArgument()->IgnoreParenImpCasts());
  if (!Object || Object->getDecl() != &Lock)
    return nullptr;
  StringRef Name = Call->getMethodDecl()->getName();
  return Name == "unlock" ? "unlock" : Name == "lock" ? "lock" : nullptr;
}

class LockAcrossSuspension : public Rule {
public:
  std::vector<RuleOption> options() const override {
    return {{"LockTypes", "strings", "[]", "More RAII lock classes (catalog names, e.g. \"absl::MutexLock\")."}};
  }

  void checkCoroutine(const Coroutine &C, RuleContext &Ctx) override {
    LockTypes = {"std::lock_guard", "std::unique_lock", "std::scoped_lock", "std::shared_lock"};
    for (const std::string &Extra : Ctx.options().strings("LockTypes"))
      LockTypes.push_back(Ctx.catalog().canonical(Extra));
    walk(C.Body->getBody(), C, Ctx);
  }

private:
  bool isLock(const VarDecl &Var, RuleContext &Ctx) const {
    std::string Type = Ctx.catalog().canonical(catalogNameOfType(Var.getType()));
    return std::find(LockTypes.begin(), LockTypes.end(), Type) != LockTypes.end();
  }

  // In each block, a lock declared there is held until the block ends or it is unlocked; the
  // statements after its declaration are searched for a suspension while it is held.
  void walk(const Stmt *S, const Coroutine &C, RuleContext &Ctx) {
    if (!S || isa<LambdaExpr>(S))
      return;
    if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
      auto Body = Block->body();
      for (auto It = Body.begin(); It != Body.end(); ++It) {
        if (const auto *Decl = dyn_cast<DeclStmt>(*It))
          for (const clang::Decl *D : Decl->decls())
            if (const auto *Var = dyn_cast<VarDecl>(D); Var && isLock(*Var, Ctx))
              checkHeld(*Var, std::next(It), Body.end(), C, Ctx);
        walk(*It, C, Ctx);
      }
      return;
    }
    for (const Stmt *Child : S->children())
      walk(Child, C, Ctx);
  }

  template <class Iterator>
  void checkHeld(const VarDecl &Lock, Iterator From, Iterator End, const Coroutine &C, RuleContext &Ctx) {
    bool Held = true;
    for (; From != End; ++From) {
      if (const char *Op = lockOperation(*From, Lock)) {
        Held = std::string(Op) == "lock";
        continue;
      }
      if (!Held)
        continue;
      if (const Expr *Suspension = firstSuspension(*From)) {
        std::vector<Note> Notes;
        if (auto Where = Ctx.projectSpan(Suspension->getSourceRange()))
          Notes.push_back({"the coroutine suspends here with the lock held", *Where});
        std::string Name = C.displayName();
        Ctx.report(Lock.getSourceRange(),
                   "lock '" + Lock.getNameAsString() + "' is held across a suspension in coroutine '" + Name +
                       "': other coroutines on this thread that take it deadlock or wait for the resume; release it "
                       "before the co_await (or use an asynchronous lock such as a strand or a channel)",
                   Name, {{"lock", Lock.getNameAsString()}}, std::move(Notes));
        return;
      }
    }
  }

  std::vector<std::string> LockTypes;
};

} // namespace

std::unique_ptr<Rule> createLockAcrossSuspension() { return std::make_unique<LockAcrossSuspension>(); }

} // namespace corolint
