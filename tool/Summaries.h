// Building a translation unit's function summaries (see corolint/Summary.h).
#pragma once

#include "corolint/Summary.h"

#include "llvm/ADT/SmallPtrSet.h"

#include <string>
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class Decl;
class FunctionDecl;
class Stmt;
} // namespace clang

namespace corolint {

class BlockingApiCatalog;
class Frameworks;

class SummaryBuilder {
public:
  // FollowHeaders: path fragments ("boost/beast/") of system headers whose functions are
  // summarised like the project's own (header-only libraries opted in).
  SummaryBuilder(clang::ASTContext &Ast, const BlockingApiCatalog &Catalog, const Frameworks *Models,
                 const std::vector<std::string> &FollowHeaders, TranslationUnitSummary &Out);

  // True for declarations of the project's own files and of followed headers.
  bool inScope(const clang::Decl &D) const;
  bool inProject(const clang::Decl &D) const;

  // Summarises F, whose body (inside its CoroutineBodyStmt, for a coroutine) is Body.
  void summarize(const clang::FunctionDecl &F, const clang::Stmt &Body, bool IsCoroutine);

private:
  clang::ASTContext &Ast;
  void recordRoute(const clang::CallExpr &Call);
  // Adds to Started the calls that made the tasks Start (an off-loop or detached start) hands
  // over: in its arguments or its object, made in place or into a local earlier, and those
  // given to a combinator among them. The coroutines they start run where Start runs them.
  void markStarted(const clang::CallExpr &Start, llvm::SmallPtrSetImpl<const clang::Stmt *> &Started,
                          int Depth = 0) const;

  const BlockingApiCatalog &Catalog;
  const Frameworks *Models;
  const std::vector<std::string> &FollowHeaders;
  TranslationUnitSummary &Out;
};

std::string usrOf(const clang::Decl &D);

} // namespace corolint
