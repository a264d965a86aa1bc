#include "corolint/Names.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Type.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace corolint {

namespace {

// The name a declaration context contributes, or "" when it contributes none.
std::string contextComponent(const DeclContext &DC) {
  if (const auto *NS = dyn_cast<NamespaceDecl>(&DC)) {
    if (NS->isInline() || NS->isAnonymousNamespace())
      return "";
    return NS->getName().str();
  }
  if (const auto *RD = dyn_cast<RecordDecl>(&DC))
    return RD->getName().str(); // a specialization is named after its template, without arguments
  if (const auto *FD = dyn_cast<FunctionDecl>(&DC))
    return FD->getNameAsString();
  return ""; // extern "C" blocks, the translation unit
}

} // namespace

std::string catalogName(const NamedDecl &D) {
  std::string Name = D.getNameAsString();
  for (const DeclContext *DC = D.getDeclContext(); DC; DC = DC->getParent()) {
    std::string Part = contextComponent(*DC);
    if (!Part.empty())
      Name = Part + "::" + Name;
  }
  return Name;
}

std::string catalogNameOfType(QualType T) {
  T = T.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl())
    return catalogName(*RD);
  return "";
}

namespace {

// "file.cpp:42" for where Loc is used (a macro's expansion: where the macro is written).
std::string placeOf(const SourceManager &SM, SourceLocation Loc) {
  PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(Loc));
  if (P.isInvalid())
    return "";
  return llvm::sys::path::filename(P.getFilename()).str() + ":" + std::to_string(P.getLine());
}

// How a reader finds a function: its name, or for one a macro made (a test framework's
// TEST_CASE expands to a function named CATCH2_INTERNAL_TEST_7), the macro written and where.
std::string enclosingName(const FunctionDecl &F) {
  const SourceManager &SM = F.getASTContext().getSourceManager();
  SourceLocation Loc = F.getLocation();
  if (!Loc.isMacroID())
    return catalogName(F);
  StringRef Macro;
  for (SourceLocation L = Loc; L.isMacroID(); L = SM.getImmediateMacroCallerLoc(L))
    Macro = Lexer::getImmediateMacroName(L, SM, F.getASTContext().getLangOpts());
  return Macro.str() + " at " + placeOf(SM, Loc);
}

} // namespace

std::string functionDisplayName(const FunctionDecl &F) {
  const auto *Method = dyn_cast<CXXMethodDecl>(&F);
  if (!Method || !Method->getParent()->isLambda())
    return catalogName(F); // without template arguments: instantiations read the same
  // Name a lambda by where it is written and the function it is written in, which is what a
  // reader can find.
  std::string Lambda = "lambda at " + placeOf(F.getASTContext().getSourceManager(), Method->getParent()->getLocation());
  for (const DeclContext *DC = Method->getParent()->getParent(); DC; DC = DC->getParent())
    if (const auto *Enclosing = dyn_cast<FunctionDecl>(DC)) {
      if (const auto *M = dyn_cast<CXXMethodDecl>(Enclosing); M && M->getParent()->isLambda())
        continue;
      return Lambda + " in '" + enclosingName(*Enclosing) + "'";
    }
  return Lambda;
}

} // namespace corolint
