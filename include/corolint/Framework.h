// Framework models (rules/catalog/frameworks/*.json): what corolint knows of the frameworks
// coroutine handlers are written with — where routes are registered, which awaits move a
// coroutine onto a worker pool, which coroutine signatures a framework demands, whether its
// plain handlers run on a pool, and (merged into the blocking catalog) its blocking APIs.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class QualType;
class CoawaitExpr;
class FunctionDecl;
} // namespace clang

namespace corolint {

class BlockingApiCatalog;

// A call that registers a route: its catalog name and which arguments hold what. Argument
// indices do not count the object of a member call.
struct RouteRegistration {
  std::string Call;   // "coroweb::App::get"
  std::string Method; // "GET", or "" when MethodArg names it
  int MethodArg = -1;
  int PathArg = 0;
  int HandlerArg = 1;
};

// An await that moves the coroutine onto a worker pool: `co_await pool.schedule()`, or
// `co_await asio::post(pool, asio::use_awaitable)` when the first argument is a pool.
struct PoolHop {
  std::string Call;
  std::vector<std::string> FirstArgTypes; // empty: any
};

struct FrameworkModel {
  std::string Name;
  // How coroutine return types are spelled (aliases or class templates): "coroweb::Task".
  std::vector<std::string> CoroutineTypes;
  // Those of CoroutineTypes that start running when called (drogon::AsyncTask): discarding one
  // loses nothing, unlike a lazy task.
  std::vector<std::string> EagerCoroutineTypes;
  // True when the framework runs plain (non-coroutine) handlers on a worker pool, so that a
  // handler with nothing to await is better written plain (coroweb, Drogon).
  bool PlainHandlersOnPool = false;
  std::string PlainHandlerAdvice; // how to write one: "return coroweb::Response instead of Task<Response>"
  std::string OffloadAdvice;      // how to move work off the loop: "co_await coroweb::offload(...)"
  std::string SpawnAdvice;        // how to run a task detached: "spawn it with asio::co_spawn"
  // Blocking-catalog family -> the suggestion to give instead of the catalog's, for coroutines
  // of this framework: "sleep" -> "use 'co_await coroweb::sleep(...)'".
  std::map<std::string, std::string> Suggestions;
  std::vector<RouteRegistration> Routes;
  std::vector<std::string> OffloadCalls; // callable arguments run on a pool
  std::vector<PoolHop> PoolHops;         // `co_await hop(...)`: the rest runs on a worker
  // `co_await hop(...)` after which the rest runs on an event loop, however the coroutine was
  // started (libcoro's `co_await scheduler->schedule()`, cppcoro's `io_service.schedule()`).
  std::vector<PoolHop> LoopHops;
  // Calls that run the coroutine called in their arguments off the event loop: on a pool
  // (tp.spawn_detached(task()), asio::co_spawn(pool, task(), ...)), or on the calling thread,
  // which waits for it (coro::sync_wait(task()) from main or a test).
  std::vector<PoolHop> OffLoopStarts;
  // Calls that run the task they are called on, or given, on an executor of its own, whose kind
  // is not known (async_simple's `lazy().via(&executor).start(...)`): the task runs there, so
  // its caller running off the loop says nothing of where it runs.
  std::vector<PoolHop> DetachedStarts;
  // Calls that run the tasks in their arguments where their own result is awaited, on that
  // thread (cppcoro::when_all): passed to an off-loop start, those tasks are started off the
  // loop too (sync_wait(when_all(a(), b()))).
  std::vector<std::string> Combinators;
  std::vector<std::string> EntryPoints;  // functions that must be coroutines, whatever they do
  // The framework's own plumbing that is safe to call from its loop although it reaches
  // blocking-looking calls (a loop wake-up writing to an eventfd, a scheduler's self-pipe): the
  // search through helpers stops at these functions.
  std::vector<std::string> NonBlocking;
  // Mutex types whose lock is taken with co_await and whose waiters suspend rather than block
  // (drogon::Mutex): a std::unique_lock over one is how the library hands its lock out.
  std::vector<std::string> CoroutineMutexes;
  // Functions that hand out descriptors the framework made non-blocking (libcoro's
  // coro::net::socket::native_handle): a call on one returns at once instead of waiting.
  std::vector<std::string> NonBlockingDescriptors;
  nlohmann::json BlockingFamilies = nlohmann::json::array(); // catalog "families" entries
};

// What a message advises for a blocking call of catalog family Family in a coroutine of Model
// (null: no known framework): the model's suggestion for the family, else its way of moving work
// off the loop, else the catalog's framework-neutral Fallback.
std::string adviceFor(const FrameworkModel *Model, const std::string &Family, const std::string &Fallback);
// How to move work off the loop in Model's framework ("run it on a worker thread" without one).
std::string offloadAdviceOf(const FrameworkModel *Model);

class Frameworks {
public:
  // Throws std::runtime_error "origin: what" naming the key at fault.
  static FrameworkModel parse(const nlohmann::json &Model, const std::string &Origin);
  // The models built into corolint.
  static const Frameworks &builtin();
  // The model called Name, or null.
  const FrameworkModel *byName(const std::string &Name) const;

  void add(FrameworkModel Model) { Models.push_back(std::move(Model)); }
  const std::vector<FrameworkModel> &models() const { return Models; }

  // The registration a call makes, or null.
  const RouteRegistration *routeRegistration(const clang::CallExpr &Call) const;
  // True when awaiting this expression moves the coroutine onto a worker pool.
  bool isPoolHop(const clang::CoawaitExpr &Await) const;
  // True when awaiting this expression moves the coroutine onto an event loop.
  bool isLoopHop(const clang::CoawaitExpr &Await) const;
  // True when this call runs the tasks given in its arguments off the event loop.
  bool isOffLoopStart(const clang::CallExpr &Call) const;
  // True when this call runs a task on an executor of its own (see DetachedStarts).
  bool isDetachedStart(const clang::CallExpr &Call) const;
  // True when this call runs the tasks given in its arguments where its result is awaited.
  bool isCombinator(const clang::CallExpr &Call) const;
  // The model whose coroutine type F returns (as written), or null.
  const FrameworkModel *modelOfCoroutine(const clang::FunctionDecl &F) const;
  // The model whose coroutine type T is (as written: aliases count), or null. MatchedType, when
  // given, receives the model's name for the type ("drogon::AsyncTask").
  const FrameworkModel *modelOfType(clang::QualType T, const clang::ASTContext &Ast,
                                    std::string *MatchedType = nullptr) const;
  // True when T is a coroutine type that runs only when awaited (most are; drogon::AsyncTask
  // is not).
  bool isLazyTask(clang::QualType T, const clang::ASTContext &Ast) const;
  // True when a model names F as plumbing that does not block its loop (see NonBlocking).
  bool isNonBlocking(const clang::FunctionDecl &F) const;
  // True when Call's first argument is a descriptor a model says is non-blocking.
  bool onNonBlockingDescriptor(const clang::CallExpr &Call) const;
  // True when a model names this type (catalog name) as a coroutine mutex.
  bool isCoroutineMutex(const std::string &TypeName) const;
  bool isEntryPoint(const clang::FunctionDecl &F) const;

private:
  std::vector<FrameworkModel> Models;
};

} // namespace corolint
