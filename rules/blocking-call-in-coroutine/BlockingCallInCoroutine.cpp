// blocking-call-in-coroutine: a call to a catalogued blocking API made by a coroutine itself, or
// a call from a coroutine to a function that reaches one through any chain of helpers.
#include "corolint/Catalog.h"
#include "corolint/Coroutine.h"
#include "corolint/Framework.h"
#include "corolint/Names.h"
#include "corolint/Rule.h"
#include "corolint/Summary.h"
#include "SleepFix.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace corolint {
namespace {

class BlockingCallInCoroutine : public Rule {
public:
  bool onlyOnTheLoop() const override { return true; }

  void checkCoroutine(const Coroutine &C, RuleContext &Ctx) override {
    forEachStmtRunningIn(C, [&](const Stmt &S) {
      if (const auto *Call = dyn_cast<CallExpr>(&S)) {
        if (const BlockingApi *Api = Ctx.catalog().match(*Call, C.Function);
            Api && !Ctx.models().onNonBlockingDescriptor(*Call))
          report(C, *Call, *Api, "blocking call to '" + Ctx.catalog().displayName(*Call, *Api) + "'", Ctx);
      } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(&S)) {
        if (const BlockingApi *Api = Ctx.catalog().match(*Construct))
          report(C, *Construct, *Api,
                 "blocking construction of '" + Ctx.catalog().displayName(*Construct, *Api) + "'", Ctx);
      } else if (const auto *Decl = dyn_cast<DeclStmt>(&S)) {
        for (const clang::Decl *D : Decl->decls())
          if (const auto *Var = dyn_cast<VarDecl>(D))
            if (const BlockingApi *Api = Ctx.catalog().match(*Var, *C.Body))
              reportDeclaration(C, *Var, *Api, Ctx);
      }
    });
  }

  // Calls from a coroutine into the project's functions, followed through the linked program:
  // reported at the call in the coroutine, the shortest chain down to the blocking API in notes.
  void checkProgram(const Program &P, ProgramContext &Ctx) override {
    for (const FunctionSummary *F : P.functions()) {
      if (!F->IsCoroutine)
        continue;
      bool PoolOnly = P.runsOnPool(F->Usr);
      for (const CallSite &Call : F->Calls) {
        if (PoolOnly && !F->afterLoopHop(Call.Where))
          continue; // off the loop, until a hop onto one
        std::optional<Program::Chain> Best;
        const FunctionSummary *Via = nullptr;
        for (const FunctionSummary *Target : P.targets(Call)) {
          if (Target->IsCoroutine)
            continue; // awaiting a coroutine: its own blocking is reported in it
          std::optional<Program::Chain> Chain = P.blockingChain(*Target);
          if (Chain && (!Best || Chain->Calls.size() < Best->Calls.size())) {
            Best = std::move(Chain);
            Via = Target;
          }
        }
        if (Best)
          reportChain(*F, Call, *Via, *Best, Ctx);
      }
    }
  }

private:
  static void reportChain(const FunctionSummary &Coroutine, const CallSite &Call,
                          const FunctionSummary &Via, const Program::Chain &Chain, ProgramContext &Ctx) {
    const BlockingCallSite &Blocking = *Chain.Blocking;
    size_t Depth = Chain.Calls.size() + 2; // the call here, the helpers' calls, the API call
    std::vector<Note> Notes;
    Notes.push_back({"coroutine '" + Coroutine.Name + "' calls '" + Via.Name + "'", Call.Where});
    const FunctionSummary *Caller = &Via;
    for (size_t I = 0; I < Chain.Calls.size(); ++I) {
      Notes.push_back({"'" + Caller->Name + "' calls '" + Chain.Functions[I]->Name + "'", Chain.Calls[I]->Where});
      Caller = Chain.Functions[I];
    }
    Notes.push_back({"'" + Caller->Name + "' calls '" + Blocking.Api + "', which blocks (" + Blocking.Family + ")",
                     Blocking.Where});
    // The advice is the coroutine's own framework's: how it moves a call off its loop.
    const FrameworkModel *Model = Ctx.models().byName(Coroutine.Framework);
    Ctx.report(Call.Where,
               "'" + Via.Name + "' blocks: it calls '" + Blocking.Api + "' (" + std::to_string(Depth) +
                   " calls down) in coroutine '" + Coroutine.Name + "'; " + offloadAdviceOf(Model) + ", or make '" +
                   Via.Name + "' asynchronous",
               Coroutine.Name, Coroutine.Usr,
               {{"api", Blocking.Api}, {"family", Blocking.Family}, {"via", Via.Name}, {"depth", std::to_string(Depth)},
                {"framework", Coroutine.Framework}},
               std::move(Notes));
  }

  // A local whose destructor blocks at the end of its scope (std::jthread joins its thread).
  static void reportDeclaration(const Coroutine &C, const VarDecl &Var, const BlockingApi &Api, RuleContext &Ctx) {
    std::string Name = C.displayName();
    const FrameworkModel *Model = Ctx.models().modelOfCoroutine(*C.Function);
    std::string Advice = Api.OwnSuggestion ? Api.Suggestion : adviceFor(Model, Api.Family, Api.Suggestion);
    Ctx.report(Var.getSourceRange(),
               "'" + Var.getNameAsString() + "' (" + Api.Name + ") blocks when it goes out of scope in coroutine '" +
                   Name + "': its destructor waits; " + Advice,
               Name, {{"api", Api.Name}, {"family", Api.Family}, {"framework", Model ? Model->Name : ""}});
  }

  static void report(const Coroutine &C, const Expr &E, const BlockingApi &Api, std::string What,
                     RuleContext &Ctx) {
    std::string Name = C.displayName();
    // An API's own advice (an Asio operation's async_ form) is the most precise; otherwise the
    // coroutine's framework says what to do instead, and only without one the catalog does.
    const FrameworkModel *Model = Ctx.models().modelOfCoroutine(*C.Function);
    std::string Advice = Api.OwnSuggestion ? Api.Suggestion : adviceFor(Model, Api.Family, Api.Suggestion);
    Ctx.report(E.getSourceRange(), What + " in coroutine '" + Name + "'; " + Advice, Name,
               {{"api", Api.Name}, {"family", Api.Family}, {"framework", Model ? Model->Name : ""}}, {},
               isa<CallExpr>(E) ? sleepFix(C, cast<CallExpr>(E), Ctx.ast()) : std::nullopt);
  }
};

} // namespace

std::unique_ptr<Rule> createBlockingCallInCoroutine() {
  return std::make_unique<BlockingCallInCoroutine>();
}

} // namespace corolint
