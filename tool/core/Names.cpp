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

} // namespace corolint
