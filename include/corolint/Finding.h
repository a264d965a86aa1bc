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

// One edit of a fix: the bytes [Offset, Offset + Length) of Where.File become Text. Where is the
// same range as lines and columns, for SARIF and for checking the file did not change meanwhile.
struct Replacement {
  SourceSpan Where;
  unsigned Offset = 0, Length = 0;
  std::string Original; // the text replaced, as the analysis saw it
  std::string Text;
};

// A fix a rule offers (applied by --fix, carried in SARIF "fixes").
struct Fix {
  std::string Description; // "replace the blocking sleep with 'co_await coroweb::sleep(...)'"
  std::vector<Replacement> Replacements;
};

// A comment that suppresses a finding (// NOLINT...), with where it is.
struct Suppression {
  std::string Directive; // as written, e.g. "NOLINTNEXTLINE(blocking-call-in-coroutine)"
  SourceSpan Where;
};

struct Finding {
  std::string Rule;
  Level Severity = Level::Warning;
  std::string Message;
  SourceSpan Where;
  std::string Function; // the coroutine (or function) the finding is in, as users read it
  std::string FunctionUsr; // its USR: how the link step attaches routes registered elsewhere
  std::vector<Note> Notes;
  // Rule-specific facts for machine consumers (for example "api", "family"); printed in JSON.
  std::map<std::string, std::string> Properties;
  std::vector<Fix> Fixes;                 // at most one today
  std::optional<Suppression> SuppressedBy; // set by the driver, never by rules

  // Findings are the same when a header included by several translation units yields them twice.
  auto identity() const { return std::tie(Where, Rule, Message); }
  bool operator<(const Finding &O) const { return identity() < O.identity(); }
};

} // namespace corolint
