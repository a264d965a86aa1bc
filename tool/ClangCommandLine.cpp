// Making compile commands written for other compilers acceptable to clang, and finding clang's
// builtin headers.
#include "Engine.h"

#include "clang/Driver/Options.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <map>
#include <set>
#include <string_view>

namespace corolint {

namespace {

namespace options = clang::driver::options;

bool hasBuiltinHeaders(const std::string &Dir) {
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, "include", "stddef.h");
  return !Dir.empty() && llvm::sys::fs::exists(Path);
}

bool isPrecompiledHeaderOf(const std::string &Header, const std::string &Directory) {
  llvm::SmallString<256> Path(Header);
  if (!llvm::sys::path::is_absolute(Path))
    llvm::sys::fs::make_absolute(Directory, Path);
  for (const char *Suffix : {".gch", ".pch"})
    if (llvm::sys::fs::exists(Path + Suffix))
      return true;
  return false;
}

} // namespace

std::vector<std::string> adjustForClang(const std::vector<std::string> &CommandLine,
                                        const std::string &Directory,
                                        const std::string &ResourceDir) {
  if (CommandLine.empty())
    return CommandLine;
  std::vector<const char *> Argv;
  for (size_t I = 1; I < CommandLine.size(); ++I)
    Argv.push_back(CommandLine[I].c_str());
  unsigned MissingIndex = 0, MissingCount = 0;
  llvm::opt::InputArgList Args = clang::driver::getDriverOptTable().ParseArgs(
      Argv, MissingIndex, MissingCount, /*FlagsToInclude=*/0,
      /*FlagsToExclude=*/options::NoDriverOption | options::CLOption);

  std::set<unsigned> Dropped; // indices into Argv
  // `-include X` whose X has a precompiled header beside it: the driver would load X.gch and
  // fail on GCC's format, so X goes straight to cc1, which includes it as text.
  std::map<unsigned, std::string> PlainIncludes;
  for (const llvm::opt::Arg *A : Args) {
    const llvm::opt::Option &O = A->getOption();
    if (O.getKind() == llvm::opt::Option::UnknownClass) {
      Dropped.insert(A->getIndex()); // a GCC-only flag such as -fconcepts-diagnostics-depth=2
    } else if (O.matches(options::OPT_fpch_preprocess)) {
      Dropped.insert(A->getIndex()); // GCC's PCH mode; meaningless without its .gch files
    } else if (O.matches(options::OPT_include) && isPrecompiledHeaderOf(A->getValue(), Directory)) {
      PlainIncludes[A->getIndex()] = A->getValue();
      if (std::string_view(Argv[A->getIndex()]) == "-include")
        Dropped.insert(A->getIndex() + 1); // the separate value
    }
  }

  std::vector<std::string> Out{CommandLine.front()};
  for (unsigned I = 0; I < Argv.size(); ++I) {
    if (auto Include = PlainIncludes.find(I); Include != PlainIncludes.end())
      Out.insert(Out.end(), {"-Xclang", "-include", "-Xclang", Include->second});
    else if (!Dropped.count(I))
      Out.push_back(Argv[I]);
  }
  Out.push_back("-w"); // warnings (and -Werror) are the compiler's business, not ours
  // No "N errors generated." on standard error: a unit's first error is reported in one line.
  Out.push_back("-fno-caret-diagnostics");
  if (!ResourceDir.empty())
    Out.push_back("-resource-dir=" + ResourceDir);
  return Out;
}

std::string findResourceDir(const char *Argv0) {
  std::string Executable = llvm::sys::fs::getMainExecutable(Argv0, (void *)&findResourceDir);
  if (!Executable.empty()) {
    // PREFIX/bin/corolint: first corolint's own copy, which its package and `cmake --install`
    // put in PREFIX/lib/corolint/clang/N (Debian's libclang-common-N-dev owns /usr/lib/clang/N,
    // so a package must not ship files there), then a clang installed in the same prefix.
    llvm::StringRef Prefix = llvm::sys::path::parent_path(llvm::sys::path::parent_path(Executable));
    for (const char *Dir : {"lib/corolint/clang", "lib/clang"}) {
      llvm::SmallString<256> Installed(Prefix);
      llvm::sys::path::append(Installed, Dir, COROLINT_CLANG_VERSION_MAJOR);
      if (hasBuiltinHeaders(std::string(Installed)))
        return std::string(Installed);
    }
  }
  if (hasBuiltinHeaders(COROLINT_BUILD_RESOURCE_DIR))
    return COROLINT_BUILD_RESOURCE_DIR;
  for (const char *Name : {"clang-" COROLINT_CLANG_VERSION_MAJOR, "clang"}) {
    llvm::ErrorOr<std::string> Clang = llvm::sys::findProgramByName(Name);
    if (!Clang)
      continue;
    llvm::SmallString<128> Output;
    if (llvm::sys::fs::createTemporaryFile("corolint-resource-dir", "txt", Output))
      continue;
    std::optional<llvm::StringRef> Redirects[] = {std::nullopt, llvm::StringRef(Output), std::nullopt};
    int Status = llvm::sys::ExecuteAndWait(*Clang, {*Clang, "-print-resource-dir"}, std::nullopt, Redirects);
    auto Text = llvm::MemoryBuffer::getFile(Output);
    llvm::sys::fs::remove(Output);
    if (Status == 0 && Text) {
      std::string Dir = (*Text)->getBuffer().trim().str();
      if (hasBuiltinHeaders(Dir))
        return Dir;
    }
  }
  return "";
}

} // namespace corolint
