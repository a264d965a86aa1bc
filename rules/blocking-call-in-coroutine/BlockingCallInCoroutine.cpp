// blocking-call-in-coroutine: a call to a catalogued blocking API made by a coroutine itself.
#include "corolint/Catalog.h"
#include "corolint/Coroutine.h"
#include "corolint/Names.h"
#include "corolint/Rule.h"

#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace corolint {
namespace {

class BlockingCallInCoroutine : public Rule {
public:
  void checkCoroutine(const Coroutine &C, RuleContext &Ctx) override {
    forEachStmtRunningIn(C, [&](const Stmt &S) {
      if (const auto *Call = dyn_cast<CallExpr>(&S)) {
        if (const BlockingApi *Api = Ctx.catalog().match(*Call))
          report(C, *Call, *Api, "blocking call to '" + calleeName(*Call, *Api, Ctx) + "'", Ctx);
      } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(&S)) {
        if (const BlockingApi *Api = Ctx.catalog().match(*Construct))
          report(C, *Construct, *Api,
                 "blocking construction of '" + Construct->getType().getAsString() + "'", Ctx);
      }
    });
  }

private:
  // The name users recognise: as declared (boost::asio::... rather than the catalog's alias),
  // except for members inherited from an implementation base (std::__basic_future::wait).
  static std::string calleeName(const CallExpr &Call, const BlockingApi &Api, RuleContext &Ctx) {
    std::string Declared = catalogName(*Call.getDirectCallee());
    return Api.Wildcard || Ctx.catalog().canonical(Declared) == Api.Name ? Declared : Api.Name;
  }

  static void report(const Coroutine &C, const Expr &E, const BlockingApi &Api, std::string What,
                     RuleContext &Ctx) {
    std::string Name = C.displayName();
    Ctx.report(E.getSourceRange(), What + " in coroutine '" + Name + "'; " + Api.Suggestion, Name,
               {{"api", Api.Name}, {"family", Api.Family}});
  }
};

} // namespace

std::unique_ptr<Rule> createBlockingCallInCoroutine() {
  return std::make_unique<BlockingCallInCoroutine>();
}

} // namespace corolint
