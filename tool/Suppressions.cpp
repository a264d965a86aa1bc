#include "Suppressions.h"
#include "SourceFiles.h"

#include <cctype>
#include <map>

namespace corolint {

std::string unusedSuppressionSummary() { return "Flags a NOLINT comment naming a corolint rule that suppresses nothing."; }

std::string unusedSuppressionDoc() {
  return "# unused-suppression\n\n"
         "## What it does\n"
         "Flags a NOLINT comment naming a corolint rule that suppresses nothing.\n\n"
         "Reported only with `--report-unused-suppressions` (or `\"report_unused_suppressions\": true` "
         "in `.corolint.json`), for comments that name a rule that ran, by its exact id.\n\n"
         "## Why is this bad?\n"
         "A suppression outlives the code it was written for: once the blocking call is gone, the "
         "comment hides the next one written on that line.\n\n"
         "## Example\n"
         "```cpp\nco_await coroweb::sleep(1s); // NOLINT(blocking-call-in-coroutine)\n```\n\n"
         "## Use instead\n"
         "```cpp\nco_await coroweb::sleep(1s);\n```\n";
}

namespace {

// '*' matches any run of characters; everything else matches itself.
bool globMatch(std::string_view Pattern, std::string_view Text) {
  size_t P = 0, T = 0, Star = std::string_view::npos, Mark = 0;
  while (T < Text.size()) {
    if (P < Pattern.size() && Pattern[P] == '*') {
      Star = P++;
      Mark = T;
    } else if (P < Pattern.size() && Pattern[P] == Text[T]) {
      ++P;
      ++T;
    } else if (Star != std::string_view::npos) {
      P = Star + 1;
      T = ++Mark;
    } else {
      return false;
    }
  }
  while (P < Pattern.size() && Pattern[P] == '*')
    ++P;
  return P == Pattern.size();
}

std::string trim(std::string S) {
  while (!S.empty() && std::isspace(static_cast<unsigned char>(S.back())))
    S.pop_back();
  size_t Start = 0;
  while (Start < S.size() && std::isspace(static_cast<unsigned char>(S[Start])))
    ++Start;
  return S.substr(Start);
}

bool isWordChar(char C) { return std::isalnum(static_cast<unsigned char>(C)) || C == '_'; }

// The directives on one line of source: only inside a comment (from the first // or /*).
void parseLine(const std::string &File, const std::string &Line, unsigned Number,
               std::vector<SuppressionDirective> &Out) {
  size_t Comment = std::min(Line.find("//"), Line.find("/*"));
  if (Comment == std::string::npos)
    return;
  for (size_t At = Line.find("NOLINT", Comment); At != std::string::npos; At = Line.find("NOLINT", At + 6)) {
    if (At > 0 && isWordChar(Line[At - 1]))
      continue;
    SuppressionDirective D;
    size_t End = At + 6;
    auto Suffix = [&](std::string_view S) {
      if (Line.compare(End, S.size(), S) != 0)
        return false;
      End += S.size();
      return true;
    };
    if (Suffix("NEXTLINE"))
      D.What = SuppressionDirective::NextLine;
    else if (Suffix("BEGIN"))
      D.What = SuppressionDirective::Begin;
    else if (Suffix("END"))
      D.What = SuppressionDirective::End;
    if (End < Line.size() && isWordChar(Line[End]))
      continue; // NOLINTFOO is not ours
    if (End < Line.size() && Line[End] == '(') {
      size_t Close = Line.find(')', End);
      if (Close == std::string::npos)
        continue; // clang-tidy ignores an unclosed list too
      D.AllRules = false;
      std::string List = Line.substr(End + 1, Close - End - 1);
      for (size_t Start = 0; Start <= List.size();) {
        size_t Comma = List.find(',', Start);
        std::string Item = trim(List.substr(Start, Comma == std::string::npos ? std::string::npos : Comma - Start));
        if (!Item.empty())
          D.Patterns.push_back(Item);
        if (Comma == std::string::npos)
          break;
        Start = Comma + 1;
      }
      End = Close + 1;
    }
    D.Text = Line.substr(At, End - At);
    D.Where = {File, Number, static_cast<unsigned>(At + 1), Number, static_cast<unsigned>(End + 1)};
    D.FirstLine = D.LastLine = D.What == SuppressionDirective::NextLine ? Number + 1 : Number;
    if (D.What == SuppressionDirective::End)
      D.FirstLine = 1, D.LastLine = 0; // covers nothing itself
    Out.push_back(std::move(D));
  }
}

} // namespace

bool SuppressionDirective::covers(const std::string &Rule) const {
  if (AllRules)
    return true;
  for (const std::string &P : Patterns)
    if (globMatch(P, Rule))
      return true;
  return false;
}

std::vector<SuppressionDirective> parseSuppressions(const std::string &File, const std::string &Text) {
  std::vector<SuppressionDirective> Out;
  unsigned Number = 0;
  for (size_t Start = 0; Start < Text.size();) {
    size_t End = Text.find('\n', Start);
    std::string Line = Text.substr(Start, End == std::string::npos ? std::string::npos : End - Start);
    parseLine(File, Line, ++Number, Out);
    if (End == std::string::npos)
      break;
    Start = End + 1;
  }
  // A BEGIN covers up to the END with the same rule list; the last BEGIN open is closed first.
  std::vector<size_t> Open;
  for (size_t I = 0; I < Out.size(); ++I) {
    if (Out[I].What == SuppressionDirective::Begin) {
      Out[I].LastLine = Number;
      Open.push_back(I);
    } else if (Out[I].What == SuppressionDirective::End) {
      for (size_t K = Open.size(); K-- > 0;) {
        SuppressionDirective &B = Out[Open[K]];
        if (B.AllRules == Out[I].AllRules && B.Patterns == Out[I].Patterns) {
          B.LastLine = Out[I].Where.Line;
          Open.erase(Open.begin() + static_cast<long>(K));
          Out[I].Used = true; // an END is judged through its BEGIN
          break;
        }
      }
    }
  }
  return Out;
}

std::vector<Finding> applySuppressions(std::vector<Finding> &Findings, SourceFiles &Sources,
                                       const std::vector<std::string> &Files,
                                       const std::set<std::string> &RulesRun, bool ReportUnused) {
  std::map<std::string, std::vector<SuppressionDirective>> ByFile;
  auto directivesOf = [&](const std::string &File) -> std::vector<SuppressionDirective> & {
    auto [It, Inserted] = ByFile.try_emplace(File);
    if (Inserted)
      It->second = parseSuppressions(File, Sources.text(File));
    return It->second;
  };
  for (Finding &F : Findings) {
    for (SuppressionDirective &D : directivesOf(F.Where.File)) {
      if (D.FirstLine <= F.Where.Line && F.Where.Line <= D.LastLine && D.covers(F.Rule)) {
        F.SuppressedBy = Suppression{D.Text, D.Where};
        D.Used = true;
        break;
      }
    }
  }
  std::vector<Finding> Unused;
  if (!ReportUnused)
    return Unused;
  for (const std::string &File : Files)
    directivesOf(File);
  for (auto &[File, Directives] : ByFile) {
    for (const SuppressionDirective &D : Directives) {
      bool NamesOurs = false;
      for (const std::string &P : D.Patterns)
        NamesOurs |= RulesRun.count(P) > 0;
      if (D.Used || !NamesOurs)
        continue;
      Finding F;
      F.Rule = UnusedSuppressionRule;
      F.Severity = Level::Warning;
      F.Message = "'" + D.Text + "' suppresses nothing; remove it";
      F.Where = D.Where;
      Unused.push_back(std::move(F));
    }
  }
  return Unused;
}

} // namespace corolint
