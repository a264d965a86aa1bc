// Coroutines as rules see them, and the code that runs inside them.
#pragma once

#include "llvm/ADT/STLFunctionalExtras.h"
#include <string>

namespace clang {
class ASTContext;
class CoroutineBodyStmt;
class FunctionDecl;
class LambdaExpr;
class Stmt;
} // namespace clang

namespace corolint {

class Frameworks;

struct Coroutine {
  const clang::FunctionDecl *Function = nullptr; // for a lambda, its call operator
  const clang::LambdaExpr *Lambda = nullptr;     // set when the coroutine is a lambda
  const clang::CoroutineBodyStmt *Body = nullptr;
  const Frameworks *Models = nullptr; // the framework models of this run

  // How messages name it: "get_user", "Repo::load", "lambda in 'main'".
  std::string displayName() const;
};

// Whether S is a loop that may repeat: `do { ... } while (0)`, the body of statement-like
// macros such as test frameworks' assertions, runs once and is not one.
bool isRepeatingLoop(const clang::Stmt &S, const clang::ASTContext &Ast);

// The coroutine body of F, or null when F is not a coroutine (or is a dependent template
// pattern, whose instantiations are analysed instead).
const clang::CoroutineBodyStmt *coroutineBody(const clang::FunctionDecl &F);

// Calls Visit for every statement and expression that runs as part of C's own execution: its
// body, plus the bodies of lambdas that C invokes directly (`[&]{...}()`, or a local lambda
// that is called). Lambdas that are only created, stored or handed to something else (a thread,
// a pool, asio::post, coroweb::offload) are not entered: their code does not run in C. Local
// classes and nested coroutine lambdas are not entered either; they are coroutines of their own.
// After an await that moves the coroutine onto a worker pool (a framework model's pool hop, such
// as `co_await asio::post(pool, asio::use_awaitable)`), the rest of the code does not run on
// the loop and is not visited, up to an await that moves it back onto a loop (a model's loop
// hop, such as libcoro's `co_await sched->schedule()`).
void forEachStmtRunningIn(const Coroutine &C, llvm::function_ref<void(const clang::Stmt &)> Visit);

// The same for any function F whose body is Body (for a coroutine, the body inside its
// CoroutineBodyStmt).
// When VisitOnPool is given, the statements after a pool hop go to it instead of being skipped.
void forEachStmtRunningIn(const clang::FunctionDecl &F, const clang::Stmt &Body,
                          llvm::function_ref<void(const clang::Stmt &)> Visit,
                          const Frameworks *Models = nullptr,
                          llvm::function_ref<void(const clang::Stmt &)> VisitOnPool = nullptr);

} // namespace corolint
