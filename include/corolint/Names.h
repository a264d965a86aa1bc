// Names by which the catalog and framework models refer to declarations.
#pragma once

#include <string>

namespace clang {
class FunctionDecl;
class NamedDecl;
class QualType;
} // namespace clang

namespace corolint {

// The fully qualified name of D as written in catalogs: inline namespaces (std::__cxx11,
// std::__1) and template arguments are dropped, so `std::future<int>::get` is `std::future::get`
// and `std::__cxx11::basic_string` is `std::basic_string`. Namespace aliases from the catalog
// (for example boost::asio -> asio) are applied by the caller.
std::string catalogName(const clang::NamedDecl &D);

// catalogName of the class behind T (through references, pointers and typedefs), or "" if T is
// not a class type.
std::string catalogNameOfType(clang::QualType T);

// How messages name a function: its catalogName, or for a lambda "lambda in 'enclosing'".
std::string functionDisplayName(const clang::FunctionDecl &F);

} // namespace corolint
