#include "corolint/CallCondition.h"

#include "corolint/Names.h"
#include "JsonChecks.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

#include <algorithm>

using namespace clang;
using nlohmann::json;

namespace corolint {

namespace {

using jsoncheck::fail;

const Expr *stripped(const Expr *E) { return E ? E->IgnoreParenImpCasts() : nullptr; }

// The variable an argument names, if it names one.
const VarDecl *namedVariable(const Expr *E) {
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(stripped(E)))
    return dyn_cast<VarDecl>(Ref->getDecl());
  return nullptr;
}

// The integer value of E if it is a constant, looking through the wrappers a std::chrono
// duration is built with (0s, milliseconds(0), seconds::zero()), a local constant's
// initialiser, and &var of a variable initialised to all zeros (select's struct timeval).
std::optional<long long> constantValue(const Expr *E, const ASTContext &Ast, int Depth = 0) {
  if (!E || Depth > 8)
    return std::nullopt;
  // Constant evaluation takes a prvalue: evaluate before the implicit casts are stripped
  // (an lvalue-to-rvalue conversion of a variable is one).
  if (const Expr *Value = E->IgnoreParens();
      Value->isPRValue() && !Value->isValueDependent() && Value->getType()->isIntegralOrEnumerationType()) {
    Expr::EvalResult Result;
    if (Value->EvaluateAsInt(Result, Ast))
      return Result.Val.getInt().getExtValue();
  }
  E = E->IgnoreParenImpCasts();
  // A constant object whose first field is an integer: a std::chrono::duration however it is
  // written (0s, milliseconds(0), seconds::zero()).
  if (E->isPRValue() && !E->isValueDependent() && E->getType()->isRecordType()) {
    Expr::EvalResult Result;
    if (E->EvaluateAsRValue(Result, Ast) && Result.Val.isStruct() && Result.Val.getStructNumFields() > 0 &&
        Result.Val.getStructField(0).isInt())
      return Result.Val.getStructField(0).getInt().getExtValue();
  }
  if (const auto *Literal = dyn_cast<UserDefinedLiteral>(E))
    return constantValue(Literal->getCookedLiteral(), Ast, Depth + 1);
  if (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(E))
    return constantValue(Temp->getSubExpr(), Ast, Depth + 1);
  if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(E))
    return constantValue(Bind->getSubExpr(), Ast, Depth + 1);
  if (const auto *Cast = dyn_cast<CastExpr>(E))
    return constantValue(Cast->getSubExpr(), Ast, Depth + 1);
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return Construct->getNumArgs() == 1 ? constantValue(Construct->getArg(0), Ast, Depth + 1) : std::nullopt;
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *Callee = Call->getDirectCallee(); Callee && Callee->getIdentifier() && Callee->getName() == "zero")
      return 0; // std::chrono::duration::zero()
  if (const auto *Unary = dyn_cast<UnaryOperator>(E); Unary && Unary->getOpcode() == UO_AddrOf) {
    const VarDecl *Var = namedVariable(Unary->getSubExpr());
    const auto *Init = Var ? dyn_cast_or_null<InitListExpr>(Var->getInit() ? Var->getInit()->IgnoreImplicit() : nullptr) : nullptr;
    if (!Init)
      return std::nullopt;
    for (const Expr *Field : Init->inits())
      if (constantValue(Field, Ast, Depth + 1) != 0)
        return std::nullopt;
    return 0;
  }
  if (const VarDecl *Var = namedVariable(E); Var && Var->getType().isConstQualified() && Var->getInit())
    return constantValue(Var->getInit(), Ast, Depth + 1);
  return std::nullopt;
}

// The identifiers written in E where the user wrote it (macro arguments included), plus those
// of a local variable's initialiser when E names one: where flags such as MSG_DONTWAIT appear.
std::vector<std::string> writtenIdentifiers(const Expr *E, const ASTContext &Ast) {
  std::vector<std::string> Out;
  const SourceManager &SM = Ast.getSourceManager();
  auto Collect = [&](const Expr *X) {
    CharSourceRange Range = SM.getExpansionRange(X->getSourceRange());
    StringRef Text = Lexer::getSourceText(Range, SM, Ast.getLangOpts());
    std::string Word;
    for (char C : Text.str() + " ") {
      if (std::isalnum(static_cast<unsigned char>(C)) || C == '_') {
        Word += C;
      } else if (!Word.empty()) {
        Out.push_back(Word);
        Word.clear();
      }
    }
  };
  Collect(E);
  if (const VarDecl *Var = namedVariable(E); Var && Var->getInit())
    Collect(Var->getInit());
  return Out;
}

// Whether Body mentions one of these macros (errno's EAGAIN, EINPROGRESS, ...): an integer
// literal that one of them expanded to.
class MacroUseFinder : public RecursiveASTVisitor<MacroUseFinder> {
public:
  MacroUseFinder(const ASTContext &Ast, const std::vector<std::string> &Names) : Ast(Ast), Names(Names) {}
  bool VisitIntegerLiteral(IntegerLiteral *Literal) {
    const SourceManager &SM = Ast.getSourceManager();
    for (SourceLocation Loc = Literal->getBeginLoc(); Loc.isMacroID(); Loc = SM.getImmediateMacroCallerLoc(Loc)) {
      StringRef Macro = Lexer::getImmediateMacroName(Loc, SM, Ast.getLangOpts());
      if (std::find(Names.begin(), Names.end(), Macro) != Names.end()) {
        Found = true;
        return false;
      }
    }
    return true;
  }
  bool Found = false;

private:
  const ASTContext &Ast;
  const std::vector<std::string> &Names;
};

// Whether E is a path written as a string literal starting with one of Prefixes, or a value
// opened from one: a std::string made from it, a local variable initialised with either, a
// stream constructed on it, or what fopen/open returned for it (the path is their first argument).
bool openedUnder(const Expr *E, const std::vector<std::string> &Prefixes, const Stmt *Scope, int Depth = 0);

// Whether the default-constructed stream Var is opened in Scope, and every time from a path
// under Prefixes (`std::ifstream in; in.open("/proc/self/stat");`). A stream assigned another
// one in Scope is not followed. Walks Scope with a stack of its own, not by recursion.
bool everyOpenUnder(const VarDecl &Var, const Stmt &Scope, const std::vector<std::string> &Prefixes, int Depth) {
  bool Opened = false;
  llvm::SmallVector<const Stmt *, 32> Pending{&Scope};
  while (!Pending.empty()) {
    const Stmt *S = Pending.pop_back_val();
    if (!S)
      continue;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S); Member && namedVariable(Member->getImplicitObjectArgument()) == &Var) {
      const CXXMethodDecl *Method = Member->getMethodDecl();
      if (Method && Method->getIdentifier() && Method->getName() == "open") {
        if (Member->getNumArgs() == 0 || !openedUnder(Member->getArg(0), Prefixes, &Scope, Depth + 1))
          return false;
        Opened = true;
      }
    } else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(S);
               Operator && Operator->getOperator() == OO_Equal && Operator->getNumArgs() > 0 &&
               namedVariable(Operator->getArg(0)) == &Var) {
      return false;
    }
    Pending.append(S->child_begin(), S->child_end());
  }
  return Opened;
}

bool openedUnder(const Expr *E, const std::vector<std::string> &Prefixes, const Stmt *Scope, int Depth) {
  E = stripped(E);
  if (!E || Depth > 8)
    return false;
  if (const auto *Literal = dyn_cast<StringLiteral>(E)) {
    if (!Literal->isOrdinary() && !Literal->isUTF8())
      return false;
    StringRef Text = Literal->getString();
    return std::any_of(Prefixes.begin(), Prefixes.end(), [&](const std::string &P) { return Text.startswith(P); });
  }
  if (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(E))
    return openedUnder(Temp->getSubExpr(), Prefixes, Scope, Depth + 1);
  if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(E))
    return openedUnder(Bind->getSubExpr(), Prefixes, Scope, Depth + 1);
  if (const auto *Cast = dyn_cast<CastExpr>(E))
    return openedUnder(Cast->getSubExpr(), Prefixes, Scope, Depth + 1);
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return Construct->getNumArgs() > 0 && openedUnder(Construct->getArg(0), Prefixes, Scope, Depth + 1);
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    // fopen(path, mode), open(path, flags), std::string(path).c_str() is a member call on it
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
      return openedUnder(Member->getImplicitObjectArgument(), Prefixes, Scope, Depth + 1);
    return Call->getNumArgs() > 0 && openedUnder(Call->getArg(0), Prefixes, Scope, Depth + 1);
  }
  // A local variable, which is what it was initialised with (a stream or FILE* kept for reading),
  // or, for a stream made closed, what it is opened on in the function.
  if (const VarDecl *Var = namedVariable(E); Var && Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) && Var->getInit()) {
    if (const auto *Made = dyn_cast<CXXConstructExpr>(Var->getInit()->IgnoreImplicit()); Made && Made->getNumArgs() == 0)
      return Scope && everyOpenUnder(*Var, *Scope, Prefixes, Depth);
    return openedUnder(Var->getInit(), Prefixes, Scope, Depth + 1);
  }
  return false;
}

} // namespace

CallCondition CallCondition::parse(const json &J, const std::string &Where, const std::string &Origin) {
  const char *Form = ": each 'unless' clause is {\"arg\": index or \"object\", \"is\": [variables] or a number, "
                     "\"has_flags\": [macros], \"path_under\": [prefixes]} or {\"caller_checks\": [macros]}";
  if (!J.is_object())
    fail(Origin, Where + Form);
  jsoncheck::rejectUnknownKeys(J, {"arg", "is", "address_of_integer", "has_flags", "path_under", "caller_checks"},
                               Where + ".unless", Origin);
  CallCondition C;
  if (J.contains("arg")) {
    if (J["arg"] == "object")
      C.Arg = Object;
    else if (!J["arg"].is_number_unsigned() || J["arg"].get<unsigned long long>() > 64)
      fail(Origin, Where + ".unless.arg: must be an argument index (0, 1, ...) or \"object\"");
    else
      C.Arg = static_cast<int>(J["arg"].get<unsigned long long>());
  }
  if (J.contains("is")) {
    if (J["is"].is_number_integer())
      C.IsValue = J["is"].get<long long>();
    else
      C.IsVariable = jsoncheck::stringList(J, "is", Where + ".unless", Origin);
  }
  if (J.contains("address_of_integer")) {
    if (!J["address_of_integer"].is_boolean())
      fail(Origin, Where + ".unless.address_of_integer: must be true or false");
    C.AddressOfInteger = J["address_of_integer"];
  }
  C.HasFlags = jsoncheck::stringList(J, "has_flags", Where + ".unless", Origin);
  C.PathUnder = jsoncheck::stringList(J, "path_under", Where + ".unless", Origin);
  for (const std::string &Prefix : C.PathUnder)
    if (Prefix.size() < 2 || Prefix.front() != '/' || Prefix.back() != '/')
      fail(Origin, Where + ".unless.path_under: '" + Prefix + "' is not an absolute directory ending in '/'");
  C.CallerChecks = jsoncheck::stringList(J, "caller_checks", Where + ".unless", Origin);
  bool ArgumentParts =
      !C.IsVariable.empty() || C.IsValue || C.AddressOfInteger || !C.HasFlags.empty() || !C.PathUnder.empty();
  if (ArgumentParts != (C.Arg != -1) || (!ArgumentParts && C.CallerChecks.empty()))
    fail(Origin, Where + Form);
  if (C.Arg == Object && (!C.IsVariable.empty() || C.IsValue || C.AddressOfInteger || !C.HasFlags.empty()))
    fail(Origin, Where + ".unless: \"arg\": \"object\" takes only \"path_under\"");
  return C;
}

bool CallCondition::holds(const CallExpr &Call, const FunctionDecl *Caller) const {
  const ASTContext *Ast = Caller ? &Caller->getASTContext() : nullptr;
  const Expr *Argument = nullptr;
  if (Arg == Object) {
    // The stream a member is called on: `in.getline(...)`, or `in >> x` as a member operator.
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call))
      Argument = Member->getImplicitObjectArgument();
    else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(&Call);
             Operator && isa_and_nonnull<CXXMethodDecl>(Operator->getDirectCallee()) && Operator->getNumArgs() > 0)
      Argument = Operator->getArg(0);
    if (!Argument)
      return false;
  } else if (Arg >= 0) {
    if (static_cast<unsigned>(Arg) >= Call.getNumArgs())
      return false;
    Argument = Call.getArg(Arg);
  }
  return holdsFor(Argument, Caller, Ast);
}

bool CallCondition::holds(const CXXConstructExpr &Construct) const {
  if (Arg < 0 || static_cast<unsigned>(Arg) >= Construct.getNumArgs() || !CallerChecks.empty())
    return false;
  return holdsFor(Construct.getArg(Arg), nullptr, nullptr);
}

bool CallCondition::holdsFor(const Expr *Argument, const FunctionDecl *Caller, const ASTContext *Ast) const {
  if (Argument) {
    if (!PathUnder.empty() && !openedUnder(Argument, PathUnder, Caller ? Caller->getBody() : nullptr))
      return false;
    if (!IsVariable.empty()) {
      const auto *Ref = dyn_cast<DeclRefExpr>(stripped(Argument));
      if (!Ref || std::find(IsVariable.begin(), IsVariable.end(), catalogName(*Ref->getDecl())) == IsVariable.end())
        return false;
    }
    if (IsValue && (!Ast || constantValue(Argument, *Ast) != IsValue))
      return false;
    if (AddressOfInteger) {
      const auto *Address = dyn_cast<UnaryOperator>(stripped(Argument));
      const VarDecl *Var = Address && Address->getOpcode() == UO_AddrOf ? namedVariable(Address->getSubExpr()) : nullptr;
      if (!Var || !Var->getType()->isIntegerType())
        return false;
    }
    if (!HasFlags.empty()) {
      if (!Ast)
        return false;
      std::vector<std::string> Written = writtenIdentifiers(Argument, *Ast);
      for (const std::string &Flag : HasFlags)
        if (std::find(Written.begin(), Written.end(), Flag) == Written.end())
          return false;
    }
  }
  if (!CallerChecks.empty()) {
    if (!Ast || !Caller->getBody())
      return false;
    MacroUseFinder Finder(*Ast, CallerChecks);
    Finder.TraverseStmt(Caller->getBody());
    if (!Finder.Found)
      return false;
  }
  return true;
}

} // namespace corolint
