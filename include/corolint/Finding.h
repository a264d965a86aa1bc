// A finding: what a rule reports, independent of how it is printed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace corolint {

enum class Level { Note, Warning, Error };

const char *levelName(Level L);
std::optional<Level> parseLevel(const std::string &Name);

// A place in a source file; columns are 1-based bytes, End* is one past the last character.
struct SourceSpan {
  std::string File; // absolute, normalised path
  unsigned Line = 0, Column = 0, EndLine = 0, EndColumn = 0;

  auto key() const { return std::tie(File, Line, Column, EndLine, EndColumn); }
  bool operator<(const SourceSpan &O) const { return key() < O.key(); }
  bool operator==(const SourceSpan &O) const { return key() == O.key(); }
};

// A secondary location that explains the finding (a step of a call chain, a suspension point).
struct Note {
  std::string Message;
  SourceSpan Where;
};

struct Finding {
  std::string Rule;
  Level Severity = Level::Warning;
  std::string Message;
  SourceSpan Where;
  std::string Function; // the coroutine (or function) the finding is in, as users read it
  std::vector<Note> Notes;
  // Rule-specific facts for machine consumers (for example "api", "family"); printed in JSON.
  std::map<std::string, std::string> Properties;

  // Findings are the same when a header included by several translation units yields them twice.
  auto identity() const { return std::tie(Where, Rule, Message); }
  bool operator<(const Finding &O) const { return identity() < O.identity(); }
};

} // namespace corolint
