// The link step: summaries of every translation unit merged into one call graph, and the
// shortest way down from each function to a blocking API. Functions are numbered once, calls
// resolved to numbers once; the searches then run over arrays, so linking grows with the
// number of functions and calls, not with the cost of looking names up.
#include "corolint/Summary.h"

#include <algorithm>
#include <unordered_set>

namespace corolint {

namespace {

std::string_view directoryOf(std::string_view File) { return File.substr(0, File.rfind('/') + 1); }

// Of several definitions, the one a call written in CallerFile reaches: in the same file, else
// in the same directory, else the one whose directory shares the longest prefix.
const FunctionSummary *closestDefinition(const std::vector<const FunctionSummary *> &Candidates,
                                         std::string_view CallerFile) {
  const FunctionSummary *Best = nullptr;
  size_t BestShared = 0;
  for (const FunctionSummary *Candidate : Candidates) {
    if (Candidate->Where.File == CallerFile)
      return Candidate;
    std::string_view A = directoryOf(Candidate->Where.File), B = directoryOf(CallerFile);
    size_t Shared = 0;
    while (Shared < A.size() && Shared < B.size() && A[Shared] == B[Shared])
      ++Shared;
    if (!Best || Shared > BestShared) {
      Best = Candidate;
      BestShared = Shared;
    }
  }
  return Best;
}

} // namespace

Program::Program(const std::vector<const TranslationUnitSummary *> &Units, Options Opts) : Opts(std::move(Opts)) {
  merge(Units);
  FirstCall.reserve(Nodes.size() + 1);
  for (const FunctionSummary *F : Nodes) {
    FirstCall.push_back(CallTarget.size());
    for (const CallSite &Call : F->Calls)
      CallTarget.push_back(indexOf(Call.Callee));
  }
  FirstCall.push_back(CallTarget.size());
  for (Index I = 0; I < Nodes.size(); ++I)
    for (const std::string &Base : Nodes[I]->Overrides)
      OverridersOf[Base].push_back(I);
  computeDistances();
  computePoolOnly();
}

void Program::merge(const std::vector<const TranslationUnitSummary *> &Units) {
  // A function defined in a header is summarised by every unit that includes it, identically;
  // the first summary stands for all. A database may also hold several programs that each
  // define a function of the same name in their own file (two examples' handle_request): those
  // definitions stay apart, and each call resolves to the one of its own program.
  size_t Total = 0;
  for (const TranslationUnitSummary *Unit : Units)
    Total += Unit->Functions.size();
  IndexByUsr.reserve(Total);
  std::unordered_set<std::string_view> Ambiguous;
  for (const TranslationUnitSummary *Unit : Units)
    for (const FunctionSummary &F : Unit->Functions) {
      auto [It, New] = IndexByUsr.try_emplace(F.Usr, Index(Nodes.size()));
      if (New)
        Nodes.push_back(&F);
      else if (Nodes[It->second]->Where.File != F.Where.File)
        Ambiguous.insert(F.Usr);
    }
  if (!Ambiguous.empty()) {
    // One function per file that defines an ambiguous USR: the first summary in that file.
    std::unordered_map<std::string_view, std::vector<const FunctionSummary *>> PerFile;
    for (const TranslationUnitSummary *Unit : Units)
      for (const FunctionSummary &F : Unit->Functions)
        if (Ambiguous.count(F.Usr)) {
          std::vector<const FunctionSummary *> &Defs = PerFile[F.Usr];
          if (std::none_of(Defs.begin(), Defs.end(), [&](const FunctionSummary *D) { return D->Where.File == F.Where.File; }))
            Defs.push_back(&F);
        }
    std::vector<const FunctionSummary *> Merged;
    std::unordered_map<const FunctionSummary *, FunctionSummary *> Copies; // each copy, writable
    for (const FunctionSummary *F : Nodes) {
      auto It = PerFile.find(F->Usr);
      if (It == PerFile.end()) {
        Merged.push_back(F);
        continue;
      }
      for (const FunctionSummary *Def : It->second) {
        FunctionSummary &Copy = Rewritten.emplace_back(*Def);
        Copy.Usr = Def->Usr + "@" + Def->Where.File;
        Merged.push_back(&Copy);
        Copies.emplace(&Copy, &Copy);
      }
    }
    // Calls to an ambiguous USR go to the definition closest to the caller.
    for (const FunctionSummary *&F : Merged) {
      auto Calls = [&](const CallSite &Call) { return PerFile.count(Call.Callee) > 0; };
      if (std::none_of(F->Calls.begin(), F->Calls.end(), Calls))
        continue;
      auto Copied = Copies.find(F);
      FunctionSummary *Own = Copied != Copies.end() ? Copied->second : &Rewritten.emplace_back(*F);
      for (CallSite &Call : Own->Calls)
        if (auto It = PerFile.find(Call.Callee); It != PerFile.end()) {
          const FunctionSummary *Def = closestDefinition(It->second, Own->Where.File);
          Call.Callee = Def->Usr + "@" + Def->Where.File;
        }
      F = Own;
    }
    // The functions are numbered anew: some have keys of their own now.
    Nodes = std::move(Merged);
    IndexByUsr.clear();
    for (Index I = 0; I < Nodes.size(); ++I)
      IndexByUsr.emplace(Nodes[I]->Usr, I);
  }
}

Program::Index Program::indexOf(std::string_view Usr) const {
  auto It = IndexByUsr.find(Usr);
  return It == IndexByUsr.end() ? None : It->second;
}

const FunctionSummary *Program::find(std::string_view Usr) const {
  Index I = indexOf(Usr);
  return I == None ? nullptr : Nodes[I];
}

bool Program::runsOnPool(std::string_view Usr) const {
  Index I = indexOf(Usr);
  return I != None && PoolOnly[I];
}

bool Program::runsOnPoolAt(std::string_view Usr, const SourceSpan &Where) const {
  Index I = indexOf(Usr);
  return I != None && PoolOnly[I] && !Nodes[I]->afterLoopHop(Where);
}

void Program::overridersOf(std::string_view Callee, std::vector<Index> &Out) const {
  // Overrides of the callee, and of those overrides, each once.
  std::vector<std::string_view> Pending{Callee};
  std::unordered_set<std::string_view> Seen{Callee};
  while (!Pending.empty()) {
    auto It = OverridersOf.find(Pending.back());
    Pending.pop_back();
    if (It == OverridersOf.end())
      continue;
    for (Index Overrider : It->second)
      if (Seen.insert(Nodes[Overrider]->Usr).second) {
        Pending.push_back(Nodes[Overrider]->Usr);
        Out.push_back(Overrider);
      }
  }
}

void Program::targetsOf(Index I, size_t K, std::vector<Index> &Out) const {
  if (Index Direct = CallTarget[FirstCall[I] + K]; Direct != None)
    Out.push_back(Direct);
  if (const CallSite &Call = Nodes[I]->Calls[K]; Call.Virtual && Opts.FollowVirtualCalls)
    overridersOf(Call.Callee, Out);
}

std::vector<const FunctionSummary *> Program::targets(const CallSite &Call) const {
  std::vector<Index> Reached;
  if (Index Direct = indexOf(Call.Callee); Direct != None)
    Reached.push_back(Direct);
  if (Call.Virtual && Opts.FollowVirtualCalls)
    overridersOf(Call.Callee, Reached);
  std::vector<const FunctionSummary *> Out;
  for (Index I : Reached)
    Out.push_back(Nodes[I]);
  return Out;
}

void Program::computeDistances() {
  // Breadth-first from every function that blocks by itself, backwards along calls: each
  // function is reached first by its shortest chain, and recursion cannot loop.
  std::unordered_set<std::string_view> AllowedNames(Opts.Allowed.begin(), Opts.Allowed.end());
  std::vector<char> Allowed(Nodes.size());
  for (Index I = 0; I < Nodes.size(); ++I)
    Allowed[I] = !AllowedNames.empty() && AllowedNames.count(Nodes[I]->Name);
  // The callers of each function, as one array: counted, then filled.
  std::vector<std::pair<Index, Index>> Edges; // (callee, caller)
  std::vector<Index> Reached;
  for (Index I = 0; I < Nodes.size(); ++I)
    for (size_t K = 0; K < Nodes[I]->Calls.size(); ++K) {
      Reached.clear();
      targetsOf(I, K, Reached);
      for (Index T : Reached)
        if (!Nodes[T]->IsCoroutine && !Allowed[T]) // a coroutine reports its own blocking
          Edges.emplace_back(T, I);
    }
  std::vector<size_t> FirstCaller(Nodes.size() + 1);
  for (const auto &Edge : Edges)
    ++FirstCaller[Edge.first + 1];
  for (size_t I = 1; I < FirstCaller.size(); ++I)
    FirstCaller[I] += FirstCaller[I - 1];
  std::vector<Index> Callers(Edges.size());
  std::vector<size_t> Next(FirstCaller.begin(), FirstCaller.end() - 1);
  for (const auto &Edge : Edges)
    Callers[Next[Edge.first]++] = Edge.second;
  Edges.clear();
  Edges.shrink_to_fit();

  Distance.assign(Nodes.size(), 0);
  std::vector<Index> Queue;
  for (Index I = 0; I < Nodes.size(); ++I)
    if (!Nodes[I]->Blocking.empty() && !Allowed[I]) {
      Distance[I] = 1;
      Queue.push_back(I);
    }
  for (size_t Head = 0; Head < Queue.size(); ++Head) {
    Index At = Queue[Head];
    for (size_t C = FirstCaller[At]; C < FirstCaller[At + 1]; ++C)
      if (Index Caller = Callers[C]; !Allowed[Caller] && Distance[Caller] == 0) {
        Distance[Caller] = Distance[At] + 1;
        Queue.push_back(Caller);
      }
  }
}

void Program::computePoolOnly() {
  // A coroutine runs only on a pool when every start of it is on a pool or in a coroutine that
  // runs only there (not itself). Each start not on a pool waits for its caller to be known to
  // run only on a pool; a coroutine with no start left waiting joins, and frees its own starts.
  PoolOnly.assign(Nodes.size(), 0);
  std::vector<unsigned> Starts(Nodes.size()), Waiting(Nodes.size());
  for (Index I = 0; I < Nodes.size(); ++I)
    for (size_t K = 0; K < Nodes[I]->Calls.size(); ++K)
      if (Index T = CallTarget[FirstCall[I] + K]; T != None && Nodes[T]->IsCoroutine) {
        ++Starts[T];
        if (!Nodes[I]->Calls[K].OnPool)
          ++Waiting[T];
      }
  std::vector<Index> Joined;
  for (Index T = 0; T < Nodes.size(); ++T)
    if (Starts[T] && !Waiting[T]) {
      PoolOnly[T] = 1;
      Joined.push_back(T);
    }
  for (size_t Head = 0; Head < Joined.size(); ++Head) {
    Index From = Joined[Head];
    for (size_t K = 0; K < Nodes[From]->Calls.size(); ++K)
      if (Index T = CallTarget[FirstCall[From] + K];
          T != None && T != From && Nodes[T]->IsCoroutine && !Nodes[From]->Calls[K].OnPool &&
          !Nodes[From]->Calls[K].Detached && !PoolOnly[T] &&
          !Nodes[From]->afterLoopHop(Nodes[From]->Calls[K].Where) && --Waiting[T] == 0) {
        PoolOnly[T] = 1;
        Joined.push_back(T);
      }
  }
}

std::optional<Program::Chain> Program::blockingChain(const FunctionSummary &Start) const {
  Index At = indexOf(Start.Usr);
  if (At == None || Distance[At] == 0)
    return std::nullopt;
  Chain Result;
  std::vector<Index> Reached;
  while (Nodes[At]->Blocking.empty()) {
    Index Best = None;
    size_t BestCall = 0;
    for (size_t K = 0; K < Nodes[At]->Calls.size() && Best == None; ++K) {
      Reached.clear();
      targetsOf(At, K, Reached);
      for (Index T : Reached)
        if (!Nodes[T]->IsCoroutine && Distance[T] != 0 && Distance[T] + 1 == Distance[At]) {
          Best = T;
          BestCall = K;
          break;
        }
    }
    if (Best == None)
      return std::nullopt; // cannot happen with consistent distances
    Result.Calls.push_back(&Nodes[At]->Calls[BestCall]);
    Result.Functions.push_back(Nodes[Best]);
    At = Best;
  }
  Result.Blocking = &Nodes[At]->Blocking.front();
  return Result;
}

} // namespace corolint
