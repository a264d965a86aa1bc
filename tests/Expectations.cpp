#include "Expectations.h"

#include <regex>
#include <sstream>

namespace corolint::tests {

namespace {

bool parseExpectation(const std::string &Line, unsigned LineNumber, Expectation &Out, std::string &Error) {
  static const std::regex Syntax(R"(//\s*EXPECT(@([+-]\d+))?:\s*([a-z0-9-]+)\s*(.*)$)");
  std::smatch M;
  if (!std::regex_search(Line, M, Syntax)) {
    Error = "malformed EXPECT (want '// EXPECT[@+N]: rule-id {{text}}...')";
    return false;
  }
  int Target = static_cast<int>(LineNumber) + (M[2].matched ? std::stoi(M[2].str()) : 0);
  if (Target < 1) {
    Error = "EXPECT points before the first line";
    return false;
  }
  Out.Line = static_cast<unsigned>(Target);
  Out.Rule = M[3].str();
  std::string Rest = M[4].str();
  static const std::regex Fragment(R"(\{\{(.*?)\}\})");
  for (auto It = std::sregex_iterator(Rest.begin(), Rest.end(), Fragment); It != std::sregex_iterator(); ++It)
    Out.Fragments.push_back((*It)[1].str());
  std::string Leftover = std::regex_replace(Rest, Fragment, "");
  if (Leftover.find_first_not_of(" \t") != std::string::npos) {
    Error = "unexpected text after the rule id: '" + Leftover + "'";
    return false;
  }
  return true;
}

} // namespace

ExpectationFile parseExpectations(const std::string &Text) {
  ExpectationFile File;
  std::istringstream In(Text);
  std::string Line;
  for (unsigned Number = 1; std::getline(In, Line); ++Number) {
    if (auto Pos = Line.find("// ARGS:"); Pos != std::string::npos) {
      std::istringstream Args(Line.substr(Pos + 8));
      for (std::string Arg; Args >> Arg;)
        File.Args.push_back(Arg);
    }
    if (auto Pos = Line.find("// OPTIONS:"); Pos != std::string::npos)
      File.Options = Line.substr(Pos + 11);
    if (Line.find("// EXPECT-NONE") != std::string::npos) {
      File.ExpectNone = true;
      continue;
    }
    if (Line.find("// EXPECT") == std::string::npos)
      continue;
    Expectation E;
    std::string Error;
    if (parseExpectation(Line, Number, E, Error))
      File.Expected.push_back(std::move(E));
    else
      File.Errors.push_back("line " + std::to_string(Number) + ": " + Error);
  }
  if (File.ExpectNone && !File.Expected.empty())
    File.Errors.push_back("EXPECT-NONE in a file that also has EXPECT lines");
  if (!File.ExpectNone && File.Expected.empty())
    File.Errors.push_back("no expectations: add EXPECT lines or EXPECT-NONE");
  return File;
}

std::vector<std::string> compare(const ExpectationFile &Expected, const std::vector<Finding> &Found,
                                 const std::string &File) {
  std::vector<std::string> Problems = Expected.Errors;
  std::vector<bool> Met(Expected.Expected.size(), false);
  for (const Finding &F : Found) {
    if (F.Where.File != File)
      continue;
    bool Matched = false;
    for (size_t I = 0; I < Expected.Expected.size() && !Matched; ++I) {
      const Expectation &E = Expected.Expected[I];
      if (Met[I] || E.Line != F.Where.Line || E.Rule != F.Rule)
        continue;
      bool AllFragments = true;
      for (const std::string &Fragment : E.Fragments)
        AllFragments &= F.Message.find(Fragment) != std::string::npos;
      if (AllFragments)
        Met[I] = Matched = true;
    }
    if (!Matched)
      Problems.push_back("unexpected finding at line " + std::to_string(F.Where.Line) + ":" +
                         std::to_string(F.Where.Column) + ": " + F.Message + " [" + F.Rule + "]");
  }
  for (size_t I = 0; I < Met.size(); ++I)
    if (!Met[I]) {
      std::string Text = "expected " + Expected.Expected[I].Rule + " at line " +
                         std::to_string(Expected.Expected[I].Line);
      for (const std::string &Fragment : Expected.Expected[I].Fragments)
        Text += " {{" + Fragment + "}}";
      Problems.push_back(Text + ", not reported");
    }
  return Problems;
}

} // namespace corolint::tests
