// The link step's call graph (corolint::Program) on hand-made summaries: merging, resolution of
// a name defined in several programs, shortest chains, virtual calls, and pool-only coroutines.
#include "corolint/Summary.h"

#include <gtest/gtest.h>

#include <deque>

using namespace corolint;

namespace {

// Summaries written by hand. References to what it made stay valid while it grows.
struct Builder {
  std::deque<TranslationUnitSummary> Units;

  TranslationUnitSummary &unit(const std::string &File) {
    TranslationUnitSummary &Unit = Units.emplace_back();
    Unit.File = File;
    Unit.Functions.reserve(32);
    return Unit;
  }
  static FunctionSummary &function(TranslationUnitSummary &Unit, const std::string &Name, bool Coroutine = false,
                                   const std::string &File = "") {
    FunctionSummary &F = Unit.Functions.emplace_back();
    F.Usr = "c:@F@" + Name + "#";
    F.Name = Name;
    F.IsCoroutine = Coroutine;
    F.Where = {File.empty() ? Unit.File : File, unsigned(Unit.Functions.size()), 1, 1, 1};
    return F;
  }
  static void calls(FunctionSummary &F, const std::string &Callee, bool OnPool = false, bool Virtual = false) {
    F.Calls.push_back({"c:@F@" + Callee + "#", Callee, Virtual, F.Where, OnPool});
  }
  static void blocks(FunctionSummary &F) { F.Blocking.push_back({"sleep", "sleep", F.Where}); }

  Program link(Program::Options Opts = {}) const {
    std::vector<const TranslationUnitSummary *> Pointers;
    for (const TranslationUnitSummary &Unit : Units)
      Pointers.push_back(&Unit);
    return Program(Pointers, Opts);
  }
};

std::vector<std::string> chainOf(const Program &P, const std::string &Name) {
  const FunctionSummary *F = P.find("c:@F@" + Name + "#");
  if (!F)
    return {"(no " + Name + ")"};
  std::vector<std::string> Names;
  if (auto Chain = P.blockingChain(*F)) {
    for (const FunctionSummary *Step : Chain->Functions)
      Names.push_back(Step->Name);
    Names.push_back(Chain->Blocking->Api);
  }
  return Names;
}

using Names = std::vector<std::string>;

TEST(Program, TheShortestChainAcrossUnitsAndNeverThroughACoroutine) {
  Builder B;
  TranslationUnitSummary &A = B.unit("/p/a.cpp"), &C = B.unit("/p/c.cpp");
  FunctionSummary &Long = Builder::function(A, "long");
  Builder::calls(Long, "middle");
  Builder::calls(Long, "direct");
  Builder::calls(Builder::function(A, "middle"), "direct");
  Builder::blocks(Builder::function(C, "direct"));
  Builder::calls(Builder::function(C, "viaCoroutine"), "task");
  Builder::blocks(Builder::function(C, "task", /*Coroutine=*/true));
  FunctionSummary &Loop = Builder::function(C, "loop");
  Builder::calls(Loop, "loop"); // recursion does not loop the search
  Builder::calls(Loop, "middle");
  Program P = B.link();
  EXPECT_EQ(P.functions().size(), 6u);
  EXPECT_EQ(chainOf(P, "long"), (Names{"direct", "sleep"})); // not through middle
  EXPECT_EQ(chainOf(P, "loop"), (Names{"middle", "direct", "sleep"}));
  EXPECT_EQ(chainOf(P, "direct"), (Names{"sleep"}));
  EXPECT_EQ(chainOf(P, "viaCoroutine"), Names{}); // the coroutine reports its own blocking
  EXPECT_EQ(P.find("c:@F@missing#"), nullptr);
}

TEST(Program, AHeaderFunctionSummarisedByEveryIncluderIsOneFunction) {
  Builder B;
  for (const char *File : {"/p/a.cpp", "/p/b.cpp", "/p/c.cpp"})
    Builder::blocks(Builder::function(B.unit(File), "inHeader", false, "/p/h.hpp"));
  Program P = B.link();
  ASSERT_EQ(P.functions().size(), 1u);
  EXPECT_EQ(P.functions()[0]->Where.File, "/p/h.hpp");
  EXPECT_EQ(P.functions()[0], &B.Units[0].Functions[0]); // the first unit's summary stands for all
}

TEST(Program, ANameDefinedByTwoProgramsResolvesToTheCallersOwn) {
  // Two examples in one database, each with its own handle() in its own directory.
  Builder B;
  TranslationUnitSummary &One = B.unit("/p/one/main.cpp"), &Two = B.unit("/p/two/main.cpp");
  Builder::blocks(Builder::function(One, "handle"));
  Builder::calls(Builder::function(One, "serveOne", true), "handle");
  Builder::function(Two, "handle"); // does not block
  Builder::calls(Builder::function(Two, "serveTwo", true), "handle");
  TranslationUnitSummary &Util = B.unit("/p/one/util.cpp");
  Builder::calls(Builder::function(Util, "helper"), "handle"); // same directory as one's
  Program P = B.link();
  EXPECT_EQ(P.functions().size(), 5u);
  EXPECT_EQ(P.find("c:@F@handle#"), nullptr);
  ASSERT_NE(P.find("c:@F@handle#@/p/one/main.cpp"), nullptr);
  EXPECT_EQ(chainOf(P, "serveOne"), (Names{"handle", "sleep"}));
  EXPECT_EQ(chainOf(P, "serveTwo"), Names{});
  EXPECT_EQ(chainOf(P, "helper"), (Names{"handle", "sleep"}));
  const FunctionSummary *ServeTwo = P.find("c:@F@serveTwo#");
  ASSERT_EQ(P.targets(ServeTwo->Calls[0]).size(), 1u);
  EXPECT_EQ(P.targets(ServeTwo->Calls[0])[0]->Where.File, "/p/two/main.cpp");
  EXPECT_EQ(B.Units[1].Functions[1].Calls[0].Callee, "c:@F@handle#"); // the units are not changed
}

TEST(Program, VirtualCallsReachOverridesOfOverridesOnlyWhenFollowed) {
  Builder B;
  TranslationUnitSummary &A = B.unit("/p/a.cpp");
  Builder::calls(Builder::function(A, "caller"), "Base", false, /*Virtual=*/true);
  Builder::function(A, "Base");
  Builder::function(A, "Derived").Overrides = {"c:@F@Base#"};
  FunctionSummary &Leaf = Builder::function(A, "Leaf");
  Leaf.Overrides = {"c:@F@Derived#"};
  Builder::blocks(Leaf);
  Program Plain = B.link();
  EXPECT_EQ(Plain.targets(B.Units[0].Functions[0].Calls[0]).size(), 1u);
  EXPECT_EQ(chainOf(Plain, "caller"), Names{});
  Program Followed = B.link({/*FollowVirtualCalls=*/true, {}});
  EXPECT_EQ(Followed.targets(B.Units[0].Functions[0].Calls[0]).size(), 3u);
  EXPECT_EQ(chainOf(Followed, "caller"), (Names{"Leaf", "sleep"}));
}

TEST(Program, AllowedFunctionsAreNotFollowed) {
  Builder B;
  TranslationUnitSummary &A = B.unit("/p/a.cpp");
  Builder::calls(Builder::function(A, "caller"), "cacheGet");
  Builder::calls(Builder::function(A, "cacheGet"), "lockedRead");
  Builder::blocks(Builder::function(A, "lockedRead"));
  EXPECT_EQ(chainOf(B.link(), "caller"), (Names{"cacheGet", "lockedRead", "sleep"}));
  EXPECT_EQ(chainOf(B.link({false, {"cacheGet"}}), "caller"), Names{});
}

TEST(Program, CoroutinesStartedOnlyOnAPoolOrFromPoolOnlyCoroutinesRunOnlyThere) {
  Builder B;
  TranslationUnitSummary &A = B.unit("/p/a.cpp");
  FunctionSummary &Route = Builder::function(A, "route", true);
  Builder::calls(Route, "worker", /*OnPool=*/true);
  Builder::calls(Route, "mixed", /*OnPool=*/true);
  Builder::calls(Route, "selfish", /*OnPool=*/true);
  Builder::calls(Route, "plainStart");
  FunctionSummary &Worker = Builder::function(A, "worker", true);
  Builder::calls(Worker, "nested");    // started from a pool-only coroutine
  Builder::calls(Worker, "deeper");
  Builder::calls(Builder::function(A, "nested", true), "deeper");
  Builder::function(A, "deeper", true);
  Builder::function(A, "mixed", true);
  Builder::calls(Builder::function(A, "plainStart"), "mixed"); // a plain function starts it on the loop
  Builder::calls(Builder::function(A, "selfish", true), "selfish"); // restarts itself, not on a pool
  Program P = B.link();
  auto OnPool = [&](const char *Name) { return P.runsOnPool(std::string("c:@F@") + Name + "#"); };
  EXPECT_TRUE(OnPool("worker"));
  EXPECT_TRUE(OnPool("nested"));
  EXPECT_TRUE(OnPool("deeper")); // both its starts are in pool-only coroutines
  EXPECT_FALSE(OnPool("route"));  // nobody starts it: it runs on the loop
  EXPECT_FALSE(OnPool("mixed"));
  EXPECT_FALSE(OnPool("selfish"));
  EXPECT_FALSE(OnPool("missing"));
}

TEST(Program, ADetachedStartRunsWhereItsExecutorRunsNotWhereItsCallerDoes) {
  Builder B;
  TranslationUnitSummary &A = B.unit("/p/a.cpp");
  Builder::calls(Builder::function(A, "main"), "acceptLoop", /*OnPool=*/true); // syncAwait(acceptLoop())
  FunctionSummary &Accept = Builder::function(A, "acceptLoop", true);
  Builder::calls(Accept, "serveOne"); // serveOne().via(&executor).detach()
  Accept.Calls.back().Detached = true;
  Builder::calls(Accept, "helperTask"); // co_await helperTask(): where acceptLoop runs
  Builder::function(A, "serveOne", true);
  Builder::function(A, "helperTask", true);
  Program P = B.link();
  auto OnPool = [&](const char *Name) { return P.runsOnPool(std::string("c:@F@") + Name + "#"); };
  EXPECT_TRUE(OnPool("acceptLoop"));
  EXPECT_TRUE(OnPool("helperTask"));
  EXPECT_FALSE(OnPool("serveOne"));
}

TEST(Program, ALoopHopPutsWhatFollowsItBackOnTheLoop) {
  Builder B;
  TranslationUnitSummary &A = B.unit("/p/a.cpp");
  Builder::calls(Builder::function(A, "test"), "serve", /*OnPool=*/true); // sync_wait(serve()) from a test
  FunctionSummary &Serve = Builder::function(A, "serve", true);
  Serve.LoopHop = SourceSpan{"/p/a.cpp", 20, 3, 20, 30}; // co_await scheduler->schedule()
  Builder::calls(Serve, "before");
  Serve.Calls.back().Where = {"/p/a.cpp", 10, 3, 10, 12};
  Builder::calls(Serve, "after");
  Serve.Calls.back().Where = {"/p/a.cpp", 30, 3, 30, 12};
  Builder::function(A, "before", true);
  Builder::function(A, "after", true);
  Program P = B.link();
  auto Usr = [](const char *Name) { return std::string("c:@F@") + Name + "#"; };
  EXPECT_TRUE(P.runsOnPool(Usr("serve")));
  EXPECT_TRUE(P.runsOnPool(Usr("before")));
  EXPECT_FALSE(P.runsOnPool(Usr("after"))) << "started on the loop, after the hop";
  EXPECT_TRUE(P.runsOnPoolAt(Usr("serve"), {"/p/a.cpp", 15, 3, 15, 9}));
  EXPECT_TRUE(P.runsOnPoolAt(Usr("serve"), {"/p/a.cpp", 20, 3, 20, 9})) << "the hop itself";
  EXPECT_FALSE(P.runsOnPoolAt(Usr("serve"), {"/p/a.cpp", 20, 31, 20, 40}));
  EXPECT_FALSE(P.runsOnPoolAt(Usr("serve"), {"/p/a.cpp", 25, 1, 25, 9}));
  EXPECT_TRUE(P.runsOnPoolAt(Usr("before"), {"/p/a.cpp", 25, 1, 25, 9})) << "a hop of serve's, not of before's";
  EXPECT_FALSE(P.runsOnPoolAt(Usr("after"), {"/p/a.cpp", 5, 1, 5, 9}));
}

} // namespace
