#include "corolint/Catalog.h"

#include "corolint/Names.h"
#include "JsonChecks.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include <nlohmann/json.hpp>

#include <stdexcept>

using namespace clang;
using nlohmann::json;

namespace corolint {

namespace {

using jsoncheck::fail;
using jsoncheck::rejectUnknownKeys;
using jsoncheck::stringList;

std::string requiredString(const json &J, const char *Key, const std::string &Where,
                           const std::string &Origin) {
  if (!J.contains(Key) || !J[Key].is_string() || J[Key].get<std::string>().empty())
    fail(Origin, Where + ": '" + Key + "' must be a non-empty string");
  return J[Key].get<std::string>();
}

// An Asio-style asynchronous overload: the last parameter is a completion token.
bool takesCompletionToken(const FunctionDecl &Callee) {
  const FunctionTemplateDecl *Template = Callee.getPrimaryTemplate();
  if (!Template || Template->getTemplatedDecl()->getNumParams() == 0)
    return false;
  const FunctionDecl *Pattern = Template->getTemplatedDecl();
  QualType Last = Pattern->getParamDecl(Pattern->getNumParams() - 1)->getType().getNonReferenceType();
  const auto *Param = Last->getAs<TemplateTypeParmType>();
  if (!Param || !Param->getIdentifier())
    return false;
  StringRef Name = Param->getIdentifier()->getName();
  return Name.ends_with("Token") || Name.ends_with("Handler");
}

const Expr *stripped(const Expr *E) { return E ? E->IgnoreParenImpCasts() : nullptr; }

// The object a call works on: the implicit object of a member call, else the first argument.
const Expr *subjectOf(const CallExpr &Call) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call))
    return stripped(Member->getImplicitObjectArgument());
  return Call.getNumArgs() > 0 ? stripped(Call.getArg(0)) : nullptr;
}

} // namespace

std::string BlockingApiCatalog::canonical(std::string Name) const {
  for (const auto &[From, To] : NamespaceAliases)
    if (Name.size() > From.size() && Name.compare(0, From.size(), From) == 0 &&
        Name.compare(From.size(), 2, "::") == 0)
      return To + Name.substr(From.size());
  return Name;
}

BlockingApiCatalog BlockingApiCatalog::parse(const std::string &Text, const std::string &Origin) {
  json Root;
  try {
    Root = json::parse(Text);
  } catch (const json::parse_error &E) {
    fail(Origin, std::string("invalid JSON: ") + E.what());
  }
  if (!Root.is_object() || !Root.contains("families") || !Root["families"].is_array())
    fail(Origin, "expected an object with a 'families' array");
  rejectUnknownKeys(Root, {"$comment", "namespace_aliases", "families"}, "catalog", Origin);

  BlockingApiCatalog Catalog;
  if (Root.contains("namespace_aliases")) {
    if (!Root["namespace_aliases"].is_object())
      fail(Origin, "'namespace_aliases' must map namespaces to namespaces");
    for (const auto &[From, To] : Root["namespace_aliases"].items()) {
      if (!To.is_string())
        fail(Origin, "namespace alias '" + From + "' must be a string");
      Catalog.NamespaceAliases.emplace_back(From, To.get<std::string>());
    }
  }

  for (const json &Family : Root["families"]) {
    if (!Family.is_object())
      fail(Origin, "each family must be an object");
    std::string FamilyName = requiredString(Family, "family", "family", Origin);
    std::string Where = "family '" + FamilyName + "'";
    rejectUnknownKeys(Family, {"family", "summary", "suggestion", "apis"}, Where, Origin);
    std::string Suggestion = requiredString(Family, "suggestion", Where, Origin);
    if (!Family.contains("apis") || !Family["apis"].is_array() || Family["apis"].empty())
      fail(Origin, Where + ": 'apis' must be a non-empty array");

    for (const json &Entry : Family["apis"]) {
      auto Api = std::make_unique<BlockingApi>();
      Api->Family = FamilyName;
      Api->Suggestion = Suggestion;
      if (Entry.is_string()) {
        Api->Name = Entry.get<std::string>();
      } else if (Entry.is_object()) {
        Api->Name = requiredString(Entry, "name", Where, Origin);
        std::string EntryWhere = Where + ", api '" + Api->Name + "'";
        rejectUnknownKeys(Entry, {"name", "kind", "on", "except", "suggestion", "unless", "returns"}, EntryWhere, Origin);
        if (Entry.contains("unless")) {
          // One clause, or a list of clauses of which any one excuses the call.
          const json &Unless = Entry["unless"];
          for (const json &Clause : Unless.is_array() ? Unless : json::array({Unless}))
            Api->Unless.push_back(CallCondition::parse(Clause, EntryWhere, Origin));
        }
        Api->Returns = stringList(Entry, "returns", EntryWhere, Origin);
        if (Entry.contains("suggestion")) {
          Api->Suggestion = requiredString(Entry, "suggestion", EntryWhere, Origin);
          Api->OwnSuggestion = true;
        }
        if (Entry.contains("kind")) {
          std::string Kind = requiredString(Entry, "kind", EntryWhere, Origin);
          if (Kind != "constructor" && Kind != "function" && Kind != "destructor")
            fail(Origin, EntryWhere + ": 'kind' must be \"function\", \"constructor\" or \"destructor\"");
          Api->Constructor = Kind == "constructor";
          Api->Destructor = Kind == "destructor";
        }
        Api->On = stringList(Entry, "on", EntryWhere, Origin);
        Api->Except = stringList(Entry, "except", EntryWhere, Origin);
      } else {
        fail(Origin, Where + ": each api is a name or an object");
      }
      if (Api->Name.size() > 3 && Api->Name.compare(Api->Name.size() - 3, 3, "::*") == 0) {
        Api->Wildcard = true;
        Api->Name.resize(Api->Name.size() - 3);
      } else if (Api->Name.find('*') != std::string::npos) {
        fail(Origin, Where + ": '" + Api->Name + "': '*' may only end a namespace (\"ns::*\")");
      }
      Api->Name = Catalog.canonical(Api->Name);
      for (std::string &Object : Api->On)
        Object = Catalog.canonical(Object);
      Catalog.index(*Api);
      Catalog.Apis.push_back(std::move(Api));
    }
  }
  return Catalog;
}

BlockingApiCatalog BlockingApiCatalog::parseFrameworkFamilies(const std::string &FamiliesJson, const std::string &Origin) {
  BlockingApiCatalog Catalog = parse("{\"families\": " + FamiliesJson + "}", Origin);
  for (auto &Api : Catalog.Apis)
    Api->OwnSuggestion = true;
  return Catalog;
}

void BlockingApiCatalog::index(BlockingApi &Api) {
  auto &Index = Api.Wildcard ? WildcardsByNamespace : ByName;
  Index[Api.Name].push_back(&Api);
}

void BlockingApiCatalog::merge(const BlockingApiCatalog &Other) {
  for (const auto &[From, To] : Other.NamespaceAliases)
    NamespaceAliases.emplace_back(From, To);
  for (const auto &Api : Other.Apis) {
    auto Copy = std::make_unique<BlockingApi>(*Api);
    Copy->Name = canonical(Copy->Name);
    index(*Copy);
    Apis.push_back(std::move(Copy));
  }
}

void BlockingApiCatalog::allow(const std::vector<std::string> &Names) {
  for (const std::string &Name : Names)
    Allowed.push_back(canonical(Name));
}

const BlockingApi *BlockingApiCatalog::match(const CallExpr &Call, const FunctionDecl *Caller) const {
  const BlockingApi *Api = matchIgnoringAllowed(Call, Caller);
  if (!Api || Allowed.empty())
    return Api;
  std::string Name = canonical(catalogName(*Call.getDirectCallee()));
  for (const std::string &A : Allowed)
    if (A == Api->Name || A == Name)
      return nullptr;
  return Api;
}

const BlockingApi *BlockingApiCatalog::matchIgnoringAllowed(const CallExpr &Call, const FunctionDecl *Caller) const {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || (!Callee->getIdentifier() && !Callee->isOverloadedOperator()))
    return nullptr;
  if (takesCompletionToken(*Callee))
    return nullptr;

  const Expr *Subject = subjectOf(Call);
  auto SubjectMatches = [&](const BlockingApi &Api) {
    if (Api.On.empty())
      return true;
    std::string TypeName = Subject ? canonical(catalogNameOfType(Subject->getType())) : "";
    std::string VarName;
    if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(Subject))
      VarName = canonical(catalogName(*Ref->getDecl()));
    for (const std::string &Object : Api.On)
      if (Object == TypeName || Object == VarName)
        return true;
    return false;
  };
  auto Excused = [&](const BlockingApi &Api) {
    if (!Api.Returns.empty()) {
      std::string Returned = canonical(catalogNameOfType(Callee->getReturnType()));
      if (std::find(Api.Returns.begin(), Api.Returns.end(), Returned) == Api.Returns.end())
        return true; // another overload: the asynchronous one
    }
    return std::any_of(Api.Unless.begin(), Api.Unless.end(),
                       [&](const CallCondition &C) { return C.holds(Call, Caller); });
  };
  auto Lookup = [&](const std::string &Name) -> const BlockingApi * {
    auto It = ByName.find(Name);
    if (It == ByName.end())
      return nullptr;
    for (const BlockingApi *Api : It->second)
      if (!Api->Constructor && !Api->Destructor && SubjectMatches(*Api))
        return Excused(*Api) ? nullptr : Api;
    return nullptr;
  };

  std::string Name = canonical(catalogName(*Callee));
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee)) {
    if (const BlockingApi *Api = Lookup(Name))
      return Api;
    // An inherited member (std::future::wait is declared in a base) is named after the class
    // of the object it is called on.
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call)) {
      std::string ObjectClass =
          canonical(catalogNameOfType(stripped(Member->getImplicitObjectArgument())->getType()));
      if (!ObjectClass.empty() && ObjectClass != canonical(catalogName(*Method->getParent())))
        return Lookup(ObjectClass + "::" + Method->getNameAsString());
    }
    return nullptr;
  }

  // A free function without a namespace is a C API: only the real, extern "C" one counts, so
  // that a project's own `read` or `connect` is not mistaken for POSIX's.
  if (Name.find("::") == std::string::npos && !Callee->isExternC())
    return nullptr;
  if (const BlockingApi *Api = Lookup(Name))
    return Api;

  if (Callee->isOverloadedOperator())
    return nullptr; // operators of a namespace (path / path) are never its blocking operations
  std::string::size_type Sep = Name.rfind("::");
  if (Sep == std::string::npos)
    return nullptr;
  auto It = WildcardsByNamespace.find(Name.substr(0, Sep));
  if (It == WildcardsByNamespace.end() || !isa<NamespaceDecl>(Callee->getDeclContext()->getRedeclContext()))
    return nullptr;
  std::string Short = Name.substr(Sep + 2);
  for (const BlockingApi *Api : It->second) {
    bool Excepted = false;
    for (const std::string &E : Api->Except)
      Excepted |= E == Short;
    if (!Excepted && SubjectMatches(*Api))
      return Api;
  }
  return nullptr;
}

std::string BlockingApiCatalog::displayName(const CallExpr &Call, const BlockingApi &Api) const {
  std::string Declared = catalogName(*Call.getDirectCallee());
  return Api.Wildcard || canonical(Declared) == Api.Name ? Declared : Api.Name;
}

std::string BlockingApiCatalog::displayName(const CXXConstructExpr &Construct, const BlockingApi &) const {
  return Construct.getType().getAsString();
}

namespace {

// Whether Body hands Var away before its scope ends: `var.detach()` or `std::move(var)`.
class HandedAway : public RecursiveASTVisitor<HandedAway> {
public:
  explicit HandedAway(const VarDecl &Var) : Var(Var) {}
  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || !Callee->getIdentifier())
      return true;
    const Expr *Object = nullptr;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call); Member && Callee->getName() == "detach")
      Object = Member->getImplicitObjectArgument();
    else if (Callee->getName() == "move" && Call->getNumArgs() == 1)
      Object = Call->getArg(0);
    if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(Object ? Object->IgnoreParenImpCasts() : nullptr))
      Found |= Ref->getDecl() == &Var;
    return !Found;
  }
  bool Found = false;

private:
  const VarDecl &Var;
};

} // namespace

const BlockingApi *BlockingApiCatalog::match(const VarDecl &Var, const Stmt &Body) const {
  if (!Var.hasLocalStorage() || isa<ParmVarDecl>(Var) || Var.getType()->isReferenceType() || Var.getType()->isPointerType())
    return nullptr;
  std::string Type = canonical(catalogNameOfType(Var.getType()));
  auto It = ByName.find(Type);
  if (It == ByName.end() || std::find(Allowed.begin(), Allowed.end(), Type) != Allowed.end())
    return nullptr;
  for (const BlockingApi *Api : It->second)
    if (Api->Destructor) {
      HandedAway Finder(Var);
      Finder.TraverseStmt(const_cast<Stmt *>(&Body));
      return Finder.Found ? nullptr : Api;
    }
  return nullptr;
}

const BlockingApi *BlockingApiCatalog::match(const CXXConstructExpr &Construct) const {
  const CXXConstructorDecl *Ctor = Construct.getConstructor();
  if (Ctor && std::find(Allowed.begin(), Allowed.end(), canonical(catalogName(*Ctor->getParent()))) != Allowed.end())
    return nullptr;
  // Only a constructor given something to open blocks: default, copy and move ones do not.
  if (!Ctor || Ctor->isCopyOrMoveConstructor() || Construct.getNumArgs() == 0 ||
      isa<CXXDefaultArgExpr>(Construct.getArg(0)))
    return nullptr;
  auto It = ByName.find(canonical(catalogName(*Ctor->getParent())));
  if (It == ByName.end())
    return nullptr;
  for (const BlockingApi *Api : It->second)
    if (Api->Constructor)
      return std::any_of(Api->Unless.begin(), Api->Unless.end(),
                         [&](const CallCondition &C) { return C.holds(Construct); })
                 ? nullptr
                 : Api;
  return nullptr;
}

} // namespace corolint
