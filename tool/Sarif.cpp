// SARIF 2.1.0 for GitHub code scanning and editors (the VS Code SARIF Viewer). What GitHub's
// ingestion needs is checked by the SARIF Multitool with its GitHub rules in the test suite
// (tests/SarifValidationTest.cpp).
#include "Report.h"
#include "Files.h"
#include "SourceFiles.h"
#include "Suppressions.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <map>

using nlohmann::json;

namespace corolint {

namespace {

constexpr const char *SourceRootId = "%SRCROOT%";

// What GitHub shows next to a rule; rules not listed here get the defaults.
struct RuleMetadata {
  std::vector<std::string> Tags;
  std::string Precision;
};
RuleMetadata metadataOf(std::string_view RuleId) {
  static const std::map<std::string_view, RuleMetadata> Known = {
      {"blocking-call-in-coroutine", {{"coroutines", "performance", "reliability"}, "very-high"}},
      {UnusedSuppressionRule, {{"maintainability"}, "very-high"}},
  };
  auto It = Known.find(RuleId);
  return It != Known.end() ? It->second : RuleMetadata{{"coroutines", "performance"}, "high"};
}

// "blocking-call-in-coroutine" -> "BlockingCallInCoroutine": SARIF's rule name is an identifier.
std::string pascalCase(std::string_view Id) {
  std::string Name;
  bool Upper = true;
  for (char C : Id) {
    if (C == '-' || C == '_') {
      Upper = true;
      continue;
    }
    Name += Upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(C))) : C;
    Upper = false;
  }
  return Name;
}

// The paragraph under "## What it does": the rule's full description.
std::string whatItDoes(std::string_view Doc, const std::string &Fallback) {
  constexpr std::string_view Heading = "## What it does\n";
  size_t Start = Doc.find(Heading);
  if (Start == std::string_view::npos)
    return Fallback;
  std::string_view Text = Doc.substr(Start + Heading.size());
  Text = Text.substr(0, std::min(Text.find("\n\n"), Text.find("\n#")));
  std::string Paragraph(Text);
  for (char &C : Paragraph)
    if (C == '\n')
      C = ' ';
  return Paragraph.empty() ? Fallback : Paragraph;
}

std::string sentence(std::string Text) {
  if (!Text.empty() && Text.back() != '.' && Text.back() != '!' && Text.back() != '?')
    Text += '.';
  return Text;
}

// Findings read "blocking call to 'x' in coroutine 'y'; use 'z'": in SARIF the part before the
// first "; " becomes a sentence of its own, which GitHub shows alone in its lists.
std::string messageText(const std::string &Message) {
  size_t Split = Message.find("; ");
  std::string First = Message.substr(0, Split);
  if (!First.empty() && std::islower(static_cast<unsigned char>(First[0])))
    First[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(First[0])));
  if (Split == std::string::npos)
    return sentence(First);
  std::string Rest = Message.substr(Split + 2);
  if (!Rest.empty() && std::islower(static_cast<unsigned char>(Rest[0])))
    Rest[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(Rest[0])));
  return sentence(First) + " " + sentence(Rest);
}

class Writer {
public:
  Writer(const SarifContext &Context, SourceFiles &Files) : Context(Context), Files(Files) {
    Root = Context.SourceRoot;
    if (!Root.empty() && Root.back() != '/')
      Root += '/';
  }

  json artifactLocation(const std::string &File) const {
    if (!Root.empty() && File.compare(0, Root.size(), Root) == 0)
      return {{"uri", percentEncodePath(File.substr(Root.size()))}, {"uriBaseId", SourceRootId}};
    return {{"uri", fileUri(File)}};
  }

  // Columns in UTF-16 code units, SARIF's default columnKind; ours are bytes.
  json region(const SourceSpan &S) {
    json R = {{"startLine", S.Line}, {"startColumn", utf16Column(Files.line(S.File, S.Line), S.Column)}};
    unsigned EndLine = S.EndLine ? S.EndLine : S.Line;
    R["endLine"] = EndLine;
    R["endColumn"] = utf16Column(Files.line(S.File, EndLine), S.EndColumn ? S.EndColumn : S.Column);
    return R;
  }

  json physicalLocation(const SourceSpan &S) {
    return {{"artifactLocation", artifactLocation(S.File)}, {"region", region(S)}};
  }

  json rules() {
    json Rules = json::array();
    for (const RuleInfo *Info : Context.Rules)
      Rules.push_back(descriptor(Info->Id, Info->summary(), std::string(Info->Doc), Info->DefaultLevel));
    Rules.push_back(descriptor(UnusedSuppressionRule, unusedSuppressionSummary(), unusedSuppressionDoc(), Level::Warning));
    return Rules;
  }

  json result(const Finding &F, size_t Index) {
    json R = {{"ruleId", F.Rule},
              {"ruleIndex", ruleIndex(F.Rule)},
              {"level", levelName(F.Severity)},
              {"message", {{"text", messageText(F.Message)}}},
              {"locations", json::array({location(F)})}};
    json Fingerprints = json::object();
    const std::string &LineHash = Files.lineHash(F.Where.File, F.Where.Line);
    if (!LineHash.empty())
      Fingerprints["primaryLocationLineHash"] = LineHash;
    if (Index < Context.Fingerprints.size())
      Fingerprints["corolintFingerprint/v1"] = Context.Fingerprints[Index];
    R["partialFingerprints"] = Fingerprints;
    if (!F.Notes.empty()) {
      json Related = json::array(), Steps = json::array();
      for (size_t I = 0; I < F.Notes.size(); ++I) {
        const Note &N = F.Notes[I];
        Related.push_back({{"id", I + 1}, {"physicalLocation", physicalLocation(N.Where)}, {"message", {{"text", sentence(N.Message)}}}});
        Steps.push_back({{"location", {{"physicalLocation", physicalLocation(N.Where)}, {"message", {{"text", sentence(N.Message)}}}}},
                         {"nestingLevel", I}});
      }
      R["relatedLocations"] = Related;
      // A chain through helpers is a path through the code: editors step through it.
      if (F.Notes.size() > 1)
        R["codeFlows"] = json::array({{{"threadFlows", json::array({{{"locations", Steps}}})}}});
    }
    if (!F.Fixes.empty()) {
      json Fixes = json::array();
      for (const Fix &X : F.Fixes)
        Fixes.push_back(fix(X));
      R["fixes"] = Fixes;
    }
    if (F.SuppressedBy)
      R["suppressions"] = json::array({{{"kind", "inSource"},
                                        {"justification", "suppressed by // " + F.SuppressedBy->Directive},
                                        {"location", {{"physicalLocation", physicalLocation(F.SuppressedBy->Where)}}}}});
    if (Context.AgainstBaseline)
      R["baselineState"] = "new";
    if (!F.Properties.empty())
      R["properties"] = F.Properties;
    return R;
  }

  json invocation(const RunResult &Run) {
    json Notifications = json::array();
    for (const ParseFailure &P : Run.Failures) {
      json N = {{"level", "error"},
                {"descriptor", {{"id", "parse-failure"}}},
                {"message", {{"text", sentence("The translation unit was not analysed: " + P.Error)}}},
                {"locations", json::array({{{"physicalLocation", {{"artifactLocation", artifactLocation(P.File)}}}}})}};
      Notifications.push_back(std::move(N));
    }
    std::string CommandLine;
    for (const std::string &A : Context.Arguments)
      CommandLine += (CommandLine.empty() ? "" : " ") + A;
    json I = {{"executionSuccessful", Run.Failures.empty()}, {"toolExecutionNotifications", Notifications}};
    if (!Context.Arguments.empty()) {
      I["commandLine"] = CommandLine;
      I["arguments"] = Context.Arguments;
    }
    return I;
  }

  json originalUriBaseIds() const {
    if (Root.empty())
      return json::object();
    return {{SourceRootId, {{"uri", fileUri(Root)}, {"description", {{"text", "The source root: result paths are relative to it."}}}}}};
  }

private:
  const SarifContext &Context;
  SourceFiles &Files;
  std::string Root;
  std::map<std::string, size_t, std::less<>> RuleIndices;

  json descriptor(std::string_view Id, const std::string &Summary, const std::string &Doc, Level Default) {
    RuleIndices.emplace(std::string(Id), RuleIndices.size());
    RuleMetadata Meta = metadataOf(Id);
    std::string Short = sentence(Summary.empty() ? std::string(Id) : Summary);
    return {{"id", Id},
            {"name", pascalCase(Id)},
            {"shortDescription", {{"text", Short}}},
            {"fullDescription", {{"text", sentence(whatItDoes(Doc, Short))}}},
            {"help", {{"text", Doc.empty() ? Short : Doc}, {"markdown", Doc.empty() ? Short : Doc}}},
            {"defaultConfiguration", {{"level", levelName(Default)}}},
            {"properties", {{"tags", Meta.Tags}, {"precision", Meta.Precision}}}};
  }

  size_t ruleIndex(const std::string &Id) const {
    auto It = RuleIndices.find(Id);
    return It == RuleIndices.end() ? 0 : It->second;
  }

  json location(const Finding &F) {
    json L = {{"physicalLocation", physicalLocation(F.Where)}};
    if (!F.Function.empty())
      L["logicalLocations"] = json::array({{{"fullyQualifiedName", F.Function}, {"kind", "function"}}});
    return L;
  }

  json fix(const Fix &X) {
    std::map<std::string, json> ByFile; // one artifactChange per file, in file order
    for (const Replacement &R : X.Replacements)
      ByFile[R.Where.File].push_back({{"deletedRegion", region(R.Where)}, {"insertedContent", {{"text", R.Text}}}});
    json Changes = json::array();
    for (auto &[File, Replacements] : ByFile)
      Changes.push_back({{"artifactLocation", artifactLocation(File)}, {"replacements", Replacements}});
    return {{"description", {{"text", sentence(X.Description)}}}, {"artifactChanges", Changes}};
  }
};

} // namespace

void writeSarif(const RunResult &Run, const SarifContext &Context, SourceFiles &Files, llvm::raw_ostream &Out) {
  Writer W(Context, Files);
  json Driver = {{"name", "corolint"},
                 {"fullName", "corolint " COROLINT_VERSION},
                 {"version", COROLINT_VERSION},
                 {"semanticVersion", COROLINT_VERSION},
                 {"informationUri", COROLINT_HOMEPAGE},
                 {"rules", W.rules()}};
  json Results = json::array();
  for (size_t I = 0; I < Run.Findings.size(); ++I)
    Results.push_back(W.result(Run.Findings[I], I));
  json TheRun = {{"tool", {{"driver", Driver}}},
                 {"invocations", json::array({W.invocation(Run)})},
                 {"columnKind", "utf16CodeUnits"},
                 {"results", Results}};
  json BaseIds = W.originalUriBaseIds();
  if (!BaseIds.empty())
    TheRun["originalUriBaseIds"] = BaseIds;
  json Log = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"}, {"runs", json::array({TheRun})}};
  Out << dumpJson(Log, 2) << "\n";
}

} // namespace corolint
