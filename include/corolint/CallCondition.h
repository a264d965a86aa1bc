// Argument- and context-dependent conditions of the blocking-API catalog: a call that the
// catalog lists is not blocking when its arguments or its caller say so (a zero timeout, a
// MSG_DONTWAIT flag, errno checked for EAGAIN). Data in the catalog, evaluated here.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace clang {
class CallExpr;
class FunctionDecl;
} // namespace clang

namespace corolint {

// One "unless" clause of a catalog entry; the call is excused when every part given holds.
struct CallCondition {
  int Arg = -1;                          // the argument the argument parts look at
  std::vector<std::string> IsVariable;   // "is": ["stderr"]: the argument names one of these
  std::optional<long long> IsValue;      // "is": 0: the argument is this constant (durations too)
  bool AddressOfInteger = false;         // "address_of_integer": true: the argument is &x of one
                                         // integer variable (a wake-up write to an eventfd or a
                                         // self-pipe sends one integer)
  std::vector<std::string> HasFlags;     // "has_flags": every one of these is or-ed in
  std::vector<std::string> CallerChecks; // "caller_checks": the calling function compares
                                         // against one of these macros (EAGAIN): the fd is
                                         // non-blocking and the code handles it

  // Parses one clause; throws std::runtime_error "Origin: Where: what".
  static CallCondition parse(const nlohmann::json &J, const std::string &Where, const std::string &Origin);
  // Whether Call, made in Caller (null: unknown), satisfies the clause.
  bool holds(const clang::CallExpr &Call, const clang::FunctionDecl *Caller) const;
};

} // namespace corolint
