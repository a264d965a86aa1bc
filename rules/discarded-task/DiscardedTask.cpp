// discarded-task: the result of calling a coroutine of a lazy task type thrown away — not
// awaited, spawned, stored or returned — so its work never runs.
#include "corolint/Framework.h"
#include "corolint/Names.h"
#include "corolint/Rule.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace corolint {
namespace {

// Statements whose value nobody uses: the expression statements of a block.
class DiscardedCalls : public RecursiveASTVisitor<DiscardedCalls> {
public:
  explicit DiscardedCalls(llvm::function_ref<void(const CallExpr &)> Found) : Found(Found) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; } // its body is a function of its own
  bool VisitCompoundStmt(CompoundStmt *Block) {
    for (Stmt *S : Block->body())
      if (const auto *E = dyn_cast<Expr>(S))
        if (const CallExpr *Call = discardedCall(E))
          Found(*Call);
    return true;
  }

private:
  static const CallExpr *discardedCall(const Expr *E) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Cast = dyn_cast<CStyleCastExpr>(E); Cast && Cast->getType()->isVoidType())
      E = Cast->getSubExpr()->IgnoreImplicit()->IgnoreParens(); // (void)f(): still never runs
    return dyn_cast<CallExpr>(E);
  }
  llvm::function_ref<void(const CallExpr &)> Found;
};

class DiscardedTask : public Rule {
public:
  void checkFunction(const FunctionDecl &F, const Stmt &Body, RuleContext &Ctx) override {
    auto Check = [&](const CallExpr &Call) {
      const FunctionDecl *Callee = Call.getDirectCallee();
      if (!Callee || isa<CXXOperatorCallExpr>(Call))
        return;
      // Only a task made by this call is lost: a call returning a reference to a task someone
      // else owns (tasks.emplace_back(work()) returns the element) discards nothing.
      if (Callee->getReturnType()->isReferenceType() || Callee->getReturnType()->isPointerType())
        return;
      // An eager task type (drogon::AsyncTask) is already running: dropping it loses nothing.
      const Frameworks &Models = Ctx.models();
      const FrameworkModel *Model = Models.modelOfType(Call.getType(), Ctx.ast());
      if (!Model || !Models.isLazyTask(Call.getType(), Ctx.ast()))
        return;
      std::string Name = functionDisplayName(*Callee);
      std::string Spawn = Model->SpawnAdvice.empty() ? "" : ", or " + Model->SpawnAdvice;
      Ctx.report(Call.getSourceRange(),
                 "the task returned by '" + Name + "' is discarded: a lazy coroutine runs only when awaited, so '" +
                     Name + "' never runs; co_await it" + Spawn,
                 functionDisplayName(F), {{"task_type", Model->Name}, {"framework", Model->Name}});
    };
    DiscardedCalls Finder(Check);
    Finder.TraverseStmt(const_cast<Stmt *>(&Body));
  }
};

} // namespace

std::unique_ptr<Rule> createDiscardedTask() { return std::make_unique<DiscardedTask>(); }

} // namespace corolint
