#include "corolint/Coroutine.h"
#include "corolint/Framework.h"
#include "corolint/Names.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;

namespace corolint {

const CoroutineBodyStmt *coroutineBody(const FunctionDecl &F) {
  if (!F.doesThisDeclarationHaveABody())
    return nullptr;
  return dyn_cast_or_null<CoroutineBodyStmt>(F.getBody());
}

bool isRepeatingLoop(const Stmt &S, const ASTContext &Ast) {
  if (const auto *Do = dyn_cast<DoStmt>(&S)) {
    bool Again = true;
    const Expr *Cond = Do->getCond();
    return !(Cond && !Cond->isValueDependent() && Cond->EvaluateAsBooleanCondition(Again, Ast) && !Again);
  }
  return isa<ForStmt, WhileStmt, CXXForRangeStmt>(S);
}

std::string Coroutine::displayName() const { return functionDisplayName(*Function); }

namespace {

// Walks what runs inline in a coroutine; see forEachStmtRunningIn.
class InlineCodeWalker : public RecursiveASTVisitor<InlineCodeWalker> {
  using Base = RecursiveASTVisitor<InlineCodeWalker>;

public:
  InlineCodeWalker(const FunctionDecl &Coroutine, llvm::function_ref<void(const Stmt &)> Visit,
                   const Frameworks *Models, llvm::function_ref<void(const Stmt &)> VisitOnPool)
      : Coroutine(Coroutine), Visit(Visit), Models(Models), VisitOnPool(VisitOnPool) {}

  bool shouldVisitTemplateInstantiations() const { return true; }

  // A lambda expression only creates a closure; its body runs where the closure is called.
  bool TraverseLambdaExpr(LambdaExpr *L) {
    for (Expr *Init : L->capture_inits()) // captures are initialised here, though
      if (Init && !TraverseStmt(Init))
        return false;
    return true;
  }
  // Local classes and functions declared in the body run only when called; VarDecls run here.
  bool TraverseDecl(Decl *D) {
    if (isa_and_nonnull<TagDecl, FunctionDecl>(D))
      return true;
    return Base::TraverseDecl(D);
  }

  bool VisitStmt(Stmt *S) {
    if (!Hopped)
      Visit(*S);
    else if (VisitOnPool)
      VisitOnPool(*S);
    return true;
  }

  // Once the coroutine has hopped onto a worker pool, what follows runs there, not on the loop,
  // until it hops back onto a loop (`co_await sched->schedule()` after `co_await tp.schedule()`).
  // The awaits themselves are visited where they start: before their own hop.
  bool VisitCoawaitExpr(CoawaitExpr *Await) {
    if (Models && (Hopped ? Models->isLoopHop(*Await) : Models->isPoolHop(*Await)))
      Hopped = !Hopped;
    return true;
  }

  bool VisitCallExpr(CallExpr *Call) {
    const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
    if (!Method || !Method->getParent()->isLambda())
      return true;
    // A closure written in this coroutine and called here runs here, unless it is a coroutine
    // of its own. One that came from elsewhere (a parameter) is a call into other code.
    if (Method->hasBody() && !coroutineBody(*Method) && writtenInCoroutine(*Method) &&
        Entered.insert(Method).second)
      return TraverseStmt(Method->getBody());
    return true;
  }

private:
  bool writtenInCoroutine(const CXXMethodDecl &CallOperator) const {
    for (const DeclContext *DC = CallOperator.getParent()->getDeclContext(); DC; DC = DC->getParent())
      if (DC == &Coroutine)
        return true;
    return false;
  }

  const FunctionDecl &Coroutine;
  llvm::function_ref<void(const Stmt &)> Visit;
  const Frameworks *Models;
  llvm::function_ref<void(const Stmt &)> VisitOnPool;
  bool Hopped = false;
  llvm::SmallPtrSet<const CXXMethodDecl *, 4> Entered;
};

} // namespace

void forEachStmtRunningIn(const Coroutine &C, llvm::function_ref<void(const Stmt &)> Visit) {
  forEachStmtRunningIn(*C.Function, *C.Body->getBody(), Visit, C.Models);
}

void forEachStmtRunningIn(const FunctionDecl &F, const Stmt &Body,
                          llvm::function_ref<void(const Stmt &)> Visit, const Frameworks *Models,
                          llvm::function_ref<void(const Stmt &)> VisitOnPool) {
  InlineCodeWalker Walker(F, Visit, Models, VisitOnPool);
  Walker.TraverseStmt(const_cast<Stmt *>(&Body));
}

} // namespace corolint
