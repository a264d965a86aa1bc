// The link step: summaries of every translation unit merged into one call graph, and the
// shortest way down from each function to a blocking API.
#include "corolint/Summary.h"

#include <algorithm>
#include <deque>
#include <set>

namespace corolint {

namespace {

std::string directoryOf(const std::string &File) { return File.substr(0, File.rfind('/') + 1); }

// Of several definitions (key, file), the one a call written in CallerFile reaches: in the same
// file, else in the same directory, else the one whose directory shares the longest prefix.
std::string closestDefinition(const std::vector<std::pair<std::string, std::string>> &Candidates,
                              const std::string &CallerFile) {
  const std::pair<std::string, std::string> *Best = nullptr;
  size_t BestShared = 0;
  for (const auto &Candidate : Candidates) {
    if (Candidate.second == CallerFile)
      return Candidate.first;
    std::string A = directoryOf(Candidate.second), B = directoryOf(CallerFile);
    size_t Shared = 0;
    while (Shared < A.size() && Shared < B.size() && A[Shared] == B[Shared])
      ++Shared;
    if (!Best || Shared > BestShared) {
      Best = &Candidate;
      BestShared = Shared;
    }
  }
  return Best->first;
}

} // namespace

Program::Program(const std::vector<const TranslationUnitSummary *> &Units, Options Opts) : Opts(Opts) {
  // A function defined in a header is summarised by every unit that includes it, identically;
  // the first summary stands for all. A database may also hold several programs that each
  // define a function of the same name in their own file (two examples' handle_request): those
  // definitions stay apart, and each call resolves to the one of its own program.
  std::map<std::string, std::vector<std::pair<const FunctionSummary *, std::string>>> Definitions;
  for (const TranslationUnitSummary *Unit : Units)
    for (const FunctionSummary &F : Unit->Functions)
      Definitions[F.Usr].emplace_back(&F, Unit->File);
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> Ambiguous; // USR -> (key, file)
  for (const auto &[Usr, Defs] : Definitions) {
    std::set<std::string> Files;
    for (const auto &Def : Defs)
      Files.insert(Def.first->Where.File);
    for (const auto &[Def, Unit] : Defs) {
      std::string Key = Files.size() > 1 ? Usr + "@" + Def->Where.File : Usr;
      if (Functions.emplace(Key, *Def).second && Files.size() > 1)
        Ambiguous[Usr].emplace_back(Key, Def->Where.File);
    }
  }
  for (auto &[Key, F] : Functions) {
    F.Usr = Key;
    for (CallSite &Call : F.Calls)
      if (auto It = Ambiguous.find(Call.Callee); It != Ambiguous.end())
        Call.Callee = closestDefinition(It->second, F.Where.File);
  }
  for (const auto &[Usr, F] : Functions)
    for (const std::string &Base : F.Overrides)
      OverridersOf[Base].push_back(Usr);
  computeDistances();
  computePoolOnly();
}

void Program::computePoolOnly() {
  // Every start of each coroutine: from which function, and whether on a pool.
  std::map<std::string, std::vector<std::pair<std::string, bool>>> Starts;
  for (const auto &[Usr, F] : Functions)
    for (const CallSite &Call : F.Calls)
      if (const FunctionSummary *Target = find(Call.Callee); Target && Target->IsCoroutine)
        Starts[Target->Usr].emplace_back(Usr, Call.OnPool);
  // Grow the set to a fixed point: a coroutine all of whose starts are on a pool, or in
  // coroutines already known to run only there, runs only there.
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &[Usr, From] : Starts) {
      if (PoolOnly.count(Usr))
        continue;
      bool AllOnPool = std::all_of(From.begin(), From.end(), [&](const auto &Start) {
        return Start.second || (Start.first != Usr && PoolOnly.count(Start.first));
      });
      if (AllOnPool) {
        PoolOnly.insert(Usr);
        Changed = true;
      }
    }
  }
}

const FunctionSummary *Program::find(const std::string &Usr) const {
  auto It = Functions.find(Usr);
  return It == Functions.end() ? nullptr : &It->second;
}

std::vector<const FunctionSummary *> Program::targets(const CallSite &Call) const {
  std::vector<const FunctionSummary *> Out;
  if (const FunctionSummary *F = find(Call.Callee))
    Out.push_back(F);
  if (!Call.Virtual || !Opts.FollowVirtualCalls)
    return Out;
  std::deque<std::string> Pending{Call.Callee};
  std::set<std::string> Seen{Call.Callee};
  while (!Pending.empty()) {
    auto It = OverridersOf.find(Pending.front());
    Pending.pop_front();
    if (It == OverridersOf.end())
      continue;
    for (const std::string &Overrider : It->second)
      if (Seen.insert(Overrider).second) {
        Pending.push_back(Overrider);
        if (const FunctionSummary *F = find(Overrider))
          Out.push_back(F);
      }
  }
  return Out;
}

void Program::computeDistances() {
  // Breadth-first from every function that blocks by itself, backwards along calls: each
  // function is reached first by its shortest chain, and recursion cannot loop.
  auto IsAllowed = [&](const FunctionSummary &F) {
    return std::find(Opts.Allowed.begin(), Opts.Allowed.end(), F.Name) != Opts.Allowed.end();
  };
  std::map<std::string, std::vector<std::string>> Callers;
  for (const auto &[Usr, F] : Functions)
    for (const CallSite &Call : F.Calls)
      for (const FunctionSummary *Target : targets(Call))
        if (!Target->IsCoroutine && !IsAllowed(*Target)) // a coroutine reports its own blocking
          Callers[Target->Usr].push_back(Usr);
  std::deque<std::string> Queue;
  for (const auto &[Usr, F] : Functions)
    if (!F.Blocking.empty() && !IsAllowed(F)) {
      Distance[Usr] = 1;
      Queue.push_back(Usr);
    }
  while (!Queue.empty()) {
    std::string Usr = Queue.front();
    Queue.pop_front();
    for (const std::string &Caller : Callers[Usr])
      if (!IsAllowed(Functions.at(Caller)) && Distance.emplace(Caller, Distance[Usr] + 1).second)
        Queue.push_back(Caller);
  }
}

std::optional<Program::Chain> Program::blockingChain(const FunctionSummary &Start) const {
  auto DistanceOf = [&](const FunctionSummary &F) {
    auto It = Distance.find(F.Usr);
    return It == Distance.end() ? ~0u : It->second;
  };
  if (DistanceOf(Start) == ~0u)
    return std::nullopt;
  Chain Result;
  const FunctionSummary *At = &Start;
  while (At->Blocking.empty()) {
    const CallSite *BestCall = nullptr;
    const FunctionSummary *BestTarget = nullptr;
    for (const CallSite &Call : At->Calls)
      for (const FunctionSummary *Target : targets(Call))
        if (!Target->IsCoroutine && DistanceOf(*Target) + 1 == DistanceOf(*At) && !BestCall) {
          BestCall = &Call;
          BestTarget = Target;
        }
    if (!BestCall)
      return std::nullopt; // cannot happen with consistent distances
    Result.Calls.push_back(BestCall);
    Result.Functions.push_back(BestTarget);
    At = BestTarget;
  }
  Result.Blocking = &At->Blocking.front();
  return Result;
}

} // namespace corolint
