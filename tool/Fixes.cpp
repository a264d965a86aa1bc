#include "Fixes.h"
#include "Baseline.h"

#include "llvm/Support/MemoryBuffer.h"

#include <map>

namespace corolint {

FixOutcome applyFixes(const std::vector<Finding> &Findings) {
  FixOutcome Outcome;
  std::map<std::string, std::string> Texts;
  std::map<std::string, std::vector<const Replacement *>> Taken; // per file, in the order taken
  auto textOf = [&](const std::string &File) -> std::string * {
    auto It = Texts.find(File);
    if (It == Texts.end()) {
      auto Buffer = llvm::MemoryBuffer::getFile(File);
      if (!Buffer)
        return nullptr;
      It = Texts.emplace(File, (*Buffer)->getBuffer().str()).first;
    }
    return &It->second;
  };

  for (size_t I = 0; I < Findings.size(); ++I) {
    const Finding &F = Findings[I];
    if (F.SuppressedBy || F.Fixes.empty())
      continue;
    const Fix &X = F.Fixes.front();
    std::string Problem;
    for (const Replacement &R : X.Replacements) {
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
    if (!Problem.empty()) {
      Outcome.Problems.push_back(Problem);
      continue;
    }
    for (const Replacement &R : X.Replacements)
      Taken[R.Where.File].push_back(&R);
    Outcome.Fixed.push_back(I);
  }

  for (auto &[File, Replacements] : Taken) {
    std::string Text = Texts[File];
    std::sort(Replacements.begin(), Replacements.end(),
              [](const Replacement *A, const Replacement *B) { return A->Offset > B->Offset; });
    for (const Replacement *R : Replacements) // from the end, so that offsets stay valid
      Text.replace(R->Offset, R->Length, R->Text);
    if (llvm::Error E = writeFileAtomically(File, Text)) {
      Outcome.Problems.push_back(llvm::toString(std::move(E)));
      continue;
    }
    Outcome.Files.push_back(File);
  }
  return Outcome;
}

} // namespace corolint
