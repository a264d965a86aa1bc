#include "corolint/Framework.h"

#include "corolint/Catalog.h"
#include "corolint/Names.h"
#include "JsonChecks.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

#include <stdexcept>

using namespace clang;
using nlohmann::json;

namespace corolint {

namespace {

// Route registrations name their arguments by index; no registration function takes more.
constexpr uint64_t MaxArgumentIndex = 63;

using jsoncheck::fail;

// A list of names, with the catalog's namespace aliases applied.
std::vector<std::string> strings(const json &J, const char *Key, const std::string &Where, const std::string &Origin) {
  std::vector<std::string> Out = jsoncheck::stringList(J, Key, Where, Origin);
  for (std::string &Name : Out)
    Name = BlockingApiCatalog::builtin().canonical(Name);
  return Out;
}

// The array at Key (empty when absent): a bare name or an object where a list belongs is a
// mistake, not a list of one.
const json &arrayAt(const json &J, const char *Key, const std::string &Where, const std::string &Origin) {
  static const json None = json::array();
  if (!J.contains(Key))
    return None;
  if (!J[Key].is_array())
    fail(Origin, Where + "." + Key + ": must be an array");
  return J[Key];
}

void onlyKeys(const json &J, std::initializer_list<const char *> Known, const std::string &Where, const std::string &Origin) {
  jsoncheck::rejectUnknownKeys(J, Known, Where, Origin);
}

std::string calleeName(const CallExpr &Call) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  return Callee ? BlockingApiCatalog::builtin().canonical(catalogName(*Callee)) : "";
}

} // namespace

FrameworkModel Frameworks::parse(const json &J, const std::string &Origin) {
  if (!J.is_object() || !J.contains("framework") || !J["framework"].is_string())
    fail(Origin, "a framework model is an object with a 'framework' name");
  FrameworkModel M;
  M.Name = J["framework"];
  std::string Where = "framework '" + M.Name + "'";
  onlyKeys(J, {"$comment", "framework", "coroutine_types", "plain_handlers_on_pool", "plain_handler_advice",
               "offload_advice", "spawn_advice", "routes", "offload_calls", "pool_hops", "entry_points", "blocking",
               "suggestions", "non_blocking", "coroutine_mutexes", "off_loop_starts", "non_blocking_descriptors",
               "combinators", "loop_hops", "detached_starts"},
           Where, Origin);
  // A coroutine type is a name, or {"type": name, "lazy": false} for one that starts eagerly.
  for (const json &T : arrayAt(J, "coroutine_types", Where, Origin)) {
    if (T.is_string()) {
      M.CoroutineTypes.push_back(BlockingApiCatalog::builtin().canonical(T));
      continue;
    }
    if (!T.is_object() || !T.contains("type") || !T["type"].is_string())
      fail(Origin, Where + ".coroutine_types: each is a type name or {\"type\": name, \"lazy\": bool}");
    onlyKeys(T, {"type", "lazy"}, Where + ".coroutine_types", Origin);
    if (T.contains("lazy") && !T["lazy"].is_boolean())
      fail(Origin, Where + ".coroutine_types.lazy: must be true or false");
    M.CoroutineTypes.push_back(BlockingApiCatalog::builtin().canonical(T["type"]));
    if (!T.value("lazy", true))
      M.EagerCoroutineTypes.push_back(M.CoroutineTypes.back());
  }
  M.NonBlocking = strings(J, "non_blocking", Where, Origin);
  M.CoroutineMutexes = strings(J, "coroutine_mutexes", Where, Origin);
  M.NonBlockingDescriptors = strings(J, "non_blocking_descriptors", Where, Origin);
  M.Combinators = strings(J, "combinators", Where, Origin);
  M.OffloadCalls = strings(J, "offload_calls", Where, Origin);
  M.EntryPoints = strings(J, "entry_points", Where, Origin);
  if (J.contains("plain_handlers_on_pool")) {
    if (!J["plain_handlers_on_pool"].is_boolean())
      fail(Origin, Where + ".plain_handlers_on_pool: must be true or false");
    M.PlainHandlersOnPool = J["plain_handlers_on_pool"];
  }
  for (const char *Key : {"plain_handler_advice", "offload_advice", "spawn_advice"})
    if (J.contains(Key) && !J[Key].is_string())
      fail(Origin, Where + "." + Key + ": must be a string");
  M.PlainHandlerAdvice = J.value("plain_handler_advice", "");
  M.OffloadAdvice = J.value("offload_advice", "");
  M.SpawnAdvice = J.value("spawn_advice", "");
  for (const json &R : arrayAt(J, "routes", Where, Origin)) {
    if (!R.is_object() || !R.contains("call") || !R["call"].is_string())
      fail(Origin, Where + ".routes: each route registration is an object with a 'call'");
    onlyKeys(R, {"call", "method", "method_arg", "path_arg", "handler_arg"}, Where + ".routes", Origin);
    RouteRegistration Reg;
    Reg.Call = BlockingApiCatalog::builtin().canonical(R["call"]);
    Reg.Method = R.value("method", "");
    for (auto [Key, Slot] : {std::pair{"method_arg", &Reg.MethodArg}, {"path_arg", &Reg.PathArg}, {"handler_arg", &Reg.HandlerArg}})
      if (R.contains(Key)) {
        // Read as unsigned 64 bits: 4294967296 must not wrap round to argument 0.
        if (!R[Key].is_number_unsigned() || R[Key].get<uint64_t>() > MaxArgumentIndex)
          fail(Origin, Where + ".routes." + Key + ": must be an argument index (0 to " +
                           std::to_string(MaxArgumentIndex) + ", not " + R[Key].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + ")");
        *Slot = static_cast<int>(R[Key].get<uint64_t>());
      }
    if (Reg.Method.empty() && Reg.MethodArg < 0)
      fail(Origin, Where + ".routes: '" + Reg.Call + "' needs 'method' or 'method_arg'");
    M.Routes.push_back(Reg);
  }
  for (auto [Key, Out] :
       {std::pair{"pool_hops", &M.PoolHops}, {"off_loop_starts", &M.OffLoopStarts}, {"loop_hops", &M.LoopHops},
        {"detached_starts", &M.DetachedStarts}})
    for (const json &H : arrayAt(J, Key, Where, Origin)) {
      PoolHop Hop;
      std::string HopWhere = Where + "." + Key;
      if (H.is_string()) {
        Hop.Call = BlockingApiCatalog::builtin().canonical(H);
      } else if (H.is_object() && H.contains("call") && H["call"].is_string()) {
        onlyKeys(H, {"call", "first_arg"}, HopWhere, Origin);
        Hop.Call = BlockingApiCatalog::builtin().canonical(H["call"]);
        Hop.FirstArgTypes = strings(H, "first_arg", HopWhere, Origin);
      } else {
        fail(Origin, HopWhere + ": each is a name or {\"call\", \"first_arg\"}");
      }
      Out->push_back(Hop);
    }
  if (J.contains("suggestions")) {
    if (!J["suggestions"].is_object())
      fail(Origin, Where + ".suggestions: must map catalog families to suggestions");
    for (const auto &[Family, Text] : J["suggestions"].items()) {
      if (!Text.is_string())
        fail(Origin, Where + ".suggestions." + Family + ": must be a string");
      M.Suggestions[Family] = Text;
    }
  }
  if (J.contains("blocking")) {
    if (!J["blocking"].is_array())
      fail(Origin, Where + ".blocking: must be an array of catalog families");
    M.BlockingFamilies = J["blocking"];
  }
  return M;
}

const RouteRegistration *Frameworks::routeRegistration(const CallExpr &Call) const {
  std::string Name = calleeName(Call);
  if (Name.empty())
    return nullptr;
  for (const FrameworkModel &M : Models)
    for (const RouteRegistration &R : M.Routes)
      if (R.Call == Name)
        return &R;
  return nullptr;
}

namespace {

// Whether Call is one of Hops: the named call, with a pool as its first argument where required.
bool callMatchesHop(const CallExpr &Call, const std::vector<PoolHop> &Hops) {
  std::string Name = calleeName(Call);
  for (const PoolHop &Hop : Hops) {
    if (Hop.Call != Name)
      continue;
    if (Hop.FirstArgTypes.empty())
      return true;
    if (Call.getNumArgs() == 0)
      continue;
    std::string Type = BlockingApiCatalog::builtin().canonical(catalogNameOfType(Call.getArg(0)->getType()));
    if (std::find(Hop.FirstArgTypes.begin(), Hop.FirstArgTypes.end(), Type) != Hop.FirstArgTypes.end())
      return true;
  }
  return false;
}

} // namespace

namespace {

// The call a co_await awaits the result of: `co_await tp.schedule()`.
const CallExpr *awaitedCall(const CoawaitExpr &Await) {
  const auto *Call = dyn_cast_or_null<CallExpr>(Await.getOperand()->IgnoreImplicit()->IgnoreParens());
  if (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(Await.getOperand()->IgnoreParens()))
    Call = dyn_cast<CallExpr>(Temp->getSubExpr()->IgnoreImplicit());
  return Call;
}

// Whether some model lists Call (a call, or the one an await awaits) among its List of calls.
bool listedBy(const std::vector<FrameworkModel> &Models, const CallExpr *Call, std::vector<PoolHop> FrameworkModel::*List) {
  return Call && std::any_of(Models.begin(), Models.end(),
                             [&](const FrameworkModel &M) { return callMatchesHop(*Call, M.*List); });
}

} // namespace

bool Frameworks::isPoolHop(const CoawaitExpr &Await) const {
  return listedBy(Models, awaitedCall(Await), &FrameworkModel::PoolHops);
}

bool Frameworks::isLoopHop(const CoawaitExpr &Await) const {
  return listedBy(Models, awaitedCall(Await), &FrameworkModel::LoopHops);
}

bool Frameworks::isOffLoopStart(const CallExpr &Call) const {
  return listedBy(Models, &Call, &FrameworkModel::OffLoopStarts);
}

bool Frameworks::isDetachedStart(const CallExpr &Call) const {
  return listedBy(Models, &Call, &FrameworkModel::DetachedStarts);
}

bool Frameworks::isCombinator(const CallExpr &Call) const {
  std::string Name = calleeName(Call);
  return !Name.empty() && std::any_of(Models.begin(), Models.end(), [&](const FrameworkModel &M) {
    return std::find(M.Combinators.begin(), M.Combinators.end(), Name) != M.Combinators.end();
  });
}

const FrameworkModel *Frameworks::modelOfCoroutine(const FunctionDecl &F) const {
  return modelOfType(F.getReturnType(), F.getASTContext());
}

const FrameworkModel *Frameworks::modelOfType(QualType T, const ASTContext &Ast, std::string *MatchedType) const {
  // Walk the type's sugar from the outside in: `coroweb::Task<R>` is an alias of
  // `asio::awaitable<R>`, and the spelling decides which framework's advice applies.
  for (int Depth = 0; !T.isNull() && Depth < 16; ++Depth) {
    std::string Name;
    if (const auto *Spec = T->getAs<TemplateSpecializationType>(); Spec && T->getTypeClass() == Type::TemplateSpecialization) {
      if (const TemplateDecl *TD = Spec->getTemplateName().getAsTemplateDecl())
        Name = catalogName(*TD);
    } else if (const auto *Typedef = dyn_cast<TypedefType>(T.getTypePtr())) {
      Name = catalogName(*Typedef->getDecl());
    } else if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl(); RD && T->getTypeClass() == Type::Record) {
      Name = catalogName(*RD);
    }
    Name = BlockingApiCatalog::builtin().canonical(Name);
    for (const FrameworkModel &M : Models)
      if (!Name.empty() && std::find(M.CoroutineTypes.begin(), M.CoroutineTypes.end(), Name) != M.CoroutineTypes.end()) {
        if (MatchedType)
          *MatchedType = Name;
        return &M;
      }
    QualType Next = T.getSingleStepDesugaredType(Ast);
    if (Next == T)
      break;
    T = Next;
  }
  return nullptr;
}

std::string offloadAdviceOf(const FrameworkModel *Model) {
  if (Model && !Model->OffloadAdvice.empty())
    return "move it off the event loop (" + Model->OffloadAdvice + ")";
  return "run it on a worker thread";
}

std::string adviceFor(const FrameworkModel *Model, const std::string &Family, const std::string &Fallback) {
  if (!Model)
    return Fallback;
  if (auto It = Model->Suggestions.find(Family); It != Model->Suggestions.end())
    return It->second;
  return Model->OffloadAdvice.empty() ? Fallback : offloadAdviceOf(Model);
}

const FrameworkModel *Frameworks::byName(const std::string &Name) const {
  for (const FrameworkModel &M : Models)
    if (M.Name == Name)
      return &M;
  return nullptr;
}

bool Frameworks::isLazyTask(QualType T, const ASTContext &Ast) const {
  std::string Type;
  const FrameworkModel *M = modelOfType(T, Ast, &Type);
  return M && std::find(M->EagerCoroutineTypes.begin(), M->EagerCoroutineTypes.end(), Type) == M->EagerCoroutineTypes.end();
}

bool Frameworks::isNonBlocking(const FunctionDecl &F) const {
  std::string Name = BlockingApiCatalog::builtin().canonical(catalogName(F));
  for (const FrameworkModel &M : Models)
    if (std::find(M.NonBlocking.begin(), M.NonBlocking.end(), Name) != M.NonBlocking.end())
      return true;
  return false;
}

bool Frameworks::onNonBlockingDescriptor(const CallExpr &Call) const {
  if (Call.getNumArgs() == 0)
    return false;
  const auto *Source = dyn_cast<CallExpr>(Call.getArg(0)->IgnoreParenImpCasts());
  std::string Name = Source ? calleeName(*Source) : "";
  if (Name.empty())
    return false;
  for (const FrameworkModel &M : Models)
    if (std::find(M.NonBlockingDescriptors.begin(), M.NonBlockingDescriptors.end(), Name) != M.NonBlockingDescriptors.end())
      return true;
  return false;
}

bool Frameworks::isCoroutineMutex(const std::string &TypeName) const {
  std::string Name = BlockingApiCatalog::builtin().canonical(TypeName);
  for (const FrameworkModel &M : Models)
    if (std::find(M.CoroutineMutexes.begin(), M.CoroutineMutexes.end(), Name) != M.CoroutineMutexes.end())
      return true;
  return false;
}

bool Frameworks::isEntryPoint(const FunctionDecl &F) const {
  std::string Name = catalogName(F);
  for (const FrameworkModel &M : Models)
    if (std::find(M.EntryPoints.begin(), M.EntryPoints.end(), Name) != M.EntryPoints.end())
      return true;
  return false;
}

} // namespace corolint
