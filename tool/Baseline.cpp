#include "Baseline.h"
#include "SourceFiles.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA1.h"
#include "llvm/Support/raw_ostream.h"
#include <nlohmann/json.hpp>

#include <cctype>
#include <map>

using nlohmann::json;

namespace corolint {

namespace {

constexpr int BaselineFormatVersion = 1;

// The text of S (its first line, if it spans several), whitespace runs collapsed.
std::string spanText(const SourceSpan &S, SourceFiles &Sources) {
  std::string Line = Sources.line(S.File, S.Line);
  size_t Begin = S.Column ? S.Column - 1 : 0;
  size_t End = S.EndLine == S.Line && S.EndColumn > S.Column ? S.EndColumn - 1 : Line.size();
  std::string Text = Begin < Line.size() ? Line.substr(Begin, End - Begin) : "";
  std::string Out;
  bool Space = false;
  for (char C : Text) {
    if (std::isspace(static_cast<unsigned char>(C))) {
      Space = !Out.empty();
      continue;
    }
    if (Space)
      Out += ' ';
    Space = false;
    Out += C;
  }
  return Out;
}

bool isBaseline(const std::string &Path) {
  auto J = readJsonFile(Path);
  if (!J) {
    llvm::consumeError(J.takeError());
    return false;
  }
  return J->is_object() && J->contains("corolint_baseline");
}

} // namespace

std::string relativeToRoot(const std::string &File, const std::string &Root) {
  std::string Prefix = Root;
  if (!Prefix.empty() && Prefix.back() != '/')
    Prefix += '/';
  if (!Prefix.empty() && File.compare(0, Prefix.size(), Prefix) == 0)
    return File.substr(Prefix.size());
  return File;
}

std::string withoutLineNumbers(std::string_view Text) {
  auto Digit = [](char C) { return C >= '0' && C <= '9'; };
  auto NameChar = [](char C) { return std::isalnum(static_cast<unsigned char>(C)) || C == '_' || C == '-' || C == '.' || C == '+'; };
  // Is the number at I a place's line: after the word "line ", or after "NAME.EXT:" (a file
  // name, so not "127.0.0.1:8080" nor the column after "routes.cpp:18:")?
  auto IsPlace = [&](size_t I) {
    constexpr std::string_view Word = "line ";
    if (I >= Word.size() && Text.substr(I - Word.size(), Word.size()) == Word)
      return I == Word.size() || !NameChar(Text[I - Word.size() - 1]);
    if (I == 0 || Text[I - 1] != ':')
      return false;
    size_t Begin = I - 1;
    while (Begin > 0 && NameChar(Text[Begin - 1]))
      --Begin;
    std::string_view Name = Text.substr(Begin, I - 1 - Begin);
    size_t Dot = Name.rfind('.');
    return Dot != std::string_view::npos && Dot + 1 < Name.size() &&
           std::isalpha(static_cast<unsigned char>(Name[Dot + 1]));
  };
  std::string Out;
  Out.reserve(Text.size());
  for (size_t I = 0; I < Text.size();) {
    if (Digit(Text[I]) && (I == 0 || !NameChar(Text[I - 1])) && IsPlace(I)) {
      while (I < Text.size() && Digit(Text[I]))
        ++I;
      Out += '#';
      continue;
    }
    Out += Text[I++];
  }
  return Out;
}

std::vector<std::string> stableFingerprints(const std::vector<Finding> &Findings, const std::string &Root,
                                            SourceFiles &Sources) {
  // Findings come sorted by position, so the rank among equals follows the order in the file.
  std::map<std::string, unsigned> Seen;
  std::vector<std::string> Out;
  for (const Finding &F : Findings) {
    llvm::SHA1 Hash;
    for (const std::string &Part : {F.Rule, relativeToRoot(F.Where.File, Root), withoutLineNumbers(F.Function),
                                    withoutLineNumbers(F.Message), spanText(F.Where, Sources)}) {
      Hash.update(Part);
      Hash.update(llvm::StringRef("\0", 1));
    }
    std::string Key = llvm::toHex(Hash.final(), /*LowerCase=*/true).substr(0, 32);
    Out.push_back(Key + ":" + std::to_string(++Seen[Key]));
  }
  return Out;
}

llvm::Error writeBaseline(const std::string &Path, const std::vector<Finding> &Findings,
                          const std::vector<std::string> &Fingerprints, const std::string &Root,
                          const RunInputs &Inputs) {
  if (llvm::Error E = checkOutputTarget(Path, Inputs))
    return llvm::createStringError(std::errc::invalid_argument, "--write-baseline %s", llvm::toString(std::move(E)).c_str());
  if (llvm::sys::fs::exists(Path) && !isBaseline(Path))
    return llvm::createStringError(std::errc::file_exists,
                                   "--write-baseline %s: refusing to overwrite a file that is not a corolint baseline",
                                   Path.c_str());
  json List = json::array();
  for (size_t I = 0; I < Findings.size(); ++I)
    if (!Findings[I].SuppressedBy)
      List.push_back({{"fingerprint", Fingerprints[I]},
                      {"rule", Findings[I].Rule},
                      {"file", relativeToRoot(Findings[I].Where.File, Root)},
                      {"message", Findings[I].Message}});
  json Root_ = {{"corolint_baseline", BaselineFormatVersion}, {"findings", List}};
  if (llvm::Error E = writeFileAtomically(Path, dumpJson(Root_, 2) + "\n", Inputs))
    return llvm::createStringError(std::errc::io_error, "--write-baseline %s", llvm::toString(std::move(E)).c_str());
  return llvm::Error::success();
}

llvm::Expected<std::multiset<std::string>> readBaseline(const std::string &Path) {
  auto Text = readRegularFile(Path);
  if (!Text)
    return llvm::createStringError(std::errc::invalid_argument, "--baseline %s", llvm::toString(Text.takeError()).c_str());
  return parseBaseline(*Text, Path);
}

llvm::Expected<std::multiset<std::string>> parseBaseline(llvm::StringRef Text, const std::string &Path) {
  auto Read = parseJsonText(Text, Path);
  if (!Read)
    return llvm::createStringError(std::errc::invalid_argument, "--baseline %s", llvm::toString(Read.takeError()).c_str());
  json J = std::move(*Read);
  if (!J.is_object() || !J.contains("corolint_baseline") || J["corolint_baseline"] != BaselineFormatVersion ||
      !J.contains("findings") || !J["findings"].is_array())
    return llvm::createStringError(std::errc::invalid_argument,
                                   "--baseline %s: not a corolint baseline (write one with --write-baseline)", Path.c_str());
  std::multiset<std::string> Fingerprints;
  for (const json &F : J["findings"]) {
    if (!F.is_object() || !F.contains("fingerprint") || !F["fingerprint"].is_string())
      return llvm::createStringError(std::errc::invalid_argument,
                                     "--baseline %s: findings[%zu]: 'fingerprint' must be a string", Path.c_str(),
                                     Fingerprints.size());
    Fingerprints.insert(F["fingerprint"].get<std::string>());
  }
  return Fingerprints;
}

} // namespace corolint
