// Suppression comments in clang-tidy's syntax: // NOLINT, // NOLINT(rule-id,...),
// // NOLINTNEXTLINE(rule-id,...), and // NOLINTBEGIN(rule-id,...) ... // NOLINTEND(rule-id,...).
// Rule lists accept '*' globs; without a list a comment suppresses every rule.
#pragma once

#include "corolint/Finding.h"

#include <set>
#include <string>
#include <vector>

namespace corolint {

class SourceFiles;

// The pseudo-rule that reports suppression comments that suppress nothing.
inline constexpr const char *UnusedSuppressionRule = "unused-suppression";
std::string unusedSuppressionSummary();
std::string unusedSuppressionDoc();

struct SuppressionDirective {
  enum Kind { SameLine, NextLine, Begin, End } What = SameLine;
  bool AllRules = true;              // no rule list
  std::vector<std::string> Patterns; // the rule list, as written (globs allowed)
  std::string Text;                  // "NOLINTNEXTLINE(blocking-call-in-coroutine)"
  SourceSpan Where;
  unsigned FirstLine = 0, LastLine = 0; // the lines it covers
  bool Used = false;

  bool covers(const std::string &Rule) const;
};

// Every directive of a file, BEGIN/END pairs resolved into the lines they cover (a BEGIN
// without its END covers the rest of the file).
std::vector<SuppressionDirective> parseSuppressions(const std::string &File, const std::string &Text);

// Marks each finding a directive covers (Finding::SuppressedBy). With ReportUnused, returns a
// finding of UnusedSuppressionRule for each directive in Files (and in the findings' files)
// that names one of RulesRun explicitly and suppressed nothing.
std::vector<Finding> applySuppressions(std::vector<Finding> &Findings, SourceFiles &Sources,
                                       const std::vector<std::string> &Files,
                                       const std::set<std::string> &RulesRun, bool ReportUnused);

} // namespace corolint
