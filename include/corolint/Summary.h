// What one translation unit knows about its functions, and the whole program's call graph made
// by linking those summaries: the basis of findings that cross function and file boundaries.
#pragma once

#include "corolint/Finding.h"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace corolint {

struct BlockingCallSite {
  std::string Api;    // catalog name, e.g. "sqlite3_exec"
  std::string Family; // catalog family, e.g. "database"
  SourceSpan Where;
};

struct CallSite {
  std::string Callee; // the callee's USR, stable across translation units
  std::string CalleeName;
  bool Virtual = false; // dispatched through a vtable: overrides may run instead
  SourceSpan Where;
  // The callee, a coroutine, is started on a worker pool here: awaited after the caller hopped
  // onto a pool (co_await tp.schedule()), or spawned onto one (tp.spawn_detached(task())).
  bool OnPool = false;
  // The callee, a coroutine, is started here on an executor of its own (a model's
  // detached_starts): where the caller runs says nothing of where it runs.
  bool Detached = false;
};

// One function with a body in the project's own code. Lambdas a function calls inline are part
// of its summary; lambdas it hands to something else are not (they do not run in it).
struct FunctionSummary {
  std::string Usr;
  std::string Name; // as messages name it: "shop::Repository::load"
  bool IsCoroutine = false;
  std::string Framework; // for a coroutine, the framework model of its type ("asio"), if known
  SourceSpan Where;
  std::vector<BlockingCallSite> Blocking; // direct calls to catalogued blocking APIs
  std::vector<CallSite> Calls;            // calls to other functions of the project
  std::vector<std::string> Overrides;     // USRs of the virtual methods this one overrides
  // For a coroutine, its first await that moves it onto an event loop (a model's loop_hops:
  // `co_await scheduler->schedule()`): what follows it runs on a loop, however it was started.
  std::optional<SourceSpan> LoopHop;

  // True when Where, in this function, comes after LoopHop.
  bool afterLoopHop(const SourceSpan &Where) const {
    return LoopHop && Where.File == LoopHop->File &&
           std::tie(Where.Line, Where.Column) > std::tie(LoopHop->Line, LoopHop->Column);
  }
};

// A route registration found in the code: the handler it names and where it was registered.
struct Route {
  std::string HandlerUsr;
  std::string Method; // "GET"
  std::string Path;   // "/users/{id}"
  SourceSpan Where;   // the registration call

  std::string display() const { return Method + " " + Path; }
};

struct TranslationUnitSummary {
  std::string File;
  std::vector<FunctionSummary> Functions;
  std::vector<Route> Routes;
  std::vector<Finding> Findings; // what the rules found in this unit alone
  std::optional<std::string> Error;
  // Every file the parse read (the main file and each header), absolute: outputs never land on
  // one, and --fix edits only these.
  std::vector<std::string> FilesRead;
};

// The linked program: every function summary, merged by USR, as a graph of indices (a million
// functions link in seconds). The units it was made from must outlive it: it points into them.
class Program {
public:
  struct Options {
    bool FollowVirtualCalls = false; // a virtual call may reach every override in the program
    std::vector<std::string> Allowed; // functions (by display name) known not to block
  };

  Program(const std::vector<const TranslationUnitSummary *> &Units, Options Opts);

  // Every function once: a function a header defines, summarised by each unit including it, is
  // here in the first unit's summary.
  const std::vector<const FunctionSummary *> &functions() const { return Nodes; }
  const FunctionSummary *find(std::string_view Usr) const;

  // The callees a call site may reach: its callee, plus overrides if virtual calls are followed.
  std::vector<const FunctionSummary *> targets(const CallSite &Call) const;

  // True when coroutine F only ever runs on a worker pool: every start of it that the program
  // shows is on a pool (see CallSite::OnPool), or in a coroutine that itself runs only there
  // (before its loop hop, if it has one). A coroutine nobody in the program starts (a route
  // handler, an entry point) runs on the loop.
  bool runsOnPool(std::string_view Usr) const;
  // True when code of F at Where runs only on a pool: F runs only there, and Where does not
  // follow a hop of F's onto a loop.
  bool runsOnPoolAt(std::string_view Usr, const SourceSpan &Where) const;

  // The shortest chain from F down to a blocking API: the call sites to follow, one per level,
  // ending in F's (or a callee's) direct blocking call. Empty when F cannot block. Coroutine
  // callees are not entered: a coroutine's own blocking is reported in that coroutine.
  struct Chain {
    std::vector<const CallSite *> Calls; // F -> ... -> the function that blocks
    std::vector<const FunctionSummary *> Functions; // the functions those calls reach
    const BlockingCallSite *Blocking = nullptr;
  };
  std::optional<Chain> blockingChain(const FunctionSummary &F) const;

private:
  using Index = uint32_t;
  static constexpr Index None = ~Index(0);

  void merge(const std::vector<const TranslationUnitSummary *> &Units);
  Index indexOf(std::string_view Usr) const;
  // Appends to Out the functions call K of function I may reach (see targets()).
  void overridersOf(std::string_view Callee, std::vector<Index> &Out) const;
  void targetsOf(Index I, size_t K, std::vector<Index> &Out) const;
  void computeDistances();
  void computePoolOnly();

  Options Opts;
  std::vector<const FunctionSummary *> Nodes; // the functions, by index
  // Copies of the few summaries the link rewrites: a USR defined differently in several files
  // becomes one function per file ("USR@file"), and calls to it resolve to the closest one.
  std::deque<FunctionSummary> Rewritten;
  std::unordered_map<std::string_view, Index> IndexByUsr;
  std::vector<size_t> FirstCall;  // node I's calls are CallTarget[FirstCall[I] .. FirstCall[I + 1])
  std::vector<Index> CallTarget;  // each call's direct callee, or None outside the program
  std::unordered_map<std::string_view, std::vector<Index>> OverridersOf; // base USR -> overriders
  std::vector<unsigned> Distance; // calls down to a blocking API; 0: never blocks
  std::vector<char> PoolOnly;     // coroutines that run only on a worker pool
};

} // namespace corolint
