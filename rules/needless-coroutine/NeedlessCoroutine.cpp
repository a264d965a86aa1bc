// needless-coroutine: a coroutine that never suspends and computes: a coroutine wrapped around
// CPU-bound work, which holds the event loop for all of it.
#include "corolint/Catalog.h"
#include "corolint/Coroutine.h"
#include "corolint/Framework.h"
#include "corolint/Names.h"
#include "corolint/Rule.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace corolint {
namespace {

// Awaiting these never suspends: they hand back something the coroutine already has.
const char *const NonSuspendingByDefault[] = {
    "asio::this_coro::executor_t", "asio::this_coro::cancellation_state_t",
    "asio::this_coro::reset_cancellation_state_0_t", "asio::this_coro::reset_cancellation_state_1_t",
    "asio::this_coro::reset_cancellation_state_2_t", "asio::this_coro::throw_if_cancelled_0_t",
    "asio::this_coro::throw_if_cancelled_1_t", "std::suspend_never"};

class NeedlessCoroutine : public Rule {
public:
  bool onlyOnTheLoop() const override { return true; }

  std::vector<RuleOption> options() const override {
    return {{"Pedantic", "bool", "false", "Also report coroutines that never suspend and do nothing costly (a frame allocated for nothing)."},
            {"NonSuspendingAwaitables", "strings", "[]", "More awaitable types (catalog names) whose co_await never suspends."}};
  }

  void checkCoroutine(const Coroutine &C, RuleContext &Ctx) override {
    const auto *Method = dyn_cast<CXXMethodDecl>(C.Function);
    // The signature is not the coroutine's to choose: an override, or a virtual a subclass may
    // implement with awaits, or a framework entry point.
    if (Method && (Method->isVirtual() || Method->size_overridden_methods() > 0))
      return;
    if (C.Models && C.Models->isEntryPoint(*C.Function))
      return;

    std::vector<std::string> NonSuspending(std::begin(NonSuspendingByDefault), std::end(NonSuspendingByDefault));
    for (const std::string &Extra : Ctx.options().strings("NonSuspendingAwaitables"))
      NonSuspending.push_back(Ctx.catalog().canonical(Extra));

    bool Suspends = false;
    std::string Work; // the first evidence of computation
    forEachStmtRunningIn(C, [&](const Stmt &S) {
      if (const auto *Await = dyn_cast<CoawaitExpr>(&S)) {
        std::string Type = Ctx.catalog().canonical(catalogNameOfType(Await->getOperand()->getType()));
        Suspends |= std::find(NonSuspending.begin(), NonSuspending.end(), Type) == NonSuspending.end();
      } else if (isa<CoyieldExpr, DependentCoawaitExpr>(S)) {
        Suspends = true;
      } else if (Work.empty() && isRepeatingLoop(S, Ctx.ast())) {
        // Where the user wrote it: a loop from a macro is placed at the macro's use.
        SourceLocation Reference = C.Lambda ? C.Lambda->getBeginLoc() : C.Function->getLocation();
        Work = "a loop at " + Ctx.placeText(S.getBeginLoc(), Reference);
      } else if (const auto *Call = dyn_cast<CallExpr>(&S); Call && Work.empty()) {
        if (const BlockingApi *Api = BlockingApiCatalog::builtinCpuHeavy().match(*Call))
          Work = "'" + BlockingApiCatalog::builtinCpuHeavy().displayName(*Call, *Api) + "'";
      }
    });
    if (Suspends || (Work.empty() && !Ctx.options().boolean("Pedantic", false)))
      return;

    // Where the framework runs plain handlers on a pool, that is the fix; where every handler
    // runs on the loop (Drogon), a plain function computes on the loop just the same.
    const FrameworkModel *Model = Ctx.models().modelOfCoroutine(*C.Function);
    std::string Advice = Model && Model->PlainHandlersOnPool && !Model->PlainHandlerAdvice.empty()
                             ? Model->PlainHandlerAdvice
                         : Model && !Model->PlainHandlersOnPool && !Work.empty()
                             ? "make it a plain function, and " + offloadAdviceOf(Model)
                             : "make it a plain function";
    std::string Name = C.displayName();
    std::string Message =
        Work.empty() ? "coroutine '" + Name + "' never suspends; " + Advice + " (a coroutine frame is allocated for nothing)"
                     : "coroutine '" + Name + "' never suspends but computes (" + Work +
                           "): all of it runs on the event loop; " + Advice;
    SourceLocation Loc = C.Lambda ? C.Lambda->getBeginLoc() : C.Function->getLocation();
    Ctx.report(SourceRange(Loc, Loc), Message, Name,
               {{"framework", Model ? Model->Name : ""}, {"computes", Work.empty() ? "no" : "yes"}});
  }
};

} // namespace

std::unique_ptr<Rule> createNeedlessCoroutine() { return std::make_unique<NeedlessCoroutine>(); }

} // namespace corolint
