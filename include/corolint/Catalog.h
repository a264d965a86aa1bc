// The blocking-API catalog (rules/catalog/blocking-apis.json): which calls block a thread, in
// which family, and what to use instead.
#pragma once

#include "corolint/CallCondition.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace clang {
class CallExpr;
class CXXConstructExpr;
class FunctionDecl;
class Stmt;
class VarDecl;
} // namespace clang

namespace corolint {

struct BlockingApi {
  std::string Name;       // catalog name, e.g. "std::future::get", "sqlite3_exec"
  std::string Family;     // e.g. "sleep", "file-io", "database"
  std::string Suggestion; // completes the message when no framework model advises otherwise
  bool OwnSuggestion = false; // Suggestion is this API's own, not its family's: it wins over a model's
  bool Constructor = false;       // Name is a class; constructing it (with arguments) blocks
  bool Destructor = false;        // Name is a class; a local one blocks when its scope ends
  bool Wildcard = false;          // Name is "ns::*": every free function of namespace ns
  std::vector<std::string> Except; // for wildcards: names in the namespace that do not block
  // When non-empty, the call blocks only on these objects: class names (the static type of the
  // object or first argument) or variables ("std::cin").
  std::vector<std::string> On;
  // Not blocking when any of these clauses holds: fwrite to stderr is console output, poll with
  // a zero timeout returns at once, recv with MSG_DONTWAIT does not wait.
  std::vector<CallCondition> Unless;
  // When non-empty, only the overloads returning one of these types (catalog names) block:
  // HttpClient::sendRequest returning a std::pair waits, the one taking a callback does not.
  std::vector<std::string> Returns;
};

class BlockingApiCatalog {
public:
  // Parses catalog JSON; throws std::runtime_error naming Origin and the offending entry.
  static BlockingApiCatalog parse(const std::string &Json, const std::string &Origin);
  // The blocking families a framework model lists ("blocking" in its JSON): their suggestions are
  // written for that framework, so they are the APIs' own (see BlockingApi::OwnSuggestion).
  static BlockingApiCatalog parseFrameworkFamilies(const std::string &FamiliesJson, const std::string &Origin);
  // The catalog built into corolint (rules/catalog/blocking-apis.json and the framework models'
  // blocking APIs).
  static const BlockingApiCatalog &builtin();
  // The same matching over rules/catalog/cpu-heavy-apis.json: APIs that hold the CPU.
  static const BlockingApiCatalog &builtinCpuHeavy();
  // A digest (hex) of the built-in catalogs and framework models: a result cache keys on it, so
  // that a rebuilt corolint with other data never reuses results found with the old.
  static std::string builtinDataDigest();

  // Adds Other's entries (a configuration's extra blocking APIs) to this catalog.
  void merge(const BlockingApiCatalog &Other);
  // Names (catalog names such as "std::future::get", or C names) that are never reported,
  // whatever the catalog says: a configuration's allowed functions.
  void allow(const std::vector<std::string> &Names);

  // The entry a call matches, or null. A call whose callee takes a completion token (its last
  // parameter is a template parameter named *Token or *Handler, as in Asio) is asynchronous and
  // matches nothing.
  // Caller, the function the call is written in, lets conditions read its arguments' text and
  // the caller's errno checks; without it, entries with such conditions always match.
  const BlockingApi *match(const clang::CallExpr &Call, const clang::FunctionDecl *Caller = nullptr) const;
  const BlockingApi *match(const clang::CXXConstructExpr &Construct) const;
  // A local variable whose destructor blocks at the end of its scope (std::jthread joins), unless
  // Body (the function it is declared in) detaches it or moves it away first.
  const BlockingApi *match(const clang::VarDecl &Var, const clang::Stmt &Body) const;

  // The name users recognise for a matched call: as declared (boost::asio::... rather than the
  // catalog's alias), except for members inherited from an implementation base
  // (std::__basic_future::wait reads std::future::wait); for a constructor, the type as written.
  std::string displayName(const clang::CallExpr &Call, const BlockingApi &Api) const;
  std::string displayName(const clang::CXXConstructExpr &Construct, const BlockingApi &Api) const;

  size_t size() const { return Apis.size(); }
  const std::vector<std::unique_ptr<BlockingApi>> &apis() const { return Apis; }
  // Applies the catalog's namespace aliases: "boost::asio::read" -> "asio::read".
  std::string canonical(std::string Name) const;

private:
  std::vector<std::unique_ptr<BlockingApi>> Apis;
  std::map<std::string, std::vector<const BlockingApi *>, std::less<>> ByName;
  std::map<std::string, std::vector<const BlockingApi *>, std::less<>> WildcardsByNamespace;
  std::vector<std::pair<std::string, std::string>> NamespaceAliases; // from, to
  std::vector<std::string> Allowed;
  void index(BlockingApi &Api);
  const BlockingApi *matchIgnoringAllowed(const clang::CallExpr &Call, const clang::FunctionDecl *Caller) const;
};

} // namespace corolint
