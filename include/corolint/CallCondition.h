// Argument- and context-dependent conditions of the blocking-API catalog: a call that the
// catalog lists is not blocking when its arguments or its caller say so (a zero timeout, a
// MSG_DONTWAIT flag, errno checked for EAGAIN). Data in the catalog, evaluated here.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class CXXConstructExpr;
class Expr;
class FunctionDecl;
} // namespace clang

namespace corolint {

// One "unless" clause of a catalog entry; the call is excused when every part given holds.
struct CallCondition {
  static constexpr int Object = -2;      // "arg": "object": the object a member is called on
  int Arg = -1;                          // the argument the argument parts look at
  std::vector<std::string> IsVariable;   // "is": ["stderr"]: the argument names one of these
  std::optional<long long> IsValue;      // "is": 0: the argument is this constant (durations too)
  bool AddressOfInteger = false;         // "address_of_integer": true: the argument is &x of one
                                         // integer variable (a wake-up write to an eventfd or a
                                         // self-pipe sends one integer)
  std::vector<std::string> HasFlags;     // "has_flags": every one of these is or-ed in
  std::vector<std::string> PathUnder;    // "path_under": ["/proc/"]: the argument is a path
                                         // written as a literal under one of these, or a
                                         // stream, FILE* or descriptor opened from one
  std::vector<std::string> CallerChecks; // "caller_checks": the calling function compares
                                         // against one of these macros (EAGAIN): the fd is
                                         // non-blocking and the code handles it

  // Parses one clause; throws std::runtime_error "Origin: Where: what".
  static CallCondition parse(const nlohmann::json &J, const std::string &Where, const std::string &Origin);
  // Whether Call, made in Caller (null: unknown), satisfies the clause.
  bool holds(const clang::CallExpr &Call, const clang::FunctionDecl *Caller) const;
  // The same for a construction (std::ifstream's): its arguments; "object" and
  // "caller_checks" never hold.
  bool holds(const clang::CXXConstructExpr &Construct) const;

private:
  bool holdsFor(const clang::Expr *Argument, const clang::FunctionDecl *Caller, const clang::ASTContext *Ast) const;
};

} // namespace corolint
