// The interface every rule implements, and what a rule is given to do its work.
#pragma once

#include "corolint/Finding.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace clang {
class ASTContext;
class SourceLocation;
class FunctionDecl;
class SourceRange;
class Stmt;
} // namespace clang

namespace corolint {

class BlockingApiCatalog;
class Frameworks;
class Program;
struct Coroutine;

// An option a rule accepts (from the configuration file), as the rule declares it.
struct RuleOption {
  std::string Name;    // as written in the configuration, e.g. "Pedantic"
  std::string Type;    // "bool", "int" or "strings"
  std::string Default; // as JSON text, e.g. "false", "100000", "[]"
  std::string Doc;
};

// The option values a configuration gives one rule, already checked against its RuleOptions
// (names and types); a rule asks for them with its default.
class RuleOptions {
public:
  RuleOptions() = default;
  explicit RuleOptions(nlohmann::json Values) : Values(std::move(Values)) {}
  bool boolean(const std::string &Name, bool Default) const;
  long long integer(const std::string &Name, long long Default) const;
  std::vector<std::string> strings(const std::string &Name) const;
  const nlohmann::json &values() const { return Values; }

private:
  nlohmann::json Values = nlohmann::json::object();
};

// How a run configures one rule: its level and options.
struct RuleSettings {
  Level Severity = Level::Warning;
  RuleOptions Options;
};

// The file span of R wherever it is (system headers included), or nullopt outside any file.
std::optional<SourceSpan> fileSpan(const clang::ASTContext &Ast, clang::SourceRange R);

// Per translation unit and rule: the AST, the catalog, and where findings go.
class RuleContext {
public:
  RuleContext(clang::ASTContext &Ast, const BlockingApiCatalog &Catalog, std::string_view RuleId,
              const RuleSettings &Settings, std::vector<Finding> &Out)
      : Ast(Ast), Catalog(Catalog), RuleId(RuleId), Settings(Settings), Out(Out) {}

  clang::ASTContext &ast() const { return Ast; }
  const BlockingApiCatalog &catalog() const { return Catalog; }
  const RuleOptions &options() const { return Settings.Options; }
  // The framework models of this run (built-in and configured).
  const Frameworks &models() const;
  void setModels(const Frameworks *M) { Models = M; }

  // How a message names the place of Loc for a reader of the finding at Reference: "line 12"
  // in the same file, "file.h:12" in another (macro expansions count where they are used).
  std::string placeText(clang::SourceLocation Loc, clang::SourceLocation Reference) const;

  // The file span of R (macro expansions resolved to where they are used), or nullopt when it
  // lies outside the project's own files (system headers, built-ins, the command line).
  std::optional<SourceSpan> projectSpan(clang::SourceRange R) const;

  // The function being checked: findings reported meanwhile are attributed to it (its USR).
  void setFunctionUsr(std::string Usr) { FunctionUsr = std::move(Usr); }

  // Records a finding at R unless R is outside the project's own files; TheFix, if any, is the
  // edit that --fix applies (see corolint/Finding.h).
  void report(clang::SourceRange R, std::string Message, std::string Function,
              std::map<std::string, std::string> Properties = {}, std::vector<Note> Notes = {},
              std::optional<Fix> TheFix = std::nullopt);

private:
  clang::ASTContext &Ast;
  const BlockingApiCatalog &Catalog;
  std::string_view RuleId;
  const RuleSettings &Settings;
  std::vector<Finding> &Out;
  std::string FunctionUsr;
  const Frameworks *Models = nullptr;
};

// After all translation units: the linked program, and where findings go.
class ProgramContext {
public:
  ProgramContext(std::string_view RuleId, const RuleSettings &Settings, std::vector<Finding> &Out,
                 const Frameworks *Models = nullptr)
      : RuleId(RuleId), Settings(Settings), Out(Out), Models(Models) {}

  const RuleOptions &options() const { return Settings.Options; }
  // The framework models of this run (built-in and configured).
  const Frameworks &models() const;

  // FunctionUsr: the USR of the function the finding is in (FunctionSummary::Usr).
  void report(SourceSpan Where, std::string Message, std::string Function, std::string FunctionUsr,
              std::map<std::string, std::string> Properties = {}, std::vector<Note> Notes = {});

private:
  std::string_view RuleId;
  const RuleSettings &Settings;
  std::vector<Finding> &Out;
  const Frameworks *Models;
};

class Rule {
public:
  virtual ~Rule() = default;
  // Called once for every coroutine defined in the project's own files (functions, member
  // functions, lambdas, template instantiations), while its translation unit is parsed.
  virtual void checkCoroutine(const Coroutine &, RuleContext &) {}
  // Called once for every function with a body in the project's own files, coroutine or not
  // (Body: inside the CoroutineBodyStmt for a coroutine).
  virtual void checkFunction(const clang::FunctionDecl &, const clang::Stmt &Body, RuleContext &) {}
  // Called once per run with the program linked from every translation unit's summaries, for
  // findings that cross functions and files.
  virtual void checkProgram(const Program &, ProgramContext &) {}
  // The options the rule accepts; the configuration may set no others.
  virtual std::vector<RuleOption> options() const { return {}; }
  // True when the rule's findings in a coroutine matter only while it runs on the event loop:
  // the link step drops them for coroutines that run only on a worker pool.
  virtual bool onlyOnTheLoop() const { return false; }
};

// A rule as listed in rules/Rules.def, with its documentation (its README.md).
struct RuleInfo {
  std::string_view Id;
  Level DefaultLevel;
  std::string_view Doc;
  std::unique_ptr<Rule> (*Create)();

  // The first sentence under the README's "What it does" heading.
  std::string summary() const;
};

const std::vector<RuleInfo> &allRules();
const RuleInfo *findRule(std::string_view Id);

} // namespace corolint
