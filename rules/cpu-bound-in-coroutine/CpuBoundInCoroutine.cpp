// cpu-bound-in-coroutine: CPU-heavy work on the event loop in a coroutine that does suspend
// elsewhere: a loop with a large constant trip count, loops nested over input data, or a call
// to a CPU-heavy API (rules/catalog/cpu-heavy-apis.json).
#include "corolint/Catalog.h"
#include "corolint/Coroutine.h"
#include "corolint/Framework.h"
#include "corolint/Rule.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace corolint {
namespace {

// Whether a statement suspends the coroutine (not counting lambdas: they run elsewhere).
class SuspensionFinder : public RecursiveASTVisitor<SuspensionFinder> {
public:
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitStmt(Stmt *S) {
    Found |= isa<CoawaitExpr, CoyieldExpr, DependentCoawaitExpr>(S);
    return !Found;
  }
  bool Found = false;
};

bool suspendsIn(const Stmt *S) {
  SuspensionFinder Finder;
  Finder.TraverseStmt(const_cast<Stmt *>(S));
  return Finder.Found;
}

// The constant trip count of `for (...; i < N; ...)` (or <=, !=, >, >= the other way round).
std::optional<llvm::APSInt> constantBound(const ForStmt &Loop, const ASTContext &Ast) {
  const auto *Cond = dyn_cast_or_null<BinaryOperator>(Loop.getCond() ? Loop.getCond()->IgnoreParenImpCasts() : nullptr);
  if (!Cond || !Cond->isComparisonOp() || Cond->isEqualityOp() && Cond->getOpcode() != BO_NE)
    return std::nullopt;
  Expr::EvalResult Result;
  for (const Expr *Side : {Cond->getRHS(), Cond->getLHS()})
    if (!Side->isValueDependent() && Side->EvaluateAsInt(Result, Ast))
      return Result.Val.getInt();
  return std::nullopt;
}

// Whether a loop's body holds another loop (not one in a lambda: that runs elsewhere).
class InnerLoopFinder : public RecursiveASTVisitor<InnerLoopFinder> {
public:
  explicit InnerLoopFinder(const ASTContext &Ast) : Ast(Ast) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitStmt(Stmt *S) {
    if (isRepeatingLoop(*S, Ast))
      Inner = S;
    return !Inner;
  }
  const Stmt *Inner = nullptr;

private:
  const ASTContext &Ast;
};

const Stmt *loopBody(const Stmt &Loop) {
  if (const auto *For = dyn_cast<ForStmt>(&Loop))
    return For->getBody();
  if (const auto *While = dyn_cast<WhileStmt>(&Loop))
    return While->getBody();
  if (const auto *Do = dyn_cast<DoStmt>(&Loop))
    return Do->getBody();
  return cast<CXXForRangeStmt>(Loop).getBody();
}

class CpuBoundInCoroutine : public Rule {
public:
  bool onlyOnTheLoop() const override { return true; }

  std::vector<RuleOption> options() const override {
    return {{"LoopThreshold", "int", "100000", "A loop with a constant trip count at or above this is CPU-heavy."}};
  }

  void checkCoroutine(const Coroutine &C, RuleContext &Ctx) override {
    // A coroutine that never suspends is needless-coroutine's: all of it is CPU work.
    bool Suspends = false;
    forEachStmtRunningIn(C, [&](const Stmt &S) { Suspends |= isa<CoawaitExpr, CoyieldExpr>(S); });
    if (!Suspends)
      return;

    long long Threshold = Ctx.options().integer("LoopThreshold", 100000);
    const FrameworkModel *Model = Ctx.models().modelOfCoroutine(*C.Function);
    std::string Advice = offloadAdviceOf(Model);
    std::string Name = C.displayName();
    std::vector<const Stmt *> Reported; // loops already reported: their inner loops are not
    auto Inside = [&](const Stmt &S) {
      for (const Stmt *Outer : Reported)
        if (Outer->getSourceRange().fullyContains(S.getSourceRange()))
          return true;
      return false;
    };
    auto Report = [&](const Stmt &S, const std::string &What, const char *Kind) {
      Reported.push_back(&S);
      Ctx.report(S.getSourceRange(), What + " on the event loop in coroutine '" + Name + "'; " + Advice, Name,
                 {{"kind", Kind}, {"framework", Model ? Model->Name : ""}});
    };

    forEachStmtRunningIn(C, [&](const Stmt &S) {
      if (Inside(S))
        return;
      if (const auto *Call = dyn_cast<CallExpr>(&S)) {
        if (const BlockingApi *Api = BlockingApiCatalog::builtinCpuHeavy().match(*Call))
          Report(S, "CPU-heavy call to '" + BlockingApiCatalog::builtinCpuHeavy().displayName(*Call, *Api) + "' (" +
                        Api->Family + ")", "api");
        return;
      }
      if (const auto *Construct = dyn_cast<CXXConstructExpr>(&S)) {
        if (const BlockingApi *Api = BlockingApiCatalog::builtinCpuHeavy().match(*Construct))
          Report(S, "CPU-heavy construction of '" + BlockingApiCatalog::builtinCpuHeavy().displayName(*Construct, *Api) +
                        "' (" + Api->Family + ")", "api");
        return;
      }
      // A loop that suspends gives the event loop back on its way: what runs between its
      // suspensions (an inner loop) is judged on its own.
      if (!isRepeatingLoop(S, Ctx.ast()) || suspendsIn(&S))
        return;
      if (const auto *For = dyn_cast<ForStmt>(&S))
        if (std::optional<llvm::APSInt> Bound = constantBound(*For, Ctx.ast())) {
          if (Bound->getExtValue() >= Threshold)
            Report(S, "a loop of " + std::to_string(Bound->getExtValue()) + " iterations", "loop");
          return; // a small bounded loop is fine, and so is what it holds
        }
      InnerLoopFinder Finder(Ctx.ast());
      Finder.TraverseStmt(const_cast<Stmt *>(loopBody(S)));
      if (Finder.Inner && !suspendsIn(Finder.Inner) &&
          !(isa<ForStmt>(Finder.Inner) && constantBound(*cast<ForStmt>(Finder.Inner), Ctx.ast())))
        Report(S, "nested loops over input data", "nested-loops");
    });
  }
};

} // namespace

std::unique_ptr<Rule> createCpuBoundInCoroutine() { return std::make_unique<CpuBoundInCoroutine>(); }

} // namespace corolint
