#include "Fixes.h"
#include "Files.h"

#include "llvm/Support/FileSystem.h"

#include <algorithm>
#include <map>
#include <set>
#include <optional>

#include <sys/stat.h>

namespace corolint {

namespace {

bool isUnder(const std::string &Path, const std::string &Directory) {
  if (Directory.empty())
    return false;
  std::string Prefix = Directory.back() == '/' ? Directory : Directory + "/";
  return Path.compare(0, Prefix.size(), Prefix) == 0;
}

// Why File may not be rewritten, or nothing.
std::optional<std::string> refusal(const std::string &File, const FixPolicy &Policy) {
  llvm::SmallString<256> Real;
  if (llvm::sys::fs::real_path(File, Real))
    return File + ": cannot be read; its fixes were not applied";
  std::string Path(Real);
  if (!isUnder(Path, Policy.SourceRoot))
    return File + ": outside the source root (" + Policy.SourceRoot + "); its fixes were not applied";
  if (!Policy.Files.count(Path))
    return File + ": not analysed in this run; its fixes were not applied";
  struct stat St;
  if (::stat(Path.c_str(), &St) != 0 || !S_ISREG(St.st_mode))
    return File + ": not a regular file; its fixes were not applied";
  if ((St.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0)
    return File + ": read-only; its fixes were not applied";
  if (St.st_nlink > 1)
    return File + ": has " + std::to_string(St.st_nlink) +
           " hard links, which rewriting it would break; its fixes were not applied";
  return std::nullopt;
}

} // namespace

FixOutcome applyFixes(const std::vector<Finding> &Findings, const FixPolicy &Policy) {
  FixOutcome Outcome;
  std::map<std::string, std::string> Texts;
  std::map<std::string, std::optional<std::string>> Refused; // per file, decided once
  std::map<std::string, std::vector<const Replacement *>> Taken; // per file, in the order taken
  std::vector<std::pair<size_t, std::set<std::string>>> Applied; // each fix taken, and its files
  auto textOf = [&](const std::string &File) -> std::string * {
    auto It = Texts.find(File);
    if (It == Texts.end()) {
      auto Text = readRegularFile(File, /*Limit=*/1ull << 30);
      if (!Text) {
        llvm::consumeError(Text.takeError());
        return nullptr;
      }
      It = Texts.emplace(File, std::move(*Text)).first;
    }
    return &It->second;
  };

  for (size_t I = 0; I < Findings.size(); ++I) {
    const Finding &F = Findings[I];
    if (F.SuppressedBy || F.Fixes.empty())
      continue;
    const Fix &X = F.Fixes.front();
    std::string Problem;
    bool Skip = false;
    for (const Replacement &R : X.Replacements) {
      auto [Decision, New] = Refused.try_emplace(R.Where.File);
      if (New) {
        Decision->second = refusal(R.Where.File, Policy);
        if (Decision->second) // said once per file
          Outcome.Problems.push_back(*Decision->second);
      }
      if ((Skip = Decision->second.has_value()))
        break;
      const std::string *Text = textOf(R.Where.File);
      if (!Text || R.Offset + R.Length > Text->size() || Text->compare(R.Offset, R.Length, R.Original) != 0) {
        Problem = R.Where.File + ": changed since it was analysed; fix at line " + std::to_string(R.Where.Line) + " skipped";
        break;
      }
      for (const Replacement *Other : Taken[R.Where.File])
        if (R.Offset < Other->Offset + Other->Length && Other->Offset < R.Offset + R.Length)
          Problem = R.Where.File + ": fix at line " + std::to_string(R.Where.Line) + " overlaps another; run --fix again";
      if (!Problem.empty())
        break;
    }
    if (!Problem.empty())
      Outcome.Problems.push_back(Problem);
    if (Skip || !Problem.empty())
      continue;
    std::set<std::string> FilesOfFix;
    for (const Replacement &R : X.Replacements) {
      Taken[R.Where.File].push_back(&R);
      FilesOfFix.insert(R.Where.File);
    }
    Applied.emplace_back(I, std::move(FilesOfFix));
  }

  for (auto &[File, Replacements] : Taken) {
    std::string Text = Texts[File];
    std::sort(Replacements.begin(), Replacements.end(),
              [](const Replacement *A, const Replacement *B) { return A->Offset > B->Offset; });
    for (const Replacement *R : Replacements) // from the end, so that offsets stay valid
      Text.replace(R->Offset, R->Length, R->Text);
    if (llvm::Error E = writeFileAtomically(File, Text)) {
      Outcome.Problems.push_back(llvm::toString(std::move(E)) + "; its fixes were not applied");
      continue;
    }
    Outcome.Files.push_back(File);
  }
  // A finding is fixed when every file its fix touches was written.
  std::set<std::string> Written(Outcome.Files.begin(), Outcome.Files.end());
  for (const auto &[Index, FilesOfFix] : Applied)
    if (std::includes(Written.begin(), Written.end(), FilesOfFix.begin(), FilesOfFix.end()))
      Outcome.Fixed.push_back(Index);
  return Outcome;
}

} // namespace corolint
