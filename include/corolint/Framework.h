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
  // True when the framework runs plain (non-coroutine) handlers on a worker pool, so that a
  // handler with nothing to await is better written plain (coroweb, Drogon).
  bool PlainHandlersOnPool = false;
  std::string PlainHandlerAdvice; // how to write one: "return coroweb::Response instead of Task<Response>"
  std::string OffloadAdvice;      // how to move work off the loop: "co_await coroweb::offload(...)"
  // Blocking-catalog family -> the suggestion to give instead of the catalog's, for coroutines
  // of this framework: "sleep" -> "use 'co_await coroweb::sleep(...)'".
  std::map<std::string, std::string> Suggestions;
  std::vector<RouteRegistration> Routes;
  std::vector<std::string> OffloadCalls; // callable arguments run on a pool
  std::vector<PoolHop> PoolHops;         // `co_await hop(...)`: the rest runs on a worker
  std::vector<std::string> EntryPoints;  // functions that must be coroutines, whatever they do
  nlohmann::json BlockingFamilies = nlohmann::json::array(); // catalog "families" entries
};

class Frameworks {
public:
  // Throws std::runtime_error "origin: what" naming the key at fault.
  static FrameworkModel parse(const nlohmann::json &Model, const std::string &Origin);
  // The models built into corolint.
  static const Frameworks &builtin();

  void add(FrameworkModel Model) { Models.push_back(std::move(Model)); }
  const std::vector<FrameworkModel> &models() const { return Models; }

  // The registration a call makes, or null.
  const RouteRegistration *routeRegistration(const clang::CallExpr &Call) const;
  // True when awaiting this expression moves the coroutine onto a worker pool.
  bool isPoolHop(const clang::CoawaitExpr &Await) const;
  // The model whose coroutine type F returns (as written), or null.
  const FrameworkModel *modelOfCoroutine(const clang::FunctionDecl &F) const;
  // The model whose coroutine type T is (as written: aliases count), or null.
  const FrameworkModel *modelOfType(clang::QualType T, const clang::ASTContext &Ast) const;
  bool isEntryPoint(const clang::FunctionDecl &F) const;

private:
  std::vector<FrameworkModel> Models;
};

} // namespace corolint
