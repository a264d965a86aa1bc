#include "corolint/Names.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Type.h"

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

std::string functionDisplayName(const FunctionDecl &F) {
  const auto *Method = dyn_cast<CXXMethodDecl>(&F);
  if (!Method || !Method->getParent()->isLambda())
    return catalogName(F); // without template arguments: instantiations read the same
  // Name a lambda after the function it is written in, which is what a reader can find.
  for (const DeclContext *DC = Method->getParent()->getParent(); DC; DC = DC->getParent())
    if (const auto *Enclosing = dyn_cast<FunctionDecl>(DC)) {
      if (const auto *M = dyn_cast<CXXMethodDecl>(Enclosing); M && M->getParent()->isLambda())
        continue;
      return "lambda in '" + catalogName(*Enclosing) + "'";
    }
  return "lambda";
}

} // namespace corolint
